package io.feedscope.filter.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Reading literals the way wireshark-filter(4) writes them: IPv4 addresses with an optional CIDR prefix,
 * MAC addresses and byte strings (hex digits separated by colons, hyphens or periods, or none), integers
 * (decimal, 0x hex, 0b binary, 0-prefixed octal, 'c' character constants) and dates ("2026-01-01
 * 09:34:00.5", 'T' optional, Z/UTC/+hh:mm optional; "Jan  1, 2026 09:34:00.5" optionally followed by
 * UTC). Dates without a zone are local time, as in Wireshark. Each method returns null for text it
 * cannot read; the compiler words the error.
 */
final class Literals {

	private Literals() {
	}

	private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?");

	/** @return {address, prefix length} (prefix 32 without '/'), or null */
	static long @Nullable [] ipv4(String s) {
		Matcher m = IPV4.matcher(s);
		if (!m.matches()) {
			return null;
		}
		long a = 0;
		for (int g = 1; g <= 4; g++) {
			int b = Integer.parseInt(m.group(g));
			if (b > 255) {
				return null;
			}
			a = a << 8 | b;
		}
		int prefix = m.group(5) == null ? 32 : Integer.parseInt(m.group(5));
		if (prefix > 32) {
			return null;
		}
		return new long[] { a, prefix };
	}

	/** @return the mask of a prefix length, as an unsigned 32-bit number */
	static long mask(int prefix) {
		return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
	}

	/**
	 * A byte string: groups of 1 or 2 hex digits (4 with periods, as in 001b.213a.0a10) separated by ':',
	 * '-' or '.', or an even number of hex digits without separators, or 0xNN for one byte.
	 *
	 * @return the bytes, or null
	 */
	static byte @Nullable [] bytes(String s) {
		if (s.isEmpty()) {
			return null;
		}
		if ((s.startsWith("0x") || s.startsWith("0X")) && s.length() <= 4 && s.length() > 2) {
			return hex(s.substring(2).length() == 1 ? "0" + s.substring(2) : s.substring(2));
		}
		if (s.indexOf(':') < 0 && s.indexOf('-') < 0 && s.indexOf('.') < 0) {
			return s.length() % 2 == 0 ? hex(s) : s.length() == 1 ? hex("0" + s) : null;
		}
		String[] groups = s.split("[:.-]", -1);
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		for (String g : groups) {
			byte[] b = g.length() == 1 ? hex("0" + g) : g.length() == 2 || g.length() == 4 && s.indexOf('.') >= 0 ? hex(g) : null;
			if (b == null) {
				return null;
			}
			out.writeBytes(b);
		}
		return out.toByteArray();
	}

	private static byte @Nullable [] hex(String s) {
		if (s.length() % 2 != 0) {
			return null;
		}
		byte[] b = new byte[s.length() / 2];
		for (int i = 0; i < b.length; i++) {
			int hi = Character.digit(s.charAt(2 * i), 16);
			int lo = Character.digit(s.charAt(2 * i + 1), 16);
			if (hi < 0 || lo < 0) {
				return null;
			}
			b[i] = (byte) (hi << 4 | lo);
		}
		return b;
	}

	/** @return a MAC address as its 48 bits, or null */
	static @Nullable Long ether(String s) {
		byte[] b = bytes(s);
		if (b == null || b.length != 6) {
			return null;
		}
		long v = 0;
		for (byte x : b) {
			v = v << 8 | x & 0xff;
		}
		return v;
	}

	/**
	 * An integer as Wireshark reads it for integer fields: decimal, 0x hex, 0b binary, octal with a leading 0.
	 *
	 * @return the value, or null if it is not an integer or does not fit in a long
	 */
	static @Nullable Long integer(String s, boolean octal) {
		try {
			boolean neg = s.startsWith("-");
			String d = neg ? s.substring(1) : s;
			BigInteger v;
			if (d.startsWith("0x") || d.startsWith("0X")) {
				v = new BigInteger(d.substring(2), 16);
			} else if (d.startsWith("0b") || d.startsWith("0B")) {
				v = new BigInteger(d.substring(2), 2);
			} else if (octal && d.length() > 1 && d.startsWith("0")) {
				v = new BigInteger(d.substring(1), 8);
			} else {
				v = new BigInteger(d);
			}
			return (neg ? v.negate() : v).longValueExact();
		} catch (NumberFormatException | ArithmeticException e) {
			return null;
		}
	}

	/** @return a decimal number (or a hex integer), or null */
	static @Nullable BigDecimal decimal(String s) {
		Long hex = s.startsWith("0x") || s.startsWith("0X") || s.startsWith("0b") || s.startsWith("0B") ? integer(s, false) : null;
		if (hex != null) {
			return BigDecimal.valueOf(hex);
		}
		try {
			return new BigDecimal(s);
		} catch (NumberFormatException e) {
			return null;
		}
	}

	private static final Pattern ISO = Pattern.compile(
			"(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[T ]\\s*(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?\\s*(Z|UTC|[+-]\\d{2}:?\\d{2})?");
	private static final Pattern LEGACY = Pattern.compile(
			"([A-Za-z]{3})\\s+(\\d{1,2}),\\s*(\\d{4})(?:\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?\\s*(UTC)?");
	private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

	/**
	 * @param zone the zone of a date without one (Wireshark: local time)
	 * @return nanoseconds since the Unix epoch, or null if the text is no date and time
	 */
	static @Nullable Long time(String s, ZoneId zone) {
		String t = s.strip();
		Matcher m = ISO.matcher(t);
		int month;
		int day;
		int year;
		if (m.matches()) {
			year = Integer.parseInt(m.group(1));
			month = Integer.parseInt(m.group(2));
			day = Integer.parseInt(m.group(3));
		} else {
			m = LEGACY.matcher(t);
			if (!m.matches()) {
				return null;
			}
			int mi = MONTHS.indexOf(m.group(1).toLowerCase(Locale.ROOT));
			if (mi < 0 || mi % 3 != 0) {
				return null;
			}
			month = mi / 3 + 1;
			day = Integer.parseInt(m.group(2));
			year = Integer.parseInt(m.group(3));
		}
		try {
			int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
			int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
			int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
			String f = m.group(7);
			long nanos = f == null ? 0 : Long.parseLong((f + "00000000").substring(0, 9));
			LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second);
			String z = m.group(8);
			ZoneId at = z == null ? zone : z.equals("Z") || z.equals("UTC") ? ZoneOffset.UTC : ZoneOffset.of(z.length() == 5 ? z.substring(0, 3) + ":" + z.substring(3) : z);
			Instant i = local.atZone(at).toInstant();
			return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), nanos);
		} catch (DateTimeException | ArithmeticException e) {
			return null;
		}
	}

	private static final DateTimeFormatter SHOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS", Locale.ROOT);

	/** @return nanoseconds since the epoch as local date and time, the form {@link #time} reads back */
	static String formatTime(long nanos) {
		Instant i = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
		return SHOW.format(i.atZone(ZoneId.systemDefault()));
	}

	/**
	 * A character constant 'c', '\n', '\x41', '\101'.
	 *
	 * @return the character code, or -1
	 */
	static int character(String s) {
		if (s.length() < 3 || s.charAt(0) != '\'' || s.charAt(s.length() - 1) != '\'') {
			return -1;
		}
		String in = s.substring(1, s.length() - 1);
		if (in.length() == 1) {
			return in.charAt(0);
		}
		if (in.charAt(0) != '\\' || in.length() < 2) {
			return -1;
		}
		char e = in.charAt(1);
		String rest = in.substring(2);
		switch (e) {
		case 'n': return rest.isEmpty() ? '\n' : -1;
		case 't': return rest.isEmpty() ? '\t' : -1;
		case 'r': return rest.isEmpty() ? '\r' : -1;
		case '0', '1', '2', '3', '4', '5', '6', '7': {
			try {
				int v = Integer.parseInt(in.substring(1), 8);
				return in.length() <= 4 && v < 256 ? v : -1;
			} catch (NumberFormatException x) {
				return -1;
			}
		}
		case 'x': {
			try {
				int v = Integer.parseInt(rest, 16);
				return rest.length() >= 1 && rest.length() <= 2 ? v : -1;
			} catch (NumberFormatException x) {
				return -1;
			}
		}
		case '\\', '\'', '"': return rest.isEmpty() ? e : -1;
		default: return -1;
		}
	}
}
