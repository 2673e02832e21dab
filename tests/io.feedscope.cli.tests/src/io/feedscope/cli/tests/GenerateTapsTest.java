package io.feedscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario.Line;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.TapPath.Drop;
import io.feedscope.generator.TapPath.Hop;
import io.feedscope.generator.TapPath;
import io.feedscope.generator.Truth;
import io.feedscope.testdata.outputs.Records;
import io.feedscope.testdata.outputs.ReportSchema;

/**
 * {@code generate --tap} (issue 13 §2): one capture per tap point with the hops' drops and delays, the truth
 * stating them. The oracle is the generator's Java API given the same hops (its per-hop output is tested against
 * the analysis in TapPointsTest) and the truth sidecar: the analysis of the three files the command wrote finds
 * per hop exactly the losses the truth states.
 */
class GenerateTapsTest {

	@TempDir
	Path fDir;

	@Test
	void tapOptionsWriteWhatTheApiWrites() throws Exception {
		Path cli = fDir.resolve("cli.pcap");
		Records r = Records.run("generate", "--preset", "demo", "--seed", "5", "--duration", "0.4", "--rate", "30000",
				"--tap", "20us-40us,drop=A@0.3*2,miss=B@0.6*1", "--tap", "100us-300us,drop=B@0.5*3", "-o", cli.toString());
		assertEquals(0, r.exit, r.err);
		assertTrue(r.out.contains("tap 2: " + TapPath.tapPath(cli, 2)), r.out);
		Path api = fDir.resolve("api.pcap");
		new Generator(Scenario.preset("demo").seed(5).duration(400_000_000L).rate(30_000).build()).format(CaptureFormat.PCAP)
				.taps(List.of(new Hop(20_000, 40_000, List.of(new Drop(0.3, Line.A, 2)), List.of(new Drop(0.6, Line.B, 1))),
						new Hop(100_000, 300_000, List.of(new Drop(0.5, Line.B, 3)), List.of())))
				.write(api);
		for (int k = 0; k <= 2; k++) {
			Path a = k == 0 ? api : TapPath.tapPath(api, k);
			Path c = k == 0 ? cli : TapPath.tapPath(cli, k);
			assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(c), "tap " + k);
		}
		assertEquals(Files.readString(Generator.truthPath(api), StandardCharsets.UTF_8).replace("api.", "cli."),
				Files.readString(Generator.truthPath(cli), StandardCharsets.UTF_8));

		// the three captures analysed: per line and hop, the losses the truth says the hop made
		Truth truth = Truth.read(cli);
		Records a = Records.run("analyze", "--format", "json", cli.toString(), TapPath.tapPath(cli, 1).toString(),
				TapPath.tapPath(cli, 2).toString());
		assertEquals(0, a.exit, a.err);
		ReportSchema.assertValid(a.out);
		String j = AnalyzeCommandTest.compact(a.out);
		int found = 0;
		for (int k = 1; k <= 2; k++) {
			Map<?, ?> tap = (Map<?, ?>) ((List<?>) truth.json().get("taps")).get(k);
			for (Object o : (List<?>) tap.get("lines")) {
				Map<?, ?> line = (Map<?, ?>) o;
				List<?> lost = (List<?>) line.get("lostByHop");
				if (lost.isEmpty()) {
					continue;
				}
				String ranges = lost.toString().replace(" ", "");
				Matcher m = Pattern.compile("\"upstream\":" + (k - 1) + ",\"downstream\":" + k + ",[^}]*?\"lost_by_hop\":(\\[(?:\\[\\d+,\\d+\\],?)*\\]),")
						.matcher(j);
				boolean same = false;
				while (m.find()) {
					same |= m.group(1).equals(ranges);
				}
				assertTrue(same, "hop " + (k - 1) + "->" + k + " line " + line.get("line") + " lost " + ranges + " in " + j);
				found++;
			}
		}
		assertEquals(2, found, "hop 0->1 lost A's packets, hop 1->2 B's");
	}

	@Test
	void aHopThatCannotBeReadIsSaid() {
		Records r = Records.run("generate", "--tap", "fast", "-o", fDir.resolve("x.pcap").toString());
		assertEquals(2, r.exit);
		assertTrue(r.err.contains("--tap fast: the hop's delay first"), r.err);
		r = Records.run("generate", "--tap", "10us,lose=A@0.2*1", "-o", fDir.resolve("x.pcap").toString());
		assertEquals(2, r.exit);
		assertTrue(r.err.contains("'lose=A@0.2*1' is not drop=LINE@AT*N"), r.err);
		assertTrue(!Files.exists(fDir.resolve("x.pcap")));
	}
}
