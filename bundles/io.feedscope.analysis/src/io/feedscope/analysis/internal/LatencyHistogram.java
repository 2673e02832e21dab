package io.feedscope.analysis.internal;

import java.util.Arrays;

/**
 * Signed latency samples in bounded memory, for percentiles.
 * <p>
 * The first {@code exactLimit} samples are kept exactly, so small captures (and tests) get exact
 * percentiles. Past that, all samples go into a log-linear histogram of |value| per sign: values below
 * 256 ns have a bucket each; above, each power of two is split into 128 buckets, so a bucket's lower bound
 * is within 1/128 (0.8 %) of any value in it. Percentiles from the histogram report that lower bound
 * (towards zero). Two sides of 7,296 buckets are 117 KB. Min and max are always exact.
 */
public final class LatencyHistogram {

	private static final int SUB_BITS = 8;
	private static final int LINEAR = 1 << SUB_BITS;
	private static final int HALF = LINEAR >> 1;
	private static final int BUCKETS = LINEAR + (63 - SUB_BITS) * HALF;

	private final int fExactLimit;
	private long[] fExact = new long[64];
	private int fExactCount;
	private long @org.eclipse.jdt.annotation.Nullable [] fPositive;
	private long @org.eclipse.jdt.annotation.Nullable [] fNegative;
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
			fPositive = new long[BUCKETS];
			fNegative = new long[BUCKETS];
			for (int i = 0; i < fExactCount; i++) {
				bucket(fExact[i]);
			}
			fExact = new long[0];
			fExactCount = 0;
		}
		bucket(v);
	}

	private void bucket(long v) {
		if (v >= 0) {
			fPositive[index(v)]++;
		} else {
			fNegative[index(v == Long.MIN_VALUE ? Long.MAX_VALUE : -v)]++;
		}
	}

	static int index(long magnitude) {
		if (magnitude < LINEAR) {
			return (int) magnitude;
		}
		int e = 63 - Long.numberOfLeadingZeros(magnitude);
		int shift = e - SUB_BITS + 1;
		int m = (int) (magnitude >>> shift);
		return LINEAR + (e - SUB_BITS) * HALF + (m - HALF);
	}

	static long lowerBound(int index) {
		if (index < LINEAR) {
			return index;
		}
		int k = index - LINEAR;
		int e = k / HALF + SUB_BITS;
		int m = k % HALF + HALF;
		return (long) m << (e - SUB_BITS + 1);
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
	 * {@code p * count} samples are at or below it.
	 *
	 * @param p in (0, 1]
	 * @param sign 1, or -1 to read the distribution of the negated samples
	 */
	public long percentile(double p, int sign) {
		if (fCount == 0) {
			throw new IllegalStateException("no samples");
		}
		long rank = Math.max(1, (long) Math.ceil(p * fCount));
		if (fPositive == null) {
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
		long[] low = sign > 0 ? fNegative : fPositive;
		long[] high = sign > 0 ? fPositive : fNegative;
		long seen = 0;
		for (int i = BUCKETS - 1; i >= 0; i--) {
			seen += low[i];
			if (seen >= rank) {
				return -lowerBound(i);
			}
		}
		for (int i = 0; i < BUCKETS; i++) {
			seen += high[i];
			if (seen >= rank) {
				return lowerBound(i);
			}
		}
		return max(sign);
	}
}
