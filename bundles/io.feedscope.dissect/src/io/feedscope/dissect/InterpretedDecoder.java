package io.feedscope.dissect;

import java.nio.ByteBuffer;

/**
 * The decoder for any description: per message type, its fields' end offsets, masks and how to read each, in
 * flat arrays made once from the protocol's slots. A type whose fields are all big-endian and at most 8 bytes
 * wide (all of ITCH) is read by a loop without a branch per field: one 8-byte read ending at the field's last
 * byte, masked to its width.
 */
final class InterpretedDecoder extends MessageDecoder {

	/** how a field is read: 8-byte big-endian read masked, little-endian read reversed and shifted, derived, by reader */
	private static final byte BE = 0, LE = 1, DERIVED = 2, READER = 3;

	/** per type: each field's offset in the message */
	private final int[][] fStart;
	/** per type: each field's end offset in the message (offset + width) */
	private final int[][] fEnd;
	/** per type: BE: the mask keeping the low width bytes; LE: the right shift after reversing */
	private final long[][] fArg;
	/** per type: each field's reader code ({@link FeedPacket#read(ByteBuffer, int, int)}) */
	private final int[][] fReader;
	private final byte[][] fHow;
	/** per type: true if every field is {@link #BE} */
	private final boolean[] fPlain;

	InterpretedDecoder(Protocol p) {
		int types = p.fTypeCount;
		fStart = new int[types][];
		fEnd = new int[types][];
		fArg = new long[types][];
		fReader = new int[types][];
		fHow = new byte[types][];
		fPlain = new boolean[types];
		for (int t = 0; t < types; t++) {
			long[] slots = p.fTypeSlots[t];
			int n = slots.length;
			fStart[t] = new int[n];
			fEnd[t] = new int[n];
			fArg[t] = new long[n];
			fReader[t] = new int[n];
			fHow[t] = new byte[n];
			boolean plain = true;
			for (int k = 0; k < n; k++) {
				long slot = slots[k];
				int reader = p.fReader[p.fTypeFields[t][k]];
				int w = (int) slot & 0xff;
				fStart[t][k] = (int) (slot >>> 32);
				fEnd[t][k] = (int) (slot >>> 32) + w;
				fReader[t][k] = reader;
				if ((slot & Protocol.SLOT_FAST) != 0) {
					fHow[t][k] = BE;
					fArg[t][k] = -1L >>> ((int) slot >>> 8 & 0xff);
					continue;
				}
				plain = false;
				if ((slot & Protocol.SLOT_DERIVED) != 0) {
					fHow[t][k] = DERIVED;
				} else if ((reader & 0x10) != 0 && (reader == 0x11 || reader == 0x12 || reader == 0x14 || reader == 0x16 || reader == 0x18)) {
					// the little-endian widths FeedPacket.read knows: reversed, an 8-byte read's last w bytes come first
					fHow[t][k] = LE;
					fArg[t][k] = 64 - 8 * (reader & 0xf);
				} else {
					fHow[t][k] = READER; // text wider than 8 bytes and the like: exactly as getLong reads it
				}
			}
			fPlain[t] = plain;
		}
	}

	@Override
	int decode(ByteBuffer b, int off, int type, long[] dst, FeedMessage m) {
		int[] end = fEnd[type];
		int n = end.length;
		if (off < 8) {
			// as getLong: an 8-byte read ending in the message could start before the frame, so each by its reader
			int[] start = fStart[type];
			int[] reader = fReader[type];
			byte[] how = fHow[type];
			for (int k = 0; k < n; k++) {
				dst[k] = how[k] == DERIVED ? m.derivedTime() : FeedPacket.read(b, off + start[k], reader[k]);
			}
			return n;
		}
		long[] arg = fArg[type];
		int base = off - 8;
		if (fPlain[type]) {
			for (int k = 0; k < n; k++) {
				dst[k] = b.getLong(base + end[k]) & arg[k];
			}
			return n;
		}
		byte[] how = fHow[type];
		for (int k = 0; k < n; k++) {
			switch (how[k]) {
			case BE -> dst[k] = b.getLong(base + end[k]) & arg[k];
			case LE -> dst[k] = Long.reverseBytes(b.getLong(base + end[k])) >>> arg[k];
			case DERIVED -> dst[k] = m.derivedTime();
			default -> dst[k] = FeedPacket.read(b, off + fStart[type][k], fReader[type][k]);
			}
		}
		return n;
	}
}
