package io.feedscope.capture.internal;

import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.IndexMonitor;

/**
 * Decompresses gzip captures into cache files, streaming, so that they can be memory mapped like
 * plain ones and never pass through the heap.
 * <p>
 * The cache file lives in {@code java.io.tmpdir/feedscope-cache} under a name made from the source's
 * absolute path, size and modification time: opening the same unchanged file again (while it is still
 * open, e.g. in another view) reuses the decompressed copy, and a changed file gets a new one. Each
 * open takes a reference; the file is deleted when the last capture using it closes. A complete copy
 * only ever appears under its final name by an atomic rename, so a copy found on disk (left by a
 * process that died) is whole and is reused too.
 * <p>
 * A damaged or cut gzip stream keeps what was decompressed: the capture opens up to the damage, in a
 * private file (not cached, since it is not a faithful copy) with the damage as a problem.
 */
final class GzipCache {
	private static final Object LOCK = new Object();
	/** open captures per cache file */
	private static final Map<Path, Integer> REFERENCES = new HashMap<>();

	/**
	 * A decompressed copy in use.
	 *
	 * @param file the decompressed file
	 * @param damage what went wrong decompressing, or null if the stream was sound
	 * @param damageOffset bytes decompressed before the damage
	 */
	record Entry(Path file, @Nullable String damage, long damageOffset) implements Closeable {
		@Override
		public void close() {
			release(file);
		}
	}

	private GzipCache() {
	}

	static boolean isGzip(byte b0, byte b1) {
		return (b0 & 0xff) == 0x1f && (b1 & 0xff) == 0x8b;
	}

	static Path cacheDirectory() {
		return Path.of(System.getProperty("java.io.tmpdir"), "feedscope-cache");
	}

	/** @return the cache file name for a source: its name without .gz, and a digest of path, size, mtime */
	static Path cacheFile(Path source) throws IOException {
		Path abs = source.toAbsolutePath().normalize();
		String key = abs + "\n" + Files.size(abs) + "\n" + Files.getLastModifiedTime(abs).toMillis();
		String digest;
		try {
			byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			digest = HexFormat.of().formatHex(d, 0, 8);
		} catch (NoSuchAlgorithmException e) {
			throw new IOException("no SHA-256 in this JVM", e); // every JVM has it
		}
		return cacheDirectory().resolve(digest + "-" + stripGz(abs.getFileName().toString()));
	}

	/** @return the name without a .gz / .gzip suffix */
	static String stripGz(String name) {
		String lower = name.toLowerCase(java.util.Locale.ROOT);
		if (lower.endsWith(".gz")) {
			return name.substring(0, name.length() - 3);
		}
		if (lower.endsWith(".gzip")) {
			return name.substring(0, name.length() - 5);
		}
		return name;
	}

	/**
	 * Gets the decompressed copy of source, decompressing it if no copy is there.
	 *
	 * @param monitor progress over the compressed bytes read, and cancellation
	 * @throws InterruptedIOException if canceled (nothing is left behind)
	 */
	static Entry acquire(Path source, IndexMonitor monitor) throws IOException {
		Path cache = cacheFile(source);
		synchronized (LOCK) {
			if (Files.isRegularFile(cache)) {
				REFERENCES.merge(cache, 1, Integer::sum);
				return new Entry(cache, null, 0);
			}
		}
		Files.createDirectories(cache.getParent());
		// decompress outside the lock: another capture may open meanwhile
		Path part = Files.createTempFile(cache.getParent(), cache.getFileName().toString(), ".part");
		boolean keep = false;
		try {
			String damage = null;
			long written = 0;
			long total = Files.size(source);
			try (CountingInput counted = new CountingInput(Files.newInputStream(source));
					InputStream in = new GZIPInputStream(counted, 1 << 16);
					OutputStream out = Files.newOutputStream(part)) {
				byte[] buf = new byte[1 << 16];
				long nextReport = 0;
				int n;
				while (true) {
					try {
						n = in.read(buf);
					} catch (EOFException e) {
						damage = "gzip stream cut after " + counted.count() + " of " + total + " compressed bytes";
						break;
					} catch (IOException e) {
						if (e instanceof InterruptedIOException) {
							throw e;
						}
						damage = "gzip stream damaged near compressed byte " + counted.count() + " (" + e.getMessage() + ")";
						break;
					}
					if (n < 0) {
						break;
					}
					out.write(buf, 0, n);
					written += n;
					if (counted.count() >= nextReport) {
						Progress.checkCanceled(monitor, source);
						monitor.worked(counted.count(), total);
						nextReport = counted.count() + (4 << 20);
					}
				}
			}
			monitor.worked(total, total);
			if (damage != null) {
				// not a faithful copy: private to this capture, deleted when it closes
				synchronized (LOCK) {
					REFERENCES.merge(part, 1, Integer::sum);
				}
				keep = true;
				return new Entry(part, damage, written);
			}
			synchronized (LOCK) {
				if (!Files.isRegularFile(cache)) {
					try {
						Files.move(part, cache, StandardCopyOption.ATOMIC_MOVE);
					} catch (AtomicMoveNotSupportedException e) {
						Files.move(part, cache);
					}
				} // else another open finished first: use its copy, ours is deleted below
				REFERENCES.merge(cache, 1, Integer::sum);
				return new Entry(cache, null, 0);
			}
		} finally {
			if (!keep) {
				Files.deleteIfExists(part);
			}
		}
	}

	/** Drops a reference; deletes the file when it was the last. */
	static void release(Path file) {
		synchronized (LOCK) {
			Integer n = REFERENCES.get(file);
			if (n == null) {
				return; // released twice: nothing to do
			}
			if (n > 1) {
				REFERENCES.put(file, n - 1);
				return;
			}
			REFERENCES.remove(file);
			try {
				Files.deleteIfExists(file);
			} catch (IOException e) {
				// still mapped where the system forbids deleting mapped files (Windows): try again at exit
				file.toFile().deleteOnExit();
			}
		}
	}

	/** for tests: how many open captures use a cache file */
	static int references(Path file) {
		synchronized (LOCK) {
			return REFERENCES.getOrDefault(file, 0);
		}
	}

	/** Counts the compressed bytes consumed, for progress and for locating damage. */
	private static final class CountingInput extends FilterInputStream {
		private long fCount;

		CountingInput(InputStream in) {
			super(in);
		}

		long count() {
			return fCount;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				fCount++;
			}
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int n = super.read(b, off, len);
			if (n > 0) {
				fCount += n;
			}
			return n;
		}

		@Override
		public long skip(long n) throws IOException {
			long s = super.skip(n);
			fCount += s;
			return s;
		}
	}
}
