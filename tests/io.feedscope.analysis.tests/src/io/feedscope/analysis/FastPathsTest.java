package io.feedscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.tests.MoldUdp64CaptureSource;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.Scenario.Line;
import io.feedscope.testdata.TestData;

/**
 * The checks' thread's fast paths give what the general code gives ({@link FeedAnalyzer#generalPaths()} turns them
 * off): the usual DATA packet without the tap's range-list look-ups (its facts set once, its lists extended in
 * place, its line found in accept), the built-in checks called straight-line instead of through the switch per check
 * and only when their acts() says they may have something to do, and the A/B latency's runs of equal samples recorded at once. Compared:
 * the facts and the line and session counters every check sees at every event, and the whole report (JSON, text
 * summary, annotations), byte for byte, on the real captures, every generator preset, and generated captures with
 * loss, duplicates, reordering, retransmission answers, damaged frames, several tap points and session changes.
 */
@Timeout(300)
class FastPathsTest {

	private static final ProtocolSet PROTOCOLS = ProtocolRegistry.getDefault().compile();

	@TempDir
	static Path fDir;

	/** Sees every event; writes down what it was handed and the shared state the core left for it. */
	private static final class Recorder implements FeedCheck {
		final List<String> fSeen = new ArrayList<>();

		@Override
		public void start(CheckContext context) {
			// nothing to declare
		}

		@Override
		public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
				PacketFacts f) {
			StringBuilder b = new StringBuilder().append(e.captureIndex()).append('#').append(e.frame()).append(' ')
					.append(role).append(' ').append(session == null ? "-" : session.session()).append(' ')
					.append(line == null ? "-" : line.index() + "@" + line.destination());
			b.append(" facts ").append(f.newForSession()).append(',').append(f.firstNewForSession()).append(',')
					.append(f.lastNewForSession()).append(',').append(f.sessionMaxBefore()).append(',')
					.append(f.newForLine()).append(',').append(f.lineMaxBefore()).append(',').append(f.duplicatesAtTap())
					.append(',').append(f.reorderedAtTap()).append(',').append(f.tapMaxBefore()).append(',')
					.append(f.copyFromOtherTap());
			if (line != null) {
				b.append(" line ").append(line.packets()).append(',').append(line.messages()).append(',')
						.append(line.duplicatePackets()).append(',').append(line.duplicateMessages()).append(',')
						.append(line.reorderedPackets()).append(',').append(line.firstDeliveredCount()).append(',')
						.append(line.maxMessagesPerPacket()).append(' ').append(line.delivered()).append(' ')
						.append(line.firstDelivered().size());
			}
			if (session != null) {
				b.append(" session ").append(session.distinctMessages()).append(' ').append(session.delivered().size())
						.append(' ').append(session.hasSpan() ? session.lastSeq() : 0);
			}
			fSeen.add(b.toString());
		}
	}

	private static String report(AnalysisResult r) {
		return r.toJson() + "\n" + r.summaryText() + "\n" + r.allAnnotations();
	}

	/** The report of every default check over the sources, the fast paths on or off, on 0 or more check threads. */
	private static String report(Supplier<List<PacketSource>> sources, boolean general, int checkThreads) {
		FeedAnalyzer a = new FeedAnalyzer(CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS).checkThreads(checkThreads);
		if (general) {
			a.generalPaths();
		}
		return report(run(a, sources.get()));
	}

	private static AnalysisResult run(FeedAnalyzer a, List<PacketSource> sources) {
		try (CaptureMerger m = new CaptureMerger(sources)) {
			for (int i = 0; i < sources.size(); i++) {
				a.addCapture(i, sources.get(i).name(), sources.get(i).path(), sources.get(i).format());
			}
			while (m.advance()) {
				a.accept(m.current());
			}
			return a.finish();
		}
	}

	/**
	 * What the recorder saw with the default checks before it: a contributed check after the built-in ones (the
	 * straight-line calls, then the others).
	 */
	private static List<String> seen(Supplier<List<PacketSource>> sources, boolean general) {
		FeedAnalyzer a = new FeedAnalyzer(CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS);
		Recorder r = new Recorder();
		a.addCheck("test.recorder", r);
		if (general) {
			a.generalPaths();
		}
		run(a, sources.get());
		return r.fSeen;
	}

	/** @return the number of events compared */
	private static int assertSameAsGeneral(String what, Supplier<List<PacketSource>> sources) {
		List<String> expected = seen(sources, true);
		List<String> got = seen(sources, false);
		for (int i = 0; i < Math.min(expected.size(), got.size()); i++) {
			assertEquals(expected.get(i), got.get(i), what + ": event " + (i + 1));
		}
		assertEquals(expected.size(), got.size(), what + ": events");
		String general = report(sources, true, 0);
		assertEquals(general, report(sources, false, 0), what + ": report");
		// check threads take the isolated checks: the straight-line calls then skip them
		assertEquals(general, report(sources, false, 2), what + ": report with 2 check threads");
		return expected.size();
	}

	private static Path generate(Scenario.Builder b, CaptureFormat format, String name) throws IOException {
		Path f = fDir.resolve(name + "." + format.id());
		new Generator(b.build()).format(format).write(f);
		return f;
	}

	private static PacketSource serial(Path f) {
		try {
			return Captures.canStream(f) ? new DissectedPacketSource(Captures.stream(f), PROTOCOLS)
					: new DissectedPacketSource(Captures.open(f), PROTOCOLS);
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	@Test
	void everyPreset() throws IOException {
		for (String preset : Scenario.PRESETS) {
			for (int seed = 1; seed <= 2; seed++) {
				Path f = generate(Scenario.preset(preset).seed(seed).frames(12_000), CaptureFormat.PCAP, preset + seed);
				int n = assertSameAsGeneral(f.getFileName().toString(), () -> List.of(serial(f)));
				assertTrue(n > 10_000, f + ": " + n + " events");
			}
		}
	}

	/** loss on each line and on both, duplicates, late packets, retransmission answers, a freeze and its catch-up */
	@Test
	void lossDuplicatesReorderingAndRetransmissions() throws IOException {
		Path f = generate(Scenario.builder().seed(21).frames(30_000).rate(60_000).retransmissions(true)
				.freeze(Line.B, 0.1, 60_000_000L).loss(Line.A, 0.2, 5).loss(Line.B, 0.25, 9).lossOnBothLines(0.3, 40)
				.duplicate(Line.A, 0.35).duplicate(Line.B, 0.4).duplicate(Line.A, 0.41).reorder(Line.B, 0.5)
				.reorder(Line.A, 0.55).lossOnBothLines(0.7, 3).freeze(Line.A, 0.8, 80_000_000L), CaptureFormat.PCAPNG,
				"mixed");
		assertSameAsGeneral("mixed", () -> List.of(serial(f)));
	}

	/** frames with their payload overwritten in the middle of the capture: malformed, then the feed goes on */
	@Test
	void damagedFrames() throws IOException {
		Path clean = generate(Scenario.preset("demo").seed(9).frames(8_000), CaptureFormat.PCAP, "demo9");
		byte[] b = Files.readAllBytes(clean);
		ByteBuffer bb = ByteBuffer.wrap(b).order((b[0] & 0xff) == 0xd4 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
		int at = 24;
		for (int frame = 1; at + 16 <= b.length; frame++) {
			int length = bb.getInt(at + 8);
			if (frame % 397 == 0 && length > 42 + 30) {
				for (int k = 0; k < 30; k++) {
					b[at + 16 + 42 + k] = (byte) (0x5A ^ k * 7);
				}
			}
			at += 16 + length;
		}
		Path broken = Files.write(fDir.resolve("demo9-broken.pcap"), b);
		assertSameAsGeneral("damaged", () -> List.of(serial(broken)));
	}

	/** two tap points of the same lines (the general path for every packet of the second), and two feeds merged */
	@Test
	void severalTapPoints() throws IOException {
		Path a = generate(Scenario.preset("demo").seed(11).frames(10_000), CaptureFormat.PCAP, "tapA");
		Path b = generate(Scenario.preset("demo").seed(11).frames(10_000).lineBLag(30_000, 90_000), CaptureFormat.PCAPNG,
				"tapB");
		Path other = generate(Scenario.preset("loss").seed(12).frames(10_000).session("OTHER00001"), CaptureFormat.PCAP,
				"other");
		assertSameAsGeneral("two taps", () -> List.of(serial(a), serial(b)));
		assertSameAsGeneral("two taps and another feed", () -> List.of(serial(a), serial(other), serial(b)));
	}

	/**
	 * what the usual packet's line look-up without a call (in accept) must leave to line(): A and B on one group:port
	 * told apart by their pcapng interfaces, a session that replaces another on the same lines (a second capture that
	 * starts later), and a day file (the message-times check, which only records' packets concern)
	 */
	@Test
	void oneGroupTwoInterfacesSessionChangeAndDayFile() throws IOException {
		Path oneGroup = generate(Scenario.preset("loss").seed(14).frames(10_000).lineA("233.54.12.1", 26477)
				.lineB("233.54.12.1", 26477), CaptureFormat.PCAPNG, "onegroup");
		assertSameAsGeneral("one group on two interfaces", () -> List.of(serial(oneGroup)));
		Path first = generate(Scenario.preset("demo").seed(15).frames(6_000).session("FIRST00001"), CaptureFormat.PCAP,
				"first");
		Path second = generate(Scenario.preset("demo").seed(16).frames(6_000).session("SECOND0001")
				.start(java.time.LocalDateTime.of(2026, 3, 2, 9, 45, 0), java.time.ZoneId.of("America/New_York")),
				CaptureFormat.PCAP, "second");
		assertSameAsGeneral("a session change", () -> List.of(serial(first), serial(second)));
		Path day = fDir.resolve("01302019.NASDAQ_ITCH50");
		new Generator(Scenario.preset("demo").seed(17).frames(6_000).build()).format(CaptureFormat.BINARY_FILE)
				.backwardTimestamps(700, 2_500).write(day);
		int n = assertSameAsGeneral("a day file", () -> List.of(serial(day)));
		assertTrue(n > 5_000, day + ": " + n + " events");
	}

	/** the real NASDAQ captures: alone, and each twice (a second tap point of the same line) */
	@Test
	void realCaptures() {
		for (Path f : TestData.nasdaqPcaps()) {
			boolean sanitized = f.toString().contains("sanitized");
			int port = sanitized ? 0 : 26477;
			Supplier<List<PacketSource>> one = () -> List.of(new MoldUdp64CaptureSource(f, port, -1, sanitized));
			assertSameAsGeneral(f.getFileName().toString(), one);
			Supplier<List<PacketSource>> twice = () -> List.of(new MoldUdp64CaptureSource(f, port, -1, sanitized),
					new MoldUdp64CaptureSource(f, port, -1, sanitized));
			assertSameAsGeneral(f.getFileName() + " twice", twice);
			assertSameAsGeneral(f.getFileName() + " serial reading", () -> List.of(serial(f)));
		}
	}

	/**
	 * a subset of the checks, the checks in another order (the switch per check) and a contributed check before the
	 * built-in ones and one after them (the straight-line calls with the others before and after them: the order
	 * a class path that lists a plug-in before io.feedscope.analysis gives)
	 */
	@Test
	void fewerChecksAndAnotherOrder() throws IOException {
		Path f = generate(Scenario.preset("demo").seed(13).frames(10_000), CaptureFormat.PCAP, "demo13");
		List<CheckDescriptor> all = CheckRegistry.load().defaultChecks();
		List<CheckDescriptor> some = List.of(all.get(1), all.get(4), all.get(6));
		List<CheckDescriptor> reversed = new ArrayList<>(all);
		java.util.Collections.reverse(reversed);
		for (List<CheckDescriptor> checks : List.of(some, reversed)) {
			FeedAnalyzer general = new FeedAnalyzer(checks, AnalysisOptions.DEFAULTS, Map.of()).generalPaths();
			FeedAnalyzer fast = new FeedAnalyzer(checks, AnalysisOptions.DEFAULTS, Map.of());
			assertEquals(report(run(general, List.of(serial(f)))), report(run(fast, List.of(serial(f)))),
					checks.size() + " checks");
		}
		List<List<String>> seen = new ArrayList<>();
		for (boolean general : new boolean[] { true, false }) {
			FeedAnalyzer a = new FeedAnalyzer(AnalysisOptions.DEFAULTS);
			Recorder first = new Recorder();
			a.addCheck("test.first", first);
			for (CheckDescriptor d : all) {
				a.addCheck(d.id(), d.create());
			}
			Recorder last = new Recorder();
			a.addCheck("test.last", last);
			if (general) {
				a.generalPaths();
			}
			run(a, List.of(serial(f)));
			assertEquals(first.fSeen, last.fSeen, "the facts before and after the checks");
			seen.add(last.fSeen);
		}
		assertEquals(seen.get(0), seen.get(1), "a contributed check first");
	}
}
