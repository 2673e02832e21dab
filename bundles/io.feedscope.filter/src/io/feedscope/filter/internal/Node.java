package io.feedscope.filter.internal;

import java.math.BigDecimal;

import io.feedscope.filter.FieldValues;

/** The compiled predicate tree. Field names are interned, so implementations may compare by identity. */
abstract sealed class Node {

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

	static final class AnyOf extends Node {
		private final Node[] fAlternatives;

		AnyOf(Node[] alternatives) {
			fAlternatives = alternatives;
		}

		@Override
		boolean test(FieldValues v) {
			for (Node n : fAlternatives) {
				if (n.test(v)) {
					return true;
				}
			}
			return false;
		}
	}

	static final class Exists extends Node {
		private final String fField;

		Exists(String field) {
			fField = field;
		}

		@Override
		boolean test(FieldValues v) {
			return v.has(fField);
		}
	}

	/** @return whether the comparison result c (as from compareTo) satisfies the operator */
	static boolean holds(int op, int c) {
		return switch (op) {
		case DisplayFilterLexer.EQ -> c == 0;
		case DisplayFilterLexer.NE -> c != 0;
		case DisplayFilterLexer.LT -> c < 0;
		case DisplayFilterLexer.LE -> c <= 0;
		case DisplayFilterLexer.GT -> c > 0;
		case DisplayFilterLexer.GE -> c >= 0;
		default -> throw new IllegalStateException("operator " + op);
		};
	}

	static final class CompareNumber extends Node {
		private final String fField;
		private final int fOp;
		private final long fUnscaled;
		private final int fScale;

		CompareNumber(String field, int op, long unscaled, int scale) {
			fField = field;
			fOp = op;
			fUnscaled = unscaled;
			fScale = scale;
		}

		@Override
		boolean test(FieldValues v) {
			if (!v.has(fField) || v.isString(fField)) {
				return false; // absent, or a string: a number never compares to it
			}
			return holds(fOp, compareDecimal(v.number(fField), v.scale(fField), fUnscaled, fScale));
		}
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

	static final class CompareString extends Node {
		private final String fField;
		private final int fOp;
		private final String fValue;

		CompareString(String field, int op, String value) {
			fField = field;
			fOp = op;
			fValue = value;
		}

		@Override
		boolean test(FieldValues v) {
			if (!v.has(fField) || !v.isString(fField)) {
				return false;
			}
			return holds(fOp, v.string(fField).compareTo(fValue));
		}
	}

	static final class Contains extends Node {
		private final String fField;
		private final String fValue;

		Contains(String field, String value) {
			fField = field;
			fValue = value;
		}

		@Override
		boolean test(FieldValues v) {
			return v.has(fField) && v.isString(fField) && v.string(fField).contains(fValue);
		}
	}
}
