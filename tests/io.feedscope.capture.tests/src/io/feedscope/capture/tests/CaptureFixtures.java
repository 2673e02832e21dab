package io.feedscope.capture.tests;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.feedscope.capture.LinkType;

/**
 * The capture files the reader tests build, sound and damaged, each built once: {@link PcapFileTest} and
 * {@link PcapngFileTest} check what the indexed reader makes of each one, and {@link StreamedCaptureTest} checks
 * that the streaming reader agrees with it on all of them (and on every cut of each), so a fixture added here is
 * checked both ways.
 */
final class CaptureFixtures {

	/**
	 * A file's bytes and the offset its test asserts (where the damage is: the block or record a reader must stop
	 * at or skip), or -1 where none.
	 */
	record Fixture(byte[] bytes, int mark) {
		Fixture(byte[] bytes) {
			this(bytes, -1);
		}
	}

	private CaptureFixtures() {
	}

	static byte[] frame(int n) {
		return PcapBuilder.udpFrame(PcapBuilder.ip(10, 0, 0, 1), PcapBuilder.ip(233, 54, 12, 111), 1000, 2000 + n,
				new byte[] { (byte) n, 1, 2, 3, 4 });
	}

	// ---- pcap

	/** Two records, the second cut by snaplen (60 of 1514 bytes), at second/fraction times a test can check. */
	static PcapBuilder twoRecords(ByteOrder bo, boolean nanos) {
		byte[] f2 = new byte[60];
		Arrays.fill(f2, (byte) 0x5a);
		return new PcapBuilder(bo, nanos, LinkType.ETHERNET) //
				.record(1_692_711_000L, nanos ? 7_661_955 : 7_661, new byte[] { 1, 2, 3, 4, 5 }) //
				.record(1_692_711_038L, nanos ? 952_561_782 : 952_561, f2, 1514);
	}

	/** Two records of 40 bytes with the last 10 bytes of the file lost. */
	static byte[] pcapCut() {
		byte[] two = new PcapBuilder(ByteOrder.LITTLE_ENDIAN, false, LinkType.ETHERNET).record(1, 0, new byte[40])
				.record(2, 0, new byte[40]).bytes();
		return Arrays.copyOf(two, two.length - 10);
	}

	/** One record, then a record header claiming 2 GiB of data. */
	static byte[] pcapAbsurdLength() {
		PcapBuilder b = new PcapBuilder(ByteOrder.BIG_ENDIAN, true, LinkType.ETHERNET).record(1, 0, new byte[10]);
		b.raw(0, 0, 0, 2, 0, 0, 0, 0, 0x7f, 0, 0, 0, 0, 0, 0, 10).raw(new byte[32]); // caplen 2 GiB
		return b.bytes();
	}

	static PcapBuilder pcapHeaderOnly() {
		return new PcapBuilder(ByteOrder.LITTLE_ENDIAN, false, LinkType.ETHERNET);
	}

	static PcapBuilder pcapSll2() {
		return new PcapBuilder(ByteOrder.BIG_ENDIAN, false, LinkType.LINUX_SLL2).record(1, 2, new byte[30]);
	}

	/** pcap LinkType field: bits 0-15 link type, bits 28-31 FCS length/flag (here: a 4-byte FCS present). */
	static PcapBuilder pcapFcsFlags() {
		return new PcapBuilder(ByteOrder.LITTLE_ENDIAN, false, 0x1000_0000 | 0x0400_0000 | LinkType.ETHERNET)
				.record(1, 2, new byte[30]);
	}

	/** The link types some writers use for raw IP. */
	static final int[] RAW_IP_LINK_TYPES = { LinkType.DLT_RAW, LinkType.DLT_RAW_OPENBSD, LinkType.RAW, LinkType.IPV4 };

	/** One raw-IP record (a UDP datagram to 233.54.12.111:26477) under the given link type. */
	static PcapBuilder pcapRawIp(int linkType) {
		byte[] eth = PcapBuilder.udpFrame(1, PcapBuilder.ip(233, 54, 12, 111), 3, 26477, new byte[] { 5 });
		return new PcapBuilder(ByteOrder.LITTLE_ENDIAN, false, linkType).record(1, 0,
				Arrays.copyOfRange(eth, 14, eth.length));
	}

	/** Records of 10, 0 and 7 bytes: 26, 16 and 23 bytes after the 24-byte header. */
	static PcapBuilder pcapThreeRecords() {
		return new PcapBuilder(ByteOrder.BIG_ENDIAN, true, LinkType.ETHERNET).record(1, 1, new byte[10])
				.record(2, 2, new byte[0]).record(3, 3, new byte[7]);
	}

	static PcapBuilder pcapOriginalBelowCaptured() {
		return new PcapBuilder(ByteOrder.BIG_ENDIAN, false, LinkType.ETHERNET).record(5, 6, new byte[20], 12);
	}

	// ---- pcapng

	/** An SPB of 80 bytes on an interface with snaplen 50: only 50 count. */
	static byte[] spbSnaplen() {
		PcapngBuilder b = new PcapngBuilder();
		b.section(ByteOrder.LITTLE_ENDIAN);
		b.iface(LinkType.ETHERNET, 50);
		b.spb(Arrays.copyOf(frame(1), 80), 80); // with Ethernet padding
		return b.bytes();
	}

	/** An SPB holding 40 bytes of a 1514-byte frame and no snaplen (mark: that block), then a sound one. */
	static Fixture spbTooLittleData() {
		PcapngBuilder b = new PcapngBuilder();
		b.section(ByteOrder.BIG_ENDIAN);
		b.iface(LinkType.ETHERNET, 0);
		int at = b.size();
		b.spb(Arrays.copyOf(frame(1), 40), 1514);
		b.spb(frame(2), frame(2).length);
		return new Fixture(b.bytes(), at);
	}

	/** Three EPBs, the second on interface 3, which is not defined (mark: that block). */
	static Fixture undefinedInterface() {
		PcapngBuilder b = new PcapngBuilder();
		b.section(ByteOrder.LITTLE_ENDIAN);
		b.iface(LinkType.ETHERNET, 0);
		b.epb(0, 1, frame(1));
		b.epb(3, 2, frame(2));
		b.opb(7, 2, frame(2), 99);
		b.epb(0, 3, frame(3));
		return new Fixture(b.bytes(), b.blockOffsets().get(3));
	}

	/** Three EPBs, the second claiming a captured length of 5000 in a block of ~90 bytes (mark: that block). */
	static Fixture caplenBeyondBlock() {
		PcapngBuilder b = new PcapngBuilder();
		b.section(ByteOrder.BIG_ENDIAN);
		b.iface(LinkType.ETHERNET, 0);
		b.epb(0, 1, frame(1));
		int bad = b.size();
		b.epb(0, 2, frame(2));
		b.epb(0, 3, frame(3));
		byte[] f = b.bytes();
		ByteBuffer.wrap(f).putInt(bad + 20, 5000);
		return new Fixture(f, bad);
	}

	/**
	 * Three EPBs with the second block's length or trailer broken five ways, by name (mark: the second block): not
	 * a multiple of 4, below 12, a leading length the trailer then does not match, a trailer that differs, beyond the
	 * end of the file.
	 */
	static Map<String, Fixture> badBlockLengths() {
		PcapngBuilder b = new PcapngBuilder();
		b.section(ByteOrder.LITTLE_ENDIAN);
		b.iface(LinkType.ETHERNET, 0);
		b.epb(0, 1, frame(1));
		int second = b.size();
		b.epb(0, 2, frame(2));
		b.epb(0, 3, frame(3));
		byte[] good = b.bytes();
		int len = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getInt(second + 4);
		int[][] breaks = { { second + 4, 13 }, { second + 4, 8 }, { second + 4, len + 4 }, { second + len - 4, len - 4 },
				{ second + 4, 0x7ffffff0 } };
		Map<String, Fixture> m = new LinkedHashMap<>();
		for (int[] br : breaks) {
			byte[] f = good.clone();
			ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putInt(br[0], br[1]);
			m.put("length at " + br[0] + " = " + br[1], new Fixture(f, second));
		}
		return m;
	}

	/** A second section whose byte-order magic is spoiled (mark: that section). */
	static Fixture badByteOrderMagic() {
		PcapngBuilder b = new PcapngBuilder();
		b.section(ByteOrder.LITTLE_ENDIAN);
		b.iface(LinkType.ETHERNET, 0);
		b.epb(0, 1, frame(1));
		int second = b.size();
		b.section(ByteOrder.BIG_ENDIAN);
		b.iface(LinkType.ETHERNET, 0);
		b.epb(0, 1, frame(2));
		byte[] f = b.bytes();
		f[second + 8] = 0x55;
		return new Fixture(f, second);
	}

	/** An EPB whose comment option claims 300 bytes, past its block (mark: that option), then a sound EPB. */
	static Fixture optionPastItsBlock() {
		PcapngBuilder b = new PcapngBuilder();
		b.section(ByteOrder.LITTLE_ENDIAN);
		b.iface(LinkType.ETHERNET, 0);
		int at = b.size();
		b.epb(0, 1, frame(1), b.options().comment("ok"));
		b.epb(0, 2, frame(2));
		byte[] f = b.bytes();
		int optAt = at + 28 + frame(1).length + PcapngBuilder.pad(frame(1).length);
		ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putShort(optAt + 2, (short) 300);
		return new Fixture(f, optAt);
	}

	/** Blocks too short for their kind, a packet before any interface. */
	static byte[] shortBlocks() {
		PcapngBuilder b = new PcapngBuilder();
		b.section(ByteOrder.BIG_ENDIAN);
		b.spb(frame(1), frame(1).length);
		b.block(1, new byte[4]); // IDB of 16 bytes: ignored, still counted
		b.iface(LinkType.RAW, 0);
		b.block(6, new byte[16]); // EPB of 28 bytes
		b.epb(1, 77, Arrays.copyOfRange(frame(2), 14, frame(2).length));
		b.block(3, new byte[0]); // SPB of 12 bytes
		return b.bytes();
	}

	/** A second section of major version 2, which nobody knows. */
	static byte[] version2Section() {
		PcapngBuilder b = new PcapngBuilder();
		b.section(ByteOrder.LITTLE_ENDIAN);
		b.iface(LinkType.ETHERNET, 0);
		b.epb(0, 1, frame(1));
		int shb2 = b.size();
		b.section(ByteOrder.LITTLE_ENDIAN);
		b.epb(0, 1, frame(2));
		byte[] f = b.bytes();
		f[shb2 + 12] = 2;
		return f;
	}

	/** Every fixture above, by name, for the tests that run one check over all of them. */
	static Map<String, byte[]> all() {
		Map<String, byte[]> m = new LinkedHashMap<>();
		for (ByteOrder bo : new ByteOrder[] { ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN }) {
			for (boolean nanos : new boolean[] { false, true }) {
				m.put("pcap " + bo + (nanos ? " ns" : " us"), twoRecords(bo, nanos).bytes());
			}
		}
		m.put("pcap cut", pcapCut());
		m.put("pcap absurd length", pcapAbsurdLength());
		m.put("pcap header only", pcapHeaderOnly().bytes());
		m.put("pcap sll2", pcapSll2().bytes());
		m.put("pcap fcs flags", pcapFcsFlags().bytes());
		for (int lt : RAW_IP_LINK_TYPES) {
			m.put("pcap raw " + lt, pcapRawIp(lt).bytes());
		}
		m.put("pcap three records", pcapThreeRecords().bytes());
		m.put("pcap original length below captured", pcapOriginalBelowCaptured().bytes());

		m.put("pcapng two sections", PcapngFileTest.twoSections().bytes());
		m.put("pcapng small", PcapngFileTest.small().bytes());
		m.put("pcapng spb snaplen", spbSnaplen());
		m.put("pcapng spb too little data", spbTooLittleData().bytes());
		m.put("pcapng undefined interface", undefinedInterface().bytes());
		m.put("pcapng caplen beyond block", caplenBeyondBlock().bytes());
		for (Map.Entry<String, Fixture> e : badBlockLengths().entrySet()) {
			m.put("pcapng " + e.getKey(), e.getValue().bytes());
		}
		m.put("pcapng bad byte-order magic", badByteOrderMagic().bytes());
		m.put("pcapng option past its block", optionPastItsBlock().bytes());
		m.put("pcapng short blocks", shortBlocks());
		m.put("pcapng version 2 section", version2Section());
		return m;
	}

	/** Fixture names, for parameterized tests. */
	static List<String> names() {
		return new ArrayList<>(all().keySet());
	}
}
