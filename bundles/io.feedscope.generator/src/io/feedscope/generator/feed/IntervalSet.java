package io.feedscope.generator.feed;

import java.util.Arrays;

/**
 * A set of sequence numbers kept as sorted, disjoint, non-adjacent closed ranges. Appending at the end
 * (the usual case of a line delivering in order) costs O(1); out-of-order adds are rare and shift.
 */
public final class IntervalSet {
	private long[] fFrom = new long[16];
	private long[] fTo = new long[16];
	private int fSize;

	public void add(long from, long to) {
		if (to < from) {
			return;
		}
		if (fSize > 0 && from <= fTo[fSize - 1] + 1 && from >= fFrom[fSize - 1]) {
			fTo[fSize - 1] = Math.max(fTo[fSize - 1], to);
			return;
		}
		if (fSize == 0 || from > fTo[fSize - 1] + 1) {
			append(from, to);
			return;
		}
		// general case (rare): insert in order, then merge neighbours in one pass
		int pos = 0;
		while (pos < fSize && fFrom[pos] < from) {
			pos++;
		}
		append(0, 0);
		System.arraycopy(fFrom, pos, fFrom, pos + 1, fSize - 1 - pos);
		System.arraycopy(fTo, pos, fTo, pos + 1, fSize - 1 - pos);
		fFrom[pos] = from;
		fTo[pos] = to;
		int n = 0;
		for (int i = 0; i < fSize; i++) {
			if (n > 0 && fFrom[i] <= fTo[n - 1] + 1) {
				fTo[n - 1] = Math.max(fTo[n - 1], fTo[i]);
			} else {
				fFrom[n] = fFrom[i];
				fTo[n] = fTo[i];
				n++;
			}
		}
		fSize = n;
	}

	private void append(long from, long to) {
		if (fSize == fFrom.length) {
			fFrom = Arrays.copyOf(fFrom, fSize * 2);
			fTo = Arrays.copyOf(fTo, fSize * 2);
		}
		fFrom[fSize] = from;
		fTo[fSize] = to;
		fSize++;
	}

	public boolean contains(long v) {
		int lo = 0;
		int hi = fSize - 1;
		while (lo <= hi) {
			int mid = (lo + hi) >>> 1;
			if (fTo[mid] < v) {
				lo = mid + 1;
			} else if (fFrom[mid] > v) {
				hi = mid - 1;
			} else {
				return true;
			}
		}
		return false;
	}

	public int size() {
		return fSize;
	}

	public long from(int i) {
		return fFrom[i];
	}

	public long to(int i) {
		return fTo[i];
	}

	/** @return the ranges of [1, last] that are not in this set */
	public IntervalSet complement(long last) {
		IntervalSet c = new IntervalSet();
		long next = 1;
		for (int i = 0; i < fSize; i++) {
			if (fFrom[i] > next) {
				c.add(next, Math.min(last, fFrom[i] - 1));
			}
			next = Math.max(next, fTo[i] + 1);
		}
		if (next <= last) {
			c.add(next, last);
		}
		return c;
	}

	/** @return the numbers in both sets */
	public IntervalSet intersect(IntervalSet o) {
		IntervalSet r = new IntervalSet();
		int i = 0;
		int j = 0;
		while (i < fSize && j < o.fSize) {
			long a = Math.max(fFrom[i], o.fFrom[j]);
			long b = Math.min(fTo[i], o.fTo[j]);
			if (a <= b) {
				r.add(a, b);
			}
			if (fTo[i] < o.fTo[j]) {
				i++;
			} else {
				j++;
			}
		}
		return r;
	}

	/** @return the numbers in this set and not in o */
	public IntervalSet minus(IntervalSet o, long last) {
		return intersect(o.complement(last));
	}

	public long cardinality() {
		long n = 0;
		for (int i = 0; i < fSize; i++) {
			n += fTo[i] - fFrom[i] + 1;
		}
		return n;
	}

	/** @return JSON array of [from, to] pairs */
	public String toJson() {
		StringBuilder b = new StringBuilder("[");
		for (int i = 0; i < fSize; i++) {
			b.append(i > 0 ? ", " : "").append('[').append(fFrom[i]).append(", ").append(fTo[i]).append(']');
		}
		return b.append(']').toString();
	}
}
