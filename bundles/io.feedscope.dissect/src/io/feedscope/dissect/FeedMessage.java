package io.feedscope.dissect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Cursor over the messages of a {@link FeedPacket}: a flyweight, moved with {@link #next()}, owned
 * by the packet (and so by its dissector). Not thread-safe.
 * <p>
 * Fast path: {@link #getLong(int)} with an id from {@link Protocol#fieldId(String)} or
 * {@link ProtocolSet#fieldId(String)}: one array lookup for the field's offset in this message type,
 * one absolute read from the frame buffer. No allocation. Integers are unsigned and big-endian unless
 * the description says otherwise; decimals come back unscaled (see {@link #scale(int)}), timestamps
 * as a count since midnight in the field's unit (ITCH: nanoseconds), chars as their code.
 * A field the message type does not have, or that lies beyond the bytes present, reads as 0 and
 * {@link #has(int)} is false.
 */
public final class FeedMessage {

	private final FeedPacket fPacket;
	private int fIndex = -1;
	private int fOff;
	private int fLen;
	private int fType;
	private int fNumber;
	private @Nullable Protocol fFeed;
	private long[] fSlots = new long[0];
	private int[] fOffsets = new int[0];
	private int[] fWidth = new int[0];
	private int[] fReader = new int[0];
	private int fFieldCount;
	private long fSequence;
	/** the derived time field of the feed, -1 if none; and this message's base for it */
	private int fTimeField = -1;
	private long fTimeBase = FeedPacket.NO_BASE;
	/**
	 * What the messages are read from: index {@link #fBase} + i is the frame's byte i. The frame's buffer, or for a
	 * frame dissected from an array (a chunk of a capture: thousands of frames), a buffer over the whole array, made once
	 * per array ({@link ByteView#whole()}): a buffer per packet was the one allocation of a packet's every-field decode.
	 * The offsets this cursor gives ({@link #offset()}, {@link #fieldOffset(int)}) stay the frame's.
	 */
	private ByteBuffer fBuf = ByteBuffer.allocate(0);
	private int fBase;
	/** the packet's decode this cursor was reset for ({@link FeedPacket#fDecodes}) */
	private int fDecode = -1;
	/**
	 * The packet's message tables and count, and the feed's decoder and type tables, as of the last {@link #reset()}:
	 * every decode resets the cursor before it is read again ({@link FeedPacket#messages()}), so they hold for the
	 * packet the cursor walks. Kept here so that moving to a message and reading it load them from this object rather
	 * than through the packet and the protocol: after the decoder's call returns, each message's set-up is then one
	 * load fewer deep (the next message's type, which the decoder's switch waits for, comes sooner).
	 */
	private int fCount;
	private int[] fMsgOffs = new int[0];
	private int[] fMsgLens = new int[0];
	private int[] fMsgTypes = new int[0];
	private long[] fMsgBases = new long[0];
	/** the feed's known types (0 without a feed: no message is then decoded whole), their spec lengths, its decoder */
	private int fKnownTypes;
	private int[] fSpec = new int[0];
	private @Nullable MessageDecoder fDecoder;

	FeedMessage(FeedPacket packet) {
		fPacket = packet;
	}

	void reset() {
		fIndex = -1;
		fSequence = fPacket.sequence();
		Protocol feed = fPacket.fFeed;
		fFeed = feed;
		FeedPacket p = fPacket;
		fDecode = p.fDecodes;
		fBuf = p.fView.whole();
		fBase = p.fView.wholeBase();
		fCount = p.fBlockCount;
		fMsgOffs = p.fMsgOff;
		fMsgLens = p.fMsgLen;
		fMsgTypes = p.fMsgType;
		fMsgBases = p.fMsgTimeBase;
		if (feed != null) {
			fKnownTypes = feed.fTypeCount;
			fSpec = feed.fSpecLength;
			fDecoder = feed.fDecoder;
			fOffsets = feed.fOffsets;
			fSlots = feed.fSlots;
			fWidth = feed.fWidth;
			fReader = feed.fReader;
			fFieldCount = feed.fFields.length;
			fNumber = feed.number();
			fTimeField = feed.fTimeField;
		} else {
			fKnownTypes = 0;
			fDecoder = null;
			fFieldCount = 0;
			fNumber = -1;
			fTimeField = -1;
		}
	}

	/**
	 * Back before the first message of the packet last decoded. The header values were cached by {@link #reset()}
	 * when it was decoded (every decode ends with it), so they are read again only if the packet was decoded again
	 * since (never, while decodes reset the cursor: a safety net, as in {@link #moveTo(int)}).
	 */
	void rewind() {
		if (fFeed != fPacket.fFeed || fDecode != fPacket.fDecodes) {
			reset();
		} else {
			fIndex = -1;
		}
	}

	/**
	 * Moves to the next message.
	 *
	 * @return false when there are no more
	 */
	public boolean next() {
		int i = fIndex + 1;
		if (i >= fCount) {
			fIndex = fCount;
			return false;
		}
		position(i);
		return true;
	}

	void moveTo(int i) {
		if (fFeed != fPacket.fFeed || fDecode != fPacket.fDecodes) {
			reset();
		}
		position(i);
	}

	/**
	 * Moves to message i: only what every reader of a message needs (its offset, length, type; the derived time's
	 * base if the feed has one): at most 4 array loads and 5 stores. The type's row in the per-type tables is computed by
	 * the few readers that need it ({@link #row()}): a multiply where it is used costs what loading it would, and a
	 * bulk reader ({@link #readFields(long[])}) never needs it.
	 */
	private void position(int i) {
		fIndex = i;
		fOff = fMsgOffs[i];
		fLen = fMsgLens[i];
		fType = fFeed == null ? 0 : fMsgTypes[i];
		fTimeBase = fTimeField >= 0 ? fMsgBases[i] : FeedPacket.NO_BASE;
	}

	/** @return the first index of this message's type in the protocol's per-type tables (fields of type 0, then of type 1...) */
	private int row() {
		return fType * fFieldCount;
	}

	/**
	 * The derived time ({@code = base + offset}): the stream's last base (e.g. the Time message's seconds)
	 * plus this message's offset, in the derived field's unit. Only asked for when the base is known.
	 */
	long derivedTime() {
		Protocol f = fFeed;
		if (f == null || fTimeBase == FeedPacket.NO_BASE) {
			return 0;
		}
		long t = fTimeBase * f.fTimeBaseFactor;
		int of = f.fTimeOffset;
		int o = fOffsets[row() + of];
		if (o >= 0 && o + fWidth[of] <= fLen) {
			t += FeedPacket.read(fBuf, fBase + fOff + o, fReader[of]) * f.fTimeOffsetFactor;
		}
		return t;
	}

	/** @return 0-based index of the message in its packet */
	public int index() {
		return fIndex;
	}

	/**
	 * @return the number of the frame the message is in: the packet's, but for the records of a record file's
	 *         run ({@link FeedDissector#dissectFrames}), where message i is frame {@link FeedPacket#frame()} + i
	 */
	public int frame() {
		// read from the packet when asked (rarely per message), so that moving the cursor costs nothing more
		FeedPacket p = fPacket;
		return p.isRecord() ? p.fFrame + fIndex : p.fFrame;
	}

	/**
	 * @return the message's sequence number: the packet's sequence + {@link #index()}. <b>Derived</b>, not
	 *         on the wire (shown as {@code moldudp64.msgseq}, marked derived); -1 if the framing has no sequence
	 */
	public long msgseq() {
		long s = fSequence;
		return s < 0 ? -1 : s + fIndex;
	}

	/** @return offset of the message's first byte (its type code) in the frame ({@link FeedPacket#buffer()}) */
	public int offset() {
		return fOff;
	}

	/** @return the message's length as given by its block (bytes present if the block overran the payload) */
	public int length() {
		return fLen;
	}

	/** @return the feed protocol decoding this message, null if the framing has no feed protocol bound */
	public @Nullable Protocol protocol() {
		return fFeed;
	}

	/** @return type index in {@link Protocol} (== messageTypeCount() for an unknown type) */
	public int type() {
		return fType;
	}

	/** @return true if the message type code is one the description knows */
	public boolean isKnownType() {
		Protocol f = fFeed;
		return f != null && fType < f.fTypeCount;
	}

	/** @return the message type code as on the wire (ITCH: the ASCII letter, e.g. 'A' = 65), -1 if absent */
	public int typeCode() {
		return fPacket.messageTypeCode(fIndex);
	}

	/** @return the message type's name ("add_order"), the fallback's for unknown codes ("unknown") */
	public String typeName() {
		Protocol f = fFeed;
		return f == null ? "" : f.fTypeNames[fType];
	}

	/** @return the message type's name for people ("Add Order No MPID Attribution Message") */
	public String typeLabel() {
		Protocol f = fFeed;
		return f == null ? "" : f.fTypeLabels[fType];
	}

	/** @return true if this message type has the field and its bytes are present */
	public boolean has(int fieldId) {
		if (fieldId >>> 16 != fNumber) {
			return fPacket.has(fieldId);
		}
		int f = fieldId & 0xffff;
		int o = fOffsets[row() + f];
		return o >= 0 && o + fWidth[f] <= fLen && (f != fTimeField || fTimeBase != FeedPacket.NO_BASE);
	}

	/**
	 * Reads an integer-like field: unsigned integer, char code, unscaled decimal, time count. An ASCII
	 * field of at most 8 bytes comes back as its raw bytes packed big-endian (a cheap key, e.g. for
	 * {@code itch50.stock}); use {@link #getString(int)} for text.
	 * A framing field id (e.g. {@code moldudp64.sequence}) reads the packet header; the derived
	 * {@code moldudp64.msgseq} id gives {@link #msgseq()}.
	 *
	 * @param fieldId a precompiled field id
	 * @return the value; 0 if the message type lacks the field or its bytes are missing
	 */
	public long getLong(int fieldId) {
		if (fieldId >>> 16 != fNumber) {
			return framingLong(fieldId);
		}
		long slot = fSlots[row() + (fieldId & 0xffff)];
		int w = (int) slot & 0xff;
		int end = (int) (slot >>> 32) + w;
		if (end > fLen) {
			return 0; // absent from this type (huge offset) or cut short
		}
		int last = fBase + fOff + end;
		if ((slot & Protocol.SLOT_FAST) != 0 && fOff >= 8) {
			// (the message starts at offset 8 or later: an 8-byte read ending in it stays in the frame)
			// one 8-byte big-endian read ending at the field's last byte, keep the low width bytes
			return fBuf.getLong(last - 8) & (-1L >>> ((int) slot >>> 8 & 0xff));
		}
		if ((slot & Protocol.SLOT_DERIVED) != 0) {
			return derivedTime();
		}
		return FeedPacket.read(fBuf, last - w, fReader[fieldId & 0xffff]);
	}

	/**
	 * Bulk fast path: reads every field of this message, in wire order (the order of
	 * {@link Protocol#messageTypeFields(int)} for {@link #type()}), as {@link #getLong(int)} would.
	 * One bounds decision per message instead of one per field; no allocation. A whole message of a known type is
	 * read by its protocol's {@link MessageDecoder} (a plan of its types where it covers them, all of ITCH 5.0;
	 * interpreted for any other), any other field by field.
	 *
	 * @param dst receives the values; at least as long as the type's field count (ITCH: 18 is enough)
	 * @return the number of fields written; fields cut off by a short message read as 0
	 */
	public int readFields(long[] dst) {
		int t = fType;
		MessageDecoder d = fDecoder;
		if (t < fKnownTypes && fLen >= fSpec[t] && d != null) {
			// a whole message of a known type: the protocol's decoder (a plan where it covers the type)
			int n = d.decode(fBuf, fBase + fOff, t, dst, this);
			if (n >= 0) {
				return n;
			}
		}
		Protocol f = fFeed;
		if (f == null) {
			return 0;
		}
		if (t < f.fTypeCount && fLen >= f.fSpecLength[t]) {
			return f.fInterpreted.decode(fBuf, fBase + fOff, t, dst, this);
		}
		int[] fields = f.fTypeFields[t];
		int n = fields.length;
		for (int k = 0; k < n; k++) {
			dst[k] = getLong(f.fFields[fields[k]].id());
		}
		return n;
	}

	private long framingLong(int fieldId) {
		Protocol p = fPacket.fFraming;
		if (p != null && p.owns(fieldId) && (fieldId & 0xffff) == p.fMsgseqField) {
			return msgseq();
		}
		return fPacket.getLong(fieldId);
	}

	/** @return implied decimals of a decimal field (ITCH price 4, MWCB level 8), 0 otherwise */
	public int scale(int fieldId) {
		Protocol f = fFeed;
		return f != null && f.owns(fieldId) ? f.fFields[fieldId & 0xffff].scale() : 0;
	}

	/** @return offset of the field in the frame, -1 if this message type lacks it */
	public int fieldOffset(int fieldId) {
		if (fieldId >>> 16 != fNumber) {
			return -1;
		}
		int o = fOffsets[row() + (fieldId & 0xffff)];
		return o < 0 ? -1 : fOff + o;
	}

	/**
	 * Copies a text field's raw bytes (padding included) without allocating.
	 *
	 * @return bytes copied, 0 if absent
	 */
	public int copyBytes(int fieldId, byte[] dst) {
		if (!has(fieldId) || fieldId >>> 16 != fNumber) {
			return 0;
		}
		int f = fieldId & 0xffff;
		int w = Math.min(fWidth[f], dst.length);
		fBuf.get(fBase + fOff + fOffsets[row() + f], dst, 0, w);
		return w;
	}

	/** @return a text field with its right padding trimmed (allocates), empty if absent */
	public String getString(int fieldId) {
		return getRawString(fieldId).stripTrailing();
	}

	/** @return a text field's raw characters, padding included (allocates), empty if absent */
	public String getRawString(int fieldId) {
		if (!has(fieldId) || fieldId >>> 16 != fNumber) {
			return "";
		}
		int f = fieldId & 0xffff;
		byte[] b = new byte[fWidth[f]];
		fBuf.get(fBase + fOff + fOffsets[row() + f], b);
		return new String(b, StandardCharsets.ISO_8859_1);
	}

	/** @return the field as views show it (enum label, "123.4500", "09:30:00.000000001", trimmed text), empty if absent */
	public String display(int fieldId) {
		Protocol f = fFeed;
		if (f == null || !f.owns(fieldId) || !has(fieldId)) {
			return "";
		}
		FieldInfo info = f.fFields[fieldId & 0xffff];
		if (info.kind() == FieldKind.ASCII) {
			return info.formatText(getString(fieldId));
		}
		return info.format(getLong(fieldId));
	}

	/** Visits this message's fields in wire order, as one group. */
	public void accept(FieldVisitor v) {
		acceptMessage(v, new FieldValue());
	}

	void acceptMessage(FieldVisitor v, FieldValue value) {
		Protocol f = fFeed;
		if (f == null) {
			return;
		}
		// the visitors get the frame's buffer and offsets (made now for a frame of an array)
		ByteBuffer frame = fPacket.buffer();
		value.setGroup(f.name(), f.fTypeLabels[fType], frame, fOff, fLen);
		v.beginGroup(value);
		int end = fOff + fLen;
		int row = row();
		for (int fi : f.fTypeFields[fType]) {
			int abs = fOff + fOffsets[row + fi];
			int w = fWidth[fi];
			if (fi == fTimeField) {
				// shown over the bytes of the field it follows (its offset, or the base in the seconds message)
				boolean known = fTimeBase != FeedPacket.NO_BASE;
				int prev = fOffsets[row + f.fTimeOffset] >= 0 ? f.fTimeOffset : f.fTimeBase;
				int pw = Math.max(0, Math.min(fWidth[prev], end - abs));
				value.setField(f.fFields[fi], frame, Math.min(abs, end), pw, known ? derivedTime() : 0, known);
				v.field(value);
				continue;
			}
			boolean present = abs + w <= end;
			long raw = present && f.fType[fi] != Protocol.T_ASCII ? FeedPacket.read(frame, abs, fReader[fi]) : 0;
			value.setField(f.fFields[fi], frame, Math.min(abs, end), present ? w : Math.max(0, end - abs), raw, present);
			v.field(value);
		}
		v.endGroup();
	}

	@Override
	public String toString() {
		return "message " + fIndex + " " + typeName() + " @" + fOff + "+" + fLen;
	}
}
