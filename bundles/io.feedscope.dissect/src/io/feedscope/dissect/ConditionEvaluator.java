package io.feedscope.dissect;

/**
 * The tests of a description's {@code when} conditions and heuristics, against a packet's fixed header in the
 * frame: sizes, field values and specials, printable text, and "the blocks fill the payload" (a walk over the
 * block lengths, by the packet's {@link BlockWalker}). Reads through the packet's {@link ByteView}; allocates
 * nothing (it runs for every frame the heuristics look at).
 */
final class ConditionEvaluator {

	private final ByteView fView;
	private final BlockWalker fWalker;

	ConditionEvaluator(ByteView view, BlockWalker walker) {
		fView = view;
		fWalker = walker;
	}

	/** Evaluates a condition list against a layout's fixed header; a field beyond the payload fails its test. */
	boolean hold(Protocol p, Protocol.PacketLayout l, int[] conds, long[] values, int off, int len) {
		for (int c = 0; c < values.length; c++) {
			int test = conds[3 * c];
			int field = conds[3 * c + 1];
			int op = conds[3 * c + 2];
			long v = values[c];
			switch (test) {
			case Protocol.C_SIZE:
				if (!compare(len, op, v)) {
					return false;
				}
				break;
			case Protocol.C_BLOCKS_FILL:
				if (!blocksFill(p, l, off, len)) {
					return false;
				}
				break;
			default: {
				int rel = field < 0 ? -1 : l.topOffset(field);
				int w = field < 0 ? 0 : p.fWidth[field];
				if (rel < 0 || rel + w > len) {
					return false;
				}
				int abs = off + rel;
				if (test == Protocol.C_PRINTABLE) {
					for (int k = 0; k < w; k++) {
						int ch = fView.u8(abs + k);
						if (ch < 0x20 || ch > 0x7e) {
							return false;
						}
					}
				} else {
					long x = fView.read(abs, p.fReader[field]);
					boolean special = p.fFields[field].specialName(x) != null;
					if (test == Protocol.C_SPECIAL && !special || test == Protocol.C_NOT_SPECIAL && special
							|| test == Protocol.C_FIELD && !compare(x, op, v) || test == Protocol.C_FIELD_SIZE && !compare(x, op, len)) {
						return false;
					}
				}
			}
			}
		}
		return true;
	}

	static boolean compare(long x, int op, long v) {
		return switch (op) {
		case Protocol.OP_NE -> x != v;
		case Protocol.OP_LT -> x < v;
		case Protocol.OP_LE -> x <= v;
		case Protocol.OP_GT -> x > v;
		case Protocol.OP_GE -> x >= v;
		default -> x == v;
		};
	}

	/** True if the blocks exactly fill the payload and agree with the count (special counts: no blocks). */
	boolean blocksFill(Protocol p, Protocol.PacketLayout l, int off, int len) {
		long n = fWalker.countFilling(p, l, off, len);
		if (n < 0) {
			return false;
		}
		if (l.countField >= 0) {
			int rel = l.topOffset(l.countField);
			long count = fView.read(off + rel, p.fReader[l.countField]);
			FieldInfo ci = p.fFields[l.countField];
			long expected = ci.specialPacketKind(count) != null ? 0 : count;
			return expected == n;
		}
		return true;
	}
}
