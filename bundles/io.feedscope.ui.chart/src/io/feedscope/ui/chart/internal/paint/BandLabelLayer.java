package io.feedscope.ui.chart.internal.paint;

import java.util.HashSet;
import java.util.Set;

import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;

import io.feedscope.ui.chart.ChartOverlays.SeqBand;
import io.feedscope.ui.chart.ChartOverlays.TimeBand;
import io.feedscope.ui.chart.internal.ChartViewport;

/**
 * The bands' labels on dark boxes: time bands' along the top in up to three rows, sequence bands' at the
 * left, each text once and never over the previous one.
 */
public final class BandLabelLayer implements ChartLayer {

	@Override
	public void paint(GC gc, ChartPaintContext c) {
		ChartViewport v = c.viewport;
		ChartPalette pal = c.palette;
		Rectangle p = c.plot;
		int fh = gc.getFontMetrics().getHeight();
		int row = 0;
		int lastRight = Integer.MIN_VALUE;
		for (TimeBand b : c.overlays.timeBands()) {
			String label = b.label();
			if (label == null || b.endNanos() <= v.t0() || b.startNanos() >= v.t1()) {
				continue;
			}
			int x0 = Math.max(p.x + 2, v.xClamped(b.startNanos()) + 3);
			if (x0 < lastRight && row >= 2) {
				continue; // three rows of labels are full here: the band is still drawn
			}
			row = x0 < lastRight ? row + 1 : 0;
			c.labelBox(gc, label, x0, p.y + 3 + row * fh, b.line() >= 0 ? pal.lineColor(b.line()) : pal.axisText);
			lastRight = Math.max(lastRight, x0 + gc.textExtent(label).x);
		}
		int lastY = Integer.MAX_VALUE;
		Set<String> drawn = new HashSet<>();
		for (SeqBand b : c.overlays.seqBands()) {
			String label = b.label();
			if (label == null || b.endSeq() <= v.s0() || b.firstSeq() >= v.s1() || drawn.contains(label)) {
				continue; // the same words twice say nothing new: the bands themselves show each range
			}
			int yTop = v.yClamped(b.endSeq());
			int yBot = v.yClamped(b.firstSeq());
			int y = Math.max(p.y + 2, Math.min(p.y + p.height - fh - 2, (yTop + yBot) / 2 - fh / 2));
			if (Math.abs(y - lastY) < fh) {
				continue; // would overprint the previous label
			}
			lastY = y;
			drawn.add(label);
			c.labelBox(gc, label, p.x + 4, y, switch (b.kind()) {
			case GAP, LINE_GAP -> pal.error;
			case LINE_FIRST -> b.line() >= 0 ? pal.lineColor(b.line()) : pal.axisText;
			case NOTE -> pal.warning;
			});
		}
	}
}
