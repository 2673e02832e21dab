package io.feedscope.capture.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.capture.GrowingCapture;
import io.feedscope.capture.LinkType;

/**
 * The follow mode of the incremental index: a file written in pieces, cut anywhere (inside a block header,
 * inside a packet's data), is indexed up to its last whole record at every poll, with no problem reported
 * for the record the writer is still writing; the frames equal the ones {@link Captures#open} reads from the
 * finished file, and a record still cut when the writer is done is reported as damage.
 */
@Timeout(30)
class GrowingCaptureTest {

	@TempDir
	Path fDir;

	private static byte[] frame(int i) {
		byte[] payload = new byte[20 + i];
		Arrays.fill(payload, (byte) i);
		return PcapBuilder.udpFrame(PcapBuilder.ip(10, 0, 0, 1), PcapBuilder.ip(233, 54, 12, 1), 5000, 26477 + i, payload);
	}

	private static void append(Path f, byte[] all, int from, int to) throws IOException {
		try (OutputStream o = Files.newOutputStream(f, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
			o.write(all, from, to - from);
		}
	}

	private static void assertSameFrames(CaptureFile expected, CaptureFile actual, int frames) {
		for (int f = 1; f <= frames; f++) {
			assertEquals(expected.timestampNanos(f), actual.timestampNanos(f), "time of frame " + f);
			assertEquals(expected.originalLength(f), actual.originalLength(f), "length of frame " + f);
			assertEquals(expected.linkType(f), actual.linkType(f), "link type of frame " + f);
			assertArrayEquals(bytes(expected.frameData(f)), bytes(actual.frameData(f)), "bytes of frame " + f);
		}
	}

	private static byte[] bytes(ByteBuffer b) {
		byte[] a = new byte[b.remaining()];
		b.duplicate().get(a);
		return a;
	}

	@Test
	void pcapngFollowedThroughCutsAtEveryKindOfPlace() throws IOException {
		PcapngBuilder b = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 0);
		for (int i = 1; i <= 5; i++) {
			b.epb(0, 1_700_000_000_000_000L + i * 1000, frame(i));
		}
		byte[] all = b.bytes();
		List<Integer> blocks = b.blockOffsets(); // SHB, IDB, EPB 1..5
		Path whole = Files.write(fDir.resolve("whole.pcapng"), all);
		Path f = fDir.resolve("growing.pcapng");
		// the section header and half the interface block: no frame yet, nothing wrong
		append(f, all, 0, blocks.get(1) + 10);
		try (GrowingCapture g = GrowingCapture.follow(f, 1000); CaptureFile ref = Captures.open(whole)) {
			assertEquals(0, g.frameCount());
			// the interface block, frame 1, and 6 bytes of frame 2's block header (inside the 12 of type+length+...)
			append(f, all, blocks.get(1) + 10, blocks.get(3) + 6);
			assertEquals(1, g.poll());
			// frame 2 whole, frame 3 cut inside its packet data
			append(f, all, blocks.get(3) + 6, blocks.get(4) + 40);
			assertEquals(2, g.poll());
			assertEquals(2, g.poll(), "nothing new: nothing more");
			assertTrue(g.problems().isEmpty(), "a record being written is not damage: " + g.problems());
			// the rest
			append(f, all, blocks.get(4) + 40, all.length);
			assertEquals(5, g.poll());
			g.finish();
			assertTrue(g.isFinished());
			assertEquals(ref.frameCount(), g.frameCount());
			assertTrue(g.problems().isEmpty(), g.problems().toString());
			assertSameFrames(ref, g, 5);
			assertEquals(ref.interfaces(), g.interfaces());
		}
	}

	@Test
	void pcapRecordCutWhenTheWriterStopsIsDamage() throws IOException {
		PcapBuilder b = new PcapBuilder(ByteOrder.BIG_ENDIAN, true, LinkType.ETHERNET);
		for (int i = 1; i <= 3; i++) {
			b.record(1_700_000_000L + i, i * 7, frame(i));
		}
		byte[] three = b.bytes();
		byte[] fourth = new PcapBuilder(ByteOrder.BIG_ENDIAN, true, LinkType.ETHERNET).record(1_700_000_009L, 1, frame(4))
				.bytes();
		Path whole = Files.write(fDir.resolve("whole.pcap"), three);
		Path f = fDir.resolve("growing.pcap");
		int recordLen = 16 + frame(1).length;
		append(f, three, 0, 24 + recordLen + 9); // frame 1 and 9 bytes of frame 2's record header
		try (GrowingCapture g = GrowingCapture.follow(f, 1000); CaptureFile ref = Captures.open(whole)) {
			assertEquals(1, g.frameCount());
			append(f, three, 24 + recordLen + 9, three.length);
			assertEquals(3, g.poll());
			assertTrue(g.problems().isEmpty());
			// the writer stops half-way through a fourth record (its header and 10 bytes of data)
			append(f, fourth, 24, 24 + 16 + 10);
			assertEquals(3, g.poll());
			assertTrue(g.problems().isEmpty(), "still being written: " + g.problems());
			g.finish();
			assertEquals(3, g.frameCount());
			assertEquals(1, g.problems().size(), g.problems().toString());
			assertTrue(g.problems().get(0).toString().contains("file cut inside frame data"), g.problems().toString());
			assertSameFrames(ref, g, 3);
			assertEquals(3, g.poll(), "finished: the count is final");
		}
	}

	@Test
	void noHeaderInTimeNamesTheFile() throws IOException {
		Path f = Files.write(fDir.resolve("empty.pcapng"), new byte[3]);
		IOException e = assertThrows(IOException.class, () -> GrowingCapture.follow(f, 50));
		assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
		Path none = fDir.resolve("never.pcapng");
		e = assertThrows(IOException.class, () -> GrowingCapture.follow(none, 50));
		assertTrue(e.getMessage().contains("no such file"), e.getMessage());
	}
}
