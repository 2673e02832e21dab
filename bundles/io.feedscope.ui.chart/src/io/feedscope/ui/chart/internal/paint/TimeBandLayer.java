package io.feedscope.ui.chart.internal.paint;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;

import io.feedscope.ui.chart.ChartOverlays.TimeBand;
import io.feedscope.ui.chart.internal.ChartViewport;

/**
 * Shaded time ranges (freezes), dotted edges in the line's colour. Bands come sorted by start
 * (ChartOverlays sorts them); neighbours of the same line that meet in pixels are drawn as one rectangle,
 * so thousands of small ones cost at most one rectangle per pixel column.
 */
public final class TimeBandLayer implements ChartLayer {

	@Override
	public void paint(GC gc, ChartPaintContext c) {
		ChartViewport v = c.viewport;
		int pendX0 = 0, pendX1 = -1, pendLine = 0;
		for (TimeBand b : c.overlays.timeBands()) {
			if (b.endNanos() <= v.t0() || b.startNanos() >= v.t1()) {
				continue;
			}
			int x0 = v.xClamped(b.startNanos());
			int x1 = Math.max(x0 + 2, v.xClamped(b.endNanos()));
			if (pendX1 >= 0 && b.line() == pendLine && x0 <= pendX1 + 1) {
				pendX1 = Math.max(pendX1, x1);
				continue;
			}
			if (pendX1 >= 0) {
				fill(gc, c, pendX0, pendX1, pendLine);
			}
			pendX0 = x0;
			pendX1 = x1;
			pendLine = b.line();
		}
		if (pendX1 >= 0) {
			fill(gc, c, pendX0, pendX1, pendLine);
		}
	}

	private static void fill(GC gc, ChartPaintContext c, int x0, int x1, int line) {
		Rectangle p = c.plot;
		gc.setAlpha(46);
		gc.setBackground(c.palette.freeze);
		gc.fillRectangle(x0, p.y, x1 - x0, p.height);
		gc.setAlpha(150);
		gc.setForeground(line >= 0 ? c.palette.lineColor(line) : c.palette.freeze);
		gc.setLineStyle(SWT.LINE_DOT);
		gc.drawLine(x0, p.y, x0, p.y + p.height);
		gc.drawLine(x1, p.y, x1, p.y + p.height);
		gc.setLineStyle(SWT.LINE_SOLID);
		gc.setAlpha(255);
		c.primitives += 3;
	}
}
