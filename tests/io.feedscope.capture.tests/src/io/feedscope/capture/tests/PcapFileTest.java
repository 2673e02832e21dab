package io.feedscope.capture.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.CaptureProblem;
import io.feedscope.capture.Captures;
import io.feedscope.capture.IndexMonitor;
import io.feedscope.capture.LinkType;
import io.feedscope.capture.PacketLayers;
import io.feedscope.capture.PacketLayers.Kind;

class PcapFileTest {

	@TempDir
	Path dir;

	@ParameterizedTest(name = "{0} nanos={1}")
	@CsvSource({ "BIG_ENDIAN,false", "LITTLE_ENDIAN,false", "BIG_ENDIAN,true", "LITTLE_ENDIAN,true" })
	void readsBothMagicsInBothByteOrders(String order, boolean nanos) throws IOException {
		ByteOrder bo = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
		Path p = CaptureFixtures.twoRecords(bo, nanos).write(dir, "t.pcap");
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
		Path p = Files.write(dir.resolve("cut.pcap"), CaptureFixtures.pcapCut()); // two records of 40, 10 bytes lost
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
		// one record of 10 bytes, then a record header claiming 2 GiB
		try (CaptureFile c = Captures.open(Files.write(dir.resolve("absurd.pcap"), CaptureFixtures.pcapAbsurdLength()))) {
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
		Path p = CaptureFixtures.pcapHeaderOnly().write(dir, "empty.pcap");
		try (CaptureFile c = Captures.open(p)) {
			assertEquals(0, c.frameCount());
			assertTrue(c.problems().isEmpty());
			assertThrows(IndexOutOfBoundsException.class, () -> c.timestampNanos(1));
		}
	}

	/** A pcap of n frames of 200 bytes (about 216 bytes a record). */
	private Path bigPcap(int n) throws IOException {
		PcapBuilder b = new PcapBuilder(ByteOrder.LITTLE_ENDIAN, true, LinkType.ETHERNET);
		byte[] data = new byte[200];
		for (int i = 0; i < n; i++) {
			data[0] = (byte) i;
			b.record(1000 + i / 1000, i, data);
		}
		return b.write(dir, "big.pcap");
	}

	@Test
	void monitorSeesProgressUpToTheTotal() throws IOException {
		Path p = bigPcap(100_000); // 21.6 MB: several reports
		List<long[]> seen = new ArrayList<>();
		try (CaptureFile c = Captures.open(p, new IndexMonitor() {
			@Override
			public boolean isCanceled() {
				return false;
			}

			@Override
			public void worked(long bytesRead, long totalBytes) {
				seen.add(new long[] { bytesRead, totalBytes });
			}
		})) {
			assertEquals(100_000, c.frameCount());
			assertEquals((byte) 99_999, c.frameData(100_000).get(0)); // the last record's marker byte
		}
		assertTrue(seen.size() >= 3, "reports: " + seen.size());
		long last = -1;
		for (long[] s : seen) {
			assertEquals(Files.size(p), s[1]);
			assertTrue(s[0] >= last);
			last = s[0];
		}
		assertEquals(Files.size(p), last);
	}

	@Test
	void cancelStopsOpeningWithAnInterruptedIOException() throws IOException {
		Path p = bigPcap(100_000);
		int[] asked = { 0 };
		IndexMonitor cancelAtSecondAsk = new IndexMonitor() {
			@Override
			public boolean isCanceled() {
				return ++asked[0] >= 2;
			}

			@Override
			public void worked(long bytesRead, long totalBytes) {
				assertTrue(bytesRead < totalBytes, "canceled before the end");
			}
		};
		InterruptedIOException e = assertThrows(InterruptedIOException.class, () -> Captures.open(p, cancelAtSecondAsk));
		assertTrue(e.getMessage().contains("big.pcap"), e.getMessage());
		assertEquals(2, asked[0]);
		// nothing stays open: the file can be replaced and opened again
		Files.delete(p);
		assertThrows(IOException.class, () -> Captures.open(p));
	}

	@Test
	void singleImplicitInterface() throws IOException {
		Path p = CaptureFixtures.pcapSll2().write(dir, "sll2.pcap");
		try (CaptureFile c = Captures.open(p)) {
			assertEquals(1, c.interfaces().size());
			assertEquals(LinkType.LINUX_SLL2, c.interfaces().get(0).linkType());
			assertEquals(65535, c.interfaces().get(0).snapLength());
			assertEquals(LinkType.LINUX_SLL2, c.linkType(1));
			assertEquals(0, c.interfaceId(1));
			assertTrue(c.hasTimestamp(1));
			assertEquals(List.of(), c.sections());
			assertNull(c.comment(1));
		}
	}

	@Test
	void fcsFlagsInTheLinkTypeFieldAreNotPartOfTheLinkType() throws IOException {
		Path p = CaptureFixtures.pcapFcsFlags().write(dir, "fcs.pcap");
		try (CaptureFile c = Captures.open(p)) {
			assertEquals(LinkType.ETHERNET, c.linkType(1));
		}
	}

	@Test
	void rawIpWithTheDltNumbersSomeWritersUse() throws IOException {
		PacketLayers l = new PacketLayers();
		for (int lt : CaptureFixtures.RAW_IP_LINK_TYPES) {
			Path p = CaptureFixtures.pcapRawIp(lt).write(dir, "raw.pcap");
			try (CaptureFile c = Captures.open(p)) {
				assertEquals(lt, c.linkType(1));
				assertEquals(Kind.UDP, l.decode(c, 1), "link type " + lt);
				assertEquals(26477, l.destinationPort());
			}
		}
	}

	@Test
	void everyCutPositionKeepsTheWholeRecordsBefore() throws IOException {
		byte[] whole = CaptureFixtures.pcapThreeRecords().bytes();
		int[] ends = { 24, 24 + 26, 24 + 26 + 16, whole.length }; // header, then after each record
		Path p = dir.resolve("cut.pcap");
		for (int n = 4; n <= whole.length; n++) {
			Files.write(p, Arrays.copyOf(whole, n));
			try (CaptureFile c = Captures.open(p)) {
				int frames = 0;
				while (frames < 3 && ends[frames + 1] <= n) {
					frames++;
				}
				boolean clean = n == ends[0] || n == ends[1] || n == ends[2] || n == ends[3];
				assertEquals(frames, c.frameCount(), "cut at " + n);
				assertEquals(clean ? 0 : 1, c.problems().size(), "cut at " + n + ": " + c.problems());
				if (!clean) {
					assertEquals(n < 24 ? 0 : ends[frames], c.problems().get(0).offset(), "cut at " + n);
				}
			}
		}
	}
}
