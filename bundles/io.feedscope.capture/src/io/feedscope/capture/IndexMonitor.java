package io.feedscope.capture;

/**
 * Lets a caller follow and cancel the indexing done by {@link Captures#open(java.nio.file.Path, IndexMonitor)}.
 * <p>
 * Called from the opening thread every few MB read: up to hundreds of times a second when the file is
 * in the page cache, so both methods must be cheap (forward to an Eclipse IProgressMonitor, or set a
 * field a UI timer reads; never wait for the UI thread). Opening a gzip capture has two phases
 * (decompression, then indexing); the figures passed stay monotonic across both, over one total.
 * <p>
 * <b>Frames before the end.</b> {@link #published(CaptureFile, int)} hands out the capture while it is
 * still being indexed, so a view can show the first frames of a large file at once and grow with the
 * index.
 */
public interface IndexMonitor {

	/** A monitor that never cancels and ignores progress. */
	IndexMonitor NONE = new IndexMonitor() {
		@Override
		public boolean isCanceled() {
			return false;
		}

		@Override
		public void worked(long bytesRead, long totalBytes) {
			// nobody listens
		}
	};

	/**
	 * @return true to stop opening: {@link Captures#open(java.nio.file.Path, IndexMonitor)} then throws
	 *         {@link java.io.InterruptedIOException} and keeps nothing open
	 */
	boolean isCanceled();

	/**
	 * Progress so far.
	 *
	 * @param bytesRead work done, in bytes of the file (0..totalBytes)
	 * @param totalBytes work in all
	 */
	void worked(long bytesRead, long totalBytes);

	/**
	 * Frames were published: {@code capture.frameCount()} now returns {@code frames}, and those frames can be
	 * read (timestamps, lengths, data, interfaces) from any thread while indexing goes on; the capture's
	 * other answers ({@link CaptureFile#problems()}, interfaces, sections) describe the part indexed so far.
	 * <p>
	 * Called on the opening thread: first with 0 frames once the capture exists (after its header was read,
	 * for gzip after decompression), then with every progress report, last with the final count just before
	 * {@link Captures#open(java.nio.file.Path, IndexMonitor)} returns the same object. If opening is canceled
	 * or fails afterwards, the capture is closed and must be dropped. The default does nothing.
	 * <p>
	 * Indexing waits while this method runs (a test can hold it there); it should return quickly otherwise.
	 *
	 * @param capture the capture being indexed
	 * @param frames  frames readable now, non-decreasing from call to call
	 */
	default void published(CaptureFile capture, int frames) {
		// nobody listens
	}
}
