package io.feedscope.capture.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.capture.IndexMonitor;

/** The decompressed-copy cache: location, reuse while open, deletion, damage, cancellation. */
class GzipCacheTest {

	@TempDir
	Path dir;

	/** A little-endian microsecond pcap of n frames of 100 random bytes. */
	static byte[] pcap(int n) {
		ByteBuffer b = ByteBuffer.allocate(24 + n * 116).order(ByteOrder.LITTLE_ENDIAN);
		b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
		Random r = new Random(n);
		for (int i = 0; i < n; i++) {
			byte[] d = new byte[100];
			r.nextBytes(d);
			b.putInt(1000 + i).putInt(i).putInt(100).putInt(100).put(d); // sec, usec, caplen, origlen
		}
		return b.array();
	}

	static byte[] gzip(byte[] plain) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream z = new GZIPOutputStream(out)) {
			z.write(plain);
		}
		return out.toByteArray();
	}

	@Test
	void cacheFileIsSharedWhileOpenAndDeletedAfterTheLastClose() throws IOException {
		Path gz = Files.write(dir.resolve("t.pcap.gz"), gzip(pcap(50)));
		Path cache = GzipCache.cacheFile(gz);
		assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "feedscope-cache"), cache.getParent());
		assertTrue(cache.getFileName().toString().endsWith("-t.pcap"), cache.toString());
		assertFalse(Files.exists(cache));
		CaptureFile a = Captures.open(gz);
		assertTrue(Files.isRegularFile(cache));
		assertEquals(24 + 50 * 116, Files.size(cache));
		assertEquals(CaptureFormat.PCAP, a.format());
		assertEquals(50, a.frameCount());
		assertEquals(gz, a.path());
		assertEquals("t.pcap.gz", a.name());
		long modified = Files.getLastModifiedTime(cache).toMillis();
		try (CaptureFile b = Captures.open(gz)) {
			assertEquals(2, GzipCache.references(cache), "the second open reuses the copy");
			assertEquals(modified, Files.getLastModifiedTime(cache).toMillis());
			assertEquals(a.frameData(50), b.frameData(50));
		}
		assertTrue(Files.isRegularFile(cache), "still used by the first capture");
		CaptureFile c = Captures.open(gz);
		c.close();
		c.close(); // twice: gives its reference back once only
		assertTrue(Files.isRegularFile(cache), "still used by the first capture");
		a.close();
		assertFalse(Files.exists(cache), "deleted with the last capture");
		assertEquals(0, GzipCache.references(cache));
	}

	@Test
	void aChangedSourceGetsANewCopy() throws IOException {
		Path gz = Files.write(dir.resolve("c.pcap.gz"), gzip(pcap(5)));
		Path first = GzipCache.cacheFile(gz);
		Files.write(gz, gzip(pcap(7)));
		Files.setLastModifiedTime(gz, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
		assertFalse(first.equals(GzipCache.cacheFile(gz)));
		try (CaptureFile c = Captures.open(gz)) {
			assertEquals(7, c.frameCount());
		}
	}

	@Test
	void cutGzipOpensWhatWasDecompressedAndLeavesNoCache() throws IOException {
		byte[] whole = gzip(pcap(200));
		Path gz = Files.write(dir.resolve("cut.pcap.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
		Path cache = GzipCache.cacheFile(gz);
		Path used;
		try (CaptureFile c = Captures.open(gz)) {
			assertTrue(c.frameCount() > 10 && c.frameCount() < 200, "frames: " + c.frameCount());
			assertFalse(c.problems().isEmpty());
			assertTrue(c.problems().get(0).message().contains("gzip"), c.problems().toString());
			assertEquals(gz, c.problems().get(0).file());
			assertFalse(Files.exists(cache), "a damaged copy is not cached");
			used = ((AbstractCapture) c).fFile.path();
			assertTrue(Files.exists(used));
		}
		assertFalse(Files.exists(used), "private copy deleted on close");
	}

	@Test
	void cancelDuringDecompressionLeavesNothing() throws IOException {
		byte[] big = pcap(120_000); // about 14 MB plain, several progress reports
		Path gz = Files.write(dir.resolve("big.pcap.gz"), gzip(big));
		Path cache = GzipCache.cacheFile(gz);
		List<Long> seen = new ArrayList<>();
		IndexMonitor cancelSoon = new IndexMonitor() {
			@Override
			public boolean isCanceled() {
				return seen.size() >= 1;
			}

			@Override
			public void worked(long bytesRead, long totalBytes) {
				seen.add(bytesRead);
			}
		};
		InterruptedIOException e = assertThrows(InterruptedIOException.class, () -> Captures.open(gz, cancelSoon));
		assertTrue(e.getMessage().contains("big.pcap.gz"), e.getMessage());
		assertFalse(Files.exists(cache));
		try (Stream<Path> s = Files.list(cache.getParent())) {
			assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("big.pcap")), "no part file left");
		}
	}

	@Test
	void progressIsMonotonicAcrossBothPhasesAndEndsAtTheTotal() throws IOException {
		Path gz = Files.write(dir.resolve("p.pcap.gz"), gzip(pcap(200_000)));
		List<long[]> seen = new ArrayList<>();
		IndexMonitor m = new IndexMonitor() {
			@Override
			public boolean isCanceled() {
				return false;
			}

			@Override
			public void worked(long bytesRead, long totalBytes) {
				seen.add(new long[] { bytesRead, totalBytes });
			}
		};
		try (CaptureFile c = Captures.open(gz, m)) {
			assertEquals(200_000, c.frameCount());
		}
		assertTrue(seen.size() >= 4, "reports: " + seen.size());
		long total = seen.get(0)[1];
		long last = -1;
		for (long[] s : seen) {
			assertEquals(total, s[1]);
			assertTrue(s[0] >= last, "progress went back: " + s[0] + " after " + last);
			last = s[0];
		}
		assertEquals(total, last);
	}
}
