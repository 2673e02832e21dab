package io.feedscope.dissect;

/**
 * The message blocks of a packet whose layout ends in a repeat (MoldUDP64's message blocks, a PITCH
 * sequenced unit's messages): each block is an optional fixed part (where a length may sit) followed by the
 * data its length says, the length adjusted by what it counts besides the data (a PITCH length counts
 * itself). One walker per packet object, reused; it reads through the packet's {@link ByteView} and
 * allocates nothing but the text of damage it reports.
 * <p>
 * Two uses of the same length rules:
 * <ul>
 * <li>{@link #walk}: dissection. Trusts only the bytes present, as Wireshark's MoldUDP64 dissector does:
 * a block whose length or fixed part is cut off by the end of the payload ends the walk with an error; a
 * length below what it counts itself ends it too (walking on would loop or read garbage); a length that
 * overruns the payload gives a last block of what is there, with an error. Every sound block before the
 * damage is kept.</li>
 * <li>{@link #countFilling}: the heuristics' "blocks fill the payload" test, which wants a yes or no.</li>
 * </ul>
 */
final class BlockWalker {

	/** Where a walk's blocks and damage go (the packet being dissected). */
	interface Sink {
		/** A message block: it starts at blockStart, its data is [msgOff, msgOff + msgLen). */
		void block(int blockStart, int msgOff, int msgLen);

		/**
		 * Damage that ends the walk or cuts a block (an error).
		 *
		 * @param message the 0-based index of the block at fault
		 */
		void damage(String id, String field, int offset, int length, int message, String reason);
	}

	private final ByteView fView;

	BlockWalker(ByteView view) {
		fView = view;
	}

	/**
	 * Walks the blocks after the layout's fixed header.
	 *
	 * @param off the payload's offset in the frame
	 * @param len the payload's length (at least the layout's header length)
	 * @return the number of blocks given to the sink
	 */
	int walk(Protocol p, Protocol.PacketLayout l, int off, int len, Sink sink) {
		int pos = off + l.headerLength;
		int end = off + len;
		int sizeRel = l.blockSizeRel;
		int sizeWidth = sizeRel < 0 ? 0 : p.fWidth[l.blockSizeField];
		int n = 0;
		while (pos < end) {
			if (sizeRel >= l.blockFixed && pos + sizeRel + sizeWidth > end) {
				// a length read at the start of the data (counting itself) that is not all there
				FieldInfo sf = p.fFields[l.blockSizeField];
				sink.damage(sf.name() + ".invalid", sf.name(), pos, end - pos, n,
						"message length needs " + sizeWidth + " byte(s), " + (end - pos) + " left in the payload");
				break;
			}
			if (pos + l.blockFixed > end) {
				String fname = l.blockSizeField >= 0 ? p.fFields[l.blockSizeField].name() : p.name() + ".block";
				sink.damage(fname + ".invalid", fname, pos, end - pos, n,
						"block header needs " + l.blockFixed + " bytes, " + (end - pos) + " left in the payload");
				break;
			}
			int msgStart = pos + l.blockFixed;
			long size = sizeRel < 0 ? end - msgStart : fView.read(pos + sizeRel, p.fReader[l.blockSizeField]);
			if (sizeRel >= 0 && size < l.blockSizeMin) {
				FieldInfo sf = p.fFields[l.blockSizeField];
				sink.damage(sf.name() + ".invalid", sf.name(), pos + sizeRel, sf.width(), n, "message length " + size
						+ " is less than the " + l.blockSizeMin + " byte(s) it counts itself: the rest of the payload is not walked");
				break;
			}
			size -= l.blockSizeAdjust;
			if (size > end - msgStart) {
				FieldInfo sf = p.fFields[l.blockSizeField];
				sink.damage(sf.name() + ".invalid", sf.name(), pos + sizeRel, sf.width(), n,
						"message length " + size + " overruns the payload: " + (end - msgStart) + " bytes left");
				sink.block(pos, msgStart, end - msgStart);
				n++;
				break;
			}
			sink.block(pos, msgStart, (int) size);
			n++;
			pos = msgStart + (int) size;
		}
		return n;
	}

	/**
	 * The blocks exactly fill the payload after the header: every length sound and all there, the last block
	 * ending at the payload's end.
	 *
	 * @return the number of blocks, -1 if they do not fill the payload (or the layout has no length per block)
	 */
	long countFilling(Protocol p, Protocol.PacketLayout l, int off, int len) {
		if (l.trailing != 2 || len < l.headerLength) {
			return -1;
		}
		int sizeRel = l.blockSizeRel;
		if (sizeRel < 0) {
			return -1;
		}
		int reader = p.fReader[l.blockSizeField];
		long pos = off + l.headerLength;
		int end = off + len;
		long n = 0;
		int sizeEnd = Math.max(l.blockFixed, sizeRel + p.fWidth[l.blockSizeField]);
		while (pos < end) {
			if (pos + sizeEnd > end) {
				return -1;
			}
			long size = fView.read((int) pos + sizeRel, reader);
			if (size < l.blockSizeMin) {
				return -1;
			}
			pos += l.blockFixed + size - l.blockSizeAdjust;
			n++;
		}
		return pos == end ? n : -1;
	}
}
