package io.feedscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.filter.packet.PacketRecord;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.testdata.TestData;
import io.feedscope.testdata.ToyFeed;

/**
 * {@code decode} on several threads ({@link ParallelDecode}) prints what the single-threaded path
 * ({@link DecodeCommand#decodeSerial}, the oracle) prints, byte for byte, on stdout and on stderr, as JSON Lines
 * and as CSV, for 1, 2, 3 and 8 worker threads and chunks of 1 to 97 frames (so that chunk boundaries fall
 * everywhere, between the messages of A/B lines, before and after damage), the workers taking over from the calling
 * thread's first frames at several places (none, 33, 1000, a quarter, all): every real capture and the bundled
 * samples (one gzip), every generator preset, damage in the middle of a chunk, a pcapng of two sections and
 * interfaces, gzip input, captures merged, a CSV whose header a late first message chooses, and the lines said
 * once per protocol ("left out"). And the command itself: the same output with -Dfeedscope.threads=1 and =4.
 */
@Timeout(600)
class ParallelDecodeTest {

	/**
	 * worker threads, frames per chunk and frames decoded on the calling thread first (-1: the default, a quarter of
	 * these small captures): one worker (order kept trivially) up to more workers than chunks in flight, the workers
	 * from the first frame on, taking over in the middle of the capture (after the calling thread's records filled
	 * its 64 KB line or not), and never (every frame on the calling thread)
	 */
	private static final int[][] RUNS = { { 1, 1, 0 }, { 2, 7, 0 }, { 3, 97, 1000 }, { 8, 13, -1 }, { 2, 5, 33 },
			{ 2, 7, Integer.MAX_VALUE } };

	@TempDir
	Path fDir;

	/** stdout's bytes, stderr's text and what decode returned */
	private record Out(byte[] out, String err, boolean sawFeed) {
	}

	/** @param threads 0: the serial path, a single capture walked by chunks; -1: the serial path frame by frame */
	private static Out decode(ProtocolSet set, List<Path> files, boolean csv, Protocol only, int threads, int chunk)
			throws Exception {
		return decode(set, files, csv, only, threads, chunk, -1);
	}

	private static Out decode(ProtocolSet set, List<Path> files, boolean csv, Protocol only, int threads, int chunk, int warm)
			throws Exception {
		return OpenedCaptures.decode(files, (captures, names) -> {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ByteArrayOutputStream err = new ByteArrayOutputStream();
			PrintStream errs = new PrintStream(err, true, StandardCharsets.UTF_8);
			RecordWriter w = csv ? new RecordWriter.Csv(out, set, captures.size() > 1, only)
					: new RecordWriter.Json(out, set, captures.size() > 1, only);
			boolean saw = threads <= 0
					? DecodeCommand.decodeSerial(captures, names, set, new PacketRecord(set), null, w, errs, threads == 0)
					: new ParallelDecode(captures, names, set, w, errs, threads, chunk, warm).run();
			errs.flush();
			return new Out(out.toByteArray(), err.toString(StandardCharsets.UTF_8), saw);
		});
	}

	/** stdout and stderr into one stream (2>&1), both as the command's streams are: print streams that flush */
	private static String combined(ProtocolSet set, Path file, boolean csv, int threads, int chunk) throws Exception {
		ByteArrayOutputStream both = new ByteArrayOutputStream();
		PrintStream ps = new PrintStream(both, true, StandardCharsets.UTF_8);
		try (CaptureFile c = Captures.open(file)) {
			RecordWriter w = csv ? new RecordWriter.Csv(ps, set, false, null) : new RecordWriter.Json(ps, set, false, null);
			if (threads == 0) {
				DecodeCommand.decodeSerial(List.of(c), List.of(file.toString()), set, new PacketRecord(set), null, w, ps);
			} else {
				new ParallelDecode(List.of(c), List.of(file.toString()), set, w, ps, threads, chunk).run();
			}
		}
		ps.flush();
		return both.toString(StandardCharsets.UTF_8);
	}

	/**
	 * The serial path's two walks alike (a single capture by chunks, and frame by frame as several captures are), and
	 * every parallel run as the serial path.
	 *
	 * @return the serial JSON output (for the callers' own checks that the input is what they meant)
	 */
	private static Out assertSameAsSerial(ProtocolSet set, List<Path> files, Protocol only) throws Exception {
		Out json = new Out(new byte[0], "", false);
		for (boolean csv : new boolean[] { false, true }) {
			Out serial = decode(set, files, csv, only, 0, 0);
			Out frames = decode(set, files, csv, only, -1, 0);
			String walks = (csv ? "csv" : "jsonl") + " of " + files + ", the chunk walk and the frame walk";
			assertArrayEquals(frames.out(), serial.out(), "stdout: " + walks);
			assertEquals(frames.err(), serial.err(), "stderr: " + walks);
			assertEquals(frames.sawFeed(), serial.sawFeed(), "feed data seen: " + walks);
			for (int[] run : RUNS) {
				Out parallel = decode(set, files, csv, only, run[0], run[1], run[2]);
				String what = (csv ? "csv" : "jsonl") + " of " + files + ", " + run[0] + " threads, chunks of " + run[1]
						+ ", first frames on the calling thread " + run[2];
				assertArrayEquals(serial.out(), parallel.out(), "stdout: " + what);
				assertEquals(serial.err(), parallel.err(), "stderr: " + what);
				assertEquals(serial.sawFeed(), parallel.sawFeed(), "feed data seen: " + what);
			}
			if (!csv) {
				json = serial;
			}
		}
		return json;
	}

	private static ProtocolSet installed() throws Exception {
		return Bindings.parse(List.of(), List.of()).protocols();
	}

	/** the generator's feed port bound to MoldUDP64: broken packets there are MALFORMED with expert items (stderr) */
	private static ProtocolSet bound() throws Exception {
		return Bindings.parse(List.of("udp.port==26477"), List.of()).protocols();
	}

	private Path generate(String preset, long seed, CaptureFormat format, int frames) throws Exception {
		Path f = fDir.resolve(preset + "-" + seed + "." + format.name().toLowerCase(java.util.Locale.ROOT));
		Scenario.Builder b = Scenario.preset(preset).seed(seed);
		if (frames > 0) {
			b.frames(frames); // else the preset's own length
		}
		new Generator(b.build()).format(format).write(f);
		return f;
	}

	@Test
	void realCapturesAndSamples() throws Exception {
		ProtocolSet set = installed();
		List<Path> real = TestData.nasdaqPcaps();
		assertTrue(real.size() >= 20, "the real captures: " + real);
		// the sanitized captures' addresses and ports are zeros (the heuristic declines them: no records, a hint);
		// bound by port they decode: both ways
		ProtocolSet bound = Bindings.parse(List.of("udp.port==0"), List.of()).protocols();
		long records = 0;
		for (Path f : real) {
			records += assertSameAsSerial(set, List.of(f), null).out().length;
			records += assertSameAsSerial(bound, List.of(f), null).out().length;
			// small captures (one chunk, records under 64 KB) with 2>&1: stderr's lines before the records, as before
			for (boolean csv : new boolean[] { false, true }) {
				for (ProtocolSet s : List.of(set, bound)) {
					assertEquals(combined(s, f, csv, 0, 0), combined(s, f, csv, 2, ParallelDecode.chunkFrames()), "2>&1 of " + f);
				}
			}
		}
		assertTrue(records > 20_000, "the real captures decode to records: " + records + " bytes");
		Path samples = Path.of(System.getProperty("feedscope.repo", "../..")).resolve("features/io.feedscope.feature/rootfiles/samples");
		assertSameAsSerial(set, List.of(samples.resolve("incident-demo.pcap.gz")), null);
		assertSameAsSerial(set, List.of(samples.resolve("nasdaq-itch50-sample.pcap")), null);
	}

	@Test
	void everyPreset() throws Exception {
		ProtocolSet set = installed();
		for (String preset : Scenario.PRESETS) {
			Path f = generate(preset, 3, CaptureFormat.PCAP, 6_000);
			assertEquals(preset + "-3.pcap", f.getFileName().toString());
			Out json = assertSameAsSerial(set, List.of(f), null);
			assertTrue(json.out().length > 100_000, preset + " decodes to records");
			assertSameAsSerial(bound(), List.of(f), null);
		}
		// the malformed preset's broken frames are said on stderr, frame by frame: the order the test compares
		Out m = decode(bound(), List.of(fDir.resolve("malformed-3.pcap")), false, null, 0, 0);
		assertTrue(m.err().lines().count() >= 5, "stderr of the malformed preset: " + m.err());
	}

	static List<Integer> pcapRecordOffsets(byte[] b) {
		ByteBuffer bb = ByteBuffer.wrap(b).order((b[0] & 0xff) == 0xd4 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
		List<Integer> offsets = new ArrayList<>();
		int at = 24;
		while (at + 16 <= b.length) {
			offsets.add(at);
			at += 16 + bb.getInt(at + 8);
		}
		return offsets;
	}

	/**
	 * Damage in the middle of a chunk (chunks of 7 frames start at 1, 8, 15, ..., of 97 after the calling thread's
	 * 1000 at 1001, 1098, ...; frames 1530..1539 lie inside them), and the calling thread handing over to the workers
	 * in the middle of the damage: the frames' UDP payloads overwritten (expert items on stderr, records cut short),
	 * then a record header claiming 2 GB at frame 2650 (the file's reading stops there).
	 */
	@Test
	void damageInTheMiddleOfAChunk() throws Exception {
		ProtocolSet set = installed();
		Path clean = generate("incident", 8, CaptureFormat.PCAP, 0);
		byte[] b = Files.readAllBytes(clean);
		List<Integer> records = pcapRecordOffsets(b);
		assertTrue(records.size() > 3000, "records: " + records.size());
		for (int frame = 1530; frame < 1540; frame++) {
			int at = records.get(frame - 1) + 16 + 42;
			for (int k = 0; k < 30; k++) {
				b[at + k] = (byte) (0xA5 ^ k);
			}
		}
		Path broken = Files.write(fDir.resolve("broken-frames.pcap"), b);
		Out clean0 = decode(bound(), List.of(clean), false, null, 0, 0);
		assertSameAsSerial(set, List.of(broken), null);
		Out broken0 = assertSameAsSerial(bound(), List.of(broken), null);
		assertTrue(broken0.err().contains(": frame 1530: ") && broken0.err().contains(": frame 1539: "),
				"the damage is said on stderr: " + broken0.err());
		assertTrue(!java.util.Arrays.equals(clean0.out(), broken0.out()), "the damage changes the records");
		for (boolean csv : new boolean[] { false, true }) {
			Out serial = decode(bound(), List.of(broken), csv, null, 0, 0);
			Out handOver = decode(bound(), List.of(broken), csv, null, 2, 7, 1535);
			assertArrayEquals(serial.out(), handOver.out(), "stdout, hand-over at frame 1536, csv " + csv);
			assertEquals(serial.err(), handOver.err(), "stderr, hand-over at frame 1536, csv " + csv);
		}
		ByteBuffer.wrap(b).order((b[0] & 0xff) == 0xd4 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
				.putInt(records.get(2650 - 1) + 8, 0x7fff_0000);
		Path cut = Files.write(fDir.resolve("broken-record.pcap"), b);
		try (CaptureFile c = Captures.open(cut)) {
			assertTrue(c.frameCount() < records.size() || !c.problems().isEmpty(), "the broken record is seen");
		}
		assertSameAsSerial(set, List.of(cut), null);
		assertSameAsSerial(bound(), List.of(cut), null);
	}

	/** A small damaged capture with 2>&1 (one stream): stderr's lines first, then the records, as the serial path. */
	@Test
	void aSmallDamagedCaptureWithBothStreamsInOne() throws Exception {
		// 12 frames: ~53 KB of JSON, under the serial writer's 64 KB line (it prints its records at the end)
		Path f = generate("incident", 9, CaptureFormat.PCAP, 12);
		byte[] b = Files.readAllBytes(f);
		List<Integer> records = pcapRecordOffsets(b);
		for (int frame = 5; frame < 8; frame++) {
			int at = records.get(frame - 1) + 16 + 42;
			for (int k = 0; k < 30; k++) {
				b[at + k] = (byte) (0x5A ^ k);
			}
		}
		Path broken = Files.write(fDir.resolve("small-broken.pcap"), b);
		for (boolean csv : new boolean[] { false, true }) {
			String serial = combined(bound(), broken, csv, 0, 0);
			assertTrue(serial.contains(": frame 5: ") && (serial.contains("\"frame.number\":12") || serial.contains("\r\n12,")),
					"stderr and records: " + serial);
			assertTrue(serial.indexOf(": frame 5: ") < serial.indexOf("frame.number"), "serial: stderr first " + serial);
			assertEquals(serial, combined(bound(), broken, csv, 2, ParallelDecode.chunkFrames()), "2>&1, csv " + csv);
		}
	}

	/** Two pcapng files one after the other: two sections, each with its own interface. */
	@Test
	void pcapngWithSeveralSectionsAndInterfaces() throws Exception {
		ProtocolSet set = installed();
		Path a = generate("incident", 11, CaptureFormat.PCAPNG, 0);
		Path b = generate("demo", 12, CaptureFormat.PCAPNG, 5000);
		Path both = TestData.pcapngSections(fDir.resolve("two-sections.pcapng"), a, b);
		assertSameAsSerial(set, List.of(both), null);
	}

	@Test
	void gzipInput() throws Exception {
		ProtocolSet set = installed();
		Path plain = generate("incident", 13, CaptureFormat.PCAP_NS, 0);
		Path gz = TestData.gzipCopy(plain, fDir.resolve("incident13.pcap.gz"));
		Out z = assertSameAsSerial(set, List.of(gz), null);
		Out p = decode(set, List.of(plain), false, null, 0, 0);
		assertArrayEquals(p.out(), z.out(), "the gzip copy decodes as the plain file");
	}

	/**
	 * NASDAQ BinaryFILE day files, plain and gzip'd: a frame per message record, of the day file's own link type (no
	 * link layers), which the chunk walk dissects from its array as the frame walk does from the mapping.
	 */
	@Test
	void binaryFileDayFiles() throws Exception {
		ProtocolSet set = installed();
		Scenario s = Scenario.preset("demo").seed(17).frames(4_000).build();
		Path day = fDir.resolve("12022026.NASDAQ_ITCH50");
		new Generator(s).format(CaptureFormat.BINARY_FILE).write(day);
		Path gz = fDir.resolve("12032026.NASDAQ_ITCH50.gz");
		new Generator(s).format(CaptureFormat.BINARY_FILE).write(gz);
		for (Path f : List.of(day, gz)) {
			try (CaptureFile c = Captures.open(f)) {
				assertEquals(CaptureFormat.BINARY_FILE, c.format(), f.toString());
				assertTrue(c.frameCount() > DecodeCommand.WALK_CHUNK, "more frames than a chunk: " + c.frameCount());
			}
			Out json = assertSameAsSerial(set, List.of(f), null);
			assertTrue(json.out().length > 100_000, f + " decodes to records");
		}
	}

	@Test
	void mergedCaptures() throws Exception {
		ProtocolSet set = installed();
		Path a = generate("incident", 1, CaptureFormat.PCAP, 5_000);
		Path b = generate("demo", 2, CaptureFormat.PCAPNG, 5_000);
		assertSameAsSerial(set, List.of(a, b), null);
		assertSameAsSerial(set, List.of(a, a, b), null);
		assertSameAsSerial(set, List.of(a, b), set.protocol("itch50"));
	}

	/** @return a pcap (Ethernet, microseconds) of the frames, one per {@code step} µs from {@code second} */
	private Path pcap(String name, List<byte[]> frames, int second, int step) throws Exception {
		ByteArrayOutputStream pcap = new ByteArrayOutputStream();
		ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
		h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
		pcap.write(h.array());
		int k = 0;
		for (byte[] frame : frames) {
			ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
			long us = (long) k++ * step;
			r.putInt(second + (int) (us / 1_000_000)).putInt((int) (us % 1_000_000)).putInt(frame.length).putInt(frame.length);
			pcap.write(r.array());
			pcap.write(frame);
		}
		return Files.write(fDir.resolve(name), pcap.toByteArray());
	}

	/**
	 * Two feed protocols in one output: the toy feed (its description files) and ITCH 5.0, merged by time. A CSV
	 * holds its first message's protocol: frames without messages come first (decoded before the workers start),
	 * the header is chosen late, and every message of the other protocol is left out with one line on stderr per
	 * protocol, said at its first occurrence in frame order although workers see it in many chunks.
	 */
	@Test
	void aLateHeaderAndLinesSaidOnce() throws Exception {
		Path toyf = Files.writeString(fDir.resolve("toyf.fsp"), ToyFeed.TOYF);
		Path toy = Files.writeString(fDir.resolve("toy.fsp"), ToyFeed.TOY);
		ProtocolSet set = Bindings.parse(List.of(), List.of(toyf.toString(), toy.toString())).protocols();
		List<byte[]> frames = new ArrayList<>();
		// 40 frames that are not feed data (another UDP port), then toy packets of three quotes each
		for (int i = 0; i < 40; i++) {
			frames.add(JsonFastPathTest.udpFrame(0x0a000001, 5000, 0x0a000002, 5001, new byte[] { 1, 2, 3, (byte) i }));
		}
		for (int i = 0; i < 400; i++) {
			ByteBuffer p = ByteBuffer.allocate(6 + 3 * 10);
			p.put((byte) 1).putInt(1 + 3 * i).put((byte) 3);
			for (int m = 0; m < 3; m++) {
				p.put((byte) 9).put((byte) 'Q').put(("T" + (char) ('A' + m) + (char) ('A' + i % 26) + "X").getBytes(StandardCharsets.US_ASCII))
						.putInt(100 * i + m);
			}
			frames.add(JsonFastPathTest.udpFrame(0x0a000001, 5000, 0xe9360c01, 7777, p.array()));
		}
		Path toys = pcap("toy.pcap", frames, 1_700_000_000, 50);
		Path itch = generate("incident", 21, CaptureFormat.PCAP, 4_000);
		Out json = assertSameAsSerial(set, List.of(toys), null);
		assertTrue(new String(json.out(), StandardCharsets.UTF_8).contains("\"toy.bid\""), "the toy feed is decoded: "
				+ new String(json.out(), 0, Math.min(400, json.out().length), StandardCharsets.UTF_8));
		assertSameAsSerial(set, List.of(toys, itch), null);
		assertSameAsSerial(set, List.of(itch, toys), null);
		Out left = decode(set, List.of(itch, toys), true, null, 0, 0);
		assertTrue(left.err().contains("messages are left out"), "a protocol is left out of the CSV: " + left.err());
		assertSameAsSerial(set, List.of(itch, toys), set.protocol("toy"));
	}

	/** The command as users run it: -Dfeedscope.threads=1 (serial) and =4 with small chunks print the same. */
	@Test
	void theCommandPrintsTheSameOnOneAndOnSeveralThreads() throws Exception {
		Path a = generate("malformed", 5, CaptureFormat.PCAPNG, 8_000);
		Path b = generate("loss", 6, CaptureFormat.PCAP, 8_000);
		Path missing = fDir.resolve("no-such.pcap");
		String threads = System.getProperty("feedscope.threads");
		String chunk = System.getProperty("feedscope.decode.chunk");
		try {
			for (String format : new String[] { "jsonl", "csv" }) {
				String[] args = { "decode", "--format", format, a.toString(), missing.toString(), b.toString() };
				System.setProperty("feedscope.threads", "1");
				ByteArrayOutputStream out1 = new ByteArrayOutputStream();
				ByteArrayOutputStream err1 = new ByteArrayOutputStream();
				int exit1 = Main.run(args, new PrintStream(out1, true, StandardCharsets.UTF_8),
						new PrintStream(err1, true, StandardCharsets.UTF_8));
				System.setProperty("feedscope.threads", "4");
				System.setProperty("feedscope.decode.chunk", "11");
				ByteArrayOutputStream out4 = new ByteArrayOutputStream();
				ByteArrayOutputStream err4 = new ByteArrayOutputStream();
				int exit4 = Main.run(args, new PrintStream(out4, true, StandardCharsets.UTF_8),
						new PrintStream(err4, true, StandardCharsets.UTF_8));
				System.clearProperty("feedscope.decode.chunk");
				assertEquals(1, exit1, "a file could not be opened");
				assertEquals(exit1, exit4, format);
				assertTrue(out1.size() > 100_000, format + " records");
				assertTrue(err1.toString(StandardCharsets.UTF_8).contains("cannot open " + missing), err1.toString(StandardCharsets.UTF_8));
				assertArrayEquals(out1.toByteArray(), out4.toByteArray(), format + " stdout");
				assertEquals(err1.toString(StandardCharsets.UTF_8), err4.toString(StandardCharsets.UTF_8), format + " stderr");
			}
		} finally {
			restore("feedscope.threads", threads);
			restore("feedscope.decode.chunk", chunk);
		}
	}

	private static void restore(String key, String value) {
		if (value == null) {
			System.clearProperty(key);
		} else {
			System.setProperty(key, value);
		}
	}
}
