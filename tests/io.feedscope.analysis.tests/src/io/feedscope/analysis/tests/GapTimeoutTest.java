package io.feedscope.analysis.tests;

import static io.feedscope.analysis.tests.GeneratedIncidentTest.lng;
import static io.feedscope.analysis.tests.GeneratedIncidentTest.protocols;
import static io.feedscope.analysis.tests.GeneratedIncidentTest.ranges;
import static io.feedscope.analysis.tests.GeneratedIncidentTest.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.CaptureMerger;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.analysis.Finding;
import io.feedscope.analysis.PacketEvent;
import io.feedscope.analysis.RangeList;
import io.feedscope.analysis.Severity;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.PacketKind;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario.Line;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.Truth;
import io.feedscope.testdata.outputs.Json;

/**
 * Arbitration with a gap timeout, on generated captures. The oracle is the generator's truth (what line A
 * lost) and a replay written here from the raw MoldUDP64 headers ({@link MoldUdp64CaptureSource}), message
 * by message with a hash map, by the policies' definitions: seq+count accepts every message it has not
 * received; a message skipped by a packet that starts beyond the high-water mark is "revealed" then, and
 * lost at W when its first copy comes more than W after the reveal (or never).
 */
@Timeout(120)
class GapTimeoutTest {

	private static final long MS = 1_000_000L;
	private static final long[] SWEEP = { 0, 10_000, 100_000, MS, 10 * MS, 100 * MS, 1_000 * MS };

	@TempDir
	static Path fDir;

	/** line A loses one packet; B trails A by about 3 ms, so B's copy fills A's gap 3 ms after it shows */
	private static Scenario fFill;
	private static Path fFillFile;
	private static Truth fFillTruth;

	private static Scenario fIncident;
	private static Path fIncidentFile;

	@BeforeAll
	static void generate() throws IOException {
		fFill = Scenario.builder().seed(21).duration(300 * MS).rate(40_000).lineBLag(2_900_000, 3_100_000)
				.loss(Line.A, 0.5, 1).build();
		fFillFile = fDir.resolve("b-fills-a.pcap");
		new Generator(fFill).format(CaptureFormat.PCAP_NS).write(fFillFile);
		fFillTruth = Truth.read(fFillFile);

		// the bundled sample: "feedscope generate --preset incident -o incident-demo.pcap" (seed 1, pcap in us)
		fIncident = Scenario.preset("incident").build();
		fIncidentFile = fDir.resolve("incident-demo.pcap");
		new Generator(fIncident).format(CaptureFormat.PCAP).write(fIncidentFile);
	}

	static AnalysisResult analyze(Scenario s, Path file, long gapTimeout) throws IOException {
		try (CaptureMerger m = new CaptureMerger(
				List.of(new DissectedPacketSource(Captures.open(file), protocols(s))))) {
			return FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(),
					AnalysisOptions.DEFAULTS.withGapTimeoutNanos(gapTimeout));
		}
	}

	/** seq+count and first-seq-only replayed per message from the raw headers. */
	static final class Replay {
		/** message -> delay between reveal and first copy; absent: never revealed missing */
		final Map<Long, Long> fDelay = new HashMap<>();
		final List<Long> fNeverFilled = new ArrayList<>();
		final RangeList fFirstSeqOnlyLost = new RangeList();

		static Replay of(Path file, Scenario s) {
			Replay r = new Replay();
			Map<Long, Long> revealed = new HashMap<>();
			java.util.Set<Long> received = new java.util.HashSet<>();
			long next = Long.MIN_VALUE;
			long fsoNext = Long.MIN_VALUE;
			MoldUdp64CaptureSource src = new MoldUdp64CaptureSource(file, s.portA(), s.requestPort(), false);
			try {
				while (src.advance()) {
					PacketEvent e = src.current();
					if (e.kind() != PacketKind.DATA || e.unicast() || e.messageCount() <= 0) {
						continue;
					}
					long from = e.firstSeq();
					long to = from + e.messageCount() - 1;
					if (next == Long.MIN_VALUE) {
						next = from;
						fsoNext = from;
					}
					for (long q = from; q <= to; q++) {
						if (received.add(q) && revealed.containsKey(q)) {
							r.fDelay.put(q, e.timeNanos() - revealed.remove(q));
						}
					}
					for (long q = next; q < from; q++) {
						if (!received.contains(q)) {
							revealed.put(q, e.timeNanos());
						}
					}
					next = Math.max(next, to + 1);
					if (from >= fsoNext) {
						if (from > fsoNext) {
							r.fFirstSeqOnlyLost.add(fsoNext, from - 1);
						}
						fsoNext = to + 1;
					}
				}
			} finally {
				src.close();
			}
			r.fNeverFilled.addAll(revealed.keySet());
			return r;
		}

		RangeList lostAt(long w) {
			RangeList l = new RangeList();
			fDelay.forEach((q, d) -> {
				if (d > w) {
					l.add(q, q);
				}
			});
			return l;
		}

		long safe() {
			return fDelay.values().stream().mapToLong(Long::longValue).max().orElse(0);
		}
	}

	@Test
	void lineBFillingLineAsGapThreeMillisecondsLaterIsNoLossAtAutoButALossAtZero() throws IOException {
		RangeList lostOnA = ranges(fFillTruth.lost(Line.A));
		assertEquals(1, fFillTruth.list("losses").size(), "the scenario drops one packet of line A");
		assertEquals(lng(fFillTruth.list("losses").get(0).get("count")), lostOnA.cardinality());
		assertTrue(ranges(fFillTruth.lostOnBothLines()).isEmpty());
		Replay replay = Replay.of(fFillFile, fFill);
		assertEquals(List.of(), replay.fNeverFilled);
		assertEquals(lostOnA, replay.lostAt(0), "the oracle: B's copy comes after A's next packet");
		long safe = replay.safe();
		assertTrue(safe > 2_800_000 && safe < 3_100_000, "B fills about 3 ms later: " + safe);

		// auto: the safe timeout, nothing lost, the headline says what the handler needs
		AnalysisResult auto = analyze(fFill, fFillFile, AnalysisOptions.GAP_TIMEOUT_AUTO);
		Map<?, ?> s = session(Json.parse(auto.toJson()));
		Map<?, ?> sc = (Map<?, ?>) Json.at(s, "arbitration", "seq_and_count");
		assertEquals(safe, lng(sc.get("safe_gap_timeout_ns")));
		assertEquals(safe, lng(sc.get("gap_timeout_ns")));
		assertEquals(new RangeList(), ranges(sc.get("lost")));
		assertEquals(new RangeList(), ranges(sc.get("lost_although_delivered")));
		assertSweep(sc, replay);
		assertEquals(List.of(), auto.findings().stream()
				.filter(f -> f.severity() == Severity.ERROR && f.label().equals("seq+count")).toList());
		String headline = auto.summary().headlineText();
		assertTrue(headline.contains("seq+count needs a gap timeout of at least "
				+ String.format(java.util.Locale.ROOT, "%.1f ms", safe / 1e6) + " on this capture"), headline);
		assertTrue(headline.contains("no true loss"), headline);

		// W = 0: the message B delivered 3 ms later is lost, with a finding naming the policy
		AnalysisResult zero = analyze(fFill, fFillFile, 0);
		Map<?, ?> sc0 = (Map<?, ?>) Json.at(session(Json.parse(zero.toJson())), "arbitration", "seq_and_count");
		assertEquals(0L, lng(sc0.get("gap_timeout_ns")));
		assertEquals(lostOnA, ranges(sc0.get("lost")));
		assertEquals(lostOnA, ranges(sc0.get("lost_although_delivered")));
		assertEquals(safe, lng(sc0.get("safe_gap_timeout_ns")));
		List<Finding> errors = zero.findings().stream()
				.filter(f -> f.severity() == Severity.ERROR && f.checkId().endsWith("arbitration")
						&& f.label().equals("seq+count"))
				.toList();
		assertEquals(1, errors.size(), errors::toString);
		Finding f = errors.get(0);
		assertEquals("seq+count", f.label());
		assertEquals(lostOnA.min(), f.fromSeq());
		assertEquals(lostOnA.max(), f.toSeq());
		assertTrue(zero.summary().headlineText().contains(lostOnA.cardinality() + " message"
				+ (lostOnA.cardinality() == 1 ? "" : "s") + " lost by seq+count arbitration with a gap timeout of 0 ns"),
				zero.summary().headlineText());

		// an explicit timeout between two sweep values is computed exactly too
		long half = safe / 2;
		Map<?, ?> sch = (Map<?, ?>) Json.at(session(Json.parse(analyze(fFill, fFillFile, half).toJson())),
				"arbitration", "seq_and_count");
		assertEquals(replay.lostAt(half), ranges(sch.get("lost")));
		assertEquals(half, lng(sch.get("gap_timeout_ns")));
		// first-seq-only: B's copy starts behind its high-water mark, so no timeout helps it
		Map<?, ?> fso = (Map<?, ?>) Json.at(s, "arbitration", "first_seq_only");
		assertEquals(replay.fFirstSeqOnlyLost, ranges(fso.get("lost")));
		assertTrue(replay.fFirstSeqOnlyLost.cardinality() >= lostOnA.cardinality());
	}

	private static void assertSweep(Map<?, ?> policy, Replay replay) {
		List<?> sweep = (List<?>) policy.get("sweep");
		assertEquals(SWEEP.length, sweep.size());
		for (int i = 0; i < SWEEP.length; i++) {
			Map<?, ?> e = (Map<?, ?>) sweep.get(i);
			assertEquals(SWEEP[i], lng(e.get("gap_timeout_ns")));
			RangeList expected = replay.lostAt(SWEEP[i]);
			assertEquals(expected, ranges(e.get("lost")), "W = " + SWEEP[i]);
			assertEquals(expected.cardinality(), lng(e.get("lost_messages")), "W = " + SWEEP[i]);
		}
	}

	@Test
	void seedIncidentFirstSeqOnlyLosesTheSameThreeMessagesAtEveryTimeout() throws IOException {
		Replay replay = Replay.of(fIncidentFile, fIncident);
		for (long w : new long[] { AnalysisOptions.GAP_TIMEOUT_AUTO, 0, 250_000, 5 * MS }) {
			AnalysisResult r = analyze(fIncident, fIncidentFile, w);
			Map<?, ?> s = session(Json.parse(r.toJson()));
			Map<?, ?> fso = (Map<?, ?>) Json.at(s, "arbitration", "first_seq_only");
			RangeList lost = ranges(fso.get("lost_although_delivered"));
			assertEquals(replay.fFirstSeqOnlyLost, lost, "W = " + w);
			assertEquals(3L, lost.cardinality(), "the seed incident loses 3 messages");
			assertNull(fso.get("safe_gap_timeout_ns"));
			for (Object o : (List<?>) fso.get("sweep")) {
				assertEquals(lost, ranges(Json.at(o, "lost")));
				assertEquals(3L, lng(Json.at(o, "lost_messages")));
			}
			Map<?, ?> sc = (Map<?, ?>) Json.at(s, "arbitration", "seq_and_count");
			assertEquals(replay.safe(), lng(sc.get("safe_gap_timeout_ns")));
			assertEquals(new RangeList(), ranges(sc.get("lost_although_delivered")));
			assertSweep(sc, replay);
			String headline = r.summary().headlineText();
			assertTrue(headline.startsWith("3 messages lost by first-seq-only arbitration although both lines "
					+ "delivered them; no true loss; line A froze for "), headline);
			assertTrue(headline.endsWith("; first-seq-only loses 3 messages at any gap timeout"), headline);
			List<Finding> errors = r.findings().stream().filter(f -> f.severity() == Severity.ERROR).toList();
			assertEquals(1, errors.size(), errors::toString);
			assertEquals("first-seq-only", errors.get(0).label());
		}
	}

	@Test
	void latencyPercentilesFromTheHistogramStayWithinItsPrecisionOfTheExactOnes() throws IOException {
		// the generated incident's A/B latency, all samples exact vs folded into HdrHistogram after 1,000
		AnalysisResult exact;
		AnalysisResult folded;
		try (CaptureMerger m = new CaptureMerger(
				List.of(new DissectedPacketSource(Captures.open(fIncidentFile), protocols(fIncident))))) {
			exact = FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(),
					AnalysisOptions.DEFAULTS.withLatencyExactSamples(1 << 22));
		}
		try (CaptureMerger m = new CaptureMerger(
				List.of(new DissectedPacketSource(Captures.open(fIncidentFile), protocols(fIncident))))) {
			folded = FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(),
					AnalysisOptions.DEFAULTS.withLatencyExactSamples(1000));
		}
		Map<?, ?> e = (Map<?, ?>) Json.at(session(Json.parse(exact.toJson())), "ab_latency_ns");
		Map<?, ?> f = (Map<?, ?>) Json.at(session(Json.parse(folded.toJson())), "ab_latency_ns");
		assertEquals(Boolean.TRUE, e.get("exact"));
		assertEquals(Boolean.FALSE, f.get("exact"));
		assertTrue(lng(e.get("samples")) > 10_000, e::toString);
		assertEquals(e.get("samples"), f.get("samples"));
		assertEquals(e.get("max"), f.get("max"));
		assertEquals(e.get("min"), f.get("min"));
		for (String k : List.of("p50", "p99")) {
			long want = lng(e.get(k));
			long got = lng(f.get(k));
			assertTrue(Math.abs(want - got) <= Math.abs(want) / 1000, k + ": " + got + " vs exact " + want);
		}
	}

	@Test
	void gapTimeoutTextIsReadAsPeopleWriteIt() {
		assertEquals(AnalysisOptions.GAP_TIMEOUT_AUTO, AnalysisOptions.parseGapTimeout("auto"));
		assertEquals(0, AnalysisOptions.parseGapTimeout("0"));
		assertEquals(250_000, AnalysisOptions.parseGapTimeout("250us"));
		assertEquals(5_000_000, AnalysisOptions.parseGapTimeout("5ms"));
		assertEquals(4_200_000, AnalysisOptions.parseGapTimeout("4.2ms"));
		assertEquals(1_000_000_000, AnalysisOptions.parseGapTimeout("1s"));
		assertEquals(7, AnalysisOptions.parseGapTimeout("7ns"));
		for (String bad : List.of("", "5", "5 minutes", "-1ms", "1.5ns", "61s", "ms")) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
					() -> AnalysisOptions.parseGapTimeout(bad), bad);
			assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
		}
		for (long w : new long[] { AnalysisOptions.GAP_TIMEOUT_AUTO, 0, 250_000, 4_200_000, 1_000_000_000, 7 }) {
			assertEquals(w, AnalysisOptions.parseGapTimeout(AnalysisOptions.gapTimeoutText(w)));
		}
		assertEquals("auto", AnalysisOptions.GAP_TIMEOUT_DEFAULT);
		assertEquals(AnalysisOptions.GAP_TIMEOUT_AUTO, AnalysisOptions.DEFAULTS.gapTimeoutNanos());
	}
}
