package io.feedscope.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of records being written, encoded to UTF-8 as they are appended: {@link RecordWriter}'s line and
 * CSV cells. Replaces a StringBuilder whose content went through {@code toString().getBytes(UTF_8)} at every
 * flush: that cost two more copies of every byte written, and StringBuilder's appends (capacity and coder
 * checks per call, a String per long on some paths) were 40% of `decode --format jsonl` in a profile.
 * <p>
 * The bytes are exactly those of the text's UTF-8 encoding ({@link String#getBytes} with UTF-8), an
 * unpaired surrogate included (as '?'): the decode output stays byte for byte what it was.
 */
final class Utf8Line {

	private byte[] fBuf;
	private int fLen;
	/** a high surrogate appended alone, waiting for its low half; 0 if none */
	private char fHigh;

	Utf8Line(int capacity) {
		fBuf = new byte[Math.max(16, capacity)];
	}

	int length() {
		return fLen;
	}

	boolean isEmpty() {
		return fLen == 0 && fHigh == 0;
	}

	void clear() {
		fLen = 0;
		fHigh = 0;
	}

	private void room(int n) {
		if (fLen + n > fBuf.length) {
			fBuf = java.util.Arrays.copyOf(fBuf, Math.max(fLen + n, fBuf.length * 2));
		}
	}

	private void pendingSurrogate() {
		if (fHigh != 0) {
			fHigh = 0;
			room(1);
			fBuf[fLen++] = '?'; // what String's encoder writes for an unpaired surrogate
		}
	}

	Utf8Line append(char c) {
		if (c < 0x80 && fHigh == 0) {
			room(1);
			fBuf[fLen++] = (byte) c;
			return this;
		}
		if (Character.isLowSurrogate(c) && fHigh != 0) {
			int cp = Character.toCodePoint(fHigh, c);
			fHigh = 0;
			room(4);
			fBuf[fLen++] = (byte) (0xf0 | cp >> 18);
			fBuf[fLen++] = (byte) (0x80 | cp >> 12 & 0x3f);
			fBuf[fLen++] = (byte) (0x80 | cp >> 6 & 0x3f);
			fBuf[fLen++] = (byte) (0x80 | cp & 0x3f);
			return this;
		}
		pendingSurrogate();
		if (Character.isHighSurrogate(c)) {
			fHigh = c;
			return this;
		}
		if (Character.isLowSurrogate(c)) {
			room(1);
			fBuf[fLen++] = '?';
			return this;
		}
		room(3);
		if (c < 0x80) {
			fBuf[fLen++] = (byte) c;
		} else if (c < 0x800) {
			fBuf[fLen++] = (byte) (0xc0 | c >> 6);
			fBuf[fLen++] = (byte) (0x80 | c & 0x3f);
		} else {
			fBuf[fLen++] = (byte) (0xe0 | c >> 12);
			fBuf[fLen++] = (byte) (0x80 | c >> 6 & 0x3f);
			fBuf[fLen++] = (byte) (0x80 | c & 0x3f);
		}
		return this;
	}

	Utf8Line append(String s) {
		int n = s.length();
		room(n);
		byte[] b = fBuf;
		int at = fLen;
		if (fHigh == 0) {
			int i = 0;
			for (; i < n; i++) {
				char c = s.charAt(i);
				if (c >= 0x80) {
					break;
				}
				b[at + i] = (byte) c;
			}
			fLen = at + i;
			if (i == n) {
				return this;
			}
			for (; i < n; i++) {
				append(s.charAt(i));
			}
			return this;
		}
		for (int i = 0; i < n; i++) {
			append(s.charAt(i));
		}
		return this;
	}

	/** Appends bytes that are UTF-8 already (a JSON key encoded once). */
	Utf8Line append(byte[] utf8) {
		pendingSurrogate();
		int n = utf8.length;
		room(n);
		System.arraycopy(utf8, 0, fBuf, fLen, n);
		fLen += n;
		return this;
	}

	Utf8Line append(char[] c, int off, int n) {
		for (int i = off; i < off + n; i++) {
			append(c[i]);
		}
		return this;
	}

	/** "00", "01", ... "99": two digits per division (the digit loop was a division per digit) */
	private static final byte[] TWO_DIGITS = new byte[200];
	/** 10^i for i = 0..18 */
	private static final long[] POW10 = new long[19];
	static {
		for (int i = 0; i < 100; i++) {
			TWO_DIGITS[2 * i] = (byte) ('0' + i / 10);
			TWO_DIGITS[2 * i + 1] = (byte) ('0' + i % 10);
		}
		long p = 1;
		for (int i = 0; i < POW10.length; i++) {
			POW10[i] = p;
			p *= 10;
		}
	}

	/** @return the number of decimal digits of {@code v >= 0} */
	static int digits(long v) {
		// floor(log10) from the bit length (1233/4096 ~ log10(2)), corrected by one comparison
		int bits = 64 - Long.numberOfLeadingZeros(v | 1);
		int d = bits * 1233 >>> 12;
		return d < 19 && v >= POW10[d] ? d + 1 : Math.max(d, 1);
	}

	/** Appends the decimal text of v, as {@link StringBuilder#append(long)} does. */
	Utf8Line append(long v) {
		pendingSurrogate();
		if (v < 0) {
			if (v == Long.MIN_VALUE) {
				return append("-9223372036854775808");
			}
			room(1);
			fBuf[fLen++] = '-';
			v = -v;
		}
		int n = digits(v);
		room(n);
		fLen = putDigits(fBuf, fLen + n, v);
		return this;
	}

	/**
	 * Appends {@code v >= 0} in exactly {@code width} digits, zeros in front (a decimal's fraction: 4 digits of
	 * 500 are "0500"); {@code v} must have at most {@code width} digits.
	 */
	Utf8Line appendPadded(long v, int width) {
		pendingSurrogate();
		room(width);
		int start = fLen;
		int end = start + width;
		int from = putDigits(fBuf, end, v) - digits(v);
		for (int i = start; i < from; i++) {
			fBuf[i] = '0';
		}
		fLen = end;
		return this;
	}

	/**
	 * Writes the digits of {@code v >= 0} so that the last one is at {@code end - 1}; returns {@code end}. Eight
	 * digits per step while the value needs more than 31 bits (a time in ns since the epoch has 19), then int
	 * arithmetic, two digits per step.
	 */
	private static int putDigits(byte[] b, int end, long v) {
		int i = end;
		while (v > Integer.MAX_VALUE) {
			// v / 10^8 without a 64-bit division (tens of cycles): a multiply by 2^89 / 10^8 rounded up, exact for
			// every v < 2^63 (checked against the division for the edges and millions of random values)
			long q = Math.unsignedMultiplyHigh(v, 0x55e63b88c230e77fL) >>> 25;
			int r = (int) (v - q * 100_000_000L);
			for (int k = 0; k < 4; k++) {
				int q2 = r / 100;
				int d = r - q2 * 100 << 1;
				b[--i] = TWO_DIGITS[d + 1];
				b[--i] = TWO_DIGITS[d];
				r = q2;
			}
			v = q;
		}
		int x = (int) v;
		while (x >= 100) {
			int q = x / 100;
			int d = x - q * 100 << 1;
			b[--i] = TWO_DIGITS[d + 1];
			b[--i] = TWO_DIGITS[d];
			x = q;
		}
		if (x >= 10) {
			b[--i] = TWO_DIGITS[(x << 1) + 1];
			b[--i] = TWO_DIGITS[x << 1];
		} else {
			b[--i] = (byte) ('0' + x);
		}
		return end;
	}

	/** Appends {@code n} bytes of {@code utf8} from {@code off}: UTF-8 already (a record's cached part). */
	Utf8Line append(byte[] utf8, int off, int n) {
		pendingSurrogate();
		room(n);
		System.arraycopy(utf8, off, fBuf, fLen, n);
		fLen += n;
		return this;
	}

	/** Appends one byte below 0x80 (no surrogate can be pending on the fast paths that use it). */
	Utf8Line appendAscii(int c) {
		if (fHigh != 0) {
			return append((char) c);
		}
		if (fLen == fBuf.length) {
			room(1);
		}
		fBuf[fLen++] = (byte) c;
		return this;
	}

	/**
	 * Appends the bytes of {@code packed} (up to 8 ASCII bytes, big-endian, {@code width} of them) with trailing
	 * spaces trimmed, when every byte is printable ASCII other than {@code "} and {@code \}.
	 *
	 * @return false, appending nothing, when a byte is not: the caller escapes char by char
	 */
	boolean appendPlainAscii(long packed, int width) {
		if (fHigh != 0) {
			return false;
		}
		int end = width;
		while (end > 0 && (packed >>> 8 * (width - end) & 0xff) == ' ') {
			end--;
		}
		room(end);
		byte[] b = fBuf;
		int at = fLen;
		for (int i = 0; i < end; i++) {
			int c = (int) (packed >>> 8 * (width - 1 - i) & 0xff);
			if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
				return false;
			}
			b[at + i] = (byte) c;
		}
		fLen = at + end;
		return true;
	}

	/**
	 * For a writer that fills the buffer itself (a message type's plan in {@link RecordWriter}): makes room for
	 * {@code n} more bytes and returns the buffer, valid until the next call that appends; the writer says how
	 * far it wrote with {@link #setLength(int)}.
	 */
	byte[] reserve(int n) {
		pendingSurrogate();
		room(n);
		return fBuf;
	}

	/** Sets the length after bytes were written into {@link #reserve(int)}'s buffer (or drops the tail). */
	void setLength(int length) {
		fLen = length;
	}

	/** stores 8 bytes little-endian into a byte[]: the first byte of the text in the lowest byte of the long */
	private static final java.lang.invoke.VarHandle LONG_LE = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class,
			java.nio.ByteOrder.LITTLE_ENDIAN);
	private static final java.lang.invoke.VarHandle INT_LE = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class,
			java.nio.ByteOrder.LITTLE_ENDIAN);
	/** a constant segment's words ({@link #putSegment}) and the bytes they hold */
	static final int SEGMENT_WORDS = 6, SEGMENT_BYTES = SEGMENT_WORDS * 8;

	/**
	 * Packs {@code text} into {@link #SEGMENT_WORDS} little-endian words at {@code to[from..]} (zeros after it; a
	 * longer text is left to {@link #putSegment}'s arraycopy).
	 */
	static void words(byte[] text, long[] to, int from) {
		byte[] padded = java.util.Arrays.copyOf(text, Math.max(text.length, SEGMENT_BYTES));
		for (int w = 0; w < SEGMENT_WORDS; w++) {
			to[from + w] = (long) LONG_LE.get(padded, w * 8);
		}
	}

	/**
	 * Writes a constant segment (a key) at {@code at}: up to {@link #SEGMENT_BYTES} bytes as that many bytes of word
	 * stores, whatever its length (room for them must be there), a longer one by arraycopy.
	 *
	 * @param words the segments' words ({@link #words}), this one's from {@code i * SEGMENT_WORDS}
	 * @return the index after the segment
	 */
	static int putSegment(byte[] b, int at, byte[] text, long[] words, int i) {
		int n = text.length;
		if (n > SEGMENT_BYTES) {
			System.arraycopy(text, 0, b, at, n);
			return at + n;
		}
		int w = i * SEGMENT_WORDS;
		LONG_LE.set(b, at, words[w]);
		LONG_LE.set(b, at + 8, words[w + 1]);
		LONG_LE.set(b, at + 16, words[w + 2]);
		LONG_LE.set(b, at + 24, words[w + 3]);
		LONG_LE.set(b, at + 32, words[w + 4]);
		LONG_LE.set(b, at + 40, words[w + 5]);
		return at + n;
	}

	/** Stores eight commas at {@code at} (CSV separators; the caller counts how many of them stay). */
	static void putCommas(byte[] b, int at) {
		LONG_LE.set(b, at, 0x2c2c2c2c2c2c2c2cL);
	}

	/** Stores 64 commas at {@code at} (CSV separators; the caller counts how many of them stay). */
	static void putCommas64(byte[] b, int at) {
		long c = 0x2c2c2c2c2c2c2c2cL;
		LONG_LE.set(b, at, c);
		LONG_LE.set(b, at + 8, c);
		LONG_LE.set(b, at + 16, c);
		LONG_LE.set(b, at + 24, c);
		LONG_LE.set(b, at + 32, c);
		LONG_LE.set(b, at + 40, c);
		LONG_LE.set(b, at + 48, c);
		LONG_LE.set(b, at + 56, c);
	}

	/** '0' in every byte: added to digit values 0..9 it makes their text */
	private static final long ZEROS = 0x3030303030303030L;

	/**
	 * The eight decimal digits of {@code 0 <= v < 10^8}, zeros in front, as byte values 0..9 with the first digit in
	 * the lowest byte (so that one little-endian store writes them in reading order). No loop and no table: the
	 * value is split into halves of four digits in two 32-bit lanes, each into two digits in four 16-bit lanes,
	 * each into one digit per byte, every lane divided at once by a multiply and a shift (x / 100 = x * 5243 >>
	 * 19 for x < 10^4, x / 10 = x * 103 >> 10 for x < 100; no lane's product reaches the next lane). The digit
	 * loop it replaces took a third of `decode --format jsonl`: its trip count changes with every value, and so
	 * its branches were mispredicted.
	 */
	static long eightDigits(int v) {
		long hi = (v & 0xffffffffL) * 0xd1b71759L >>> 45; // v / 10^4, exact for every unsigned 32-bit v
		long x = hi | (v - hi * 10_000) << 32;
		long q = (x * 5243 >>> 19) & 0x0000007f0000007fL;
		long y = q | (x - q * 100) << 16;
		long t = (y * 103 >>> 10) & 0x000f000f000f000fL;
		return t | (y - t * 10) << 8;
	}

	/**
	 * Writes {@code 0 <= v < 10^8} without zeros in front at {@code at}; stores 8 bytes (the room must be there),
	 * the bytes past the digits are left for the next write to cover.
	 *
	 * @return the index after the last digit
	 */
	static int putSmall(byte[] b, int at, int v) {
		long z = eightDigits(v);
		// the zeros in front are the low bytes that are 0 (v = 0: all eight, of which the last is written)
		int lead = Math.min(Long.numberOfTrailingZeros(z) >>> 3, 7);
		LONG_LE.set(b, at, (z >>> (lead << 3)) + ZEROS);
		return at + 8 - lead;
	}

	/**
	 * Writes the decimal digits of {@code v >= 0} at {@code at}, eight at a time ({@link #eightDigits(int)}): room for
	 * 20 bytes must be there (bytes past the digits may be overwritten).
	 *
	 * @return the index after the last digit
	 */
	static int putLong(byte[] b, int at, long v) {
		if (v < 100_000_000) {
			return putSmall(b, at, (int) v);
		}
		// a method of its own: inlined here, its calls were not (C2 judged them cold within each caller's copy of
		// this method, so every time and timestamp took two calls)
		return putBig(b, at, v);
	}

	/** {@link #putLong} for {@code v >= 10^8}. */
	private static int putBig(byte[] b, int at, long v) {
		// v / 10^8 without a 64-bit division: a multiply by 2^89 / 10^8 rounded up, exact for every v < 2^63
		long hi = Math.unsignedMultiplyHigh(v, 0x55e63b88c230e77fL) >>> 25;
		long lo = eightDigits((int) (v - hi * 100_000_000L)) + ZEROS;
		if (hi < 100_000_000) {
			at = putSmall(b, at, (int) hi);
		} else {
			long top = Math.unsignedMultiplyHigh(hi, 0x55e63b88c230e77fL) >>> 25;
			at = putSmall(b, at, (int) top);
			LONG_LE.set(b, at, eightDigits((int) (hi - top * 100_000_000L)) + ZEROS);
			at += 8;
		}
		LONG_LE.set(b, at, lo);
		return at + 8;
	}

	/**
	 * Writes capture times (ns since the epoch: 19 digits) as {@link #putLong} does, keeping the text of a time's top
	 * digits (all but its last eight) for the next call: a capture's times increase by micro- to milliseconds from
	 * frame to frame, so those digits change about every tenth of a second, and the usual time costs a subtraction,
	 * a comparison and three stores instead of two 64-bit multiplies and the arithmetic of eleven more digits. A
	 * time before the kept ones or 0.1 s or more after them renders its top digits again. One per run of times (its
	 * state is the last time's): a writer's packet times, a message type's timestamps (ITCH: ns since midnight, 14
	 * digits).
	 */
	static final class TimeWriter {
		private static final int LOW = 100_000_000;
		/** the kept top digits' value times 10^8; Long.MIN_VALUE: none kept (no time is then within 10^8 of it) */
		private long fBase = Long.MIN_VALUE;
		/** the kept top digits' text, little-endian words (bytes past the length are any), and its length */
		private long fTop0, fTop1;
		private int fTopLength;
		private final byte[] fScratch = new byte[24];

		/**
		 * Writes {@code v >= 0} at {@code at}; stores up to 24 bytes (the room must be there), the bytes past the
		 * digits are left for the next write to cover.
		 *
		 * @return the index after the last digit
		 */
		int put(byte[] b, int at, long v) {
			// v >= 0 and a kept base >= 10^8: no overflow; with none kept, v - MIN_VALUE wraps below 0
			long low = v - fBase;
			if (Long.compareUnsigned(low, LOW) >= 0) {
				// one test for a time below the kept top digits, 0.1 s or more after them, and a writer's first time
				// (none kept): the first times of a decode's writers take this way, so C2 compiles it in instead of a
				// trap that the first 0.1 s boundary after the compile hit (a recompile of the record writer)
				return renew(b, at, v);
			}
			LONG_LE.set(b, at, fTop0);
			LONG_LE.set(b, at + 8, fTop1);
			at += fTopLength;
			LONG_LE.set(b, at, eightDigits((int) low) + ZEROS);
			return at + 8;
		}

		/** {@link #put} of a time whose top digits are not the kept ones: keeps v's, if it has any */
		private int renew(byte[] b, int at, long v) {
			if (v < LOW) {
				// no top digits: a small number's text as it is, nothing kept
				return putSmall(b, at, (int) v);
			}
			long top = Math.unsignedMultiplyHigh(v, 0x55e63b88c230e77fL) >>> 25; // v / 10^8, as putBig
			byte[] s = fScratch;
			fTopLength = putLong(s, 0, top);
			fTop0 = (long) LONG_LE.get(s, 0);
			fTop1 = (long) LONG_LE.get(s, 8);
			fBase = top * LOW;
			LONG_LE.set(b, at, fTop0);
			LONG_LE.set(b, at + 8, fTop1);
			at += fTopLength;
			LONG_LE.set(b, at, eightDigits((int) (v - fBase)) + ZEROS);
			return at + 8;
		}
	}

	/**
	 * Appends up to 8 ASCII bytes packed big-endian in {@code packed} ({@code width} of them, as the decoder reads an
	 * ASCII field) with trailing spaces trimmed, at {@code at}, when each kept byte is printable ASCII other than
	 * {@code "} and {@code \} (JSON text as it is): every byte tested at once, one 8-byte store. Room for 8 bytes
	 * must be there.
	 *
	 * @return the index after the text, or -1 (nothing that counts written) when a kept byte needs escaping
	 */
	static int putJsonAscii(byte[] b, int at, long packed, int width) {
		int end = trimmedWidth(packed, width);
		long a = leftAligned(packed, width, end);
		// the bytes past the text read as 'A', which passes every test
		if ((a & 0x8080808080808080L | less(a, 0x20) | equal(a, 0x7f) | equal(a, '"') | equal(a, '\\')) != 0) {
			return -1;
		}
		LONG_LE.set(b, at, Long.reverseBytes(a));
		return at + end;
	}

	/**
	 * As {@link #putJsonAscii} for a CSV cell: the kept bytes below 0x80 and none of {@code " , CR LF}, and at least
	 * one (empty text is written quoted).
	 *
	 * @return the index after the text, or -1
	 */
	static int putCsvAscii(byte[] b, int at, long packed, int width) {
		int end = trimmedWidth(packed, width);
		long a = leftAligned(packed, width, end);
		if (end == 0 || (a & 0x8080808080808080L | equal(a, '"') | equal(a, ',') | equal(a, '\r') | equal(a, '\n')) != 0) {
			return -1;
		}
		LONG_LE.set(b, at, Long.reverseBytes(a));
		return at + end;
	}

	/** @return the width of a packed ASCII field without its trailing spaces (its low bytes) */
	static int trimmedWidth(long packed, int width) {
		// a space XOR 0x20 is a zero byte; the bytes above the width are 0, so they become 0x20 and stop the count
		return width - Math.min(Long.numberOfTrailingZeros(packed ^ 0x2020202020202020L) >>> 3, width);
	}

	/** @return the first {@code end} bytes of the packed field in the high bytes, the low bytes after them 'A' */
	private static long leftAligned(long packed, int width, int end) {
		long a = packed << (8 - width << 3);
		long keep = end == 0 ? 0 : -1L << (8 - end << 3);
		return a & keep | 0x4141414141414141L & ~keep;
	}

	/** @return non-zero when a byte of {@code x} (each below 0x80) is below {@code n <= 0x80} */
	private static long less(long x, int n) {
		return x - 0x0101010101010101L * n & ~x & 0x8080808080808080L;
	}

	/** @return non-zero when a byte of {@code x} (each below 0x80) is {@code c} */
	private static long equal(long x, int c) {
		long y = x ^ 0x0101010101010101L * c;
		return y - 0x0101010101010101L & ~y & 0x8080808080808080L;
	}

	/**
	 * Writes {@code v >= 0} in exactly {@code width} digits, zeros in front, at {@code at} ({@code v} has at most
	 * {@code width} digits; room must be there).
	 *
	 * @return the index after the last digit
	 */
	static int putPadded(byte[] b, int at, long v, int width) {
		int end = at + width;
		int from = putDigits(b, end, v) - digits(v);
		for (int i = at; i < from; i++) {
			b[i] = '0';
		}
		return end;
	}

	/**
	 * Writes {@code 0 <= v < 10000} as exactly four digits (a price's fraction) at {@code at}.
	 *
	 * @return {@code at + 4}
	 */
	static int putFour(byte[] b, int at, int v) {
		int hi = v / 100;
		int lo = v - hi * 100;
		b[at] = TWO_DIGITS[hi << 1];
		b[at + 1] = TWO_DIGITS[(hi << 1) + 1];
		b[at + 2] = TWO_DIGITS[lo << 1];
		b[at + 3] = TWO_DIGITS[(lo << 1) + 1];
		return at + 4;
	}

	/**
	 * Writes {@code v >= 0} ten-thousandths as a decimal with four places (an ITCH price: "12.3400") at {@code at}; room
	 * for 24 bytes must be there (bytes past the digits may be overwritten).
	 *
	 * @return the index after the last digit
	 */
	static int putDecimal4(byte[] b, int at, long v) {
		if (v < 100_000_000) {
			// below 10000.0000 (nearly every price): the eight digits of v at once are the whole part's four (its zeros
			// in front dropped but the last) and the fraction's, so one conversion and two stores instead of a
			// conversion of the whole part and the fraction's division and four table look-ups
			long z = eightDigits((int) v);
			int lead = Math.min(Long.numberOfTrailingZeros(z) >>> 3, 3);
			LONG_LE.set(b, at, (z >>> (lead << 3)) + ZEROS);
			at += 4 - lead;
			LONG_LE.set(b, at, (z >>> 32) + ZEROS << 8 | '.');
			return at + 5;
		}
		long whole = v / 10_000;
		at = putLong(b, at, whole);
		b[at++] = '.';
		return putFour(b, at, (int) (v - whole * 10_000));
	}

	/**
	 * Writes {@code v >= 0} units of {@code 1 / pow} ({@code pow = 10^scale}) as a decimal with {@code scale} places
	 * at {@code at}.
	 *
	 * @return the index after the last digit
	 */
	static int putDecimal(byte[] b, int at, long v, long pow, int scale) {
		long whole = v / pow;
		at = putLong(b, at, whole);
		b[at++] = '.';
		return putPadded(b, at, v - whole * pow, scale);
	}

	/** Drops the bytes from {@code length} on (a fast path that gave up). */
	void truncate(int length) {
		fLen = length;
	}

	/** @return a copy of bytes {@code from..length()} (a part of a record to append again) */
	byte[] copy(int from) {
		return java.util.Arrays.copyOfRange(fBuf, from, fLen);
	}

	Utf8Line append(int v) {
		return append((long) v);
	}

	/** Appends another line's bytes (a CSV cell: always after a separator, so no surrogate pairs across). */
	Utf8Line append(Utf8Line other) {
		if (other.isEmpty()) {
			return this;
		}
		pendingSurrogate();
		other.pendingSurrogate();
		room(other.fLen);
		System.arraycopy(other.fBuf, 0, fBuf, fLen, other.fLen);
		fLen += other.fLen;
		return this;
	}

	void writeTo(OutputStream out) throws IOException {
		pendingSurrogate();
		out.write(fBuf, 0, fLen);
	}

	@Override
	public String toString() {
		return new String(fBuf, 0, fLen, StandardCharsets.UTF_8);
	}
}
