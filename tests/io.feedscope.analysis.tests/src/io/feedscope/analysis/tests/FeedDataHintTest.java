package io.feedscope.analysis.tests;

import static io.feedscope.analysis.tests.GeneratedIncidentTest.lng;
import static io.feedscope.analysis.tests.GeneratedIncidentTest.truthLine;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.CaptureMerger;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.analysis.FeedDataHint;
import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.Truth;
import io.feedscope.testdata.SanitizedCaptures;
import io.feedscope.testdata.TestData;

/**
 * Saying why nothing was found: captures whose UDP traffic no heuristic claims get a hint naming what was
 * there, why it was declined and the binding that decodes it; with that binding the analysis finds the feed.
 */
@Timeout(60)
class FeedDataHintTest {

	@TempDir
	static Path fDir;

	private static ProtocolSet builtIn() {
		return ProtocolRegistry.getDefault().compile();
	}

	private static AnalysisResult analyze(Path f, ProtocolSet ps) throws IOException {
		try (CaptureMerger m = new CaptureMerger(List.of(new DissectedPacketSource(Captures.open(f), ps)))) {
			return FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS);
		}
	}

	private static String hint(Path f, ProtocolSet ps) throws IOException {
		try (CaptureFile c = Captures.open(f)) {
			return FeedDataHint.of(List.of(c), ps, "moldudp64").text();
		}
	}

	@Test
	void sanitizedRealCaptureWithPortsAndSessionZeroed() throws IOException {
		// tshark -r AddOrderNoMPID.pcap -T fields -e ip.dst -e udp.dstport | sort | uniq -c: 5 x "0.0.0.0 0"
		Path f = TestData.nasdaq("sanitized/AddOrderNoMPID.pcap");
		assertEquals(0, analyze(f, builtIn()).sessions().size(), "the heuristic rejects the zeroed session");
		assertEquals("5 UDP frames to 1 destination, none recognized as a feed: 0.0.0.0:0 \u00d75 (MoldUDP64 heuristic "
				+ "declined: session not printable); to decode them: --bind udp.port==0", hint(f, builtIn()));
		ProtocolSet bound = builtIn().toBuilder().bindPorts("moldudp64", 0, 0).build();
		AnalysisResult r = analyze(f, bound);
		assertEquals(1, r.sessions().size());
		// 0.0.0.0 is no multicast group: the five packets count as unicast DATA (answers), not as a line
		io.feedscope.analysis.FeedSession s = r.sessions().get(0);
		assertEquals(5, s.retransmissionPackets() + s.lines().stream().mapToLong(l -> l.packets()).sum());
	}

	@Test
	void generatedFeedWithItsSessionZeroed() throws IOException {
		Scenario s = Scenario.builder().seed(9).duration(50_000_000L).rate(20_000).retransmissions(false)
				.udpChecksums(false).build();
		Path gen = fDir.resolve("gen.pcap");
		new Generator(s).format(CaptureFormat.PCAP_NS).write(gen);
		Truth t = Truth.read(gen);
		Path zeroed = fDir.resolve("zeroed.pcap");
		SanitizedCaptures.zeroSessions(gen, zeroed);
		assertEquals(0, analyze(zeroed, builtIn()).sessions().size());
		long a = lng(truthLine(t, "A").get("frames"));
		long b = lng(truthLine(t, "B").get("frames"));
		assertEquals(t.frames(), a + b, "only the two lines' frames: no retransmission traffic");
		String da = s.groupA() + ":" + s.portA();
		String db = s.groupB() + ":" + s.portB();
		String why = " (MoldUDP64 heuristic declined: session not printable)";
		String first = a >= b ? da + " \u00d7" + a + why + ", " + db + " \u00d7" + b + why
				: db + " \u00d7" + b + why + ", " + da + " \u00d7" + a + why;
		assertEquals(String.format(java.util.Locale.ROOT, "%,d UDP frames to 2 destinations, none recognized as a feed: ",
				t.frames()) + first + "; to decode them: --bind udp.port==" + s.portA(), hint(zeroed, builtIn()));
		AnalysisResult r = analyze(zeroed, builtIn().toBuilder().bindPorts("moldudp64", s.portA(), s.portA()).build());
		assertEquals(1, r.sessions().size());
		assertEquals(t.lastSequence(), r.sessions().get(0).lastSeq());
	}

	@Test
	void framesThatAreNotUdpOrNothingAtAll() throws IOException {
		Path empty = fDir.resolve("empty.pcap");
		Files.write(empty, GeneratedIncidentTest.pcapHeader(1));
		assertEquals("the capture holds no frames", hint(empty, builtIn()));
	}

}
