package io.feedscope.analysis.tests;

import static io.feedscope.analysis.tests.AbScenarioTest.json;
import static io.feedscope.analysis.tests.AbScenarioTest.session;
import static io.feedscope.analysis.tests.FeedScenario.ms;
import static io.feedscope.analysis.tests.FeedScenario.us;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.Truth;
import io.feedscope.testdata.outputs.Json;

/**
 * {@code message_types} counts every distinct message the capture carried once, whether a line or only a
 * retransmission answer delivered it (the bug: a session of 32,953 messages counted 2 too few A and D,
 * the two messages only the answer carried). Expected counts come from {@link FeedScenario#typeOf(long)}
 * over the whole session, counted here, and from the generator's truth ({@code messages.byType}).
 */
@Timeout(60)
class MessageTypesTest {

	private static final long INTERVAL = ms(1);

	@TempDir
	static Path fDir;

	/** type counts of messages 1..n by {@link FeedScenario#typeOf(long)}, counted independently */
	private static Map<String, Long> expected(long n) {
		Map<String, Long> m = new TreeMap<>();
		for (long q = 1; q <= n; q++) {
			m.merge(String.valueOf((char) FeedScenario.typeOf(q)), 1L, Long::sum);
		}
		return m;
	}

	@Test
	void messagesOnlyTheRetransmissionAnswerDeliveredAreCounted() {
		FeedScenario sc = new FeedScenario();
		for (int k = 0; k < 100; k++) {
			if (k != 40) { // packet 40 carries 121..123 (type A, D, D) and is lost on both lines
				sc.live(0, 'A', k, INTERVAL, 0);
				sc.live(0, 'B', k, INTERVAL, us(20));
			}
		}
		sc.request(0, 41 * INTERVAL + us(500), 121, 3);
		sc.answer(0, 41 * INTERVAL + us(700), 121, 3);
		// an answer repeated: the same messages are not counted twice
		sc.answer(0, 41 * INTERVAL + us(900), 121, 3);
		Object s = session(json(sc.analyze()));
		assertEquals(new TreeMap<>(expected(300)), new TreeMap<>((Map<?, ?>) Json.at(s, "message_types")));
		assertEquals(Map.of("A", 75L, "D", 150L, "E", 75L), Json.at(s, "message_types"));
		assertEquals(297L, Json.at(s, "distinct_messages"));
		assertEquals(3L, Json.at(s, "retransmission_only_messages"));
	}

	@Test
	void anAnswerBeforeTheLinesDeliverIsCountedOnce() {
		// the answer comes first, then line B (late) and line A deliver the same messages: counted once
		FeedScenario sc = new FeedScenario();
		for (int k = 0; k < 20; k++) {
			sc.live(0, 'A', k, INTERVAL, k == 10 ? ms(5) : 0);
			sc.live(0, 'B', k, INTERVAL, k == 10 ? ms(5) + us(20) : us(20));
		}
		// packet 10 carries 31..33; the answer carries 30..34 at 10.5 ms, before both lines' copies
		sc.answer(0, 10 * INTERVAL + us(500), 30, 5);
		Object s = session(json(sc.analyze()));
		assertEquals(expected(60), new TreeMap<>((Map<?, ?>) Json.at(s, "message_types")));
		assertEquals(60L, Json.at(s, "distinct_messages"));
		assertEquals(0L, Json.at(s, "retransmission_only_messages"));
	}

	@Test
	void generatedDemoCountsEveryTypeAsTheTruthDoes() throws IOException {
		// the demo loses messages on both lines and its retransmission answers recover all of them
		Scenario demo = Scenario.preset("demo").seed(3).build();
		Path f = fDir.resolve("demo.pcapng");
		new Generator(demo).format(CaptureFormat.PCAPNG).write(f);
		Truth t = Truth.read(f);
		assertTrue(!t.lostOnBothLines().isEmpty() && ((java.util.List<?>) t.json().get("neverDelivered")).isEmpty());
		Object root = Json.parse(GeneratedIncidentTest.analyze(GeneratedIncidentTest.protocols(demo), f).toJson());
		Map<?, ?> s = GeneratedIncidentTest.session(root);
		Map<String, Long> byType = new TreeMap<>();
		@SuppressWarnings("unchecked")
		Map<String, Object> truth = (Map<String, Object>) ((Map<String, Object>) t.json().get("messages")).get("byType");
		truth.forEach((k, v) -> {
			if ((Long) v > 0) {
				byType.put(k, (Long) v);
			}
		});
		assertEquals(byType, new TreeMap<>((Map<?, ?>) s.get("message_types")));
		long recovered = GeneratedIncidentTest.ranges(t.json().get("recoveredByRetransmission")).cardinality();
		assertEquals(recovered, GeneratedIncidentTest.lng(s.get("retransmission_only_messages")));
		assertEquals(t.lastSequence() - recovered, GeneratedIncidentTest.lng(s.get("distinct_messages")));
	}
}
