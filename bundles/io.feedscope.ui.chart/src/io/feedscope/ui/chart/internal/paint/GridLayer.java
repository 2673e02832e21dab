package io.feedscope.ui.chart.internal.paint;

import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;

import io.feedscope.ui.chart.internal.ChartViewport;
import io.feedscope.ui.chart.internal.Ticks;

/** Grid lines at the axes' ticks. */
public final class GridLayer implements ChartLayer {

	@Override
	public void paint(GC gc, ChartPaintContext c) {
		ChartViewport v = c.viewport;
		Rectangle p = c.plot;
		gc.setForeground(c.palette.grid);
		long tStep = v.timeStep();
		for (long t = Ticks.firstTick(v.t0(), tStep); t <= v.t1(); t += tStep) {
			int x = (int) v.xd(t);
			gc.drawLine(x, p.y, x, p.y + p.height);
		}
		long sStep = v.seqStep();
		for (long s = Ticks.firstTick((long) Math.ceil(v.s0()), sStep); s <= v.s1(); s += sStep) {
			int y = v.yClamped(s);
			gc.drawLine(p.x, y, p.x + p.width, y);
		}
	}
}
