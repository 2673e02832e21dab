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

	/**
	 * Writes the decimal digits of {@code v >= 0} at {@code at} (room for 19 bytes must be there).
	 *
	 * @return the index after the last digit
	 */
	static int putLong(byte[] b, int at, long v) {
		return putDigits(b, at + digits(v), v);
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
	 * Writes {@code v >= 0} ten-thousandths as a decimal with four places (an ITCH price: "12.3400") at {@code at}.
	 *
	 * @return the index after the last digit
	 */
	static int putDecimal4(byte[] b, int at, long v) {
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
