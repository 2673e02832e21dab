package io.feedscope.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.CaptureMerger;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.analysis.PacketEvent;
import io.feedscope.analysis.PacketSource;
import io.feedscope.analysis.PacketView;
import io.feedscope.analysis.ParallelPacketSource;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.CaptureProblem;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.testdata.TestData;

/**
 * One capture read and dissected by several threads gives the checks what the single reader gives: the same
 * events in the same order, the same problems, and reports identical byte for byte, for 0 (the consumer
 * dissects), 1, 2 and 8 threads,
 * on generated captures with every kind of event (malformed frames on ports known only from earlier frames,
 * requests; PITCH in the PITCH bundle's own fragment), damage in the middle of a chunk (frames broken, then the file's record structure broken),
 * pcapng with several sections and interfaces, and gzip input. The oracle is the single-threaded
 * {@link DissectedPacketSource} over the streamed file, which its own tests pin to the indexed reader and the
 * generator's truth.
 */
@Timeout(300)
class ParallelPacketSourceTest {

	private static final ProtocolSet PROTOCOLS = ProtocolRegistry.getDefault().compile();
	/** 0: no worker, the consumer dissects every chunk itself (the path it takes whenever workers fall behind) */
	private static final int[] THREADS = { 0, 1, 2, 8 };

	@TempDir
	static Path fDir;

	private static Path capture(String preset, int seed, CaptureFormat format, int frames) throws IOException {
		Path f = fDir.resolve(preset + seed + "-" + frames + "." + format.id());
		Scenario.Builder b = Scenario.preset(preset).seed(seed);
		if (frames > 0) {
			b.frames(frames);
		}
		new Generator(b.build()).format(format).write(f);
		return f;
	}

	/** The serial reading: the oracle. */
	private static DissectedPacketSource serial(Path f) throws IOException {
		return Captures.canStream(f) ? new DissectedPacketSource(Captures.stream(f), PROTOCOLS)
				: new DissectedPacketSource(Captures.open(f), PROTOCOLS);
	}

	private static ParallelPacketSource parallel(Path f, int threads, int chunk) throws IOException {
		return new ParallelPacketSource(serial(f), threads, chunk);
	}

	/** Every field of every event, one line each, then the problems of the file as the source found them. */
	private static List<String> events(PacketSource s, DissectedPacketSource origin) {
		List<String> out = new ArrayList<>();
		try (s) {
			while (s.advance()) {
				out.add(line(s.current()));
			}
			assertFalse(s.advance(), "stays at the end");
		}
		for (CaptureProblem p : origin.streamProblems()) {
			out.add("problem " + p);
		}
		return out;
	}

	private static String line(PacketView e) {
		StringBuilder b = new StringBuilder().append(e.captureName()).append('#').append(e.frame()).append(" t=")
				.append(e.timeNanos()).append(' ').append(PacketEvent.ipText(e.destinationIp())).append(':')
				.append(e.destinationPort()).append(' ').append(e.sourceIp()).append(':').append(e.sourcePort()).append(' ')
				.append(e.destinationIp()).append(' ').append(e.interfaceId()).append(' ').append(e.unicast()).append(' ')
				.append(e.protocol()).append(' ').append(e.kind()).append(' ').append(e.session()).append(' ')
				.append(e.firstSeq()).append('+').append(e.messageCount()).append(' ').append(e.lastSeq()).append(' ')
				.append(e.problem()).append(' ').append(e.requestSeq()).append('/').append(e.requestCount()).append(' ')
				.append(e.messageTypeLetters()).append(' ');
		for (int i = 0; i < e.messageCount(); i++) {
			b.append(e.messageType(i)).append(',');
		}
		return b.toString();
	}

	private static String report(List<PacketSource> sources) {
		return report(sources, 0);
	}

	/**
	 * The JSON report, the text summary and the annotations, with the isolated checks on {@code checkThreads}
	 * threads of their own (0: every check on the reading thread, as before check threads).
	 */
	private static String report(List<PacketSource> sources, int checkThreads) {
		try (CaptureMerger m = new CaptureMerger(sources)) {
			AnalysisResult r = FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS,
					java.util.Map.of(), checkThreads);
			return r.toJson() + "\n" + r.summaryText() + "\n" + r.allAnnotations();
		}
	}

	/**
	 * {@link #report(List)} through the merger's general path: every event taken with {@link CaptureMerger#advance()}
	 * and handed to the analysis one by one, as for several captures. {@link FeedAnalyzer#analyze} drains a merger
	 * of one source instead (a chunk at a time from a parallel source, with its events settled a batch ahead; in a
	 * plain loop from the single reader): this is the oracle of that path.
	 */
	private static String reportByMerger(List<PacketSource> sources) {
		try (CaptureMerger m = new CaptureMerger(sources)) {
			FeedAnalyzer a = new FeedAnalyzer(CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS, java.util.Map.of());
			for (int i = 0; i < sources.size(); i++) {
				a.addCapture(i, sources.get(i).name(), sources.get(i).path(), sources.get(i).format());
			}
			List<String> fields = a.fieldsRead();
			if (!fields.isEmpty()) {
				for (PacketSource s : sources) {
					s.readFields(fields);
				}
			}
			while (m.advance()) {
				a.accept(m.current());
			}
			AnalysisResult r = a.finish();
			return r.toJson() + "\n" + r.summaryText() + "\n" + r.allAnnotations();
		}
	}

	/** check threads besides the reading thread: none, 1, 2 and 8 (more than there are isolated checks) */
	private static final int[] CHECK_THREADS = { 1, 2, 8 };

	/**
	 * The events and the report of the file through 0, 1, 2 and 8 threads, chunks of a few frames and of the
	 * default size, against the serial reading.
	 *
	 * @return the frames re-dissected in order by the 8-thread small-chunk reading (learned ports)
	 */
	private static long assertSameAsSerial(Path f, int minFrames) throws IOException {
		DissectedPacketSource o = serial(f);
		List<String> expected = events(o, o);
		assertTrue(expected.size() >= minFrames, f + ": " + expected.size() + " events");
		String expectedReport = reportByMerger(List.of(serial(f)));
		assertEquals(expectedReport, report(List.of(serial(f))), f + ": report of the single reader drained into the analysis");
		// chunks of several batches of events settled ahead of the checks (128 at a time), and a part of one
		assertEquals(expectedReport, report(List.of(parallel(f, 2, 333))),
				f + ": report, 2 threads, chunks of several settled batches");
		long redissected = 0;
		for (int threads : THREADS) {
			for (int chunk : new int[] { 61, 4096 }) {
				DissectedPacketSource origin = serial(f);
				ParallelPacketSource p = new ParallelPacketSource(origin, threads, chunk);
				List<String> got = events(p, origin);
				if (threads == 8 && chunk == 61) {
					redissected = p.redissected();
				}
				if (threads == 0) {
					// the events, not the file's problems that end the list
					long frames = got.stream().filter(line -> !line.startsWith("problem ")).count();
					assertEquals(frames, p.dissectedByConsumer(), f + ": with no worker the consumer dissects every frame");
				}
				assertEquals(expected.size(), got.size(), f + ", " + threads + " threads, chunks of " + chunk);
				for (int i = 0; i < expected.size(); i++) {
					assertEquals(expected.get(i), got.get(i), f + ", " + threads + " threads, chunks of " + chunk + ", line " + (i + 1));
				}
			}
			assertEquals(expectedReport, report(List.of(parallel(f, threads, 97))), f + ": report, " + threads + " threads");
		}
		// the checks on threads of their own (FeedAnalyzer.checkThreads): the same findings in the same order
		for (int checkThreads : CHECK_THREADS) {
			assertEquals(expectedReport, report(List.of(serial(f)), checkThreads), f + ": report, " + checkThreads
					+ " check threads");
			assertEquals(expectedReport, report(List.of(parallel(f, 2, 97)), checkThreads), f + ": report, 2 reading and "
					+ checkThreads + " check threads");
		}
		return redissected;
	}

	/** The message fields a content check asked for ({@link PacketSource#readFields}), message by message. */
	private static List<String> fields(PacketSource s, List<String> names) {
		List<String> out = new ArrayList<>();
		s.readFields(names);
		try (s) {
			while (s.advance()) {
				PacketEvent e = s.current();
				StringBuilder b = new StringBuilder().append(e.frame()).append(':');
				for (int m = 0; m < e.messageCount(); m++) {
					for (int j = 0; j < names.size(); j++) {
						b.append(e.has(m, j) ? Long.toString(e.value(m, j)) : "-").append(j + 1 < names.size() ? "/" : " ");
					}
				}
				out.add(b.toString());
			}
		}
		return out;
	}

	@Test
	void theFieldsAContentCheckReadsComeThroughEveryThread() throws IOException {
		Path f = capture("demo", 11, CaptureFormat.PCAP, 3000);
		// shares and price exist in some message types only; the third name is in no protocol (never present)
		List<String> names = List.of("itch50.shares", "itch50.price", "nosuch.field");
		List<String> expected = fields(serial(f), names);
		long present = expected.stream().filter(l -> l.matches(".*:.*\\d+/.*")).count();
		assertTrue(present > 100, "frames with a shares or price value: " + present);
		for (int threads : THREADS) {
			assertEquals(expected, fields(parallel(f, threads, 61), names), threads + " threads");
		}
	}

	@Test
	void generatedCapturesOfEveryKind() throws IOException {
		assertSameAsSerial(capture("incident", 3, CaptureFormat.PCAP_NS, 0), 3000);
		assertSameAsSerial(capture("demo", 5, CaptureFormat.PCAP, 20_000), 20_000);
	}

	/** The incident preset in both file formats: the gaps, freezes and A/B differences the checks look for. */
	@Test
	void anIncidentInPcapAndPcapng() throws IOException {
		assertSameAsSerial(capture("incident", 7, CaptureFormat.PCAP, 6000), 6000);
		assertSameAsSerial(capture("incident", 7, CaptureFormat.PCAPNG, 3000), 3000);
	}

	/**
	 * A worker with no free chunk to walk into (the checks' thread holds them all) waits for one: it does not ask
	 * again and again, which would take a core from the checks' thread.
	 */
	@Test
	void aWorkerWithNoFreeChunkDoesNotSpin() throws IOException, InterruptedException {
		Path f = capture("incident", 7, CaptureFormat.PCAP, 20_000);
		try (ParallelPacketSource p = parallel(f, 1, 31)) {
			assertTrue(p.advance()); // starts the worker; the checks' thread then holds its chunk while it sleeps
			Thread.sleep(500); // the worker fills every free chunk
			Thread worker = Thread.getAllStackTraces().keySet().stream()
					.filter(t -> t.getName().startsWith("feedscope dissect 1 ")).findFirst().orElseThrow();
			java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
			long before = mx.getThreadCpuTime(worker.threadId());
			Thread.sleep(500);
			long cpu = mx.getThreadCpuTime(worker.threadId()) - before;
			assertTrue(cpu < 100_000_000L, "the worker used " + cpu / 1_000_000 + " ms of CPU in 500 ms with nothing to do");
			while (p.advance()) {
				// the rest, to its end: the worker goes on once chunks are free
			}
		}
	}

	/**
	 * MoldUDP64 has no port: a broken packet on the feed's port is malformed only because the port was learned
	 * from earlier frames. Threads that start in the middle of the capture have not learned it; the source
	 * dissects such frames again in order, and the events are the serial ones.
	 */
	@Test
	void malformedFramesOnLearnedPortsAsTheSerialPassSeesThem() throws IOException {
		Path f = capture("malformed", 4, CaptureFormat.PCAPNG, 20_000);
		DissectedPacketSource o = serial(f);
		long malformedFeed = events(o, o).stream().filter(l -> l.contains(" moldudp64 " + PacketKind.MALFORMED)).count();
		assertTrue(malformedFeed > 0, "the capture has malformed feed packets");
		long redissected = assertSameAsSerial(f, 20_000);
		assertTrue(redissected > 0, "frames were dissected again with the serial pass's learned ports");
	}

	private static List<Long> pcapRecordOffsets(byte[] b) {
		ByteOrder order = (b[0] & 0xff) == 0xd4 || (b[0] & 0xff) == 0x4d ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
		ByteBuffer bb = ByteBuffer.wrap(b).order(order);
		List<Long> offsets = new ArrayList<>();
		int at = 24;
		while (at + 16 <= b.length) {
			offsets.add((long) at);
			at += 16 + bb.getInt(at + 8);
		}
		return offsets;
	}

	/** Damage in the middle of a chunk: broken frames, then a record header that stops reading. */
	@Test
	void damageInTheMiddleOfAChunk() throws IOException {
		Path clean = capture("incident", 8, CaptureFormat.PCAP, 0);
		byte[] b = Files.readAllBytes(clean);
		List<Long> records = pcapRecordOffsets(b);
		assertTrue(records.size() > 3000, "records: " + records.size());
		// frames 1530..1539 (the middle of a chunk of 61 and of 97): their UDP payload overwritten
		for (int frame = 1530; frame < 1540; frame++) {
			int at = records.get(frame - 1).intValue() + 16 + 42;
			for (int k = 0; k < 30; k++) {
				b[at + k] = (byte) (0xA5 ^ k);
			}
		}
		Path broken = Files.write(fDir.resolve("broken-frames.pcap"), b);
		assertSameAsSerial(broken, 3000);
		// and the record of frame 2650 claims 2 GB: reading stops there, with a problem naming the offset
		int at = records.get(2650 - 1).intValue();
		ByteBuffer.wrap(b).order((b[0] & 0xff) == 0xd4 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN).putInt(at + 8, 0x7fff_0000);
		Path cut = Files.write(fDir.resolve("broken-record.pcap"), b);
		DissectedPacketSource o = serial(cut);
		List<String> ev = events(o, o);
		assertTrue(ev.stream().anyMatch(l -> l.startsWith("problem ")), "the serial reading reports the damage: " + ev.get(ev.size() - 1));
		assertSameAsSerial(cut, 2649);
	}

	/** Two pcapng files one after the other: two sections, each with its own interface. */
	@Test
	void pcapngWithSeveralSectionsAndInterfaces() throws IOException {
		Path a = capture("incident", 11, CaptureFormat.PCAPNG, 0);
		Path b = capture("demo", 12, CaptureFormat.PCAPNG, 5000);
		Path both = TestData.pcapngSections(fDir.resolve("two-sections.pcapng"), a, b);
		assertSameAsSerial(both, 8000);
	}

	/** gzip is read through its index: the chunks come from the frame index of the decompressed copy. */
	@Test
	void gzipInput() throws IOException {
		Path plain = capture("incident", 13, CaptureFormat.PCAP_NS, 0);
		Path gz = TestData.gzipCopy(plain, fDir.resolve("incident13.pcap.gz"));
		assertSameAsSerial(gz, 3000);
		DissectedPacketSource o = serial(plain);
		DissectedPacketSource z = serial(gz);
		assertEquals(events(o, o), events(z, z), "the gzip copy reads as the plain file");
	}

	/** Two tap points merged, each read by several threads: the report of the serial readings. */
	@Test
	void mergedTapPointsReportTheSame() throws IOException {
		Path a = capture("incident", 6, CaptureFormat.PCAP_NS, 0);
		Path b = capture("demo", 7, CaptureFormat.PCAPNG, 10_000);
		String expected = report(List.of(serial(a), serial(b)));
		for (int threads : THREADS) {
			assertEquals(expected, report(List.of(parallel(a, threads, 128), parallel(b, threads, 4096))), threads + " threads");
		}
		for (int checkThreads : CHECK_THREADS) {
			assertEquals(expected, report(List.of(serial(a), serial(b)), checkThreads), checkThreads + " check threads");
		}
	}

	/**
	 * A session that replaces another on the same lines (the next day's, in a second pcapng section): the checks are
	 * told of the change with a copy of the new session's first event, which the parallel source makes from its chunk
	 * layout; the report is the serial one's and says so.
	 */
	@Test
	void aSessionChangeReportsTheSame() throws IOException {
		java.time.ZoneId ny = java.time.ZoneId.of("America/New_York");
		Path one = fDir.resolve("day1.pcapng");
		Path two = fDir.resolve("day2.pcapng");
		new Generator(Scenario.preset("demo").seed(31).session("DAYONE").frames(3000)
				.start(java.time.LocalDateTime.of(2026, 12, 1, 9, 30), ny).build()).format(CaptureFormat.PCAPNG).write(one);
		new Generator(Scenario.preset("demo").seed(32).session("DAYTWO").frames(3000)
				.start(java.time.LocalDateTime.of(2026, 12, 1, 11, 0), ny).build()).format(CaptureFormat.PCAPNG).write(two);
		Path both = TestData.pcapngSections(fDir.resolve("session-change.pcapng"), one, two);
		assertSameAsSerial(both, 6000);
		String report = report(List.of(parallel(both, 2, 97)));
		assertTrue(report.contains("\"from_session\": \"DAYONE\""), "the change is reported: " + report);
	}

	/** The real NASDAQ captures read by 0, 1, 2 and 8 threads in chunks of 1 and 61 frames: the serial events. */
	@Test
	void realCapturesAsTheSerialReadingGivesThem() throws IOException {
		for (Path f : TestData.nasdaqPcaps()) {
			DissectedPacketSource o = serial(f);
			List<String> expected = events(o, o);
			assertFalse(expected.isEmpty(), f.toString());
			for (int threads : THREADS) {
				for (int chunk : new int[] { 1, 61 }) {
					DissectedPacketSource origin = serial(f);
					assertSameLines(expected, events(new ParallelPacketSource(origin, threads, chunk), origin),
							f + ", " + threads + " threads, chunks of " + chunk);
				}
			}
		}
	}

	/** Line by line, so a failure names the first event that differs rather than printing every event. */
	private static void assertSameLines(List<String> expected, List<String> got, String what) {
		for (int i = 0; i < Math.min(expected.size(), got.size()); i++) {
			assertEquals(expected.get(i), got.get(i), what + ", line " + (i + 1));
		}
		assertEquals(expected.size(), got.size(), what + ": lines");
	}

	/**
	 * A port the serial pass learns from one frame stays learned for the frames after it, however the threads split
	 * them. The capture: a real NASDAQ MoldUDP64 frame (which the heuristic recognizes: the serial pass learns its
	 * port), then 400 copies, most broken (count above the blocks present, or a block overrunning the packet: the
	 * heuristic takes none of them, so only a learned port makes them MALFORMED rather than not a feed), a few sound
	 * ones, some from another source port (another conversation to the same group), chosen by a seeded random. In
	 * chunks of one frame, most broken frames are dissected by a thread that never saw a sound one: the source must
	 * dissect them again with the serial pass's ports ({@link ParallelPacketSource} keeps what it last looked up for
	 * a pair of ports, and must forget it once the serial dissector learned something).
	 */
	@Test
	void aPortLearnedInOrderStaysLearnedWhateverThreadDissectsTheNextFrames() throws IOException {
		int made = 0;
		for (Path real : TestData.nasdaqPcaps()) {
			byte[] sound = null;
			int linkType = 0;
			try (var s = Captures.stream(real)) {
				DissectedPacketSource d = serial(real);
				while (s.next() && d.advance()) {
					if (d.current().kind() == PacketKind.DATA && s.linkType() == 1 && d.current().messageCount() > 0) {
						ByteBuffer b = s.data();
						sound = new byte[b.remaining()];
						b.get(sound);
						linkType = s.linkType();
						break;
					}
				}
				d.close();
			}
			if (sound == null) {
				continue;
			}
			Path f = fDir.resolve("learned-" + real.getFileName());
			Random random = new Random(made + 14);
			List<byte[]> frames = new ArrayList<>();
			frames.add(sound);
			for (int i = 0; i < 400; i++) {
				byte[] b = sound.clone();
				int udp = udpPayload(b);
				int r = random.nextInt(20);
				if (r < 12) {
					// count above the blocks present
					int count = (b[udp + 18] & 0xff) << 8 | b[udp + 19] & 0xff;
					count += 1 + random.nextInt(5);
					b[udp + 18] = (byte) (count >> 8);
					b[udp + 19] = (byte) count;
				} else if (r < 18) {
					// the first block's length runs past the packet
					b[udp + 20] = (byte) 0xff;
					b[udp + 21] = (byte) 0xf0;
				} // else sound: teaches the thread that dissects it
				if (random.nextInt(8) == 0) {
					b[udp - 8] ^= 0x01; // another source port: another pair of ports to look up
				}
				b[udp - 2] = 0; // no UDP checksum (IPv4): the copies' bytes differ from the original's
				b[udp - 1] = 0;
				frames.add(b);
			}
			writePcap(f, linkType, frames);
			DissectedPacketSource o = serial(f);
			List<String> expected = events(o, o);
			assertTrue(expected.get(0).contains(" " + PacketKind.DATA + " "), f + ": the first frame is sound: " + expected.get(0));
			long malformed = expected.stream().filter(l -> l.contains(" " + PacketKind.MALFORMED + " ")).count();
			assertTrue(malformed > 300, f + ": the serial pass makes the broken copies malformed on the learned port: " + malformed);
			// and drained into the analysis (FeedAnalyzer.analyze: drain settles the usual frame without settle's call)
			String expectedReport = reportByMerger(List.of(serial(f)));
			for (int threads : new int[] { 1, 2, 8 }) {
				for (int chunk : new int[] { 1, 3 }) {
					DissectedPacketSource origin = serial(f);
					assertSameLines(expected, events(new ParallelPacketSource(origin, threads, chunk), origin),
							f + ", " + threads + " threads, chunks of " + chunk);
					assertEquals(expectedReport, report(List.of(parallel(f, threads, chunk))),
							f + ": report, " + threads + " threads, chunks of " + chunk);
				}
			}
			made++;
		}
		// the 8 unaltered captures; the sanitized ones are not a feed without a port binding (see their README)
		assertTrue(made >= 8, "real captures with a MoldUDP64 data frame: " + made);
	}

	/**
	 * A port learned in the middle of a capture whose frames alternate between two conversations to it, as an A/B
	 * feed's lines do ({@link ParallelPacketSource} keeps what it looked up for the last two pairs of ports and swaps
	 * them, and must forget both once the serial dissector learned something). The capture: from a real NASDAQ
	 * MoldUDP64 frame, 150 broken copies (which the heuristic takes for no feed) alternating between its source port
	 * and another, then a sound one on the first conversation (the serial pass learns the port from it), then 250
	 * more alternating, most broken: MALFORMED on the learned port now, on both conversations. In chunks of one
	 * frame most of them are dissected by a thread that never saw the sound one; a look-up of the second
	 * conversation made before the port was learned, kept, would take its frames for no feed.
	 */
	@Test
	void aPortLearnedMidFileOnAlternatingConversations() throws IOException {
		int made = 0;
		for (Path real : TestData.nasdaqPcaps()) {
			byte[] sound = null;
			int linkType = 0;
			try (var s = Captures.stream(real)) {
				DissectedPacketSource d = serial(real);
				while (s.next() && d.advance()) {
					if (d.current().kind() == PacketKind.DATA && s.linkType() == 1 && d.current().messageCount() > 0) {
						ByteBuffer b = s.data();
						sound = new byte[b.remaining()];
						b.get(sound);
						linkType = s.linkType();
						break;
					}
				}
				d.close();
			}
			if (sound == null) {
				continue;
			}
			Path f = fDir.resolve("learned-midfile-" + real.getFileName());
			Random random = new Random(made + 41);
			List<byte[]> frames = new ArrayList<>();
			for (int i = 0; i < 401; i++) {
				byte[] b = sound.clone();
				int udp = udpPayload(b);
				boolean teach = i == 150;
				if (!teach && (i < 150 || random.nextInt(10) != 0)) {
					int count = (b[udp + 18] & 0xff) << 8 | b[udp + 19] & 0xff;
					count += 1 + random.nextInt(5); // count above the blocks present
					b[udp + 18] = (byte) (count >> 8);
					b[udp + 19] = (byte) count;
				}
				if (i % 2 == 1) {
					b[udp - 8] ^= 0x01; // the other conversation: another source port to the same group:port
				}
				b[udp - 2] = 0; // no UDP checksum (IPv4): the copies' bytes differ from the original's
				b[udp - 1] = 0;
				frames.add(b);
			}
			writePcap(f, linkType, frames);
			DissectedPacketSource o = serial(f);
			List<String> expected = events(o, o);
			assertTrue(expected.get(150).contains(" " + PacketKind.DATA + " "), f + ": frame 151 is sound: " + expected.get(150));
			for (int parity = 0; parity < 2; parity++) {
				int p = parity;
				long before = java.util.stream.IntStream.range(0, 150).filter(i -> i % 2 == p)
						.filter(i -> expected.get(i).contains(" " + PacketKind.MALFORMED + " ")).count();
				long after = java.util.stream.IntStream.range(151, 401).filter(i -> i % 2 == p)
						.filter(i -> expected.get(i).contains(" " + PacketKind.MALFORMED + " ")).count();
				assertEquals(0, before, f + ": no port learned yet, conversation " + p);
				assertTrue(after > 80, f + ": broken copies malformed on the learned port, conversation " + p + ": " + after);
			}
			String expectedReport = reportByMerger(List.of(serial(f)));
			for (int threads : new int[] { 1, 8 }) {
				for (int chunk : new int[] { 1, 2 }) {
					DissectedPacketSource origin = serial(f);
					assertSameLines(expected, events(new ParallelPacketSource(origin, threads, chunk), origin),
							f + ", " + threads + " threads, chunks of " + chunk);
					assertEquals(expectedReport, report(List.of(parallel(f, threads, chunk))),
							f + ": report, " + threads + " threads, chunks of " + chunk);
				}
			}
			made++;
		}
		assertTrue(made >= 8, "real captures with a MoldUDP64 data frame: " + made);
	}

	/** @return where the UDP payload of an Ethernet (optionally 802.1Q) IPv4 frame starts */
	private static int udpPayload(byte[] b) {
		int ip = 14;
		if ((b[12] & 0xff) == 0x81 && b[13] == 0x00) {
			ip += 4;
		}
		return ip + (b[ip] & 0x0f) * 4 + 8;
	}

	private static void writePcap(Path f, int linkType, List<byte[]> frames) throws IOException {
		ByteBuffer b = ByteBuffer.allocate(24 + frames.stream().mapToInt(x -> 16 + x.length).sum()).order(ByteOrder.LITTLE_ENDIAN);
		b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(linkType);
		int t = 0;
		for (byte[] x : frames) {
			b.putInt(1_700_000_000 + t / 1000).putInt(t % 1000 * 1000).putInt(x.length).putInt(x.length).put(x);
			t++;
		}
		Files.write(f, b.array());
	}
}
