package io.feedscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.generator.FrameTable;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.testdata.outputs.Records;

/**
 * Independent check of FeedScope's MoldUDP64 framing: {@code feedscope decode --frames} (FeedScope's
 * dissector) must show, frame by frame, the session, sequence, count and message sequences that
 * Wireshark's MoldUDP64 dissector (tshark) shows, on generated captures with VLAN tags, pcap-ns and
 * pcapng, heartbeats, end of session, re-requests and malformed frames. The generator's own frame
 * table is checked too (it does not need tshark). Skipped when tshark is not installed.
 */
class TsharkFramingTest {

	@TempDir
	Path fDir;

	private static Scenario scenario(String name) {
		return switch (name) {
		case "demo-vlan-ns" -> Scenario.preset("demo").seed(21).frames(30_000).vlans(100).build();
		case "demo-qinq-pcapng" -> Scenario.preset("demo").seed(22).frames(30_000).vlans(100, 141).build();
		case "incident" -> Scenario.preset("incident").seed(23).frames(40_000).build();
		case "malformed" -> Scenario.preset("malformed").seed(24).frames(30_000).vlans(7).build();
		case "loss-requests" -> Scenario.preset("loss").seed(25).frames(30_000).udpChecksums(false).build();
		case "heartbeats-eos" -> Scenario.preset("clean").seed(26).duration(20_000_000_000L).rate(2).endOfSession(true).build();
		default -> throw new IllegalArgumentException(name);
		};
	}

	private static CaptureFormat format(String name) {
		return name.contains("pcapng") || name.equals("malformed") ? CaptureFormat.PCAPNG
				: name.endsWith("-ns") || name.equals("incident") ? CaptureFormat.PCAP_NS : CaptureFormat.PCAP;
	}

	@ParameterizedTest
	@ValueSource(strings = { "demo-vlan-ns", "demo-qinq-pcapng", "incident", "malformed", "loss-requests", "heartbeats-eos" })
	void feedScopeFramesAgreeWithTshark(String name) throws Exception {
		Scenario s = scenario(name);
		Path capture = fDir.resolve(name + "." + format(name).id());
		Generator.Result g = new Generator(s).format(format(name)).frameTable(true).write(capture);
		// the same bindings as tshark's -d: a malformed frame is not MoldUDP64 to a strict heuristic
		Records r = Records.run("decode", "--frames", "--bind", "udp.port==" + s.portA(), "--bind", "udp.port==" + s.portB(),
				"--bind", "udp.port==" + s.requestPort(), capture.toString());
		assertEquals(0, r.exit, r.err);
		FrameTable ours = FrameTable.read(new StringReader(r.out), Generator.FRAME_TABLE_COLUMNS);
		assertEquals(g.frames(), ours.size());
		// the generator's table: what it wrote, frame by frame
		FrameTable.Comparison truth = FrameTable.compare(FrameTable.read(g.frameTable(), null), ours);
		assertTrue(truth.matches(), "generator vs FeedScope: " + truth);
		// tshark
		FrameTable tshark = tshark(capture, s);
		FrameTable.Comparison c = FrameTable.compare(tshark, ours);
		assertTrue(c.matches(), "tshark vs FeedScope: " + c);
		assertEquals(g.frames(), c.rowsCompared());
		assertEquals(Generator.FRAME_TABLE_COLUMNS, c.columns());
		// the capture has what its name promises
		String[] kinds = switch (name) {
		case "heartbeats-eos" -> new String[] { "65535" };
		default -> new String[0];
		};
		for (String k : kinds) {
			assertTrue(r.out.contains("\t" + k + "\t"), name + " has count " + k);
		}
	}

	/** tshark with MoldUDP64 on the feed ports and the re-request port, as releng/check-tshark runs it. */
	static FrameTable tshark(Path capture, Scenario s) throws IOException, InterruptedException {
		FrameTable t = FrameTable.tshark(capture, FrameTable.decodeAsMoldUdp64(s.portA(), s.portB(), s.requestPort()),
				Generator.FRAME_TABLE_COLUMNS);
		Assumptions.assumeTrue(t != null, "tshark is not installed");
		return t;
	}
}
