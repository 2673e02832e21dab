package io.feedscope.generator.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
		FrameTable t = FrameTable.tshark(capture, List.of("-E", "occurrence=f"),
				List.of("frame.number", "frame.interface_id", "ip.dst", "frame.comment"));
		Assumptions.assumeTrue(t != null, "tshark is not installed");
		assertEquals(r.frames(), t.size());
		int malformed = 0;
		for (int i = 0; i < t.size(); i++) {
			String frame = t.value(i, "frame.number");
			String dst = t.value(i, "ip.dst");
			int expected = dst.equals(s.groupA()) ? 0 : dst.equals(s.groupB()) ? 1 : 2;
			assertEquals(String.valueOf(expected), t.value(i, "frame.interface_id"), "frame " + frame);
			java.util.regex.Matcher m = java.util.regex.Pattern
					.compile("\\{\"frame\": " + frame + ", \"line\": \"[AB]\", \"kind\": \"([a-z-]+)\"").matcher(truth);
			if (m.find()) {
				malformed++;
				assertEquals("malformed: " + m.group(1), t.value(i, "frame.comment"), "frame " + frame);
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
		FrameTable t = FrameTable.tshark(capture, List.of("-o", "udp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE"),
				List.of("frame.number", "ip.checksum.status", "udp.checksum.status"));
		Assumptions.assumeTrue(t != null, "tshark is not installed");
		assertEquals(r.frames(), t.size());
		String truth = Files.readString(r.truth());
		for (int i = 0; i < t.size(); i++) {
			String frame = t.value(i, "frame.number");
			assertEquals("1", t.value(i, "ip.checksum.status"), "IPv4 checksum status (1 = good) of frame " + frame);
			boolean cut = truth.contains("{\"frame\": " + frame + ", \"line\": \"A\", \"kind\": \"snaplen-truncated\"")
					|| truth.contains("{\"frame\": " + frame + ", \"line\": \"B\", \"kind\": \"snaplen-truncated\"");
			assertEquals(cut ? "2" : "1", t.value(i, "udp.checksum.status"), "UDP checksum status (1 = good, 2 = unverified) of frame " + frame);
		}
	}

	/** Runs tshark with MoldUDP64 decoding on the feed ports and the re-request port. */
	static FrameTable tshark(Path capture, Scenario s) throws IOException, InterruptedException {
		FrameTable t = FrameTable.tshark(capture, FrameTable.decodeAsMoldUdp64(s.portA(), s.portB(), s.requestPort()),
				Generator.FRAME_TABLE_COLUMNS);
		Assumptions.assumeTrue(t != null, "tshark is not installed");
		assertTrue(Files.size(capture) > 0);
		return t;
	}
}
