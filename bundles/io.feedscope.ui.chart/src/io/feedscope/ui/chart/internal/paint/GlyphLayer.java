package io.feedscope.ui.chart.internal.paint;

import java.util.List;

import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;

import io.feedscope.ui.chart.ChartOverlays;
import io.feedscope.ui.chart.ChartOverlays.Severity;
import io.feedscope.ui.chart.internal.ChartViewport;

/** Checks' glyphs at (time, sequence); they come sorted by time; at most one per pixel column. */
public final class GlyphLayer implements ChartLayer {

	@Override
	public void paint(GC gc, ChartPaintContext c) {
		List<ChartOverlays.Glyph> glyphs = c.overlays.glyphs();
		if (glyphs.isEmpty()) {
			return;
		}
		ChartViewport v = c.viewport;
		int lastX = Integer.MIN_VALUE;
		gc.setLineWidth(2);
		for (ChartOverlays.Glyph g : glyphs) {
			if (g.timeNanos() < v.t0() || g.timeNanos() > v.t1() || g.seq() < v.s0() || g.seq() > v.s1()) {
				continue;
			}
			int x = (int) v.xd(g.timeNanos());
			if (x == lastX) {
				continue;
			}
			lastX = x;
			int y = v.yClamped(g.seq() + 0.5);
			Color col = g.severity() == Severity.ERROR ? c.palette.error : c.palette.warning;
			gc.setForeground(col);
			gc.setBackground(col);
			int r = 6;
			switch (g.shape()) {
			// pointing down at the message, above the packet's mark so both stay visible
			case TRIANGLE -> gc.fillPolygon(new int[] { x, y - 3, x - r, y - 3 - 2 * r, x + r, y - 3 - 2 * r });
			case DIAMOND -> gc.fillPolygon(new int[] { x, y - r, x + r, y, x, y + r, x - r, y });
			case CROSS -> {
				gc.drawLine(x - r, y - r, x + r, y + r);
				gc.drawLine(x - r, y + r, x + r, y - r);
			}
			case CIRCLE -> gc.drawOval(x - r, y - r, 2 * r, 2 * r);
			}
			c.primitives++;
		}
		gc.setLineWidth(1);
	}
}
