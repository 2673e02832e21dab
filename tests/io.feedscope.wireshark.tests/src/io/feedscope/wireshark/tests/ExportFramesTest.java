package io.feedscope.wireshark.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.cli.Main;

/**
 * {@code feedscope analyze --export-frames DIR} (issue 12 §2): one pcapng per finding of the JSON report,
 * holding exactly the finding's frames (time, length and interface name as tshark reads them from the
 * original capture; a pcap's interface is named after the capture), each with a frame comment naming the
 * finding, the capture's name kept in the interface description.
 */
class ExportFramesTest {

	@TempDir
	Path tmp;

	private static final Pattern FINDING = Pattern.compile(
			"\"check\": \"([^\"]+)\".*?\"frames\": \\[((?:\\[\\d+,\\d+\\],?)*)\\],.*?\"message\": \"((?:[^\"\\\\]|\\\\.)*)\"", Pattern.DOTALL);
	private static final Pattern REF = Pattern.compile("\\[(\\d+),(\\d+)\\]");

	record Expected(String check, String message, TreeSet<Integer> frames) {
	}

	@Test
	void oneAnnotatedPcapngPerFinding() throws Exception {
		String tshark = RoundTrip.tshark();
		Assumptions.assumeTrue(tshark != null, "tshark is not installed");
		Path capture = tmp.resolve("incident.pcap");
		RoundTrip.feedscope("generate", "--preset", "incident", "--seed", "7", "-o", capture.toString());
		Path report = tmp.resolve("report.json");
		Path dir = tmp.resolve("frames");
		RoundTrip.feedscope("analyze", "--format", "json", "-o", report.toString(), "--export-frames", dir.toString(), capture.toString());

		List<Expected> findings = new ArrayList<>();
		Matcher m = FINDING.matcher(Files.readString(report));
		while (m.find()) {
			TreeSet<Integer> frames = new TreeSet<>();
			Matcher r = REF.matcher(m.group(2));
			while (r.find()) {
				assertEquals("0", r.group(1));
				frames.add(Integer.parseInt(r.group(2)));
			}
			findings.add(new Expected(m.group(1), m.group(3).replace("\\\"", "\""), frames));
		}
		assertTrue(findings.size() >= 3, findings.toString());
		assertTrue(findings.stream().anyMatch(f -> f.check().endsWith(".arbitration")), "the incident's first-seq-only finding");

		int files = 0;
		for (int k = 0; k < findings.size(); k++) {
			Expected f = findings.get(k);
			Path file = dir.resolve(String.format("finding-%03d-%s.pcapng", k + 1, f.check()));
			if (f.frames().isEmpty()) {
				assertTrue(!Files.exists(file), file + " for a finding without frames");
				continue;
			}
			files++;
			String[] err = new String[1];
			String fields = "-e frame.time_epoch -e frame.len -e frame.interface_name -e frame.interface_description -e frame.comment";
			List<String> cmd = new ArrayList<>(List.of(tshark, "-n", "-r", file.toString(), "-T", "fields", "-E", "aggregator=\u001f"));
			cmd.addAll(List.of(fields.split(" ")));
			String[] got = RoundTrip.run(cmd, err).replaceAll("\n+$", "").split("\n");
			// the same frames read from the original capture by tshark
			String filter = "frame.number in {" + String.join(",", f.frames().stream().map(String::valueOf).toList()) + "}";
			List<String> orig = new ArrayList<>(List.of(tshark, "-n", "-r", capture.toString(), "-Y", filter, "-T",
					"fields", "-e", "frame.time_epoch", "-e", "frame.len", "-e", "frame.interface_name"));
			String[] want = RoundTrip.run(orig, err).replaceAll("\n+$", "").split("\n");
			for (int i = 0; i < want.length; i++) {
				// pcap has no interface names: the export names the interface after its capture
				want[i] = want[i].endsWith("\t") ? want[i] + "incident.pcap" : want[i];
			}
			assertEquals(f.frames().size(), got.length, file.toString());
			String[] gotHead = new String[got.length];
			for (int i = 0; i < got.length; i++) {
				String[] c = got[i].split("\t", -1);
				gotHead[i] = c[0] + "\t" + c[1] + "\t" + c[2];
				assertEquals("capture: incident.pcap", c[3], got[i]);
				assertTrue(List.of(c[4].split("\u001f")).contains(f.check() + ": " + f.message()), "frame comment of " + file + ": " + c[4] + "\n expected: " + f.check() + ": " + f.message());
			}
			assertArrayEquals(want, gotHead, file.toString());
		}
		assertTrue(files >= 3, files + " files");

		// nothing the user had is overwritten: a second export into the same folder stops, naming the file
		Path first = dir.resolve(String.format("finding-%03d-%s.pcapng", 1, findings.get(0).check()));
		byte[] before = Files.readAllBytes(first);
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = Main.run(new String[] { "analyze", "--export-frames", dir.toString(), capture.toString() },
				new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		assertEquals(1, code);
		assertTrue(err.toString(StandardCharsets.UTF_8).contains(first.toString() + " exists; not overwritten"), err.toString(StandardCharsets.UTF_8));
		assertArrayEquals(before, Files.readAllBytes(first));
	}
}
