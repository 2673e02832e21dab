package io.feedscope.analysis;

/**
 * Tunables of one analysis run; immutable, change with the {@code with...} methods.
 *
 * @param freezeNanos a line silent this long while another line delivers new messages is frozen (50 ms)
 * @param latencyWindow sequence numbers kept for A/B matching (power of two, default 65,536): a message
 *        whose second copy arrives more than this many messages after the first is counted unmatched
 * @param latencyExactSamples latency samples kept exactly; beyond this, percentiles come from a log-linear
 *        histogram whose buckets are exact below 256 ns and
 *        within 1/128 (0.8 %) above
 * @param latencyWorstNanos |B-A| at or above this starts a "worst range" (1 ms)
 * @param burstFactor messages/packet at least this many times the line's norm count as a burst (4)
 * @param findingsPerCheck findings kept per check (more are counted, not kept)
 * @param framesPerFinding frames listed per finding
 * @param listLimit entries kept in report lists (malformed frames, trashed packets, requests, runs)
 * @param gapTimeoutNanos how long the arbitration replay waits for a missing range before declaring it lost
 *        (ns, 0 = at once), or {@link #GAP_TIMEOUT_AUTO}: the smallest timeout at which seq+count arbitration
 *        loses nothing a line delivered on this capture (the default)
 * @param tapOrder capture indices from upstream to downstream, for lines seen at several tap points (as the
 *        user orders the Capture Set); empty (the default): taps are ordered by their median transit time
 */
public record AnalysisOptions(long freezeNanos, int latencyWindow, int latencyExactSamples, long latencyWorstNanos,
		double burstFactor, int findingsPerCheck, int framesPerFinding, int listLimit, long gapTimeoutNanos,
		java.util.List<Integer> tapOrder) {

	/** {@link #gapTimeoutNanos()} value: the safe gap timeout of seq+count arbitration on the capture analyzed */
	public static final long GAP_TIMEOUT_AUTO = -1;

	/**
	 * Preference key (workbench, FeedScope page) of the gap timeout, in the text form {@link #parseGapTimeout}
	 * reads; {@link #GAP_TIMEOUT_DEFAULT} when unset.
	 */
	public static final String GAP_TIMEOUT_PREFERENCE = "gapTimeout";

	/** default text of {@link #GAP_TIMEOUT_PREFERENCE} and of {@code analyze --gap-timeout} */
	public static final String GAP_TIMEOUT_DEFAULT = "auto";

	/** longest gap timeout accepted: a handler waiting longer than a minute is no longer arbitrating */
	public static final long GAP_TIMEOUT_MAX_NANOS = 60_000_000_000L;

	/** the defaults documented on the record components */
	public static final AnalysisOptions DEFAULTS = new AnalysisOptions(50_000_000L, 1 << 16, 1 << 17, 1_000_000L, 4.0,
			1000, 16, 1000, GAP_TIMEOUT_AUTO, java.util.List.of());

	public AnalysisOptions {
		if (Integer.bitCount(latencyWindow) != 1) {
			throw new IllegalArgumentException("latencyWindow must be a power of two: " + latencyWindow);
		}
		if (gapTimeoutNanos < GAP_TIMEOUT_AUTO || gapTimeoutNanos > GAP_TIMEOUT_MAX_NANOS) {
			throw new IllegalArgumentException("gapTimeoutNanos must be auto (-1) or 0.." + GAP_TIMEOUT_MAX_NANOS
					+ ": " + gapTimeoutNanos);
		}
		tapOrder = java.util.List.copyOf(tapOrder);
	}

	/** The options of before the gap timeout existed, with the gap timeout on {@link #GAP_TIMEOUT_AUTO}. */
	public AnalysisOptions(long freezeNanos, int latencyWindow, int latencyExactSamples, long latencyWorstNanos,
			double burstFactor, int findingsPerCheck, int framesPerFinding, int listLimit) {
		this(freezeNanos, latencyWindow, latencyExactSamples, latencyWorstNanos, burstFactor, findingsPerCheck,
				framesPerFinding, listLimit, GAP_TIMEOUT_AUTO, java.util.List.of());
	}

	/** @param nanos gap timeout in ns, or {@link #GAP_TIMEOUT_AUTO} */
	public AnalysisOptions withGapTimeoutNanos(long nanos) {
		return new AnalysisOptions(freezeNanos, latencyWindow, latencyExactSamples, latencyWorstNanos, burstFactor,
				findingsPerCheck, framesPerFinding, listLimit, nanos, tapOrder);
	}

	/** @param captures capture indices from upstream to downstream (empty: by median transit time) */
	public AnalysisOptions withTapOrder(java.util.List<Integer> captures) {
		return new AnalysisOptions(freezeNanos, latencyWindow, latencyExactSamples, latencyWorstNanos, burstFactor,
				findingsPerCheck, framesPerFinding, listLimit, gapTimeoutNanos, captures);
	}

	/**
	 * Reads a gap timeout as people write it: {@code auto}, {@code 0}, or a number with a unit
	 * {@code ns}, {@code us} (or {@code µs}), {@code ms}, {@code s}, e.g. {@code 250us}, {@code 4.2ms}.
	 * Shared by {@code analyze --gap-timeout} and the workbench preference so both accept the same text.
	 *
	 * @return ns, or {@link #GAP_TIMEOUT_AUTO}
	 * @throws IllegalArgumentException naming what is wrong with the text
	 */
	public static long parseGapTimeout(String text) {
		String t = text.strip().toLowerCase(java.util.Locale.ROOT);
		if (t.equals("auto")) {
			return GAP_TIMEOUT_AUTO;
		}
		if (t.equals("0")) {
			return 0;
		}
		int i = 0;
		while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
			i++;
		}
		String number = t.substring(0, i);
		String unit = t.substring(i).strip();
		long scale = switch (unit) {
		case "ns" -> 1L;
		case "us", "\u00b5s" -> 1_000L;
		case "ms" -> 1_000_000L;
		case "s" -> 1_000_000_000L;
		default -> 0L;
		};
		if (number.isEmpty() || scale == 0) {
			throw new IllegalArgumentException("gap timeout must be auto, 0 or a duration such as 250us, 5ms or 1s, not '"
					+ text + "'");
		}
		java.math.BigDecimal v;
		try {
			v = new java.math.BigDecimal(number).multiply(java.math.BigDecimal.valueOf(scale));
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("gap timeout '" + text + "' is not a number with a unit");
		}
		if (v.compareTo(java.math.BigDecimal.valueOf(GAP_TIMEOUT_MAX_NANOS)) > 0) {
			throw new IllegalArgumentException("gap timeout '" + text + "' is longer than 60 s");
		}
		if (v.stripTrailingZeros().scale() > 0) {
			throw new IllegalArgumentException("gap timeout '" + text + "' is finer than a nanosecond");
		}
		return v.longValueExact();
	}

	/** @return the gap timeout as text {@link #parseGapTimeout} reads back: "auto", "0", "250us", "4.2ms" */
	public static String gapTimeoutText(long nanos) {
		if (nanos == GAP_TIMEOUT_AUTO) {
			return "auto";
		}
		if (nanos == 0) {
			return "0";
		}
		String[] units = { "s", "ms", "us", "ns" };
		long[] scales = { 1_000_000_000L, 1_000_000L, 1_000L, 1L };
		for (int i = 0; i < units.length; i++) {
			if (nanos >= scales[i]) {
				return java.math.BigDecimal.valueOf(nanos).divide(java.math.BigDecimal.valueOf(scales[i]))
						.stripTrailingZeros().toPlainString() + units[i];
			}
		}
		return nanos + "ns";
	}

	public AnalysisOptions withFreezeNanos(long nanos) {
		return new AnalysisOptions(nanos, latencyWindow, latencyExactSamples, latencyWorstNanos, burstFactor,
				findingsPerCheck, framesPerFinding, listLimit, gapTimeoutNanos, tapOrder);
	}

	public AnalysisOptions withLatencyExactSamples(int samples) {
		return new AnalysisOptions(freezeNanos, latencyWindow, samples, latencyWorstNanos, burstFactor,
				findingsPerCheck, framesPerFinding, listLimit, gapTimeoutNanos, tapOrder);
	}

	public AnalysisOptions withLatencyWindow(int window) {
		return new AnalysisOptions(freezeNanos, window, latencyExactSamples, latencyWorstNanos, burstFactor,
				findingsPerCheck, framesPerFinding, listLimit, gapTimeoutNanos, tapOrder);
	}
}
