package io.feedscope.ui.chart.internal.paint;

import org.eclipse.swt.graphics.GC;

import io.feedscope.ui.chart.ChartData;
import io.feedscope.ui.chart.internal.ChartViewport;

/** The selected packet in the selection colour, with corner brackets so that it is found when zoomed out. */
public final class SelectionLayer implements ChartLayer {

	@Override
	public void paint(GC gc, ChartPaintContext c) {
		int i = c.selected;
		ChartData data = c.data;
		ChartViewport v = c.viewport;
		if (i < 0 || i >= data.size()) {
			return;
		}
		long t = data.time(i);
		if (t < v.t0() || t > v.t1()) {
			return;
		}
		int x = (int) v.xd(t);
		int yTop = v.yClamped(data.endSeq(i));
		int yBot = v.yClamped(data.firstSeq(i));
		gc.setBackground(c.palette.selection);
		gc.setForeground(c.palette.selection);
		if (data.count(i) == 0) {
			c.diamond(gc, x, yBot, 5, true);
		} else {
			gc.fillRectangle(x - 2, yTop, 5, Math.max(2, yBot - yTop));
			gc.drawLine(x - 6, yTop, x + 6, yTop);
			gc.drawLine(x - 6, yBot, x + 6, yBot);
			c.primitives += 3;
		}
		int r = 10;
		int yc = (yTop + yBot) / 2;
		gc.drawLine(x - r, yc - r - (yBot - yTop) / 2, x - r, yc + r + (yBot - yTop) / 2);
		gc.drawLine(x + r, yc - r - (yBot - yTop) / 2, x + r, yc + r + (yBot - yTop) / 2);
		c.primitives += 2;
	}
}
