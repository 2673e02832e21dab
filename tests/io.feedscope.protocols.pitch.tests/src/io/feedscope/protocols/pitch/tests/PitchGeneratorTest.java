package io.feedscope.protocols.pitch.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.generator.Truth;
import io.feedscope.protocols.pitch.generator.PitchGenerator;

/**
 * The {@code pitch} preset: deterministic, and its truth agrees with the frames it wrote, read here by the
 * published Sequenced Unit Header layout (Hdr Length u16 = the UDP payload's length, Hdr Count u8, Hdr Unit
 * u8, Hdr Sequence u32, little-endian; each message's first byte its length, counting itself).
 */
class PitchGeneratorTest {

	@TempDir
	Path fDir;

	@Test
	void sameSeedSameBytesOtherSeedOtherBytes() throws Exception {
		// one file name in three folders: the pcapng section comment names the truth file
		Path a = Files.createDirectories(fDir.resolve("a")).resolve("p.pcapng");
		Path b = Files.createDirectories(fDir.resolve("b")).resolve("p.pcapng");
		Path c = Files.createDirectories(fDir.resolve("c")).resolve("p.pcapng");
		new PitchGenerator().seed(9).durationNanos(200_000_000L).format(CaptureFormat.PCAPNG).write(a);
		new PitchGenerator().seed(9).durationNanos(200_000_000L).format(CaptureFormat.PCAPNG).write(b);
		new PitchGenerator().seed(10).durationNanos(200_000_000L).format(CaptureFormat.PCAPNG).write(c);
		assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
		assertEquals(Files.readString(Path.of(a + ".truth.json")), Files.readString(Path.of(b + ".truth.json")));
		assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
	}

	@Test
	void truthAgreesWithTheFrames() throws Exception {
		Path f = fDir.resolve("p.pcap");
		new PitchGenerator().seed(4).format(CaptureFormat.PCAP).write(f);
		Truth t = Truth.read(f);
		byte[] d = Files.readAllBytes(f);
		ByteBuffer le = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
		// per unit and line: the sequences delivered, from the headers
		Map<String, TreeSet<Long>> delivered = new TreeMap<>();
		int pos = 24;
		int frames = 0;
		while (pos + 16 <= d.length) {
			int incl = le.getInt(pos + 8);
			int p = pos + 16 + 14 + 20 + 8;
			int dst3 = d[pos + 16 + 14 + 19] & 0xff; // last octet of the group: 2 = line A, 130 = line B
			int len = le.getShort(p) & 0xffff;
			assertEquals(incl - 42, len, "Hdr Length is the payload's length");
			int count = d[p + 2] & 0xff;
			int unit = d[p + 3] & 0xff;
			long seq = le.getInt(p + 4) & 0xffffffffL;
			int m = p + 8;
			for (int k = 0; k < count; k++) {
				m += d[m] & 0xff;
			}
			assertEquals(pos + 16 + incl, m, "the messages fill the packet");
			TreeSet<Long> s = delivered.computeIfAbsent(unit + (dst3 == 2 ? "A" : "B"), x -> new TreeSet<>());
			for (long q = seq; q < seq + count; q++) {
				s.add(q);
			}
			pos += 16 + incl;
			frames++;
		}
		assertEquals(t.frames(), frames);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> units = (List<Map<String, Object>>) t.json().get("units");
		assertEquals(4, units.size());
		long bothLost = 0;
		for (Map<String, Object> u : units) {
			long last = (Long) u.get("lastSequence");
			for (Object o : (List<?>) u.get("lines")) {
				Map<?, ?> l = (Map<?, ?>) o;
				TreeSet<Long> s = delivered.get(u.get("unit") + "" + l.get("line"));
				assertEquals(count((List<?>) l.get("delivered")), s.size());
				assertEquals(last, count((List<?>) l.get("delivered")) + count((List<?>) l.get("lost")));
				for (Object r : (List<?>) l.get("lost")) {
					List<?> range = (List<?>) r;
					for (long q = (Long) range.get(0); q <= (Long) range.get(1); q++) {
						assertFalse(s.contains(q), "lost " + q + " is not in line " + l.get("line") + "'s frames");
					}
				}
			}
			bothLost += count((List<?>) u.get("lostOnBothLines"));
		}
		assertTrue(bothLost > 0, "a packet lost on both lines");
	}

	private static long count(List<?> ranges) {
		long n = 0;
		for (Object r : ranges) {
			List<?> x = (List<?>) r;
			n += (Long) x.get(1) - (Long) x.get(0) + 1;
		}
		return n;
	}
}
