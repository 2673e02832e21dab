package io.feedscope.capture.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chunk arithmetic of {@link MappedFile}, with chunks of 16 bytes overlapping by 8, so that every
 * boundary case (read inside the overlap, slice straddling chunks, slice longer than the overlap,
 * last chunk shorter) happens in a file of a few hundred bytes.
 */
class MappedFileTest {

	@TempDir
	Path dir;

	@Test
	void everyReadMatchesTheBytesWhateverTheChunking() throws IOException {
		byte[] data = new byte[301]; // not a multiple of the chunk: last chunk is short
		new Random(7).nextBytes(data);
		Path p = Files.write(dir.resolve("data.bin"), data);
		ByteBuffer big = ByteBuffer.wrap(data);
		ByteBuffer little = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
		int[][] layouts = { { 4, 8 }, { 4, 16 }, { 5, 8 }, { 6, 32 }, { MappedFile.CHUNK_SHIFT, MappedFile.OVERLAP } };
		for (int[] layout : layouts) {
			try (MappedFile m = new MappedFile(p, layout[0], layout[1])) {
				String what = "chunk 2^" + layout[0] + " overlap " + layout[1];
				assertEquals(data.length, m.size());
				for (int i = 0; i < data.length; i++) {
					assertEquals(data[i], m.get(i), what + " byte " + i);
				}
				for (int i = 0; i + 4 <= data.length; i++) {
					assertEquals(big.getInt(i), m.getInt(i, ByteOrder.BIG_ENDIAN), what + " int at " + i);
					assertEquals(little.getInt(i), m.getInt(i, ByteOrder.LITTLE_ENDIAN), what + " int at " + i);
				}
				for (int i = 0; i + 2 <= data.length; i++) {
					assertEquals(big.getShort(i) & 0xffff, m.getUnsignedShort(i, ByteOrder.BIG_ENDIAN), what);
					assertEquals(little.getShort(i) & 0xffff, m.getUnsignedShort(i, ByteOrder.LITTLE_ENDIAN), what);
				}
				for (int off = 0; off <= data.length; off += 3) {
					for (int len = 0; off + len <= data.length; len += 5) {
						ByteBuffer s = m.slice(off, len);
						assertEquals(0, s.position());
						assertEquals(len, s.limit());
						assertTrue(s.isReadOnly());
						assertEquals(ByteOrder.BIG_ENDIAN, s.order());
						byte[] got = new byte[len];
						s.get(got);
						byte[] want = new byte[len];
						System.arraycopy(data, off, want, 0, len);
						assertArrayEquals(want, got, what + " slice " + off + "+" + len);
					}
				}
				assertThrows(IndexOutOfBoundsException.class, () -> m.slice(data.length - 2, 3));
				assertThrows(IndexOutOfBoundsException.class, () -> m.slice(-1, 1));
			}
		}
	}

	@Test
	void emptyFileMaps() throws IOException {
		try (MappedFile m = new MappedFile(Files.write(dir.resolve("empty"), new byte[0]), 4, 8)) {
			assertEquals(0, m.size());
			assertEquals(0, m.slice(0, 0).remaining());
		}
	}

	@Test
	void chunkLayoutIsChecked() throws IOException {
		Path p = Files.write(dir.resolve("x"), new byte[10]);
		assertThrows(IllegalArgumentException.class, () -> new MappedFile(p, 4, 4)); // overlap below a header field
		assertThrows(IllegalArgumentException.class, () -> new MappedFile(p, 4, 32)); // overlap beyond a chunk
	}

	@Test
	void timestampConversions() {
		long ns = 1_000_000_000L;
		// 10^-n units: scaled by powers of ten
		assertEquals(1_500_000_000L, io.feedscope.capture.PcapngTime.toNanos(1_500_000, 6));
		assertEquals(1_500_000_000L, io.feedscope.capture.PcapngTime.toNanos(1_500_000_000_000L, 12));
		assertEquals(1_500_000_000L, io.feedscope.capture.PcapngTime.toNanos(1_500_000_000L, 9));
		assertEquals(200_000_000L, io.feedscope.capture.PcapngTime.toNanos(2, 1)); // tenths of a second
		// 2^-n units: whole seconds, then fraction * 10^9 / 2^n truncated (as Wireshark)
		assertEquals(2 * ns, io.feedscope.capture.PcapngTime.toNanos(2, 0x80));
		assertEquals(3 * ns + 500_000_000L, io.feedscope.capture.PcapngTime.toNanos(3L << 20 | 1L << 19, 0x80 | 20));
		assertEquals(953, io.feedscope.capture.PcapngTime.toNanos(1, 0x80 | 20)); // 10^9 / 2^20 = 953.67
		assertEquals(976_562, io.feedscope.capture.PcapngTime.toNanos(1, 0x80 | 10)); // 10^9 / 1024 = 976562.5
		// 2^-40 overflows a 64-bit fraction * 10^9: 1000 s + 2^39 units = 1000.5 s
		assertEquals(1000 * ns + ns / 2, io.feedscope.capture.PcapngTime.toNanos(1000L << 40 | 1L << 39, 0x80 | 40));
		assertEquals(999_999_999L, io.feedscope.capture.PcapngTime.toNanos((1L << 40) - 1, 0x80 | 40)); // just under 1 s
		assertTrue(io.feedscope.capture.PcapngTime.toNanos(Long.MAX_VALUE, 0x80 | 63) >= 0);
		assertEquals(0, io.feedscope.capture.PcapngTime.toNanos(123, 0x80 | 100));
		assertEquals(0, io.feedscope.capture.PcapngTime.toNanos(123, 120)); // 10^-120 s units
	}
}
