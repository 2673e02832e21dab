package io.feedscope.analysis.tests;

import static io.feedscope.analysis.tests.AbScenarioTest.json;
import static io.feedscope.analysis.tests.AbScenarioTest.line;
import static io.feedscope.analysis.tests.AbScenarioTest.ranges;
import static io.feedscope.analysis.tests.AbScenarioTest.session;
import static io.feedscope.analysis.tests.FeedScenario.end;
import static io.feedscope.analysis.tests.FeedScenario.ms;
import static io.feedscope.analysis.tests.FeedScenario.us;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.testdata.outputs.Json;

/** Options and bounded memory: what happens at the caps, and the rarer packet kinds. */
@Timeout(10)
class EdgeCaseTest {

	private static final long INTERVAL = ms(1);

	private static FeedScenario clean(int n, long lagB) {
		FeedScenario s = new FeedScenario();
		for (int k = 0; k < n; k++) {
			s.live(0, 'A', k, INTERVAL, 0);
			s.live(0, 'B', k, INTERVAL, lagB);
		}
		return s;
	}

	@Test
	void latencyBeyondTheExactCapComesFromTheHistogram() {
		// 300 samples of 20,007 ns folded into HdrHistogram with 3 significant digits: 2,048 sub-buckets, so
		// between 2^14 and 2^15 ns a bucket is 2^(14-10) = 16 ns wide; a percentile reports the bucket's lowest
		// value, 20,007 - 20,007 % 16 = 20,000 (within the stated 0.1 %); max stays exact
		AnalysisResult r = clean(100, 20_007).analyze(AnalysisOptions.DEFAULTS.withLatencyExactSamples(10));
		Object s = session(json(r));
		assertEquals(false, Json.at(s, "ab_latency_ns", "exact"));
		assertEquals(300L, Json.at(s, "ab_latency_ns", "samples"));
		assertEquals(20_000L, Json.at(s, "ab_latency_ns", "p50"));
		assertEquals(20_007L, Json.at(s, "ab_latency_ns", "max"));
		// 20,480 = 1,280 x 16 is a bucket bound: exact even from the histogram
		Object s2 = session(json(clean(100, 20_480).analyze(AnalysisOptions.DEFAULTS.withLatencyExactSamples(10))));
		assertEquals(20_480L, Json.at(s2, "ab_latency_ns", "p99"));
	}

	@Test
	void lineLaggingMoreThanTheWindowIsUnmatchedNotMeasured() {
		// B runs 10 packets (30 messages) behind A; a 16-message window forgets A's arrival first
		AnalysisResult r = clean(100, 10 * INTERVAL + us(20)).analyze(AnalysisOptions.DEFAULTS.withLatencyWindow(16));
		Object s = session(json(r));
		assertEquals(0L, Json.at(s, "ab_latency_ns", "samples"));
		assertEquals(600L, Json.at(s, "ab_latency_ns", "unmatched"));
		// with the default window every message is measured
		Object s2 = session(json(clean(100, 10 * INTERVAL + us(20)).analyze()));
		assertEquals(300L, Json.at(s2, "ab_latency_ns", "samples"));
		assertEquals(10 * INTERVAL + us(20), Json.at(s2, "ab_latency_ns", "p50"));
	}

	@Test
	void findingsOverTheLimitAreCountedNotKept() {
		FeedScenario sc = new FeedScenario();
		for (int k = 0; k < 100; k++) {
			sc.live(0, 'A', k, INTERVAL, 0);
			if (k % 2 == 0) {
				sc.live(0, 'B', k, INTERVAL, us(20)); // B misses every odd packet: 50 gaps
			}
		}
		AnalysisOptions few = new AnalysisOptions(ms(50), 1 << 16, 1 << 17, ms(1), 4.0, 5, 16, 1000);
		AnalysisResult r = sc.analyze(few);
		long gapFindings = r.findings().stream().filter(f -> f.checkId().equals("io.feedscope.analysis.gaps")).count();
		assertEquals(5, gapFindings);
		// B's last packet is 98, so its span ends there: 49 gaps (odd packets 1..97), 44 dropped
		assertEquals(49, ((List<?>) line(session(json(r)), "B").get("gaps")).size());
		// and nothing else to find (A delivers everything first, B trails by 20 us, no silence, no duplicate):
		// the 5 kept findings are the gaps, the dropped ones are the 44 other gaps
		assertEquals(5, r.findings().size(), () -> r.findings().toString());
		assertEquals(49 - 5, r.droppedFindings());
	}

	@Test
	void unansweredRequestAndEndOfSession() {
		FeedScenario sc = clean(10, us(20));
		sc.request(0, ms(11), 5, 2);
		sc.endOfSession(0, 'A', ms(12), end(9) + 1);
		sc.endOfSession(0, 'B', ms(12) + us(20), end(9) + 1);
		Object s = session(json(sc.analyze()));
		Map<?, ?> q = (Map<?, ?>) Json.at(s, "retransmission_requests", 0);
		assertEquals(5L, q.get("seq"));
		assertEquals(2L, q.get("count"));
		assertEquals(null, q.get("answer_frame"));
		assertEquals(1L, line(s, "A").get("end_of_session"));
		assertEquals(1L, line(s, "B").get("end_of_session"));
		// end of session announces the next number: nothing beyond what was delivered
		assertEquals(30L, Json.at(s, "last_seq"));
		assertEquals("[]", ranges(Json.at(s, "loss")));
	}
}
