package io.feedscope.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;

/**
 * Lines are (destination, session, interface) in the model as in the analysis: lines A and B sent to the same
 * group:port and captured on two NICs (pcapng interfaces 0 and 1, as the generator writes them) are two lines,
 * not one colour.
 */
class LineKeyTest {

	@TempDir
	Path fDir;

	@Test
	void oneGroupOnTwoInterfacesIsTwoLines() throws Exception {
		Path f = fDir.resolve("same-group.pcapng");
		new Generator(Scenario.preset("clean").seed(2).frames(4000).lineA("239.9.9.9", 31000).lineB("239.9.9.9", 31000).build())
				.format(CaptureFormat.PCAPNG).write(f);
		try (CaptureFile c = Captures.open(f)) {
			FeedModel m = AnalysisJob.build(List.of(c), ProtocolRegistry.getDefault().compile(), AnalysisOptions.DEFAULTS,
					new NullProgressMonitor());
			// per interface, the line names the model gives its data frames
			Map<Integer, Map<String, Integer>> names = new HashMap<>();
			for (int frame = 1; frame <= c.frameCount(); frame++) {
				FrameRef ref = new FrameRef(0, frame);
				if (m.kind(ref) == io.feedscope.dissect.PacketKind.DATA) {
					names.computeIfAbsent(c.interfaceId(frame), k -> new HashMap<>()).merge(m.lineName(ref), 1, Integer::sum);
				}
			}
			assertEquals(2, names.size(), "frames on two interfaces: " + names);
			assertEquals(1, names.get(0).size(), "one line on interface 0: " + names);
			assertEquals(1, names.get(1).size(), "one line on interface 1: " + names);
			assertTrue(!names.get(0).keySet().equals(names.get(1).keySet()), "two lines, not one: " + names);
			assertEquals(2, m.result().sessions().get(0).lines().size(), "the analysis agrees");
		}
	}
}
