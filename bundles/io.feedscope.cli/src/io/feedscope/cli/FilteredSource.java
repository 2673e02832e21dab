package io.feedscope.cli;

import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.analysis.PacketEvent;
import io.feedscope.analysis.PacketSource;
import io.feedscope.capture.CaptureFile;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.filter.DisplayFilter;
import io.feedscope.filter.packet.PacketFilter;

/**
 * {@code analyze --filter}: the frames of an indexed capture that a display filter keeps, the others
 * skipped before the checks see them. The frame is dissected a second time for the filter (by number,
 * from the index), with the same rule as the workbench's filter bar ({@link PacketFilter}); no line is
 * known yet, so {@code feedscope.line} is absent.
 */
final class FilteredSource implements PacketSource {

	private final DissectedPacketSource fSource;
	private final CaptureFile fCapture;
	private final PacketFilter fFilter;

	FilteredSource(DissectedPacketSource source, DisplayFilter filter, ProtocolSet protocols) {
		fSource = source;
		CaptureFile c = source.capture();
		if (c == null) {
			throw new IllegalArgumentException(source.name() + " is streamed: a filter needs an indexed capture");
		}
		fCapture = c;
		fFilter = new PacketFilter(filter, new FeedDissector(protocols));
	}

	@Override
	public void readFields(java.util.List<String> names) {
		fSource.readFields(names);
	}

	@Override
	public String name() {
		return fSource.name();
	}

	@Override
	public String path() {
		return fSource.path();
	}

	@Override
	public String format() {
		return fSource.format();
	}

	@Override
	public boolean advance() {
		while (fSource.advance()) {
			if (fFilter.matches(fCapture, fSource.current().frame(), "")) {
				return true;
			}
		}
		return false;
	}

	@Override
	public PacketEvent current() {
		return fSource.current();
	}

	@Override
	public void close() {
		fSource.close();
	}
}
