package io.feedscope.analysis.internal;

import java.util.Arrays;

import org.HdrHistogram.Histogram;

/**
 * Signed latency samples in bounded memory, for percentiles.
 * <p>
 * The first {@code exactLimit} samples are kept exactly, so small captures (and tests) get exact
 * percentiles. Past that, all samples go into two HdrHistograms of |value|, one per sign, with
 * {@link #SIGNIFICANT_DIGITS} significant decimal digits: a value is held within 1/2048 (0.05 %) of itself,
 * below HdrHistogram's stated precision of 0.1 % for 3 digits. Percentiles from the histograms report the
 * lowest value equivalent to the sample at that rank (towards zero). Min and max are always exact.
 * HdrHistograms add up ({@link #add}), which the per-capture map/merge of a distributed analysis needs.
 */
public final class LatencyHistogram {

	/** HdrHistogram precision: 3 significant decimal digits */
	public static final int SIGNIFICANT_DIGITS = 3;

	private final int fExactLimit;
	private long[] fExact = new long[64];
	private int fExactCount;
	private @org.eclipse.jdt.annotation.Nullable Histogram fPositive;
	private @org.eclipse.jdt.annotation.Nullable Histogram fNegative;
	private long fCount;
	private long fMin = Long.MAX_VALUE;
	private long fMax = Long.MIN_VALUE;

	public LatencyHistogram(int exactLimit) {
		fExactLimit = exactLimit;
	}

	public void record(long v) {
		fCount++;
		if (v < fMin) {
			fMin = v;
		}
		if (v > fMax) {
			fMax = v;
		}
		if (fPositive == null) {
			if (fExactCount < fExactLimit) {
				if (fExactCount == fExact.length) {
					fExact = Arrays.copyOf(fExact, Math.min(fExactLimit, fExact.length * 2));
				}
				fExact[fExactCount++] = v;
				return;
			}
			fold();
		}
		bucket(v);
	}

	/** Moves the exact samples into the histograms. */
	private void fold() {
		fPositive = new Histogram(SIGNIFICANT_DIGITS);
		fNegative = new Histogram(SIGNIFICANT_DIGITS);
		for (int i = 0; i < fExactCount; i++) {
			bucket(fExact[i]);
		}
		fExact = new long[0];
		fExactCount = 0;
	}

	private void bucket(long v) {
		Histogram positive = fPositive;
		Histogram negative = fNegative;
		if (positive == null || negative == null) {
			throw new IllegalStateException("not folded");
		}
		if (v >= 0) {
			positive.recordValue(v);
		} else {
			negative.recordValue(v == Long.MIN_VALUE ? Long.MAX_VALUE : -v);
		}
	}

	/** Adds another histogram's samples to this one (the other is unchanged). */
	public void add(LatencyHistogram other) {
		if (fPositive == null && other.fPositive == null && fExactCount + other.fExactCount <= fExactLimit) {
			for (int i = 0; i < other.fExactCount; i++) {
				record(other.fExact[i]);
			}
			return;
		}
		if (fPositive == null) {
			fold();
		}
		Histogram positive = fPositive;
		Histogram negative = fNegative;
		Histogram otherPositive = other.fPositive;
		Histogram otherNegative = other.fNegative;
		if (positive == null || negative == null) {
			throw new IllegalStateException("not folded");
		}
		if (otherPositive != null && otherNegative != null) {
			positive.add(otherPositive);
			negative.add(otherNegative);
		} else {
			for (int i = 0; i < other.fExactCount; i++) {
				bucket(other.fExact[i]);
			}
		}
		fCount += other.fCount;
		fMin = Math.min(fMin, other.fMin);
		fMax = Math.max(fMax, other.fMax);
	}

	/**
	 * The samples times {@code sign} as HdrHistograms ({@link #SIGNIFICANT_DIGITS} digits), what a distributed
	 * analysis keeps per session so that sessions, days and feeds can be merged later (HdrHistograms add up,
	 * percentiles of a merge are those of all samples): {@code [0]} the values at or above zero, {@code [1]}
	 * the magnitudes of those below (an HdrHistogram holds no negative values). New histograms: this one is
	 * unchanged.
	 *
	 * @param sign 1, or -1 for the negated samples (as {@link #percentile(double, int)})
	 */
	public Histogram[] hdr(int sign) {
		Histogram atOrAbove = new Histogram(SIGNIFICANT_DIGITS);
		Histogram below = new Histogram(SIGNIFICANT_DIGITS);
		Histogram positive = fPositive;
		Histogram negative = fNegative;
		if (positive == null || negative == null) {
			for (int i = 0; i < fExactCount; i++) {
				long v = sign > 0 ? fExact[i] : -fExact[i];
				if (v >= 0) {
					atOrAbove.recordValue(v);
				} else {
					below.recordValue(v == Long.MIN_VALUE ? Long.MAX_VALUE : -v);
				}
			}
			return new Histogram[] { atOrAbove, below };
		}
		if (sign > 0) {
			atOrAbove.add(positive);
			below.add(negative);
		} else {
			// negated: the raw negatives become the values above zero, the raw positives those below, and zero
			// stays at zero
			atOrAbove.add(negative);
			below.add(positive);
			long zeros = positive.getCountAtValue(0);
			if (zeros > 0) {
				Histogram z = new Histogram(SIGNIFICANT_DIGITS);
				z.recordValueWithCount(0, zeros);
				below.subtract(z);
				atOrAbove.recordValueWithCount(0, zeros);
			}
		}
		return new Histogram[] { atOrAbove, below };
	}

	public long count() {
		return fCount;
	}

	/** @return true while every sample is kept exactly */
	public boolean exact() {
		return fPositive == null;
	}

	/** @return the smallest sample, times {@code sign} taken into account ({@code sign} = 1 or -1) */
	public long min(int sign) {
		return sign > 0 ? fMin : -fMax;
	}

	public long max(int sign) {
		return sign > 0 ? fMax : -fMin;
	}

	/**
	 * Nearest-rank percentile of {@code sign * sample}: the smallest value such that at least
	 * {@code p * count} samples are at or below it (within the histograms' precision once folded).
	 *
	 * @param p in (0, 1]
	 * @param sign 1, or -1 to read the distribution of the negated samples
	 */
	public long percentile(double p, int sign) {
		if (fCount == 0) {
			throw new IllegalStateException("no samples");
		}
		long rank = Math.max(1, (long) Math.ceil(p * fCount));
		Histogram positive = fPositive;
		Histogram negative = fNegative;
		if (positive == null || negative == null) {
			long[] v = Arrays.copyOf(fExact, fExactCount);
			if (sign < 0) {
				for (int i = 0; i < v.length; i++) {
					v[i] = -v[i];
				}
			}
			Arrays.sort(v);
			return v[(int) rank - 1];
		}
		// ascending in sign * value: the "below zero" side from the largest magnitude down, then the other side
		Histogram low = sign > 0 ? negative : positive;
		Histogram high = sign > 0 ? positive : negative;
		long nLow = low.getTotalCount();
		if (rank <= nLow) {
			return -atRank(low, nLow - rank + 1);
		}
		return atRank(high, rank - nLow);
	}

	/** @return the k-th smallest magnitude (1-based), as the lowest value equivalent to it */
	private static long atRank(Histogram h, long k) {
		// k - 0.5: HdrHistogram takes ceil(percentile * count), which must land on k whatever the rounding
		return h.lowestEquivalentValue(h.getValueAtPercentile(100.0 * (k - 0.5) / h.getTotalCount()));
	}
}
