package io.feedscope.capture.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.CaptureInterface;
import io.feedscope.capture.CaptureProblem;
import io.feedscope.capture.CaptureSection;
import io.feedscope.capture.Captures;
import io.feedscope.capture.LinkType;
import io.feedscope.capture.PacketLayers;
import io.feedscope.capture.PacketLayers.Kind;

class PcapngFileTest {

	/** 1692711000 s = 2023-08-22T13:30:00Z, the day of the real captures */
	static final long T0 = 1_692_711_000L;
	static final long NS = 1_000_000_000L;

	@TempDir
	Path dir;

	static byte[] frame(int n) {
		return CaptureFixtures.frame(n);
	}

	/**
	 * Two sections in different byte orders; section 1 has an Ethernet interface in ns and a raw-IP
	 * interface in 2^-20 s with an offset; every packet block kind, comments, blocks to skip.
	 */
	static PcapngBuilder twoSections() {
		PcapngBuilder b = new PcapngBuilder();
		b.section(ByteOrder.BIG_ENDIAN, b.options().comment("section one").string(2, "x86_64").string(3, "Linux")
				.string(4, "PcapngBuilder"));
		b.iface(LinkType.ETHERNET, 65535, b.options().tsresol(9).string(2, "eth0").comment("first interface"));
		b.iface(LinkType.RAW, 64, b.options().tsresol(0x80 | 20).tsoffset(T0));
		b.epb(0, T0 * NS + 7_661_955, frame(1), b.options().comment("hello"));
		byte[] ip = Arrays.copyOfRange(frame(2), 14, frame(2).length);
		b.epb(1, 5L << 20 | 1L << 19, ip); // 5.5 s in 2^-20 s units, + offset T0
		b.epb(1, 7L << 20 | 1, ip); // 7 s + 1/2^20 s = 7 s + 953.67 ns, truncated to 953
		b.block(0x000000ff, new byte[] { 1, 2, 3, 4, 5, 6, 7 }); // unknown (reserved) block type: skipped
		b.block(PcapngBuilder.ISB, new byte[20]); // interface statistics: skipped
		b.spb(frame(3), frame(3).length); // interface 0, no timestamp
		b.spb(frame(4), frame(4).length);
		b.opb(0, T0 * NS + 9, frame(5), 1514); // obsolete packet block, cut by the snaplen
		b.section(ByteOrder.LITTLE_ENDIAN, b.options().comment("section two"));
		b.iface(LinkType.LINUX_SLL, 0); // default if_tsresol: microseconds
		byte[] sll = new byte[16 + ip.length];
		sll[14] = 0x08; // SLL protocol type 0x0800
		System.arraycopy(ip, 0, sll, 16, ip.length);
		b.epb(0, (T0 + 38) * 1_000_000 + 952_561, sll, b.options().comment("a").comment("b"));
		return b;
	}

	@Test
	void twoSectionsTwoInterfacesEveryBlockKind() throws IOException {
		// the file this builds was checked with Wireshark 4.0.17: tshark -r F -T fields -e frame.number
		// -e frame.time_epoch -e frame.interface_id -e frame.cap_len -e frame.comment prints the same 7 frames
		// with the times below (none for 4 and 5), interface ids 0 1 1 0 0 0 0, comments "hello" and "a,b"
		try (CaptureFile c = Captures.open(twoSections().write(dir, "two-sections.pcapng"))) {
			assertEquals(CaptureFormat.PCAPNG, c.format());
			assertEquals(List.of(), c.problems());
			assertEquals(7, c.frameCount());
			long[] times = { T0 * NS + 7_661_955, (T0 + 5) * NS + 500_000_000, (T0 + 7) * NS + 953, 0, 0, T0 * NS + 9,
					(T0 + 38) * NS + 952_561_000 };
			int[] linkTypes = { LinkType.ETHERNET, LinkType.RAW, LinkType.RAW, LinkType.ETHERNET, LinkType.ETHERNET,
					LinkType.ETHERNET, LinkType.LINUX_SLL };
			int[] localIds = { 0, 1, 1, 0, 0, 0, 0 };
			int[] globalIds = { 0, 1, 1, 0, 0, 0, 2 };
			for (int f = 1; f <= 7; f++) {
				assertEquals(times[f - 1], c.timestampNanos(f), "time of frame " + f);
				assertEquals(linkTypes[f - 1], c.linkType(f), "link type of frame " + f);
				assertEquals(localIds[f - 1], c.interfaceId(f), "interface of frame " + f);
				assertEquals(globalIds[f - 1], c.frameInterface(f).id(), "interface of frame " + f);
				assertEquals(f != 4 && f != 5, c.hasTimestamp(f), "SPB frames have no time: " + f);
				assertEquals(f == 6, c.isTruncated(f), "only the OPB was cut: " + f);
			}
			assertEquals("hello", c.comment(1));
			assertNull(c.comment(2));
			assertEquals("a\nb", c.comment(7));
			assertEquals(frame(5).length, c.capturedLength(6));
			assertEquals(1514, c.originalLength(6));
			assertArrayEquals(frame(3), bytes(c.frameData(4)));
			assertArrayEquals(frame(4), bytes(c.frameData(5)));
			assertArrayEquals(frame(5), bytes(c.frameData(6)));
			PacketLayers l = new PacketLayers();
			int[] ports = { 2001, 2002, 2002, 2003, 2004, 2005, 2002 };
			for (int f = 1; f <= 7; f++) {
				assertEquals(Kind.UDP, l.decode(c, f), "frame " + f);
				assertEquals(ports[f - 1], l.destinationPort());
				assertEquals(f == 6, l.isTruncated(), "frame " + f);
			}

			List<CaptureSection> sections = c.sections();
			assertEquals(2, sections.size());
			assertEquals(ByteOrder.BIG_ENDIAN, sections.get(0).byteOrder());
			assertEquals(ByteOrder.LITTLE_ENDIAN, sections.get(1).byteOrder());
			assertEquals(List.of("section one"), sections.get(0).comments());
			assertEquals("x86_64", sections.get(0).hardware());
			assertEquals("Linux", sections.get(0).os());
			assertEquals("PcapngBuilder", sections.get(0).application());
			assertEquals(List.of("section two"), sections.get(1).comments());
			assertEquals(twoSections().blockOffsets().get(11).longValue(), sections.get(1).offset());

			List<CaptureInterface> ifaces = c.interfaces();
			assertEquals(3, ifaces.size());
			assertEquals("eth0", ifaces.get(0).name());
			assertEquals(List.of("first interface"), ifaces.get(0).comments());
			assertEquals(0x80 | 20, ifaces.get(1).tsResolution());
			assertEquals(T0, ifaces.get(1).tsOffsetSeconds());
			assertEquals(64, ifaces.get(1).snapLength());
			assertEquals(1, ifaces.get(2).section());
			assertEquals(0, ifaces.get(2).localId());
			assertEquals(6, ifaces.get(2).tsResolution());
		}
	}

	static byte[] bytes(ByteBuffer b) {
		byte[] a = new byte[b.remaining()];
		b.duplicate().get(a);
		return a;
	}

	@Test
	void simplePacketBlockIsCutToTheInterfaceSnaplen() throws IOException {
		byte[] data = Arrays.copyOf(frame(1), 80); // with Ethernet padding
		// an interface of snaplen 50, an SPB of those 80 bytes: only 50 count
		try (CaptureFile c = Captures.open(Files.write(dir.resolve("spb.pcapng"), CaptureFixtures.spbSnaplen()))) {
			assertEquals(1, c.frameCount());
			assertEquals(50, c.capturedLength(1));
			assertEquals(80, c.originalLength(1));
			assertTrue(c.isTruncated(1));
			assertArrayEquals(Arrays.copyOf(data, 50), bytes(c.frameData(1)));
		}
	}

	/** An SPB must hold min(original length, snaplen) bytes; one holding fewer is kept, with a problem. */
	@Test
	void simplePacketBlockWithTooLittleDataIsKeptWithAProblem() throws IOException {
		CaptureFixtures.Fixture f = CaptureFixtures.spbTooLittleData(); // 40 bytes of a 1514-byte frame, no snaplen
		int at = f.mark();
		try (CaptureFile c = Captures.open(Files.write(dir.resolve("spbshort.pcapng"), f.bytes()))) {
			assertEquals(2, c.frameCount());
			assertEquals(40, c.capturedLength(1));
			assertTrue(c.isTruncated(1));
			assertEquals(1, c.problems().size());
			assertEquals(at, c.problems().get(0).offset());
			assertEquals(1, c.problems().get(0).frame());
		}
	}

	@Test
	void packetOfAnUndefinedInterfaceIsSkippedWithAProblem() throws IOException {
		// an EPB on interface 3 and an Obsolete Packet Block on interface 7, neither defined, between two sound EPBs
		CaptureFixtures.Fixture f = CaptureFixtures.undefinedInterface();
		try (CaptureFile c = Captures.open(Files.write(dir.resolve("undefined.pcapng"), f.bytes()))) {
			assertEquals(2, c.frameCount(), "frames around the bad blocks are kept");
			assertEquals(3_000, c.timestampNanos(2));
			assertEquals(2, c.problems().size(), c.problems().toString());
			CaptureProblem p = c.problems().get(0);
			assertEquals(f.mark(), p.offset());
			assertEquals(2, p.frame());
			assertTrue(p.message().contains("interface 3"), p.message());
			assertTrue(p.toString().contains("undefined.pcapng"), p.toString());
			assertTrue(c.problems().get(1).message().contains("interface 7"), c.problems().get(1).message());
		}
	}

	@Test
	void capturedLengthBeyondTheBlockSkipsThatBlock() throws IOException {
		CaptureFixtures.Fixture f = CaptureFixtures.caplenBeyondBlock(); // captured length 5000 in a block of ~90 bytes
		try (CaptureFile c = Captures.open(Files.write(dir.resolve("caplen.pcapng"), f.bytes()))) {
			assertEquals(2, c.frameCount());
			assertEquals(1, c.problems().size());
			assertEquals(f.mark(), c.problems().get(0).offset());
		}
	}

	/** A broken block length or trailer stops reading at that block. */
	@Test
	void badBlockLengthsStopReadingThere() throws IOException {
		// not a multiple of 4, below 12, a leading length the trailer then does not match, a trailer that differs,
		// beyond the end of the file
		for (Map.Entry<String, CaptureFixtures.Fixture> e : CaptureFixtures.badBlockLengths().entrySet()) {
			CaptureFixtures.Fixture f = e.getValue();
			try (CaptureFile c = Captures.open(Files.write(dir.resolve("bad.pcapng"), f.bytes()))) {
				String what = e.getKey();
				assertEquals(1, c.frameCount(), what);
				assertEquals(1, c.problems().size(), what);
				assertEquals(f.mark(), c.problems().get(0).offset(), what);
				assertEquals(2, c.problems().get(0).frame(), what);
			}
		}
	}

	@Test
	void badByteOrderMagicInALaterSectionStopsThere() throws IOException {
		CaptureFixtures.Fixture f = CaptureFixtures.badByteOrderMagic(); // in the second section
		try (CaptureFile c = Captures.open(Files.write(dir.resolve("bom.pcapng"), f.bytes()))) {
			assertEquals(1, c.frameCount());
			assertEquals(f.mark(), c.problems().get(0).offset());
		}
	}

	@Test
	void optionRunningPastItsBlockKeepsTheFrame() throws IOException {
		CaptureFixtures.Fixture f = CaptureFixtures.optionPastItsBlock(); // a comment claiming 300 bytes
		try (CaptureFile c = Captures.open(Files.write(dir.resolve("opt.pcapng"), f.bytes()))) {
			assertEquals(2, c.frameCount());
			assertNull(c.comment(1));
			assertEquals(1, c.problems().size());
			assertEquals(f.mark(), c.problems().get(0).offset());
		}
	}

	/** A small valid file without problems, to be cut everywhere. */
	static PcapngBuilder small() {
		PcapngBuilder b = new PcapngBuilder();
		b.section(ByteOrder.BIG_ENDIAN, b.options().comment("c"));
		b.iface(LinkType.ETHERNET, 0, b.options().tsresol(6));
		b.epb(0, 1, frame(1), b.options().comment("one"));
		b.spb(frame(2), frame(2).length);
		b.block(0x00000099, new byte[5]); // unknown (reserved) block type
		b.section(ByteOrder.LITTLE_ENDIAN);
		b.iface(LinkType.RAW, 0);
		b.epb(0, 2, Arrays.copyOfRange(frame(3), 14, frame(3).length));
		b.opb(0, 3, Arrays.copyOfRange(frame(4), 14, frame(4).length), 50);
		return b;
	}

	@Test
	void everyCutPositionOpensUpToTheCut() throws IOException {
		PcapngBuilder b = small();
		byte[] whole = b.bytes();
		List<Integer> starts = new ArrayList<>(b.blockOffsets());
		// blocks 2, 3, 7 and 8 (0-based) are packets: a frame exists once its block is whole
		int[] packetBlocks = { 2, 3, 7, 8 };
		starts.add(whole.length);
		Path p = dir.resolve("cut.pcapng");
		for (int n = 0; n <= whole.length; n++) {
			Files.write(p, Arrays.copyOf(whole, n));
			if (n < 4) {
				int m = n;
				IOException e = assertThrows(IOException.class, () -> Captures.open(p), "cut at " + n);
				assertTrue(e.getMessage().contains("cut.pcapng"), "cut at " + m + ": " + e.getMessage());
				continue;
			}
			int expected = 0;
			for (int pb : packetBlocks) {
				if (starts.get(pb + 1) <= n) {
					expected++;
				}
			}
			boolean atBoundary = starts.contains(n);
			try (CaptureFile c = Captures.open(p)) {
				assertEquals(expected, c.frameCount(), "cut at " + n);
				assertEquals(atBoundary ? 0 : 1, c.problems().size(), "cut at " + n + ": " + c.problems());
				if (!atBoundary) {
					int block = 0;
					while (starts.get(block + 1) <= n) {
						block++;
					}
					assertEquals(starts.get(block).longValue(), c.problems().get(0).offset(), "cut at " + n);
				}
				for (int f = 1; f <= c.frameCount(); f++) {
					c.frameData(f).get(0); // readable
				}
			}
		}
	}
}
