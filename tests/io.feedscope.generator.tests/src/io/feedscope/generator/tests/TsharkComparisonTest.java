package io.feedscope.generator.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.generator.FrameTable;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;

/**
 * Independent check of the generator's framing: Wireshark's MoldUDP64 dissector (tshark) must show,
 * frame by frame, the session, sequence, count and message sequences the generator recorded in its
 * frame table. Skipped when tshark is not installed.
 */
class TsharkComparisonTest {

	@TempDir
	Path fDir;

	@ParameterizedTest
	@CsvSource({ "demo, PCAPNG, 100 141", "demo, PCAP, 7", "loss, PCAP_NS, ''", "malformed, PCAPNG, 300",
			"incident, PCAP, ''" })
	void tsharkSeesWhatTheTruthSays(String preset, CaptureFormat format, String vlans) throws Exception {
		int[] ids = vlans.isBlank() ? new int[0]
				: java.util.Arrays.stream(vlans.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
		Scenario s = Scenario.preset(preset).frames(40_000).seed(99).vlans(ids).build();
		Path capture = fDir.resolve(preset + "." + format.id());
		Generator.Result r = new Generator(s).format(format).frameTable(true).write(capture);
		FrameTable expected = FrameTable.read(r.frameTable(), null);
		FrameTable actual = tshark(capture, s);
		FrameTable.Comparison c = FrameTable.compare(expected, actual);
		assertTrue(c.matches(), c.toString());
		assertEquals(r.frames(), c.rowsCompared());
		assertEquals(Generator.FRAME_TABLE_COLUMNS, c.columns());
	}

	/** pcapng: line A on interface 0, B on 1, the unicast re-request traffic on 2; malformed frames commented. */
	@org.junit.jupiter.api.Test
	void pcapngInterfacesAndComments() throws Exception {
		Scenario s = Scenario.preset("demo").frames(40_000).seed(5).build();
		Path capture = fDir.resolve("demo.pcapng");
		Generator.Result r = new Generator(s).format(CaptureFormat.PCAPNG).write(capture);
		String truth = Files.readString(r.truth());
		List<String> cmd = List.of("tshark", "-n", "-r", capture.toString(), "-T", "fields", "-E", "occurrence=f", "-e",
				"frame.number", "-e", "frame.interface_id", "-e", "ip.dst", "-e", "frame.comment");
		Process p;
		try {
			p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		} catch (IOException e) {
			Assumptions.abort("tshark is not installed: " + e.getMessage());
			throw e;
		}
		List<String> lines;
		try (java.io.BufferedReader in = new java.io.BufferedReader(
				new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			lines = in.lines().toList();
		}
		assertTrue(p.waitFor(120, TimeUnit.SECONDS));
		assertEquals(r.frames(), lines.size());
		int malformed = 0;
		for (String l : lines) {
			String[] v = l.split("\t", -1);
			int expected = v[2].equals(s.groupA()) ? 0 : v[2].equals(s.groupB()) ? 1 : 2;
			assertEquals(String.valueOf(expected), v[1], l);
			java.util.regex.Matcher m = java.util.regex.Pattern
					.compile("\\{\"frame\": " + v[0] + ", \"line\": \"[AB]\", \"kind\": \"([a-z-]+)\"").matcher(truth);
			if (m.find()) {
				malformed++;
				assertEquals("malformed: " + m.group(1), v[3], l);
			}
		}
		assertEquals(3, malformed);
	}

	/** Wireshark verifies every IPv4 and UDP checksum as good (the snaplen-cut frame cannot be verified). */
	@org.junit.jupiter.api.Test
	void checksumsAreGoodForWireshark() throws Exception {
		Scenario s = Scenario.preset("demo").frames(30_000).seed(8).vlans(100, 141).build();
		Path capture = fDir.resolve("sum.pcap");
		Generator.Result r = new Generator(s).format(CaptureFormat.PCAP).write(capture);
		List<String> cmd = List.of("tshark", "-n", "-r", capture.toString(), "-o", "udp.check_checksum:TRUE", "-o",
				"ip.check_checksum:TRUE", "-T", "fields", "-e", "frame.number", "-e", "ip.checksum.status", "-e",
				"udp.checksum.status");
		Process p;
		try {
			p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		} catch (IOException e) {
			Assumptions.abort("tshark is not installed: " + e.getMessage());
			throw e;
		}
		List<String> lines;
		try (java.io.BufferedReader in = new java.io.BufferedReader(
				new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			lines = in.lines().toList();
		}
		assertTrue(p.waitFor(120, TimeUnit.SECONDS));
		assertEquals(r.frames(), lines.size());
		String truth = Files.readString(r.truth());
		for (String l : lines) {
			String[] v = l.split("\\t", -1);
			assertEquals("1", v[1], "IPv4 checksum status (1 = good) of frame " + l);
			boolean cut = truth.contains("{\"frame\": " + v[0] + ", \"line\": \"A\", \"kind\": \"snaplen-truncated\"")
					|| truth.contains("{\"frame\": " + v[0] + ", \"line\": \"B\", \"kind\": \"snaplen-truncated\"");
			assertEquals(cut ? "2" : "1", v[2], "UDP checksum status (1 = good, 2 = unverified) of frame " + l);
		}
	}

	/** Runs tshark with MoldUDP64 decoding on the feed ports and the re-request port. */
	static FrameTable tshark(Path capture, Scenario s) throws IOException, InterruptedException {
		List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString(), "-d",
				"udp.port==" + s.portA() + ",moldudp64", "-d", "udp.port==" + s.portB() + ",moldudp64", "-d",
				"udp.port==" + s.requestPort() + ",moldudp64", "-T", "fields"));
		for (String c : Generator.FRAME_TABLE_COLUMNS) {
			cmd.add("-e");
			cmd.add(c);
		}
		Process p;
		try {
			p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		} catch (IOException e) {
			Assumptions.abort("tshark is not installed: " + e.getMessage());
			throw e;
		}
		FrameTable t;
		try (InputStreamReader in = new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)) {
			t = FrameTable.read(in, Generator.FRAME_TABLE_COLUMNS);
		}
		assertTrue(p.waitFor(120, TimeUnit.SECONDS), "tshark did not finish");
		assertEquals(0, p.exitValue(), "tshark exit code");
		assertTrue(Files.size(capture) > 0);
		return t;
	}
}
