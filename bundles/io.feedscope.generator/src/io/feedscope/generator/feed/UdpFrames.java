package io.feedscope.generator.feed;

import java.nio.ByteBuffer;

/**
 * Ethernet II / IPv4 / UDP around a payload, for presets whose lines need nothing more (no VLAN tags, UDP
 * checksum 0, which IPv4 allows). The MoldUDP64 presets' engine writes its own frames (VLANs, checksums).
 */
public final class UdpFrames {

	/** Ethernet II (14) + IPv4 without options (20) + UDP (8) */
	public static final int HEADERS = 14 + 20 + 8;

	private UdpFrames() {
	}

	/**
	 * An Ethernet II / IPv4 / UDP frame around a payload: destination MAC the group's multicast MAC, source MAC
	 * 02:00:00 + the source address' low three bytes, TTL 32, the IPv4 header checksum computed, UDP checksum 0.
	 *
	 * @param srcIp source address, network order in an int ({@link #ipv4(String)})
	 * @param dstIp destination (a multicast group), network order in an int
	 * @param ipId the IPv4 identification field
	 */
	public static byte[] frame(int srcIp, int srcPort, int dstIp, int dstPort, int ipId, byte[] payload) {
		byte[] f = new byte[HEADERS + payload.length];
		ByteBuffer b = ByteBuffer.wrap(f); // network order
		// multicast MAC 01:00:5e + the group's low 23 bits
		b.put((byte) 0x01).put((byte) 0x00).put((byte) 0x5e).put((byte) (dstIp >>> 16 & 0x7f)).put((byte) (dstIp >>> 8))
				.put((byte) dstIp);
		b.put(new byte[] { 0x02, 0x00, 0x00, (byte) (srcIp >>> 16), (byte) (srcIp >>> 8), (byte) srcIp });
		b.putShort((short) 0x0800);
		int ipStart = b.position();
		b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + payload.length)).putShort((short) ipId).putShort((short) 0)
				.put((byte) 32).put((byte) 17).putShort((short) 0).putInt(srcIp).putInt(dstIp);
		int sum = 0;
		for (int i = ipStart; i < ipStart + 20; i += 2) {
			sum += (f[i] & 0xff) << 8 | f[i + 1] & 0xff;
		}
		while (sum >>> 16 != 0) {
			sum = (sum & 0xffff) + (sum >>> 16);
		}
		b.putShort(ipStart + 10, (short) ~sum);
		b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload.length)).putShort((short) 0);
		b.put(payload);
		return f;
	}

	/**
	 * @return the dotted quad as a big-endian int
	 * @throws IllegalArgumentException if it is not one
	 */
	public static int ipv4(String ip) {
		String[] p = ip.split("\\.", -1);
		if (p.length != 4) {
			throw new IllegalArgumentException("not an IPv4 address: '" + ip + "'");
		}
		int v = 0;
		for (String s : p) {
			int o;
			try {
				o = Integer.parseInt(s);
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException("not an IPv4 address: '" + ip + "'");
			}
			if (o < 0 || o > 255) {
				throw new IllegalArgumentException("not an IPv4 address: '" + ip + "'");
			}
			v = v << 8 | o;
		}
		return v;
	}
}
