package io.feedscope.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import io.feedscope.analysis.internal.LatencyHistogram;

/**
 * {@link LatencyHistogram#hdr(int)}, what the sessions table keeps per session, for the negated samples
 * ({@code sign} -1: A/B latency read as "B ahead of A"): the values at or above zero and the magnitudes of those
 * below, zero on the non-negative side, both while samples are kept exactly and once folded into histograms.
 * Values below 2048 are held exactly at 3 significant digits; the expected counts are worked out by hand.
 */
class LatencyHistogramHdrTest {

	private static final long[] SAMPLES = { 7, -300, 0, 1200, -5, 0 };

	private static LatencyHistogram of(int exactLimit, long... samples) {
		LatencyHistogram h = new LatencyHistogram(exactLimit);
		for (long v : samples) {
			h.record(v);
		}
		return h;
	}

	/** value=count for every value with a count, ascending */
	private static String counts(Histogram h) {
		StringBuilder b = new StringBuilder();
		for (var v : h.recordedValues()) {
			b.append(b.isEmpty() ? "" : " ").append(v.getValueIteratedTo()).append('=').append(v.getCountAtValueIteratedTo());
		}
		return b.toString();
	}

	@Test
	void negatedSamplesSwapTheSidesAndKeepZeroAtZero() {
		for (int exactLimit : new int[] { 100, 2 }) { // all kept exactly; folded after two samples
			LatencyHistogram h = of(exactLimit, SAMPLES);
			assertEquals(exactLimit == 100, h.exact());
			// negated: -7, 300, 0, -1200, 5, 0
			Histogram[] neg = h.hdr(-1);
			assertEquals("0=2 5=1 300=1", counts(neg[0]), "at or above zero, exact " + h.exact());
			assertEquals("7=1 1200=1", counts(neg[1]), "magnitudes below zero, exact " + h.exact());
			Histogram[] pos = h.hdr(1);
			assertEquals("0=2 7=1 1200=1", counts(pos[0]));
			assertEquals("5=1 300=1", counts(pos[1]));
			// new histograms each time: asking again gives the same
			assertEquals("0=2 5=1 300=1", counts(h.hdr(-1)[0]));
			assertEquals(6, neg[0].getTotalCount() + neg[1].getTotalCount());
		}
	}

	@Test
	void percentilesOfTheStoredNegatedHistogramsAreThoseOfTheNegatedSamples() {
		// the negated samples sorted: -1200, -7, 0, 0, 5, 300; nearest rank ceil(p * 6)
		double[] p = { 0.1, 0.3, 0.5, 0.65, 0.8, 1.0 };
		long[] expected = { -1200, -7, 0, 0, 5, 300 };
		for (int exactLimit : new int[] { 100, 2 }) {
			LatencyHistogram h = of(exactLimit, SAMPLES);
			Histogram[] neg = h.hdr(-1);
			for (int i = 0; i < p.length; i++) {
				// as the sessions table stores them (compressed bytes) and its SQL function reads them
				Long fromTable = LatencySql.percentile(List.of(LatencySql.encode(neg[0])), List.of(LatencySql.encode(neg[1])), p[i]);
				assertEquals(expected[i], fromTable, "p" + p[i] + ", exact " + h.exact());
				assertEquals(expected[i], h.percentile(p[i], -1), "the analysis' own, p" + p[i]);
			}
		}
	}

	@Test
	void aLargeMagnitudeLandsInItsBucket() {
		// 123457 lies in [2^16, 2^17): at 3 digits (2048 sub-buckets) a bucket there is 2^(16-10) = 64 wide, and
		// 123456 = 1929 * 64 is where it starts (123455 is the previous bucket's last value)
		LatencyHistogram h = of(2, 3, -123_457, 0);
		Histogram[] neg = h.hdr(-1);
		assertEquals(1, neg[0].getCountBetweenValues(123_456, 123_456 + 63));
		assertEquals(0, neg[0].getCountAtValue(123_455));
		assertEquals(123_456, neg[0].lowestEquivalentValue(neg[0].getMaxValue()));
		assertEquals("0=1", counts(neg[0]).substring(0, 3));
		assertEquals("3=1", counts(neg[1]));
		assertEquals(-3, h.percentile(0.1, -1));
		assertEquals(123_456, LatencySql.percentile(List.of(LatencySql.encode(neg[0])), List.of(LatencySql.encode(neg[1])), 1.0));
	}
}
