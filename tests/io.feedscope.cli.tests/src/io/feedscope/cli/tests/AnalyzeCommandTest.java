package io.feedscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.cli.Main;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.Truth;
import io.feedscope.testdata.outputs.ReportSchema;

/**
 * {@code feedscope analyze} as a user runs it: arguments, exit codes, files refused, output files. What
 * the analysis finds is tested in io.feedscope.analysis.tests; here only what the command adds, with
 * expected values from the generator's truth.
 */
class AnalyzeCommandTest {

	@TempDir
	static Path fDir;
	private static Path fIncident;
	private static Truth fTruth;
	private static Scenario fScenario;

	private final ByteArrayOutputStream fOut = new ByteArrayOutputStream();
	private final ByteArrayOutputStream fErr = new ByteArrayOutputStream();

	@BeforeAll
	static void generate() throws IOException {
		fScenario = Scenario.preset("incident").seed(4).build();
		fIncident = fDir.resolve("incident.pcapng");
		new Generator(fScenario).format(CaptureFormat.PCAPNG).write(fIncident);
		fTruth = Truth.read(fIncident);
	}

	private int run(String... args) {
		fOut.reset();
		fErr.reset();
		return Main.run(args, new PrintStream(fOut, true, StandardCharsets.UTF_8),
				new PrintStream(fErr, true, StandardCharsets.UTF_8));
	}

	private String out() {
		return fOut.toString(StandardCharsets.UTF_8);
	}

	/** The report without the layout whitespace (outside strings), so members can be matched as text. */
	static String compact(String json) {
		StringBuilder b = new StringBuilder(json.length());
		boolean inString = false;
		for (int i = 0; i < json.length(); i++) {
			char c = json.charAt(i);
			if (inString) {
				b.append(c);
				if (c == '\\') {
					b.append(json.charAt(++i));
				} else if (c == '"') {
					inString = false;
				}
			} else if (c == '"') {
				inString = true;
				b.append(c);
			} else if (!Character.isWhitespace(c)) {
				b.append(c);
			}
		}
		return b.toString();
	}

	private String err() {
		return fErr.toString(StandardCharsets.UTF_8);
	}

	@Test
	void textSummaryStartsWithTheHeadline() {
		assertEquals(0, run("analyze", fIncident.toString()), err());
		String first = out().lines().findFirst().orElse("");
		// the seed incident: first-seq-only loses messages both lines delivered, nothing is truly lost, A froze
		assertTrue(first.matches("\\d+ messages? lost by first-seq-only arbitration although both lines delivered them; "
				+ "no true loss; line A froze for 10\\d\\.\\d ms; first-seq-only loses \\d+ messages? at any gap timeout"), first);
		assertTrue(out().contains("capture 0 incident.pcapng: " + String.format("%,d", fTruth.frames()) + " frames"), out());
	}

	@Test
	void jsonGoesToTheOutputFileAndIsNeverOverwrittenWithoutForce() throws IOException {
		Path report = fDir.resolve("report.json");
		Files.deleteIfExists(report);
		assertEquals(0, run("analyze", "--format", "json", "-o", report.toString(), fIncident.toString()), err());
		String json = compact(Files.readString(report));
		assertTrue(json.startsWith("{\"schema\":\"feedscope-analysis/2\",\"captures\":[{"), json.substring(0, 60));
		ReportSchema.assertValid(Files.readString(report));
		assertTrue(json.contains("\"frames\":" + fTruth.frames() + ","), "frames");
		assertTrue(out().contains("report written to " + report), out());

		Files.writeString(report, "keep me");
		assertEquals(2, run("analyze", "--format", "json", "-o", report.toString(), fIncident.toString()));
		assertTrue(err().contains(report + " exists; give --force"), err());
		assertEquals("keep me", Files.readString(report));
		assertEquals(0, run("analyze", "--format", "json", "-o", report.toString(), "--force", fIncident.toString()));
		assertTrue(compact(Files.readString(report)).startsWith("{\"schema\":\"feedscope-analysis/2\",\"captures\""));
	}

	/**
	 * A capture cut short (a tap's file copied while it was written, a full disk) is analyzed up to the cut, and
	 * the report says so: the text under its capture line, the JSON in its capture's object. A pipeline that
	 * reads only the JSON never sees the warning on stderr, and must not take a cut capture for a whole one.
	 * Streamed (plain pcap) and indexed (gzip) captures find the damage at different times (while the analysis
	 * reads it, when it is opened): both reach the report.
	 */
	@Test
	void aCaptureCutShortIsAnalyzedAndTheReportSaysWhereItEnds() throws IOException {
		Path whole = fDir.resolve("whole.pcap");
		new Generator(fScenario).format(CaptureFormat.PCAP).write(whole);
		byte[] bytes = Files.readAllBytes(whole);
		Path cut = fDir.resolve("cut.pcap");
		Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
		Path gz = io.feedscope.testdata.TestData.gzipCopy(cut, fDir.resolve("cut.pcap.gz"));
		for (Path f : List.of(cut, gz)) {
			assertEquals(0, run("analyze", f.toString()), err());
			String warning = err().lines().filter(l -> l.startsWith("feedscope analyze: warning: ") && l.contains("file cut"))
					.findFirst().orElseThrow(() -> new AssertionError(f + ": no warning of the cut: " + err()));
			// "... at byte N (frame F): file cut inside ...": the report gives the same place and text
			java.util.regex.Matcher w = java.util.regex.Pattern.compile(" at byte (\\d+) \\(frame (\\d+)\\): (file cut .*)$").matcher(warning);
			assertTrue(w.find(), warning);
			String text = out();
			String frames = text.lines().filter(l -> l.startsWith("capture 0 ")).findFirst().orElseThrow();
			String next = text.lines().dropWhile(l -> !l.startsWith("capture 0 ")).skip(1).findFirst().orElseThrow();
			assertEquals("  not read: at byte " + w.group(1) + " (frame " + w.group(2) + "): " + w.group(3), next, frames);
			long read = Long.parseLong(frames.replaceAll(".*: ([\\d,]+) frames$", "$1").replace(",", ""));
			assertTrue(read > 0 && read < fTruth.frames(), frames);

			assertEquals(0, run("analyze", "--format", "json", f.toString()), err());
			ReportSchema.assertValid(out());
			String json = compact(out());
			assertTrue(json.contains("\"frames\":" + read + ",\"first_time_ns\":"), json.substring(0, 300));
			assertTrue(json.contains(",\"problem_count\":1,\"problems\":[{\"offset\":" + w.group(1) + ",\"frame\":"
					+ w.group(2) + ",\"message\":\"" + w.group(3) + "\"}]}]"), json.substring(0, 600));
		}
		// the whole capture's report has no such members (reports of undamaged captures are as they were)
		assertEquals(0, run("analyze", "--format", "json", whole.toString()), err());
		assertFalse(out().contains("\"problem"), "problems in a whole capture's report");
		assertEquals(0, run("analyze", whole.toString()), err());
		assertFalse(out().contains("not read:"), out());
	}

	@Test
	void unknownCheckIsAnArgumentErrorListingTheKnownOnes() {
		assertEquals(2, run("analyze", "--check", "nonsense", fIncident.toString()));
		assertTrue(err().contains("unknown check 'nonsense'"), err());
		for (String id : List.of("io.feedscope.analysis.gaps", "io.feedscope.analysis.loss",
				"io.feedscope.analysis.arbitration", "io.feedscope.analysis.freezes", "io.feedscope.analysis.latency")) {
			assertTrue(err().contains(id), id + " in " + err());
		}
	}

	/** --check-option names a check that runs and an option it declares; anything else is an argument error. */
	@Test
	void checkOptionsAreCheckedAgainstTheContributions() {
		assertEquals(2, run("analyze", "--check-option", "nonsense", fIncident.toString()));
		assertTrue(err().contains("--check-option needs CHECK_ID.OPTION=VALUE, not 'nonsense'"), err());
		assertEquals(2, run("analyze", "--check-option", "com.example.nothing.size=3", fIncident.toString()));
		assertTrue(err().contains("unknown check 'com.example.nothing'"), err());
		assertEquals(2, run("analyze", "--check", "loss", "--check-option", "freezes.limit=3", fIncident.toString()));
		assertTrue(err().contains("check io.feedscope.analysis.freezes does not run; add --check io.feedscope.analysis.freezes"),
				err());
		assertEquals(2, run("analyze", "--check-option", "io.feedscope.analysis.freezes.limit=3", fIncident.toString()));
		assertTrue(err().contains("check io.feedscope.analysis.freezes has no option 'limit' (it declares none)"), err());
	}

	@Test
	void onlyTheNamedChecksRun() {
		assertEquals(0, run("analyze", "--format", "json", "--check", "freezes", "io.feedscope.analysis.loss",
				fIncident.toString()), err());
		String json = compact(out());
		assertTrue(json.contains("\"freezes\":["), "freezes check ran");
		assertTrue(json.contains("\"loss\":["), "loss check ran");
		assertFalse(json.contains("\"arbitration\":"), "arbitration check did not run");
		assertFalse(json.contains("\"ab_latency_ns\":"), "latency check did not run");
	}

	@Test
	void freezeThresholdAboveTheFreezeFindsNone() {
		// the preset freezes line A for 100 ms: a 150 ms threshold must not see it, 50 ms must
		assertEquals(0, run("analyze", "--format", "json", "--check", "freezes", "--freeze-ms", "150", fIncident.toString()));
		assertTrue(compact(out()).contains("\"freezes\":[]"), out());
		assertEquals(0, run("analyze", "--format", "json", "--check", "freezes", "--freeze-ms", "50", fIncident.toString()));
		Map<String, Object> f = fTruth.list("freezes").get(0);
		assertTrue(compact(out()).contains("\"start_frame\":" + f.get("lastFrameBefore") + ",\"end_capture\":0,\"end_frame\":"
				+ f.get("firstFrameAfter")), out());
	}

	@Test
	void badFileRefusesTheWholeRunNamingTheFile() throws IOException {
		Path bad = fDir.resolve("not-a-capture.pcap");
		Files.writeString(bad, "hello, not a capture");
		Path missing = fDir.resolve("missing.pcap");
		assertEquals(1, run("analyze", fIncident.toString(), bad.toString()));
		assertTrue(err().contains(bad.toString()), err());
		assertTrue(err().contains("nothing analyzed"), err());
		assertEquals("", out());
		assertEquals(1, run("analyze", missing.toString(), fIncident.toString()));
		assertTrue(err().contains(missing + ": no such file"), err());

		// --keep-going analyzes the others, says what is missing, and still exits 1
		assertEquals(1, run("analyze", "--keep-going", fIncident.toString(), bad.toString()));
		assertTrue(out().startsWith("NOTE: 1 capture(s) could not be read"), out());
		assertTrue(out().contains("capture 0 incident.pcapng"), out());
	}

	@Test
	void bindingsAreCheckedAndUsed() {
		assertEquals(2, run("analyze", "--bind", "udp.port==70000", fIncident.toString()));
		assertTrue(err().contains("udp.port==70000"), err());
		assertEquals(2, run("analyze", "--bind", "tcp.port==1", fIncident.toString()));
		assertEquals(2, run("analyze", "--bind", "group==300.1.2.3/8", fIncident.toString()));
		// the incident's lines on their group and port: same report as found by the heuristic
		assertEquals(0, run("analyze", "--format", "json", fIncident.toString()));
		String plain = out();
		assertEquals(0, run("analyze", "--format", "json", "--bind", "udp.port==" + fScenario.portA() + "-" + fScenario.portB(),
				"--bind", "group==" + fScenario.groupA() + "/32", fIncident.toString()));
		assertEquals(plain, out());
		// tshark's -d form, the protocol named: the same report again
		assertEquals(0, run("analyze", "--format", "json", "--bind", "udp.port==" + fScenario.portA() + ",moldudp64",
				"--bind", "ip.dst==" + fScenario.groupB() + " moldudp64", fIncident.toString()));
		assertEquals(plain, out());
		// a protocol that is not there is a usage error naming it, as tshark -d says of an unknown one
		assertEquals(2, run("analyze", "--bind", "udp.port==26477,nosuch", fIncident.toString()));
		// the known ones are the installed descriptions' framings: MoldUDP64 and legacy MoldUDP here, and whatever
		// framing another installed feed's plug-in brings (Cboe's unit header: asserted in that plug-in's own tests)
		assertTrue(err().contains("--bind udp.port==26477,nosuch: no framing protocol 'nosuch' (known: "), err());
		List<String> installed = io.feedscope.dissect.ProtocolRegistry.getDefault().compile().framingProtocols().stream()
				.map(io.feedscope.dissect.Protocol::name).toList();
		assertTrue(installed.containsAll(List.of("moldudp64", "moldudp")), installed::toString);
		for (String known : installed) {
			assertTrue(err().matches("(?s).*\\(known: [^)]*\\b" + known + "\\b.*"), known + " in " + err());
		}
	}

	@Test
	void wrongArgumentsExitTwo() {
		assertEquals(2, run("analyze"));
		assertTrue(err().contains("no capture given"), err());
		assertEquals(2, run("analyze", "--format", "xml", fIncident.toString()));
		assertEquals(2, run("analyze", "--freeze-ms", "abc", fIncident.toString()));
		assertEquals(2, run("analyze", "--bogus", fIncident.toString()));
		assertEquals(0, run("analyze", "--help"));
		assertTrue(out().contains("--keep-going"), out());
	}
}
