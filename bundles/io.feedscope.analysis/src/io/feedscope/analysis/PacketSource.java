package io.feedscope.analysis;

import io.feedscope.dissect.PacketKind;
import java.io.Closeable;

/**
 * One capture (tap point) read as a stream of {@link PacketEvent}s in frame order.
 * <p>
 * The integrator's adapter implements this over a capture file and the dissector: {@link #advance()}
 * decodes the next frame into the one event it owns and returns it through {@link #current()}. Every
 * frame is delivered, feed or not, so frame counts add up. Malformed frames are delivered as
 * {@link PacketKind#MALFORMED}, never thrown. {@link CaptureMerger} merges several sources by time.
 */
public interface PacketSource extends Closeable {

	/** @return short name for reports (file name) */
	String name();

	/** @return path of the file read, as given by the user */
	String path();

	/** @return container format id, e.g. "pcap", "pcapng" */
	String format();

	/**
	 * Reads the next frame into {@link #current()}.
	 *
	 * @return false at the end of the capture
	 */
	boolean advance();

	/** @return the event filled by the last successful {@link #advance()}; overwritten by the next one */
	PacketEvent current();

	/** Releases the underlying file; the default does nothing. */
	@Override
	default void close() {
		// nothing to release by default
	}
}
