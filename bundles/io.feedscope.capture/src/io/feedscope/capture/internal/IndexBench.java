package io.feedscope.capture.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.capture.PacketLayers;

/**
 * Measures indexing speed and random frame access. Not a test: prints figures.
 *
 * <pre>
 * java -cp bundles/io.feedscope.capture/target/classes io.feedscope.capture.internal.IndexBench \
 *     [frames | capture-file] [runs]
 * </pre>
 *
 * Without a file it writes a nanosecond pcap, then a pcapng, of the given number of frames (default
 * 2,000,000) of 100..300 bytes (VLAN-tagged Ethernet, IPv4, UDP, a MoldUDP64-like payload) to temp
 * files, which it deletes afterwards. The first run also pays the page-cache warm-up; later runs show the
 * streaming speed of the indexer itself.
 */
public final class IndexBench {

	private IndexBench() {
	}

	public static void main(String[] args) throws IOException {
		int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
		if (args.length > 0 && !args[0].matches("\\d+")) {
			bench(Path.of(args[0]), runs);
			return;
		}
		int frames = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
		for (boolean ng : new boolean[] { false, true }) {
			Path file = Files.createTempFile("feedscope-bench", ng ? ".pcapng" : ".pcap");
			try {
				long t = System.nanoTime();
				write(file, frames, ng);
				System.out.printf("%nwrote %s: %,d frames, %,d bytes in %.1f s to %s%n", ng ? "pcapng" : "pcap", frames,
						Files.size(file), (System.nanoTime() - t) / 1e9, file);
				bench(file, runs);
			} finally {
				Files.deleteIfExists(file);
			}
		}
	}

	private static void bench(Path file, int runs) throws IOException {
		long size = Files.size(file);
		int count = 0;
		for (int r = 1; r <= runs; r++) {
			long t0 = System.nanoTime();
			try (CaptureFile c = Captures.open(file)) {
				long dt = System.nanoTime() - t0;
				count = c.frameCount();
				System.out.printf("run %d: indexed %,d frames in %.3f s: %,.0f frames/s, %,.0f MB/s%s%n", r, count,
						dt / 1e9, count / (dt / 1e9), size / 1e6 / (dt / 1e9),
						c.problems().isEmpty() ? "" : ", problems: " + c.problems());
			}
		}
		if (count == 0) {
			return;
		}
		try (CaptureFile c = Captures.open(file)) {
			Random random = new Random(42);
			PacketLayers layers = new PacketLayers();
			for (int r = 1; r <= 3; r++) {
				long sum = 0;
				long t0 = System.nanoTime();
				for (int i = 0; i < 1000; i++) {
					int f = 1 + random.nextInt(count);
					ByteBuffer b = c.frameData(f);
					layers.decode(b, c.linkType(f), c.originalLength(f));
					sum += layers.payloadLength() + b.get(b.limit() - 1);
				}
				long dt = System.nanoTime() - t0;
				System.out.printf("run %d: 1000 random frames read and decoded in %.3f ms (%.2f us/frame; checksum %d)%n", r,
						dt / 1e6, dt / 1e3 / 1000, sum);
			}
		}
	}

	/**
	 * Writes a capture of realistic market-data frames, lengths 100..300 as MoldUDP64 packets are: a
	 * little-endian pcap-ns, or a pcapng with one Ethernet interface in nanoseconds and Enhanced Packet
	 * Blocks.
	 */
	static void write(Path file, int frames, boolean pcapng) throws IOException {
		Random random = new Random(1);
		ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
		h.putInt(PcapParser.MAGIC_NS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
		ByteBuffer rec = ByteBuffer.allocate(32 + 304).order(ByteOrder.LITTLE_ENDIAN);
		long ns = 1_692_711_000_000_000_000L;
		long seq = 1;
		if (pcapng) {
			h = ByteBuffer.allocate(28 + 32).order(ByteOrder.LITTLE_ENDIAN);
			h.putInt(PcapngParser.SHB).putInt(28).putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1)
					.putInt(28); // section header, no options
			h.putInt(1).putInt(32).putShort((short) 1).putShort((short) 0).putInt(65535) // interface: Ethernet
					.putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]).putInt(0).putInt(32); // if_tsresol 9
		}
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
			out.write(h.array());
			for (int i = 0; i < frames; i++) {
				int len = 100 + random.nextInt(201);
				ns += 1 + random.nextInt(20_000);
				rec.clear();
				int padded = (len + 3) & ~3;
				if (pcapng) {
					rec.putInt(6).putInt(32 + padded).putInt(0).putInt((int) (ns >>> 32)).putInt((int) ns).putInt(len)
							.putInt(len); // enhanced packet block header
				} else {
					rec.putInt((int) (ns / 1_000_000_000L)).putInt((int) (ns % 1_000_000_000L)).putInt(len).putInt(len);
				}
				rec.order(ByteOrder.BIG_ENDIAN);
				rec.put(new byte[] { 1, 0, 0x5e, 0x36, 0x0c, 0x6f, 0, 0x1b, 0x21, 0, 0, 1 }); // MACs
				rec.putShort((short) 0x8100).putShort((short) 141).putShort((short) 0x0800); // VLAN 141, IPv4
				int ipLen = len - 18;
				rec.put((byte) 0x45).put((byte) 0).putShort((short) ipLen).putInt(0x40000000) // DF
						.put((byte) 64).put((byte) 17).putShort((short) 0) // TTL, UDP
						.putInt(0xcec87f8a).putInt(0xe9360c6f) // 206.200.127.138 -> 233.54.12.111
						.putShort((short) 49653).putShort((short) 26477).putShort((short) (ipLen - 20)).putShort((short) 0);
				rec.put("000012345 ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putLong(seq).putShort((short) 1);
				seq++;
				while (rec.position() < (pcapng ? 28 : 16) + len) {
					rec.put((byte) random.nextInt(256));
				}
				rec.order(ByteOrder.LITTLE_ENDIAN);
				if (pcapng) {
					while (rec.position() < 28 + padded) {
						rec.put((byte) 0);
					}
					rec.putInt(32 + padded); // trailing block length
				}
				out.write(rec.array(), 0, rec.position());
			}
		}
	}
}
