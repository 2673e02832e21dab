package io.feedscope.analysis.tests;

import static io.feedscope.analysis.tests.AbScenarioTest.atLeast;
import static io.feedscope.analysis.tests.AbScenarioTest.json;
import static io.feedscope.analysis.tests.AbScenarioTest.line;
import static io.feedscope.analysis.tests.AbScenarioTest.ranges;
import static io.feedscope.analysis.tests.AbScenarioTest.session;
import static io.feedscope.analysis.tests.FeedScenario.end;
import static io.feedscope.analysis.tests.FeedScenario.ms;
import static io.feedscope.analysis.tests.FeedScenario.start;
import static io.feedscope.analysis.tests.FeedScenario.us;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.Finding;
import io.feedscope.analysis.Severity;
import io.feedscope.analysis.tests.FeedScenario.Packet;
import io.feedscope.testdata.outputs.Json;

/**
 * The incident pricing support reported, rebuilt packet by packet, with line A captured at one tap
 * (capture 0) and line B at another (capture 1).
 * <p>
 * The source sends packet k (1-5 messages, see {@link FeedScenario#start(int)}) every 100 us; line A
 * carries it at once, line B 150 us later. After packet 99 (messages up to 300) line A's source freezes
 * for about 100 ms: B alone delivers packets 100..1099 (301..3300). At 110.001 ms A flushes its backlog,
 * 301..3303 (up to live packet 1100), in 70-message packets 2 us apart: 43 packets, the last one
 * [3241..3303] holding 63. B's packet 1099 (3296..3300) lands in the middle of the flush. Then A is live
 * again from packet 1101 (3304) at 110.1 ms, and B's packet 1100 (3301..3303) comes at 110.15 ms.
 * <p>
 * A first-seq-only handler: it took B's packets during the freeze (expected 3301 after B's packet 1099),
 * trashes every flush packet because each starts below the expected number, including the last one,
 * whose 3301..3303 are new; then A's live packet starts at 3304 and the handler declares 3301..3303
 * lost; B's copy of them (first seq 3301 &lt; 3305) is trashed too. Both lines delivered them. A seq+count
 * handler keeps the new tail of the last flush packet and loses nothing.
 */
@Timeout(20)
class SeedIncidentTest {

	private static final long INTERVAL = us(100);
	private static final long LAG_B = us(150);
	private static final int PACKETS = 4100;
	private static final int LAST_BEFORE_FREEZE = 99;
	private static final long FLUSH_AT = ms(110.001);
	private static final int FLUSH_PACKETS = 43;

	private static AnalysisResult fResult;
	private static Object fSession;
	private static Packet fLastBeforeFreeze;
	private static final List<Packet> fFlush = new ArrayList<>();
	private static Packet fFirstLiveAfter;

	@BeforeAll
	static void build() {
		Built b = build(false);
		fResult = b.fResult;
		fSession = session(json(fResult));
		fLastBeforeFreeze = b.fLastBeforeFreeze;
		fFlush.addAll(b.fFlush);
		fFirstLiveAfter = b.fFirstLiveAfter;
	}

	/** The incident's packets and the result; line A on capture 0 (and 1), line B on capture 1 (or 2 and 3). */
	static final class Built {
		AnalysisResult fResult;
		Packet fLastBeforeFreeze;
		final List<Packet> fFlush = new ArrayList<>();
		Packet fFirstLiveAfter;
	}

	/**
	 * @param fourTaps false: A captured at tap 0, B at tap 1. true: A at taps 0 and 1 (tap 1 sees each packet
	 *        3 us later), B at taps 2 and 3 (3 us apart).
	 */
	static Built build(boolean fourTaps) {
		Built b = new Built();
		FeedScenario sc = new FeedScenario(fourTaps ? 4 : 2);
		int[] tapsA = fourTaps ? new int[] { 0, 1 } : new int[] { 0 };
		int[] tapsB = fourTaps ? new int[] { 2, 3 } : new int[] { 1 };
		for (int tap = 0; tap < tapsA.length; tap++) {
			long d = tap * us(3);
			int cap = tapsA[tap];
			for (int k = 0; k <= LAST_BEFORE_FREEZE; k++) {
				Packet p = sc.live(cap, 'A', k, INTERVAL, d);
				if (k == LAST_BEFORE_FREEZE && tap == 0) {
					b.fLastBeforeFreeze = p;
				}
			}
			long backlogFrom = start(LAST_BEFORE_FREEZE + 1);
			long backlogTo = end(1100);
			assertEquals(301, backlogFrom);
			assertEquals(3303, backlogTo);
			for (int i = 0; i < FLUSH_PACKETS; i++) {
				long from = backlogFrom + 70L * i;
				int count = (int) Math.min(70, backlogTo - from + 1);
				Packet p = sc.data(cap, 'A', FLUSH_AT + i * us(2) + d, from, count);
				if (tap == 0) {
					b.fFlush.add(p);
				}
			}
			for (int k = 1101; k < PACKETS; k++) {
				Packet p = sc.live(cap, 'A', k, INTERVAL, d);
				if (k == 1101 && tap == 0) {
					b.fFirstLiveAfter = p;
				}
			}
		}
		for (int tap = 0; tap < tapsB.length; tap++) {
			for (int k = 0; k < PACKETS; k++) {
				sc.live(tapsB[tap], 'B', k, INTERVAL, LAG_B + tap * us(3));
			}
		}
		b.fResult = sc.analyze();
		return b;
	}

	@Test
	void scenarioIsWhatTheStorySays() {
		Packet last = fFlush.get(FLUSH_PACKETS - 1);
		assertEquals(3241, last.fEvent.firstSeq());
		assertEquals(63, last.fEvent.messageCount());
		assertEquals(3300, end(1099));
		assertEquals(3304, start(1101));
	}

	@Test
	void firstSeqOnlyTrashedTheStraddlingPacketAndLostThreeMessagesBothLinesDelivered() {
		List<?> trashed = (List<?>) Json.at(fSession, "arbitration", "first_seq_only", "trashed_packets_with_new_data");
		assertEquals(1, trashed.size(), trashed::toString);
		Map<?, ?> t = (Map<?, ?>) trashed.get(0);
		assertEquals(0L, t.get("capture"));
		assertEquals((long) fFlush.get(FLUSH_PACKETS - 1).frame(), t.get("frame"));
		assertEquals("A", t.get("line"));
		assertEquals(3241L, t.get("first_seq"));
		assertEquals(63L, t.get("count"));
		assertEquals(3301L, t.get("first_new_seq"));
		assertEquals("[[3301,3303]]", ranges(Json.at(fSession, "arbitration", "first_seq_only", "lost")));
		assertEquals("[[3301,3303]]",
				ranges(Json.at(fSession, "arbitration", "first_seq_only", "lost_although_delivered")));
	}

	@Test
	void seqAndCountLosesNothing() {
		assertEquals("[]", ranges(Json.at(fSession, "arbitration", "seq_and_count", "lost")));
	}

	@Test
	void noTrueLossAndNoGaps() {
		assertEquals("[]", ranges(Json.at(fSession, "loss")));
		assertEquals("[]", ranges(line(fSession, "A").get("gaps")));
		assertEquals("[]", ranges(line(fSession, "B").get("gaps")));
		assertEquals(1L, Json.at(fSession, "first_seq"));
		assertEquals(end(PACKETS - 1), Json.at(fSession, "last_seq"));
	}

	@Test
	void headlineSaysHandlerMistakeNotNetworkLoss() {
		assertEquals("3 messages lost by first-seq-only arbitration although both lines delivered them; no true loss;"
				+ " line A froze for 100.1 ms; first-seq-only loses 3 messages at any gap timeout", fResult.summary().headlineText());
		assertEquals(fResult.summary().headlineText(), fResult.summaryText().lines().findFirst().orElseThrow());
	}

	@Test
	void theOnlyErrorIsTheArbitrationLossWithItsFrames() {
		List<Finding> errors = atLeast(fResult, Severity.ERROR);
		assertEquals(1, errors.size(), errors::toString);
		Finding f = errors.get(0);
		assertEquals("io.feedscope.analysis.arbitration", f.checkId());
		assertEquals(3301, f.fromSeq());
		assertEquals(3303, f.toSeq());
		long[] frames = f.frames();
		assertEquals(2, frames.length);
		assertEquals(Finding.frameRef(0, fFlush.get(FLUSH_PACKETS - 1).frame()), frames[0]);
		assertEquals(Finding.frameRef(0, fFirstLiveAfter.frame()), frames[1]);
		assertEquals(fFlush.get(FLUSH_PACKETS - 1).fEvent.timeNanos(), f.startNanos());
		assertEquals(fFirstLiveAfter.fEvent.timeNanos(), f.endNanos());
	}

	@Test
	void lineAFrozeAbout100msWhileBDelivered() {
		List<?> freezes = (List<?>) Json.at(fSession, "freezes");
		assertEquals(1, freezes.size(), freezes::toString);
		Map<?, ?> f = (Map<?, ?>) freezes.get(0);
		assertEquals("A", f.get("line"));
		assertEquals(LAST_BEFORE_FREEZE * INTERVAL, f.get("start_ns"));
		assertEquals(FLUSH_AT, f.get("end_ns"));
		assertEquals((long) fLastBeforeFreeze.frame(), f.get("start_frame"));
		assertEquals((long) fFlush.get(0).frame(), f.get("end_frame"));
		assertEquals(0L, f.get("start_capture"));
		// during the silence B delivered packets 100..1098 alone; its 1099 came at 110.05 ms, after A's first flush packet
		assertEquals(end(1098) - start(100) + 1, f.get("new_messages_on_other_lines"));
	}

	@Test
	void bTookOverDuringTheFreeze() {
		assertEquals("[[301,3300]]", ranges(Json.at(fSession, "b_first")));
		assertEquals(FeedScenario.GROUP_A_TEXT + ":" + FeedScenario.PORT, line(fSession, "A").get("destination"));
	}

	@Test
	void catchUpBurstAfterTheSilence() {
		List<?> bursts = (List<?>) Json.at(fSession, "bursts");
		assertEquals(1, bursts.size(), bursts::toString);
		Map<?, ?> b = (Map<?, ?>) bursts.get(0);
		assertEquals("A", b.get("line"));
		assertEquals(301L, b.get("first_seq"));
		assertEquals(3303L, b.get("last_seq"));
		assertEquals((long) FLUSH_PACKETS, b.get("packets"));
		assertEquals(3003L, b.get("messages"));
		assertEquals(70L, b.get("max_messages_per_packet"));
		assertEquals(3.0, b.get("norm_messages_per_packet"));
		assertEquals(70L, line(fSession, "A").get("max_messages_per_packet"));
		assertEquals(5L, line(fSession, "B").get("max_messages_per_packet"));
	}

	@Test
	void abLatency() {
		// 301..3300 reached B first (negative), 3301..3303 A by 65 us, all others A by 150 us
		assertEquals(150_000L, Json.at(fSession, "ab_latency_ns", "p50"));
		assertEquals(150_000L, Json.at(fSession, "ab_latency_ns", "p99"));
		assertEquals(150_000L, Json.at(fSession, "ab_latency_ns", "max"));
		// message 301: B at 10.15 ms, A in the first flush packet at 110.001 ms
		assertEquals(ms(10.15) - FLUSH_AT, Json.at(fSession, "ab_latency_ns", "min"));
		assertEquals(end(PACKETS - 1), Json.at(fSession, "ab_latency_ns", "samples"));
		Map<?, ?> worst = (Map<?, ?>) Json.at(fSession, "ab_latency_ns", "worst", 0);
		assertEquals(301L, worst.get("from"));
		assertEquals(ms(10.15) - FLUSH_AT, worst.get("peak_ns"));
	}

	@Test
	void capturesAreListedPerTapPoint() {
		Object root = json(fResult);
		assertEquals((long) (LAST_BEFORE_FREEZE + 1 + FLUSH_PACKETS + PACKETS - 1101), Json.at(root, "captures", 0, "frames"));
		assertEquals((long) PACKETS, Json.at(root, "captures", 1, "frames"));
		assertEquals(LAG_B, Json.at(root, "captures", 1, "first_time_ns"));
		assertEquals("cap1.pcapng", Json.at(root, "captures", 1, "name"));
		assertEquals("pcapng", Json.at(root, "captures", 1, "format"));
	}
}
