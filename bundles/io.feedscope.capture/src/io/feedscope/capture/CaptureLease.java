package io.feedscope.capture;

/**
 * A claim on an open {@link CaptureFile} by a thread that reads it (a read-ahead thread, a filter or export
 * job): while any lease is held, {@link CaptureFile#close()} does not release the file, so the reader never
 * reads a closed mapping or a deleted decompressed copy.
 * <p>
 * The contract, for both sides:
 * <ul>
 * <li>a reader takes a lease ({@link CaptureFile#lease(Runnable)}) before it starts and closes it when it
 * stops, in a {@code finally} or try-with-resources; taking one from a capture that is closing or closed
 * throws {@link CaptureClosedException};</li>
 * <li>{@link CaptureFile#close()} first cancels every lease ({@link #isCanceled()} becomes true and the
 * callback given with the lease runs, on the closing thread), then waits until every lease was closed, then
 * releases the file;</li>
 * <li>so a leaseholder checks {@link #isCanceled()} often (every frame or every batch), stops reading when it
 * is true (a reader of events reports a {@link CaptureClosedException} to its consumer) and closes the lease
 * promptly. It must never wait for the thread that closes the capture: that thread waits for it.</li>
 * </ul>
 * Reading without a lease still works while the capture is open (the UI thread reading table cells);
 * after close such reads are undefined.
 */
public interface CaptureLease extends AutoCloseable {

	/** @return true once the capture is closing: stop reading, then {@link #close()} this lease */
	boolean isCanceled();

	/** Gives the lease back; the capture's {@link CaptureFile#close()} may then proceed. Idempotent. */
	@Override
	void close();
}
