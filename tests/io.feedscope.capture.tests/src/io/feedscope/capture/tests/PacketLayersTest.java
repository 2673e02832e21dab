package io.feedscope.capture.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.feedscope.capture.LinkType;
import io.feedscope.capture.PacketLayers;
import io.feedscope.capture.PacketLayers.Kind;

class PacketLayersTest {

	private final PacketLayers fLayers = new PacketLayers();

	@Test
	void udpOverStackedVlans() {
		byte[] payload = { 9, 8, 7 };
		byte[] f = PcapBuilder.udpFrame(PcapBuilder.ip(10, 1, 2, 3), PcapBuilder.ip(233, 54, 12, 111), 49653, 26477,
				payload, 100, 141);
		assertEquals(Kind.UDP, fLayers.decode(ByteBuffer.wrap(f), LinkType.ETHERNET));
		assertEquals(2, fLayers.vlanCount());
		assertEquals(100, fLayers.vlan(0));
		assertEquals(141, fLayers.vlan(1));
		assertEquals("10.1.2.3", PacketLayers.formatIp(fLayers.ipSource()));
		assertEquals("233.54.12.111", PacketLayers.formatIp(fLayers.ipDestination()));
		assertTrue(fLayers.isMulticast());
		assertEquals(49653, fLayers.sourcePort());
		assertEquals(26477, fLayers.destinationPort());
		assertEquals(3, fLayers.payloadLength());
		assertEquals(9, f[fLayers.payloadOffset()]);
	}

	@Test
	void ethernetPaddingIsNotPayload() {
		byte[] f = PcapBuilder.udpFrame(1, PcapBuilder.ip(224, 0, 0, 1), 1, 2, new byte[] { 1 });
		byte[] padded = Arrays.copyOf(f, 60); // minimum Ethernet frame
		fLayers.decode(ByteBuffer.wrap(padded), LinkType.ETHERNET);
		assertEquals(1, fLayers.payloadLength());
	}

	@Test
	void everyCutOfAFrameIsMalformedOrShortNeverAnException() {
		byte[] f = PcapBuilder.udpFrame(1, 2, 3, 4, new byte[30], 7);
		for (int n = 0; n < f.length; n++) {
			Kind k = fLayers.decode(ByteBuffer.wrap(f, 0, n).slice(), LinkType.ETHERNET);
			assertTrue(k == Kind.MALFORMED || k == Kind.UDP, "cut at " + n + " gave " + k);
			if (k == Kind.UDP) {
				assertTrue(fLayers.isTruncated(), "cut at " + n);
			}
		}
	}

	@Test
	void fragmentsAreFlaggedNotDissected() {
		byte[] f = PcapBuilder.udpFrame(1, 2, 3, 4, new byte[30]);
		f[14 + 6] = 0x20; // more fragments
		assertEquals(Kind.IP_FRAGMENT, fLayers.decode(ByteBuffer.wrap(f), LinkType.ETHERNET));
	}

	@Test
	void linuxCookedAndRawIp() {
		byte[] eth = PcapBuilder.udpFrame(1, 2, 3, 4, new byte[] { 42 });
		byte[] ipOnly = Arrays.copyOfRange(eth, 14, eth.length);
		assertEquals(Kind.UDP, fLayers.decode(ByteBuffer.wrap(ipOnly), LinkType.RAW));
		assertEquals(42, ipOnly[fLayers.payloadOffset()]);
		byte[] sll = new byte[16 + ipOnly.length];
		sll[14] = 0x08; // protocol type 0x0800 at offset 14
		System.arraycopy(ipOnly, 0, sll, 16, ipOnly.length);
		assertEquals(Kind.UDP, fLayers.decode(ByteBuffer.wrap(sll), LinkType.LINUX_SLL));
		byte[] sll2 = new byte[20 + ipOnly.length];
		sll2[0] = 0x08; // protocol type at offset 0
		System.arraycopy(ipOnly, 0, sll2, 20, ipOnly.length);
		assertEquals(Kind.UDP, fLayers.decode(ByteBuffer.wrap(sll2), LinkType.LINUX_SLL2));
		assertEquals(42, sll2[fLayers.payloadOffset()]);
	}

	@Test
	void ipv4OptionsMovePayload() {
		byte[] f = PcapBuilder.udpFrame(1, 2, 3, 4, new byte[] { 42, 43 });
		// insert 8 bytes of options (two NOPs, a 4-byte router alert, two end-of-list) after the 20-byte header
		byte[] opts = { 1, 1, (byte) 0x94, 4, 0, 0, 0, 0 };
		byte[] g = new byte[f.length + opts.length];
		System.arraycopy(f, 0, g, 0, 14 + 20);
		System.arraycopy(opts, 0, g, 14 + 20, opts.length);
		System.arraycopy(f, 14 + 20, g, 14 + 20 + opts.length, f.length - 14 - 20);
		g[14] = 0x47; // version 4, IHL 7 (28 bytes)
		ByteBuffer.wrap(g).putShort(14 + 2, (short) (28 + 8 + 2)); // total length
		assertEquals(Kind.UDP, fLayers.decode(ByteBuffer.wrap(g), LinkType.ETHERNET));
		assertEquals(14, fLayers.ipOffset());
		assertEquals(14 + 28, fLayers.udpOffset());
		assertEquals(2, fLayers.payloadLength());
		assertEquals(42, g[fLayers.payloadOffset()]);
		assertEquals(4, fLayers.destinationPort());
		g[14] = 0x44; // IHL 4: below the minimum
		assertEquals(Kind.MALFORMED, fLayers.decode(ByteBuffer.wrap(g), LinkType.ETHERNET));
	}

	@Test
	void ipv6IsListedNotDissected() {
		byte[] v6 = new byte[14 + 40 + 8];
		v6[12] = (byte) 0x86; // EtherType 0x86dd
		v6[13] = (byte) 0xdd;
		v6[14] = 0x60; // version 6
		assertEquals(Kind.NOT_IP, fLayers.decode(ByteBuffer.wrap(v6), LinkType.ETHERNET));
		assertEquals(0x86dd, fLayers.etherType());
		byte[] raw = Arrays.copyOfRange(v6, 14, v6.length);
		for (int lt : new int[] { LinkType.RAW, LinkType.DLT_RAW, LinkType.DLT_RAW_OPENBSD, LinkType.IPV6 }) {
			assertEquals(Kind.NOT_IP, fLayers.decode(ByteBuffer.wrap(raw), lt), "link type " + lt);
		}
		assertEquals(Kind.NOT_IP, fLayers.decode(ByteBuffer.wrap(raw, 0, 1).slice(), LinkType.RAW), "1 byte of IPv6");
	}

	@Test
	void rawIpUnderEveryRawLinkType() {
		byte[] eth = PcapBuilder.udpFrame(1, 2, 3, 4, new byte[] { 42 });
		byte[] ip = Arrays.copyOfRange(eth, 14, eth.length);
		for (int lt : new int[] { LinkType.RAW, LinkType.DLT_RAW, LinkType.DLT_RAW_OPENBSD, LinkType.IPV4 }) {
			assertEquals(Kind.UDP, fLayers.decode(ByteBuffer.wrap(ip), lt), "link type " + lt);
			assertEquals(42, ip[fLayers.payloadOffset()]);
		}
		assertEquals(Kind.NOT_IP, fLayers.decode(ByteBuffer.wrap(ip), 9999), "unknown link type: listed only");
	}

	@Test
	void vlanTagsOfEveryTpid() {
		byte[] f = PcapBuilder.udpFrame(1, 2, 3, 4, new byte[] { 7 }, 10, 20, 30);
		ByteBuffer.wrap(f).putShort(12, (short) 0x88a8).putShort(16, (short) 0x9100); // outer 802.1ad, then old QinQ
		assertEquals(Kind.UDP, fLayers.decode(ByteBuffer.wrap(f), LinkType.ETHERNET));
		assertEquals(3, fLayers.vlanCount());
		assertEquals(10, fLayers.vlan(0));
		assertEquals(20, fLayers.vlan(1));
		assertEquals(30, fLayers.vlan(2));
		assertEquals(1, fLayers.payloadLength());
	}

	@Test
	void framesCutBySnaplenAreFlagged() {
		byte[] f = PcapBuilder.udpFrame(1, 2, 3, 4, new byte[100]);
		// cut after the UDP header: still UDP, payload is what was captured
		ByteBuffer cut = ByteBuffer.wrap(f, 0, 14 + 20 + 8 + 10).slice();
		assertEquals(Kind.UDP, fLayers.decode(cut, LinkType.ETHERNET, f.length));
		assertTrue(fLayers.isTruncated());
		assertEquals(10, fLayers.payloadLength());
		// cut inside the IP header: malformed, and the problem says why
		ByteBuffer inHeader = ByteBuffer.wrap(f, 0, 20).slice();
		assertEquals(Kind.MALFORMED, fLayers.decode(inHeader, LinkType.ETHERNET, f.length));
		assertTrue(fLayers.isTruncated());
		assertTrue(fLayers.problem().contains("snaplen"), fLayers.problem());
		// whole frame: not truncated
		assertEquals(Kind.UDP, fLayers.decode(ByteBuffer.wrap(f), LinkType.ETHERNET, f.length));
		assertFalse(fLayers.isTruncated());
		// Ethernet padding after the IP packet: original length above the IP length is not a cut of IP
		assertEquals(Kind.UDP, fLayers.decode(ByteBuffer.wrap(f), LinkType.ETHERNET, f.length + 4));
		assertTrue(fLayers.isTruncated(), "the frame itself was cut (e.g. its FCS)");
		assertEquals(100, fLayers.payloadLength());
	}

	@Test
	void nonFirstFragmentIsFlagged() {
		byte[] f = PcapBuilder.udpFrame(1, 2, 3, 4, new byte[30]);
		ByteBuffer.wrap(f).putShort(14 + 6, (short) 0x0005); // fragment offset 5 (40 bytes), last fragment
		assertEquals(Kind.IP_FRAGMENT, fLayers.decode(ByteBuffer.wrap(f), LinkType.ETHERNET));
		assertEquals(-1, fLayers.udpOffset());
	}

	@Test
	void vlanTagInsideLinuxCooked() {
		byte[] eth = PcapBuilder.udpFrame(1, 2, 3, 4, new byte[] { 42 }, 77);
		byte[] sll = new byte[14 + eth.length - 12];
		System.arraycopy(eth, 12, sll, 14, eth.length - 12); // protocol 0x8100, tag, 0x0800, IPv4...
		assertEquals(Kind.UDP, fLayers.decode(ByteBuffer.wrap(sll), LinkType.LINUX_SLL));
		assertEquals(1, fLayers.vlanCount());
		assertEquals(77, fLayers.vlan(0));
		assertEquals(42, sll[fLayers.payloadOffset()]);
	}
}
