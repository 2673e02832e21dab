package io.feedscope.capture.internal;

import java.io.InterruptedIOException;
import java.nio.file.Path;

import io.feedscope.capture.IndexMonitor;

/**
 * Reports indexing progress every few MB and checks for cancellation; the indexers call
 * {@link #due(long)} once per record, which is a single comparison.
 */
final class Progress {
	/** Report every 8 MB: a few times a second at streaming speed, negligible cost. */
	private static final long STEP = 8L << 20;

	private final IndexMonitor fMonitor;
	private final Path fPath;
	private final long fTotal;
	private long fNext;

	Progress(IndexMonitor monitor, Path path, long total) {
		fMonitor = monitor;
		fPath = path;
		fTotal = total;
	}

	boolean due(long position) {
		return position >= fNext;
	}

	/** @throws InterruptedIOException if the monitor canceled */
	void report(long position) throws InterruptedIOException {
		checkCanceled(fMonitor, fPath);
		fMonitor.worked(position, fTotal);
		fNext = position + STEP;
	}

	void done() {
		fMonitor.worked(fTotal, fTotal);
	}

	static void checkCanceled(IndexMonitor monitor, Path path) throws InterruptedIOException {
		if (monitor.isCanceled()) {
			throw new InterruptedIOException(path + ": opening canceled");
		}
	}

	/**
	 * A monitor that maps the 0..total of a phase onto [base, base + span) of an overall total, so that
	 * a two-phase open (decompress, then index) reports monotonic figures.
	 */
	static IndexMonitor scaled(IndexMonitor outer, long base, long span, long overall) {
		return new IndexMonitor() {
			@Override
			public boolean isCanceled() {
				return outer.isCanceled();
			}

			@Override
			public void worked(long bytesRead, long totalBytes) {
				double f = totalBytes <= 0 ? 1 : Math.min(1, (double) bytesRead / totalBytes);
				outer.worked(base + (long) (f * span), overall);
			}
		};
	}
}
