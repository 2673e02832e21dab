package io.feedscope.capture;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * An opened capture: an index of frames over a file that stays on disk.
 * <p>
 * Opening builds the index (offset, timestamp, lengths per frame) in one streaming pass; a frame's
 * bytes are read only when {@link #frameData(int)} is called, from a memory mapping, so files larger
 * than the heap work. Frame numbers are 1-based, as in Wireshark.
 * <p>
 * A damaged file opens up to the damage: what could be read is indexed, and the damage is reported
 * in {@link #problems()} with the file and byte offset. Instances are safe for concurrent readers once
 * opened, and already while being indexed when handed out by {@link IndexMonitor#published}: then
 * {@link #frameCount()} grows and every frame up to it can be read. Threads that read a capture its owner
 * may close (read-ahead, filter and export jobs) hold a {@link CaptureLease}: closing waits for them.
 */
public interface CaptureFile extends Closeable {

	/** @return the file this capture was read from */
	Path path();

	/** @return a short name for views and reports (the file name, or a name the user gave) */
	String name();

	/** @return the container format that was detected */
	CaptureFormat format();

	/** @return number of frames indexed */
	int frameCount();

	/**
	 * @param frame 1-based frame number
	 * @return capture time in nanoseconds since the Unix epoch
	 */
	long timestampNanos(int frame);

	/** @return bytes present in the file for this frame (may be less than on the wire: snaplen) */
	int capturedLength(int frame);

	/** @return length of the frame on the wire */
	int originalLength(int frame);

	/** @return the frame's link-layer type, a {@link LinkType} constant (LINKTYPE_* numbering of tcpdump) */
	int linkType(int frame);

	/**
	 * @return the pcapng interface id of the frame, as in the file: the Interface Description Block's
	 *         number within the frame's section (what tshark shows as frame.interface_id); 0 for
	 *         formats without interfaces. {@link #frameInterface(int)} tells the interfaces of several
	 *         sections apart.
	 */
	int interfaceId(int frame);

	/**
	 * @return the frame's comment (pcapng opt_comment; several comments are joined with a newline), or
	 *         null
	 */
	@Nullable
	String comment(int frame);

	/**
	 * The frame's captured bytes.
	 *
	 * @param frame 1-based frame number
	 * @return a read-only, big-endian buffer whose position is 0 and limit the captured length; it
	 *         shares the mapping, so it costs no copy
	 */
	ByteBuffer frameData(int frame);

	/**
	 * A record file's frames (NASDAQ BinaryFILE: each frame one record, back to back in the file) from
	 * {@code frame} on, as many as the run holds and as lie in one buffer: their bytes are those
	 * {@link #frameData(int)} gives for each, in frame order. For readers that walk a day file front to back
	 * (millions of records of 20-50 bytes), which then pay per run what they would pay per frame.
	 *
	 * @param frame 1-based number of the first frame
	 * @param run filled with the records of frames {@code frame .. frame + n - 1}
	 * @return n: at least 1 when the capture is a record file, 0 (and the run untouched) for any other
	 *         capture, whose frames are read one by one
	 * @throws IndexOutOfBoundsException if the frame number is not in [1, frameCount()]
	 */
	default int records(int frame, RecordRun run) {
		return 0;
	}

	/** @return what could not be read, in file order; empty for a sound file */
	List<CaptureProblem> problems();

	/**
	 * @return the capture interfaces of all sections in file order ({@link CaptureInterface#id()} is
	 *         the index here); one implicit interface for pcap and BinaryFILE
	 */
	default List<CaptureInterface> interfaces() {
		return List.of();
	}

	/** @return the interface that captured the frame (link type, snaplen, name, comments, section) */
	default CaptureInterface frameInterface(int frame) {
		return new CaptureInterface(0, 0, interfaceId(frame), linkType(frame), 0, 9, 0, null, null, List.of());
	}

	/** @return the pcapng sections in file order (with their comments); empty for other formats */
	default List<CaptureSection> sections() {
		return List.of();
	}

	/**
	 * @return false if the file holds no time for the frame (pcapng Simple Packet Block): then
	 *         {@link #timestampNanos(int)} is 0
	 */
	default boolean hasTimestamp(int frame) {
		return true;
	}

	/** @return true if frame was cut by the capture's snaplen (captured length &lt; original length) */
	default boolean isTruncated(int frame) {
		return capturedLength(frame) < originalLength(frame);
	}

	/**
	 * Takes a lease for a thread that reads this capture apart from its owner (see {@link CaptureLease} for
	 * the contract): {@link #close()} cancels it and waits until it is closed.
	 *
	 * @param onCancel run once when {@link #close()} cancels the lease, on the closing thread (e.g. to
	 *        interrupt a reader that may be blocked elsewhere); null for none. Must not block.
	 * @return the lease, to be closed when reading stops
	 * @throws CaptureClosedException if the capture is closing or closed
	 */
	default CaptureLease lease(@Nullable Runnable onCancel) {
		// a capture without resources to release (a test's): nothing to wait for
		return new CaptureLease() {
			@Override
			public boolean isCanceled() {
				return false;
			}

			@Override
			public void close() {
				// nothing held
			}
		};
	}

	/** Same as {@code lease(null)}. */
	default CaptureLease lease() {
		return lease(null);
	}

	/**
	 * Closes the capture: refuses new leases, cancels the leases held ({@link CaptureLease#isCanceled()},
	 * their callbacks), <b>waits until every lease is closed</b>, then releases the file (and a gzip capture's
	 * decompressed copy). A second call waits the same way and returns once the capture is closed.
	 *
	 * @throws java.io.InterruptedIOException if the waiting thread was interrupted: the capture stays
	 *         closing (no new leases) and a later call finishes closing
	 * @throws IllegalStateException if the calling thread holds a lease of this capture (it would wait for
	 *         itself)
	 */
	@Override
	void close() throws IOException;
}
