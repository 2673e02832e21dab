package io.feedscope.analysis.internal;

import java.util.Arrays;

import org.eclipse.jdt.annotation.Nullable;

/**
 * An open-addressing map from {@code long} keys to objects, for per-packet look-ups that must not box a
 * {@code Long} (A and B alternate, so a one-entry cache misses every other packet).
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
