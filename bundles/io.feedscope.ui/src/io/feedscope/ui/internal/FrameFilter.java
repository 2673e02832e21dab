package io.feedscope.ui.internal;

import io.feedscope.capture.CaptureFile;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.filter.DisplayFilter;
import io.feedscope.filter.FieldVocabulary;
import io.feedscope.filter.packet.PacketFields;
import io.feedscope.filter.packet.PacketFilter;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;

/**
 * The filter bar's display filter over frames: the filter bundle's {@link PacketFilter} (the rule
 * {@code analyze --filter} uses too: a frame is one packet, a message field occurs once per message)
 * over the one vocabulary of {@link PacketFields}, with {@code feedscope.line} ("A", "B") from the
 * analysis. Not thread-safe: one per job.
 */
final class FrameFilter {

	private final PacketFilter fFilter;

	FrameFilter(DisplayFilter filter, ProtocolSet protocols) {
		this(filter, new FeedDissector(protocols));
	}

	/** @param dissector the dissector to read frames with (the model's: with the ports the analysis learned) */
	FrameFilter(DisplayFilter filter, FeedDissector dissector) {
		fFilter = new PacketFilter(filter, dissector);
	}

	/** @return every field a filter may use: the same list as the command line's (feedscope filter-fields) */
	static FieldVocabulary fields(ProtocolSet protocols) {
		return PacketFields.vocabulary(protocols);
	}

	boolean matches(CaptureFile capture, FrameRef ref, FeedModel model) {
		return fFilter.matches(capture, ref.frame(), model.lineName(ref));
	}
}
