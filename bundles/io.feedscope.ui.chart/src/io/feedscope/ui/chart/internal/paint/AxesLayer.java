package io.feedscope.ui.chart.internal.paint;

import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;

import io.feedscope.ui.chart.internal.ChartTimeFormat;
import io.feedscope.ui.chart.internal.ChartViewport;
import io.feedscope.ui.chart.internal.Ticks;

/** The plot's frame, the time axis (ticks, labels that do not overlap, caption) and the sequence axis. */
public final class AxesLayer implements ChartLayer {

	@Override
	public void paint(GC gc, ChartPaintContext c) {
		ChartViewport v = c.viewport;
		ChartTimeFormat tf = c.time;
		Rectangle p = c.plot;
		gc.setForeground(c.palette.axisText);
		gc.drawRectangle(p.x - 1, p.y - 1, p.width + 1, p.height + 1);
		int fh = gc.getFontMetrics().getHeight();
		// time axis
		long tStep = v.timeStep();
		long offset = tf.zoneOffset(v.t0());
		long anchor = Ticks.anchorFor(v.t0());
		int lastRight = Integer.MIN_VALUE;
		for (long t = Ticks.firstTick(v.t0(), tStep); t <= v.t1(); t += tStep) {
			int x = (int) v.xd(t);
			gc.drawLine(x, p.y + p.height, x, p.y + p.height + 4);
			String s = tf.tickLabel(t, tStep, anchor, offset);
			Point e = gc.textExtent(s);
			int lx = x - e.x / 2;
			if (lx > lastRight + 6 && lx + e.x <= c.client.width) {
				gc.drawText(s, lx, p.y + p.height + 5, true);
				lastRight = lx + e.x;
			}
		}
		gc.drawText(tf.caption(tStep, anchor, offset), p.x, p.y + p.height + 5 + fh, true);
		// sequence axis
		long sStep = v.seqStep();
		for (long s = Ticks.firstTick((long) Math.ceil(v.s0()), sStep); s <= v.s1(); s += sStep) {
			int y = v.yClamped(s);
			gc.drawLine(p.x - 4, y, p.x, y);
			String label = Ticks.formatSeq(s);
			Point e = gc.textExtent(label);
			gc.drawText(label, Math.max(1, p.x - 6 - e.x), y - e.y / 2, true);
		}
	}
}
