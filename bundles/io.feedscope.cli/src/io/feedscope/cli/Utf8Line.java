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
		int digits = 1;
		for (long p = 10; digits < 19 && v >= p; p *= 10) {
			digits++;
		}
		room(digits);
		byte[] b = fBuf;
		int end = fLen + digits;
		for (int i = end - 1; i >= fLen; i--) {
			b[i] = (byte) ('0' + v % 10);
			v /= 10;
		}
		fLen = end;
		return this;
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
