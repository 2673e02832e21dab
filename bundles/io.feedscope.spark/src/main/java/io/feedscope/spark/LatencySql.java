package io.feedscope.spark;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;
import org.eclipse.jdt.annotation.Nullable;

import scala.collection.Iterator;
import scala.collection.Seq;

/**
 * The {@code sessions} table's latency histograms: their encoding (HdrHistogram's compressed form, which any
 * HdrHistogram library reads) and the SQL function that merges them, so that percentiles over sessions, days or
 * feeds are those of all their samples, not an average of percentiles:
 *
 * <pre>
 * latency_percentile(collect_list(latency_hdr), collect_list(latency_hdr_below), 0.99)
 * </pre>
 *
 * Registered by {@link #register(SparkSession)} ({@code feedscope-spark sql} sessions and the tests call it).
 */
public final class LatencySql {

	/** the SQL function's name */
	public static final String PERCENTILE = "latency_percentile";

	private LatencySql() {
	}

	static byte[] encode(Histogram h) {
		ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
		int n = h.encodeIntoCompressedByteBuffer(b);
		byte[] out = new byte[n];
		b.flip();
		b.get(out);
		return out;
	}

	/** @return the histogram of {@link #encode}'s bytes */
	public static Histogram decode(byte[] bytes) {
		try {
			return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
		} catch (DataFormatException e) {
			throw new IllegalArgumentException("not a compressed HdrHistogram: " + e.getMessage(), e);
		}
	}

	/**
	 * Nearest-rank percentile of the merged samples: the values below zero (their magnitudes in {@code below})
	 * come first, from the largest magnitude down, then those at or above zero.
	 *
	 * @return ns, or null when there are no samples
	 */
	public static @Nullable Long percentile(Iterable<byte[]> atOrAbove, Iterable<byte[]> below, double p) {
		Histogram high = new Histogram(3);
		Histogram low = new Histogram(3);
		for (byte[] b : atOrAbove) {
			if (b != null) {
				high.add(decode(b));
			}
		}
		for (byte[] b : below) {
			if (b != null) {
				low.add(decode(b));
			}
		}
		long count = high.getTotalCount() + low.getTotalCount();
		if (count == 0) {
			return null;
		}
		long rank = Math.max(1, (long) Math.ceil(p * count));
		long nLow = low.getTotalCount();
		if (rank <= nLow) {
			return -atRank(low, nLow - rank + 1);
		}
		return atRank(high, rank - nLow);
	}

	/** @return the lowest value equivalent to the sample of 1-based rank {@code rank} in ascending order */
	private static long atRank(Histogram h, long rank) {
		long seen = 0;
		for (org.HdrHistogram.HistogramIterationValue v : h.recordedValues()) {
			seen += v.getCountAtValueIteratedTo();
			if (seen >= rank) {
				return h.lowestEquivalentValue(v.getValueIteratedTo());
			}
		}
		return h.getMaxValue();
	}

	/** Registers {@code latency_percentile(array<binary>, array<binary>, double)} with a session. */
	public static void register(SparkSession spark) {
		// p as any number: SQL reads 0.99 as a DECIMAL, and a Java UDF gets no implicit cast
		spark.udf().register(PERCENTILE, (UDF3<Seq<byte[]>, Seq<byte[]>, Number, @Nullable Long>) (a, b, p) -> percentile(iterable(a),
				iterable(b), p.doubleValue()), DataTypes.LongType);
	}

	private static Iterable<byte[]> iterable(@Nullable Seq<byte[]> seq) {
		if (seq == null) {
			return java.util.List.of();
		}
		return () -> new java.util.Iterator<>() {
			private final Iterator<byte[]> fIt = seq.iterator();

			@Override
			public boolean hasNext() {
				return fIt.hasNext();
			}

			@Override
			public byte[] next() {
				return fIt.next();
			}
		};
	}
}
