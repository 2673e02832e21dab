package io.feedscope.capture;

import java.io.IOException;
import java.nio.file.Path;

import io.feedscope.capture.internal.FollowingCapture;

/**
 * A pcap or pcapng file that a capture tool (dumpcap) is still writing, indexed as it grows: the
 * incremental index of {@link Captures#open(Path, IndexMonitor)} in a follow mode that, at the end of the
 * file, waits for more bytes instead of stopping, and takes a last record cut by the end for one the writer
 * is still writing, not for damage.
 * <p>
 * Nothing reads by itself: the owner calls {@link #poll()} (every few tens of ms while capturing) on one
 * thread, which indexes what was appended and publishes it; readers on any thread see
 * {@link #frameCount()} grow as for a capture being opened ({@link IndexMonitor#published}). When the writer
 * is done, {@link #finish()} reads the rest: then a cut last record is reported in {@link #problems()}, as
 * {@link Captures#open(Path)} would report it.
 */
public interface GrowingCapture extends CaptureFile {

	/**
	 * Starts following a file.
	 *
	 * @param file a pcap or pcapng file being written
	 * @param waitMillis how long to wait for the writer to write the file's header (the file may not even
	 *        exist yet)
	 * @return the capture, its frames indexed up to the end of the file as it is now
	 * @throws IOException if the file does not appear, has no header within the time, or is not pcap/pcapng
	 *         (the message names the file)
	 */
	static GrowingCapture follow(Path file, long waitMillis) throws IOException {
		return FollowingCapture.open(file, waitMillis);
	}

	/**
	 * Indexes the records appended since the last call (whole ones only) and publishes them. Call from one
	 * thread at a time; does nothing once {@link #finish()}ed.
	 *
	 * @return frames readable now
	 * @throws IOException if the file cannot be read any more
	 */
	int poll() throws IOException;

	/**
	 * The writer is done: indexes the rest of the file; a record still cut by its end is reported as a
	 * problem. Later calls do nothing.
	 *
	 * @throws IOException if the file cannot be read any more
	 */
	void finish() throws IOException;

	/** @return true once {@link #finish()} was called: the frame count is final */
	boolean isFinished();
}
