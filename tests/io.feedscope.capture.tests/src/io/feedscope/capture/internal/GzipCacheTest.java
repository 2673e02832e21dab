package io.feedscope.capture.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.IndexMonitor;

/**
 * The decompressed-copy cache: a private per-user directory, reuse only of verified copies (planted and
 * half-written files are not trusted), eviction, damage, cancellation. Every test uses a cache under its
 * temporary directory, never the user's.
 */
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

	/** The cache of a test: under its temporary directory, never the user's ~/.cache. */
	private GzipCache cache() {
		return new GzipCache(dir.resolve("cache"), GzipCache.DEFAULT_MAX_BYTES);
	}

	private static CaptureFile open(Path gz, GzipCache cache) throws IOException {
		return CaptureOpener.open(gz, IndexMonitor.NONE, cache);
	}

	private static Path copyOf(Path gz, GzipCache cache) throws IOException {
		return cache.directory().resolve(GzipCache.key(gz, GzipCache.Digest.of(gz)));
	}

	private static Object inode(Path p) throws IOException {
		return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
	}

	@Test
	void standardPlaceIsTheUsersXdgCache() {
		assertEquals(Path.of("/x/cache", "feedscope", "gzip"), GzipCache.standardDirectory("/x/cache", "/home/u"));
		assertEquals(Path.of("/home/u", ".cache", "feedscope", "gzip"), GzipCache.standardDirectory(null, "/home/u"));
		assertEquals(Path.of("/home/u", ".cache", "feedscope", "gzip"), GzipCache.standardDirectory(" ", "/home/u"));
		// the build points the tests' standard cache into target/, away from the user's
		String prop = System.getProperty(GzipCache.PROPERTY);
		if (prop != null) {
			assertEquals(Path.of(prop).toAbsolutePath().normalize(), GzipCache.standard().directory());
		}
	}

	@Test
	void secondOpenReusesTheVerifiedCopyInAPrivateDirectory() throws IOException {
		Path gz = Files.write(dir.resolve("t.pcap.gz"), gzip(pcap(50)));
		Files.createDirectories(dir.resolve("cache"));
		Files.setPosixFilePermissions(dir.resolve("cache"), PosixFilePermissions.fromString("rwxrwxrwx"));
		GzipCache cache = cache();
		Path copy = copyOf(gz, cache);
		assertTrue(copy.getFileName().toString().endsWith("-t.pcap"), copy.toString());
		assertFalse(Files.exists(copy));
		Object first;
		try (CaptureFile a = open(gz, cache)) {
			assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(dir.resolve("cache")),
					"the cache directory is made private");
			assertTrue(Files.isRegularFile(copy));
			assertTrue(Files.isRegularFile(Path.of(copy + ".meta")));
			assertEquals(24 + 50 * 116, Files.size(copy));
			assertEquals(CaptureFormat.PCAP, a.format());
			assertEquals(50, a.frameCount());
			assertEquals(gz, a.path());
			assertEquals("t.pcap.gz", a.name());
			assertEquals(1, GzipCache.references(copy));
			first = inode(copy);
			try (CaptureFile b = open(gz, cache)) {
				assertEquals(2, GzipCache.references(copy), "the second open shares the copy");
				assertEquals(a.frameData(50), b.frameData(50));
			}
		}
		assertEquals(0, GzipCache.references(copy));
		assertTrue(Files.isRegularFile(copy), "kept for the next open");
		try (CaptureFile c = open(gz, cache)) {
			assertEquals(first, inode(copy), "reused, not decompressed again");
			assertEquals(50, c.frameCount());
			assertArrayEquals(pcap(50), Files.readAllBytes(copy));
		}
	}

	@Test
	void plantedFilesAreNotTrusted() throws IOException {
		byte[] plain = pcap(50);
		Path gz = Files.write(dir.resolve("p.pcap.gz"), gzip(plain));
		GzipCache cache = cache();
		Path copy = copyOf(gz, cache);
		Files.createDirectories(copy.getParent());
		// a copy without a record, under the name the source's content gives
		Files.write(copy, pcap(3));
		try (CaptureFile c = open(gz, cache)) {
			assertEquals(50, c.frameCount(), "decompressed, not the planted file");
		}
		assertArrayEquals(plain, Files.readAllBytes(copy));
		// a copy of the right size with a record that does not describe it
		byte[] other = plain.clone();
		int at = 24 + 4 * 116 + 16 + 6; // byte 6 of frame 5's data
		other[at] ^= 1;
		Files.write(copy, other);
		try (CaptureFile c = open(gz, cache)) {
			assertEquals(plain[at], c.frameData(5).get(6), "the planted byte was not read");
		}
		assertArrayEquals(plain, Files.readAllBytes(copy));
		// a record in another format
		Files.writeString(Path.of(copy + ".meta"), "format=something else\n");
		Object before = inode(copy);
		try (CaptureFile c = open(gz, cache)) {
			assertEquals(50, c.frameCount());
		}
		assertFalse(before.equals(inode(copy)), "written again");
	}

	@Test
	void interruptedWritesAreNotTrusted() throws IOException {
		byte[] plain = pcap(40);
		Path gz = Files.write(dir.resolve("i.pcap.gz"), gzip(plain));
		GzipCache cache = cache();
		Path copy = copyOf(gz, cache);
		Files.createDirectories(copy.getParent());
		// a writer died: its .part file is left, nothing under the final name
		Path part = Files.write(copy.getParent().resolve(copy.getFileName() + "12345.part"), java.util.Arrays.copyOf(plain, 1000));
		try (CaptureFile c = open(gz, cache)) {
			assertEquals(40, c.frameCount());
			assertTrue(c.problems().isEmpty(), c.problems().toString());
		}
		assertTrue(Files.exists(part), "a recent .part may be another process's: left alone");
		// the copy is cut after its record was written (a crash, a full disk): its checksum no longer matches
		Files.write(copy, java.util.Arrays.copyOf(plain, plain.length - 116));
		try (CaptureFile c = open(gz, cache)) {
			assertEquals(40, c.frameCount(), "decompressed again");
			assertTrue(c.problems().isEmpty(), c.problems().toString());
		}
		assertArrayEquals(plain, Files.readAllBytes(copy));
		// a copy whose record is missing
		Files.delete(Path.of(copy + ".meta"));
		Object before = inode(copy);
		try (CaptureFile c = open(gz, cache)) {
			assertEquals(40, c.frameCount());
		}
		assertFalse(before.equals(inode(copy)), "written again");
		// a day later, the dead writer's .part is removed
		Files.setLastModifiedTime(part, FileTime.fromMillis(System.currentTimeMillis() - 25L * 3600 * 1000));
		cache.evict(cache.directory());
		assertFalse(Files.exists(part));
	}

	@Test
	void leastRecentlyUsedCopiesAreEvictedBeyondTheCapButNotOpenOnes() throws IOException {
		long one = 24 + 30 * 116;
		GzipCache cache = new GzipCache(dir.resolve("cache"), 2 * one + one / 2); // room for two copies
		List<Path> gz = new ArrayList<>();
		List<Path> copies = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			byte[] plain = pcap(30);
			plain[30] = (byte) i; // distinct contents: distinct copies
			gz.add(Files.write(dir.resolve("e" + i + ".pcap.gz"), gzip(plain)));
			copies.add(copyOf(gz.get(i), cache));
		}
		CaptureFile held = open(gz.get(0), cache); // open throughout: never evicted
		try {
			for (int i = 1; i < 4; i++) {
				open(gz.get(i), cache).close();
				// last use order by time, not by the clock's resolution
				Files.setLastModifiedTime(copies.get(i), FileTime.fromMillis(1_000_000L * i));
			}
			Files.setLastModifiedTime(copies.get(0), FileTime.fromMillis(1));
			cache.evict(cache.directory());
			assertTrue(Files.exists(copies.get(0)), "open, so kept although the oldest");
			assertFalse(Files.exists(copies.get(1)), "least recently used");
			assertFalse(Files.exists(Path.of(copies.get(1) + ".meta")));
			assertFalse(Files.exists(copies.get(2)), "still over the cap with the open one counted");
			assertTrue(Files.exists(copies.get(3)));
		} finally {
			held.close();
		}
		assertTrue(Files.exists(copies.get(0)), "closing keeps it cached");
	}

	@Test
	void offMeansPrivateCopiesDeletedOnClose() throws IOException {
		Path gz = Files.write(dir.resolve("o.pcap.gz"), gzip(pcap(10)));
		GzipCache off = new GzipCache(null, 0, Files.createDirectories(dir.resolve("tmp")));
		Path used;
		try (CaptureFile c = open(gz, off)) {
			assertEquals(10, c.frameCount());
			used = ((AbstractCapture) c).fFile.path();
			assertTrue(Files.exists(used));
			assertEquals(dir.resolve("tmp"), used.getParent());
			assertTrue(used.getFileName().toString().startsWith(GzipCache.PRIVATE_PREFIX), "found again by a sweep: " + used);
			assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(used));
		}
		assertFalse(Files.exists(used));
	}

	/** A file written by another process as long as it lives: one descriptor kept open, so a removed file stays removed. */
	private static Process liveWriter(Path file) throws IOException {
		Process p = new ProcessBuilder("sh", "-c", "exec 3>>\"$1\"; while :; do printf x >&3; sleep 0.05; done", "sh",
				file.toString()).start();
		long until = System.nanoTime() + 10_000_000_000L;
		while (!Files.exists(file) || Files.size(file) < 2) {
			assertTrue(p.isAlive() && System.nanoTime() < until, "the writer started");
			Thread.onSpinWait();
		}
		return p;
	}

	private static Path aged(Path p, long hours) throws IOException {
		Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - hours * 3600 * 1000));
		return p;
	}

	/**
	 * What a process killed while decompressing leaves (a .part in the cache directory, a private copy in the
	 * temporary directory) goes when a cache is first used, if it is older than the age limit; a file another
	 * live process is writing, cached copies with their record, and other programs' files stay.
	 */
	@Test
	void leftoversOfCrashedRunsAreSweptAtFirstUse() throws IOException, InterruptedException {
		assertEquals(24L * 3600 * 1000, GzipCache.STALE_PART_MS, "the age limit the planted files are aged against");
		Path tmp = Files.createDirectories(dir.resolve("tmp"));
		Path cacheDir = dir.resolve("cache");
		// a sound cached copy with its record, last used two days ago: a cache entry, not a leftover
		Path kept = Files.write(dir.resolve("k.pcap.gz"), gzip(pcap(20)));
		GzipCache first = new GzipCache(cacheDir, GzipCache.DEFAULT_MAX_BYTES, tmp);
		open(kept, first).close();
		Path keptCopy = aged(copyOf(kept, first), 48);
		aged(Path.of(keptCopy + ".meta"), 48);
		// a crashed run's leftovers, two days old
		Path deadPart = aged(Files.write(cacheDir.resolve("0badc0de-999-x.pcap123.part"), new byte[100]), 48);
		Path deadMetaPart = aged(Files.write(cacheDir.resolve("0badc0de-999-x.pcap.meta456.part"), new byte[10]), 48);
		Path noRecord = aged(Files.write(cacheDir.resolve("0badc0de-998-y.pcap"), new byte[100]), 48);
		Path deadPrivate = aged(Files.write(tmp.resolve(GzipCache.PRIVATE_PREFIX + "77-z.pcap"), new byte[100]), 48);
		Path oldNamedPrivate = aged(Files.write(tmp.resolve("feedscope-1234567890-z.pcapng"), new byte[100]), 48);
		// a leftover just under the limit, and other programs' files and folders in the temporary directory
		Path young = aged(Files.write(cacheDir.resolve("0badc0de-997-w.pcap789.part"), new byte[100]), 23);
		Path folder = aged(Files.createDirectories(tmp.resolve("feedscope-wireshark-42")), 48);
		Path bench = aged(Files.write(tmp.resolve("feedscope-bench42.pcap"), new byte[100]), 48);
		Path foreign = aged(Files.write(tmp.resolve("other-1234-z.pcap"), new byte[100]), 48);
		// another process writing now, into the cache directory and into the temporary directory
		Path livePart = cacheDir.resolve("0badc0de-996-v.pcap321.part");
		Path livePrivate = tmp.resolve(GzipCache.PRIVATE_PREFIX + "78-v.pcap");
		Process a = liveWriter(livePart);
		Process b = liveWriter(livePrivate);
		try {
			// a new cache over the same folders, as the next process has: its first open sweeps (an open that
			// reuses a copy, so no eviction runs: what goes, goes by the sweep)
			GzipCache next = new GzipCache(cacheDir, GzipCache.DEFAULT_MAX_BYTES, tmp);
			try (CaptureFile c = open(kept, next)) {
				assertEquals(20, c.frameCount());
				assertEquals(keptCopy, ((AbstractCapture) c).fFile.path(), "the aged copy is used, not written again");
			}
			for (Path gone : List.of(deadPart, deadMetaPart, noRecord, deadPrivate, oldNamedPrivate)) {
				assertFalse(Files.exists(gone), "a crashed run's leftover: " + gone.getFileName());
			}
			for (Path stays : List.of(keptCopy, Path.of(keptCopy + ".meta"), young, folder, bench, foreign, livePart,
					livePrivate)) {
				assertTrue(Files.exists(stays), "not a leftover: " + stays.getFileName());
			}
			assertTrue(a.isAlive() && b.isAlive());
			long size = Files.size(livePart);
			Thread.sleep(300);
			assertTrue(Files.size(livePart) > size, "still being written");
		} finally {
			a.destroy();
			b.destroy();
			a.waitFor();
			b.waitFor();
		}
	}

	/**
	 * A sweep leaves a marker in the cache directory; the next process (a new cache over the same folders) skips its
	 * sweep while the marker is younger than an hour, and sweeps when it is older, in the future, or not a regular
	 * file. Each open reuses the copy, so no eviction runs: what goes, goes by the sweep.
	 */
	@Test
	void aSweepWithinTheHourIsNotRepeatedByTheNextProcess() throws IOException {
		assertEquals(3600L * 1000, GzipCache.SWEEP_INTERVAL_MS, "the interval the marker is aged against");
		Path tmp = Files.createDirectories(dir.resolve("tmp"));
		Path cacheDir = Files.createDirectories(dir.resolve("cache"));
		Path gz = Files.write(dir.resolve("m.pcap.gz"), gzip(pcap(20)));
		open(gz, new GzipCache(cacheDir, GzipCache.DEFAULT_MAX_BYTES, tmp)).close();
		Path marker = cacheDir.resolve(GzipCache.SWEPT);
		assertTrue(Files.isRegularFile(marker, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the sweep left its marker");
		// a crashed run's leftovers, two days old, in both folders
		Path part = cacheDir.resolve("0badc0de-999-x.pcap123.part");
		Path priv = tmp.resolve(GzipCache.PRIVATE_PREFIX + "77-z.pcap");
		plantLeftovers(part, priv);
		open(gz, new GzipCache(cacheDir, GzipCache.DEFAULT_MAX_BYTES, tmp)).close();
		assertTrue(Files.exists(part) && Files.exists(priv), "swept less than an hour ago: not swept again");
		// the last sweep was over an hour ago
		aged(marker, 2);
		open(gz, new GzipCache(cacheDir, GzipCache.DEFAULT_MAX_BYTES, tmp)).close();
		assertFalse(Files.exists(part) || Files.exists(priv), "a marker older than an hour: swept");
		long age = System.currentTimeMillis() - Files.getLastModifiedTime(marker).toMillis();
		assertTrue(age >= 0 && age < GzipCache.SWEEP_INTERVAL_MS, "the marker records the new sweep: " + age + " ms old");
		// a marker in the future (a clock set back) would otherwise stop the sweeps for as long
		plantLeftovers(part, priv);
		Files.setLastModifiedTime(marker, FileTime.fromMillis(System.currentTimeMillis() + 2 * 3600 * 1000));
		open(gz, new GzipCache(cacheDir, GzipCache.DEFAULT_MAX_BYTES, tmp)).close();
		assertFalse(Files.exists(part) || Files.exists(priv), "a future-dated marker: swept");
		// a link in the marker's place, to a file that is recent: not a marker
		plantLeftovers(part, priv);
		Files.delete(marker);
		Files.createSymbolicLink(marker, Files.write(dir.resolve("recent"), new byte[0]));
		open(gz, new GzipCache(cacheDir, GzipCache.DEFAULT_MAX_BYTES, tmp)).close();
		assertFalse(Files.exists(part) || Files.exists(priv), "a link as marker: swept");
		assertTrue(Files.isRegularFile(marker, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the link replaced by a marker");
		// another temporary directory than the marker's was not swept by it
		Path otherTmp = Files.createDirectories(dir.resolve("tmp2"));
		Path otherPriv = otherTmp.resolve(GzipCache.PRIVATE_PREFIX + "79-z.pcap");
		plantLeftovers(part, otherPriv);
		open(gz, new GzipCache(cacheDir, GzipCache.DEFAULT_MAX_BYTES, otherTmp)).close();
		assertFalse(Files.exists(otherPriv), "the marker names another temporary directory: swept");
		assertFalse(Files.exists(part));
	}

	private static void plantLeftovers(Path part, Path priv) throws IOException {
		aged(Files.write(part, new byte[100]), 48);
		aged(Files.write(priv, new byte[100]), 48);
	}

	/** A sweep creates nothing: a cache directory that does not exist is not made, nor given a marker. */
	@Test
	void aSweepOfAMissingCacheDirectoryCreatesNothing() throws IOException {
		Path tmp = Files.createDirectories(dir.resolve("tmp"));
		Path priv = aged(Files.write(tmp.resolve(GzipCache.PRIVATE_PREFIX + "77-z.pcap"), new byte[100]), 48);
		Path none = dir.resolve("none");
		new GzipCache(none, GzipCache.DEFAULT_MAX_BYTES, tmp).sweepLeftovers();
		assertFalse(Files.exists(none, java.nio.file.LinkOption.NOFOLLOW_LINKS), "not created by the sweep");
		assertFalse(Files.exists(priv), "the temporary directory is swept all the same");
		// so the next process sweeps again, which costs it only the listing of the temporary directory
		aged(Files.write(priv, new byte[100]), 48);
		new GzipCache(none, GzipCache.DEFAULT_MAX_BYTES, tmp).sweepLeftovers();
		assertFalse(Files.exists(priv));
	}

	/** Eviction keeps the marker (it has no record, but it is no copy without one), however old. */
	@Test
	void evictionKeepsTheSweepMarker() throws IOException {
		Path tmp = Files.createDirectories(dir.resolve("tmp"));
		Path cacheDir = Files.createDirectories(dir.resolve("cache"));
		GzipCache cache = new GzipCache(cacheDir, 0, tmp);
		cache.sweepLeftovers();
		Path marker = aged(cacheDir.resolve(GzipCache.SWEPT), 48);
		cache.evict(cacheDir);
		assertTrue(Files.exists(marker), "a day-old marker is not a copy without a record");
	}

	@Test
	void aSymbolicLinkAsCacheDirectoryIsNotUsed() throws IOException {
		Path elsewhere = Files.createDirectories(dir.resolve("shared"));
		Path link = Files.createSymbolicLink(dir.resolve("cache"), elsewhere);
		Path gz = Files.write(dir.resolve("l.pcap.gz"), gzip(pcap(10)));
		try (CaptureFile c = open(gz, new GzipCache(link, GzipCache.DEFAULT_MAX_BYTES))) {
			assertEquals(10, c.frameCount());
		}
		try (Stream<Path> s = Files.list(elsewhere)) {
			assertEquals(0, s.count(), "nothing written through the link");
		}
	}

	@Test
	void aChangedSourceGetsANewCopy() throws IOException {
		Path gz = Files.write(dir.resolve("c.pcap.gz"), gzip(pcap(5)));
		GzipCache cache = cache();
		Path first = copyOf(gz, cache);
		try (CaptureFile c = open(gz, cache)) {
			assertEquals(5, c.frameCount());
		}
		Files.write(gz, gzip(pcap(7)));
		assertFalse(first.equals(copyOf(gz, cache)));
		try (CaptureFile c = open(gz, cache)) {
			assertEquals(7, c.frameCount());
		}
	}

	/**
	 * A warm open of a settled source checksums nothing (its stamp says the source and the copy are the ones
	 * checksummed before); a source changed in any way since, even to another content of the same size with its
	 * modification time set back, or moved away and another file put in its place, is never served the old copy;
	 * and a source changed moments ago is checksummed on every open (its change time could hide the next change).
	 */
	@Test
	void aSettledSourceOpensWarmAndAChangedOneNeverGetsTheOldCopy() throws IOException, InterruptedException {
		byte[] plain = pcap(60);
		Path gz = Files.write(dir.resolve("w.pcap.gz"), gzip(plain));
		// the cache's clock an hour ahead: the source written just now has settled for it
		GzipCache cache = new GzipCache(dir.resolve("cache"), GzipCache.DEFAULT_MAX_BYTES, Files.createDirectories(dir.resolve("tmp")),
				() -> System.currentTimeMillis() + 3_600_000);
		int at = 24 + 16 + 3; // byte 3 of frame 1's data
		try (CaptureFile c = open(gz, cache)) {
			assertEquals(60, c.frameCount());
		}
		assertEquals(1, cache.fDigests);
		Object copyFile = inode(copyOf(gz, cache));
		for (int i = 0; i < 2; i++) {
			try (CaptureFile c = open(gz, cache)) {
				assertEquals(60, c.frameCount());
				assertEquals(plain[at], c.frameData(1).get(3));
			}
		}
		assertEquals(1, cache.fDigests, "warm opens checksum nothing");
		assertEquals(copyFile, inode(copyOf(gz, cache)), "and use the copy");
		// another content of the same size, the modification time set back
		FileTime mtime = Files.getLastModifiedTime(gz);
		byte[] other = plain.clone();
		other[at] ^= 0x55;
		byte[] otherGz = gzip(other);
		assertEquals(Files.size(gz), otherGz.length, "a change that keeps the size");
		Thread.sleep(20); // a tick of the change time's clock later, as any later change is (see GzipCache.SETTLED_MS)
		Files.write(gz, otherGz);
		Files.setLastModifiedTime(gz, mtime);
		for (int i = 0; i < 2; i++) {
			try (CaptureFile c = open(gz, cache)) {
				assertEquals(other[at], c.frameData(1).get(3), "the changed source's content, open " + i);
			}
		}
		assertEquals(2, cache.fDigests, "checksummed once after the change, warm again after");
		// moved away, the first content put back in its place under the old times: the file is another one
		Files.move(gz, dir.resolve("moved.pcap.gz"));
		Files.write(gz, gzip(plain));
		Files.setLastModifiedTime(gz, mtime);
		try (CaptureFile c = open(gz, cache)) {
			assertEquals(plain[at], c.frameData(1).get(3));
		}
		assertEquals(3, cache.fDigests);
		// the real clock: a source written moments ago has not settled, every open checksums it
		GzipCache now = new GzipCache(dir.resolve("cache2"), GzipCache.DEFAULT_MAX_BYTES, dir.resolve("tmp"));
		Path fresh = Files.write(dir.resolve("f.pcap.gz"), gzip(other));
		for (int i = 0; i < 2; i++) {
			try (CaptureFile c = open(fresh, now)) {
				assertEquals(other[at], c.frameData(1).get(3));
			}
		}
		assertEquals(2, now.fDigests, "no stamp for a source that has not settled");
	}

	@Test
	void aStampGoesWithItsEvictedCopy() throws IOException {
		long one = 24 + 30 * 116;
		// room for one copy; the cache's clock an hour ahead, so that the sources written just now have settled
		// and each open writes its source's stamp
		GzipCache cache = new GzipCache(dir.resolve("cache"), one + one / 2, Files.createDirectories(dir.resolve("tmp")),
				() -> System.currentTimeMillis() + 3_600_000);
		List<Path> gz = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			byte[] plain = pcap(30);
			plain[30] = (byte) i; // distinct contents: distinct copies
			gz.add(Files.write(dir.resolve("s" + i + ".pcap.gz"), gzip(plain)));
		}
		open(gz.get(0), cache).close();
		Path first = copyOf(gz.get(0), cache);
		assertEquals(1, stamps(cache).size(), "the first source stamped");
		open(gz.get(1), cache).close(); // its copy evicts the first one's
		assertFalse(Files.exists(first), "the first copy evicted");
		assertEquals(1, stamps(cache).size(), "the evicted copy's stamp went with it, the second source's is there");
		long digests = cache.fDigests;
		open(gz.get(1), cache).close();
		assertEquals(digests, cache.fDigests, "the stamp kept is the second source's: its next open checksums nothing");
	}

	private static List<Path> stamps(GzipCache cache) throws IOException {
		try (Stream<Path> s = Files.list(cache.directory())) {
			return s.filter(p -> p.getFileName().toString().startsWith("source-")).toList();
		}
	}

	@Test
	void cutGzipOpensWhatWasDecompressedAndLeavesNoCache() throws IOException {
		byte[] whole = gzip(pcap(200));
		Path gz = Files.write(dir.resolve("cut.pcap.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
		GzipCache cache = cache();
		Path copy = copyOf(gz, cache);
		Path used;
		try (CaptureFile c = open(gz, cache)) {
			assertTrue(c.frameCount() > 10 && c.frameCount() < 200, "frames: " + c.frameCount());
			assertFalse(c.problems().isEmpty());
			assertTrue(c.problems().get(0).message().contains("gzip"), c.problems().toString());
			assertEquals(gz, c.problems().get(0).file());
			assertFalse(Files.exists(copy), "a damaged copy is not cached");
			used = ((AbstractCapture) c).fFile.path();
			assertTrue(Files.exists(used));
		}
		assertFalse(Files.exists(used), "private copy deleted on close");
	}

	@Test
	void cancelDuringDecompressionLeavesNothing() throws IOException {
		byte[] big = pcap(120_000); // about 14 MB plain, several progress reports
		Path gz = Files.write(dir.resolve("big.pcap.gz"), gzip(big));
		Path cache = copyOf(gz, cache());
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
		GzipCache c = cache();
		InterruptedIOException e = assertThrows(InterruptedIOException.class,
				() -> CaptureOpener.open(gz, cancelSoon, c));
		assertTrue(e.getMessage().contains("big.pcap.gz"), e.getMessage());
		assertFalse(Files.exists(cache));
		try (Stream<Path> s = Files.list(c.directory())) {
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
		try (CaptureFile c = CaptureOpener.open(gz, m, cache())) {
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
