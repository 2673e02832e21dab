package io.feedscope.capture;

/**
 * pcapng timestamps: counts of an interface's {@code if_tsresol} unit to nanoseconds. One definition for
 * every reader of pcapng (the one parser behind the indexed and the streaming reader), so that both give a
 * frame the same time.
 */
public final class PcapngTime {

	private static final long[] POW10 = { 1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
			100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L };

	private PcapngTime() {
	}

	/**
	 * Converts a timestamp in units of if_tsresol to nanoseconds, truncating below 1 ns (as Wireshark
	 * does).
	 *
	 * @param ticks units since the epoch (unsigned in the file; beyond 2^63 is not a real time)
	 * @param tsresol bit 7 clear: units of 10^-n s; set: units of 2^-n s
	 * @return nanoseconds since the epoch
	 */
	public static long toNanos(long ticks, int tsresol) {
		int e = tsresol & 0x7f;
		if ((tsresol & 0x80) == 0) {
			if (e == 9) {
				return ticks;
			}
			if (e < 9) {
				return ticks * POW10[9 - e];
			}
			return e - 9 < POW10.length ? Long.divideUnsigned(ticks, POW10[e - 9]) : 0;
		}
		if (e == 0) {
			return ticks * 1_000_000_000L;
		}
		if (e >= 64) {
			return 0; // units below 2^-64 s: any 64-bit count is under a nanosecond
		}
		long sec = ticks >>> e;
		long frac = ticks & ((1L << e) - 1);
		// frac * 10^9 / 2^e with a 128-bit product, since frac * 10^9 overflows for e > 33
		long lo = frac * 1_000_000_000L;
		long hi = Math.unsignedMultiplyHigh(frac, 1_000_000_000L);
		return sec * 1_000_000_000L + (hi << (64 - e) | lo >>> e);
	}
}
