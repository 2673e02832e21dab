package io.feedscope.ui.chart.internal;

import io.feedscope.ui.chart.ChartWindow;

/**
 * The sequence chart's viewport, without SWT: the visible window (capture time {@code [t0, t1)} in ns,
 * sequence {@code [s0, s1)} as doubles so that zooming around the cursor is smooth) and the plot area it is
 * mapped onto (pixels, y growing downwards), with the arithmetic between the two: time / sequence to pixel
 * and back, zoom around a point, pan, fit to a window, and the clamping of the user's zoom and pan to the
 * data's extent. As Trace Compass's time graph keeps its time-to-pixel arithmetic apart from its widget,
 * this can be tested without a display.
 * <p>
 * Not thread-safe: the chart owns one and uses it on the UI thread.
 */
public final class ChartViewport {

	/** The narrowest time span shown, ns. */
	public static final long MIN_TIME_SPAN = 1_000;
	/** The narrowest sequence span shown. */
	public static final double MIN_SEQ_SPAN = 4;
	/** Pixels a clamped coordinate may lie outside the plot (marks running off the edge stay off it). */
	private static final int OVERHANG = 8;

	private int fX, fY, fWidth = 1, fHeight = 1;
	private long fT0 = 0, fT1 = Ticks.S;
	private double fS0 = 0, fS1 = 100;

	/** @return a copy (e.g. the window when a drag began) */
	public ChartViewport copy() {
		ChartViewport v = new ChartViewport();
		v.setPlot(fX, fY, fWidth, fHeight);
		v.fT0 = fT0;
		v.fT1 = fT1;
		v.fS0 = fS0;
		v.fS1 = fS1;
		return v;
	}

	/** Sets the plot area, in pixels; width and height are at least 1. */
	public void setPlot(int x, int y, int width, int height) {
		fX = x;
		fY = y;
		fWidth = Math.max(1, width);
		fHeight = Math.max(1, height);
	}

	public int plotX() {
		return fX;
	}

	public int plotY() {
		return fY;
	}

	public int plotWidth() {
		return fWidth;
	}

	public int plotHeight() {
		return fHeight;
	}

	/** @return the y of the plot's lower edge (exclusive) */
	public int plotBottom() {
		return fY + fHeight;
	}

	public long t0() {
		return fT0;
	}

	public long t1() {
		return fT1;
	}

	public double s0() {
		return fS0;
	}

	public double s1() {
		return fS1;
	}

	/** @return the window, sequence range rounded outwards to whole numbers */
	public ChartWindow window() {
		return new ChartWindow(fT0, fT1, (long) Math.floor(fS0), (long) Math.ceil(fS1));
	}

	/**
	 * Sets the window as asked, widened around its middle to at least {@link #MIN_TIME_SPAN} and
	 * {@link #MIN_SEQ_SPAN}.
	 */
	public void set(long t0, long t1, double s0, double s1) {
		if (t1 - t0 < MIN_TIME_SPAN) {
			long mid = t0 + (t1 - t0) / 2;
			t0 = mid - MIN_TIME_SPAN / 2;
			t1 = t0 + MIN_TIME_SPAN;
		}
		if (s1 - s0 < MIN_SEQ_SPAN) {
			double mid = (s0 + s1) / 2;
			s0 = mid - MIN_SEQ_SPAN / 2;
			s1 = s0 + MIN_SEQ_SPAN;
		}
		fT0 = t0;
		fT1 = t1;
		fS0 = s0;
		fS1 = s1;
	}

	/**
	 * Sets a window the user asked for (zoom, pan), kept inside {@code extent}: spans no wider than the
	 * extent's, then shifted back inside it.
	 */
	public void setWithin(long t0, long t1, double s0, double s1, ChartWindow extent) {
		long tSpan = Math.min(t1 - t0, extent.endNanos() - extent.startNanos());
		long a = Math.max(extent.startNanos(), Math.min(t0, extent.endNanos() - tSpan));
		double sSpan = Math.min(s1 - s0, extent.endSeq() - extent.firstSeq());
		double b = Math.max(extent.firstSeq(), Math.min(s0, extent.endSeq() - sSpan));
		set(a, a + tSpan, b, b + sSpan);
	}

	// ---------------------------------------------------------------- coordinates

	/** @return the x pixel of capture time {@code t} (may be outside the plot) */
	public int xOf(long t) {
		return (int) Math.floor(fX + (double) (t - fT0) * fWidth / (fT1 - fT0));
	}

	/** @return the exact x of capture time {@code t} */
	public double xd(long t) {
		return fX + (double) (t - fT0) * fWidth / (fT1 - fT0);
	}

	/** @return the y pixel of the lower edge of sequence number {@code seq} (may be outside the plot) */
	public int yOf(long seq) {
		return (int) Math.floor(fY + fHeight - (seq - fS0) * fHeight / (fS1 - fS0));
	}

	/** @return the y of sequence {@code seq}, at most {@value #OVERHANG} px beyond the plot's edges */
	public int yClamped(double seq) {
		double y = fY + fHeight - (seq - fS0) * fHeight / (fS1 - fS0);
		return (int) Math.floor(Math.max(fY - OVERHANG, Math.min(fY + fHeight + OVERHANG, y)));
	}

	/** @return the x of time {@code t}, at most {@value #OVERHANG} px beyond the plot's edges */
	public int xClamped(long t) {
		return (int) Math.floor(Math.max(fX - OVERHANG, Math.min(fX + fWidth + OVERHANG, xd(t))));
	}

	/** @return the capture time at pixel column {@code x} */
	public long timeAt(int x) {
		return fT0 + (long) ((double) (x - fX) * (fT1 - fT0) / fWidth);
	}

	/** @return the sequence number (fractional) at pixel row {@code y} */
	public double seqAt(int y) {
		return fS0 + (double) (fY + fHeight - y) * (fS1 - fS0) / fHeight;
	}

	/** @return whether {@code (x, y)} is below the plot (on the time axis) */
	public boolean onTimeAxis(int y) {
		return y > fY + fHeight;
	}

	/** @return whether {@code x} is left of the plot (on the sequence axis) */
	public boolean onSeqAxis(int x) {
		return x < fX;
	}

	/** @return the time between grid lines: about one per 130 px */
	public long timeStep() {
		return Ticks.niceStep((double) (fT1 - fT0) * 130 / fWidth);
	}

	/** @return the sequence step between grid lines: about one per 40 px */
	public long seqStep() {
		return Ticks.niceStep((fS1 - fS0) * 40 / fHeight);
	}

	// ---------------------------------------------------------------- zoom and pan

	/**
	 * Scales the spans by the factors keeping the data point under {@code (x, y)} at {@code (x, y)} (a point
	 * outside the plot counts as its nearest edge), kept inside {@code extent}.
	 */
	public void zoomAround(int x, int y, double timeFactor, double seqFactor, ChartWindow extent) {
		double fx = Math.max(0, Math.min(1, (double) (x - fX) / fWidth));
		double fy = Math.max(0, Math.min(1, (double) (fY + fHeight - y) / fHeight));
		long tAt = fT0 + (long) (fx * (fT1 - fT0));
		long tSpan = Math.max(MIN_TIME_SPAN, (long) ((fT1 - fT0) * timeFactor));
		long t0 = tAt - (long) (fx * tSpan);
		double sAt = fS0 + fy * (fS1 - fS0);
		double sSpan = Math.max(MIN_SEQ_SPAN, (fS1 - fS0) * seqFactor);
		double s0 = sAt - fy * sSpan;
		setWithin(t0, t0 + tSpan, s0, s0 + sSpan, extent);
	}

	/**
	 * Pans from the window {@code from} (where a drag began) by a mouse move of {@code (dx, dy)} pixels: the
	 * data follows the mouse. Kept inside {@code extent}.
	 */
	public void panFrom(ChartViewport from, int dx, int dy, boolean time, boolean seq, ChartWindow extent) {
		long dt = time ? (long) ((double) dx * (from.fT1 - from.fT0) / fWidth) : 0;
		double ds = seq ? dy * (from.fS1 - from.fS0) / fHeight : 0;
		setWithin(from.fT0 - dt, from.fT1 - dt, from.fS0 + ds, from.fS1 + ds, extent);
	}

	/** Pans by a fraction of the spans (positive: later times, higher sequences), kept inside {@code extent}. */
	public void panBy(long dt, double ds, ChartWindow extent) {
		setWithin(fT0 + dt, fT1 + dt, fS0 + ds, fS1 + ds, extent);
	}

	/** Zooms to the box between two pixel corners (any order). */
	public void zoomToBox(int x0, int y0, int x1, int y1) {
		long t0 = timeAt(Math.min(x0, x1)), t1 = timeAt(Math.max(x0, x1));
		double s1 = seqAt(Math.min(y0, y1)), s0 = seqAt(Math.max(y0, y1));
		set(t0, t1, s0, s1);
	}

	/**
	 * Scrolls, keeping the spans, so that a packet at time {@code t} over {@code [first, end)} is inside the
	 * window; a malformed packet's sequence (only a claim) is not scrolled to.
	 *
	 * @return whether the window moved
	 */
	public boolean ensureVisible(long t, long first, long end, boolean malformed) {
		boolean moved = false;
		long tSpan = fT1 - fT0;
		if (t < fT0 || t >= fT1) {
			long t0 = t - tSpan / 2;
			set(t0, t0 + tSpan, fS0, fS1);
			moved = true;
		}
		double sSpan = fS1 - fS0;
		if (!malformed && !(first < fS1 && Math.max(end, first + 1) > fS0)) {
			double mid = (first + Math.max(end, first + 1)) / 2.0;
			set(fT0, fT1, mid - sSpan / 2, mid + sSpan / 2);
			moved = true;
		}
		return moved;
	}

	/**
	 * Zooms on one packet: centred on it, an eighth of the spans (at least twice its own range); a malformed
	 * packet keeps the sequence range (its sequence is only a claim).
	 */
	public void zoomOn(long t, long firstSeq, long endSeq, boolean malformed) {
		long tSpan = Math.max(MIN_TIME_SPAN, (fT1 - fT0) / 8);
		double first = firstSeq;
		double end = Math.max(endSeq, first + 1);
		double sSpan = Math.max(Math.max(MIN_SEQ_SPAN, (end - first) * 2), (fS1 - fS0) / 8);
		double mid = (first + end) / 2;
		if (malformed) {
			mid = (fS0 + fS1) / 2;
			sSpan = fS1 - fS0;
		}
		set(t - tSpan / 2, t - tSpan / 2 + tSpan, mid - sSpan / 2, mid + sSpan / 2);
	}

	@Override
	public String toString() {
		return "ChartViewport[t " + fT0 + ".." + fT1 + ", seq " + fS0 + ".." + fS1 + ", plot " + fX + "," + fY + " "
				+ fWidth + "x" + fHeight + "]";
	}
}
