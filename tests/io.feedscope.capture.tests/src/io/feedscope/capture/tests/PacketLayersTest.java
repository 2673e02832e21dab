package io.feedscope.capture.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
