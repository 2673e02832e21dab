package io.feedscope.analysis.tests;

import static io.feedscope.analysis.tests.AbScenarioTest.atLeast;
import static io.feedscope.analysis.tests.AbScenarioTest.json;
import static io.feedscope.analysis.tests.AbScenarioTest.line;
import static io.feedscope.analysis.tests.AbScenarioTest.ranges;
import static io.feedscope.analysis.tests.AbScenarioTest.session;
import static io.feedscope.analysis.tests.FeedScenario.us;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.Finding;
import io.feedscope.analysis.Severity;
import io.feedscope.testdata.outputs.Json;

/**
 * The seed incident as support really had it: four captures, line A at two tap points, line B at two.
 * A second tap on the same line is the same line (not a duplicate, not a third line), and the arbitration
 * replay feeds each packet once, so the findings are those of {@link SeedIncidentTest}.
 */
@Timeout(20)
class FourTapPointsTest {

	@Test
	void fourTapPointsGiveTheSameVerdictAsTwo() {
		SeedIncidentTest.Built b = SeedIncidentTest.build(true);
		AnalysisResult r = b.fResult;
		Object root = json(r);
		assertEquals(4, ((List<?>) Json.at(root, "captures")).size());
		Object s = session(root);
		assertEquals(2, ((List<?>) Json.at(s, "lines")).size());
		for (String name : List.of("A", "B")) {
			Map<?, ?> l = line(s, name);
			assertEquals(2L, l.get("tap_count"));
			assertEquals(0L, l.get("duplicate_packets"));
			assertEquals("[]", ranges(l.get("gaps")));
		}
		assertEquals("[]", ranges(Json.at(s, "loss")));
		assertEquals("[[3301,3303]]", ranges(Json.at(s, "arbitration", "first_seq_only", "lost_although_delivered")));
		assertEquals("[]", ranges(Json.at(s, "arbitration", "seq_and_count", "lost")));
		List<?> trashed = (List<?>) Json.at(s, "arbitration", "first_seq_only", "trashed_packets_with_new_data");
		assertEquals(1, trashed.size(), trashed::toString);
		assertEquals(0L, Json.at(trashed.get(0), "capture"));
		assertEquals((long) b.fFlush.get(b.fFlush.size() - 1).frame(), Json.at(trashed.get(0), "frame"));
		assertEquals("[[301,3300]]", ranges(Json.at(s, "b_first")));
		List<?> bursts = (List<?>) Json.at(s, "bursts");
		assertEquals(1, bursts.size());
		assertEquals(43L, Json.at(bursts.get(0), "packets"));
		// the line's last packet before the silence is tap 1's copy of packet 99, 3 us after tap 0's
		List<?> freezes = (List<?>) Json.at(s, "freezes");
		assertEquals(1, freezes.size(), freezes::toString);
		assertEquals(1L, Json.at(freezes.get(0), "start_capture"));
		assertEquals(b.fLastBeforeFreeze.fEvent.timeNanos() + us(3), Json.at(freezes.get(0), "start_ns"));
		assertEquals(150_000L, Json.at(s, "ab_latency_ns", "p50"));
		List<Finding> errors = atLeast(r, Severity.ERROR);
		assertEquals(1, errors.size(), errors::toString);
		assertEquals("3 messages lost by first-seq-only arbitration although both lines delivered them; no true loss;"
				+ " line A froze for 100.1 ms; first-seq-only loses 3 messages at any gap timeout", r.summary().headlineText());
	}
}
