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
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.IndexMonitor;

/**
 * Decompresses gzip captures into files, streaming, so that they can be memory mapped like plain ones and
 * never pass through the heap; keeps the copies in a per-user cache so that opening the same file again
 * does not decompress it again.
 * <p>
 * <b>Where.</b> The system property {@code feedscope.gzipCache} (a directory, or {@code off}: every open
 * decompresses into a private temporary file, deleted when the capture closes), else
 * {@code $XDG_CACHE_HOME/feedscope/gzip}, else {@code ~/.cache/feedscope/gzip}. The directory is made
 * private (mode 0700) and used only if it belongs to the user running FeedScope; otherwise the copy is
 * private to the capture, as with {@code off}. (It used to be a shared, predictable
 * {@code /tmp/feedscope-cache} whose files were trusted as found: another local user could plant a capture.)
 * <p>
 * <b>What is trusted.</b> Nothing by its name alone. Beside each copy {@code K} a record {@code K.meta} holds
 * the size and CRC-32C of the gzip source and of the copy; a copy is used only if the source read now has
 * that size and checksum and the copy has its own. CRC-32C (hardware-accelerated, several GB/s) catches
 * cut, half-written, stale and changed files; it is no defence against someone who can write into the
 * private directory, and needs none. Copies and records are written to temporary files and renamed into
 * place, so an interrupted write leaves a {@code .part} file that is never read or a copy without its
 * record, which is not trusted.
 * <p>
 * <b>Leftovers of crashed runs.</b> A process killed while decompressing leaves its {@code .part} file (in the
 * cache directory) or its private copy ({@code feedscope-gunzip-*} in the temporary directory). The first use
 * of a cache in a process removes such files of this user that are older than a day and not open in this
 * process ({@link #sweepLeftovers()}); eviction does the same in the cache directory. A day, because a file
 * another live process is writing has just been modified (every write moves its modification time), and its
 * private copies are written once and only read after that: on POSIX, removing a file that another process
 * has open leaves that process its copy until it closes it. Copies with a record are never removed by age.
 * <p>
 * Listing both directories costs 15-100 ms when they are not in the file system's cache, and since only
 * day-old files go, sweeping more than about once an hour removes nothing more: a sweep writes a marker
 * {@value #SWEPT} in the cache directory (its modification time is the sweep's; it names the temporary
 * directory swept), and a process skips the sweep while the marker is younger than {@link #SWEEP_INTERVAL_MS},
 * not in the future, a regular file of this user in this format, and names the same temporary directory.
 * Anything else about it (missing, unreadable, a link, another user's, another temporary directory) means
 * sweep. Without a usable cache directory ({@code off}, another user's) there is no marker and each process
 * sweeps the temporary directory; nor is one written where the cache directory does not exist yet (a sweep
 * creates nothing; the cache's first process creates the directory when it adds a copy, and the next one's
 * sweep writes the marker). Eviction keeps its own cleanup of the cache directory, marker or not.
 * <p>
 * <b>Eviction.</b> After adding a copy, the least recently used copies (last use = modification time, set
 * on each use) are deleted while the copies total more than {@code feedscope.gzipCache.maxBytes} (8 GiB by
 * default); copies in use by an open capture of this process are kept.
 * <p>
 * A damaged or cut gzip stream keeps what was decompressed: the capture opens up to the damage, from a
 * private file (not cached, since it is not a faithful copy), with the damage as a problem.
 */
final class GzipCache {
	static final String PROPERTY = "feedscope.gzipCache";
	static final String MAX_PROPERTY = "feedscope.gzipCache.maxBytes";
	static final long DEFAULT_MAX_BYTES = 8L << 30;
	private static final String META = ".meta";
	private static final String PART = ".part";
	private static final String META_HEADER = "feedscope gzip cache 1";
	/** a .part file or private copy this old is a leftover of a process that died while writing */
	static final long STALE_PART_MS = 24L * 3600 * 1000;
	/** the name of private copies in the temporary directory starts so, which is how a sweep finds them */
	static final String PRIVATE_PREFIX = "feedscope-gunzip-";
	/** how private copies were named before ({@code createTempFile("feedscope-", "-NAME")}): swept as well */
	private static final Pattern OLD_PRIVATE = Pattern.compile("feedscope-[0-9]+-.+");
	/**
	 * the sweep marker in the cache directory: a leading dot, so that no copy's key (hex digits first) and no
	 * stamp's key can be it
	 */
	static final String SWEPT = ".swept";
	private static final String SWEPT_FORMAT = "feedscope gzip cache sweep 1";
	/** a sweep this recent leaves nothing for another: leftovers go only at a day old */
	static final long SWEEP_INTERVAL_MS = 3600L * 1000;

	private static final Object LOCK = new Object();
	/** open captures per copy (cached or private), in this process */
	private static final Map<Path, Integer> REFERENCES = new HashMap<>();

	private static volatile @Nullable GzipCache sStandard;

	/** the cache directory, null for private copies only */
	private final @Nullable Path fDir;
	private final long fMaxBytes;
	/** where private copies are written */
	private final Path fTemp;
	/** whether this cache swept the leftovers of crashed runs yet; under LOCK */
	private boolean fSwept;
	/** null until checked; then whether fDir is private to this user */
	private @Nullable Boolean fUsable;

	/**
	 * A decompressed copy in use.
	 *
	 * @param file the decompressed file
	 * @param damage what went wrong decompressing, or null if the stream was sound
	 * @param damageOffset bytes decompressed before the damage
	 * @param cached true if the copy stays in the cache after close, false if it is deleted then
	 */
	record Entry(Path file, @Nullable String damage, long damageOffset, boolean cached) implements Closeable {
		@Override
		public void close() {
			release(file, !cached);
		}
	}

	/**
	 * @param dir the cache directory, or null to decompress into private files only
	 * @param maxBytes how many bytes of copies to keep
	 */
	GzipCache(@Nullable Path dir, long maxBytes) {
		this(dir, maxBytes, Path.of(System.getProperty("java.io.tmpdir", ".")));
	}

	/** @param temp where private copies go (the system's temporary directory but in tests) */
	GzipCache(@Nullable Path dir, long maxBytes, Path temp) {
		this(dir, maxBytes, temp, System::currentTimeMillis);
	}

	GzipCache(@Nullable Path dir, long maxBytes, Path temp, java.util.function.LongSupplier clock) {
		fDir = dir == null ? null : dir.toAbsolutePath().normalize();
		fMaxBytes = maxBytes;
		fTemp = temp;
		fClock = clock;
	}

	/** @return the cache the opener uses: the system properties, else the user's XDG cache */
	static GzipCache standard() {
		String prop = System.getProperty(PROPERTY);
		long max = Long.getLong(MAX_PROPERTY, DEFAULT_MAX_BYTES);
		GzipCache c = sStandard;
		Path dir = "off".equals(prop) ? null
				: prop != null && !prop.isBlank() ? Path.of(prop)
						: standardDirectory(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home", "."));
		if (c == null || !java.util.Objects.equals(c.fDir, dir == null ? null : dir.toAbsolutePath().normalize())
				|| c.fMaxBytes != max) {
			sStandard = c = new GzipCache(dir, max);
		}
		return c;
	}

	/** @return $XDG_CACHE_HOME/feedscope/gzip, or HOME/.cache/feedscope/gzip when it is not set */
	static Path standardDirectory(@Nullable String xdgCacheHome, String home) {
		Path base = xdgCacheHome != null && !xdgCacheHome.isBlank() ? Path.of(xdgCacheHome) : Path.of(home, ".cache");
		return base.resolve("feedscope").resolve("gzip");
	}

	@Nullable
	Path directory() {
		return fDir;
	}

	static boolean isGzip(byte b0, byte b1) {
		return (b0 & 0xff) == 0x1f && (b1 & 0xff) == 0x8b;
	}

	/** @return the name without a .gz / .gzip suffix */
	static String stripGz(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		if (lower.endsWith(".gz")) {
			return name.substring(0, name.length() - 3);
		}
		if (lower.endsWith(".gzip")) {
			return name.substring(0, name.length() - 5);
		}
		return name;
	}

	/** Size and CRC-32C of a file's content. */
	record Digest(long size, long crc) {
		static Digest of(Path file) throws IOException {
			CRC32C crc = new CRC32C();
			long size = 0;
			try (InputStream in = Files.newInputStream(file)) {
				byte[] buf = new byte[1 << 16];
				int n;
				while ((n = in.read(buf)) > 0) {
					crc.update(buf, 0, n);
					size += n;
				}
			}
			return new Digest(size, crc.getValue());
		}
	}

	/** @return the name of the copy for a source with this content: a digest of it, then the name without .gz */
	static String key(Path source, Digest digest) {
		String name = stripGz(source.getFileName().toString()).replaceAll("[^A-Za-z0-9._-]", "_");
		return String.format("%08x-%d-%s", digest.crc(), digest.size(), name);
	}

	/**
	 * Gets a decompressed copy of source: a verified one from the cache, else a new one.
	 *
	 * @param monitor progress over the compressed bytes read, and cancellation
	 * @throws InterruptedIOException if canceled (nothing is left behind)
	 */
	Entry acquire(Path source, IndexMonitor monitor) throws IOException {
		sweepLeftovers();
		Path dir = usableDirectory();
		if (dir == null) {
			return decompress(source, monitor, null, null);
		}
		// a warm open: the source as the file system describes it is the one a stamp describes, and so is the copy
		long now = fClock.getAsLong(); // before the source is looked at (see SourceState)
		SourceState state = SourceState.of(source);
		if (state != null) {
			Path stamped = stamped(dir, state);
			if (stamped != null) {
				synchronized (LOCK) {
					if (Files.isRegularFile(stamped, LinkOption.NOFOLLOW_LINKS)) {
						return reuse(stamped, monitor);
					}
				}
			}
		}
		Digest digest = Digest.of(source);
		fDigests++;
		String key = key(source, digest);
		Path copy = dir.resolve(key);
		Path meta = dir.resolve(key + META);
		Entry e = null;
		synchronized (LOCK) {
			// a copy open in this process was verified when it was first opened
			if (REFERENCES.containsKey(copy)) {
				e = reuse(copy, monitor);
			}
		}
		// checksumming a large copy takes seconds: not under the lock that closing captures need too
		if (e == null && verified(copy, meta, digest)) {
			synchronized (LOCK) {
				// still there (an eviction runs under the lock); a copy written meanwhile for the same
				// source digest holds the same bytes
				if (Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) {
					e = reuse(copy, monitor);
				}
			}
		}
		if (e == null) {
			e = decompress(source, monitor, dir, new Target(copy, meta, digest));
		}
		if (e.cached()) {
			stamp(dir, source, state, now, digest, copy); // (reads and writes a little: not under the lock either)
		}
		return e;
	}

	// ================================================================== warm opens

	/**
	 * How long before a look at a source its inode's change time must lie for a stamp to be written: a file
	 * system keeps times in ticks of its clock (a few milliseconds on Linux, seconds on some), so a file changed
	 * again within the tick of its last change could keep its change time. A stamp is only written for a source
	 * whose last change is older than this when it was first looked at, so that any later change, even one of the
	 * same size that restores the modification time, gives a later change time (the racy-clean rule of git's
	 * index). A source written moments ago is checksummed on each open until it settles.
	 */
	static final long SETTLED_MS = 5000;

	private static final String STAMP_FORMAT = "feedscope gzip source stamp 1";
	/** how a stamp's file name starts (then the CRC-32C of the source's real path, then {@link #META}) */
	private static final String STAMP_PREFIX = "source-";
	/** bytes at each end of a file that its fingerprint reads (a gzip file's end holds its data's CRC and size) */
	private static final int FINGERPRINT_BYTES = 4096;

	/** the wall clock, in milliseconds: tests move it to make a source just written count as settled */
	final java.util.function.LongSupplier fClock;
	/** sources checksummed whole (tests: a warm open checksums none) */
	long fDigests;

	/**
	 * What the file system says of a source: its real path, size, modification and change times (the change time
	 * is set by the kernel on any write or attribute change and cannot be set back by a user's tools), device and
	 * inode, and a fingerprint of its first and last bytes. Null where the file system gives no change time (not
	 * POSIX): such sources are checksummed on every open.
	 */
	record SourceState(String path, long size, long mtimeNs, long ctimeNs, String fileKey, long fingerprint) {
		static @Nullable SourceState of(Path file) {
			try {
				Path real = file.toRealPath();
				Map<String, Object> a = Files.readAttributes(real, "unix:size,lastModifiedTime,ctime,dev,ino");
				Object size = a.get("size");
				Object mtime = a.get("lastModifiedTime");
				Object ctime = a.get("ctime");
				if (!(size instanceof Long sz) || !(mtime instanceof FileTime mt) || !(ctime instanceof FileTime ct)) {
					return null;
				}
				return new SourceState(real.toString(), sz, mt.to(java.util.concurrent.TimeUnit.NANOSECONDS),
						ct.to(java.util.concurrent.TimeUnit.NANOSECONDS), a.get("dev") + ":" + a.get("ino"), GzipCache.fingerprint(real, sz));
			} catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
				return null;
			}
		}
	}

	/** @return a CRC-32C of a file's first and last {@value #FINGERPRINT_BYTES} bytes and its size */
	static long fingerprint(Path file, long size) throws IOException {
		CRC32C crc = new CRC32C();
		try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
			java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(FINGERPRINT_BYTES);
			readFully(ch, b, 0);
			crc.update(b.flip());
			if (size > FINGERPRINT_BYTES) {
				b.clear();
				readFully(ch, b, Math.max(FINGERPRINT_BYTES, size - FINGERPRINT_BYTES));
				crc.update(b.flip());
			}
		}
		return crc.getValue() ^ size * 0x9E3779B97F4A7C15L;
	}

	private static void readFully(java.nio.channels.FileChannel ch, java.nio.ByteBuffer b, long at) throws IOException {
		long pos = at;
		while (b.hasRemaining()) {
			int n = ch.read(b, pos);
			if (n < 0) {
				break;
			}
			pos += n;
		}
	}

	/** @return the stamp file of a source, by its real path (a name collision only costs a checksum) */
	private static Path stampFile(Path dir, String realPath) {
		CRC32C crc = new CRC32C();
		crc.update(realPath.getBytes(StandardCharsets.UTF_8));
		return dir.resolve(String.format("%s%08x%s", STAMP_PREFIX, crc.getValue(), META));
	}

	/** @return a stamp's properties, or null when there is none, or it is too large to be one or not of this format */
	private static @Nullable Properties readStamp(Path stamp) throws IOException {
		return readOwn(stamp, 8192, STAMP_FORMAT);
	}

	/**
	 * @return the properties of one of the cache's small files (a copy's record, a source's stamp), or null when it is
	 *         not a regular file, larger than such a file can be, or not of the given format
	 */
	private static @Nullable Properties readOwn(Path file, long maxBytes, String format) throws IOException {
		if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > maxBytes) {
			return null;
		}
		Properties p = new Properties();
		try (InputStream in = Files.newInputStream(file)) {
			p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return format.equals(p.getProperty("format")) ? p : null;
	}

	/** @return the name of the copy a stamp names (a file of the cache directory), or null */
	private static @Nullable String stampedKey(@Nullable Properties stamp) {
		String key = stamp == null ? "" : stamp.getProperty("key", "");
		return key.isEmpty() || key.contains("/") || key.contains(java.io.File.separator) || key.startsWith(".") ? null : key;
	}

	/**
	 * @return the copy a stamp names for a source in this state, or null: when there is no stamp, it describes
	 *         another state of the source (any of path, size, times, inode, fingerprint differs), or its copy is not
	 *         the file it stamped (inode, size, fingerprint) with the record it was written with
	 */
	private static @Nullable Path stamped(Path dir, SourceState state) {
		try {
			Properties p = readStamp(stampFile(dir, state.path()));
			if (p == null || !state.path().equals(p.getProperty("source.path"))
					|| !String.valueOf(state.size()).equals(p.getProperty("source.size"))
					|| !String.valueOf(state.mtimeNs()).equals(p.getProperty("source.mtime"))
					|| !String.valueOf(state.ctimeNs()).equals(p.getProperty("source.ctime"))
					|| !state.fileKey().equals(p.getProperty("source.file"))
					|| !String.valueOf(state.fingerprint()).equals(p.getProperty("source.fingerprint"))) {
				return null;
			}
			String key = stampedKey(p);
			if (key == null) {
				return null;
			}
			Path copy = dir.resolve(key);
			if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) {
				return null;
			}
			Properties m = readOwn(dir.resolve(key + META), 4096, META_HEADER);
			if (m == null) {
				return null;
			}
			long copySize = Files.size(copy);
			if (!String.valueOf(state.size()).equals(m.getProperty("source.size"))
					|| !p.getProperty("source.crc32c", "").equals(m.getProperty("source.crc32c"))
					|| !String.valueOf(copySize).equals(m.getProperty("copy.size"))
					|| !String.valueOf(copySize).equals(p.getProperty("copy.size"))
					|| !String.valueOf(Files.readAttributes(copy, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey())
							.equals(p.getProperty("copy.file"))
					|| !String.valueOf(fingerprint(copy, copySize)).equals(p.getProperty("copy.fingerprint"))) {
				return null;
			}
			return copy;
		} catch (IOException | IllegalArgumentException | SecurityException e) {
			return null; // unreadable or malformed: the source is checksummed
		}
	}

	/**
	 * Writes the stamp that lets the next open of this source skip the checksums, if it is safe: the source had
	 * settled ({@link #SETTLED_MS}) when it was first looked at and is still in that state now, after its content was
	 * checksummed (and decompressed): so the checksum, and the copy, are of the content the state describes.
	 */
	private static void stamp(Path dir, Path source, @Nullable SourceState before, long lookedAt, Digest digest, Path copy) {
		if (before == null || lookedAt - before.ctimeNs() / 1_000_000 < SETTLED_MS || lookedAt - before.mtimeNs() / 1_000_000 < 0) {
			return;
		}
		try {
			if (!before.equals(SourceState.of(source)) || !Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) {
				return;
			}
			long copySize = Files.size(copy);
			Properties p = new Properties();
			p.setProperty("format", STAMP_FORMAT);
			p.setProperty("source.path", before.path());
			p.setProperty("source.size", String.valueOf(before.size()));
			p.setProperty("source.mtime", String.valueOf(before.mtimeNs()));
			p.setProperty("source.ctime", String.valueOf(before.ctimeNs()));
			p.setProperty("source.file", before.fileKey());
			p.setProperty("source.fingerprint", String.valueOf(before.fingerprint()));
			p.setProperty("source.crc32c", String.valueOf(digest.crc()));
			p.setProperty("key", copy.getFileName().toString());
			p.setProperty("copy.size", String.valueOf(copySize));
			p.setProperty("copy.file",
					String.valueOf(Files.readAttributes(copy, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey()));
			p.setProperty("copy.fingerprint", String.valueOf(fingerprint(copy, copySize)));
			Path file = stampFile(dir, before.path());
			storeInPlace(p, dir, file, null);
		} catch (IOException | RuntimeException e) {
			// no stamp: the next open checksums
		}
	}

	/**
	 * Writes properties to {@code target} through a temporary {@code .part} file of {@code dir} renamed into place,
	 * like the cache's other files: a reader never sees half a file, and a crash leaves a {@code .part}, swept a day
	 * later; whatever was at the target's name is replaced.
	 *
	 * @param modified the file's modification time, or null for the write's
	 */
	private static void storeInPlace(Properties p, Path dir, Path target, @Nullable FileTime modified) throws IOException {
		Path part = Files.createTempFile(dir, target.getFileName().toString(), PART);
		try {
			try (OutputStream out = Files.newOutputStream(part)) {
				p.store(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), null);
			}
			if (modified != null) {
				Files.setLastModifiedTime(part, modified);
			}
			move(part, target);
			part = null;
		} finally {
			if (part != null) {
				try {
					Files.deleteIfExists(part);
				} catch (IOException e) {
					// swept later
				}
			}
		}
	}


	/** Takes a reference on a verified copy; under LOCK. */
	private static Entry reuse(Path copy, IndexMonitor monitor) {
		REFERENCES.merge(copy, 1, Integer::sum);
		touch(copy);
		monitor.worked(1, 1);
		return new Entry(copy, null, 0, true);
	}

	/** Where a sound copy goes: the copy, its record and the source's digest. */
	private record Target(Path copy, Path meta, Digest source) {
	}

	/**
	 * @return true if copy and record exist, the record is FeedScope's and matches the source's digest, and
	 *         the copy has the recorded size and checksum
	 */
	private static boolean verified(Path copy, Path meta, Digest source) {
		try {
			if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) {
				return false;
			}
			Properties p = readOwn(meta, 4096, META_HEADER);
			if (p == null || !String.valueOf(source.size()).equals(p.getProperty("source.size"))
					|| !String.valueOf(source.crc()).equals(p.getProperty("source.crc32c"))) {
				return false;
			}
			String size = String.valueOf(Files.size(copy));
			if (!size.equals(p.getProperty("copy.size"))) {
				return false;
			}
			Digest d = Digest.of(copy);
			return String.valueOf(d.crc()).equals(p.getProperty("copy.crc32c"));
		} catch (IOException | IllegalArgumentException e) {
			return false; // unreadable or malformed: not trusted, decompressed again
		}
	}

	/**
	 * @return the cache directory made private (0700) if it is this user's, else null (copies are then
	 *         private temporary files)
	 */
	private @Nullable Path usableDirectory() {
		Path dir = fDir;
		if (dir == null) {
			return null;
		}
		synchronized (LOCK) {
			Boolean usable = fUsable;
			if (usable == null || !Files.isDirectory(dir)) {
				fUsable = usable = makePrivate(dir);
			}
			return usable ? dir : null;
		}
	}

	private static boolean makePrivate(Path dir) {
		try {
			Files.createDirectories(dir);
			if (Files.isSymbolicLink(dir)) {
				return false; // could point anywhere, e.g. into a shared directory
			}
			PosixFileAttributeView posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class,
					LinkOption.NOFOLLOW_LINKS);
			if (posix == null) {
				return true; // not POSIX (Windows): the user's profile directory is private already
			}
			// whose are we? the owner of a file we create
			Path probe = Files.createTempFile(dir, ".owner", PART);
			UserPrincipal me;
			try {
				me = Files.getOwner(probe);
			} finally {
				Files.deleteIfExists(probe);
			}
			if (!posix.readAttributes().owner().equals(me)) {
				return false;
			}
			Set<PosixFilePermission> only = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
					PosixFilePermission.OWNER_EXECUTE);
			if (!posix.readAttributes().permissions().equals(only)) {
				posix.setPermissions(only);
			}
			return true;
		} catch (IOException | UnsupportedOperationException | SecurityException e) {
			return false;
		}
	}

	/**
	 * Decompresses source into a new file: in dir (then renamed to the target when sound) or, without a
	 * directory, a private temporary file.
	 */
	private Entry decompress(Path source, IndexMonitor monitor, @Nullable Path dir, @Nullable Target target)
			throws IOException {
		// createTempFile makes the file readable by its owner only
		Path part = dir != null && target != null ? Files.createTempFile(dir, target.copy().getFileName().toString(), PART)
				: Files.createTempFile(fTemp, PRIVATE_PREFIX, "-" + stripGz(source.getFileName().toString()));
		boolean keep = false;
		try {
			String damage = null;
			long written = 0;
			long total = Files.size(source);
			CRC32C crc = new CRC32C();
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
					crc.update(buf, 0, n);
					written += n;
					if (counted.count() >= nextReport) {
						Progress.checkCanceled(monitor, source);
						monitor.worked(counted.count(), total);
						nextReport = counted.count() + (4 << 20);
					}
				}
			}
			monitor.worked(total, total);
			if (damage != null || dir == null || target == null) {
				// not a faithful copy, or no cache: private to this capture, deleted when it closes
				synchronized (LOCK) {
					REFERENCES.merge(part, 1, Integer::sum);
				}
				keep = true;
				return new Entry(part, damage, written, false);
			}
			Path metaPart = Files.createTempFile(dir, target.meta().getFileName().toString(), PART);
			try {
				String record = "format=" + META_HEADER + "\nsource.size=" + target.source().size() + "\nsource.crc32c="
						+ target.source().crc() + "\ncopy.size=" + written + "\ncopy.crc32c=" + crc.getValue() + "\n";
				Files.writeString(metaPart, record, StandardCharsets.UTF_8);
				synchronized (LOCK) {
					// the copy first: a record never describes a file that is not complete yet
					move(part, target.copy());
					move(metaPart, target.meta());
					REFERENCES.merge(target.copy(), 1, Integer::sum);
				}
			} finally {
				Files.deleteIfExists(metaPart);
			}
			evict(dir);
			return new Entry(target.copy(), null, 0, true);
		} finally {
			if (!keep) {
				Files.deleteIfExists(part);
			}
		}
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		} catch (AtomicMoveNotSupportedException e) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static void touch(Path copy) {
		try {
			Files.setLastModifiedTime(copy, FileTime.fromMillis(System.currentTimeMillis()));
		} catch (IOException e) {
			// only the eviction order suffers
		}
	}

	/**
	 * Deletes the least recently used copies (and their records) not open in this process while all copies
	 * total more than the cap; removes .part files of writers that died, and copies without a record that
	 * are as old; and the stamps of sources whose copy is gone (a stamp per source path ever opened would
	 * otherwise pile up, and every first use of the cache lists them).
	 */
	void evict(Path dir) {
		synchronized (LOCK) {
			List<Path> copies = new ArrayList<>();
			List<Path> stamps = new ArrayList<>();
			long now = System.currentTimeMillis();
			try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
				for (Path p : s) {
					String name = p.getFileName().toString();
					if (name.equals(SWEPT)) {
						continue; // the sweep marker: neither a copy nor a leftover
					}
					if (name.endsWith(META)) {
						if (name.startsWith(STAMP_PREFIX)) {
							stamps.add(p);
						}
						continue;
					}
					if (name.endsWith(PART) || !Files.exists(dir.resolve(name + META), LinkOption.NOFOLLOW_LINKS)) {
						deleteIfLeftover(p, now);
						continue;
					}
					copies.add(p);
				}
				Map<Path, Long> used = new HashMap<>();
				long total = 0;
				for (Path p : copies) {
					used.put(p, Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis());
					total += Files.size(p);
				}
				copies.sort((a, b) -> Long.compare(used.get(a), used.get(b)));
				for (Path p : copies) {
					if (total <= fMaxBytes) {
						break;
					}
					if (REFERENCES.containsKey(p)) {
						continue;
					}
					long size = Files.size(p);
					Files.deleteIfExists(dir.resolve(p.getFileName() + META)); // the record first: no record, no trust
					Files.deleteIfExists(p);
					total -= size;
				}
				for (Path stamp : stamps) {
					String key;
					try {
						key = stampedKey(readStamp(stamp));
					} catch (IOException | IllegalArgumentException e) {
						key = null; // unreadable: it names no copy
					}
					if (key == null || !Files.isRegularFile(dir.resolve(key), LinkOption.NOFOLLOW_LINKS)) {
						Files.deleteIfExists(stamp); // a stamp only ever saves a checksum: without its copy it saves none
					}
				}
			} catch (IOException e) {
				// a cache that cannot be cleaned is only larger than wished
			}
		}
	}

	/**
	 * Removes the leftovers of crashed runs, once per cache (the first time a process uses it) unless another
	 * process swept within {@link #SWEEP_INTERVAL_MS} ({@link #recentlySwept}): in the cache directory, if it
	 * exists and is this user's, {@code .part} files and copies without a record; in the temporary directory,
	 * private copies; each only if older than {@link #STALE_PART_MS} and not open in this process. Then writes
	 * the marker, if the cache directory exists, is this user's and could be listed. Never fails: what cannot be
	 * removed stays.
	 */
	void sweepLeftovers() {
		synchronized (LOCK) {
			if (fSwept) {
				return;
			}
			fSwept = true;
		}
		long now = System.currentTimeMillis();
		Path dir = fDir;
		// an existing directory only (a sweep creates nothing), and only if it is this user's private one
		Path own = dir != null && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? usableDirectory() : null;
		if (own != null && recentlySwept(own, now)) {
			return;
		}
		boolean listed = false;
		if (own != null) {
			synchronized (LOCK) {
				try (DirectoryStream<Path> s = Files.newDirectoryStream(own)) {
					for (Path p : s) {
						String name = p.getFileName().toString();
						if (name.equals(SWEPT)) {
							continue; // the marker has no record, and is no leftover
						}
						if (name.endsWith(PART) || !name.endsWith(META) && !Files.exists(own.resolve(name + META), LinkOption.NOFOLLOW_LINKS)) {
							deleteIfLeftover(p, now);
						}
					}
					listed = true;
				} catch (IOException | DirectoryIteratorException e) {
					// the next eviction tries again
				}
			}
		}
		// the temporary directory is shared with everything else: our prefix, our files, regular files only
		String me = System.getProperty("user.name", "");
		synchronized (LOCK) {
			try (DirectoryStream<Path> s = Files.newDirectoryStream(fTemp, "feedscope-*")) {
				for (Path p : s) {
					String name = p.getFileName().toString();
					if ((name.startsWith(PRIVATE_PREFIX) || OLD_PRIVATE.matcher(name).matches())
							&& me.equals(Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName())) {
						deleteIfLeftover(p, now);
					}
				}
			} catch (IOException | DirectoryIteratorException | UnsupportedOperationException | SecurityException e) {
				// a temporary directory that cannot be listed has nothing of ours to sweep
			}
		}
		if (listed && own != null) {
			// not when the cache directory could not be listed: the next process tries again
			writeSweepMarker(own, now);
		}
	}

	/** @return the temporary directory as a marker names it */
	private String tempName() {
		return fTemp.toAbsolutePath().normalize().toString();
	}

	/**
	 * @return true if the marker says a sweep of this cache directory and this temporary directory was done less
	 *         than {@link #SWEEP_INTERVAL_MS} ago (and not in the future: a clock set back, or a time set by hand,
	 *         must not stop sweeps for as long); false for a marker that is missing, not a regular file, another
	 *         user's, unreadable or not of this format (then the sweep runs, and writes a marker of its own)
	 */
	private boolean recentlySwept(Path dir, long now) {
		Path marker = dir.resolve(SWEPT);
		try {
			BasicFileAttributes a = Files.readAttributes(marker, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
			long age = now - a.lastModifiedTime().toMillis();
			if (!a.isRegularFile() || age < 0 || age >= SWEEP_INTERVAL_MS) {
				return false;
			}
			PosixFileAttributeView posix = Files.getFileAttributeView(marker, PosixFileAttributeView.class,
					LinkOption.NOFOLLOW_LINKS);
			// the directory's owner is this user (usableDirectory checked it); not POSIX: the profile is private
			if (posix != null && !posix.readAttributes().owner().equals(Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS))) {
				return false;
			}
			Properties p = readOwn(marker, 4096, SWEPT_FORMAT);
			return p != null && tempName().equals(p.getProperty("temp"));
		} catch (IOException | IllegalArgumentException | UnsupportedOperationException | SecurityException e) {
			return false; // missing or unreadable: sweep
		}
	}

	/** Writes the marker of a sweep done at {@code now} ({@link #storeInPlace}). */
	private void writeSweepMarker(Path dir, long now) {
		try {
			Properties p = new Properties();
			p.setProperty("format", SWEPT_FORMAT);
			p.setProperty("temp", tempName());
			// the sweep's time, not the write's: the marker never claims more than was swept
			storeInPlace(p, dir, dir.resolve(SWEPT), FileTime.fromMillis(now));
		} catch (IOException | RuntimeException e) {
			// no marker: the next process sweeps
		}
	}

	/**
	 * Deletes a regular file (never a link or a folder) older than {@link #STALE_PART_MS} that no capture of
	 * this process has open; under LOCK.
	 */
	private static void deleteIfLeftover(Path p, long now) {
		try {
			BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
			if (a.isRegularFile() && now - a.lastModifiedTime().toMillis() > STALE_PART_MS && !REFERENCES.containsKey(p)) {
				Files.deleteIfExists(p);
			}
		} catch (IOException e) {
			// gone meanwhile, or not ours to delete: left as it is
		}
	}

	/** Drops a reference; deletes a private copy when it was the last. */
	static void release(Path file, boolean delete) {
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
			if (!delete) {
				return;
			}
			try {
				Files.deleteIfExists(file);
			} catch (IOException e) {
				// still mapped where the system forbids deleting mapped files (Windows): try again at exit
				file.toFile().deleteOnExit();
			}
		}
	}

	/** for tests: how many open captures use a copy */
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
		public int read(byte @Nullable [] b, int off, int len) throws IOException {
			int n = super.read(b, off, len); // FilterInputStream leaves b unconstrained; a null b throws there
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
