package io.feedscope.capture.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds classic pcap files byte by byte, with valid defaults and a way to break each part. */
final class PcapBuilder {
	private final ByteOrder fOrder;
	private final boolean fNanos;
	private final ByteArrayOutputStream fOut = new ByteArrayOutputStream();

	PcapBuilder(ByteOrder order, boolean nanos, int linkType) {
		fOrder = order;
		fNanos = nanos;
		ByteBuffer h = ByteBuffer.allocate(24).order(order);
		h.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4); // magic, written in the file's byte order
		h.putShort((short) 2).putShort((short) 4); // version 2.4
		h.putInt(0).putInt(0); // thiszone, sigfigs
		h.putInt(65535); // snaplen
		h.putInt(linkType);
		fOut.writeBytes(h.array());
	}

	/** Adds a record; frac is microseconds or nanoseconds according to the magic. */
	PcapBuilder record(long sec, long frac, byte[] data, int origLen) {
		ByteBuffer r = ByteBuffer.allocate(16).order(fOrder);
		r.putInt((int) sec).putInt((int) frac).putInt(data.length).putInt(origLen);
		fOut.writeBytes(r.array());
		fOut.writeBytes(data);
		return this;
	}

	PcapBuilder record(long sec, long frac, byte[] data) {
		return record(sec, frac, data, data.length);
	}

	/** Appends raw bytes, e.g. a partial record header. */
	PcapBuilder raw(int... b) {
		for (int x : b) {
			fOut.write(x);
		}
		return this;
	}

	PcapBuilder raw(byte[] b) {
		fOut.writeBytes(b);
		return this;
	}

	boolean nanos() {
		return fNanos;
	}

	byte[] bytes() {
		return fOut.toByteArray();
	}

	Path write(Path dir, String name) throws IOException {
		return Files.write(dir.resolve(name), bytes());
	}

	/**
	 * An Ethernet frame carrying IPv4/UDP with the given payload.
	 *
	 * @param vlans VLAN ids to tag with, outermost first
	 */
	static byte[] udpFrame(int srcIp, int dstIp, int srcPort, int dstPort, byte[] payload, int... vlans) {
		ByteBuffer b = ByteBuffer.allocate(14 + 4 * vlans.length + 20 + 8 + payload.length);
		b.put(new byte[] { 0x01, 0x00, 0x5e, 0x01, 0x02, 0x03 }); // destination MAC (multicast)
		b.put(new byte[] { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 }); // source MAC
		for (int v : vlans) {
			b.putShort((short) 0x8100).putShort((short) v); // 802.1Q TPID, TCI (priority 0)
		}
		b.putShort((short) 0x0800); // EtherType IPv4
		b.put((byte) 0x45).put((byte) 0); // version 4, IHL 5; DSCP
		b.putShort((short) (20 + 8 + payload.length)); // total length
		b.putShort((short) 1).putShort((short) 0x4000); // id; flags DF, fragment offset 0
		b.put((byte) 16).put((byte) 17).putShort((short) 0); // TTL, protocol UDP, checksum (unchecked)
		b.putInt(srcIp).putInt(dstIp);
		b.putShort((short) srcPort).putShort((short) dstPort);
		b.putShort((short) (8 + payload.length)).putShort((short) 0); // UDP length, checksum
		b.put(payload);
		return b.array();
	}

	static int ip(int a, int b, int c, int d) {
		return a << 24 | b << 16 | c << 8 | d;
	}
}
