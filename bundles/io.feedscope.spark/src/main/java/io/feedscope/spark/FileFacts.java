package io.feedscope.spark;

import java.io.Serializable;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * One archive file as a task found it: where it is, what makes it "unchanged" for the next run (size,
 * modification time, checksum of its first and last MB), and what it holds (the UTC day of its first frame and
 * the feed sessions of its first packets), or why it could not be read.
 *
 * @param path the Hadoop path (URI)
 * @param sessions the sessions of its first packets ("" name for packets of a framing without one), sorted
 * @param day the UTC date of its first frame (yyyy-MM-dd), or null when it could not be read
 * @param error why it could not be read, or null
 */
record FileFacts(String path, long size, long mtime, String checksum, @Nullable String day, List<String> sessions,
		@Nullable String error) implements Serializable {

	/** @return what decides whether a capture set must be analyzed again: path, size, mtime, checksum */
	String fingerprint() {
		return path + "|" + size + "|" + mtime + "|" + checksum;
	}
}
