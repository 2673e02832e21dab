package io.feedscope.dissect.bench;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import com.paritytrading.juncture.nasdaq.itch50.ITCH50Parser;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.capture.IndexMonitor;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.ProtocolSet;

/**
 * The day-file benchmarks' common set-up ({@link DayFileComparisonBench}, {@link CpuTimeComparison} {@code dayfile}):
 * one NASDAQ BinaryFILE day file (2-byte big-endian length + message, repeated; no packets) read by both sides,
 * and their loops over it.
 * <ul>
 * <li>juncture: the file mapped, its records walked as nassau's BinaryFILE reader walks them (the length, then
 * {@link ITCH50Parser#message(ByteBuffer)} on a view of the record), every field of every message parsed, the
 * listener reading one field of each ({@link JunctureComparisonBench}'s sink);</li>
 * <li>FeedScope: its product path for day files: the capture bundle opens the file ({@link Captures#open}, the
 * protocol set's record clock timing each record), each record a frame of link type FEEDSCOPE_BINARY_FILE that the
 * dissector decodes as one ITCH 5.0 message; every field of every message read with the bulk path
 * ({@code readFields}), one value of each read by the consumer, as the frame benchmark's bulk one-read figure
 * does. Two ways through the same capture: frame by frame ({@link FeedDissector#dissect(CaptureFile, int)}, what
 * every reader did before the day-file fast path) and in runs of records ({@link FeedDissector#dissectFrames}).</li>
 * </ul>
 * The file: {@code mix} (default) is {@link ItchDecodeBench}'s message mix without 'O' (juncture 1.0.0 does not know
 * it), bodies drawn as {@link ItchWorkload} draws them, {@link #MIX_MESSAGES} records, written once into
 * {@code bench.data} (system property; default {@code target/bench-data}); any other value is the path of a day file
 * (plain or .gz: the one {@code feedscope generate --format binaryfile} writes, or a real one), of which a plain copy
 * without the records juncture cannot parse is used when it has any (both sides read the copy).
 */
final class DayFileWorkload implements Closeable {

	/** records of the {@code mix} file: the 2 M-message day file */
	static final int MIX_MESSAGES = 2_000_000;
	/** the ITCH 5.0 types juncture-nasdaq 1.0.0 parses (all but 'O') */
	private static final String JUNCTURE_TYPES = "SRHYLVWKJhAFECXDUPQBIN";

	final Path fPath;
	final CaptureFile fCapture;
	final FeedDissector fDissector;
	final ProtocolSet fSet;
	/** the file's bytes, mapped: what juncture and the floor walk */
	final ByteBuffer fBytes;
	final int fMessages;
	private final JunctureComparisonBench.Sink fSink = new JunctureComparisonBench.Sink();
	private final ITCH50Parser fJuncture = new ITCH50Parser(fSink);
	private final long[] fValues = new long[32];

	/**
	 * @param spec {@code mix} or a day file's path
	 * @throws IllegalStateException when the two sides do not see the same messages, or the capture has problems
	 *         or expert items
	 */
	DayFileWorkload(String spec) throws IOException {
		fSet = ProtocolSet.builder().add(ItchWorkload.compile("/protocols/moldudp64.fsp")).add(ItchWorkload.compile("/protocols/itch50.fsp"))
				.build();
		fPath = file(spec);
		fCapture = Captures.open(fPath, IndexMonitor.NONE, fSet.recordClock());
		fDissector = new FeedDissector(fSet);
		try (FileChannel ch = FileChannel.open(fPath, StandardOpenOption.READ)) {
			fBytes = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
		}
		fMessages = fCapture.frameCount();
		// sanity: both sides see every record, the day file is sound
		if (!fCapture.problems().isEmpty()) {
			throw new IllegalStateException(fCapture.problems().toString());
		}
		for (int f = 1; f <= fMessages; f++) {
			FeedPacket p = fDissector.dissect(fCapture, f);
			if (!p.expertItems().isEmpty() || p.messageCount() != 1) {
				throw new IllegalStateException("frame " + f + ": " + p);
			}
		}
		fSink.fMessages = 0;
		juncture();
		if (fSink.fMessages != fMessages || records() != frames()) {
			throw new IllegalStateException("juncture " + fSink.fMessages + " of " + fMessages + " messages, or the two FeedScope ways differ");
		}
	}

	/** @return the day file to read for the spec, written or copied into the bench data folder when needed */
	static Path file(String spec) throws IOException {
		Path dir = Path.of(System.getProperty("bench.data", "target/bench-data"));
		Files.createDirectories(dir);
		if (spec.equals("mix")) {
			Path p = dir.resolve("mix-" + MIX_MESSAGES + ".NASDAQ_ITCH50");
			if (!Files.isRegularFile(p)) {
				writeMix(p);
			}
			return p;
		}
		Path in = Path.of(spec);
		boolean gz = in.getFileName().toString().endsWith(".gz");
		byte[] all;
		try (InputStream s = gz ? new GZIPInputStream(Files.newInputStream(in), 1 << 16) : Files.newInputStream(in)) {
			all = s.readAllBytes();
		}
		ByteBuffer out = ByteBuffer.allocate(all.length);
		int dropped = 0;
		for (int pos = 0; pos + 2 <= all.length;) {
			int len = (all[pos] & 0xff) << 8 | all[pos + 1] & 0xff;
			if (len == 0 || pos + 2 + len > all.length) {
				break; // where the capture stops reading too
			}
			if (JUNCTURE_TYPES.indexOf(all[pos + 2]) >= 0) {
				out.put(all, pos, 2 + len);
			} else {
				dropped++;
			}
			pos += 2 + len;
		}
		if (dropped == 0 && !gz) {
			return in;
		}
		String name = in.getFileName().toString().replaceFirst("(?i)\\.gz$", "");
		Path copy = dir.resolve("juncture-types-" + name);
		Path tmp = dir.resolve(copy.getFileName() + ".tmp");
		Files.write(tmp, java.util.Arrays.copyOf(out.array(), out.position()));
		Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING);
		System.err.println(spec + ": " + dropped + " records of types juncture 1.0.0 cannot parse left out: reading " + copy);
		return copy;
	}

	/** {@link ItchDecodeBench#MIX} without 'O', {@link #MIX_MESSAGES} records, seeded: the frame benchmark's messages as a day. */
	private static void writeMix(Path p) throws IOException {
		char[] mix = new String(ItchDecodeBench.MIX).replace("O", "").toCharArray();
		Random r = new Random(5);
		Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
		byte[] rec = new byte[2 + 64];
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
			for (int i = 0; i < MIX_MESSAGES; i++) {
				char type = mix[r.nextInt(mix.length)];
				int len = ItchWorkload.LENGTH[type];
				rec[0] = (byte) (len >>> 8);
				rec[1] = (byte) len;
				for (int b = 0; b < len; b++) {
					rec[2 + b] = (byte) (' ' + r.nextInt(90));
				}
				rec[2] = (byte) type;
				out.write(rec, 0, 2 + len);
			}
		}
		Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
	}

	/** juncture: the records walked, every message parsed with every field. */
	long juncture() throws IOException {
		ByteBuffer b = fBytes;
		ITCH50Parser parser = fJuncture;
		int end = b.capacity();
		int pos = 0;
		while (pos < end) {
			int len = b.getShort(pos) & 0xffff;
			b.limit(pos + 2 + len).position(pos + 2);
			parser.message(b);
			b.limit(end);
			pos += 2 + len;
		}
		return fSink.fAcc;
	}

	/** The floor of any reader: the records walked, each one's type byte read, nothing decoded. */
	long handWalk() {
		ByteBuffer b = fBytes;
		int end = b.capacity();
		long acc = 0;
		for (int pos = 0; pos < end;) {
			int len = b.getShort(pos) & 0xffff;
			acc += b.get(pos + 2) + len;
			pos += 2 + len;
		}
		return acc;
	}

	/** FeedScope frame by frame: each record dissected as a frame of its own, every field read in bulk. */
	long frames() {
		return frames(fCapture, fDissector);
	}

	/** FeedScope in runs of records ({@link FeedDissector#dissectFrames}), every field read in bulk. */
	long records() {
		return records(fCapture, fDissector);
	}

	/** Where frame by frame's time goes, 1: each frame's bytes fetched (index look-ups, a buffer), nothing dissected. */
	long frameDataOnly() {
		CaptureFile c = fCapture;
		long acc = 0;
		int n = c.frameCount();
		for (int f = 1; f <= n; f++) {
			acc += c.frameData(f).get(0) + c.linkType(f);
		}
		return acc;
	}

	/** 2: each frame dissected and its message stepped onto (its type read), no field decoded. */
	long framesCursorOnly() {
		CaptureFile c = fCapture;
		FeedDissector d = fDissector;
		long acc = 0;
		int n = c.frameCount();
		for (int f = 1; f <= n; f++) {
			FeedMessage m = d.dissect(c, f).messages();
			while (m.next()) {
				acc += m.type();
			}
		}
		return acc;
	}

	/** The same in runs: the runs read and typed, each message stepped onto, no field decoded. */
	long recordsCursorOnly() {
		CaptureFile c = fCapture;
		FeedDissector d = fDissector;
		long acc = 0;
		int n = c.frameCount();
		for (int f = 1; f <= n;) {
			FeedPacket p = d.dissectFrames(c, f);
			FeedMessage m = p.messages();
			while (m.next()) {
				acc += m.type();
			}
			f += p.frameSpan();
		}
		return acc;
	}

	/** the decoder alone on the file's messages, found beforehand (made on first use: it keeps 2 arrays of ints per message) */
	private io.feedscope.dissect.DecodeParts fParts;

	/** Where the runs' time goes: the protocol's decoder alone on every message, no walk, no run, no cursor. */
	long decodeOnly() {
		if (fParts == null) {
			fParts = new io.feedscope.dissect.DecodeParts(new FeedDissector(fSet), fCapture);
		}
		return fParts.decodeOnly(fValues);
	}

	/** The whole of what a reader of the file pays: open (index, record clock), then {@link #records()}. */
	long openAndRecords() throws IOException {
		try (CaptureFile c = Captures.open(fPath, IndexMonitor.NONE, fSet.recordClock())) {
			return records(c, fDissector);
		}
	}

	/** Opening alone: the frame index and each record's time. */
	long openOnly() throws IOException {
		try (CaptureFile c = Captures.open(fPath, IndexMonitor.NONE, fSet.recordClock())) {
			return c.frameCount();
		}
	}

	private long frames(CaptureFile c, FeedDissector d) {
		long[] values = fValues;
		long acc = 0;
		int n = c.frameCount();
		for (int f = 1; f <= n; f++) {
			FeedPacket p = d.dissect(c, f);
			FeedMessage m = p.messages();
			while (m.next()) {
				int k = m.readFields(values);
				acc += values[k - 1];
			}
		}
		return acc;
	}

	private long records(CaptureFile c, FeedDissector d) {
		long[] values = fValues;
		long acc = 0;
		int n = c.frameCount();
		for (int f = 1; f <= n;) {
			FeedPacket p = d.dissectFrames(c, f);
			FeedMessage m = p.messages();
			while (m.next()) {
				int k = m.readFields(values);
				acc += values[k - 1];
			}
			f += p.frameSpan();
		}
		return acc;
	}

	@Override
	public void close() throws IOException {
		fCapture.close();
	}
}
