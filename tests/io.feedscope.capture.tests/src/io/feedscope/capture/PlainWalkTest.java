package io.feedscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The array walks of {@link FrameChunks} (the chunk's bytes copied, the records read from the copy by the parser's
 * {@code nextPlain}, what it stops at read by its {@code next()}) against the single streaming reader, which reads
 * every record with {@code next()}: on seeded pcapng files of several sections in both byte orders, several
 * interfaces per section with their own link types, resolutions (decimal and binary), offsets and snaplens, Enhanced
 * Packet Blocks with and without options (flags, comments, a damaged option), Simple and Obsolete Packet Blocks,
 * blocks to skip (name resolution, statistics, custom), and damage in the middle of a chunk (a bad block length, a
 * trailing length that differs, an undefined interface, a captured length beyond its block, a cut); on seeded pcap
 * files in both byte orders and resolutions, damaged too; and on the same files gzip-compressed, read through their
 * index and loaded into the chunks' arrays. Same frames, numbers, times, interfaces, link types, lengths, bytes (from
 * the chunk's array) and problems (message, offset, frame), and most frames walked from the copy, not by
 * {@code next()}.
 */
public class PlainWalkTest {

	@TempDir
	Path dir;

	private static String line(int frame, long time, boolean hasTime, int capLen, int origLen, int link, int iface,
			String data) {
		return "frame " + frame + " time " + time + (hasTime ? "" : " (none)") + " caplen " + capLen + " len " + origLen
				+ " link " + link + " if " + iface + " data " + data;
	}

	private static List<String> streamed(Path file) throws IOException {
		List<String> out = new ArrayList<>();
		try (StreamedCapture s = Captures.stream(file)) {
			while (s.next()) {
				ByteBuffer d = s.data();
				byte[] b = new byte[d.remaining()];
				d.duplicate().get(b);
				out.add(line(s.frame(), s.timestampNanos(), s.hasTimestamp(), s.capturedLength(), s.originalLength(),
						s.linkType(), s.interfaceId(), HexFormat.of().formatHex(b)));
			}
			for (CaptureProblem p : s.problems()) {
				out.add("problem " + p);
			}
		}
		return out;
	}

	/** The chunks' frames, their bytes from each chunk's array (it must be loaded). */
	private static List<String> chunked(FrameChunks chunks, int chunkFrames, String what) {
		List<String> out = new ArrayList<>();
		FrameChunks.Reader r = chunks.reader();
		FrameChunk c = new FrameChunk(chunkFrames);
		while (chunks.next(c)) {
			assertTrue(r.load(c), what + ": chunk from frame " + c.frame(0) + " loaded into its array");
			for (int i = 0; i < c.size(); i++) {
				out.add(line(c.frame(i), c.timestampNanos(i), c.hasTimestamp(i), c.capturedLength(i), c.originalLength(i),
						c.linkType(i), c.interfaceId(i),
						HexFormat.of().formatHex(c.bytes(), c.byteOffset(i), c.byteOffset(i) + c.capturedLength(i))));
			}
		}
		for (CaptureProblem p : chunks.problems()) {
			out.add("problem " + p);
		}
		return out;
	}

	/** A seeded capture and what the test expects of its walk. */
	private record Built(byte[] bytes, int frames, int unusual, String what) {
	}

	private static final int SHB = 0x0a0d0d0a;

	/** pcapng block writer, each section in its byte order. */
	private static final class Ng {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteOrder order = ByteOrder.LITTLE_ENDIAN;
		final List<Integer> epbs = new ArrayList<>();

		void block(int type, byte[] body, byte[] options) {
			int total = 12 + body.length + pad(body.length) + options.length;
			ByteBuffer b = ByteBuffer.allocate(total).order(order);
			b.putInt(type).putInt(total).put(body).put(new byte[pad(body.length)]).put(options).putInt(total);
			if (type == 6) {
				epbs.add(out.size());
			}
			out.writeBytes(b.array());
		}

		byte[] option(int code, byte[] value) {
			ByteBuffer b = ByteBuffer.allocate(4 + value.length + pad(value.length)).order(order);
			b.putShort((short) code).putShort((short) value.length).put(value);
			return b.array();
		}

		static int pad(int n) {
			return (4 - (n & 3)) & 3;
		}
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream b = new ByteArrayOutputStream();
		for (byte[] p : parts) {
			b.writeBytes(p);
		}
		return b.toByteArray();
	}

	private static byte[] frameBytes(Random r, int n) {
		byte[] f = new byte[n];
		r.nextBytes(f);
		return f;
	}

	/** A pcapng of several sections and interfaces, then (damage != 0) one kind of damage at a block in the middle. */
	private static Built pcapng(long seed, int damage) {
		Random r = new Random(seed);
		Ng ng = new Ng();
		int frames = 0;
		int unusual = 0;
		int sections = 1 + r.nextInt(3);
		for (int s = 0; s < sections; s++) {
			ng.order = r.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
			ByteBuffer shb = ByteBuffer.allocate(16).order(ng.order);
			shb.putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1);
			ng.block(SHB, shb.array(), r.nextBoolean() ? new byte[0]
					: concat(ng.option(4, "test writer".getBytes(StandardCharsets.UTF_8)), new byte[4]));
			int ifaces = 1 + r.nextInt(3);
			int[] snaplen = new int[ifaces];
			for (int i = 0; i < ifaces; i++) {
				ByteBuffer idb = ByteBuffer.allocate(8).order(ng.order);
				snaplen[i] = r.nextInt(4) == 0 ? 60 + r.nextInt(100) : 0;
				idb.putShort((short) (r.nextInt(4) == 0 ? 113 : 1)).putShort((short) 0).putInt(snaplen[i]);
				ByteArrayOutputStream opts = new ByteArrayOutputStream();
				int res = r.nextInt(4);
				if (res > 0) {
					// microseconds (the default), nanoseconds, 2^-20 s
					opts.writeBytes(ng.option(9, new byte[] { (byte) (res == 1 ? 6 : res == 2 ? 9 : 0x94) }));
				}
				if (r.nextInt(3) == 0) {
					opts.writeBytes(ng.option(14, ByteBuffer.allocate(8).order(ng.order).putLong(r.nextInt(1000) - 500).array()));
				}
				ng.block(1, idb.array(), opts.size() == 0 ? new byte[0] : concat(opts.toByteArray(), new byte[4]));
			}
			int blocks = 200 + r.nextInt(1500);
			for (int k = 0; k < blocks; k++) {
				int kind = r.nextInt(100);
				byte[] data = frameBytes(r, 14 + r.nextInt(180));
				if (kind < 80) {
					int iface = r.nextInt(ifaces);
					long ticks = 1_700_000_000_000_000L + r.nextInt(1 << 30) * 1000L + r.nextInt(1000);
					int orig = r.nextInt(10) == 0 ? data.length + r.nextInt(100) : data.length;
					ByteBuffer b = ByteBuffer.allocate(20 + data.length).order(ng.order);
					b.putInt(iface).putInt((int) (ticks >>> 32)).putInt((int) ticks).putInt(data.length).putInt(orig).put(data);
					byte[] opts = new byte[0];
					int o = r.nextInt(20);
					if (o == 0) {
						opts = concat(ng.option(1, ("comment " + k).getBytes(StandardCharsets.UTF_8)), new byte[4]);
						unusual++;
					} else if (o <= 3) {
						// epb_flags (inbound), then the end: nothing a frame keeps
						opts = concat(ng.option(2, ByteBuffer.allocate(4).order(ng.order).putInt(1).array()),
								o == 1 ? new byte[0] : new byte[4]);
					} else if (o == 4) {
						// an option that runs past its block: next() reports it, the frame stays
						opts = ByteBuffer.allocate(4).order(ng.order).putShort((short) 2).putShort((short) 200).array();
						unusual++;
					}
					ng.block(6, b.array(), opts);
					frames++;
				} else if (kind < 86) {
					ByteBuffer b = ByteBuffer.allocate(4 + data.length).order(ng.order);
					int orig = data.length;
					b.putInt(orig).put(data);
					ng.block(3, b.array(), new byte[0]);
					frames++; // beyond the first interface's snaplen: cut to it, without a word
				} else if (kind < 89) {
					ByteBuffer b = ByteBuffer.allocate(20 + data.length).order(ng.order);
					b.putShort((short) r.nextInt(ifaces)).putShort((short) 0).putInt(0).putInt(r.nextInt()).putInt(data.length)
							.putInt(data.length).put(data);
					ng.block(2, b.array(), new byte[0]);
					frames++;
					unusual++;
				} else if (kind < 96) {
					// name resolution, interface statistics, custom: skipped
					int type = kind < 92 ? 4 : kind < 94 ? 5 : 0x00000bad;
					ng.block(type, frameBytes(r, r.nextInt(40)), new byte[0]);
				} else if (kind < 98 && ifaces < 6) {
					// an interface defined in the middle of the section
					ByteBuffer idb = ByteBuffer.allocate(8).order(ng.order);
					idb.putShort((short) 1).putShort((short) 0).putInt(0);
					ng.block(1, idb.array(), concat(ng.option(9, new byte[] { 9 }), new byte[4]));
					snaplen = java.util.Arrays.copyOf(snaplen, ifaces + 1);
					ifaces++;
					unusual++; // the frame after it is read by next()
				}
			}
		}
		byte[] b = ng.out.toByteArray();
		String what = "pcapng seed " + seed;
		if (damage != 0 && ng.epbs.size() > 10) {
			int at = ng.epbs.get(ng.epbs.size() / 2 + r.nextInt(ng.epbs.size() / 3));
			ByteOrder o = orderAt(b, at);
			ByteBuffer w = ByteBuffer.wrap(b).order(o);
			int len = w.getInt(at + 4);
			switch (damage) {
			case 1 -> w.putInt(at + 4, len + 4); // bad block length: reading stops
			case 2 -> w.putInt(at + 4, 10); // impossible block length
			case 3 -> w.putInt(at + len - 4, len + 8); // trailing length differs
			case 4 -> w.putInt(at + 8, 77); // undefined interface: block skipped
			case 5 -> w.putInt(at + 20, len); // captured length beyond the block: skipped
			default -> b = java.util.Arrays.copyOf(b, at + 1 + r.nextInt(len - 1)); // cut inside the block
			}
			what += " damage " + damage + " at " + at;
		}
		return new Built(b, frames, unusual + sections, what);
	}

	/** @return the byte order of the section the block at {@code at} is in */
	private static ByteOrder orderAt(byte[] b, int at) {
		ByteOrder o = ByteOrder.LITTLE_ENDIAN;
		int p = 0;
		while (p < at) {
			ByteBuffer w = ByteBuffer.wrap(b).order(o);
			if (w.getInt(p) == SHB) {
				o = w.order(ByteOrder.BIG_ENDIAN).getInt(p + 8) == 0x1a2b3c4d ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
				w.order(o);
			}
			p += w.getInt(p + 4);
		}
		return o;
	}

	/** A pcap in either byte order and resolution, damaged in the middle (damage != 0). */
	private static Built pcap(long seed, int damage) {
		Random r = new Random(seed);
		ByteOrder o = r.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
		boolean nanos = r.nextBoolean();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(ByteBuffer.allocate(24).order(o).putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2)
				.putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1).array());
		int frames = 2000 + r.nextInt(5000);
		List<Integer> at = new ArrayList<>();
		for (int i = 0; i < frames; i++) {
			byte[] d = frameBytes(r, 14 + r.nextInt(180));
			at.add(out.size());
			out.writeBytes(ByteBuffer.allocate(16).order(o).putInt(1_700_000_000 + i).putInt(r.nextInt(nanos ? 1_000_000_000 : 1_000_000))
					.putInt(d.length).putInt(r.nextInt(8) == 0 ? d.length / 2 : d.length).array());
			out.writeBytes(d);
		}
		byte[] b = out.toByteArray();
		String what = "pcap seed " + seed;
		if (damage != 0) {
			int p = at.get(frames / 2 + r.nextInt(frames / 3));
			if (damage % 2 == 1) {
				ByteBuffer.wrap(b).order(o).putInt(p + 8, 300_000); // implausible record length
			} else {
				b = java.util.Arrays.copyOf(b, p + 1 + r.nextInt(20)); // cut inside a record
			}
			what += " damage " + damage + " at " + p;
		}
		return new Built(b, frames, 1, what);
	}

	private int check(Built c, boolean gzip) throws Exception {
		Path file = Files.write(dir.resolve("walk.cap"), c.bytes());
		List<String> oracle = streamed(file);
		String expected = String.join("\n", oracle);
		int frames = (int) oracle.stream().filter(l -> l.startsWith("frame ")).count();
		// the chunk's bytes copied by positional reads of the file (the default) and through the mapping
		boolean read = FrameChunks.READ;
		try {
			for (boolean byRead : new boolean[] { true, false }) {
				FrameChunks.READ = byRead;
				String how = byRead ? ", copied by reads" : ", copied from the mapping";
				for (int chunk : new int[] { 4096, 37 }) {
					try (FrameChunks chunks = FrameChunks.open(file)) {
						assertEquals(expected, String.join("\n", chunked(chunks, chunk, c.what())), c.what() + ", chunks of " + chunk + how);
						long plain = FrameChunks.plainFrames(chunks);
						// the frames next() reads: the unusual ones, the first after a section's or an interface's block, and
						// those at the damage
						int allowed = c.unusual() + 4;
						assertTrue(plain >= frames - allowed, c.what() + ", chunks of " + chunk + how + ": " + plain + " of "
								+ frames + " frames walked from the chunk's copy (at most " + allowed + " by next())");
					}
				}
			}
		} finally {
			FrameChunks.READ = read;
		}
		if (gzip) {
			Path gz = dir.resolve("walk.cap.gz");
			try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
				out.write(c.bytes());
			}
			List<String> frameLines = new ArrayList<>(oracle);
			frameLines.removeIf(l -> l.startsWith("problem ")); // an index keeps its problems itself
			try (CaptureFile cf = Captures.open(gz); FrameChunks chunks = FrameChunks.of(cf)) {
				assertEquals(String.join("\n", frameLines), String.join("\n", chunked(chunks, 37, c.what() + " gzip")),
						c.what() + " gzip");
			}
		}
		return frames;
	}

	@Test
	public void pcapngChunksWalkedFromTheirCopyReadAsNextReadsThem() throws Exception {
		int frames = 0;
		for (long seed = 1; seed <= 40; seed++) {
			frames += check(pcapng(seed, (int) (seed % 7)), seed % 5 == 0);
		}
		assertTrue(frames > 20_000, "frames compared: " + frames);
	}

	/**
	 * A file cut short while its chunks are walked (another program rewriting it) ends the walk with a problem, the
	 * frames before it read as they were: the reads the chunks' bytes are copied by find the end (through a mapping
	 * the same touch would kill the process).
	 */
	@Test
	public void aFileCutWhileWalkedEndsWithAProblem() throws Exception {
		Built c = pcap(3, 0);
		Path file = Files.write(dir.resolve("cut-while-walked.pcap"), c.bytes());
		List<String> before = streamed(file);
		try (FrameChunks chunks = FrameChunks.open(file)) {
			FrameChunks.Reader r = chunks.reader();
			FrameChunk chunk = new FrameChunk(37);
			assertTrue(chunks.next(chunk) && r.load(chunk), "the first chunk, before the cut");
			int read = chunk.size();
			try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
				ch.truncate(c.bytes().length / 2);
			}
			while (chunks.next(chunk)) {
				assertTrue(r.load(chunk));
				for (int i = 0; i < chunk.size(); i++) {
					assertEquals(before.get(read), line(chunk.frame(i), chunk.timestampNanos(i), chunk.hasTimestamp(i),
							chunk.capturedLength(i), chunk.originalLength(i), chunk.linkType(i), chunk.interfaceId(i),
							HexFormat.of().formatHex(chunk.bytes(), chunk.byteOffset(i), chunk.byteOffset(i) + chunk.capturedLength(i))));
					read++;
				}
			}
			assertTrue(read < c.frames(), read + " of " + c.frames() + " frames read");
			assertEquals(1, chunks.problems().size(), chunks.problems().toString());
			String problem = chunks.problems().get(0).toString();
			assertTrue(problem.contains("read error") && problem.contains("ends at byte") && problem.contains("reading stops here"),
					problem);
		}
	}

	/**
	 * The walk's count of the bytes it copied ({@link FrameChunks#copiedBytes()}, in -Dfeedscope.timing's split of the
	 * walk): every record of an undamaged pcap once, and what each chunk read past its last record (the next chunk's
	 * start, read again by it) within the margin the walk's size guess adds: 8 bytes per frame and 4 KB per chunk.
	 */
	@Test
	public void theBytesAWalkCopiedAreTheRecordsAndItsMargin() throws Exception {
		Built c = pcap(5, 0);
		Path file = Files.write(dir.resolve("copied.pcap"), c.bytes());
		long records = c.bytes().length - 24; // after the file header
		for (int chunk : new int[] { 4096, 37 }) {
			try (FrameChunks chunks = FrameChunks.open(file)) {
				FrameChunk fc = new FrameChunk(chunk);
				int frames = 0;
				int n = 0;
				while (chunks.next(fc)) {
					frames += fc.size();
					n++;
				}
				assertEquals(c.frames(), frames);
				long copied = chunks.copiedBytes();
				assertTrue(copied >= records && copied <= records + n * (8L * chunk + 4096 + 65536), "chunks of " + chunk
						+ ": " + copied + " bytes copied for " + records + " bytes of records in " + n + " chunks");
			}
		}
	}

	@Test
	public void pcapChunksWalkedFromTheirCopyReadAsNextReadsThem() throws Exception {
		int frames = 0;
		for (long seed = 1; seed <= 12; seed++) {
			frames += check(pcap(seed, (int) (seed % 3)), seed % 4 == 0);
		}
		assertTrue(frames > 20_000, "frames compared: " + frames);
	}
}
