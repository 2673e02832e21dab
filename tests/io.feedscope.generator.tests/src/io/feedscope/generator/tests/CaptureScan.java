package io.feedscope.generator.tests;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.capture.PacketLayers;

/**
 * Reads a generated capture back with FeedScope's capture reader and a MoldUDP64 walk written here
 * from the specification (independent of the generator's code), one {@link Packet} per frame.
 */
final class CaptureScan {

	/** What one frame holds. */
	record Packet(int frame, long timeNanos, int iface, String comment, int dstIp, int dstPort, int srcPort,
			int vlanCount, int vlan0, int vlan1, boolean truncated, int payloadLength, String session, long sequence,
			int count, List<byte[]> messages, boolean udpChecksumOk) {
	}

	static List<Packet> scan(Path file) throws IOException {
		List<Packet> out = new ArrayList<>();
		PacketLayers l = new PacketLayers();
		try (CaptureFile c = Captures.open(file)) {
			if (!c.problems().isEmpty()) {
				throw new AssertionError("capture reader found problems: " + c.problems());
			}
			for (int f = 1; f <= c.frameCount(); f++) {
				ByteBuffer b = c.frameData(f);
				if (l.decode(b, c.linkType(f)) != PacketLayers.Kind.UDP) {
					throw new AssertionError("frame " + f + " is not UDP: " + l.kind() + " " + l.problem());
				}
				int p = l.payloadOffset();
				int n = l.payloadLength();
				byte[] s = new byte[10];
				b.get(p, s);
				long seq = b.getLong(p + 10);
				int count = b.getShort(p + 18) & 0xffff;
				List<byte[]> msgs = new ArrayList<>();
				int o = p + 20;
				int end = p + n;
				while (o + 2 <= end) {
					int len = b.getShort(o) & 0xffff;
					if (o + 2 + len > end) {
						break; // block runs past the payload: not a complete message
					}
					byte[] m = new byte[len];
					b.get(o + 2, m);
					msgs.add(m);
					o += 2 + len;
				}
				boolean udpOk = l.isTruncated() || udpChecksumOk(b, l);
				String comment = c.comment(f);
				out.add(new Packet(f, c.timestampNanos(f), c.interfaceId(f), comment == null ? "" : comment,
						l.ipDestination(), l.destinationPort(), l.sourcePort(), l.vlanCount(),
						l.vlanCount() > 0 ? l.vlan(0) : -1, l.vlanCount() > 1 ? l.vlan(1) : -1, c.isTruncated(f), n,
						new String(s, java.nio.charset.StandardCharsets.US_ASCII), seq, count, msgs, udpOk));
			}
		}
		return out;
	}

	/** RFC 768 checksum over the pseudo header and the UDP datagram; 0 means "not computed". */
	private static boolean udpChecksumOk(ByteBuffer b, PacketLayers l) {
		int u = l.udpOffset();
		int len = b.getShort(u + 4) & 0xffff;
		if ((b.getShort(u + 6) & 0xffff) == 0) {
			return true;
		}
		long sum = (l.ipSource() >>> 16) + (l.ipSource() & 0xffff) + (l.ipDestination() >>> 16)
				+ (l.ipDestination() & 0xffff) + 17 + len;
		for (int i = 0; i < len; i += 2) {
			int hi = b.get(u + i) & 0xff;
			int lo = i + 1 < len ? b.get(u + i + 1) & 0xff : 0;
			sum += hi << 8 | lo;
		}
		while (sum >>> 16 != 0) {
			sum = (sum & 0xffff) + (sum >>> 16);
		}
		return sum == 0xffff;
	}

	static int ip(int a, int b, int c, int d) {
		return a << 24 | b << 16 | c << 8 | d;
	}

	private CaptureScan() {
	}
}
