package io.feedscope.dissect.internal;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writing the command line's cache files (compiled protocols, the plug-ins' snapshot, the checks' contributions):
 * one way for all of them, since several runs may share a cache directory at once.
 */
public final class CacheFiles {

	private CacheFiles() {
	}

	/**
	 * Writes a cache file whole or not at all: into a temporary file beside it, then moved over it (atomically
	 * where the file system can), so that a reader running at the same time, or after a crash, never sees half a
	 * file. The temporary file is removed when anything fails.
	 *
	 * @param prefix the start of the temporary file's name (the cache file kind), so that one left behind by a
	 *            killed run says what it was
	 * @throws IOException when the file could not be written; the file is then as it was
	 */
	public static void replace(Path file, String prefix, ByteArrayOutputStream bytes) throws IOException {
		Path dir = file.toAbsolutePath().getParent();
		Files.createDirectories(dir);
		Path tmp = Files.createTempFile(dir, prefix, ".tmp");
		try {
			try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp))) {
				bytes.writeTo(o);
			}
			try {
				Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
			}
			tmp = null;
		} finally {
			if (tmp != null) {
				try {
					Files.deleteIfExists(tmp);
				} catch (IOException e) {
					// left behind in the cache directory; harmless
				}
			}
		}
	}
}
