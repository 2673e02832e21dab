package io.feedscope.analysis.tests;

import static io.feedscope.analysis.tests.FeedScenario.end;
import static io.feedscope.analysis.tests.FeedScenario.ms;
import static io.feedscope.analysis.tests.FeedScenario.start;
import static io.feedscope.analysis.tests.FeedScenario.us;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.Finding;
import io.feedscope.analysis.Severity;
import io.feedscope.analysis.tests.FeedScenario.Packet;
import io.feedscope.testdata.outputs.Json;

/**
 * A/B scenarios built by hand: each states what the checks must find, derived from how the scenario is
 * built (packet k carries {@link FeedScenario#start(int)}..{@link FeedScenario#end(int)}), never from a
 * run of the code. Assertions go through the JSON report, so the writer is tested with the checks.
 */
@Timeout(10)
class AbScenarioTest {

	private static final long INTERVAL = ms(1);

	/** Packets 0..n-1 on both lines, B {@code lagB} after A, except the packets listed as skipped. */
	private static FeedScenario clean(int n, long lagB) {
		FeedScenario s = new FeedScenario();
		for (int k = 0; k < n; k++) {
			s.live(0, 'A', k, INTERVAL, 0);
			s.live(0, 'B', k, INTERVAL, lagB);
		}
		return s;
	}

	static Object json(AnalysisResult r) {
		return Json.parse(r.toJson());
	}

	static Object session(Object root) {
		List<?> sessions = (List<?>) Json.at(root, "sessions");
		assertEquals(1, sessions.size(), "sessions");
		return sessions.get(0);
	}

	/** @return the line object named {@code name} */
	static Map<?, ?> line(Object session, String name) {
		for (Object l : (List<?>) Json.at(session, "lines")) {
			if (name.equals(((Map<?, ?>) l).get("name"))) {
				return (Map<?, ?>) l;
			}
		}
		throw new AssertionError("no line " + name);
	}

	/** @return JSON ranges as "[[a,b],...]" */
	static String ranges(Object json) {
		StringBuilder b = new StringBuilder("[");
		for (Object r : (List<?>) json) {
			List<?> p = (List<?>) r;
			b.append(b.length() == 1 ? "" : ",").append('[').append(p.get(0)).append(',').append(p.get(1)).append(']');
		}
		return b.append(']').toString();
	}

	static List<Finding> atLeast(AnalysisResult r, Severity min) {
		return r.findings().stream().filter(f -> f.severity().compareTo(min) >= 0).toList();
	}

	@Test
	void cleanAbFeedHasNoFindingsAndExactLatency() {
		AnalysisResult r = clean(100, us(20)).analyze();
		Object root = json(r);
		Object s = session(root);
		assertEquals("SESSION001", Json.at(s, "session"));
		assertEquals("moldudp64", Json.at(s, "protocol"));
		assertEquals(1L, Json.at(s, "first_seq"));
		assertEquals(end(99), Json.at(s, "last_seq"));
		assertEquals(300L, end(99));
		// typeOf: seq%4==0 'E', ==1 'A', else 'D' over 1..300: 75 E, 75 A, 150 D
		assertEquals(Map.of("A", 75L, "D", 150L, "E", 75L), Json.at(s, "message_types"));
		Map<?, ?> a = line(s, "A");
		Map<?, ?> b = line(s, "B");
		assertEquals(FeedScenario.GROUP_A_TEXT + ":" + FeedScenario.PORT, a.get("destination"));
		assertEquals(FeedScenario.GROUP_B_TEXT + ":" + FeedScenario.PORT, b.get("destination"));
		for (Map<?, ?> l : List.of(a, b)) {
			assertEquals(100L, l.get("packets"));
			assertEquals(300L, l.get("messages"));
			assertEquals(0L, l.get("heartbeats"));
			assertEquals(0L, l.get("duplicate_packets"));
			assertEquals(5L, l.get("max_messages_per_packet"));
			assertEquals("[]", ranges(l.get("gaps")));
		}
		assertEquals("[]", ranges(Json.at(s, "loss")));
		assertEquals("[]", ranges(Json.at(s, "recovered_by_retransmission")));
		assertEquals(List.of(), Json.at(s, "arbitration", "first_seq_only", "trashed_packets_with_new_data"));
		assertEquals("[]", ranges(Json.at(s, "arbitration", "first_seq_only", "lost_although_delivered")));
		assertEquals("[]", ranges(Json.at(s, "arbitration", "seq_and_count", "lost")));
		assertEquals("[]", ranges(Json.at(s, "b_first")));
		assertEquals(List.of(), Json.at(s, "freezes"));
		assertEquals(List.of(), Json.at(s, "bursts"));
		assertEquals(20_000L, Json.at(s, "ab_latency_ns", "p50"));
		assertEquals(20_000L, Json.at(s, "ab_latency_ns", "p99"));
		assertEquals(20_000L, Json.at(s, "ab_latency_ns", "max"));
		assertEquals(300L, Json.at(s, "ab_latency_ns", "samples"));
		assertEquals(0L, Json.at(s, "ab_latency_ns", "unmatched"));
		assertEquals(List.of(), atLeast(r, Severity.WARNING));
		assertEquals("no true loss", r.summary().headlineText());
		assertEquals(200L, Json.at(root, "frames"));
	}

	@Test
	void gapOnOneLineIsAGapNotLoss() {
		FeedScenario sc = new FeedScenario();
		Packet[] b = new Packet[100];
		for (int k = 0; k < 100; k++) {
			sc.live(0, 'A', k, INTERVAL, 0);
			if (k != 40) {
				b[k] = sc.live(0, 'B', k, INTERVAL, us(20));
			}
		}
		AnalysisResult r = sc.analyze();
		Object s = session(json(r));
		assertEquals(121L, start(40));
		assertEquals("[[121,123]]", ranges(line(s, "B").get("gaps")));
		assertEquals("[]", ranges(line(s, "A").get("gaps")));
		assertEquals("[]", ranges(Json.at(s, "loss")));
		assertEquals("[]", ranges(Json.at(s, "arbitration", "first_seq_only", "lost")));
		assertEquals(297L, Json.at(s, "ab_latency_ns", "samples"));
		assertEquals(3L, Json.at(s, "ab_latency_ns", "unmatched"));
		List<Finding> w = atLeast(r, Severity.WARNING);
		assertEquals(1, w.size(), w::toString);
		Finding f = w.get(0);
		assertEquals("io.feedscope.analysis.gaps", f.checkId());
		assertEquals("B", f.lineName());
		assertEquals(121, f.fromSeq());
		assertEquals(123, f.toSeq());
		assertEquals(b[39].fEvent.timeNanos(), f.startNanos());
		assertEquals(b[41].fEvent.timeNanos(), f.endNanos());
		assertEquals(List.of(b[39].frame(), b[41].frame()),
				java.util.Arrays.stream(f.frames()).mapToObj(Finding::refFrame).toList());
		assertEquals("no true loss; line B missed 3 messages in 1 gap", r.summary().headlineText());
	}

	@Test
	void bothLinesMissingIsTrueLoss() {
		FeedScenario sc = new FeedScenario();
		for (int k = 0; k < 100; k++) {
			if (k != 40) {
				sc.live(0, 'A', k, INTERVAL, 0);
				sc.live(0, 'B', k, INTERVAL, us(20));
			}
		}
		AnalysisResult r = sc.analyze();
		Object s = session(json(r));
		assertEquals("[[121,123]]", ranges(Json.at(s, "loss")));
		assertEquals("[]", ranges(Json.at(s, "recovered_by_retransmission")));
		assertEquals("[[121,123]]", ranges(line(s, "A").get("gaps")));
		assertEquals("[[121,123]]", ranges(line(s, "B").get("gaps")));
		// a handler of either policy also misses them, but they were never delivered: not its fault
		assertEquals("[[121,123]]", ranges(Json.at(s, "arbitration", "first_seq_only", "lost")));
		assertEquals("[]", ranges(Json.at(s, "arbitration", "first_seq_only", "lost_although_delivered")));
		assertEquals("[[121,123]]", ranges(Json.at(s, "arbitration", "seq_and_count", "lost")));
		List<Finding> errors = atLeast(r, Severity.ERROR);
		assertEquals(1, errors.size(), errors::toString);
		assertEquals("io.feedscope.analysis.loss", errors.get(0).checkId());
		assertEquals(121, errors.get(0).fromSeq());
		assertEquals(123, errors.get(0).toSeq());
		assertTrue(r.summary().headlineText().startsWith("3 messages lost on every line, none recovered"),
				r.summary().headlineText());
	}

	@Test
	void lossRecoveredByRetransmissionAnswer() {
		FeedScenario sc = new FeedScenario();
		for (int k = 0; k < 100; k++) {
			if (k != 40) {
				sc.live(0, 'A', k, INTERVAL, 0);
				sc.live(0, 'B', k, INTERVAL, us(20));
			}
		}
		Packet req = sc.request(0, 41 * INTERVAL + us(500), 121, 3);
		Packet ans = sc.answer(0, 41 * INTERVAL + us(700), 121, 3);
		AnalysisResult r = sc.analyze();
		Object s = session(json(r));
		assertEquals("[[121,123]]", ranges(Json.at(s, "loss")));
		assertEquals("[[121,123]]", ranges(Json.at(s, "recovered_by_retransmission")));
		Map<?, ?> q = (Map<?, ?>) Json.at(s, "retransmission_requests", 0);
		assertEquals((long) req.frame(), q.get("frame"));
		assertEquals(121L, q.get("seq"));
		assertEquals(3L, q.get("count"));
		assertEquals((long) ans.frame(), q.get("answer_frame"));
		// the answer is not a line and its messages are not "delivered"
		assertEquals(2, ((List<?>) Json.at(s, "lines")).size());
		assertEquals(1L, Json.at(s, "retransmission_packets"));
		assertEquals(1L, Json.at(s, "requests"));
		assertEquals(297L, Json.at(s, "distinct_messages"));
		assertTrue(r.summary().headlineText().startsWith("3 messages lost on every line, all recovered by retransmission"),
				r.summary().headlineText());
	}

	@Test
	void heartbeatAnnouncingMoreIsTailLoss() {
		FeedScenario sc = clean(10, us(20));
		sc.heartbeat(0, 'A', ms(20), 35);
		sc.heartbeat(0, 'B', ms(20) + us(20), 35);
		Object s = session(json(sc.analyze()));
		assertEquals(30L, end(9));
		assertEquals(34L, Json.at(s, "last_seq"));
		assertEquals("[[31,34]]", ranges(Json.at(s, "loss")));
		assertEquals(1L, line(s, "A").get("heartbeats"));
	}

	@Test
	void bothLinesQuietWithHeartbeatsIsNoFreeze() {
		FeedScenario sc = new FeedScenario();
		for (int k = 0; k < 50; k++) {
			sc.live(0, 'A', k, INTERVAL, 0);
			sc.live(0, 'B', k, INTERVAL, us(20));
		}
		// 500 ms of quiet market: heartbeats every 100 ms on both lines, next seq = end(49) + 1
		for (int h = 1; h <= 5; h++) {
			sc.heartbeat(0, 'A', ms(49 + 100 * h), end(49) + 1);
			sc.heartbeat(0, 'B', ms(49 + 100 * h) + us(20), end(49) + 1);
		}
		for (int k = 50; k < 100; k++) {
			sc.live(0, 'A', k, INTERVAL, ms(500));
			sc.live(0, 'B', k, INTERVAL, ms(500) + us(20));
		}
		AnalysisResult r = sc.analyze();
		Object s = session(json(r));
		assertEquals(List.of(), Json.at(s, "freezes"));
		assertEquals(List.of(), Json.at(s, "bursts"));
		assertEquals("[]", ranges(Json.at(s, "loss")));
		assertEquals(5L, line(s, "A").get("heartbeats"));
		assertEquals(5L, line(s, "B").get("heartbeats"));
		assertEquals(List.of(), atLeast(r, Severity.WARNING));
	}

	@Test
	void lineThatDiesBeforeTheCaptureEndsIsAnOpenFreeze() {
		FeedScenario sc = new FeedScenario();
		Packet lastA = null;
		for (int k = 0; k < 100; k++) {
			if (k < 50) {
				lastA = sc.live(0, 'A', k, INTERVAL, 0);
			}
			sc.live(0, 'B', k, INTERVAL, us(20));
		}
		AnalysisResult r = sc.analyze();
		Object s = session(json(r));
		// each line delivered 150 messages first (A 1..150, B 151..300): the tie goes to the line seen first
		assertEquals(FeedScenario.GROUP_A_TEXT + ":" + FeedScenario.PORT, line(s, "A").get("destination"));
		List<?> freezes = (List<?>) Json.at(s, "freezes");
		assertEquals(1, freezes.size(), freezes::toString);
		Map<?, ?> f = (Map<?, ?>) freezes.get(0);
		assertEquals("A", f.get("line"));
		assertEquals(true, f.get("open"));
		assertEquals(null, f.get("end_frame"));
		assertEquals((long) lastA.frame(), f.get("start_frame"));
		assertEquals(49 * INTERVAL, f.get("start_ns"));
		assertEquals(99 * INTERVAL + us(20), f.get("end_ns"));
		assertEquals(150L, f.get("new_messages_on_other_lines"));
		// gaps are judged inside a line's own span, so the dead line has none; the freeze is what shows it
		assertEquals("[]", ranges(line(s, "A").get("gaps")));
		assertEquals("no true loss; line A froze for at least 50.0 ms until the capture ended",
				r.summary().headlineText());
	}

	@Test
	void bigPacketWithoutSilenceIsABatchingAnomalyNotABurst() {
		FeedScenario sc = clean(20, us(20));
		// no silence before it (1 ms later, as usual), but 40 messages where the norm is 3
		sc.data('A', ms(20), end(19) + 1, 40);
		sc.data('B', ms(20) + us(20), end(19) + 1, 40);
		AnalysisResult r = sc.analyze();
		Object s = session(json(r));
		assertEquals(List.of(), Json.at(s, "bursts"));
		assertEquals(2L, Json.at(s, "batching_anomalies"));
		assertEquals(2, r.findings().stream().filter(f -> f.checkId().equals("io.feedscope.analysis.bursts")).count());
	}

	@Test
	void duplicatePacketOnALine() {
		FeedScenario sc = clean(20, us(20));
		Packet dup = sc.live(0, 'A', 10, INTERVAL, us(100));
		AnalysisResult r = sc.analyze();
		Object s = session(json(r));
		assertEquals(1L, line(s, "A").get("duplicate_packets"));
		assertEquals(3L, line(s, "A").get("duplicate_messages"));
		assertEquals(0L, line(s, "B").get("duplicate_packets"));
		List<Finding> w = atLeast(r, Severity.WARNING);
		assertEquals(1, w.size(), w::toString);
		assertEquals("io.feedscope.analysis.sequence", w.get(0).checkId());
		assertEquals("A", w.get(0).lineName());
		assertEquals(start(10), w.get(0).fromSeq());
		assertEquals(dup.frame(), Finding.refFrame(w.get(0).frames()[0]));
		assertEquals("[]", ranges(Json.at(s, "arbitration", "first_seq_only", "lost")));
	}

	@Test
	void latePacketOnALineIsReorderedNotAGap() {
		FeedScenario sc = new FeedScenario();
		for (int k = 0; k < 20; k++) {
			// line A sends packet 10 after packet 11
			sc.data('A', k == 10 ? 11 * INTERVAL + us(10) : k * INTERVAL, start(k), FeedScenario.count(k));
			sc.live(0, 'B', k, INTERVAL, us(20));
		}
		AnalysisResult r = sc.analyze();
		Object s = session(json(r));
		assertEquals(1L, line(s, "A").get("reordered_packets"));
		assertEquals(0L, line(s, "B").get("reordered_packets"));
		assertEquals("[]", ranges(line(s, "A").get("gaps")));
		// B delivered packet 10 (31..33) first while A held it back
		assertEquals("[[31,33]]", ranges(Json.at(s, "b_first")));
		List<Finding> w = atLeast(r, Severity.WARNING);
		assertEquals(1, w.size(), w::toString);
		assertEquals("A", w.get(0).lineName());
		assertEquals(31, w.get(0).fromSeq());
		assertTrue(w.get(0).message().contains("late"), w.get(0).message());
	}

	@Test
	void sessionChangeStartsANewStream() {
		FeedScenario sc = new FeedScenario();
		for (int k = 0; k < 10; k++) {
			sc.live(0, 'A', k, INTERVAL, 0);
			sc.live(0, 'B', k, INTERVAL, us(20));
		}
		sc.session("SESSION002");
		for (int k = 0; k < 10; k++) {
			sc.live(0, 'A', k, INTERVAL, ms(20));
			sc.live(0, 'B', k, INTERVAL, ms(20) + us(20));
		}
		AnalysisResult r = sc.analyze();
		Object root = json(r);
		List<?> sessions = (List<?>) Json.at(root, "sessions");
		assertEquals(2, sessions.size());
		assertEquals("SESSION001", Json.at(sessions.get(0), "session"));
		assertEquals("SESSION002", Json.at(sessions.get(1), "session"));
		for (Object s : sessions) {
			assertEquals(1L, Json.at(s, "first_seq"));
			assertEquals(30L, Json.at(s, "last_seq"));
			assertEquals("[]", ranges(Json.at(s, "loss")));
			assertEquals(0L, line(s, "A").get("duplicate_packets"));
		}
		List<?> changes = (List<?>) Json.at(sessions.get(1), "session_changes");
		assertEquals(2, changes.size());
		assertEquals("SESSION001", Json.at(changes.get(0), "from_session"));
		assertEquals(List.of(), atLeast(r, Severity.WARNING));
		assertEquals(2, r.findings().stream().filter(f -> f.message().contains("changed from session")).count());
	}

	@Test
	void sequenceResetWithinASessionIsReported() {
		FeedScenario sc = clean(10, us(20));
		sc.data('A', ms(20), 1, 3);
		AnalysisResult r = sc.analyze();
		List<Finding> errors = atLeast(r, Severity.ERROR);
		assertEquals(1, errors.size(), errors::toString);
		assertTrue(errors.get(0).message().contains("sequence reset to 1 after 30"), errors.get(0).message());
		assertEquals("A", errors.get(0).lineName());
	}

	@Test
	void lineAIsTheLineThatIsFirstMostOften() {
		FeedScenario sc = new FeedScenario();
		for (int k = 0; k < 100; k++) {
			// group A leads for packets 0..9, group B for 10..99
			long lagA = k < 10 ? 0 : us(50);
			long lagB = k < 10 ? us(50) : 0;
			sc.live(0, 'A', k, INTERVAL, lagA);
			sc.live(0, 'B', k, INTERVAL, lagB);
		}
		Object s = session(json(sc.analyze()));
		assertEquals(FeedScenario.GROUP_B_TEXT + ":" + FeedScenario.PORT, line(s, "A").get("destination"));
		assertEquals(FeedScenario.GROUP_A_TEXT + ":" + FeedScenario.PORT, line(s, "B").get("destination"));
		assertEquals(270L, line(s, "A").get("first_delivered"));
		assertEquals("[[1,30]]", ranges(Json.at(s, "b_first")));
		// B-A: -50 us for messages 1..30, +50 us for 31..300
		assertEquals(50_000L, Json.at(s, "ab_latency_ns", "p50"));
		assertEquals(50_000L, Json.at(s, "ab_latency_ns", "max"));
		assertEquals(-50_000L, Json.at(s, "ab_latency_ns", "min"));
	}

	@Test
	void oneGroupOnTwoInterfacesIsTwoLines() {
		FeedScenario sc = new FeedScenario();
		for (int k = 0; k < 10; k++) {
			sc.onInterface(0);
			sc.live(0, 'A', k, INTERVAL, 0);
			sc.onInterface(1);
			sc.live(0, 'A', k, INTERVAL, us(20));
		}
		Object s = session(json(sc.analyze()));
		assertEquals(FeedScenario.GROUP_A_TEXT + ":" + FeedScenario.PORT + "@if0", line(s, "A").get("destination"));
		assertEquals(FeedScenario.GROUP_A_TEXT + ":" + FeedScenario.PORT + "@if1", line(s, "B").get("destination"));
		assertEquals(0L, line(s, "A").get("duplicate_packets"));
		assertEquals(20_000L, Json.at(s, "ab_latency_ns", "p50"));
	}

	@Test
	void malformedFramesAreListedAndCarryNoMessages() {
		FeedScenario sc = clean(10, us(20));
		Packet bad = sc.malformed(0, 'A', ms(5) + us(500), "moldudp64.count: claims 4 messages, 2 present");
		sc.notFeed(0, ms(6) + us(500));
		AnalysisResult r = sc.analyze();
		Object root = json(r);
		assertEquals(22L, Json.at(root, "frames"));
		assertEquals(1L, Json.at(root, "not_feed_frames"));
		assertEquals(1L, Json.at(root, "malformed_count"));
		assertEquals((long) bad.frame(), Json.at(root, "malformed_frames", 0, "frame"));
		assertEquals("moldudp64.count: claims 4 messages, 2 present", Json.at(root, "malformed_frames", 0, "problem"));
		Object s = session(root);
		assertEquals(10L, line(s, "A").get("packets"));
		assertEquals(30L, Json.at(s, "distinct_messages"));
	}
}
