package io.feedscope.analysis.tests;

import static io.feedscope.analysis.tests.GeneratedIncidentTest.lng;
import static io.feedscope.analysis.tests.GeneratedIncidentTest.protocols;
import static io.feedscope.analysis.tests.GeneratedIncidentTest.ranges;
import static io.feedscope.analysis.tests.GeneratedIncidentTest.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
import io.feedscope.analysis.PacketSource;
import io.feedscope.analysis.RangeList;
import io.feedscope.analysis.Severity;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario.Line;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.TapPath.Drop;
import io.feedscope.generator.TapPath.Hop;
import io.feedscope.generator.TapPath;
import io.feedscope.generator.Truth;
import io.feedscope.testdata.outputs.Json;

/**
 * The same A/B feed captured at three tap points along its path, written by the generator with a drop and
 * a delay on each hop and a frame the middle tap failed to capture. Every expected value comes from the
 * truth sidecar's {@code taps} member (what each hop lost, what each tap missed, the transit times by
 * nearest rank over the messages seen at both taps); the captures are handed to the analysis out of
 * path order, so the order must come from the transit times.
 */
@Timeout(120)
class TapPointsTest {

	@TempDir
	static Path fDir;

	private static Truth fTruth;
	private static Object fJson;
	private static AnalysisResult fResult;
	/** capture index of tap k in the analysis (files given as tap 2, tap 0, tap 1) */
	private static final int[] CAPTURE_OF_TAP = { 1, 2, 0 };

	@BeforeAll
	static void generate() throws IOException {
		Scenario s = Scenario.builder().seed(5).duration(400_000_000L).rate(30_000).build();
		Path base = fDir.resolve("path.pcap");
		List<Hop> hops = List.of(
				new Hop(20_000, 40_000, List.of(new Drop(0.3, Line.A, 2)), List.of(new Drop(0.6, Line.B, 1))),
				new Hop(100_000, 300_000, List.of(new Drop(0.5, Line.B, 3)), List.of()));
		new Generator(s).format(CaptureFormat.PCAP_NS).taps(hops).write(base);
		fTruth = Truth.read(base);
		List<PacketSource> sources = new ArrayList<>();
		for (Path f : List.of(TapPath.tapPath(base, 2), base, TapPath.tapPath(base, 1))) {
			sources.add(new DissectedPacketSource(Captures.open(f), protocols(s)));
		}
		try (CaptureMerger m = new CaptureMerger(sources)) {
			fResult = FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS);
		}
		fJson = Json.parse(fResult.toJson());
	}

	private static Map<?, ?> truthTap(int k) {
		return (Map<?, ?>) ((List<?>) fTruth.json().get("taps")).get(k);
	}

	private static Map<?, ?> truthLine(int k, String line) {
		for (Object o : (List<?>) truthTap(k).get("lines")) {
			if (line.equals(((Map<?, ?>) o).get("line"))) {
				return (Map<?, ?>) o;
			}
		}
		throw new AssertionError("no line " + line + " at tap " + k);
	}

	private static Map<?, ?> reportTaps(String line) {
		return (Map<?, ?>) GeneratedIncidentTest.reportLine(fJson, fTruth, line).get("taps");
	}

	@Test
	void theTruthHasWhatTheHopsDid() {
		assertEquals(3, ((List<?>) fTruth.json().get("taps")).size());
		assertEquals(2, ((List<?>) Json.at(truthTap(1), "hop", "droppedFrames")).size());
		assertEquals(1, ((List<?>) Json.at(truthTap(1), "hop", "missedFrames")).size());
		assertEquals(3, ((List<?>) Json.at(truthTap(2), "hop", "droppedFrames")).size());
		assertTrue(!ranges(truthLine(1, "A").get("lostByHop")).isEmpty());
		assertTrue(!ranges(truthLine(1, "B").get("missedByTap")).isEmpty());
		assertTrue(!ranges(truthLine(2, "B").get("lostByHop")).isEmpty());
	}

	@Test
	void tapsAreOrderedAlongThePathByTransitTime() {
		for (String l : List.of("A", "B")) {
			Map<?, ?> taps = reportTaps(l);
			assertEquals("median_transit", taps.get("ordered_by"));
			List<Long> order = new ArrayList<>();
			for (Object p : (List<?>) taps.get("points")) {
				order.add(lng(((Map<?, ?>) p).get("capture")));
			}
			assertEquals(List.of(1L, 2L, 0L), order, "line " + l);
		}
	}

	@Test
	void perHopLossesAndTransitAreTheTruths() {
		for (String l : List.of("A", "B")) {
			List<?> hops = (List<?>) reportTaps(l).get("hops");
			assertEquals(2, hops.size(), "line " + l);
			for (int k = 1; k <= 2; k++) {
				Map<?, ?> hop = (Map<?, ?>) hops.get(k - 1);
				String at = "line " + l + " hop " + (k - 1) + "->" + k;
				assertEquals((long) CAPTURE_OF_TAP[k - 1], lng(hop.get("upstream")), at);
				assertEquals((long) CAPTURE_OF_TAP[k], lng(hop.get("downstream")), at);
				Map<?, ?> t = truthLine(k, l);
				RangeList lost = ranges(t.get("lostByHop"));
				assertEquals(lost, ranges(hop.get("lost_by_hop")), at);
				assertEquals(lost.cardinality(), lng(hop.get("lost_by_hop_messages")), at);
				assertEquals(ranges(t.get("missedByTap")), ranges(hop.get("missed_by_downstream_tap")), at);
				// what the upstream tap missed but this hop carried on: tap k-1's misses
				RangeList upstreamMissed = k == 1 ? new RangeList() : ranges(truthLine(k - 1, l).get("missedByTap"));
				assertEquals(upstreamMissed.minus(lost), ranges(hop.get("missed_by_upstream_tap")), at);
				Map<?, ?> transit = (Map<?, ?>) hop.get("transit_ns");
				Map<?, ?> tt = (Map<?, ?>) t.get("transitNs");
				for (String key : List.of("samples", "min", "p50", "p99", "max")) {
					assertEquals(lng(tt.get(key)), lng(transit.get(key)), at + " transit " + key);
				}
				Map<?, ?> worst = (Map<?, ?>) ((List<?>) transit.get("worst")).get(0);
				assertEquals(lng(tt.get("max")), lng(worst.get("peak_ns")), at);
			}
		}
	}

	@Test
	void findingsPerHopAndTheHeadlineNameTheHopThatLost() {
		List<Finding> hopLosses = fResult.findings().stream()
				.filter(f -> f.checkId().equals("io.feedscope.analysis.taps") && f.severity() == Severity.WARNING)
				.toList();
		RangeList lostA = ranges(truthLine(1, "A").get("lostByHop"));
		RangeList lostB = ranges(truthLine(2, "B").get("lostByHop"));
		assertEquals(lostA.size() + lostB.size(), hopLosses.size(), hopLosses::toString);
		for (Finding f : hopLosses) {
			boolean onA = f.fromSeq() == lostA.from(0);
			assertEquals(onA ? "hop 1\u21922" : "hop 2\u21920", f.label(), f::toString);
		}
		String headline = fResult.summary().headlineText();
		assertTrue(headline.contains("lost " + lostA.cardinality() + " messages between tap path.pcap and tap path.tap1.pcap"),
				headline);
		assertTrue(headline.contains("lost " + lostB.cardinality() + " messages between tap path.tap1.pcap and tap path.tap2.pcap"),
				headline);
		// nothing was lost on every tap's path of both lines: the other line had it
		assertEquals(new RangeList(), ranges(session(fJson).get("loss")));
	}

	@Test
	void anOrderGivenByTheCallerWins() throws IOException {
		Path base = fDir.resolve("path.pcap");
		List<PacketSource> sources = new ArrayList<>();
		for (Path f : List.of(TapPath.tapPath(base, 2), base, TapPath.tapPath(base, 1))) {
			sources.add(new DissectedPacketSource(Captures.open(f), protocols(Scenario.builder().build())));
		}
		AnalysisResult r;
		try (CaptureMerger m = new CaptureMerger(sources)) {
			r = FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(),
					AnalysisOptions.DEFAULTS.withTapOrder(List.of(0, 1, 2)));
		}
		Map<?, ?> taps = (Map<?, ?>) GeneratedIncidentTest.reportLine(Json.parse(r.toJson()), fTruth, "A").get("taps");
		assertEquals("given", taps.get("ordered_by"));
		List<?> hops = (List<?>) taps.get("hops");
		assertEquals(0L, lng(Json.at(hops.get(0), "upstream")));
		// tap 2 "upstream" of tap 0: transit runs backwards, as the caller's order says
		assertTrue(lng(Json.at(hops.get(0), "transit_ns", "p50")) < 0);
	}
}
