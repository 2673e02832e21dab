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
 */
public record AnalysisOptions(long freezeNanos, int latencyWindow, int latencyExactSamples, long latencyWorstNanos,
		double burstFactor, int findingsPerCheck, int framesPerFinding, int listLimit) {

	/** the defaults documented on the record components */
	public static final AnalysisOptions DEFAULTS = new AnalysisOptions(50_000_000L, 1 << 16, 1 << 17, 1_000_000L, 4.0,
			1000, 16, 1000);

	public AnalysisOptions {
		if (Integer.bitCount(latencyWindow) != 1) {
			throw new IllegalArgumentException("latencyWindow must be a power of two: " + latencyWindow);
		}
	}

	public AnalysisOptions withFreezeNanos(long nanos) {
		return new AnalysisOptions(nanos, latencyWindow, latencyExactSamples, latencyWorstNanos, burstFactor,
				findingsPerCheck, framesPerFinding, listLimit);
	}

	public AnalysisOptions withLatencyExactSamples(int samples) {
		return new AnalysisOptions(freezeNanos, latencyWindow, samples, latencyWorstNanos, burstFactor,
				findingsPerCheck, framesPerFinding, listLimit);
	}

	public AnalysisOptions withLatencyWindow(int window) {
		return new AnalysisOptions(freezeNanos, window, latencyExactSamples, latencyWorstNanos, burstFactor,
				findingsPerCheck, framesPerFinding, listLimit);
	}
}
