package io.feedscope.analysis;

import java.util.Arrays;

/**
 * A set of {@code long} values (sequence numbers) held as sorted, merged, inclusive intervals.
 * <p>
 * This is how the analysis remembers "which messages were seen" without an object or a bit per message:
 * a line that delivers everything in order is one interval however long the capture. Adding at or after
 * the end (the usual case for a feed) is O(1); anything else is a binary search plus an array move.
 * Adjacent intervals are merged ([1,3] + [4,6] = [1,6]).
 */
public final class RangeList implements Ranges {

	// package-private: the analysis' usual packet extends the last interval of a line's and a session's lists in
	// place (FeedAnalyzer#data), without a call to add, which the client compiler (the launcher's) does not inline
	long[] fFrom = new long[4];
	long[] fTo = new long[4];
	int fSize;

	/** @return number of disjoint intervals */
	@Override
	public int size() {
		return fSize;
	}

	@Override
	public boolean isEmpty() {
		return fSize == 0;
	}

	/** @return first value of interval {@code i} */
	@Override
	public long from(int i) {
		return fFrom[i];
	}

	/** @return last value (inclusive) of interval {@code i} */
	@Override
	public long to(int i) {
		return fTo[i];
	}

	/** @return smallest value held; undefined when empty */
	@Override
	public long min() {
		return fFrom[0];
	}

	/** @return largest value held; undefined when empty */
	@Override
	public long max() {
		return fTo[fSize - 1];
	}

	/** @return how many values the set holds */
	@Override
	public long cardinality() {
		long n = 0;
		for (int i = 0; i < fSize; i++) {
			n += fTo[i] - fFrom[i] + 1;
		}
		return n;
	}

	public void clear() {
		fSize = 0;
	}

	/** Adds {@code [from, to]} (inclusive); nothing happens when {@code to < from}. */
	public void add(long from, long to) {
		if (to < from) {
			return;
		}
		int n = fSize;
		if (n == 0 || from > fTo[n - 1] + 1) {
			append(from, to);
			return;
		}
		if (from >= fFrom[n - 1]) {
			if (to > fTo[n - 1]) {
				fTo[n - 1] = to;
			}
			return;
		}
		// general case: intervals [lo, hi) overlap or touch [from, to]
		int lo = firstEndingAtOrAfter(from - 1);
		int hi = lo;
		while (hi < n && fFrom[hi] <= to + 1) {
			hi++;
		}
		if (lo == hi) {
			insertAt(lo, from, to);
			return;
		}
		long f = Math.min(from, fFrom[lo]);
		long t = Math.max(to, fTo[hi - 1]);
		fFrom[lo] = f;
		fTo[lo] = t;
		int removed = hi - lo - 1;
		if (removed > 0) {
			System.arraycopy(fFrom, hi, fFrom, lo + 1, n - hi);
			System.arraycopy(fTo, hi, fTo, lo + 1, n - hi);
			fSize -= removed;
		}
	}

	/** Adds every interval of {@code other}. */
	public void addAll(Ranges other) {
		for (int i = 0; i < other.size(); i++) {
			add(other.from(i), other.to(i));
		}
	}

	/**
	 * @return a read-only view of this list that follows its changes: what the analysis hands the checks, so
	 *         that no check can alter the state the next check reads
	 */
	public Ranges readOnly() {
		return new ReadOnly(this);
	}

	private static final class ReadOnly implements Ranges {
		private final RangeList fList;

		ReadOnly(RangeList list) {
			fList = list;
		}

		@Override
		public int size() {
			return fList.size();
		}

		@Override
		public boolean isEmpty() {
			return fList.isEmpty();
		}

		@Override
		public long from(int i) {
			checkIndex(i);
			return fList.fFrom[i];
		}

		@Override
		public long to(int i) {
			checkIndex(i);
			return fList.fTo[i];
		}

		private void checkIndex(int i) {
			if (i < 0 || i >= fList.fSize) {
				throw new IndexOutOfBoundsException("interval " + i + " of " + fList.fSize);
			}
		}

		@Override
		public long min() {
			return fList.min();
		}

		@Override
		public long max() {
			return fList.max();
		}

		@Override
		public long cardinality() {
			return fList.cardinality();
		}

		@Override
		public boolean contains(long value) {
			return fList.contains(value);
		}

		@Override
		public long countIn(long from, long to) {
			return fList.countIn(from, to);
		}

		@Override
		public long firstMissing(long from, long to) {
			return fList.firstMissing(from, to);
		}

		@Override
		public RangeList missingIn(long from, long to) {
			return fList.missingIn(from, to);
		}

		@Override
		public RangeList intersect(Ranges other) {
			return fList.intersect(other);
		}

		@Override
		public RangeList minus(Ranges other) {
			return fList.minus(other);
		}

		@Override
		public long[][] toArray() {
			return fList.toArray();
		}

		@Override
		public String toString() {
			return fList.toString();
		}
	}

	/** @return true when {@code value} is held */
	@Override
	public boolean contains(long value) {
		int i = firstEndingAtOrAfter(value);
		return i < fSize && fFrom[i] <= value;
	}

	/** @return how many values of {@code [from, to]} are held */
	@Override
	public long countIn(long from, long to) {
		if (to < from || fSize == 0) {
			return 0;
		}
		int n = fSize;
		// fast path: the query lies at or after the start of the last interval
		if (from >= fFrom[n - 1]) {
			long t = Math.min(to, fTo[n - 1]);
			return t >= from ? t - from + 1 : 0;
		}
		if (from > fTo[n - 1]) {
			return 0;
		}
		long count = 0;
		for (int i = firstEndingAtOrAfter(from); i < n && fFrom[i] <= to; i++) {
			count += Math.min(to, fTo[i]) - Math.max(from, fFrom[i]) + 1;
		}
		return count;
	}

	/**
	 * @return the smallest value of {@code [from, to]} not held, or {@code Long.MIN_VALUE} when all are held
	 */
	@Override
	public long firstMissing(long from, long to) {
		if (to < from) {
			return Long.MIN_VALUE;
		}
		int n = fSize;
		// fast path (a feed's packets come at the tail): from at or after the last interval's start, where every
		// earlier interval ends before it
		int i = n > 0 && from >= fFrom[n - 1] ? (fTo[n - 1] >= from ? n - 1 : n) : firstEndingAtOrAfter(from);
		if (i >= n || fFrom[i] > from) {
			return from;
		}
		long next = fTo[i] + 1;
		return next <= to ? next : Long.MIN_VALUE;
	}

	/** @return the values of {@code [from, to]} not held, as a new list */
	@Override
	public RangeList missingIn(long from, long to) {
		RangeList out = new RangeList();
		if (to < from) {
			return out;
		}
		long cursor = from;
		for (int i = firstEndingAtOrAfter(from); i < fSize && fFrom[i] <= to; i++) {
			if (fFrom[i] > cursor) {
				out.append(cursor, fFrom[i] - 1);
			}
			cursor = Math.max(cursor, fTo[i] + 1);
		}
		if (cursor <= to) {
			out.append(cursor, to);
		}
		return out;
	}

	/** @return the values held both here and in {@code other}, as a new list */
	@Override
	public RangeList intersect(Ranges other) {
		RangeList out = new RangeList();
		int i = 0;
		int j = 0;
		int n = other.size();
		while (i < fSize && j < n) {
			long f = Math.max(fFrom[i], other.from(j));
			long t = Math.min(fTo[i], other.to(j));
			if (f <= t) {
				out.append(f, t);
			}
			if (fTo[i] < other.to(j)) {
				i++;
			} else {
				j++;
			}
		}
		return out;
	}

	/** @return the values held here but not in {@code other}, as a new list */
	@Override
	public RangeList minus(Ranges other) {
		RangeList out = new RangeList();
		for (int i = 0; i < fSize; i++) {
			RangeList part = other.missingIn(fFrom[i], fTo[i]);
			for (int k = 0; k < part.fSize; k++) {
				out.append(part.fFrom[k], part.fTo[k]);
			}
		}
		return out;
	}

	/** @return a copy of the intervals as {@code [[from, to], ...]} (for tests and views) */
	@Override
	public long[][] toArray() {
		long[][] out = new long[fSize][];
		for (int i = 0; i < fSize; i++) {
			out[i] = new long[] { fFrom[i], fTo[i] };
		}
		return out;
	}

	/** @return a new list holding the given inclusive pairs */
	public static RangeList of(long... fromTo) {
		RangeList r = new RangeList();
		for (int i = 0; i + 1 < fromTo.length; i += 2) {
			r.add(fromTo[i], fromTo[i + 1]);
		}
		return r;
	}

	/** index of the first interval whose end is {@code >= value} ({@link #fSize} if none) */
	private int firstEndingAtOrAfter(long value) {
		int lo = 0;
		int hi = fSize;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (fTo[mid] < value) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		return lo;
	}

	private void append(long from, long to) {
		if (fSize == fFrom.length) {
			grow();
		}
		fFrom[fSize] = from;
		fTo[fSize] = to;
		fSize++;
	}

	private void insertAt(int index, long from, long to) {
		if (fSize == fFrom.length) {
			grow();
		}
		System.arraycopy(fFrom, index, fFrom, index + 1, fSize - index);
		System.arraycopy(fTo, index, fTo, index + 1, fSize - index);
		fFrom[index] = from;
		fTo[index] = to;
		fSize++;
	}

	private void grow() {
		fFrom = Arrays.copyOf(fFrom, fFrom.length * 2);
		fTo = Arrays.copyOf(fTo, fTo.length * 2);
	}

	@Override
	public boolean equals(@org.eclipse.jdt.annotation.Nullable Object o) {
		if (!(o instanceof RangeList r) || r.fSize != fSize) {
			return false;
		}
		for (int i = 0; i < fSize; i++) {
			if (fFrom[i] != r.fFrom[i] || fTo[i] != r.fTo[i]) {
				return false;
			}
		}
		return true;
	}

	@Override
	public int hashCode() {
		int h = fSize;
		for (int i = 0; i < fSize; i++) {
			h = 31 * h + Long.hashCode(fFrom[i]) + 7 * Long.hashCode(fTo[i]);
		}
		return h;
	}

	/** @return {@code [[1,3],[7,7]]} */
	@Override
	public String toString() {
		StringBuilder b = new StringBuilder("[");
		for (int i = 0; i < fSize; i++) {
			b.append(i == 0 ? "[" : ",[").append(fFrom[i]).append(',').append(fTo[i]).append(']');
		}
		return b.append(']').toString();
	}
}
