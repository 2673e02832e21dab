package io.feedscope.ui.chart.internal.paint;

import java.util.Arrays;

import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;

import io.feedscope.ui.chart.ChartOverlays;
import io.feedscope.ui.chart.ChartOverlays.SeqBand;
import io.feedscope.ui.chart.internal.ChartViewport;

/**
 * Tinted sequence ranges: gaps (red), a line's own gaps, "delivered first" (the line's colour), notes
 * (yellow). Neighbours of the same kind and line that meet in pixels are drawn as one rectangle; a range
 * thinner than 3 px is widened to 3 so that a loss stays visible when zoomed out.
 */
public final class SeqBandLayer implements ChartLayer {

	@Override
	public void paint(GC gc, ChartPaintContext c) {
		ChartViewport v = c.viewport;
		// one pending rectangle per band kind; y grows downwards, so later (higher) bands extend the top
		int kinds = ChartOverlays.SeqBandKind.values().length;
		int[] pendTop = new int[kinds], pendBot = new int[kinds], pendLine = new int[kinds];
		Arrays.fill(pendBot, Integer.MIN_VALUE);
		for (SeqBand b : c.overlays.seqBands()) {
			if (b.endSeq() <= v.s0() || b.firstSeq() >= v.s1()) {
				continue;
			}
			int yTop = v.yClamped(b.endSeq());
			int yBot = v.yClamped(b.firstSeq());
			if (yBot - yTop < 3) {
				// keep a loss visible when zoomed out
				int mid = (yTop + yBot) / 2;
				yTop = mid - 1;
				yBot = mid + 2;
			}
			int k = b.kind().ordinal();
			if (pendBot[k] != Integer.MIN_VALUE && pendLine[k] == b.line() && yBot >= pendTop[k] - 1) {
				pendTop[k] = Math.min(pendTop[k], yTop);
				pendBot[k] = Math.max(pendBot[k], yBot);
				continue;
			}
			if (pendBot[k] != Integer.MIN_VALUE) {
				fill(gc, c, k, pendTop[k], pendBot[k], pendLine[k]);
			}
			pendTop[k] = yTop;
			pendBot[k] = yBot;
			pendLine[k] = b.line();
		}
		for (int k = 0; k < kinds; k++) {
			if (pendBot[k] != Integer.MIN_VALUE) {
				fill(gc, c, k, pendTop[k], pendBot[k], pendLine[k]);
			}
		}
	}

	private static void fill(GC gc, ChartPaintContext c, int kind, int yTop, int yBot, int line) {
		ChartPalette pal = c.palette;
		switch (ChartOverlays.SeqBandKind.values()[kind]) {
		case GAP -> {
			gc.setAlpha(110);
			gc.setBackground(pal.error);
		}
		case LINE_GAP -> {
			gc.setAlpha(50);
			gc.setBackground(pal.error);
		}
		case LINE_FIRST -> {
			gc.setAlpha(40);
			gc.setBackground(line >= 0 ? pal.lineColor(line) : pal.freeze);
		}
		case NOTE -> {
			gc.setAlpha(50);
			gc.setBackground(pal.warning);
		}
		}
		Rectangle p = c.plot;
		gc.fillRectangle(p.x, yTop, p.width, yBot - yTop);
		gc.setAlpha(255);
		c.primitives++;
	}
}
