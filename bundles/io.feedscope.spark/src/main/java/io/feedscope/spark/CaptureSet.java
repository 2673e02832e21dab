package io.feedscope.spark;

import java.io.Serializable;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The files analyzed together in one task: one feed session's captures at its tap points on one day
 * ({@code --group-by session}), or one file ({@code --group-by file}).
 *
 * @param key the set's name in every table: "DAY SESSION[+SESSION...]", or the path of a file on its own
 * @param day the UTC date of the files' first frames, or null when none could be read
 * @param files in path order: the order of {@code feedscope analyze}'s arguments (frame references name the
 *        capture by its index here)
 */
record CaptureSet(String key, @Nullable String day, String sessions, List<FileFacts> files) implements Serializable {

	long bytes() {
		return files.stream().mapToLong(FileFacts::size).sum();
	}
}
