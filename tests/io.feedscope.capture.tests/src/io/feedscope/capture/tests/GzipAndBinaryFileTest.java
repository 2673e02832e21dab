package io.feedscope.capture.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.capture.IndexMonitor;
import io.feedscope.capture.LinkType;
import io.feedscope.capture.PacketLayers;
import io.feedscope.capture.PacketLayers.Kind;
import io.feedscope.capture.RecordClock;

class GzipAndBinaryFileTest {

	@TempDir
	Path dir;

	static byte[] gzip(byte[] plain) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream z = new GZIPOutputStream(out)) {
			z.write(plain);
		}
		return out.toByteArray();
	}

	/** The gzipped capture must read exactly as the plain one. */
	static void assertSameCapture(CaptureFile plain, CaptureFile gz) {
		assertEquals(plain.format(), gz.format());
		assertEquals(plain.problems().size(), gz.problems().size());
		assertEquals(plain.frameCount(), gz.frameCount());
		assertEquals(plain.interfaces(), gz.interfaces());
		assertEquals(plain.sections(), gz.sections());
		for (int f = 1; f <= plain.frameCount(); f++) {
			assertEquals(plain.timestampNanos(f), gz.timestampNanos(f));
			assertEquals(plain.originalLength(f), gz.originalLength(f));
			assertEquals(plain.linkType(f), gz.linkType(f));
			assertEquals(plain.comment(f), gz.comment(f));
			assertEquals(plain.frameData(f), gz.frameData(f));
		}
	}

	@Test
	void gzippedPcapAndPcapng() throws IOException {
		byte[] pcap = new PcapBuilder(ByteOrder.BIG_ENDIAN, true, LinkType.ETHERNET)
				.record(1_692_711_000L, 7_661_955, PcapngFileTest.frame(1))
				.record(1_692_711_001L, 5, PcapngFileTest.frame(2), 1514).bytes();
		byte[] pcapng = PcapngFileTest.twoSections().bytes();
		for (byte[] plain : List.of(pcap, pcapng)) {
			Path p = Files.write(dir.resolve("c.cap"), plain);
			Path gz = Files.write(dir.resolve("c.cap.gz"), gzip(plain));
			try (CaptureFile a = Captures.open(p); CaptureFile b = Captures.open(gz)) {
				assertTrue(a.frameCount() >= 2);
				assertEquals(List.of(), b.problems());
				assertEquals("c.cap.gz", b.name());
				assertEquals(gz, b.path());
				assertSameCapture(a, b);
			}
		}
	}

	/**
	 * Two real ITCH 5.0 messages, as tshark shows them in the MoldUDP64 payloads of the shared
	 * captures (tshark -r F -T fields -e udp.payload, the 20-byte MoldUDP64 header removed):
	 * sanitized/SystemEvent.pcap: System Event 'Q', timestamp 0x1f1acedb02f0 = 34200000070384 ns after
	 * midnight; unaltered/OrderDeleteMessage.pcap: Order Delete, timestamp 0x1f1aced85ad8 =
	 * 34199999896280 ns.
	 */
	static final String SYSTEM_EVENT = "000c" + "53" + "0000" + "0000" + "1f1acedb02f0" + "51";
	static final String ORDER_DELETE = "0013" + "44" + "0dbd" + "0000" + "1f1aced85ad8" + "0000000001668bd6";
	/** midnight of 2023-08-22 in New York: TZ=America/New_York date -d '2023-08-22 00:00' +%s */
	static final long MIDNIGHT_2023_08_22 = 1_692_676_800L * 1_000_000_000L;

	static byte[] day() {
		return HexFormat.of().parseHex(SYSTEM_EVENT + ORDER_DELETE);
	}

	/**
	 * The clock the dissection layer gives for ITCH 5.0, written here from the spec alone: a 6-byte big-endian
	 * count of nanoseconds since midnight at offset 5 of every message (none in a message under 11 bytes).
	 */
	static final RecordClock ITCH_CLOCK = m -> m.limit() < 11 ? -1
			: (m.getShort(5) & 0xffffL) << 32 | m.getInt(7) & 0xffffffffL;

	@Test
	void binaryFileByExtensionWithTheDateFromTheName() throws IOException {
		for (boolean gz : new boolean[] { false, true }) {
			String name = "08222023.NASDAQ_ITCH50" + (gz ? ".gz" : "");
			Path p = Files.write(dir.resolve(name), gz ? gzip(day()) : day());
			try (CaptureFile c = Captures.open(p, IndexMonitor.NONE, ITCH_CLOCK)) {
				assertEquals(CaptureFormat.BINARY_FILE, c.format());
				assertEquals(List.of(), c.problems());
				assertEquals(2, c.frameCount());
				assertEquals(LinkType.FEEDSCOPE_BINARY_FILE, c.linkType(1));
				assertEquals(12, c.capturedLength(1));
				assertEquals(19, c.capturedLength(2));
				assertEquals('S', c.frameData(1).get(0), "data is the message without its length");
				assertEquals('D', c.frameData(2).get(0));
				// 1692711000.000070384: 168 us before tshark's capture time of the same message
				assertEquals(MIDNIGHT_2023_08_22 + 34_200_000_070_384L, c.timestampNanos(1));
				assertEquals(MIDNIGHT_2023_08_22 + 34_199_999_896_280L, c.timestampNanos(2));
				PacketLayers l = new PacketLayers();
				assertEquals(Kind.NO_LINK, l.decode(c, 2));
				assertEquals(19, l.payloadLength());
			}
		}
	}

	@Test
	void binaryFileWithoutADateCountsFromMidnightOfTheEpoch() throws IOException {
		try (CaptureFile c = Captures.open(Files.write(dir.resolve("feed.NASDAQ_ITCH50"), day()), IndexMonitor.NONE,
				ITCH_CLOCK)) {
			assertEquals(34_200_000_070_384L, c.timestampNanos(1));
		}
	}

	/**
	 * The capture layer frames the records and knows the day; what a record's bytes mean (its time) is the
	 * clock's: without one every record has the day's midnight, and a record the clock cannot time takes the
	 * time of the one before it.
	 */
	@Test
	void binaryFileTimesComeFromTheClockOnly() throws IOException {
		Path p = Files.write(dir.resolve("08222023.NASDAQ_ITCH50"), day());
		try (CaptureFile c = Captures.open(p, IndexMonitor.NONE, RecordClock.NONE)) {
			assertEquals(MIDNIGHT_2023_08_22, c.timestampNanos(1));
			assertEquals(MIDNIGHT_2023_08_22, c.timestampNanos(2));
		}
		// a clock that times only System Event messages: the Order Delete after it keeps the System Event's time
		RecordClock onlyS = m -> m.get(0) == 'S' ? ITCH_CLOCK.timeOfDayNanos(m) : -1;
		try (CaptureFile c = Captures.open(p, IndexMonitor.NONE, onlyS)) {
			assertEquals(MIDNIGHT_2023_08_22 + 34_200_000_070_384L, c.timestampNanos(1));
			assertEquals(MIDNIGHT_2023_08_22 + 34_200_000_070_384L, c.timestampNanos(2));
		}
		// the clock the faces install is the one Captures.open(Path) uses
		RecordClock before = Captures.recordClock();
		try {
			Captures.recordClock(ITCH_CLOCK);
			try (CaptureFile c = Captures.open(p)) {
				assertEquals(MIDNIGHT_2023_08_22 + 34_199_999_896_280L, c.timestampNanos(2));
			}
		} finally {
			Captures.recordClock(before);
		}
	}

	@Test
	void binaryFileRecognisedByContentOnlyIfItStartsLikeADay() throws IOException {
		try (CaptureFile c = Captures.open(Files.write(dir.resolve("day.bin"), day()))) {
			assertEquals(CaptureFormat.BINARY_FILE, c.format());
			assertEquals(2, c.frameCount());
		}
		try (CaptureFile c = Captures.open(Files.write(dir.resolve("day.bin.gz"), gzip(day())))) {
			assertEquals(CaptureFormat.BINARY_FILE, c.format());
		}
		// starting with Order Delete: not the start of a day file, so not taken for one
		byte[] od = HexFormat.of().parseHex(ORDER_DELETE + SYSTEM_EVENT);
		IOException e = assertThrows(IOException.class, () -> Captures.open(Files.write(dir.resolve("od.bin"), od)));
		assertTrue(e.getMessage().contains("od.bin"), e.getMessage());
		// 'S' with an implausible second length
		byte[] bad = HexFormat.of().parseHex(SYSTEM_EVENT + "0400" + "44");
		assertThrows(IOException.class, () -> Captures.open(Files.write(dir.resolve("bad.bin"), bad)));
	}

	@Test
	void magicWinsOverTheExtension() throws IOException {
		byte[] pcap = new PcapBuilder(ByteOrder.LITTLE_ENDIAN, false, LinkType.ETHERNET).record(1, 0, new byte[20])
				.bytes();
		try (CaptureFile c = Captures.open(Files.write(dir.resolve("misnamed.NASDAQ_ITCH50"), pcap))) {
			assertEquals(CaptureFormat.PCAP, c.format());
			assertEquals(1, c.frameCount());
		}
		try (CaptureFile c = Captures.open(Files.write(dir.resolve("empty.NASDAQ_ITCH50"), new byte[0]))) {
			assertEquals(CaptureFormat.BINARY_FILE, c.format());
			assertEquals(0, c.frameCount());
			assertEquals(List.of(), c.problems());
		}
	}

	@Test
	void cutBinaryFileOpensUpToTheCut() throws IOException {
		byte[] d = day();
		for (int n = 0; n <= d.length; n++) {
			Path p = Files.write(dir.resolve("cut.NASDAQ_ITCH50"), java.util.Arrays.copyOf(d, n));
			try (CaptureFile c = Captures.open(p)) {
				int expected = n >= 35 ? 2 : n >= 14 ? 1 : 0;
				assertEquals(expected, c.frameCount(), "cut at " + n);
				boolean clean = n == 0 || n == 14 || n == 35;
				assertEquals(clean, c.problems().isEmpty(), "cut at " + n + ": " + c.problems());
				if (!clean) {
					assertEquals(n < 14 ? 0 : 14, c.problems().get(0).offset());
				}
			}
		}
	}

	@Test
	void zeroLengthMessageStopsReading() throws IOException {
		byte[] d = HexFormat.of().parseHex(SYSTEM_EVENT + "0000" + ORDER_DELETE);
		try (CaptureFile c = Captures.open(Files.write(dir.resolve("z.NASDAQ_ITCH50"), d))) {
			assertEquals(1, c.frameCount());
			assertEquals(14, c.problems().get(0).offset());
		}
	}

	@Test
	void gzipOfSomethingElseIsRefused() throws IOException {
		Path p = Files.write(dir.resolve("notes.txt.gz"), gzip("just some text, no capture".getBytes()));
		IOException e = assertThrows(IOException.class, () -> Captures.open(p));
		assertTrue(e.getMessage().contains("notes.txt.gz"), e.getMessage());
		Path broken = Files.write(dir.resolve("broken.gz"), new byte[] { 0x1f, (byte) 0x8b, 1, 2 });
		e = assertThrows(IOException.class, () -> Captures.open(broken));
		assertTrue(e.getMessage().contains("broken.gz"), e.getMessage());
		assertFalse(e instanceof java.io.InterruptedIOException);
	}

	@Test
	void binaryFileDataMatchesTheMessages() throws IOException {
		try (CaptureFile c = Captures.open(Files.write(dir.resolve("m.NASDAQ_ITCH50"), day()))) {
			assertArrayEquals(HexFormat.of().parseHex(ORDER_DELETE.substring(4)), PcapngFileTest.bytes(c.frameData(2)));
		}
	}
}
