package io.feedscope.analysis;

/**
 * A set of {@code long} values (sequence numbers) as sorted, merged, inclusive intervals, read only: what the
 * analysis shows the checks of its shared state ({@link FeedLine#delivered()}, {@link FeedSession#delivered()}).
 * A check cannot change them (no mutators here, and the objects handed out are views, not
 * {@link RangeList}s); results of the set operations are new {@link RangeList}s the caller owns.
 */
public interface Ranges {

	/** @return number of disjoint intervals */
	int size();

	boolean isEmpty();

	/** @return first value of interval {@code i} */
	long from(int i);

	/** @return last value (inclusive) of interval {@code i} */
	long to(int i);

	/** @return smallest value held; undefined when empty */
	long min();

	/** @return largest value held; undefined when empty */
	long max();

	/** @return how many values the set holds */
	long cardinality();

	/** @return true when {@code value} is held */
	boolean contains(long value);

	/** @return how many values of {@code [from, to]} are held */
	long countIn(long from, long to);

	/** @return the smallest value of {@code [from, to]} not held, or {@code Long.MIN_VALUE} when all are held */
	long firstMissing(long from, long to);

	/** @return the values of {@code [from, to]} not held, as a new list */
	RangeList missingIn(long from, long to);

	/** @return the values held both here and in {@code other}, as a new list */
	RangeList intersect(Ranges other);

	/** @return the values held here but not in {@code other}, as a new list */
	RangeList minus(Ranges other);

	/** @return a copy of the intervals as {@code [[from, to], ...]} */
	long[][] toArray();

	/** @return a modifiable copy */
	default RangeList copy() {
		RangeList r = new RangeList();
		for (int i = 0; i < size(); i++) {
			r.add(from(i), to(i));
		}
		return r;
	}
}
