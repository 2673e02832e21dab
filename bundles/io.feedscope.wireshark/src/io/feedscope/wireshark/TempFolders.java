package io.feedscope.wireshark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The temporary folders "Open in Wireshark" writes ({@value #PREFIX}NNN: the frames and the exported dissector
 * that Wireshark reads while it is open): each deleted when FeedScope exits, and ones left by an earlier
 * FeedScope that did not exit cleanly (a crash, a kill) deleted at the next start once they are older than a
 * day (another FeedScope may still be running and its Wireshark still reading them).
 */
public final class TempFolders {
	public static final String PREFIX = "feedscope-wireshark-";
	/** how old a left folder must be before a start deletes it */
	public static final Duration LEFT_AGE = Duration.ofDays(1);

	private static final Set<Path> MADE = ConcurrentHashMap.newKeySet();
	private static volatile boolean fHooked;

	private TempFolders() {
	}

	/** @return a new folder in the system's temporary folder, deleted with what it holds when the JVM exits */
	public static Path create() throws IOException {
		hook();
		Path dir = Files.createTempDirectory(PREFIX);
		MADE.add(dir);
		return dir;
	}

	private static synchronized void hook() {
		if (!fHooked) {
			Runtime.getRuntime().addShutdownHook(new Thread(TempFolders::deleteMade, "feedscope-wireshark-temp"));
			fHooked = true;
		}
	}

	/** Deletes the folders made in this run (at exit; tests call it directly). */
	public static void deleteMade() {
		for (Path p : new ArrayList<>(MADE)) {
			deleteTree(p);
			MADE.remove(p);
		}
	}

	/**
	 * Deletes {@value #PREFIX} folders in {@code tmp} last changed before {@code now - age}, not made by this run.
	 *
	 * @return the folders deleted
	 */
	public static List<Path> deleteOld(Path tmp, Instant now, Duration age) {
		List<Path> deleted = new ArrayList<>();
		Instant limit = now.minus(age);
		try (DirectoryStream<Path> s = Files.newDirectoryStream(tmp, PREFIX + "*")) {
			for (Path p : s) {
				BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
				// a folder only (a link named so is someone else's), and none of ours
				if (a.isDirectory() && !MADE.contains(p) && a.lastModifiedTime().toInstant().isBefore(limit)) {
					deleteTree(p);
					deleted.add(p);
				}
			}
		} catch (IOException e) {
			// no temporary folder to clean, or not ours to read: nothing to do
		}
		return deleted;
	}

	/** {@link #deleteOld} in the system's temporary folder, older than {@link #LEFT_AGE}: at start. */
	public static List<Path> deleteOld() {
		return deleteOld(Path.of(System.getProperty("java.io.tmpdir")), Instant.now(), LEFT_AGE);
	}

	private static void deleteTree(Path dir) {
		try (Stream<Path> w = Files.walk(dir)) {
			for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		} catch (IOException | java.io.UncheckedIOException e) {
			// a file another user owns, or gone meanwhile: the rest is deleted next time
		}
	}
}
