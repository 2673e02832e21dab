package io.feedscope.wireshark.tests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.feedscope.wireshark.PcapngWriter;

/** Ethernet/IPv4/UDP frames built by hand (checksum 0 = none), written with {@link PcapngWriter}. */
final class Frames {

	private Frames() {
	}

	/** @return an Ethernet II frame: IPv4 src -&gt; dst (dotted), UDP sport -&gt; dport, the payload */
	static byte[] udp(String src, String dst, int sport, int dport, byte[] payload) {
		ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + payload.length);
		b.put(new byte[] { 1, 0, 0x5e, 0, 0, 1 }); // destination MAC
		b.put(new byte[] { 2, 0, 0, 0, 0, 2 }); // source MAC
		b.putShort((short) 0x0800); // IPv4
		b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + payload.length)); // version/IHL, DSCP, total length
		b.putShort((short) 1).putShort((short) 0x4000); // id, don't fragment
		b.put((byte) 16).put((byte) 17).putShort((short) 0); // TTL, UDP, checksum (not checked)
		b.put(ip(src)).put(ip(dst));
		b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0);
		b.put(payload);
		return b.array();
	}

	private static byte[] ip(String dotted) {
		String[] p = dotted.split("\\.");
		byte[] a = new byte[4];
		for (int k = 0; k < 4; k++) {
			a[k] = (byte) Integer.parseInt(p[k]);
		}
		return a;
	}

	/** Writes frames (one interface "test0", Ethernet) 1 ms apart. */
	static void pcapng(Path file, List<byte[]> frames) throws IOException {
		try (OutputStream o = Files.newOutputStream(file); PcapngWriter w = new PcapngWriter(o, null)) {
			int i = w.addInterface(1, 65535, "test0");
			long t = 1_700_000_000_000_000_000L;
			for (byte[] f : frames) {
				w.packet(i, t, f, f.length, List.of());
				t += 1_000_000;
			}
		}
	}
}
