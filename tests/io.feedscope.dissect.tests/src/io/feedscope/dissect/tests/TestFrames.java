package io.feedscope.dissect.tests;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.testdata.TestData;

/** Frames that tests feed to the dissector (the fuzzer's seeds; the protocol cache's comparison corpus). */
public final class TestFrames {

	private TestFrames() {
	}

	/**
	 * Built MoldUDP64 / MoldUDP frames and every frame of the real captures (tests/data, unaltered/).
	 *
	 * @return Ethernet frames (UDP port 26477 for the built ones)
	 */
	public static List<byte[]> seeds() throws IOException {
		List<byte[]> out = new ArrayList<>();
		out.add(MoldPacketBuilder.mold64().message(ItchBuilder.addOrder().build()).message(ItchBuilder.systemEvent('O').build())
				.frame(1, 26477, "233.54.12.111"));
		out.add(MoldPacketBuilder.mold64().count(0).frame(1, 26477, "233.54.12.111"));
		out.add(MoldPacketBuilder.legacy().message(ItchBuilder.addOrder().build()).frame(1, 26477, "233.54.12.111"));
		// the real frames are part of the corpus: without them the fuzzer and the cache comparison would
		// shrink to the three built frames above, so a missing file fails (TestData) instead
		List<Path> files;
		try (Stream<Path> s = Files.list(TestData.nasdaqDir().resolve("unaltered"))) {
			files = s.filter(f -> f.toString().endsWith(".pcap")).sorted().toList();
		}
		for (Path f : files) {
			try (CaptureFile c = Captures.open(f)) {
				for (int i = 1; i <= c.frameCount(); i++) {
					ByteBuffer b = c.frameData(i);
					byte[] a = new byte[b.remaining()];
					b.get(0, a);
					out.add(a);
				}
			}
		}
		// 8 unaltered captures of 9 frames (Multiple.Packets has 2)
		if (out.size() != 3 + 9) {
			throw new AssertionError("seeds: 3 built + 9 real frames expected, got " + out.size() + " from " + files);
		}
		return out;
	}

}
