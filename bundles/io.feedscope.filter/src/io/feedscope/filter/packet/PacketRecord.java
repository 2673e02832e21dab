package io.feedscope.filter.packet;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.PacketLayers;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.FieldInfo;
import io.feedscope.dissect.FieldKind;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.filter.FieldValues;

/**
 * A dissected frame as a display filter sees it: every name of {@link PacketFields}, read on demand
 * from the capture, the link layers and the dissector's flyweights (repointed per frame, no copy).
 * <p>
 * Two modes. <b>Frame</b> ({@link #setFrame} alone: the workbench, {@code analyze --filter}): the record
 * is the whole frame, as a Wireshark packet is, so a message field occurs once per message that has it
 * ({@code moldudp64.msgseq}, {@code moldudp64.msglen} and every {@code itch50.*} field), and Wireshark's
 * rule for repeated fields applies ({@code itch50.stock == "AAPL"}: some message; {@code !=}: none).
 * <b>Message</b> ({@link #setMessage}: {@code decode}, one record per message): the message's own fields
 * occur once, with the frame's and packet header's fields. {@code eth.addr}, {@code ip.addr} and
 * {@code udp.port} occur twice (destination then source for eth, source then destination for ip and
 * udp, as tshark lists them) and {@code vlan.id} once per tag. Not thread-safe: one per thread.
 */
public final class PacketRecord implements FieldValues {

	// link-level names: negative codes
	private static final int FRAME = -1;
	private static final int FRAME_NUMBER = -2;
	private static final int FRAME_LEN = -3;
	private static final int FRAME_CAP_LEN = -4;
	private static final int FRAME_TIME = -5;
	private static final int FRAME_TIME_EPOCH = -6;
	private static final int FRAME_TIME_RELATIVE = -7;
	private static final int FRAME_TIME_DELTA = -8;
	private static final int ETH = -9;
	private static final int ETH_DST = -10;
	private static final int ETH_SRC = -11;
	private static final int ETH_ADDR = -12;
	private static final int ETH_TYPE = -13;
	private static final int VLAN = -14;
	private static final int VLAN_ID = -15;
	private static final int AD = -16;
	private static final int AD_ID = -17;
	private static final int IP = -18;
	private static final int IP_SRC = -19;
	private static final int IP_DST = -20;
	private static final int IP_ADDR = -21;
	private static final int IP_PROTO = -22;
	private static final int IP_TTL = -23;
	private static final int IP_LEN = -24;
	private static final int UDP = -25;
	private static final int UDP_SRCPORT = -26;
	private static final int UDP_DSTPORT = -27;
	private static final int UDP_PORT = -28;
	private static final int UDP_LENGTH = -29;
	private static final int LINE = -30;
	private static final String[] LINK_NAMES = { "frame", "frame.number", "frame.len", "frame.cap_len", "frame.time",
			"frame.time_epoch", "frame.time_relative", "frame.time_delta", "eth", "eth.dst", "eth.src", "eth.addr", "eth.type",
			"vlan", "vlan.id", "ieee8021ad", "ieee8021ad.id", "ip", "ip.src", "ip.dst", "ip.addr", "ip.proto", "ip.ttl",
			"ip.len", "udp", "udp.srcport", "udp.dstport", "udp.port", "udp.length", "feedscope.line" };

	/** how a protocol field is read */
	private enum Role {
		/** a protocol's presence */
		PROTOCOL,
		/** a framing header field: once per packet */
		HEADER,
		/** a framing field per message block (msgseq, msglen, msgdata) */
		BLOCK,
		/** a feed protocol's message field */
		MESSAGE
	}

	/** what a name means: a link code (negative) or a protocol field */
	private record Slot(int code, @Nullable FieldInfo info, @Nullable Protocol protocol, Role role) {
	}

	private final Map<String, Slot> fSlots = new HashMap<>();

	private @Nullable CaptureFile fCapture;
	private int fFrame;
	private @Nullable FeedPacket fPacket;
	private @Nullable FeedMessage fMessage;
	private String fLine = "";
	/** frame mode: the messages having the last field asked for, per frame */
	private @Nullable String fCachedField;
	private int[] fCached = new int[64];
	private int fCachedCount;

	/** @param protocols the descriptions the packets are dissected with (the vocabulary's protocol fields) */
	public PacketRecord(ProtocolSet protocols) {
		for (int i = 0; i < LINK_NAMES.length; i++) {
			fSlots.put(LINK_NAMES[i], new Slot(-1 - i, null, null, Role.PROTOCOL));
		}
		for (Protocol p : protocols.protocols()) {
			fSlots.put(p.name(), new Slot(0, null, p, Role.PROTOCOL));
			for (FieldInfo f : p.fields()) {
				Role r = !p.isFraming() ? Role.MESSAGE
						: f.isDerived() || f.role() == io.feedscope.dissect.FieldRole.MESSAGE_LENGTH || f.kind() == FieldKind.BYTES ? Role.BLOCK : Role.HEADER;
				fSlots.put(f.name(), new Slot(f.id(), f, p, r));
			}
		}
	}

	/**
	 * Points the record at a dissected frame, in frame mode (a message field occurs once per message).
	 *
	 * @param capture the capture the frame is in (times, lengths)
	 * @param frame its 1-based number
	 * @param packet the dissector's result for that frame
	 */
	public void setFrame(CaptureFile capture, int frame, FeedPacket packet) {
		fCapture = capture;
		fFrame = frame;
		fPacket = packet;
		fMessage = null;
		fCachedField = null;
	}

	/**
	 * Narrows the record to one message of the frame (message mode), or back to the frame (null). The
	 * record reads the cursor where it is; it never moves it in this mode.
	 */
	public void setMessage(@Nullable FeedMessage message) {
		fMessage = message;
		fCachedField = null;
	}

	/** @param line the line ("A", "B") the analysis gave the frame's stream; empty when none (the field is absent) */
	public void setLine(String line) {
		fLine = line;
	}

	private FeedPacket packet() {
		FeedPacket p = fPacket;
		if (p == null) {
			throw new IllegalStateException("no frame set");
		}
		return p;
	}

	private CaptureFile capture() {
		CaptureFile c = fCapture;
		if (c == null) {
			throw new IllegalStateException("no frame set");
		}
		return c;
	}

	// ------------------------------------------------------------------ FieldValues

	@Override
	public boolean has(String field) {
		return count(field) > 0;
	}

	@Override
	public int count(String field) {
		Slot s = fSlots.get(field);
		if (s == null || fPacket == null) {
			return 0;
		}
		FeedPacket p = packet();
		PacketLayers l = p.layers();
		switch (s.code) {
		case FRAME, FRAME_NUMBER, FRAME_LEN, FRAME_CAP_LEN, FRAME_TIME, FRAME_TIME_EPOCH, FRAME_TIME_RELATIVE, FRAME_TIME_DELTA:
			return 1;
		case ETH, ETH_DST, ETH_SRC, ETH_TYPE:
			return l.hasEthernet() ? 1 : 0;
		case ETH_ADDR:
			return l.hasEthernet() ? 2 : 0;
		case VLAN, VLAN_ID:
			return tags(l, false);
		case AD, AD_ID:
			return tags(l, true);
		case IP, IP_SRC, IP_DST, IP_PROTO, IP_TTL, IP_LEN:
			return l.ipOffset() >= 0 ? 1 : 0;
		case IP_ADDR:
			return l.ipOffset() >= 0 ? 2 : 0;
		case UDP, UDP_SRCPORT, UDP_DSTPORT, UDP_LENGTH:
			return l.udpOffset() >= 0 ? 1 : 0;
		case UDP_PORT:
			return l.udpOffset() >= 0 ? 2 : 0;
		case LINE:
			return fLine.isEmpty() ? 0 : 1;
		default:
			break;
		}
		Protocol proto = s.protocol;
		if (proto == null) {
			return 0;
		}
		FeedMessage m = fMessage;
		switch (s.role) {
		case PROTOCOL:
			if (proto.isFraming()) {
				return p.kind() != PacketKind.NOT_FEED && p.protocol() == proto ? 1 : 0;
			}
			return p.feedProtocol() == proto ? (m != null ? 1 : p.messageCount()) : 0;
		case HEADER:
			return p.has(s.code) ? 1 : 0;
		case BLOCK:
			if (p.protocol() != proto || p.kind() == PacketKind.NOT_FEED) {
				return 0;
			}
			if (s.info != null && s.info.isDerived() && p.sequence() < 0) {
				return 0;
			}
			return m != null ? 1 : p.messageCount();
		default:
			if (p.feedProtocol() != proto) {
				return 0;
			}
			if (m != null) {
				return m.has(s.code) ? 1 : 0;
			}
			return messagesHaving(field, s.code, p);
		}
	}

	/** @return how many tags of the kind: 802.1ad (0x88a8) or the others (802.1Q, 0x9100) */
	private static int tags(PacketLayers l, boolean ad) {
		int n = 0;
		for (int i = 0; i < l.vlanCount(); i++) {
			if ((l.vlanTpid(i) == 0x88a8) == ad) {
				n++;
			}
		}
		return n;
	}

	private static int tag(PacketLayers l, boolean ad, int k) {
		for (int i = 0; i < l.vlanCount(); i++) {
			if ((l.vlanTpid(i) == 0x88a8) == ad && k-- == 0) {
				return i;
			}
		}
		return 0;
	}

	/** Frame mode: the indices of the messages having a field, kept for the field asked for last. */
	private int messagesHaving(String field, int id, FeedPacket p) {
		if (field == fCachedField) {
			return fCachedCount;
		}
		int n = p.messageCount();
		if (fCached.length < n) {
			fCached = new int[n];
		}
		int k = 0;
		for (int i = 0; i < n; i++) {
			if (p.message(i).has(id)) {
				fCached[k++] = i;
			}
		}
		fCachedField = field;
		fCachedCount = k;
		return k;
	}

	/** @return the cursor on the message of occurrence i of a message field */
	private FeedMessage message(String field, Slot s, int i) {
		FeedMessage m = fMessage;
		if (m != null) {
			return m;
		}
		FeedPacket p = packet();
		if (s.role == Role.MESSAGE) {
			messagesHaving(field, s.code, p);
			return p.message(fCached[i]);
		}
		return p.message(i);
	}

	@Override
	public boolean isString(String field) {
		Slot s = fSlots.get(field);
		if (s == null) {
			return false;
		}
		FieldInfo f = s.info;
		return s.code == LINE || f != null && (f.kind() == FieldKind.ASCII || f.kind() == FieldKind.CHAR);
	}

	@Override
	public long number(String field) {
		return number(field, 0);
	}

	@Override
	public long number(String field, int i) {
		Slot s = fSlots.get(field);
		if (s == null) {
			return 0;
		}
		FeedPacket p = packet();
		PacketLayers l = p.layers();
		CaptureFile c = capture();
		switch (s.code) {
		case FRAME_NUMBER:
			return fFrame;
		case FRAME_LEN:
			return c.originalLength(fFrame);
		case FRAME_CAP_LEN:
			return c.capturedLength(fFrame);
		case FRAME_TIME, FRAME_TIME_EPOCH:
			return c.timestampNanos(fFrame);
		case FRAME_TIME_RELATIVE:
			return c.timestampNanos(fFrame) - c.timestampNanos(1);
		case FRAME_TIME_DELTA:
			return fFrame > 1 ? c.timestampNanos(fFrame) - c.timestampNanos(fFrame - 1) : 0;
		case ETH_DST:
			return l.ethDestination();
		case ETH_SRC:
			return l.ethSource();
		case ETH_ADDR:
			return i == 0 ? l.ethDestination() : l.ethSource();
		case ETH_TYPE:
			return l.ethType();
		case VLAN_ID:
			return l.vlan(tag(l, false, i));
		case AD_ID:
			return l.vlan(tag(l, true, i));
		case IP_SRC:
			return l.ipSource() & 0xffffffffL;
		case IP_DST:
			return l.ipDestination() & 0xffffffffL;
		case IP_ADDR:
			return (i == 0 ? l.ipSource() : l.ipDestination()) & 0xffffffffL;
		case IP_PROTO:
			return l.ipProtocol();
		case IP_TTL:
			return p.buffer().get(l.ipOffset() + 8) & 0xff;
		case IP_LEN:
			return p.buffer().getShort(l.ipOffset() + 2) & 0xffff;
		case UDP_SRCPORT:
			return l.sourcePort();
		case UDP_DSTPORT:
			return l.destinationPort();
		case UDP_PORT:
			return i == 0 ? l.sourcePort() : l.destinationPort();
		case UDP_LENGTH:
			return p.buffer().getShort(l.udpOffset() + 4) & 0xffff;
		default:
			break;
		}
		if (s.code < 0 || s.info == null) {
			return 0;
		}
		switch (s.role) {
		case HEADER:
			return p.getLong(s.code);
		case BLOCK: {
			FeedMessage m = message(field, s, i);
			return s.info.role() == io.feedscope.dissect.FieldRole.MESSAGE_LENGTH ? blockLength(p, m, s.info.width()) : m.msgseq();
		}
		default:
			return message(field, s, i).getLong(s.code);
		}
	}

	/**
	 * @return a message block's length as on the wire (the field just before the message's bytes), as
	 *         Wireshark shows it: a block that overruns the packet or the snaplen says more than is there
	 *         ({@link FeedMessage#length()} gives the bytes present)
	 */
	private static long blockLength(FeedPacket p, FeedMessage m, int width) {
		int at = m.offset() - width;
		ByteBuffer b = p.buffer();
		if (width <= 0 || width > 8 || at < p.payloadOffset() || m.offset() > b.limit()) {
			return m.length();
		}
		long v = 0;
		for (int k = 0; k < width; k++) {
			v = v << 8 | b.get(at + k) & 0xff;
		}
		return v;
	}

	@Override
	public int scale(String field) {
		Slot s = fSlots.get(field);
		if (s == null) {
			return 0;
		}
		if (s.code >= FRAME_TIME_DELTA && s.code <= FRAME_TIME) {
			return 9;
		}
		FieldInfo f = s.info;
		return f != null && f.kind() == FieldKind.DECIMAL ? f.scale() : 0;
	}

	@Override
	public String string(String field) {
		return string(field, 0);
	}

	/** one-character strings, so comparing a char field allocates nothing */
	private static final String[] CHARS = new String[256];
	static {
		for (int c = 0; c < 256; c++) {
			CHARS[c] = String.valueOf((char) c);
		}
	}

	@Override
	public String string(String field, int i) {
		Slot s = fSlots.get(field);
		if (s == null) {
			return "";
		}
		if (s.code == LINE) {
			return fLine;
		}
		FieldInfo f = s.info;
		if (f == null) {
			return "";
		}
		FeedPacket p = packet();
		if (s.role == Role.HEADER) {
			return f.kind() == FieldKind.CHAR ? CHARS[(int) p.getLong(s.code) & 0xff] : p.getString(s.code);
		}
		FeedMessage m = message(field, s, i);
		return f.kind() == FieldKind.CHAR ? CHARS[(int) m.getLong(s.code) & 0xff] : m.getString(s.code);
	}

	@Override
	public byte[] bytes(String field, int i) {
		Slot s = fSlots.get(field);
		if (s == null) {
			return new byte[0];
		}
		FeedPacket p = packet();
		PacketLayers l = p.layers();
		ByteBuffer b = p.buffer();
		switch (s.code) {
		case FRAME:
			return copy(b, 0, b.limit());
		case ETH:
			return copy(b, 0, 14);
		case VLAN:
			return copy(b, 14 + 4 * tag(l, false, i), 4);
		case AD:
			return copy(b, 14 + 4 * tag(l, true, i), 4);
		case IP: {
			int len = p.buffer().getShort(l.ipOffset() + 2) & 0xffff;
			return copy(b, l.ipOffset(), len);
		}
		case UDP: {
			int len = p.buffer().getShort(l.udpOffset() + 4) & 0xffff;
			return copy(b, l.udpOffset(), len);
		}
		default:
			break;
		}
		Protocol proto = s.protocol;
		if (proto == null || s.code < 0 && s.role != Role.PROTOCOL) {
			return new byte[0];
		}
		if (s.role == Role.PROTOCOL && proto.isFraming()) {
			return copy(b, p.payloadOffset(), p.payloadLength());
		}
		// a feed protocol's bytes, and a message block's data: the bytes of the message
		FeedMessage m = s.role == Role.PROTOCOL ? (fMessage != null ? fMessage : p.message(i)) : message(field, s, i);
		return copy(b, m.offset(), m.length());
	}

	/** @return the bytes at [offset, offset + length) that the frame has (a cut frame gives fewer) */
	private static byte[] copy(ByteBuffer b, int offset, int length) {
		int from = Math.max(0, Math.min(offset, b.limit()));
		int to = Math.max(from, Math.min(offset + length, b.limit()));
		byte[] out = new byte[to - from];
		b.get(from, out);
		return out;
	}
}
