package io.feedscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.cli.Main;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario.Line;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.Truth;
import io.feedscope.testdata.SanitizedCaptures;
import io.feedscope.testdata.TestData;
import io.feedscope.testdata.outputs.ReportSchema;

/**
 * {@code analyze --gap-timeout} and the "nothing recognized" hint of {@code analyze} and {@code decode}, as
 * a user runs them; every JSON report is validated against the published schema. Expected values come
 * from the generator's truth and the scenario.
 */
class AnalyzeArbitrationAndHintTest {

	@TempDir
	static Path fDir;
	/** line A loses one packet, line B (3 ms behind) fills it */
	private static Path fFill;
	private static Truth fFillTruth;
	private static Scenario fZeroedScenario;
	private static Path fZeroed;
	private static Truth fZeroedTruth;

	private final ByteArrayOutputStream fOut = new ByteArrayOutputStream();
	private final ByteArrayOutputStream fErr = new ByteArrayOutputStream();

	@BeforeAll
	static void generate() throws IOException {
		Scenario fill = Scenario.builder().seed(21).duration(300_000_000L).rate(40_000).lineBLag(2_900_000, 3_100_000)
				.loss(Line.A, 0.5, 1).build();
		fFill = fDir.resolve("fill.pcapng");
		new Generator(fill).format(CaptureFormat.PCAPNG).write(fFill);
		fFillTruth = Truth.read(fFill);

		fZeroedScenario = Scenario.builder().seed(9).duration(50_000_000L).rate(20_000).retransmissions(false)
				.udpChecksums(false).build();
		Path gen = fDir.resolve("gen.pcap");
		new Generator(fZeroedScenario).format(CaptureFormat.PCAP_NS).write(gen);
		fZeroedTruth = Truth.read(gen);
		fZeroed = fDir.resolve("zeroed.pcap");
		SanitizedCaptures.zeroSessions(gen, fZeroed);
	}

	private int run(String... args) {
		fOut.reset();
		fErr.reset();
		int code = Main.run(args, new PrintStream(fOut, true, StandardCharsets.UTF_8),
				new PrintStream(fErr, true, StandardCharsets.UTF_8));
		if (code == 0 && List.of(args).contains("json") && !List.of(args).contains("-o")) {
			ReportSchema.assertValid(out());
		}
		return code;
	}

	private String out() {
		return fOut.toString(StandardCharsets.UTF_8);
	}

	private String err() {
		return fErr.toString(StandardCharsets.UTF_8);
	}

	@Test
	void gapTimeoutZeroLosesWhatLineBDeliveredLateAutoDoesNot() {
		List<Map<String, Object>> losses = fFillTruth.list("losses");
		assertEquals(1, losses.size());
		long seq = (Long) losses.get(0).get("sequence");
		long count = (Long) losses.get(0).get("count");
		String range = count == 1 ? Long.toString(seq) : seq + ".." + (seq + count - 1);

		assertEquals(0, run("analyze", "--gap-timeout", "0", fFill.toString()), err());
		assertTrue(out().contains("ERROR seq+count arbitration with a gap timeout of 0 ns lost " + range + " ("),
				out());
		assertEquals(0, run("analyze", fFill.toString()), err());
		assertFalse(out().contains("ERROR seq+count"), out());
		String headline = out().lines().findFirst().orElse("");
		assertTrue(headline.contains("seq+count needs a gap timeout of at least "), headline);
		assertEquals(0, run("analyze", "--format", "json", "--gap-timeout", "250us", fFill.toString()), err());
		assertTrue(AnalyzeCommandTest.compact(out()).contains("\"seq_and_count\":{\"gap_timeout_ns\":250000,"), out());
		assertEquals(0, run("analyze", "--format", "json", fFill.toString()), err());
	}

	@Test
	void aBadGapTimeoutIsAnArgumentError() {
		assertEquals(2, run("analyze", "--gap-timeout", "5minutes", fFill.toString()));
		assertTrue(err().contains("--gap-timeout") && err().contains("'5minutes'"), err());
		assertEquals(2, run("analyze", "--gap-timeout"));
		assertEquals(0, run("analyze", "--help"));
		assertTrue(out().contains("--gap-timeout D"), out());
	}

	@Test
	void analyzeAndDecodeSayWhyNothingWasFoundAndWhatToBind() {
		long a = (Long) truthLine("A").get("frames");
		long b = (Long) truthLine("B").get("frames");
		String why = " (MoldUDP64 heuristic declined: session not printable)";
		String da = fZeroedScenario.groupA() + ":" + fZeroedScenario.portA() + " \u00d7" + a + why;
		String db = fZeroedScenario.groupB() + ":" + fZeroedScenario.portB() + " \u00d7" + b + why;
		String hint = String.format(java.util.Locale.ROOT, "%,d UDP frames to 2 destinations, none recognized as a feed: ",
				a + b) + (a >= b ? da + ", " + db : db + ", " + da) + "; to decode them: --bind udp.port=="
				+ fZeroedScenario.portA();
		assertEquals(0, run("analyze", fZeroed.toString()), err());
		assertTrue(out().startsWith("no feed sessions found"), out());
		assertEquals("feedscope analyze: " + hint, err().strip());
		assertEquals(0, run("decode", fZeroed.toString()), err());
		assertEquals("", out());
		assertEquals("feedscope decode: " + hint, err().strip());
		// the binding it names works
		assertEquals(0, run("decode", "--bind", "udp.port==" + fZeroedScenario.portA(), fZeroed.toString()), err());
		long delivered = 0;
		for (Line l : Line.values()) {
			for (long[] r : fZeroedTruth.delivered(l)) {
				delivered += r[1] - r[0] + 1;
			}
		}
		assertEquals(2 * fZeroedTruth.lastSequence(), delivered, "both lines delivered every message");
		assertEquals(delivered, out().lines().count(), "one record per message and line");
		assertEquals("", err());
	}

	@Test
	void theSanitizedRealCaptureGetsTheSameHint() {
		// tshark -r AddOrderNoMPID.pcap -T fields -e ip.dst -e udp.dstport: five frames to 0.0.0.0 port 0
		String f = TestData.nasdaq("sanitized/AddOrderNoMPID.pcap").toString();
		String hint = "5 UDP frames to 1 destination, none recognized as a feed: 0.0.0.0:0 \u00d75 (MoldUDP64 heuristic "
				+ "declined: session not printable); to decode them: --bind udp.port==0";
		assertEquals(0, run("decode", f), err());
		assertEquals("feedscope decode: " + hint, err().strip());
		assertEquals(0, run("analyze", f), err());
		assertEquals("feedscope analyze: " + hint, err().strip());
		assertEquals(0, run("decode", "--bind", "udp.port==0", f), err());
		assertEquals(5, out().lines().count(), "one Add Order per packet");
	}

	private static Map<String, Object> truthLine(String line) {
		for (Object o : (List<?>) fZeroedTruth.json().get("lines")) {
			@SuppressWarnings("unchecked")
			Map<String, Object> m = (Map<String, Object>) o;
			if (line.equals(m.get("line"))) {
				return m;
			}
		}
		throw new AssertionError(line);
	}

}
