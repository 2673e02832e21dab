package io.feedscope.capture.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.capture.StreamedCapture;

/**
 * The streaming reader (behind {@code feedscope analyze}) against the indexed one (behind {@code decode},
 * the workbench), on the hand-built fixtures whose frames {@link PcapngFileTest} checks against values
 * computed by hand and by tshark.
 */
class StreamedCaptureTest {

	@TempDir
	Path dir;

	/** One line per frame with everything both readers tell about it. */
	static List<String> indexed(Path file) throws IOException {
		List<String> out = new ArrayList<>();
		try (CaptureFile c = Captures.open(file)) {
			for (int f = 1; f <= c.frameCount(); f++) {
				out.add(line(f, c.timestampNanos(f), c.capturedLength(f), c.originalLength(f), c.linkType(f),
						c.interfaceId(f), c.frameData(f)));
			}
		}
		return out;
	}

	static List<String> streamed(Path file) throws IOException {
		List<String> out = new ArrayList<>();
		try (StreamedCapture s = StreamedCapture.open(file)) {
			while (s.next()) {
				out.add(line(s.frame(), s.timestampNanos(), s.capturedLength(), s.originalLength(), s.linkType(),
						s.interfaceId(), s.data()));
			}
		}
		return out;
	}

	private static String line(int frame, long time, int capLen, int origLen, int linkType, int iface, ByteBuffer data) {
		byte[] b = new byte[data.remaining()];
		data.duplicate().get(b);
		return "frame " + frame + " time " + time + " caplen " + capLen + " len " + origLen + " link " + linkType
				+ " if " + iface + " data " + HexFormat.of().formatHex(b);
	}

	@Test
	void twoSectionsFixtureStreamsTheSevenFramesTheIndexHas() throws IOException {
		Path p = PcapngFileTest.twoSections().write(dir, "two-sections.pcapng");
		List<String> indexed = indexed(p);
		assertEquals(7, indexed.size(), "the indexed reader, checked by PcapngFileTest and tshark");
		assertEquals(indexed, streamed(p));
	}

	@Test
	void smallFixtureStreamsTheFourFramesTheIndexHas() throws IOException {
		Path p = PcapngFileTest.small().write(dir, "small.pcapng");
		List<String> indexed = indexed(p);
		assertEquals(4, indexed.size(), "the indexed reader, checked by PcapngFileTest");
		assertEquals(indexed, streamed(p));
	}
}
