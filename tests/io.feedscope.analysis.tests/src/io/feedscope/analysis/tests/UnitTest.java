package io.feedscope.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.feedscope.analysis.JsonWriter;
import io.feedscope.analysis.RangeList;
import io.feedscope.analysis.internal.LatencyHistogram;
import io.feedscope.testdata.outputs.Json;

/** Range lists, the JSON writer and the latency histogram against simple independent models. */
@Timeout(10)
class UnitTest {

	@Test
	void rangeListMergesAdjacentAndOverlapping() {
		RangeList r = new RangeList();
		r.add(10, 12);
		r.add(13, 15); // adjacent: merged
		r.add(20, 20);
		r.add(1, 3);
		r.add(5, 5);
		assertEquals("[[1,3],[5,5],[10,15],[20,20]]", r.toString());
		r.add(4, 9); // bridges three intervals
		assertEquals("[[1,15],[20,20]]", r.toString());
		r.add(14, 25);
		assertEquals("[[1,25]]", r.toString());
		assertEquals(25, r.cardinality());
	}

	@Test
	void rangeListQueries() {
		RangeList r = RangeList.of(1, 3, 7, 9, 20, 30);
		assertEquals(4, r.countIn(2, 8)); // 2, 3, 7, 8
		assertEquals(0, r.countIn(10, 19));
		assertEquals(5, r.countIn(26, 40));
		assertEquals(4, r.firstMissing(1, 10));
		assertEquals(Long.MIN_VALUE, r.firstMissing(7, 9));
		assertEquals(10, r.firstMissing(7, 12));
		assertEquals(0, r.firstMissing(0, 2));
		assertEquals("[[0,0],[4,6],[10,19],[31,32]]", r.missingIn(0, 32).toString());
		assertEquals("[[2,3],[7,7],[20,21]]", r.intersect(RangeList.of(2, 7, 15, 21)).toString());
		assertEquals("[[1,1],[8,9],[22,30]]", r.minus(RangeList.of(2, 7, 15, 21)).toString());
		assertTrue(r.contains(8));
		assertFalse(r.contains(10));
	}

	@Test
	void rangeListAgreesWithABitSetOnRandomInput() {
		Random rnd = new Random(7);
		for (int round = 0; round < 50; round++) {
			RangeList r = new RangeList();
			boolean[] model = new boolean[400];
			for (int i = 0; i < 60; i++) {
				int from = rnd.nextInt(380);
				int to = from + rnd.nextInt(20);
				r.add(from, to);
				Arrays.fill(model, from, to + 1, true);
			}
			int q1 = rnd.nextInt(400);
			int q2 = Math.min(399, q1 + rnd.nextInt(100));
			long count = 0;
			for (int i = q1; i <= q2; i++) {
				count += model[i] ? 1 : 0;
			}
			assertEquals(count, r.countIn(q1, q2));
			for (int i = 1; i < r.size(); i++) {
				assertTrue(r.from(i) > r.to(i - 1) + 1, "intervals must be disjoint and not adjacent: " + r);
			}
			for (int i = 0; i < 400; i++) {
				assertEquals(model[i], r.contains(i));
			}
		}
	}

	@Test
	void jsonWriterEscapesAndNests() {
		StringBuilder b = new StringBuilder();
		JsonWriter j = new JsonWriter(b);
		String nasty = "q\"b\\s/n\nt\tc\u0001u\u2028é";
		j.beginObject().member("s", nasty).member("n", -5).member("d", 1.5).member("nan", Double.NaN)
				.member("t", true).name("r").ranges(RangeList.of(1, 2, 4, 4)).name("e").beginArray().endArray()
				.name("o").beginObject().endObject().endObject();
		j.finish();
		Object root = Json.parse(b.toString());
		assertEquals(nasty, Json.at(root, "s"));
		assertEquals(-5L, Json.at(root, "n"));
		assertEquals(1.5, Json.at(root, "d"));
		assertEquals(null, Json.at(root, "nan"));
		assertEquals(List.of(List.of(1L, 2L), List.of(4L, 4L)), Json.at(root, "r"));
		assertEquals(List.of(), Json.at(root, "e"));
		assertEquals(Map.of(), Json.at(root, "o"));
		assertTrue(b.toString().contains("\\u0001"), b.toString());
		assertTrue(b.toString().contains("\\u2028"), b.toString());
	}

	@Test
	void jsonWriterRejectsMisuse() {
		JsonWriter j = new JsonWriter(new StringBuilder());
		j.beginObject();
		assertThrows(IllegalStateException.class, () -> j.value(1));
		assertThrows(IllegalStateException.class, j::endArray);
		assertThrows(IllegalStateException.class, j::finish);
	}

	private static long nearestRank(long[] sorted, double p) {
		return sorted[(int) Math.max(1, Math.ceil(p * sorted.length)) - 1];
	}

	/**
	 * The histogram's bucket index from a double's exponent (no leading-zero count, which the client compiler
	 * calls) is HdrHistogram's: at and around every power of two (where the bucket changes), up to the largest
	 * value, and at random values of every magnitude.
	 */
	@Test
	void histogramIndexIsHdrHistogramsAtEveryMagnitude() {
		java.util.List<Long> values = new java.util.ArrayList<>(java.util.List.of(0L, 1L, 2047L, 2048L, Long.MAX_VALUE));
		for (int b = 0; b < 63; b++) {
			long p = 1L << b;
			for (long d = -3; d <= 3; d++) {
				if (p + d >= 0) {
					values.add(p + d);
				}
			}
		}
		Random rnd = new Random(11);
		for (int i = 0; i < 200_000; i++) {
			values.add(rnd.nextLong() >>> 1 + rnd.nextInt(63)); // at or above zero: index() is for those only
		}
		for (long v : values) {
			assertEquals(LatencyHistogram.indexByLeadingZeros(v), LatencyHistogram.index(v), "bucket index of " + v);
		}
	}

	@Test
	void histogramIsExactUpToItsCapAndWithinHdrHistogramsPrecisionAfter() {
		Random rnd = new Random(3);
		long[] v = new long[20_000];
		LatencyHistogram exact = new LatencyHistogram(1 << 20);
		LatencyHistogram folded = new LatencyHistogram(1000);
		for (int i = 0; i < v.length; i++) {
			v[i] = (long) (rnd.nextGaussian() * 40_000) + 20_000;
			exact.record(v[i]);
			folded.record(v[i]);
		}
		long[] sorted = v.clone();
		Arrays.sort(sorted);
		long[] negSorted = Arrays.stream(v).map(x -> -x).sorted().toArray();
		assertTrue(exact.exact());
		assertFalse(folded.exact());
		for (double p : new double[] { 0.01, 0.5, 0.9, 0.99, 1.0 }) {
			assertEquals(nearestRank(sorted, p), exact.percentile(p, 1));
			assertEquals(nearestRank(negSorted, p), exact.percentile(p, -1));
			long want = nearestRank(sorted, p);
			long got = folded.percentile(p, 1);
			// HdrHistogram, 3 significant digits: towards zero, within its stated 0.1 % of the value
			assertTrue(Math.abs(got) <= Math.abs(want) && Math.abs(want) - Math.abs(got) <= Math.abs(want) / 1000,
					p + ": " + got + " vs " + want);
			long wantNeg = nearestRank(negSorted, p);
			long gotNeg = folded.percentile(p, -1);
			assertTrue(Math.abs(gotNeg) <= Math.abs(wantNeg) && Math.abs(wantNeg) - Math.abs(gotNeg) <= Math.abs(wantNeg) / 1000,
					p + ": " + gotNeg + " vs " + wantNeg);
		}
		assertEquals(sorted[sorted.length - 1], folded.max(1));
		assertEquals(sorted[0], folded.min(1));
		assertEquals(-sorted[0], folded.max(-1));
		// histograms merge: two halves added give the whole's figures
		LatencyHistogram a = new LatencyHistogram(1000);
		LatencyHistogram b = new LatencyHistogram(1000);
		for (int i = 0; i < v.length; i++) {
			(i % 2 == 0 ? a : b).record(v[i]);
		}
		a.add(b);
		assertEquals(folded.count(), a.count());
		for (double p : new double[] { 0.01, 0.5, 0.9, 0.99, 1.0 }) {
			assertEquals(folded.percentile(p, 1), a.percentile(p, 1), "p" + p);
			assertEquals(folded.percentile(p, -1), a.percentile(p, -1), "p" + p);
		}
		assertEquals(folded.max(1), a.max(1));
		assertEquals(folded.min(1), a.min(1));
	}

	/** value=count of every bucket with a count, ascending */
	private static String buckets(Histogram h) {
		StringBuilder b = new StringBuilder();
		for (var v : h.recordedValues()) {
			b.append(v.getValueIteratedTo()).append('=').append(v.getCountAtValueIteratedTo()).append(' ');
		}
		return b.toString();
	}

	/**
	 * Once folded, the histogram counts by HdrHistogram's bucket index itself and builds the HdrHistograms when
	 * asked: they must be the ones a {@code recordValue} per sample gives (the oracle: HdrHistogram's own
	 * recording), over every bucket boundary (2^k - 1, 2^k, 2^k + 1 for every k), the largest magnitudes, zero,
	 * both signs and random values of every magnitude; and so must the percentiles the report prints, which
	 * were read from such recordValue histograms before.
	 */
	@Test
	void countsGiveTheHistogramsRecordValueGives() {
		List<Long> values = new java.util.ArrayList<>(List.of(0L, 1L, -1L, 2047L, 2048L, 2049L, -2048L, 4095L, 4096L,
				Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 1023L, 1024L, 1025L));
		for (int k = 1; k < 63; k++) {
			for (long d = -1; d <= 1; d++) {
				values.add((1L << k) + d);
				values.add(-((1L << k) + d));
			}
		}
		Random rnd = new Random(14);
		for (int i = 0; i < 200_000; i++) {
			long v = rnd.nextLong() >>> rnd.nextInt(64); // every magnitude
			values.add(rnd.nextInt(3) == 0 ? -v : v);
		}
		for (int exactLimit : new int[] { 0, 1000 }) {
			LatencyHistogram h = new LatencyHistogram(exactLimit);
			Histogram atOrAbove = new Histogram(LatencyHistogram.SIGNIFICANT_DIGITS);
			Histogram below = new Histogram(LatencyHistogram.SIGNIFICANT_DIGITS);
			for (long v : values) {
				h.record(v);
				if (v >= 0) {
					atOrAbove.recordValue(v);
				} else {
					below.recordValue(v == Long.MIN_VALUE ? Long.MAX_VALUE : -v);
				}
			}
			assertFalse(h.exact());
			Histogram[] got = h.hdr(1);
			assertEquals(buckets(atOrAbove), buckets(got[0]), "values at or above zero, exact limit " + exactLimit);
			assertEquals(buckets(below), buckets(got[1]), "magnitudes below zero, exact limit " + exactLimit);
			assertEquals(atOrAbove, got[0]);
			assertEquals(below, got[1]);
			assertEquals(atOrAbove.getMaxValue(), got[0].getMaxValue());
			assertEquals(below.getMinNonZeroValue(), got[1].getMinNonZeroValue());
			for (double p : new double[] { 0.001, 0.01, 0.1, 0.25, 0.3333, 0.5, 0.75, 0.9, 0.99, 0.999, 0.99999, 1.0 }) {
				for (int sign : new int[] { 1, -1 }) {
					assertEquals(percentileOf(atOrAbove, below, values.size(), p, sign), h.percentile(p, sign),
							"p" + p + " sign " + sign + ", exact limit " + exactLimit);
				}
			}
			// samples after a percentile was read are counted (the built histograms are not stale)
			h.record(5);
			atOrAbove.recordValue(5);
			assertEquals(buckets(atOrAbove), buckets(h.hdr(1)[0]));
			assertEquals(percentileOf(atOrAbove, below, values.size() + 1, 0.5, 1), h.percentile(0.5, 1));
		}
	}

	/**
	 * {@code record(v, count)} (the A/B latency's runs of equal samples) counts what {@code count} calls of
	 * {@code record(v)} count: before the fold (exact samples), across it, and after, for every magnitude and sign.
	 */
	@Test
	void aRunOfEqualSamplesCountsAsManySamples() {
		Random rnd = new Random(15);
		for (int exactLimit : new int[] { 0, 1, 100, 5000 }) {
			LatencyHistogram each = new LatencyHistogram(exactLimit);
			LatencyHistogram runs = new LatencyHistogram(exactLimit);
			for (int i = 0; i < 3000; i++) {
				long v = rnd.nextLong() >>> rnd.nextInt(64);
				v = rnd.nextInt(4) == 0 ? -v : v;
				if (i % 100 == 7) {
					v = i % 200 == 7 ? Long.MIN_VALUE : Long.MAX_VALUE;
				}
				int count = rnd.nextInt(5);
				for (int k = 0; k < count; k++) {
					each.record(v);
				}
				runs.record(v, count);
				assertEquals(each.count(), runs.count(), "count after " + (i + 1) + " runs, exact limit " + exactLimit);
				assertEquals(each.exact(), runs.exact(), "folded at the same sample, exact limit " + exactLimit);
			}
			for (int sign : new int[] { 1, -1 }) {
				assertEquals(buckets(each.hdr(sign)[0]), buckets(runs.hdr(sign)[0]), "exact limit " + exactLimit);
				assertEquals(buckets(each.hdr(sign)[1]), buckets(runs.hdr(sign)[1]), "exact limit " + exactLimit);
				assertEquals(each.min(sign), runs.min(sign));
				assertEquals(each.max(sign), runs.max(sign));
				for (double p : new double[] { 0.001, 0.1, 0.5, 0.9, 0.999, 1.0 }) {
					assertEquals(each.percentile(p, sign), runs.percentile(p, sign), "p" + p + ", exact limit " + exactLimit);
				}
			}
		}
	}

	/** Nearest-rank percentile of sign * sample read from recordValue histograms (the analysis' rule before). */
	private static long percentileOf(Histogram atOrAbove, Histogram below, long count, double p, int sign) {
		long rank = Math.max(1, (long) Math.ceil(p * count));
		Histogram low = sign > 0 ? below : atOrAbove;
		Histogram high = sign > 0 ? atOrAbove : below;
		long nLow = low.getTotalCount();
		if (sign < 0) {
			// negated: zero stays at zero, so the zeros of atOrAbove belong to the high side
			long zeros = atOrAbove.getCountAtValue(0);
			if (rank <= nLow - zeros) {
				return -kth(low, nLow - rank + 1);
			}
			if (rank <= nLow) {
				return 0;
			}
			return kth(high, rank - nLow);
		}
		if (rank <= nLow) {
			return -kth(low, nLow - rank + 1);
		}
		return kth(high, rank - nLow);
	}

	/** the k-th smallest recorded magnitude (1-based), as the lowest value of its bucket, walking the buckets */
	private static long kth(Histogram h, long k) {
		long seen = 0;
		for (var v : h.recordedValues()) {
			seen += v.getCountAtValueIteratedTo();
			if (seen >= k) {
				return h.lowestEquivalentValue(v.getValueIteratedTo());
			}
		}
		throw new IllegalStateException("rank " + k + " beyond " + seen);
	}
}
