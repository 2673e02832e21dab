package io.feedscope.capture.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.IndexMonitor;
import io.feedscope.capture.RecordRun;
import io.feedscope.testdata.TestData;

/**
 * A record file's runs of records ({@link CaptureFile#records}, the day-file fast path's input) against the frame
 * index they stand in for: walking a day file run after run from frame 1 must give every indexed frame once, in
 * order, each record's bytes those of {@link CaptureFile#frameData(int)}, and nothing the index left out. On seeded
 * day files with records of every length the format allows (1 to 65535 bytes: oversized ones beside ITCH's 12-50),
 * and with the damage that ends reading (a length of 0, a file cut inside a length or a record), plain and gzip'd,
 * with the normal mapping and with tiny mapping chunks (runs that cross a chunk are then copies), for run capacities
 * from 1 record up. The oracle of which records a file holds is the file's bytes, walked here per the format.
 */
class RecordRunTest {

	@TempDir
	Path dir;

	/** A seeded day file: ITCH-sized records, some oversized, and at the end (or in the middle) damage of one kind. */
	private static byte[] dayFile(Random r, int records, int damage) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = 0; i < records; i++) {
			int len = switch (r.nextInt(20)) {
			case 0 -> 51 + r.nextInt(300); // longer than any ITCH message
			case 1 -> 1 + r.nextInt(11); // shorter than any
			case 2 -> r.nextInt(50) == 0 ? 60_000 + r.nextInt(5536) : 12 + r.nextInt(39); // now and then near the limit
			default -> 12 + r.nextInt(39);
			};
			out.write(len >>> 8);
			out.write(len);
			byte[] body = new byte[len];
			r.nextBytes(body);
			body[0] = (byte) "SAFDEXUPQ".charAt(r.nextInt(9));
			out.write(body, 0, len);
			if (damage == 1 && i == records / 2) {
				out.write(0); // a length of 0 in the middle: reading stops here
				out.write(0);
			}
		}
		byte[] all = out.toByteArray();
		return switch (damage) {
		case 2 -> java.util.Arrays.copyOf(all, all.length + 1); // one byte of a length
		case 3 -> {
			byte[] cut = java.util.Arrays.copyOf(all, all.length + 2 + 10); // a length of 36 with 10 bytes of its record
			cut[all.length] = 0;
			cut[all.length + 1] = 36;
			yield cut;
		}
		default -> all;
		};
	}

	/** @return the records the format says the file holds before the first that ends reading */
	private static List<byte[]> oracle(byte[] all) {
		List<byte[]> out = new ArrayList<>();
		for (int pos = 0; pos + 2 <= all.length;) {
			int len = (all[pos] & 0xff) << 8 | all[pos + 1] & 0xff;
			if (len == 0 || pos + 2 + len > all.length) {
				break;
			}
			out.add(java.util.Arrays.copyOfRange(all, pos + 2, pos + 2 + len));
			pos += 2 + len;
		}
		return out;
	}

	@Test
	void runsGiveEveryIndexedRecordOnceInOrder() throws IOException {
		Random r = new Random(1411);
		int files = 0;
		long records = 0;
		int multi = 0;
		for (int i = 0; i < 16; i++) {
			int damage = i % 4;
			byte[] bytes = dayFile(r, 200 + r.nextInt(3000), damage);
			List<byte[]> expected = oracle(bytes);
			Path plain = Files.write(dir.resolve(i + ".NASDAQ_ITCH50"), bytes);
			Path gz = dir.resolve(i + ".NASDAQ_ITCH50.gz");
			try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
				o.write(bytes);
			}
			for (Path p : new Path[] { plain, gz }) {
				for (int[] layout : new int[][] { { MappedFile.CHUNK_SHIFT, MappedFile.OVERLAP }, { 12, 64 }, { 17, 1 << 16 } }) {
					try (CaptureFile c = CaptureOpener.open(p, IndexMonitor.NONE, layout[0], layout[1])) {
						String what = p.getFileName() + " damage " + damage + " chunk 2^" + layout[0];
						assertEquals(expected.size(), c.frameCount(), what);
						assertEquals(damage != 0, !c.problems().isEmpty(), what + ": " + c.problems());
						for (int capacity : new int[] { 1, 7, 4096 }) {
							multi += walk(c, expected, new RecordRun(capacity), what + " capacity " + capacity);
						}
					}
				}
				files++;
			}
			records += expected.size();
		}
		assertTrue(files == 32 && records > 10_000, files + " files, " + records + " records");
		assertTrue(multi > 1000, multi + " runs of several records");
	}

	/** Walks the capture run after run; every record is compared with the oracle and the frame's data. @return runs of more than one record */
	private static int walk(CaptureFile c, List<byte[]> expected, RecordRun run, String what) {
		int f = 1;
		int multi = 0;
		while (f <= c.frameCount()) {
			int n = c.records(f, run);
			assertTrue(n >= 1 && n <= run.capacity() && n == run.count(), what + " frame " + f + ": " + n);
			for (int i = 0; i < n; i++) {
				int frame = f + i;
				ByteBuffer b = run.buffer();
				byte[] got = new byte[run.length(i)];
				b.get(run.offset(i), got);
				assertTrue(java.util.Arrays.equals(expected.get(frame - 1), got), what + " frame " + frame);
				assertEquals(c.frameData(frame), b.slice(run.offset(i), run.length(i)), what + " frame " + frame);
			}
			multi += n > 1 ? 1 : 0;
			f += n;
		}
		assertEquals(c.frameCount() + 1, f, what + ": the runs end at the last frame");
		return multi;
	}

	@Test
	void otherCapturesHaveNoRunsAndFramesOutsideTheIndexAreRefused() throws IOException {
		RecordRun run = new RecordRun(16);
		for (Path p : TestData.nasdaqPcaps()) {
			try (CaptureFile c = CaptureOpener.open(p, IndexMonitor.NONE)) {
				assertEquals(0, c.records(1, run), p + ": a pcap's frames are read one by one");
				assertEquals(0, run.count(), "the run is left as it was");
			}
		}
		Path day = Files.write(dir.resolve("x.NASDAQ_ITCH50"), dayFile(new Random(3), 10, 0));
		try (CaptureFile c = CaptureOpener.open(day, IndexMonitor.NONE)) {
			assertEquals(10, c.records(1, new RecordRun(100)));
			assertEquals(1, c.records(10, new RecordRun(100)), "the last frame's run is the last frame");
			assertThrows(IndexOutOfBoundsException.class, () -> c.records(0, run));
			assertThrows(IndexOutOfBoundsException.class, () -> c.records(11, run));
		}
	}
}
