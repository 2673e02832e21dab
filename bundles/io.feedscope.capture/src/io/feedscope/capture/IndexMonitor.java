package io.feedscope.capture;

/**
 * Lets a caller follow and cancel the indexing done by {@link Captures#open(java.nio.file.Path, IndexMonitor)}.
 * <p>
 * Called from the opening thread every few MB read: up to hundreds of times a second when the file is
 * in the page cache, so both methods must be cheap (forward to an Eclipse IProgressMonitor, or set a
 * field a UI timer reads; never wait for the UI thread). Opening a gzip capture has two phases
 * (decompression, then indexing); the figures passed stay monotonic across both, over one total.
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
}
