package io.feedscope.analysis.internal;

import java.util.Arrays;

import org.eclipse.jdt.annotation.Nullable;

/**
 * An open-addressing map from {@code long} keys to objects, for per-packet look-ups that must not box a
 * {@code Long} (A and B alternate, so a one-entry cache misses every other packet).
 * <p>
 * Kept instead of Eclipse Collections' {@code LongObjectHashMap} (issue 15) because that costs more than
 * 5 % of the analysis: AnalysisBenchmark, 20 M events, user CPU time of three runs on the 2-core build
 * machine (wall time was too noisy under concurrent builds): 4.00 / 4.05 / 4.05 s with this map,
 * 4.35 / 4.88 / 5.06 s with {@code LongObjectHashMap} 11.1.0 (+9 % to +25 %). Measured again with the
 * analysis on HdrHistogram (same benchmark, 20 M events, the two builds alternated, FeedAnalyzer's map the
 * only difference): user CPU 3.37 / 3.09 / 3.30 s with this map, 4.23 / 3.66 / 3.96 s with
 * {@code LongObjectHashMap} (median +20 %); events/s 4.31 M / 4.14 M / 2.82 M against 2.92 M / 2.51 M / 2.39 M
 * (load average near 8 on 2 cores from concurrent builds). The look-up runs for every packet; its hashing and
 * the sentinel handling of keys 0 and 1 are what this map does without.
 *
 * @param <V> value type
 */
public final class LongMap<V> {

	private long[] fKeys = new long[16];
	private @Nullable Object[] fValues = new Object[16];
	private int fSize;

	@SuppressWarnings("unchecked")
	public @Nullable V get(long key) {
		int mask = fKeys.length - 1;
		for (int i = mix(key) & mask;; i = (i + 1) & mask) {
			Object v = fValues[i];
			if (v == null) {
				return null;
			}
			if (fKeys[i] == key) {
				return (V) v;
			}
		}
	}

	public void put(long key, V value) {
		if (2 * (fSize + 1) > fKeys.length) {
			grow();
		}
		int mask = fKeys.length - 1;
		for (int i = mix(key) & mask;; i = (i + 1) & mask) {
			if (fValues[i] == null) {
				fKeys[i] = key;
				fValues[i] = value;
				fSize++;
				return;
			}
			if (fKeys[i] == key) {
				fValues[i] = value;
				return;
			}
		}
	}

	public int size() {
		return fSize;
	}

	private void grow() {
		long[] keys = fKeys;
		Object[] values = fValues;
		fKeys = new long[keys.length * 2];
		fValues = new Object[keys.length * 2];
		fSize = 0;
		for (int i = 0; i < keys.length; i++) {
			if (values[i] != null) {
				@SuppressWarnings("unchecked")
				V v = (V) values[i];
				put(keys[i], v);
			}
		}
	}

	private static int mix(long key) {
		long h = key * 0x9E3779B97F4A7C15L;
		return (int) (h ^ (h >>> 29));
	}

	@Override
	public String toString() {
		return "LongMap" + Arrays.toString(Arrays.copyOf(fKeys, Math.min(fKeys.length, 8))) + "... size " + fSize;
	}
}
