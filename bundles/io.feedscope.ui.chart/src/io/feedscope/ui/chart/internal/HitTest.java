package io.feedscope.ui.chart.internal;

import io.feedscope.ui.chart.ChartData;

/**
 * Which packet's mark is under a pixel: a pure function of the data and the viewport (no widget), so that
 * what a click selects can be computed and tested without a display.
 */
public final class HitTest {

	private HitTest() {
	}

	/**
	 * The packet whose mark is nearest to {@code (x, y)}, within {@code radius} px. A mark is the column at the
	 * packet's time over its sequence range (a point for a packet of no messages), one pixel wider on each
	 * side; the distance is the larger of the horizontal and vertical ones (a square neighbourhood). On ties
	 * (within half a pixel) the lower line wins, as it is drawn on top.
	 *
	 * @return the packet index, or -1 if no mark is that close
	 */
	public static int packetAt(ChartData data, ChartViewport v, int x, int y, int radius) {
		int n = data.size();
		int px0 = v.plotX();
		int w = v.plotWidth();
		if (n == 0 || x < px0 - radius || x > px0 + w + radius) {
			return -1;
		}
		long t0 = v.t0();
		double s0 = v.s0();
		double nsPerPx = (double) (v.t1() - t0) / w;
		double pxPerSeq = v.plotHeight() / (v.s1() - s0);
		long tLo = t0 + (long) Math.floor((x - radius - 1 - px0) * nsPerPx);
		long tHi = t0 + (long) Math.ceil((x + radius + 1 - px0) * nsPerPx);
		int lo = data.lowerBound(tLo, n);
		int hi = data.upperBound(tHi, n);
		int best = -1;
		double bestD = Double.MAX_VALUE;
		int bestLine = Integer.MAX_VALUE;
		double bottom = v.plotBottom();
		for (int i = lo; i < hi; i++) {
			double px = px0 + (data.time(i) - t0) / nsPerPx;
			double dx = Math.abs(px - x);
			if (dx > radius + 1) {
				continue;
			}
			long first = data.firstSeq(i);
			long end = data.endSeq(i);
			double yBot = bottom - (first - s0) * pxPerSeq;
			double yTop = end > first ? bottom - (end - s0) * pxPerSeq : yBot;
			double dy = y < yTop - 1 ? yTop - 1 - y : y > yBot + 1 ? y - yBot - 1 : 0;
			double d = Math.max(dx, dy);
			int line = data.line(i);
			if (d <= radius && (d < bestD - 0.5 || (Math.abs(d - bestD) <= 0.5 && line < bestLine))) {
				best = i;
				bestD = d;
				bestLine = line;
			}
		}
		return best;
	}
}
