package io.feedscope.ui.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.feedscope.capture.CaptureFile;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.FieldInfo;
import io.feedscope.dissect.FieldKind;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.filter.DisplayFilter;
import io.feedscope.filter.FieldValues;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;

/**
 * The display filter over frames: a frame passes when its packet-level fields match, or when at least one
 * of its messages matches (message fields, with the packet's header fields visible too). Besides the
 * protocols' fields it knows {@code frame.number}, {@code udp.srcport}, {@code udp.dstport} and
 * {@code feedscope.line} ("A", "B"). Not thread-safe: one per job.
 */
final class FrameFilter implements FieldValues {

	static final String FRAME_NUMBER = "frame.number";
	static final String SRC_PORT = "udp.srcport";
	static final String DST_PORT = "udp.dstport";
	static final String LINE = "feedscope.line";

	private final DisplayFilter fFilter;
	private final ProtocolSet fProtocols;
	private final FeedDissector fDissector;
	private final Map<String, Integer> fIds = new HashMap<>();
	private FeedPacket fPacket;
	private FeedMessage fMessage;
	private int fFrame;
	private String fLine = "";

	FrameFilter(DisplayFilter filter, ProtocolSet protocols) {
		fFilter = filter;
		fProtocols = protocols;
		fDissector = new FeedDissector(protocols);
	}

	/** @return every field name a filter may use */
	static Set<String> knownFields(ProtocolSet protocols) {
		Set<String> names = new HashSet<>(Set.of(FRAME_NUMBER, SRC_PORT, DST_PORT, LINE));
		for (Protocol p : protocols.protocols()) {
			for (FieldInfo f : p.fields()) {
				names.add(f.name());
			}
		}
		return names;
	}

	boolean matches(CaptureFile capture, FrameRef ref, FeedModel model) {
		fPacket = fDissector.dissect(capture, ref.frame());
		fFrame = ref.frame();
		fLine = model.lineName(ref);
		fMessage = null;
		if (fFilter.test(this)) {
			return true;
		}
		FeedMessage m = fPacket.messages();
		while (m.next()) {
			fMessage = m;
			if (fFilter.test(this)) {
				return true;
			}
		}
		fMessage = null;
		return false;
	}

	private int id(String field) {
		return fIds.computeIfAbsent(field, fProtocols::fieldId);
	}

	private boolean udp() {
		return fPacket.layers().kind() == io.feedscope.capture.PacketLayers.Kind.UDP;
	}

	@Override
	public boolean has(String field) {
		switch (field) {
		case FRAME_NUMBER:
			return true;
		case SRC_PORT:
		case DST_PORT:
			return udp();
		case LINE:
			return !fLine.isEmpty();
		default:
			int id = id(field);
			if (id < 0) {
				return false;
			}
			return fMessage != null ? fMessage.has(id) : fPacket.has(id);
		}
	}

	@Override
	public boolean isString(String field) {
		if (field.equals(LINE)) {
			return true;
		}
		int id = id(field);
		FieldInfo info = id < 0 ? null : fProtocols.field(id);
		return info != null && (info.kind() == FieldKind.ASCII || info.kind() == FieldKind.CHAR);
	}

	@Override
	public long number(String field) {
		switch (field) {
		case FRAME_NUMBER:
			return fFrame;
		case SRC_PORT:
			return fPacket.sourcePort();
		case DST_PORT:
			return fPacket.destinationPort();
		default:
			int id = id(field);
			return fMessage != null ? fMessage.getLong(id) : fPacket.getLong(id);
		}
	}

	@Override
	public int scale(String field) {
		int id = id(field);
		FieldInfo info = id < 0 ? null : fProtocols.field(id);
		return info == null ? 0 : info.scale();
	}

	@Override
	public String string(String field) {
		if (field.equals(LINE)) {
			return fLine;
		}
		int id = id(field);
		FieldInfo info = fProtocols.field(id);
		if (info != null && info.kind() == FieldKind.CHAR) {
			long c = fMessage != null ? fMessage.getLong(id) : fPacket.getLong(id);
			return String.valueOf((char) c);
		}
		return fMessage != null ? fMessage.getString(id) : fPacket.getString(id);
	}
}
