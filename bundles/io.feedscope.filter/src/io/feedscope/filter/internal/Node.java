package io.feedscope.filter.internal;

import java.math.BigDecimal;
import java.util.regex.Pattern;


import io.feedscope.filter.FieldValues;

/**
 * The compiled predicate tree. Tests that read values are quantified over the occurrences of their
 * operands, as wireshark-filter(4) says for fields that occur several times in a frame: {@link #ANY}
 * occurrence satisfies the test ({@code ==}, {@code <}, {@code contains}, {@code matches}, {@code in},
 * {@code !==}), or {@link #ALL} occurrences do ({@code !=}, {@code ===}); {@code any}/{@code all} before
 * a test choose explicitly. Either way an absent operand makes the test false.
 */
abstract sealed class Node {

	static final boolean ANY = false;
	static final boolean ALL = true;

	/** comparison operators of {@link Compare} */
	static final int EQ = 0;
	static final int NE = 1;
	static final int LT = 2;
	static final int LE = 3;
	static final int GT = 4;
	static final int GE = 5;

	/** no order between the two values (a number and a text): every comparison is false */
	static final int INCOMPARABLE = Integer.MIN_VALUE;

	abstract boolean test(FieldValues v);

	static final Node TRUE = new Node.True();

	static final class True extends Node {
		@Override
		boolean test(FieldValues v) {
			return true;
		}
	}

	static final class Not extends Node {
		private final Node fInner;

		Not(Node inner) {
			fInner = inner;
		}

		@Override
		boolean test(FieldValues v) {
			return !fInner.test(v);
		}
	}

	static final class And extends Node {
		private final Node fLeft;
		private final Node fRight;

		And(Node left, Node right) {
			fLeft = left;
			fRight = right;
		}

		@Override
		boolean test(FieldValues v) {
			return fLeft.test(v) && fRight.test(v);
		}
	}

	static final class Or extends Node {
		private final Node fLeft;
		private final Node fRight;

		Or(Node left, Node right) {
			fLeft = left;
			fRight = right;
		}

		@Override
		boolean test(FieldValues v) {
			return fLeft.test(v) || fRight.test(v);
		}
	}

	/** A bare operand: true when it occurs (a slice: when some occurrence is long enough). */
	static final class Exists extends Node {
		private final Operand fOperand;

		Exists(Operand operand) {
			fOperand = operand;
		}

		@Override
		boolean test(FieldValues v) {
			int n = fOperand.count(v);
			if (!(fOperand instanceof Operand.Slice)) {
				return n > 0;
			}
			for (int i = 0; i < n; i++) {
				if (fOperand.bytes(v, i) != null) {
					return true;
				}
			}
			return false;
		}
	}

	/** A test of each occurrence of one operand, quantified. */
	abstract static sealed class Quantified extends Node {
		final boolean fAll;
		final Operand fLeft;

		Quantified(boolean all, Operand left) {
			fAll = all;
			fLeft = left;
		}

		@Override
		final boolean test(FieldValues v) {
			int n = fLeft.count(v);
			if (n == 0) {
				return false;
			}
			for (int i = 0; i < n; i++) {
				if (holds(v, i) != fAll) {
					return !fAll;
				}
			}
			return fAll;
		}

		/** @return whether occurrence i passes */
		abstract boolean holds(FieldValues v, int i);
	}

	/** {@code left OP right}: with a field on the right, every pair of occurrences is a candidate. */
	static final class Compare extends Quantified {
		private final int fOp;
		private final Operand fRight;

		Compare(boolean all, Operand left, int op, Operand right) {
			super(all, left);
			fOp = op;
			fRight = right;
		}

		@Override
		boolean holds(FieldValues v, int i) {
			int m = fRight.count(v);
			if (m == 0) {
				return false;
			}
			for (int j = 0; j < m; j++) {
				boolean h = holds(fOp, compare(fLeft, v, i, fRight, j));
				if (h != fAll) {
					return h;
				}
			}
			return fAll;
		}
	}

	/** {@code ip.dst == 233.54.12.0/24}: occurrence i is in the network (or, for !=, is not). */
	static final class InNetwork extends Quantified {
		private final long fNetwork;
		private final long fMask;
		private final boolean fEqual;

		InNetwork(boolean all, Operand left, long network, long mask, boolean equal) {
			super(all, left);
			fNetwork = network;
			fMask = mask;
			fEqual = equal;
		}

		@Override
		boolean holds(FieldValues v, int i) {
			if ((fLeft.kinds(v) & Operand.NUM) == 0) {
				return false;
			}
			return ((fLeft.number(v, i) & fMask) == fNetwork) == fEqual;
		}
	}

	/** {@code f in {1, 2, 10..20, 10.0.0.0/8}}: occurrence i equals one element or lies in one range. */
	static final class In extends Quantified {
		/** per element: low, high (same as low for a single value), or a network (low = network, high = mask) */
		private final Operand[] fLow;
		private final Operand[] fHigh;
		private final boolean[] fNetwork;

		In(boolean all, Operand left, Operand[] low, Operand[] high, boolean[] network) {
			super(all, left);
			fLow = low;
			fHigh = high;
			fNetwork = network;
		}

		@Override
		boolean holds(FieldValues v, int i) {
			for (int k = 0; k < fLow.length; k++) {
				if (fNetwork[k]) {
					if ((fLeft.kinds(v) & Operand.NUM) != 0
							&& (fLeft.number(v, i) & fHigh[k].number(v, 0)) == fLow[k].number(v, 0)) {
						return true;
					}
				} else if (fLow[k] == fHigh[k]) {
					if (compare(fLeft, v, i, fLow[k], 0) == 0) {
						return true;
					}
				} else {
					int lo = compare(fLeft, v, i, fLow[k], 0);
					int hi = compare(fLeft, v, i, fHigh[k], 0);
					if (lo != INCOMPARABLE && hi != INCOMPARABLE && lo >= 0 && hi <= 0) {
						return true;
					}
				}
			}
			return false;
		}
	}

	/** {@code contains}: a substring of text, a subsequence of bytes. */
	static final class Contains extends Quantified {
		private final Operand fRight;

		Contains(boolean all, Operand left, Operand right) {
			super(all, left);
			fRight = right;
		}

		@Override
		boolean holds(FieldValues v, int i) {
			int kl = fLeft.kinds(v);
			int kr = fRight.kinds(v);
			if ((kl & kr & Operand.STR) != 0) {
				return fLeft.string(v, i).contains(fRight.string(v, 0));
			}
			if ((kl & (Operand.STR | Operand.BYTES)) == 0 && (fLeft.fType == null || fLeft.fType.byteWidth() == 0)) {
				return false; // a number contains nothing; an address contains bytes
			}
			byte[] hay = fLeft.asBytes(v, i);
			byte[] needle = fRight.asBytes(v, 0);
			return hay != null && needle != null && indexOf(hay, needle) >= 0;
		}

		private static int indexOf(byte[] hay, byte[] needle) {
			outer: for (int s = 0; s + needle.length <= hay.length; s++) {
				for (int k = 0; k < needle.length; k++) {
					if (hay[s + k] != needle[k]) {
						continue outer;
					}
				}
				return s;
			}
			return -1;
		}
	}

	/** {@code matches} / {@code ~}: a regular expression found in the text. */
	static final class Matches extends Quantified {
		private final Pattern fPattern;

		Matches(boolean all, Operand left, Pattern pattern) {
			super(all, left);
			fPattern = pattern;
		}

		@Override
		boolean holds(FieldValues v, int i) {
			String s = fLeft.asText(v, i);
			return s != null && fPattern.matcher(s).find();
		}
	}

	// ------------------------------------------------------------------ comparison

	/** @return whether the comparison result c (as from compareTo) satisfies the operator */
	static boolean holds(int op, int c) {
		if (c == INCOMPARABLE) {
			return false;
		}
		return switch (op) {
		case EQ -> c == 0;
		case NE -> c != 0;
		case LT -> c < 0;
		case LE -> c <= 0;
		case GT -> c > 0;
		case GE -> c >= 0;
		default -> throw new IllegalStateException("operator " + op);
		};
	}

	/**
	 * Compares occurrence i of a with occurrence j of b: numbers exactly, text by characters, anything
	 * else that has bytes (slices, addresses, text against bytes) by unsigned bytes.
	 *
	 * @return negative, 0, positive, or {@link #INCOMPARABLE}
	 */
	static int compare(Operand a, FieldValues v, int i, Operand b, int j) {
		int ka = a.kinds(v);
		int kb = b.kinds(v);
		if ((ka & kb & Operand.NUM) != 0) {
			return compareDecimal(a.number(v, i), a.scale(v), b.number(v, j), b.scale(v));
		}
		if ((ka & kb & Operand.STR) != 0) {
			return Integer.signum(a.string(v, i).compareTo(b.string(v, j)));
		}
		if (((ka | kb) & Operand.BYTES) != 0) {
			byte[] x = a.asBytes(v, i);
			byte[] y = b.asBytes(v, j);
			return x == null || y == null ? INCOMPARABLE : Integer.signum(java.util.Arrays.compareUnsigned(x, y));
		}
		return INCOMPARABLE;
	}

	private static final long[] POW10 = new long[19];
	static {
		POW10[0] = 1;
		for (int i = 1; i < POW10.length; i++) {
			POW10[i] = POW10[i - 1] * 10;
		}
	}

	/** Exact comparison of a / 10^sa with b / 10^sb, without doubles. */
	static int compareDecimal(long a, int sa, long b, int sb) {
		if (sa == sb) {
			return Long.compare(a, b);
		}
		try {
			if (sa < sb && sb - sa < POW10.length) {
				return Long.compare(Math.multiplyExact(a, POW10[sb - sa]), b);
			}
			if (sa > sb && sa - sb < POW10.length) {
				return Long.compare(a, Math.multiplyExact(b, POW10[sa - sb]));
			}
		} catch (ArithmeticException overflow) {
			// fall through to the exact slow path
		}
		return BigDecimal.valueOf(a, sa).compareTo(BigDecimal.valueOf(b, sb));
	}

}
