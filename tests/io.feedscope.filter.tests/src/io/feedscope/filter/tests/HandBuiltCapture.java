package io.feedscope.filter.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Four Ethernet frames written byte by byte into a nanosecond pcap, every value known, so that filter
 * results can be worked out by hand. Times from T0 = 2026-01-01 09:34:00 UTC (epoch 1767260040 s).
 * <pre>
 * frame 1  t0             dst 01:00:5e:36:0c:6f src 00:1b:21:3a:0a:10, 802.1Q id 100,
 *                         10.1.1.10:40000 -&gt; 233.54.12.111:26477, MoldUDP64 "Feed0001ab" seq 100, 2 messages:
 *                         add order B 300 AAPL @ 227.5100 (msgseq 100), add order S 50 MSFT @ 400.0000 (101);
 *                         142 bytes
 * frame 2  t0 + 0.5 s     dst 01:00:5e:36:0c:70 src 00:1b:21:3a:0a:11, 802.1ad id 200 then 802.1Q id 141,
 *                         10.1.1.11:40001 -&gt; 233.54.12.112:26478, MoldUDP64 "Feed0001ab" seq 102, 1 message:
 *                         add order S 100 AAPL @ 227.6000 (msgseq 102); 108 bytes
 * frame 3  t0 + 1.00025 s dst 00:1b:21:3a:0a:10 src aa:bb:cc:dd:ee:ff, no tag,
 *                         233.54.12.111:9999 -&gt; 10.1.1.10:40000, UDP payload "hello"; 47 bytes
 * frame 4  t0 + 1.00026 s dst ff:ff:ff:ff:ff:ff src aa:bb:cc:dd:ee:ff, ARP (EtherType 0x0806), 42 bytes
 *                         captured of 60 on the wire, ending 01:02
 * </pre>
 */
final class HandBuiltCapture {

	static final long T0 = 1_767_260_040L;

	private HandBuiltCapture() {
	}

	static Path write(Path dir) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteBuffer h = le(24);
		h.putInt(0xa1b23c4d); // nanosecond pcap
		h.putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1); // Ethernet
		out.write(h.array());
		byte[] f1 = ethernet("01005e360c6f", "001b213a0a10", new int[][] { { 0x8100, 100 } }, 0x0800,
				ipv4("10.1.1.10", "233.54.12.111", udp(40000, 26477, mold("Feed0001ab", 100,
						addOrder('B', 300, "AAPL", 2275100), addOrder('S', 50, "MSFT", 4000000)))));
		byte[] f2 = ethernet("01005e360c70", "001b213a0a11", new int[][] { { 0x88a8, 200 }, { 0x8100, 141 } }, 0x0800,
				ipv4("10.1.1.11", "233.54.12.112", udp(40001, 26478, mold("Feed0001ab", 102, addOrder('S', 100, "AAPL", 2276000)))));
		byte[] f3 = ethernet("001b213a0a10", "aabbccddeeff", new int[0][], 0x0800,
				ipv4("233.54.12.111", "10.1.1.10", udp(9999, 40000, "hello".getBytes(StandardCharsets.US_ASCII))));
		ByteBuffer arp = ByteBuffer.allocate(28);
		arp.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1); // request
		arp.put(hex("aabbccddeeff")).put(new byte[] { 10, 1, 1, 1 }).put(new byte[6]).put(new byte[] { 10, 1, 1, 2 });
		byte[] f4 = ethernet("ffffffffffff", "aabbccddeeff", new int[0][], 0x0806, arp.array());
		record(out, T0, 0, f1, f1.length);
		record(out, T0, 500_000_000, f2, f2.length);
		record(out, T0 + 1, 250_000, f3, f3.length);
		record(out, T0 + 1, 260_000, f4, 60);
		Path p = dir.resolve("hand-built.pcap");
		Files.write(p, out.toByteArray());
		return p;
	}

	private static ByteBuffer le(int n) {
		return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
	}

	private static void record(ByteArrayOutputStream out, long sec, int nanos, byte[] frame, int wire) throws IOException {
		ByteBuffer r = le(16);
		r.putInt((int) sec).putInt(nanos).putInt(frame.length).putInt(wire);
		out.write(r.array());
		out.write(frame);
	}

	static byte[] hex(String s) {
		byte[] b = new byte[s.length() / 2];
		for (int i = 0; i < b.length; i++) {
			b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
		}
		return b;
	}

	private static byte[] ethernet(String dst, String src, int[][] tags, int etherType, byte[] payload) {
		ByteBuffer b = ByteBuffer.allocate(14 + 4 * tags.length + payload.length);
		b.put(hex(dst)).put(hex(src)); // destination, source MAC
		for (int[] t : tags) {
			b.putShort((short) t[0]).putShort((short) t[1]); // TPID, PCP/DEI 0 + VLAN id
		}
		b.putShort((short) etherType).put(payload);
		return b.array();
	}

	private static byte[] ipv4(String src, String dst, byte[] payload) {
		ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
		b.put((byte) 0x45).put((byte) 0); // version 4, IHL 5; DSCP
		b.putShort((short) (20 + payload.length)); // total length
		b.putShort((short) 1).putShort((short) 0); // id, flags/fragment offset
		b.put((byte) 64).put((byte) 17).putShort((short) 0); // TTL 64, UDP, checksum unchecked
		for (String a : new String[] { src, dst }) {
			for (String part : a.split("\\.")) {
				b.put((byte) Integer.parseInt(part));
			}
		}
		return b.put(payload).array();
	}

	private static byte[] udp(int src, int dst, byte[] payload) {
		ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
		b.putShort((short) src).putShort((short) dst).putShort((short) (8 + payload.length)).putShort((short) 0);
		return b.put(payload).array();
	}

	private static byte[] mold(String session, long sequence, byte[]... messages) {
		int n = 20;
		for (byte[] m : messages) {
			n += 2 + m.length;
		}
		ByteBuffer b = ByteBuffer.allocate(n);
		b.put(session.getBytes(StandardCharsets.US_ASCII)); // 10 characters
		b.putLong(sequence).putShort((short) messages.length);
		for (byte[] m : messages) {
			b.putShort((short) m.length).put(m);
		}
		return b.array();
	}

	/** ITCH 5.0 'A' Add Order (No MPID Attribution), 36 bytes. */
	private static byte[] addOrder(char side, int shares, String stock, int price) {
		ByteBuffer b = ByteBuffer.allocate(36);
		b.put((byte) 'A').putShort((short) 7).putShort((short) 0); // type, stock locate, tracking number
		b.putShort((short) 0).putInt(34_440_000); // timestamp (u48): 34.44 ms after midnight
		b.putLong(4711); // order reference number
		b.put((byte) side).putInt(shares);
		b.put(String.format("%-8s", stock).getBytes(StandardCharsets.US_ASCII)).putInt(price);
		return b.array();
	}
}
