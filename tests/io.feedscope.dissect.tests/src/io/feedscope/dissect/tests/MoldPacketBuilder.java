package io.feedscope.dissect.tests;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds MoldUDP64 (or legacy MoldUDP) payloads and whole Ethernet/IPv4/UDP frames byte by byte.
 * Valid by default (count = number of messages, lengths = message sizes); one method per field to
 * break it.
 */
final class MoldPacketBuilder {

	private String fSession = "SESSION001";
	private long fSequence = 1000;
	private Integer fCount;
	private final List<byte[]> fMessages = new ArrayList<>();
	private final Map<Integer, Integer> fLengthOverride = new HashMap<>();
	private int fCut = -1;
	private boolean fLegacy;
	private byte[] fTrailer = new byte[0];

	static MoldPacketBuilder mold64() {
		return new MoldPacketBuilder();
	}

	/** Legacy MoldUDP: 4-byte sequence, little-endian as Wireshark reads it (see moldudp.fsp). */
	static MoldPacketBuilder legacy() {
		MoldPacketBuilder b = new MoldPacketBuilder();
		b.fLegacy = true;
		return b;
	}

	MoldPacketBuilder session(String s) {
		fSession = s;
		return this;
	}

	MoldPacketBuilder sequence(long s) {
		fSequence = s;
		return this;
	}

	/** Overrides the message count (default: the number of messages added). */
	MoldPacketBuilder count(int c) {
		fCount = c;
		return this;
	}

	MoldPacketBuilder message(byte[] m) {
		fMessages.add(m);
		return this;
	}

	/** Overrides the length prefix of block i (default: the message's size). */
	MoldPacketBuilder msglen(int block, int length) {
		fLengthOverride.put(block, length);
		return this;
	}

	/** Cuts the payload to n bytes. */
	MoldPacketBuilder cut(int n) {
		fCut = n;
		return this;
	}

	/** Appends raw bytes after the blocks. */
	MoldPacketBuilder trailer(byte[] b) {
		fTrailer = b;
		return this;
	}

	byte[] payload() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] session = Arrays.copyOf(fSession.getBytes(StandardCharsets.ISO_8859_1), 10);
		for (int k = fSession.length(); k < 10; k++) {
			session[k] = ' ';
		}
		out.writeBytes(session);
		int count = fCount != null ? fCount : fMessages.size();
		if (fLegacy) {
			out.writeBytes(ByteBuffer.allocate(6).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt((int) fSequence).putShort((short) count).array());
		} else {
			out.writeBytes(ByteBuffer.allocate(10).putLong(fSequence).putShort((short) count).array());
		}
		for (int k = 0; k < fMessages.size(); k++) {
			byte[] m = fMessages.get(k);
			int len = fLengthOverride.getOrDefault(k, m.length);
			if (fLegacy) {
				out.writeBytes(ByteBuffer.allocate(2).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort((short) len).array());
			} else {
				out.writeBytes(ByteBuffer.allocate(2).putShort((short) len).array());
			}
			out.writeBytes(m);
		}
		out.writeBytes(fTrailer);
		byte[] p = out.toByteArray();
		return fCut >= 0 ? Arrays.copyOf(p, fCut) : p;
	}

	/** Ethernet II + IPv4 + UDP around the payload (checksums zero: nobody checks them). */
	byte[] frame(int srcPort, int dstPort, String dstIp) {
		return udpFrame(payload(), srcPort, dstPort, dstIp);
	}

	static byte[] udpFrame(byte[] payload, int srcPort, int dstPort, String dstIp) {
		ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + payload.length);
		b.put(new byte[] { 1, 0, 0x5e, 0x36, 0x0c, 0x6f, 2, 0, 0, 0, 0, 1 }).putShort((short) 0x0800);
		b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + payload.length)).putInt(0).put((byte) 64).put((byte) 17).putShort((short) 0);
		b.put(new byte[] { 10, 0, 0, 1 });
		for (String q : dstIp.split("\\.")) {
			b.put((byte) Integer.parseInt(q));
		}
		b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload.length)).putShort((short) 0);
		b.put(payload);
		return b.array();
	}
}
