package io.feedscope.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.LearnedBindings;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.Truth;

/**
 * One set of learned bindings for every face: the analysis pass learns the feed's ports, and a dissector that
 * looks at single frames afterwards (table, details, filter) with {@code useLearned} shows the generator's
 * malformed frames (truth sidecar) as malformed feed packets with the framing's reason, where a dissector
 * without them sees "not a feed".
 */
class LearnedBindingsTest {

	@TempDir
	Path fDir;

	@Test
	void theAnalysisPassTeachesTheRandomAccessDissectors() throws Exception {
		Path f = fDir.resolve("malformed.pcap");
		new Generator(Scenario.preset("malformed").seed(4).frames(20_000).build()).format(CaptureFormat.PCAP).write(f);
		Truth truth = Truth.read(f);
		List<Map<String, Object>> malformed = truth.list("malformed");
		assertFalse(malformed.isEmpty());
		ProtocolSet set = ProtocolRegistry.getDefault().compile();
		LearnedBindings learned = new LearnedBindings();
		try (CaptureFile c = Captures.open(f)) {
			DissectedPacketSource s = DissectedPacketSource.borrowing(c, set, learned);
			while (s.advance()) {
				// the analysis pass
			}
			assertTrue(learned.size() >= 1, "the feed's group port was learned");
			FeedDissector plain = new FeedDissector(set);
			FeedDissector shared = new FeedDissector(set).useLearned(learned);
			int notFeedWithout = 0;
			for (Map<String, Object> m : malformed) {
				if (!"count-beyond-blocks".equals(m.get("kind")) && !"block-overrun".equals(m.get("kind"))) {
					continue;
				}
				int frame = ((Long) m.get("frame")).intValue();
				if (plain.dissect(c, frame).kind() == PacketKind.NOT_FEED) {
					notFeedWithout++;
				}
				FeedPacket p = shared.dissect(c, frame);
				assertEquals("moldudp64", p.protocolName(), "frame " + frame);
				assertTrue(p.expertItems().stream().anyMatch(x -> x.id().startsWith("moldudp64.")),
						"frame " + frame + " says why: " + p.expertItems());
			}
			assertTrue(notFeedWithout > 0, "without the learned bindings some of them are not feed packets at all");
			// using them learns nothing: the shared object is the pass's alone to fill
			int before = learned.size();
			new FeedDissector(set).useLearned(learned).dissect(c, 1);
			assertEquals(before, learned.size());
		}
	}
}
