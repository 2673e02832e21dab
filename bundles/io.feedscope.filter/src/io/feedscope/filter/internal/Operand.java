package io.feedscope.filter.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.filter.FieldType;
import io.feedscope.filter.FieldValues;

/**
 * What a test reads: a field, a literal, a slice or a function of those. Every operand has a number of
 * occurrences per record (a field may occur several times in a frame) and offers each occurrence in the
 * representations its {@link #kinds} say: a number (unscaled long + scale), text, or bytes.
 */
abstract sealed class Operand {

	/** representations an operand offers */
	static final int NUM = 1;
	static final int STR = 2;
	static final int BYTES = 4;

	/** the field type when known at compile time; null for untyped names and literals */
	final @Nullable FieldType fType;
	/** the text of the operand, for messages */
	final String fText;

	Operand(@Nullable FieldType type, String text) {
		fType = type;
		fText = text;
	}

	/** @return how many occurrences the record has (0: absent) */
	abstract int count(FieldValues v);

	/** @return NUM, STR and/or BYTES: the representations of this operand in the record */
	abstract int kinds(FieldValues v);

	long number(FieldValues v, int i) {
		return 0;
	}

	int scale(FieldValues v) {
		return 0;
	}

	String string(FieldValues v, int i) {
		return "";
	}

	/** @return occurrence i as bytes, or null if it has none (a number that is not an address, a slice out of range) */
	byte @Nullable [] bytes(FieldValues v, int i) {
		return null;
	}

	/** @return occurrence i as bytes from whichever representation has them */
	final byte @Nullable [] asBytes(FieldValues v, int i) {
		int k = kinds(v);
		if ((k & BYTES) != 0) {
			return bytes(v, i);
		}
		if ((k & STR) != 0) {
			return string(v, i).getBytes(StandardCharsets.ISO_8859_1);
		}
		FieldType t = fType;
		if ((k & NUM) != 0 && t != null && t.byteWidth() > 0) {
			long n = number(v, i);
			byte[] b = new byte[t.byteWidth()];
			for (int j = b.length - 1; j >= 0; j--) {
				b[j] = (byte) n;
				n >>>= 8;
			}
			return b;
		}
		return null;
	}

	/** @return occurrence i as text, for matches/contains: text as is, bytes as ISO-8859-1 characters */
	final @Nullable String asText(FieldValues v, int i) {
		int k = kinds(v);
		if ((k & STR) != 0) {
			return string(v, i);
		}
		byte[] b = (k & BYTES) != 0 ? bytes(v, i) : null;
		return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
	}

	// ------------------------------------------------------------------ fields

	static final class Field extends Operand {
		final String fName;

		Field(String name, @Nullable FieldType type) {
			super(type, name);
			fName = name;
		}

		@Override
		int count(FieldValues v) {
			return v.count(fName);
		}

		@Override
		int kinds(FieldValues v) {
			FieldType t = fType;
			if (t == null) {
				return v.isString(fName) ? STR : NUM;
			}
			return t.isText() ? STR : t.isBytes() ? BYTES : NUM;
		}

		@Override
		long number(FieldValues v, int i) {
			return v.number(fName, i);
		}

		@Override
		int scale(FieldValues v) {
			return v.scale(fName);
		}

		@Override
		String string(FieldValues v, int i) {
			return v.string(fName, i);
		}

		@Override
		byte @Nullable [] bytes(FieldValues v, int i) {
			return v.bytes(fName, i);
		}
	}

	// ------------------------------------------------------------------ literals

	/**
	 * A constant, in every representation it was given in or could be read as (an untyped field decides
	 * at run time whether it is text or a number, so "5" and 5 both stay possible there).
	 */
	static final class Literal extends Operand {
		final int fKinds;
		final long fNumber;
		final int fScale;
		final String fString;
		final byte @Nullable [] fBytes;

		Literal(String text, int kinds, long number, int scale, String string, byte @Nullable [] bytes) {
			super(null, text);
			fKinds = kinds;
			fNumber = number;
			fScale = scale;
			fString = string;
			fBytes = bytes;
		}

		static Literal number(String text, long unscaled, int scale) {
			return new Literal(text, NUM, unscaled, scale, "", null);
		}

		static Literal string(String text, String value) {
			return new Literal(text, STR, 0, 0, value, null);
		}

		static Literal bytes(String text, byte[] value) {
			return new Literal(text, BYTES, 0, 0, "", value);
		}

		@Override
		int count(FieldValues v) {
			return 1;
		}

		@Override
		int kinds(FieldValues v) {
			return fKinds;
		}

		@Override
		long number(FieldValues v, int i) {
			return fNumber;
		}

		@Override
		int scale(FieldValues v) {
			return fScale;
		}

		@Override
		String string(FieldValues v, int i) {
			return fString;
		}

		@Override
		byte @Nullable [] bytes(FieldValues v, int i) {
			return fBytes;
		}
	}

	// ------------------------------------------------------------------ slices

	/**
	 * {@code f[i:j]}, {@code f[i-j]}, {@code f[i]}, {@code f[:j]}, {@code f[i:]}, several joined by commas:
	 * the bytes of each occurrence (text as its ISO-8859-1 bytes, addresses as their bytes), as
	 * wireshark-filter(4) defines them. A range beyond the value makes that occurrence absent.
	 */
	static final class Slice extends Operand {
		private final Operand fInner;
		/** per range: start, kind (0 = length, 1 = inclusive end, 2 = to the end), length or end */
		private final int[][] fRanges;

		Slice(Operand inner, int[][] ranges, String text) {
			super(FieldType.BYTES, text);
			fInner = inner;
			fRanges = ranges;
		}

		@Override
		int count(FieldValues v) {
			return fInner.count(v);
		}

		@Override
		int kinds(FieldValues v) {
			return BYTES;
		}

		@Override
		byte @Nullable [] bytes(FieldValues v, int i) {
			byte[] b = fInner.asBytes(v, i);
			if (b == null) {
				return null;
			}
			int n = b.length;
			byte[] out = new byte[0];
			for (int[] r : fRanges) {
				int start = r[0] < 0 ? n + r[0] : r[0];
				int end = switch (r[1]) {
				case 0 -> start + r[2];
				case 1 -> (r[2] < 0 ? n + r[2] : r[2]) + 1;
				default -> n;
				};
				if (start < 0 || end > n || start > end) {
					return null;
				}
				byte[] joined = new byte[out.length + end - start];
				System.arraycopy(out, 0, joined, 0, out.length);
				System.arraycopy(b, start, joined, out.length, end - start);
				out = joined;
			}
			return out;
		}
	}

	// ------------------------------------------------------------------ functions

	/** len(), upper(), lower(), count(), string(): one result per occurrence of the argument (count: one). */
	static final class Call extends Operand {
		enum Function {
			LEN, UPPER, LOWER, COUNT, STRING
		}

		private final Function fFunction;
		private final Operand fArg;

		Call(Function function, Operand arg, String text) {
			super(switch (function) {
			case LEN, COUNT -> FieldType.UNSIGNED;
			default -> FieldType.STRING;
			}, text);
			fFunction = function;
			fArg = arg;
		}

		@Override
		int count(FieldValues v) {
			int n = fArg.count(v);
			return fFunction == Function.COUNT ? (n > 0 ? 1 : 0) : n;
		}

		@Override
		int kinds(FieldValues v) {
			return fFunction == Function.LEN || fFunction == Function.COUNT ? NUM : STR;
		}

		@Override
		long number(FieldValues v, int i) {
			if (fFunction == Function.COUNT) {
				return fArg.count(v);
			}
			int k = fArg.kinds(v);
			if ((k & STR) != 0) {
				return fArg.string(v, i).length();
			}
			byte[] b = fArg.asBytes(v, i);
			return b == null ? 0 : b.length;
		}

		@Override
		String string(FieldValues v, int i) {
			return switch (fFunction) {
			case UPPER -> text(v, i).toUpperCase(Locale.ROOT);
			case LOWER -> text(v, i).toLowerCase(Locale.ROOT);
			default -> format(v, i);
			};
		}

		private String text(FieldValues v, int i) {
			String s = fArg.asText(v, i);
			return s == null ? "" : s;
		}

		/** string(): a number as text, the way tshark prints the field */
		private String format(FieldValues v, int i) {
			if ((fArg.kinds(v) & NUM) == 0) {
				return text(v, i);
			}
			long n = fArg.number(v, i);
			FieldType t = fArg.fType;
			if (t == FieldType.IPV4) {
				return (n >>> 24 & 0xff) + "." + (n >>> 16 & 0xff) + "." + (n >>> 8 & 0xff) + "." + (n & 0xff);
			}
			if (t == FieldType.ETHER) {
				StringBuilder b = new StringBuilder(17);
				for (int s = 40; s >= 0; s -= 8) {
					if (b.length() > 0) {
						b.append(':');
					}
					b.append(String.format("%02x", n >>> s & 0xff));
				}
				return b.toString();
			}
			if (t == FieldType.ABSOLUTE_TIME) {
				return Literals.formatTime(n);
			}
			int scale = fArg.scale(v);
			return scale == 0 ? Long.toString(n) : BigDecimal.valueOf(n, scale).toPlainString();
		}
	}
}
