package io.feedscope.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import io.feedscope.analysis.PacketEvent;
import io.feedscope.analysis.PacketSource;
import io.feedscope.analysis.RangeList;
import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.capture.PacketLayers;
import io.feedscope.capture.StreamedCapture;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.Truth;
import io.feedscope.testdata.outputs.Json;

/**
 * Incidents written by the generator, analyzed through the dissector exactly as {@code feedscope analyze}
 * does. Every expected value comes from the generator's ground truth ({@code .truth.json}: what each line
 * delivered and lost, freezes, straddling frames, malformed frames, retransmissions...) or from the
 * scenario's parameters; the arbitration losses are also replayed here from the raw MoldUDP64 headers
 * ({@link MoldUdp64CaptureSource}) by the policies' definitions. Nothing is copied from the analysis output.
 * <p>
 * Lines are matched by destination (group:port from the truth), not by the analysis' A/B naming.
 */
@Timeout(120)
class GeneratedIncidentTest {

	@TempDir
	static Path fDir;

	private static Scenario fIncident;
	private static Path fIncidentFile;
	private static Truth fIncidentTruth;
	private static Object fIncidentJson;

	private static Scenario fDemo;
	private static Path fDemoFile;
	private static Truth fDemoTruth;
	private static Object fDemoJson;

	@BeforeAll
	static void generate() throws IOException {
		fIncident = Scenario.preset("incident").seed(11).build();
		fIncidentFile = fDir.resolve("incident.pcap");
		new Generator(fIncident).format(CaptureFormat.PCAP_NS).write(fIncidentFile);
		fIncidentTruth = Truth.read(fIncidentFile);
		fIncidentJson = Json.parse(analyze(protocols(fIncident), fIncidentFile).toJson());

		fDemo = Scenario.preset("demo").seed(3).build();
		fDemoFile = fDir.resolve("demo.pcapng");
		new Generator(fDemo).format(CaptureFormat.PCAPNG).write(fDemoFile);
		fDemoTruth = Truth.read(fDemoFile);
		fDemoJson = Json.parse(analyze(protocols(fDemo), fDemoFile).toJson());
	}

	/** The built-in protocols with the re-request server's port bound, as {@code --bind udp.port==P} does. */
	static ProtocolSet protocols(Scenario s) {
		return ProtocolRegistry.getDefault().compile().toBuilder().bindPorts("moldudp64", s.requestPort(), s.requestPort())
				.build();
	}

	static AnalysisResult analyze(ProtocolSet protocols, Path... files) throws IOException {
		List<PacketSource> sources = new ArrayList<>();
		for (Path f : files) {
			sources.add(new DissectedPacketSource(Captures.open(f), protocols));
		}
		try (CaptureMerger m = new CaptureMerger(sources)) {
			return FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS);
		}
	}

	// ---- helpers over the JSON report and the truth

	static Map<?, ?> session(Object root) {
		List<?> sessions = (List<?>) Json.at(root, "sessions");
		assertEquals(1, sessions.size(), "sessions");
		return (Map<?, ?>) sessions.get(0);
	}

	static Map<?, ?> lineByDestination(Object session, String destination) {
		for (Object l : (List<?>) Json.at(session, "lines")) {
			if (destination.equals(((Map<?, ?>) l).get("destination"))) {
				return (Map<?, ?>) l;
			}
		}
		throw new AssertionError("no line to " + destination + " in " + Json.at(session, "lines"));
	}

	static Map<String, Object> truthLine(Truth t, String line) {
		for (Object o : (List<?>) t.json().get("lines")) {
			@SuppressWarnings("unchecked")
			Map<String, Object> m = (Map<String, Object>) o;
			if (line.equals(m.get("line"))) {
				return m;
			}
		}
		throw new AssertionError("no line " + line + " in the truth");
	}

	static String destination(Truth t, String line) {
		Map<String, Object> m = truthLine(t, line);
		return m.get("group") + ":" + m.get("port");
	}

	static Map<?, ?> reportLine(Object json, Truth t, String line) {
		return lineByDestination(session(json), destination(t, line));
	}

	static RangeList ranges(Object json) {
		RangeList r = new RangeList();
		for (Object o : (List<?>) json) {
			List<?> p = (List<?>) o;
			r.add((Long) p.get(0), (Long) p.get(1));
		}
		return r;
	}

	static RangeList ranges(List<long[]> list) {
		RangeList r = new RangeList();
		for (long[] p : list) {
			r.add(p[0], p[1]);
		}
		return r;
	}

	static long lng(Object o) {
		return ((Number) o).longValue();
	}

	// ---- the seed incident

	@Test
	void seedIncidentFreezeOfLineAWithTheTruthsFrames() {
		List<Map<String, Object>> truth = fIncidentTruth.list("freezes");
		assertEquals(1, truth.size(), "the preset plans one freeze");
		Map<String, Object> tf = truth.get(0);
		assertEquals("A", tf.get("line"));
		List<?> freezes = (List<?>) Json.at(session(fIncidentJson), "freezes");
		assertEquals(1, freezes.size(), freezes::toString);
		Map<?, ?> f = (Map<?, ?>) freezes.get(0);
		assertEquals(reportLine(fIncidentJson, fIncidentTruth, "A").get("name"), f.get("line"));
		assertEquals(tf.get("lastFrameBefore"), f.get("start_frame"));
		assertEquals(tf.get("firstFrameAfter"), f.get("end_frame"));
		assertEquals(tf.get("startNs"), f.get("start_ns"));
		assertEquals(tf.get("endNs"), f.get("end_ns"));
		// the scenario asks for 100 ms; the generator's truth says how long the silence really was
		assertEquals(lng(tf.get("endNs")) - lng(tf.get("startNs")), lng(f.get("duration_ns")));
		assertTrue(Math.abs(lng(f.get("duration_ns")) - 100_000_000L) < 1_000_000L, f::toString);
	}

	@Test
	void seedIncidentStraddlingPacketIsTrashedByFirstSeqOnly() {
		List<Map<String, Object>> straddling = fIncidentTruth.list("straddlingFrames");
		assertEquals(1, straddling.size(), straddling::toString);
		Map<String, Object> s = straddling.get(0);
		Map<?, ?> fso = (Map<?, ?>) Json.at(session(fIncidentJson), "arbitration", "first_seq_only");
		List<?> trashed = (List<?>) fso.get("trashed_packets_with_new_data");
		assertEquals(1, trashed.size(), trashed::toString);
		Map<?, ?> t = (Map<?, ?>) trashed.get(0);
		assertEquals(0L, t.get("capture"));
		assertEquals(s.get("frame"), t.get("frame"));
		assertEquals(reportLine(fIncidentJson, fIncidentTruth, (String) s.get("line")).get("name"), t.get("line"));
		assertEquals(s.get("sequence"), t.get("first_seq"));
		assertEquals(s.get("count"), t.get("count"));
		assertEquals(s.get("newFrom"), t.get("first_new_seq"));
		assertEquals(s.get("timeNs"), t.get("time_ns"));
		assertEquals(1L, fso.get("trashed_packets_with_new_data_count"));
	}

	@Test
	void seedIncidentFirstSeqOnlyLosesWhatBothLinesDeliveredSeqAndCountLosesNothing() throws IOException {
		// no loss in this preset: both lines delivered every message of the session
		long last = fIncidentTruth.lastSequence();
		for (String l : List.of("A", "B")) {
			assertEquals(RangeList.of(1, last), ranges(fIncidentTruth.delivered(line(l))), "line " + l);
		}
		Map<?, ?> s = session(fIncidentJson);
		Replay replay = Replay.of(fIncidentFile, fIncident);
		RangeList lost = ranges(Json.at(s, "arbitration", "first_seq_only", "lost"));
		assertEquals(replay.fFirstSeqOnlyLost, lost);
		// the messages lost are the new tail of the straddling packet that B's copies did not re-supply in time
		Map<String, Object> st = fIncidentTruth.list("straddlingFrames").get(0);
		long newFrom = lng(st.get("newFrom"));
		long tail = lng(st.get("sequence")) + lng(st.get("count")) - 1;
		assertFalse(lost.isEmpty());
		assertTrue(lost.min() >= newFrom && lost.max() == tail, lost::toString);
		assertEquals(lost, ranges(Json.at(s, "arbitration", "first_seq_only", "lost_although_delivered")));
		assertEquals(lost.cardinality(), lng(Json.at(s, "arbitration", "first_seq_only", "lost_although_delivered_messages")));
		assertEquals(new RangeList(), ranges(Json.at(s, "arbitration", "seq_and_count", "lost")));
		assertEquals(new RangeList(), ranges(Json.at(s, "loss")));
		String headline = (String) Json.at(fIncidentJson, "headline");
		assertTrue(headline.startsWith(lost.cardinality() + " message"), headline);
		assertTrue(headline.contains("no true loss"), headline);
	}

	@Test
	void seedIncidentLineBFirstDuringTheFreeze() {
		Map<String, Object> tf = fIncidentTruth.list("freezes").get(0);
		// B delivered first from the message after A's last before the freeze up to before the catch-up
		// reached live data; A's catch-up starts at catchUpFromSequence: everything from there until B was
		// overtaken was B's
		RangeList bFirst = ranges(Json.at(session(fIncidentJson), "b_first"));
		assertEquals(1, bFirst.size(), bFirst::toString);
		assertEquals(lng(tf.get("catchUpFromSequence")), bFirst.from(0));
		Map<String, Object> st = fIncidentTruth.list("straddlingFrames").get(0);
		assertEquals(lng(st.get("alreadyDeliveredThrough")), bFirst.to(0));
	}

	// ---- the demo preset: a bit of everything

	@Test
	void perLineGapsAreTheTruthsLossesPlusTheMalformedFramesBlocks() {
		for (String l : List.of("A", "B")) {
			RangeList expected = ranges(fDemoTruth.lost(line(l)));
			// a malformed frame carries no messages for the analysis (its accounting cannot be trusted):
			// the blocks it holds count as not delivered on that line
			for (Map<String, Object> m : fDemoTruth.list("malformed")) {
				if (l.equals(m.get("line"))) {
					long seq = lng(m.get("sequence"));
					long n = Math.min(lng(m.get("countField")), lng(m.get("blocksPresent")));
					expected.add(seq, seq + n - 1);
				}
			}
			Map<?, ?> line = reportLine(fDemoJson, fDemoTruth, l);
			assertEquals(expected, ranges(line.get("gaps")), "line " + l);
			assertEquals(expected.cardinality(), lng(line.get("gap_messages")), "line " + l);
		}
	}

	@Test
	void perLineLossMatchesTheTruthExactly() throws IOException {
		Scenario s = Scenario.preset("loss").seed(5).build();
		Path f = fDir.resolve("loss.pcap");
		new Generator(s).format(CaptureFormat.PCAP_NS).write(f);
		Truth t = Truth.read(f);
		Object json = Json.parse(analyze(protocols(s), f).toJson());
		for (String l : List.of("A", "B")) {
			Map<?, ?> line = reportLine(json, t, l);
			assertEquals(ranges(t.lost(line(l))), ranges(line.get("gaps")), "line " + l);
			assertEquals(truthLine(t, l).get("frames"), lng(line.get("packets")) + lng(line.get("heartbeats"))
					+ lng(line.get("end_of_session")), "frames of line " + l);
		}
		Map<?, ?> ss = session(json);
		assertEquals(ranges(t.lostOnBothLines()), ranges(ss.get("loss")));
		assertEquals(ranges(t.lostOnBothLines()).cardinality(), lng(ss.get("loss_messages")));
		assertEquals(ranges(t.json().get("recoveredByRetransmission")), ranges(ss.get("recovered_by_retransmission")));
		assertRequests(t, ss);
	}

	@Test
	void trueLossRecoveredByTheRetransmissionAnswer() {
		Map<?, ?> s = session(fDemoJson);
		RangeList both = ranges(fDemoTruth.lostOnBothLines());
		assertFalse(both.isEmpty(), "the demo loses messages on both lines");
		assertEquals(both, ranges(s.get("loss")));
		assertEquals(ranges(fDemoTruth.json().get("recoveredByRetransmission")), ranges(s.get("recovered_by_retransmission")));
		assertEquals(both, ranges(s.get("recovered_by_retransmission")), "the demo's retransmission answers all of it");
		assertRequests(fDemoTruth, s);
		assertEquals((long) fDemoTruth.list("retransmissions").size(), lng(s.get("retransmission_packets")));
	}

	static void assertRequests(Truth t, Map<?, ?> s) {
		List<Map<String, Object>> expected = new ArrayList<>();
		for (Map<String, Object> r : t.list("retransmissions")) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("capture", 0L);
			m.put("frame", r.get("requestFrame"));
			m.put("seq", r.get("sequence"));
			m.put("count", r.get("count"));
			m.put("answer_capture", 0L);
			m.put("answer_frame", r.get("responseFrame"));
			expected.add(m);
		}
		assertEquals(expected.toString(), String.valueOf(s.get("retransmission_requests")));
		assertEquals((long) expected.size(), lng(s.get("requests")));
	}

	@Test
	void duplicatesAndReordersPerLine() {
		for (String l : List.of("A", "B")) {
			long dupPackets = 0;
			long dupMessages = 0;
			for (Map<String, Object> d : fDemoTruth.list("duplicates")) {
				if (l.equals(d.get("line"))) {
					dupPackets++;
					dupMessages += lng(d.get("count"));
				}
			}
			long reordered = fDemoTruth.list("reordered").stream().filter(r -> l.equals(r.get("line"))).count();
			Map<?, ?> line = reportLine(fDemoJson, fDemoTruth, l);
			assertEquals(dupPackets, lng(line.get("duplicate_packets")), "line " + l);
			assertEquals(dupMessages, lng(line.get("duplicate_messages")), "line " + l);
			assertEquals(reordered, lng(line.get("reordered_packets")), "line " + l);
		}
		// the demo plans one duplicate per line and one reordering on B
		assertEquals(2, fDemoTruth.list("duplicates").size());
		assertEquals(1, fDemoTruth.list("reordered").size());
	}

	@Test
	void heartbeatsDuringTheQuietPeriodAreNoFreezeAndEndOfSessionIsCounted() {
		assertEquals(1, fDemoTruth.list("quietPeriods").size(), "the demo has one quiet period");
		Map<?, ?> s = session(fDemoJson);
		for (String l : List.of("A", "B")) {
			Map<?, ?> line = reportLine(fDemoJson, fDemoTruth, l);
			assertEquals(truthLine(fDemoTruth, l).get("heartbeats"), line.get("heartbeats"), "line " + l);
			assertEquals(truthLine(fDemoTruth, l).containsKey("endOfSessionFrame") ? 1L : 0L, line.get("end_of_session"));
		}
		assertEquals(2, fDemoTruth.endOfSessionFrames().size());
		// only the planned freeze of line A: both lines quiet together is no freeze, nor is their resuming
		// microseconds apart
		List<?> freezes = (List<?>) s.get("freezes");
		List<Map<String, Object>> truth = fDemoTruth.list("freezes");
		assertEquals(truth.size(), freezes.size(), freezes::toString);
		assertEquals(truth.get(0).get("lastFrameBefore"), ((Map<?, ?>) freezes.get(0)).get("start_frame"));
		assertEquals(truth.get(0).get("firstFrameAfter"), ((Map<?, ?>) freezes.get(0)).get("end_frame"));
	}

	@Test
	void quietFeedWithHeartbeatsOnlyHasNoFreeze() throws IOException {
		Scenario s = Scenario.preset("clean").seed(8).duration(2_000_000_000L).heartbeatInterval(250_000_000L)
				.quiet(0.3, 800_000_000L).build();
		Path f = fDir.resolve("quiet.pcap");
		new Generator(s).format(CaptureFormat.PCAP_NS).write(f);
		Truth t = Truth.read(f);
		Object json = Json.parse(analyze(protocols(s), f).toJson());
		Map<?, ?> ss = session(json);
		for (String l : List.of("A", "B")) {
			long hb = lng(truthLine(t, l).get("heartbeats"));
			assertTrue(hb > 0, "heartbeats in the quiet period");
			assertEquals(hb, lng(reportLine(json, t, l).get("heartbeats")));
			assertEquals(new RangeList(), ranges(reportLine(json, t, l).get("gaps")));
		}
		assertEquals("[]", String.valueOf(ss.get("freezes")));
		assertEquals(new RangeList(), ranges(ss.get("loss")));
	}

	@Test
	void malformedFramesAreListedWithTheFramingReason() {
		List<Map<String, Object>> truth = fDemoTruth.list("malformed");
		List<?> listed = (List<?>) Json.at(fDemoJson, "malformed_frames");
		assertEquals(truth.size(), listed.size(), listed::toString);
		assertEquals((long) truth.size(), lng(Json.at(fDemoJson, "malformed_count")));
		for (int i = 0; i < truth.size(); i++) {
			Map<?, ?> m = (Map<?, ?>) listed.get(i);
			assertEquals(truth.get(i).get("frame"), m.get("frame"));
			String problem = (String) m.get("problem");
			// count beyond the blocks present blames the count; overruns (also cut by the snaplen) blame a length
			String field = "count-beyond-blocks".equals(truth.get(i).get("kind")) ? "moldudp64.count" : "moldudp64.msglen";
			assertTrue(problem.startsWith(field), problem);
		}
	}

	@Test
	void malformedFramesAreFoundWithoutAnyBindingOnTheFeedsOwnPort() throws IOException {
		Object json = Json.parse(analyze(ProtocolRegistry.getDefault().compile(), fDemoFile).toJson());
		List<?> listed = (List<?>) Json.at(json, "malformed_frames");
		List<Long> frames = new ArrayList<>();
		for (Object o : listed) {
			frames.add((Long) ((Map<?, ?>) o).get("frame"));
		}
		assertEquals(fDemoTruth.malformedFrames(), frames);
	}

	@Test
	void vlanTagsGiveTheSameReport() throws IOException {
		Scenario tagged = Scenario.preset("demo").seed(3).vlans(100, 200).build();
		Path f = fDir.resolve("demo-vlan.pcapng");
		new Generator(tagged).format(CaptureFormat.PCAPNG).write(f);
		Object json = Json.parse(analyze(protocols(tagged), f).toJson());
		assertEquals(withoutCaptureNames(fDemoJson), withoutCaptureNames(json));
	}

	@Test
	void pcapAndPcapngGiveTheSameReport() throws IOException {
		Path f = fDir.resolve("demo.pcap");
		new Generator(fDemo).format(CaptureFormat.PCAP_NS).write(f);
		Object json = Json.parse(analyze(protocols(fDemo), f).toJson());
		assertEquals("pcap-ns", Json.at(json, "captures", 0, "format"));
		assertEquals("pcapng", Json.at(fDemoJson, "captures", 0, "format"));
		assertEquals(withoutCaptureNames(fDemoJson), withoutCaptureNames(json));
	}

	@Test
	void streamedCapturesGiveTheSameReportAsIndexedOnes() throws IOException {
		// the CLI streams pcap/pcapng (flat memory); the same report as through the frame index, frame numbers included
		Path pcap = fDir.resolve("demo-streamed.pcap");
		new Generator(fDemo).format(CaptureFormat.PCAP).write(pcap);
		for (Path f : List.of(fDemoFile, pcap, fIncidentFile)) {
			ProtocolSet ps = protocols(fDemo);
			String indexed = analyze(ps, f).toJson();
			String streamed;
			try (CaptureMerger m = new CaptureMerger(List.of(new DissectedPacketSource(Captures.stream(f), ps)))) {
				streamed = FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS).toJson();
			}
			assertEquals(indexed, streamed, f.toString());
		}
	}

	@Test
	void streamedCaptureCutShortEndsWithAProblemNamingTheFrame() throws IOException {
		Path cut = fDir.resolve("cut.pcap");
		byte[] all = Files.readAllBytes(fIncidentFile);
		Files.write(cut, java.util.Arrays.copyOf(all, all.length - 7));
		try (StreamedCapture s = Captures.stream(cut)) {
			int n = 0;
			while (s.next()) {
				n++;
			}
			assertEquals(fIncidentTruth.frames() - 1, n);
			assertEquals(1, s.problems().size(), s.problems()::toString);
			assertEquals((int) fIncidentTruth.frames(), s.problems().get(0).frame());
			assertTrue(s.problems().get(0).message().contains("file cut inside frame data"),
					s.problems()::toString);
		}
	}

	/** The report minus what names the file (path, name, format). */
	static String withoutCaptureNames(Object json) {
		Map<?, ?> root = new LinkedHashMap<>((Map<?, ?>) json);
		List<Object> caps = new ArrayList<>();
		for (Object c : (List<?>) root.get("captures")) {
			Map<Object, Object> m = new LinkedHashMap<>((Map<?, ?>) c);
			m.remove("path");
			m.remove("name");
			m.remove("format");
			caps.add(m);
		}
		@SuppressWarnings("unchecked")
		Map<Object, Object> r = (Map<Object, Object>) root;
		r.put("captures", caps);
		return r.toString();
	}

	@Test
	void twoTapPointsOneLineEachGiveTheSameFindingsAsOneCapture() throws IOException {
		// split the demo capture by the truth's line groups into one pcap per tap point (A, then B with
		// the unicast retransmission traffic), as two capture hosts would have recorded it
		Path a = fDir.resolve("tapA.pcap");
		Path b = fDir.resolve("tapB.pcap");
		String groupA = (String) truthLine(fDemoTruth, "A").get("group");
		List<Integer> framesA = new ArrayList<>();
		List<Integer> framesB = new ArrayList<>();
		split(fDemoFile, groupA, a, b, framesA, framesB);
		assertEquals(truthLine(fDemoTruth, "A").get("frames"), (long) framesA.size());

		Object json = Json.parse(analyze(protocols(fDemo), a, b).toJson());
		assertEquals(2, ((List<?>) Json.at(json, "captures")).size());
		assertEquals((long) framesA.size(), Json.at(json, "captures", 0, "frames"));
		assertEquals((long) framesB.size(), Json.at(json, "captures", 1, "frames"));
		assertEquals(fDemoTruth.frames(), Json.at(json, "frames"));
		Map<?, ?> one = session(fDemoJson);
		Map<?, ?> two = session(json);
		for (String l : List.of("A", "B")) {
			Map<?, ?> l1 = reportLine(fDemoJson, fDemoTruth, l);
			Map<?, ?> l2 = reportLine(json, fDemoTruth, l);
			for (String k : List.of("gaps", "packets", "messages", "heartbeats", "duplicate_packets", "reordered_packets",
					"first_delivered")) {
				assertEquals(l1.get(k), l2.get(k), l + " " + k);
			}
		}
		for (String k : List.of("loss", "recovered_by_retransmission", "b_first", "first_seq", "last_seq")) {
			assertEquals(one.get(k), two.get(k), k);
		}
		assertEquals(ranges(Json.at(one, "arbitration", "first_seq_only", "lost")),
				ranges(Json.at(two, "arbitration", "first_seq_only", "lost")));
		// frames now point into each tap point's own file: the straddling A frame is frame n of capture 0
		Map<String, Object> st = fDemoTruth.list("straddlingFrames").get(0);
		Map<?, ?> trashed = (Map<?, ?>) ((List<?>) Json.at(two, "arbitration", "first_seq_only",
				"trashed_packets_with_new_data")).get(0);
		int inA = framesA.indexOf((int) lng(st.get("frame"))) + 1;
		assertTrue(inA > 0);
		assertEquals(0L, trashed.get("capture"));
		assertEquals((long) inA, trashed.get("frame"));
		List<?> requests = (List<?>) two.get("retransmission_requests");
		Map<String, Object> rt = fDemoTruth.list("retransmissions").get(0);
		Map<?, ?> req = (Map<?, ?>) requests.get(0);
		assertEquals(1L, req.get("capture"));
		assertEquals((long) framesB.indexOf((int) lng(rt.get("requestFrame"))) + 1, req.get("frame"));
		assertEquals((long) framesB.indexOf((int) lng(rt.get("responseFrame"))) + 1, req.get("answer_frame"));
	}

	/** Writes frames to group A into {@code a}, the rest into {@code b} (pcap, ns); collects the original numbers. */
	static void split(Path in, String groupA, Path a, Path b, List<Integer> framesA, List<Integer> framesB)
			throws IOException {
		int ga = 0;
		for (String q : groupA.split("\\.")) {
			ga = ga << 8 | Integer.parseInt(q);
		}
		try (CaptureFile c = Captures.open(in); OutputStream oa = Files.newOutputStream(a);
				OutputStream ob = Files.newOutputStream(b)) {
			PacketLayers layers = new PacketLayers();
			int link = c.linkType(1);
			oa.write(pcapHeader(link));
			ob.write(pcapHeader(link));
			for (int f = 1; f <= c.frameCount(); f++) {
				ByteBuffer data = c.frameData(f);
				layers.decode(data, c.linkType(f));
				boolean toA = layers.kind() == PacketLayers.Kind.UDP && layers.ipDestination() == ga;
				(toA ? framesA : framesB).add(f);
				OutputStream o = toA ? oa : ob;
				long t = c.timestampNanos(f);
				ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
				rec.putInt((int) (t / 1_000_000_000L)).putInt((int) (t % 1_000_000_000L)).putInt(data.remaining())
						.putInt(c.originalLength(f));
				o.write(rec.array());
				byte[] bytes = new byte[data.remaining()];
				data.get(bytes);
				o.write(bytes);
			}
		}
	}

	static byte[] pcapHeader(int linkType) {
		// pcap with nanosecond timestamps (magic a1b23c4d), version 2.4, snaplen 65535
		ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
		h.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(linkType);
		return h.array();
	}

	@Test
	void jsonReportHasTheDocumentedMembers() {
		Map<?, ?> root = (Map<?, ?>) fDemoJson;
		for (String k : List.of("captures", "frames", "malformed_frames", "sessions", "headline", "findings")) {
			assertTrue(root.containsKey(k), k);
		}
		Map<?, ?> c = (Map<?, ?>) Json.at(root, "captures", 0);
		for (String k : List.of("path", "format", "frames", "first_time_ns", "last_time_ns")) {
			assertTrue(c.containsKey(k), "captures[]." + k);
		}
		assertEquals(fDemoFile.toString(), c.get("path"));
		assertEquals(fDemoTruth.frames(), c.get("frames"));
		assertEquals(fDemoTruth.json().get("firstTimeNs"), c.get("first_time_ns"));
		assertEquals(fDemoTruth.json().get("lastTimeNs"), c.get("last_time_ns"));
		assertEquals(fDemoTruth.frames(), root.get("frames"));
		Map<?, ?> s = session(root);
		for (String k : List.of("protocol", "session", "first_seq", "last_seq", "message_types", "lines", "loss",
				"recovered_by_retransmission", "retransmission_requests", "arbitration", "b_first", "freezes",
				"ab_latency_ns")) {
			assertTrue(s.containsKey(k), "sessions[]." + k);
		}
		assertEquals("moldudp64", s.get("protocol"));
		assertEquals(fDemo.session(), s.get("session"));
		assertEquals(1L, s.get("first_seq"));
		assertEquals(fDemoTruth.lastSequence(), s.get("last_seq"));
		// every ITCH 5.0 type appears in the demo; the counts are the truth's, except the messages of the
		// malformed frames that no other copy delivered (none here: the other line has them)
		@SuppressWarnings("unchecked")
		Map<String, Object> byType = (Map<String, Object>) ((Map<String, Object>) fDemoTruth.json().get("messages"))
				.get("byType");
		Map<?, ?> types = (Map<?, ?>) s.get("message_types");
		long sum = 0;
		for (Object v : types.values()) {
			sum += lng(v);
		}
		assertEquals(lng(s.get("distinct_messages")) + lng(s.get("retransmission_only_messages")), sum);
		assertEquals(byType.keySet().stream().filter(k -> lng(byType.get(k)) > 0).sorted().toList(),
				types.keySet().stream().map(String::valueOf).sorted().toList());
		for (Object l : (List<?>) s.get("lines")) {
			Map<?, ?> m = (Map<?, ?>) l;
			for (String k : List.of("name", "destination", "packets", "messages", "heartbeats", "gaps")) {
				assertTrue(m.containsKey(k), "lines[]." + k);
			}
		}
		Map<?, ?> lat = (Map<?, ?>) s.get("ab_latency_ns");
		Latency expected = Latency.of(fDemoFile, fDemo);
		// every message both lines delivered in sound frames is one sample, one delivered by a single line is
		// unmatched: the truth says which (its losses plus the blocks of malformed frames, per line)
		RangeList notA = notDelivered(fDemoTruth, "A");
		RangeList notB = notDelivered(fDemoTruth, "B");
		RangeList either = new RangeList();
		either.addAll(notA);
		either.addAll(notB);
		assertEquals(fDemoTruth.lastSequence() - either.cardinality(), expected.samples(), "delivered on both lines");
		assertEquals(either.minus(notA.intersect(notB)).cardinality(), expected.unmatched(), "delivered on one line only");
		assertEquals(expected.samples(), lng(lat.get("samples")));
		assertEquals(expected.unmatched(), lng(lat.get("unmatched")));
		assertEquals(expected.min(), lng(lat.get("min")));
		assertEquals(expected.max(), lng(lat.get("max")));
		if (expected.samples() <= AnalysisOptions.DEFAULTS.latencyExactSamples()) {
			assertEquals(true, lat.get("exact"));
			assertEquals(expected.percentile(0.50), lng(lat.get("p50")));
			assertEquals(expected.percentile(0.99), lng(lat.get("p99")));
		} else {
			// beyond the exact samples the histogram's bucket bound: towards zero, within 1/128 (LatencyHistogram)
			assertEquals(false, lat.get("exact"));
			for (String k : List.of("p50", "p99")) {
				long want = expected.percentile(k.equals("p50") ? 0.50 : 0.99);
				long got = lng(lat.get(k));
				assertTrue(Math.abs(got) <= Math.abs(want) && Math.abs(want) - Math.abs(got) <= Math.abs(want) / 128
						&& Long.signum(got) == Long.signum(want), k + " " + got + " for " + want);
			}
		}
		// with room for every sample the percentiles are exact: the latency check alone, over the same file
		try (CaptureMerger m = new CaptureMerger(
				List.of(new DissectedPacketSource(Captures.open(fDemoFile), protocols(fDemo))))) {
			AnalysisResult r = FeedAnalyzer.analyze(m,
					CheckRegistry.load().checks().stream().filter(d -> d.id().equals("io.feedscope.analysis.latency")).toList(),
					AnalysisOptions.DEFAULTS.withLatencyExactSamples(1 << 20));
			Map<?, ?> all = (Map<?, ?>) session(Json.parse(r.toJson())).get("ab_latency_ns");
			assertEquals(true, all.get("exact"));
			assertEquals(expected.samples(), lng(all.get("samples")));
			assertEquals(expected.percentile(0.50), lng(all.get("p50")));
			assertEquals(expected.percentile(0.99), lng(all.get("p99")));
			assertEquals(expected.max(), lng(all.get("max")));
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		// and the generator's lag bounds it where neither line froze: B sends 30..60 us after A's 3..5 us
		assertTrue(expected.percentile(0.50) >= 25_000 && expected.percentile(0.50) <= 60_000, "p50 " + expected.percentile(0.50));
	}

	/** The truth's losses of a line plus the blocks of its malformed frames (which carry no message for the analysis). */
	static RangeList notDelivered(Truth t, String l) {
		RangeList r = ranges(t.lost(line(l)));
		for (Map<String, Object> m : t.list("malformed")) {
			if (l.equals(m.get("line"))) {
				long seq = lng(m.get("sequence"));
				long n = Math.min(lng(m.get("countField")), lng(m.get("blocksPresent")));
				r.add(seq, seq + n - 1);
			}
		}
		return r;
	}

	/**
	 * A/B latency by its definition (first arrival on B minus first arrival on A, per message both lines
	 * delivered), from the raw MoldUDP64 headers ({@link MoldUdp64CaptureSource}); lines by destination group.
	 */
	record Latency(long[] sorted, long unmatched) {

		static Latency of(Path file, Scenario s) {
			assertEquals(s.portA(), s.portB(), "the reader below follows one feed port");
			int groupA = PacketEvent.ip(s.groupA());
			int groupB = PacketEvent.ip(s.groupB());
			Map<Long, Long> a = new LinkedHashMap<>();
			Map<Long, Long> b = new LinkedHashMap<>();
			MoldUdp64CaptureSource src = new MoldUdp64CaptureSource(file, s.portA(), s.requestPort(), false);
			try {
				while (src.advance()) {
					PacketEvent e = src.current();
					if (e.kind() != PacketKind.DATA || e.unicast()) {
						continue;
					}
					Map<Long, Long> first = e.destinationIp() == groupA ? a : e.destinationIp() == groupB ? b : null;
					if (first == null) {
						continue;
					}
					for (int i = 0; i < e.messageCount(); i++) {
						first.putIfAbsent(e.firstSeq() + i, e.timeNanos());
					}
				}
			} finally {
				src.close();
			}
			List<Long> samples = new ArrayList<>();
			long unmatched = 0;
			for (Map.Entry<Long, Long> x : a.entrySet()) {
				Long tb = b.get(x.getKey());
				if (tb == null) {
					unmatched++;
				} else {
					samples.add(tb - x.getValue());
				}
			}
			unmatched += b.size() - samples.size();
			return new Latency(samples.stream().mapToLong(Long::longValue).sorted().toArray(), unmatched);
		}

		long samples() {
			return sorted.length;
		}

		long min() {
			return sorted[0];
		}

		long max() {
			return sorted[sorted.length - 1];
		}

		/** nearest rank: the smallest sample with at least p of all samples at or below it */
		long percentile(double p) {
			return sorted[(int) Math.max(1, (long) Math.ceil(p * sorted.length)) - 1];
		}
	}

	static io.feedscope.generator.Scenario.Line line(String name) {
		return io.feedscope.generator.Scenario.Line.valueOf(name);
	}

	/**
	 * The two arbitration policies replayed from the raw MoldUDP64 headers in file order, by their
	 * definitions: first-seq-only keeps a packet only when its first sequence is the next expected one or
	 * later, and declares a gap for what it skips; the result is what it lost.
	 */
	static final class Replay {
		final RangeList fFirstSeqOnlyLost = new RangeList();

		static Replay of(Path file, Scenario s) {
			Replay r = new Replay();
			MoldUdp64CaptureSource src = new MoldUdp64CaptureSource(file, s.portA(), s.requestPort(), false);
			long expected = Long.MIN_VALUE;
			try {
				while (src.advance()) {
					PacketEvent e = src.current();
					if (e.kind() != PacketKind.DATA || e.unicast() || e.messageCount() <= 0) {
						continue;
					}
					long from = e.firstSeq();
					long to = from + e.messageCount() - 1;
					if (expected == Long.MIN_VALUE) {
						expected = from;
					}
					if (from >= expected) {
						if (from > expected) {
							r.fFirstSeqOnlyLost.add(expected, from - 1);
						}
						expected = to + 1;
					}
				}
			} finally {
				src.close();
			}
			return r;
		}
	}
}
