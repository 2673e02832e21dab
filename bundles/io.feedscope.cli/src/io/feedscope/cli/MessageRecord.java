package io.feedscope.cli;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.feedscope.capture.PacketLayers;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.FieldInfo;
import io.feedscope.dissect.FieldKind;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.filter.FieldValues;

/**
 * One decoded feed message with its packet and frame, as a display filter sees it: a view over the
 * dissector's flyweights, repointed per message (no copy). Numbers are read on demand with the
 * dissector's fast accessors; a String is made only when the filter compares a text field.
 * <p>
 * Fields: {@code frame.number}, {@code frame.time_epoch} (seconds, exact: ns with 9 decimals),
 * {@code ip.src}, {@code ip.dst} (dotted text), {@code udp.srcport}, {@code udp.dstport}, every field
 * of the framing protocols ({@code moldudp64.session} text, {@code .sequence}, {@code .count},
 * {@code .msgseq} of this message, {@code .msglen} its length) and of the message protocols (ITCH:
 * characters compare as one-character text, {@code itch50.side == "B"}; prices as decimals).
 */
final class MessageRecord implements FieldValues {

	private static final int FRAME_NUMBER = -1;
	private static final int FRAME_TIME = -2;
	private static final int IP_SRC = -3;
	private static final int IP_DST = -4;
	private static final int UDP_SRC = -5;
	private static final int UDP_DST = -6;
	/** one-character strings, so comparing a char field allocates nothing */
	private static final String[] CHARS = new String[256];
	static {
		for (int c = 0; c < 256; c++) {
			CHARS[c] = String.valueOf((char) c).intern();
		}
	}

	/** what a name means: a pseudo field (negative) or a field id, with its info */
	private record Slot(int code, @org.eclipse.jdt.annotation.Nullable FieldInfo info, boolean framing) {
	}

	private final Map<String, Slot> fSlots = new HashMap<>();
	private final Set<String> fNames = new LinkedHashSet<>();
	private int fFrame;
	private long fTime;
	private @org.eclipse.jdt.annotation.Nullable FeedPacket fPacket;
	private @org.eclipse.jdt.annotation.Nullable FeedMessage fMessage;

	MessageRecord(ProtocolSet set) {
		pseudo("frame.number", FRAME_NUMBER);
		pseudo("frame.time_epoch", FRAME_TIME);
		pseudo("ip.src", IP_SRC);
		pseudo("ip.dst", IP_DST);
		pseudo("udp.srcport", UDP_SRC);
		pseudo("udp.dstport", UDP_DST);
		for (Protocol p : set.protocols()) {
			for (FieldInfo f : p.fields()) {
				if (f.kind() != FieldKind.BYTES) {
					fSlots.put(f.name(), new Slot(f.id(), f, p.isFraming()));
					fNames.add(f.name());
				}
			}
		}
	}

	private void pseudo(String name, int code) {
		fSlots.put(name, new Slot(code, null, false));
		fNames.add(name);
	}

	/** @return every name a filter may use, in a stable order */
	Set<String> fieldNames() {
		return fNames;
	}

	/** Points the record at a message (the packet and message are the dissector's flyweights). */
	void set(int frame, long timeNanos, FeedPacket packet, FeedMessage message) {
		fFrame = frame;
		fTime = timeNanos;
		fPacket = packet;
		fMessage = message;
	}

	@Override
	public boolean has(String field) {
		Slot s = fSlots.get(field);
		FeedMessage m = fMessage;
		FeedPacket p = fPacket;
		if (s == null || m == null || p == null) {
			return false;
		}
		if (s.code < 0) {
			return true;
		}
		FieldInfo f = s.info;
		if (s.framing && f != null) {
			if (f.isDerived()) {
				return m.msgseq() >= 0;
			}
			if ("msglen".equals(f.role())) {
				return true;
			}
			return p.has(s.code);
		}
		return m.has(s.code);
	}

	@Override
	public boolean isString(String field) {
		Slot s = fSlots.get(field);
		if (s == null) {
			return false;
		}
		if (s.code == IP_SRC || s.code == IP_DST) {
			return true;
		}
		FieldInfo f = s.info;
		return f != null && (f.kind() == FieldKind.ASCII || f.kind() == FieldKind.CHAR);
	}

	@Override
	public long number(String field) {
		Slot s = fSlots.get(field);
		FeedMessage m = fMessage;
		FeedPacket p = fPacket;
		if (s == null || m == null || p == null) {
			return 0;
		}
		switch (s.code) {
		case FRAME_NUMBER:
			return fFrame;
		case FRAME_TIME:
			return fTime;
		case IP_SRC:
		case IP_DST:
			return 0;
		case UDP_SRC:
			return p.sourcePort();
		case UDP_DST:
			return p.destinationPort();
		default:
			break;
		}
		FieldInfo f = s.info;
		if (s.framing && f != null && "msglen".equals(f.role())) {
			return m.length();
		}
		return m.getLong(s.code); // framing ids read the header; the derived msgseq gives msgseq()
	}

	@Override
	public int scale(String field) {
		Slot s = fSlots.get(field);
		if (s == null) {
			return 0;
		}
		if (s.code == FRAME_TIME) {
			return 9;
		}
		FieldInfo f = s.info;
		return f != null && f.kind() == FieldKind.DECIMAL ? f.scale() : 0;
	}

	@Override
	public String string(String field) {
		Slot s = fSlots.get(field);
		FeedMessage m = fMessage;
		FeedPacket p = fPacket;
		if (s == null || m == null || p == null) {
			return "";
		}
		if (s.code == IP_SRC) {
			return PacketLayers.formatIp(p.sourceAddress());
		}
		if (s.code == IP_DST) {
			return PacketLayers.formatIp(p.destinationAddress());
		}
		FieldInfo f = s.info;
		if (f == null) {
			return "";
		}
		if (f.kind() == FieldKind.CHAR) {
			return CHARS[(int) m.getLong(s.code) & 0xff];
		}
		if (s.framing) {
			return p.getString(s.code);
		}
		return m.getString(s.code);
	}
}
