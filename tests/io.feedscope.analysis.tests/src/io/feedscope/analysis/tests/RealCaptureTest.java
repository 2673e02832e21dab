package io.feedscope.analysis.tests;

import static io.feedscope.analysis.tests.AbScenarioTest.json;
import static io.feedscope.analysis.tests.AbScenarioTest.line;
import static io.feedscope.analysis.tests.AbScenarioTest.ranges;
import static io.feedscope.analysis.tests.AbScenarioTest.session;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.CaptureMerger;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.testdata.TestData;
import io.feedscope.testdata.outputs.Json;

/**
 * The real NASDAQ captures of tests/data ({@link TestData}: a missing one fails), read through {@link MoldUdp64CaptureSource}. Expected
 * values come from tshark ({@code tshark -r Multiple.Packets.pcap -d udp.port==26477,moldudp64 -T fields
 * -e frame.number -e ip.dst -e udp.dstport -e moldudp64.session -e moldudp64.sequence -e moldudp64.count}:
 * {@code 1 233.54.12.111 26477 000010059B 14764496 1} and {@code 2 233.54.12.111 26477 000010059B 19009117 38})
 * and from the captures' README (one Order Delete, then 38 Add Order / Add Order with MPID).
 */
@Timeout(20)
class RealCaptureTest {

	private static final int FEED_PORT = 26477;

	private static Path dir() {
		return TestData.nasdaqDir();
	}

	private static AnalysisResult analyze(Path file, int port, boolean sanitized) {
		try (CaptureMerger m = new CaptureMerger(List.of(new MoldUdp64CaptureSource(file, port, -1, sanitized)))) {
			return FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS);
		}
	}

	private static long count(Map<?, ?> types, String type) {
		Object n = types.get(type);
		return n == null ? 0 : (Long) n;
	}

	@Test
	void multiplePacketsCapture() {
		AnalysisResult r = analyze(dir().resolve("unaltered/Multiple.Packets.pcap"), FEED_PORT, false);
		Object root = json(r);
		assertEquals(2L, Json.at(root, "frames"));
		assertEquals(0L, Json.at(root, "malformed_count"));
		Object s = session(root);
		assertEquals("000010059B", Json.at(s, "session"));
		assertEquals(14764496L, Json.at(s, "first_seq"));
		assertEquals(19009117L + 38 - 1, Json.at(s, "last_seq"));
		assertEquals(39L, Json.at(s, "distinct_messages"));
		Map<?, ?> types = (Map<?, ?>) Json.at(s, "message_types");
		assertEquals(1L, types.get("D"));
		long adds = count(types, "A") + count(types, "F");
		assertEquals(38L, adds);
		assertEquals(1, ((List<?>) Json.at(s, "lines")).size());
		assertEquals("233.54.12.111:26477", line(s, "A").get("destination"));
		// two samples of a feed millions of messages apart: everything between is missing from the capture
		assertEquals("[[14764497,19009116]]", ranges(Json.at(s, "loss")));
	}

	@Test
	void everySanitizedCaptureDecodesWithoutMalformedFrames() throws IOException {
		try (Stream<Path> files = Files.list(dir().resolve("sanitized"))) {
			List<Path> pcaps = files.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
			assertEquals(15, pcaps.size(), pcaps::toString);
			for (Path p : pcaps) {
				// the publisher zeroed addresses and ports (tshark: ip.dst 0.0.0.0, udp.dstport 0)
				AnalysisResult r = analyze(p, 0, true);
				assertEquals(0, r.malformedCount(), p + ": " + r.malformed());
				assertEquals(1, r.sessions().size(), p.toString());
				assertEquals(r.frames() - r.notFeedFrames(), r.sessions().get(0).lines().get(0).packets(), p.toString());
			}
		}
	}
}
