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

	/**
	 * Asks the source to read these message fields of every DATA packet into its events
	 * ({@link PacketEvent#has(int, int)}, {@link PacketEvent#value(int, int)}; field {@code j} is
	 * {@code names.get(j)}): what the checks of the run declared they read ({@link CheckContext#field(String)}).
	 * Called before the first {@link #advance()}. A source that reads no message fields ignores it (the default);
	 * a source that wraps another passes it on.
	 *
	 * @param names full field names, e.g. {@code itch50.shares}
	 */
	default void readFields(java.util.List<String> names) {
		// no message fields by default
	}

	/** Releases the underlying file; the default does nothing. */
	@Override
	default void close() {
		// nothing to release by default
	}
}
