package io.feedscope.protocols.pitch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.CaptureMerger;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.analysis.PacketEvent;
import io.feedscope.analysis.PacketSource;
import io.feedscope.analysis.ParallelPacketSource;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.protocols.pitch.generator.PitchGenerator;

/**
 * A PITCH capture read by the parallel reader (1, 2 and 8 dissecting threads, chunks of a few frames and of the
 * default size) gives the serial reader's events and report; the analysis fragment proves the same of
 * MoldUDP64 captures, this one of the Sequenced Unit Header, whose sessions are numeric units interleaved on one
 * group (moved here from the analysis fragment so that the PITCH bundle's tests live with it).
 */
class PitchParallelTest {

	private static final ProtocolSet PROTOCOLS = ProtocolRegistry.getDefault().compile();

	@TempDir
	static Path fDir;

	private static DissectedPacketSource serial(Path f) throws IOException {
		return new DissectedPacketSource(Captures.open(f), PROTOCOLS);
	}

	/** Every field of every event that the parallel reader hands over, one line each. */
	private static List<String> events(PacketSource s) {
		List<String> out = new ArrayList<>();
		try (s) {
			while (s.advance()) {
				PacketEvent e = s.current();
				StringBuilder b = new StringBuilder(e.toString()).append(' ').append(e.sourceIp()).append(':')
						.append(e.sourcePort()).append(' ').append(e.destinationIp()).append(' ').append(e.interfaceId())
						.append(' ').append(e.protocol()).append(' ').append(e.kind()).append(' ').append(e.session())
						.append(' ').append(e.firstSeq()).append('+').append(e.messageCount()).append(' ').append(e.problem())
						.append(' ');
				for (int i = 0; i < e.messageCount(); i++) {
					b.append(e.messageType(i)).append(',');
				}
				out.add(b.toString());
			}
		}
		return out;
	}

	private static String report(PacketSource s) {
		try (CaptureMerger m = new CaptureMerger(List.of(s))) {
			return FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS).toJson();
		}
	}

	@Test
	void aPitchCaptureReadsInParallelAsSerially() throws IOException {
		Path f = fDir.resolve("pitch6.pcapng");
		new PitchGenerator().seed(6).format(CaptureFormat.PCAPNG).write(f);
		List<String> expected = events(serial(f));
		assertTrue(expected.size() >= 1000, f + ": " + expected.size() + " events");
		// the serial reading itself must have dissected PITCH: data packets of the unit framing
		DissectedPacketSource probe = serial(f);
		long data = 0;
		try (probe) {
			while (probe.advance()) {
				if (probe.current().kind() == PacketKind.DATA && "cboe_suh".equals(probe.current().protocol())) {
					data++;
				}
			}
		}
		assertTrue(data > expected.size() / 2, "PITCH data packets: " + data + " of " + expected.size());
		String expectedReport = report(serial(f));
		for (int threads : new int[] { 1, 2, 8 }) {
			for (int chunk : new int[] { 61, 4096 }) {
				assertEquals(expected, events(new ParallelPacketSource(serial(f), threads, chunk)),
						threads + " threads, chunks of " + chunk);
			}
			assertEquals(expectedReport, report(new ParallelPacketSource(serial(f), threads, 97)), "report, " + threads + " threads");
		}
	}
}
