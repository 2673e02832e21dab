package io.feedscope.ui.chart;

/**
 * The visible part of the chart: capture time {@code [startNanos, endNanos)} by message sequence numbers
 * {@code [firstSeq, endSeq)}.
 *
 * @see WindowRangeListener
 */
public record ChartWindow(long startNanos, long endNanos, long firstSeq, long endSeq) {

	/** @return whether capture time {@code t} is inside the window */
	public boolean containsTime(long t) {
		return t >= startNanos && t < endNanos;
	}

	/** @return whether any of {@code [first, end)} is inside the window (a point when {@code first == end}) */
	public boolean overlapsSeq(long first, long end) {
		return first < endSeq && Math.max(end, first + 1) > firstSeq;
	}
}
