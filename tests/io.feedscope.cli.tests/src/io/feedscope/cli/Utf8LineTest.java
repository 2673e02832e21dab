package io.feedscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link Utf8Line} (decode's output buffer) against the JDK: whatever is appended (chars of every range,
 * surrogate pairs and lone surrogates, Strings, longs at the edges, other lines), its bytes are those of
 * {@code StringBuilder.toString().getBytes(UTF_8)} of the same appends, which is what decode wrote before.
 */
class Utf8LineTest {

	private static final long[] EDGES = { 0, 1, 9, 10, 99, 100, -1, -9, -10, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L,
			Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, Integer.MAX_VALUE, Integer.MIN_VALUE };

	private static char randomChar(Random r) {
		return switch (r.nextInt(8)) {
		case 0 -> (char) r.nextInt(0x20);
		case 1 -> (char) (0x80 + r.nextInt(0x80));
		case 2 -> (char) (0x100 + r.nextInt(0x700));
		case 3 -> (char) (0x800 + r.nextInt(0xd000));
		case 4 -> (char) (0xd800 + r.nextInt(0x400)); // high surrogate
		case 5 -> (char) (0xdc00 + r.nextInt(0x400)); // low surrogate
		default -> (char) (0x20 + r.nextInt(0x60));
		};
	}

	@Test
	void bytesAreTheJdkEncodingOfTheSameAppends() throws IOException {
		for (int seed = 0; seed < 2000; seed++) {
			Random r = new Random(seed);
			StringBuilder expected = new StringBuilder();
			Utf8Line line = new Utf8Line(r.nextInt(40));
			for (int op = 0, n = r.nextInt(60); op < n; op++) {
				switch (r.nextInt(9)) {
				case 0 -> {
					char c = randomChar(r);
					expected.append(c);
					line.append(c);
				}
				case 1 -> {
					StringBuilder s = new StringBuilder();
					for (int i = 0, k = r.nextInt(12); i < k; i++) {
						s.append(r.nextInt(3) == 0 ? randomChar(r) : (char) ('a' + r.nextInt(26)));
					}
					expected.append(s);
					line.append(s.toString());
				}
				case 2 -> {
					long v = r.nextBoolean() ? EDGES[r.nextInt(EDGES.length)] : r.nextLong() >> r.nextInt(64);
					expected.append(v);
					line.append(v);
				}
				case 3 -> {
					char[] c = new char[r.nextInt(10)];
					for (int i = 0; i < c.length; i++) {
						c[i] = randomChar(r);
					}
					int off = c.length == 0 ? 0 : r.nextInt(c.length);
					int len = c.length - off == 0 ? 0 : r.nextInt(c.length - off);
					expected.append(c, off, len);
					line.append(c, off, len);
				}
				case 4 -> {
					// a CSV cell appended whole after its separator, as the CSV writer appends cells; a lone
					// surrogate in it cannot pair with one outside it
					expected.append(',');
					line.append(',');
					Utf8Line cell = new Utf8Line(4);
					StringBuilder cellText = new StringBuilder();
					for (int i = 0, k = r.nextInt(6); i < k; i++) {
						char c = randomChar(r);
						cell.append(c);
						cellText.append(c);
					}
					expected.append(new String(cellText.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
					line.append(cell);
				}
				case 6 -> {
					// a decimal's fraction: exactly width digits, zeros in front
					long v = r.nextLong() >>> 1 + r.nextInt(63); // >= 0
					int width = Math.max(Long.toString(v).length(), r.nextInt(20));
					if (width <= 19) {
						expected.append("0".repeat(width - Long.toString(v).length())).append(v);
						line.appendPadded(v, width);
					}
				}
				case 7 -> {
					// up to 8 ASCII bytes packed in a long, trailing spaces trimmed; refused (nothing appended) when a
					// byte needs an escape or is not ASCII
					int width = 1 + r.nextInt(8);
					long packed = 0;
					StringBuilder text = new StringBuilder();
					boolean plain = true;
					for (int i = 0; i < width; i++) {
						int c = r.nextInt(4) == 0 ? ' ' : r.nextInt(20) == 0 ? r.nextInt(256) : 0x21 + r.nextInt(0x5e);
						packed = packed << 8 | c;
						text.append((char) c);
					}
					String trimmed = text.toString().replaceAll(" +$", "");
					for (char c : trimmed.toCharArray()) {
						plain &= c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
					}
					// a lone high surrogate before it must still become '?': the fast path refuses then
					boolean pendingHigh = expected.length() > 0 && Character.isHighSurrogate(expected.charAt(expected.length() - 1));
					boolean appended = line.appendPlainAscii(packed, width);
					if (appended) {
						expected.append(trimmed);
					}
					org.junit.jupiter.api.Assertions.assertEquals(plain && !pendingHigh, appended, "seed " + seed + " " + text);
				}
				case 8 -> {
					// UTF-8 bytes appended whole (a cached part of a record) come after a closed text, never after a
					// lone high surrogate waiting for its low half
					if (expected.length() > 0 && Character.isHighSurrogate(expected.charAt(expected.length() - 1))) {
						continue;
					}
					byte[] b = new byte[r.nextInt(12)];
					for (int i = 0; i < b.length; i++) {
						b[i] = (byte) (0x20 + r.nextInt(0x5f));
					}
					int off = b.length == 0 ? 0 : r.nextInt(b.length);
					expected.append(new String(b, off, b.length - off, StandardCharsets.US_ASCII));
					line.append(b, off, b.length - off);
				}
				default -> {
					int v = r.nextInt();
					expected.append(v);
					line.append(v);
				}
				}
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			line.writeTo(out);
			assertArrayEquals(expected.toString().getBytes(StandardCharsets.UTF_8), out.toByteArray(), "seed " + seed);
		}
	}

	/**
	 * The digit writers the message plans use straight on a buffer: the JDK's decimal text (Long.toString,
	 * String.format's zero padding) for the edges of every digit count and for random values.
	 */
	@Test
	void digitWritersAreTheJdksText() {
		java.util.Random r = new java.util.Random(5);
		java.util.List<Long> values = new java.util.ArrayList<>();
		aroundPowersOfTen(values, 1, -1, 0, 1);
		values.add(Long.MAX_VALUE);
		values.add((long) Integer.MAX_VALUE);
		values.add(Integer.MAX_VALUE + 1L);
		for (int i = 0; i < 200_000; i++) {
			values.add(r.nextLong() >>> 1 + r.nextInt(63)); // v >= 0: the writers take no sign
		}
		byte[] b = new byte[64];
		for (long v : values) {
			int end = Utf8Line.putLong(b, 3, v);
			org.junit.jupiter.api.Assertions.assertEquals(Long.toString(v), new String(b, 3, end - 3, StandardCharsets.US_ASCII));
			int width = Long.toString(v).length() + r.nextInt(4);
			end = Utf8Line.putPadded(b, 1, v, width);
			org.junit.jupiter.api.Assertions.assertEquals(String.format(java.util.Locale.ROOT, "%0" + width + "d", v),
					new String(b, 1, end - 1, StandardCharsets.US_ASCII));
		}
		for (int v = 0; v < 10_000; v++) {
			int end = Utf8Line.putFour(b, 2, v);
			org.junit.jupiter.api.Assertions.assertEquals(String.format(java.util.Locale.ROOT, "%04d", v), new String(b, 2, end - 2, StandardCharsets.US_ASCII));
		}
	}

	/**
	 * A price's writer ({@link Utf8Line#putDecimal4}: below 10000.0000 all its eight digits converted at once, the zeros
	 * in front of the whole part dropped but its last) against {@link java.math.BigDecimal}'s exact text: every whole
	 * part length around each power of ten, fractions of every digit count, the 10^8 edge and above, random values;
	 * the bytes before {@code at} are never touched.
	 */
	@Test
	void decimal4WriterIsTheExactDecimalText() {
		Random r = new Random(11);
		java.util.List<Long> values = new java.util.ArrayList<>();
		aroundPowersOfTen(values, 1, -1000, -100, -10, -5, -1, 0, 1, 5, 10, 100, 1000);
		aroundPowersOfTen(values, 9, -1, 0, 1, 5, 10, 100, 1000);
		values.add(Long.MAX_VALUE);
		for (int i = 0; i < 1_000_000; i++) {
			values.add(i % 4 == 0 ? r.nextLong() >>> 1 + r.nextInt(63) : r.nextInt(i % 4 == 1 ? 1_000_000 : 100_000_000));
		}
		byte[] b = new byte[64];
		for (long v : values) {
			if (v < 0) {
				continue;
			}
			java.util.Arrays.fill(b, (byte) '#');
			int at = 1 + r.nextInt(8);
			int end = Utf8Line.putDecimal4(b, at, v);
			String what = "value " + v;
			org.junit.jupiter.api.Assertions.assertEquals(java.math.BigDecimal.valueOf(v, 4).toPlainString(),
					new String(b, at, end - at, StandardCharsets.US_ASCII), what);
			for (int j = 0; j < at; j++) {
				org.junit.jupiter.api.Assertions.assertEquals('#', b[j], what);
			}
		}
	}

	/** the bytes an ASCII field is made of in the cases below: padding, letters, and every byte a format treats apart */
	private static final int[] FIELD_BYTES = { ' ', ' ', ' ', 'A', 'z', '0', '~', '!', '"', '\\', ',', '\r', '\n', 0, 0x1f, 0x7f, 0x80,
			0xe9, 0xff, '\t' };

	/**
	 * The word-at-a-time ASCII writers of the plans (every byte tested at once, one store) against a byte-by-byte
	 * reading of the rules: trailing spaces trimmed; JSON text as it is only when every kept byte is printable ASCII
	 * other than {@code "} and {@code \}; a CSV cell as it is only when it is not empty and no kept byte is above
	 * 0x7f, {@code "}, {@code ,}, CR or LF. Every width 1..8, hostile bytes at every position; the bytes before
	 * {@code at} are never touched.
	 */
	@Test
	void wordAsciiWritersFollowTheRulesByteForByte() {
		Random r = new Random(8);
		byte[] b = new byte[32];
		for (int i = 0; i < 400_000; i++) {
			int width = 1 + r.nextInt(8);
			long packed = 0;
			int[] c = new int[width];
			for (int j = 0; j < width; j++) {
				c[j] = r.nextInt(3) == 0 ? FIELD_BYTES[r.nextInt(FIELD_BYTES.length)] : 0x20 + r.nextInt(0x5f);
				packed = packed << 8 | c[j];
			}
			int end = width;
			while (end > 0 && c[end - 1] == ' ') {
				end--;
			}
			boolean json = true, csv = end > 0;
			for (int j = 0; j < end; j++) {
				json &= c[j] >= 0x20 && c[j] < 0x7f && c[j] != '"' && c[j] != '\\';
				csv &= c[j] < 0x80 && c[j] != '"' && c[j] != ',' && c[j] != '\r' && c[j] != '\n';
			}
			org.junit.jupiter.api.Assertions.assertEquals(end, Utf8Line.trimmedWidth(packed, width));
			for (int format = 0; format < 2; format++) {
				java.util.Arrays.fill(b, (byte) '#');
				int at = 1 + r.nextInt(8);
				int got = format == 0 ? Utf8Line.putJsonAscii(b, at, packed, width) : Utf8Line.putCsvAscii(b, at, packed, width);
				boolean plain = format == 0 ? json : csv;
				String what = (format == 0 ? "JSON " : "CSV ") + java.util.Arrays.toString(c);
				org.junit.jupiter.api.Assertions.assertEquals(plain ? at + end : -1, got, what);
				for (int j = 0; j < at; j++) {
					org.junit.jupiter.api.Assertions.assertEquals('#', b[j], what);
				}
				for (int j = 0; plain && j < end; j++) {
					org.junit.jupiter.api.Assertions.assertEquals((byte) c[j], b[at + j], what);
				}
			}
		}
	}

	/**
	 * The word-at-a-time digits ({@link Utf8Line#eightDigits}) for every value 0..10^8 - 1 that a lane split could get
	 * wrong: each digit position through 0..9 around every power of ten, and a million random ones, against
	 * {@code String.format("%08d")}; and the separators and key segments written as words.
	 */
	@Test
	void eightDigitsAndWordSegments() {
		Random r = new Random(9);
		java.util.List<Integer> values = new java.util.ArrayList<>();
		for (int p = 1; p <= 10_000_000; p *= 10) {
			for (int d = 0; d < 10; d++) {
				values.add(d * p);
				values.add(d * p + p - 1);
				values.add(99_999_999 - d * p);
			}
		}
		for (int i = 0; i < 1_000_000; i++) {
			values.add(r.nextInt(100_000_000));
		}
		for (int v : values) {
			long z = Utf8Line.eightDigits(v) + 0x3030303030303030L;
			byte[] text = new byte[8];
			for (int j = 0; j < 8; j++) {
				text[j] = (byte) (z >>> 8 * j);
			}
			org.junit.jupiter.api.Assertions.assertEquals(String.format(java.util.Locale.ROOT, "%08d", v), new String(text,
					StandardCharsets.US_ASCII));
			byte[] b = new byte[16];
			int end = Utf8Line.putSmall(b, 0, v);
			org.junit.jupiter.api.Assertions.assertEquals(Integer.toString(v), new String(b, 0, end, StandardCharsets.US_ASCII));
		}
		for (int n = 0; n <= 60; n++) {
			byte[] seg = new byte[n];
			for (int j = 0; j < n; j++) {
				seg[j] = (byte) (0x21 + r.nextInt(0x5e));
			}
			long[] words = new long[2 * Utf8Line.SEGMENT_WORDS];
			Utf8Line.words(seg, words, Utf8Line.SEGMENT_WORDS);
			byte[] b = new byte[128];
			int end = Utf8Line.putSegment(b, 3, seg, words, 1);
			org.junit.jupiter.api.Assertions.assertEquals(3 + n, end);
			assertArrayEquals(seg, java.util.Arrays.copyOfRange(b, 3, 3 + n), "segment of " + n);
		}
	}

	/**
	 * {@link Utf8Line.TimeWriter} keeps the text of the last time's top digits: whatever time came before (earlier,
	 * equal, later by a nanosecond, by just under or over 0.1 s, by a day, across a power of ten, a small number, the
	 * edges of a long), a time's text is the JDK's, and the bytes before it are not touched. Pairs of consecutive times
	 * through one writer, and a capture's worth of increasing times.
	 */
	@Test
	void timeWriterIsTheJdksTextAfterAnyTimeBefore() {
		Random r = new Random(10);
		java.util.List<Long> edges = new java.util.ArrayList<>();
		for (long m : new long[] { 1, 2, 9 }) {
			aroundPowersOfTen(edges, m, -1, 0, 1);
		}
		for (long v : new long[] { 0, 99_999_999, 100_000_001, 199_999_999, 999_999_999, Long.MAX_VALUE, Long.MAX_VALUE - 100_000_000,
				1_733_300_000_000_000_000L, 1_733_299_999_999_999_999L, 1_733_300_000_099_999_999L }) {
			edges.add(v);
		}
		Utf8Line.TimeWriter w = new Utf8Line.TimeWriter();
		byte[] b = new byte[64];
		for (int i = 0; i < 400_000; i++) {
			long before = r.nextInt(4) == 0 ? edges.get(r.nextInt(edges.size())) : 1_733_300_000_000_000_000L + (r.nextLong() >>> 20);
			long step = switch (r.nextInt(8)) {
			case 0 -> 0;
			case 1 -> r.nextInt(1000);
			case 2 -> r.nextInt(100_000_000);
			case 3 -> 100_000_000 - before % 100_000_000 + r.nextInt(3) - 1; // to just around the next top digits
			case 4 -> -r.nextInt(100_000_000);
			case 5 -> 86_400_000_000_000L;
			case 6 -> edges.get(r.nextInt(edges.size())) - before; // any edge after any time
			default -> r.nextLong() >>> 1 + r.nextInt(63);
			};
			long time = before + step;
			if (time < 0) {
				time = before - step; // past Long.MAX_VALUE (or the writer's v >= 0): the other way
			}
			if (time < 0) {
				continue;
			}
			put(w, b, before, "time " + before + " first");
			put(w, b, time, "time " + time + " after " + before);
		}
		long time = 1_733_300_000_000_000_000L - 5_000_000_000L;
		for (int i = 0; i < 1_000_000; i++) {
			time += r.nextInt(8) == 0 ? r.nextInt(20_000_000) : r.nextInt(3_000);
			put(w, b, time, "time " + time + " of a capture");
		}
	}

	private static void put(Utf8Line.TimeWriter w, byte[] b, long v, String what) {
		java.util.Arrays.fill(b, (byte) '#');
		int end = w.put(b, 5, v);
		org.junit.jupiter.api.Assertions.assertEquals(Long.toString(v), new String(b, 5, end - 5, StandardCharsets.US_ASCII), what);
		for (int j = 0; j < 5; j++) {
			org.junit.jupiter.api.Assertions.assertEquals('#', b[j], what);
		}
	}

	/**
	 * Adds {@code multiplier * 10^d + k} for every power of ten a long holds (d = 0..18) and every offset k: the values
	 * where a digit writer's length and carries change (a negative one is the caller's to skip).
	 */
	private static void aroundPowersOfTen(java.util.List<Long> to, long multiplier, long... offsets) {
		long p = 1;
		for (int d = 0; d < 19; d++) {
			for (long k : offsets) {
				to.add(multiplier * p + k);
			}
			p *= 10;
		}
	}
}
