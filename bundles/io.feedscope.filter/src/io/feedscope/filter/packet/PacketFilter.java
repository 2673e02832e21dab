package io.feedscope.filter.packet;

import io.feedscope.capture.CaptureFile;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.filter.DisplayFilter;

/**
 * A display filter over the frames of captures, as Wireshark applies one to its packet list: a frame
 * passes when the filter holds for the frame as a whole ({@link PacketRecord}'s frame mode: a message
 * field occurs once per message). The workbench's filter bar and {@code analyze --filter} both use it,
 * so both keep the same frames. Not thread-safe: one per thread (it owns a dissector).
 */
public final class PacketFilter {

	private final DisplayFilter fFilter;
	private final FeedDissector fDissector;
	private final PacketRecord fRecord;

	/**
	 * @param filter a filter compiled against {@link PacketFields#vocabulary} of the same protocols
	 * @param dissector the dissector to read frames with (its protocols and bindings)
	 */
	public PacketFilter(DisplayFilter filter, FeedDissector dissector) {
		fFilter = filter;
		fDissector = dissector;
		fRecord = new PacketRecord(dissector.protocols());
	}

	/**
	 * @param capture the capture
	 * @param frame 1-based frame number
	 * @param line the line the analysis gave the frame's stream ("A"), empty if none
	 * @return true if the frame passes
	 */
	public boolean matches(CaptureFile capture, int frame, String line) {
		FeedPacket p = fDissector.dissect(capture, frame);
		fRecord.setFrame(capture, frame, p);
		fRecord.setLine(line);
		return fFilter.test(fRecord);
	}

	/** @return the filter */
	public DisplayFilter filter() {
		return fFilter;
	}
}
