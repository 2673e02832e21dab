package io.feedscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;

/**
 * Both ways a chunk's frames reach the dissecting threads give the serial reading's events: loaded into the chunk's
 * array (the usual way) and a buffer per frame (a chunk too large to load, {@code -Dfeedscope.chunkLoad=false}), with
 * the chunks' events made by whichever thread dissects into them first, worker or checks' thread, and reused after.
 */
@Timeout(300)
class ChunkPathsTest {

	private static final ProtocolSet PROTOCOLS = ProtocolRegistry.getDefault().compile();

	@TempDir
	static Path fDir;

	private static List<String> events(PacketSource s) {
		List<String> out = new ArrayList<>();
		try (s) {
			while (s.advance()) {
				PacketView e = s.current();
				StringBuilder b = new StringBuilder().append(e.frame()).append(' ').append(e.timeNanos()).append(' ')
						.append(e.sourcePort()).append('>').append(e.destinationPort()).append(' ').append(e.protocol())
						.append(' ').append(e.kind()).append(' ').append(e.session()).append(' ').append(e.firstSeq()).append('+')
						.append(e.messageCount()).append(' ').append(e.problem()).append(' ');
				for (int i = 0; i < e.messageCount(); i++) {
					b.append(e.messageType(i)).append(',');
				}
				out.add(b.toString());
			}
		}
		return out;
	}

	@Test
	void loadedOrABufferPerFrameTheSerialEvents() throws IOException {
		Path f = fDir.resolve("incident.pcap");
		new Generator(Scenario.preset("incident").seed(11).frames(5000).build()).format(CaptureFormat.PCAP).write(f);
		List<String> expected = events(new DissectedPacketSource(Captures.stream(f), PROTOCOLS));
		boolean load = ParallelPacketSource.LOAD;
		try {
			for (boolean loaded : new boolean[] { true, false }) {
				ParallelPacketSource.LOAD = loaded;
				for (int threads : new int[] { 0, 1, 2 }) {
					ParallelPacketSource p = new ParallelPacketSource(new DissectedPacketSource(Captures.stream(f), PROTOCOLS),
							threads, 53);
					assertEquals(expected, events(p), (loaded ? "loaded" : "a buffer per frame") + ", " + threads + " threads");
				}
			}
		} finally {
			ParallelPacketSource.LOAD = load;
		}
	}
}
