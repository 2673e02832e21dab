package io.feedscope.capture.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.CaptureProblem;
import io.feedscope.capture.Captures;
import io.feedscope.capture.LinkType;

class PcapFileTest {

	@TempDir
	Path dir;

	@ParameterizedTest(name = "{0} nanos={1}")
	@CsvSource({ "BIG_ENDIAN,false", "LITTLE_ENDIAN,false", "BIG_ENDIAN,true", "LITTLE_ENDIAN,true" })
	void readsBothMagicsInBothByteOrders(String order, boolean nanos) throws IOException {
		ByteOrder bo = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
		byte[] f1 = { 1, 2, 3, 4, 5 };
		byte[] f2 = new byte[60];
		Arrays.fill(f2, (byte) 0x5a);
		Path p = new PcapBuilder(bo, nanos, LinkType.ETHERNET) //
				.record(1_692_711_000L, nanos ? 7_661_955 : 7_661, f1) //
				.record(1_692_711_038L, nanos ? 952_561_782 : 952_561, f2, 1514) //
				.write(dir, "t.pcap");
		try (CaptureFile c = Captures.open(p)) {
			assertEquals(nanos ? CaptureFormat.PCAP_NS : CaptureFormat.PCAP, c.format());
			assertEquals(2, c.frameCount());
			assertEquals(nanos ? 1_692_711_000_007_661_955L : 1_692_711_000_007_661_000L, c.timestampNanos(1));
			assertEquals(nanos ? 1_692_711_038_952_561_782L : 1_692_711_038_952_561_000L, c.timestampNanos(2));
			assertEquals(5, c.capturedLength(1));
			assertEquals(60, c.capturedLength(2));
			assertEquals(1514, c.originalLength(2));
			assertTrue(c.isTruncated(2), "frame 2 was cut by snaplen");
			assertFalse(c.isTruncated(1));
			assertEquals(LinkType.ETHERNET, c.linkType(1));
			ByteBuffer d = c.frameData(1);
			assertEquals(5, d.remaining());
			assertEquals(3, d.get(2));
			assertTrue(c.problems().isEmpty());
		}
	}

	@Test
	void cutFileOpensUpToTheDamageAndNamesTheOffset() throws IOException {
		PcapBuilder b = new PcapBuilder(ByteOrder.LITTLE_ENDIAN, false, LinkType.ETHERNET);
		b.record(1, 0, new byte[40]).record(2, 0, new byte[40]);
		byte[] whole = b.bytes();
		Path p = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 10));
		try (CaptureFile c = Captures.open(p)) {
			assertEquals(1, c.frameCount());
			assertEquals(1, c.problems().size());
			CaptureProblem problem = c.problems().get(0);
			assertEquals(24 + 16 + 40, problem.offset(), "damage starts at the second record header");
			assertEquals(2, problem.frame());
			assertTrue(problem.toString().contains("cut.pcap"), problem.toString());
		}
	}

	@Test
	void absurdRecordLengthStopsReadingThere() throws IOException {
		PcapBuilder b = new PcapBuilder(ByteOrder.BIG_ENDIAN, true, LinkType.ETHERNET);
		b.record(1, 0, new byte[10]);
		b.raw(0, 0, 0, 2, 0, 0, 0, 0, 0x7f, 0, 0, 0, 0, 0, 0, 10); // caplen 2 GiB
		b.raw(new byte[32]);
		try (CaptureFile c = Captures.open(b.write(dir, "absurd.pcap"))) {
			assertEquals(1, c.frameCount());
			assertEquals(24 + 16 + 10, c.problems().get(0).offset());
		}
	}

	@Test
	void notACaptureIsRefusedWithTheFileName() throws IOException {
		Path p = Files.writeString(dir.resolve("notes.txt"), "hello, this is not a capture");
		IOException e = assertThrows(IOException.class, () -> Captures.open(p));
		assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
		Path missing = dir.resolve("missing.pcap");
		e = assertThrows(IOException.class, () -> Captures.open(missing));
		assertTrue(e.getMessage().contains("missing.pcap"), e.getMessage());
	}

	@Test
	void headerOnlyFileHasNoFramesAndNoProblem() throws IOException {
		Path p = new PcapBuilder(ByteOrder.LITTLE_ENDIAN, false, LinkType.ETHERNET).write(dir, "empty.pcap");
		try (CaptureFile c = Captures.open(p)) {
			assertEquals(0, c.frameCount());
			assertTrue(c.problems().isEmpty());
			assertThrows(IndexOutOfBoundsException.class, () -> c.timestampNanos(1));
		}
	}
}
