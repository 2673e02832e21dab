package io.feedscope.ui.chart.internal;

/**
 * Axis arithmetic and label formats of the sequence chart: 1-2-5 tick steps, time of day with as many
 * fraction digits as the step needs, offsets in µs/ms, and sequence numbers with thousands separators.
 * Separators and decimal points are fixed ({@code ,} and {@code .}) rather than locale dependent, so that a
 * sequence number reads the same in a screenshot, a report and the packet table.
 */
public final class Ticks {

	/** Nanoseconds per microsecond, millisecond, second, day. */
	public static final long US = 1_000L, MS = 1_000_000L, S = 1_000_000_000L, DAY = 86_400L * S;

	private Ticks() {
	}

	/**
	 * @param raw the smallest step wanted (positive)
	 * @return the smallest 1, 2 or 5 times a power of ten that is {@code >= raw}, at least 1
	 */
	public static long niceStep(double raw) {
		if (!(raw > 1)) {
			return 1;
		}
		long p = 1;
		while (p <= Long.MAX_VALUE / 10 && p * 10 <= raw) {
			p *= 10;
		}
		for (long m : new long[] { 1, 2, 5, 10 }) {
			if (p * m >= raw) {
				return p * m;
			}
		}
		return p * 10;
	}

	/** @return the first multiple of {@code step} that is {@code >= v} */
	public static long firstTick(long v, long step) {
		return Math.floorDiv(v, step) * step + (Math.floorMod(v, step) == 0 ? 0 : step);
	}

	/** @return {@code v} with {@code ,} between groups of three digits, e.g. {@code 1,234,567} and {@code -1,000} */
	public static String formatSeq(long v) {
		String digits = Long.toString(v);
		int start = v < 0 ? 1 : 0;
		int len = digits.length() - start;
		if (len <= 3) {
			return digits;
		}
		StringBuilder b = new StringBuilder(digits.length() + len / 3);
		b.append(digits, 0, start);
		int first = len % 3 == 0 ? 3 : len % 3;
		b.append(digits, start, start + first);
		for (int i = start + first; i < digits.length(); i += 3) {
			b.append(',').append(digits, i, i + 3);
		}
		return b.toString();
	}

	/**
	 * @param nanos          ns since the Unix epoch
	 * @param offsetNanos    time zone offset to add
	 * @param fractionDigits 0 to 9 digits after the seconds
	 * @return {@code HH:MM:SS} or {@code HH:MM:SS.fff...}
	 */
	public static String formatTimeOfDay(long nanos, long offsetNanos, int fractionDigits) {
		long t = Math.floorMod(nanos + offsetNanos, DAY);
		long sec = t / S;
		long frac = t % S;
		StringBuilder b = new StringBuilder(20);
		two(b, sec / 3600).append(':');
		two(b, sec / 60 % 60).append(':');
		two(b, sec % 60);
		if (fractionDigits > 0) {
			String f = Long.toString(frac + S).substring(1, 1 + Math.min(9, fractionDigits));
			b.append('.').append(f);
		}
		return b.toString();
	}

	private static StringBuilder two(StringBuilder b, long v) {
		return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
	}

	/** @return fraction digits that show a time step exactly: 0 for whole seconds, 3 for ms, 6 for µs, 9 for ns */
	public static int fractionDigitsFor(long step) {
		int digits = 0;
		long unit = S;
		while (digits < 9 && step % unit != 0) {
			digits += 3;
			unit /= 1000;
		}
		return digits;
	}

	/**
	 * Time axis label for a tick. Steps of 1 ms or more are labelled with the time of day; finer steps with
	 * the offset from {@code anchor} (the whole millisecond at or before the window start, which the axis
	 * shows once as time of day), so labels stay short: {@code +250 µs}, {@code +1,012.5 µs}.
	 */
	public static String timeLabel(long tick, long step, long anchor, long offsetNanos) {
		if (step >= MS) {
			return formatTimeOfDay(tick, offsetNanos, fractionDigitsFor(step));
		}
		return "+" + formatOffset(tick - anchor, step);
	}

	/** @return the anchor for {@link #timeLabel}: the whole millisecond at or before {@code start} */
	public static long anchorFor(long start) {
		return Math.floorDiv(start, MS) * MS;
	}

	/** @return {@code delta} ns in µs, with the decimals the step needs (step below 1 ms) */
	public static String formatOffset(long delta, long step) {
		long us = Math.floorDiv(delta, US);
		long ns = Math.floorMod(delta, US);
		String whole = formatSeq(us);
		if (step % US == 0) {
			return whole + " µs";
		}
		String f = Long.toString(ns + 1000).substring(1);
		if (step % 100 == 0) {
			f = f.substring(0, 1);
		} else if (step % 10 == 0) {
			f = f.substring(0, 2);
		}
		return whole + "." + f + " µs";
	}

	/** @return a duration for people: {@code 850 ns}, {@code 12.3 µs}, {@code 102 ms}, {@code 1.50 s} */
	public static String formatDuration(long nanos) {
		if (nanos < 1000) {
			return nanos + " ns";
		}
		String[] units = { " µs", " ms", " s" };
		double v = nanos / 1000.0;
		int u = 0;
		// promote after rounding too, so 999,999 ns reads 1.00 ms rather than 1000 µs
		while (u < units.length - 1 && v >= 999.5) {
			v /= 1000;
			u++;
		}
		String num = v >= 100 ? Long.toString(Math.round(v))
				: v >= 10 ? String.format(java.util.Locale.ROOT, "%.1f", v) : String.format(java.util.Locale.ROOT, "%.2f", v);
		return num + units[u];
	}
}
