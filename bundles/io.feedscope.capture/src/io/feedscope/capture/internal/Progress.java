package io.feedscope.capture.internal;

import java.io.InterruptedIOException;
import java.nio.file.Path;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.IndexMonitor;

/**
 * Reports indexing progress every few MB, publishes the frames indexed so far and checks for cancellation;
 * the indexers call {@link #due(long)} once per record, which is a single comparison.
 */
final class Progress {
	/** At most every 8 MB: a few times a second at streaming speed, negligible cost. */
	private static final long MAX_STEP = 8L << 20;
	/**
	 * At least every 64 KB, and about 64 times per file in between: small files, which index in a moment,
	 * still show their frames growing, and a large one publishes often enough for a view that refreshes
	 * a few times a second.
	 */
	private static final long MIN_STEP = 64L << 10;

	private final AbstractCapture fCapture;
	private final IndexMonitor fMonitor;
	private final Path fPath;
	private final long fTotal;
	private final long fStep;
	private long fNext;

	Progress(AbstractCapture capture, IndexMonitor monitor, long total) {
		fCapture = capture;
		fMonitor = monitor;
		fPath = capture.path();
		fTotal = total;
		fStep = Math.max(MIN_STEP, Math.min(MAX_STEP, total / 64));
	}

	boolean due(long position) {
		return position >= fNext;
	}

	/** @throws InterruptedIOException if the monitor canceled */
	void report(long position) throws InterruptedIOException {
		checkCanceled(fMonitor, fPath);
		publish();
		fMonitor.worked(position, fTotal);
		fNext = position + fStep;
	}

	/** Indexing reached the end; the opener publishes the final state and tells the monitor. */
	void done() {
		fCapture.publish();
		fMonitor.worked(fTotal, fTotal);
	}

	private void publish() {
		fCapture.publish();
		fMonitor.published(fCapture, fCapture.frameCount());
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

			@Override
			public void published(CaptureFile capture, int frames) {
				outer.published(capture, frames);
			}
		};
	}
}
