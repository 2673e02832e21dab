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

	/*
	 * HdrHistogram's own bucketing for 3 significant digits and a lowest discernible value of 1: 2048
	 * sub-buckets (the smallest power of two >= 2 * 10^3), half of them per bucket above the first, so a
	 * value's index is a count of leading zeros and two shifts (AbstractHistogram.countsArrayIndex). Counting
	 * into a plain long[] by that index and building the HdrHistograms only when asked gives them the same
	 * counts a recordValue per sample would, without its per-value work (min/max updates on volatile fields,
	 * index normalization, total count): this runs once per A/B message on the checks' thread.
	 * UnitTest.countsGiveTheHistogramsRecordValueGives holds it to recordValue over every bucket boundary.
	 */
	private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = 10;
	private static final int SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
	private static final long SUB_BUCKET_MASK = 2L * SUB_BUCKET_HALF_COUNT - 1;
	private static final int LEADING_ZERO_COUNT_BASE = 64 - SUB_BUCKET_HALF_COUNT_MAGNITUDE - 1;

	private final int fExactLimit;
	private long[] fExact = new long[64];
	private int fExactCount;
	/** once folded: counts of the values at or above zero by HdrHistogram index ({@link #index(long)}) */
	private long @org.eclipse.jdt.annotation.Nullable [] fPositive;
	/** once folded: counts of the magnitudes of the values below zero */
	private long @org.eclipse.jdt.annotation.Nullable [] fNegative;
	/** the HdrHistograms of the counts, built when asked for and kept while no sample is added */
	private @org.eclipse.jdt.annotation.Nullable Histogram fPositiveHdr;
	private @org.eclipse.jdt.annotation.Nullable Histogram fNegativeHdr;
	private long fHdrCount = -1;
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
		// once folded, a sample is one count: small enough to be inlined where a check records one per message
		long[] positive = fPositive;
		if (positive != null && v >= 0) {
			int i = index(v);
			if (i < positive.length) {
				positive[i]++;
				return;
			}
		}
		recordSlowly(v);
	}

	/** Records {@code count} samples of the value {@code v}: the same as {@code count} calls of {@link #record(long)}. */
	public void record(long v, int count) {
		long[] positive = fPositive;
		if (positive != null && v >= 0 && count > 0) {
			// index(v), written out: the one call left per A/B sample under the client compiler, which inlines neither
			long x = v | SUB_BUCKET_MASK;
			int bucket = x < 1L << 53 ? (int) (Double.doubleToRawLongBits((double) x) >>> 52) - 1023 - SUB_BUCKET_HALF_COUNT_MAGNITUDE
					: LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(x);
			int i = ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + ((int) (v >>> bucket) - SUB_BUCKET_HALF_COUNT);
			if (i < positive.length) {
				fCount += count;
				if (v < fMin) {
					fMin = v;
				}
				if (v > fMax) {
					fMax = v;
				}
				positive[i] += count;
				return;
			}
		}
		for (int k = 0; k < count; k++) {
			record(v);
		}
	}

	private void recordSlowly(long v) {
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

	/** @return HdrHistogram's counts index of {@code v >= 0} at {@link #SIGNIFICANT_DIGITS} digits, unit 1 */
	public static int index(long v) {
		long x = v | SUB_BUCKET_MASK;
		// LEADING_ZERO_COUNT_BASE - numberOfLeadingZeros(x) is floor(log2 x) - SUB_BUCKET_HALF_COUNT_MAGNITUDE; below
		// 2^53 floor(log2 x) is the exponent of x as a double (the conversion is exact there): a conversion and a
		// shift, where numberOfLeadingZeros is a call to a dozen branches under the client compiler (the launcher's;
		// it has no intrinsic for it) once per recorded A/B sample. indexByLeadingZeros is the formula it replaces
		// (UnitTest holds the two together)
		int bucket = x < 1L << 53 ? (int) (Double.doubleToRawLongBits((double) x) >>> 52) - 1023 - SUB_BUCKET_HALF_COUNT_MAGNITUDE
				: LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(x);
		int sub = (int) (v >>> bucket);
		return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + (sub - SUB_BUCKET_HALF_COUNT);
	}

	/** @return {@link #index}'s value as HdrHistogram computes it, for the test that holds the two together */
	public static int indexByLeadingZeros(long v) {
		int bucket = LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(v | SUB_BUCKET_MASK);
		int sub = (int) (v >>> bucket);
		return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + (sub - SUB_BUCKET_HALF_COUNT);
	}

	/** @return the lowest value of index {@code i}'s bucket (HdrHistogram's valueFromIndex) */
	static long valueAt(int i) {
		int bucket = (i >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
		int sub = (i & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
		if (bucket < 0) {
			sub -= SUB_BUCKET_HALF_COUNT;
			bucket = 0;
		}
		return (long) sub << bucket;
	}

	/** Moves the exact samples into the counts. */
	private void fold() {
		fPositive = new long[4 * SUB_BUCKET_HALF_COUNT];
		fNegative = new long[4 * SUB_BUCKET_HALF_COUNT];
		for (int i = 0; i < fExactCount; i++) {
			bucket(fExact[i]);
		}
		fExact = new long[0];
		fExactCount = 0;
	}

	private void bucket(long v) {
		long[] positive = fPositive;
		long[] negative = fNegative;
		if (positive == null || negative == null) {
			throw new IllegalStateException("not folded");
		}
		if (v >= 0) {
			int i = index(v);
			if (i >= positive.length) {
				fPositive = positive = grown(positive, i);
			}
			positive[i]++;
		} else {
			int i = index(v == Long.MIN_VALUE ? Long.MAX_VALUE : -v);
			if (i >= negative.length) {
				fNegative = negative = grown(negative, i);
			}
			negative[i]++;
		}
	}

	private static long[] grown(long[] counts, int index) {
		return Arrays.copyOf(counts, Math.max(index + 1, counts.length * 2));
	}

	/** @return an HdrHistogram holding {@code counts} (new) */
	private static Histogram hdrOf(long[] counts) {
		Histogram h = new Histogram(SIGNIFICANT_DIGITS);
		for (int i = 0; i < counts.length; i++) {
			if (counts[i] != 0) {
				h.recordValueWithCount(valueAt(i), counts[i]);
			}
		}
		return h;
	}

	/** Builds the HdrHistograms of the counts if a sample came since they were last built. */
	private void buildHdr() {
		long[] positive = fPositive;
		long[] negative = fNegative;
		if (positive == null || negative == null) {
			throw new IllegalStateException("not folded");
		}
		if (fHdrCount != fCount || fPositiveHdr == null || fNegativeHdr == null) {
			fPositiveHdr = hdrOf(positive);
			fNegativeHdr = hdrOf(negative);
			fHdrCount = fCount;
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
		long[] otherPositive = other.fPositive;
		long[] otherNegative = other.fNegative;
		if (otherPositive != null && otherNegative != null) {
			fPositive = added(fPositive, otherPositive);
			fNegative = added(fNegative, otherNegative);
		} else {
			for (int i = 0; i < other.fExactCount; i++) {
				bucket(other.fExact[i]);
			}
		}
		fCount += other.fCount;
		fMin = Math.min(fMin, other.fMin);
		fMax = Math.max(fMax, other.fMax);
	}

	private static long[] added(long @org.eclipse.jdt.annotation.Nullable [] counts, long[] more) {
		if (counts == null) {
			throw new IllegalStateException("not folded");
		}
		long[] sum = counts.length >= more.length ? counts : Arrays.copyOf(counts, more.length);
		for (int i = 0; i < more.length; i++) {
			sum[i] += more[i];
		}
		return sum;
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
		if (fPositive == null) {
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
		buildHdr();
		Histogram positive = fPositiveHdr;
		Histogram negative = fNegativeHdr;
		if (positive == null || negative == null) {
			throw new IllegalStateException("not built");
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
		buildHdr();
		Histogram positive = fPositiveHdr;
		Histogram negative = fNegativeHdr;
		if (positive == null || negative == null) {
			throw new IllegalStateException("not built");
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
