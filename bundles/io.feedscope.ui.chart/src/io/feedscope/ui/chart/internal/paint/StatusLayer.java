package io.feedscope.ui.chart.internal.paint;

import static io.feedscope.ui.chart.internal.paint.ChartPaintContext.LEFT;
import static io.feedscope.ui.chart.internal.paint.ChartPaintContext.RIGHT;
import static io.feedscope.ui.chart.internal.paint.ChartPaintContext.TOP;

import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;

import io.feedscope.dissect.PacketKind;
import io.feedscope.ui.chart.ChartData;
import io.feedscope.ui.chart.internal.Messages;

/**
 * The status line above the plot: the legend (lines, then the glyph keys whole or not at all) and the
 * readout, right-aligned after it, or on its own row under the time axis's caption when the legend leaves
 * it no room. Sets {@link ChartPaintContext#legendRight}.
 */
public final class StatusLayer implements ChartLayer {

	@Override
	public void paint(GC gc, ChartPaintContext ctx) {
		ChartPalette pal = ctx.palette;
		Rectangle c = ctx.client;
		gc.setBackground(pal.background);
		gc.fillRectangle(0, 0, c.width, TOP - 1);
		int fh = gc.getFontMetrics().getHeight();
		int y = Math.max(0, (TOP - 1 - fh) / 2);
		int x = LEFT;
		int lines = Math.max(2, Math.min(ChartData.MAX_LINES, ctx.data.lineCount()));
		for (int ln = 0; ln < lines; ln++) {
			Color col = pal.lineColor(ln);
			gc.setBackground(col);
			gc.fillRectangle(x, y + fh / 2 - 5, 3, 11);
			gc.setForeground(col);
			String name = ctx.seriesLabel.apply(ln);
			gc.drawText(name, x + 6, y, true);
			x += 6 + gc.textExtent(name).x + 12;
		}
		// the glyph keys, whole or not at all: the loss key first, the rest as room allows, so that no
		// key is ever cut off half-way ("gap / tras") at small sizes
		int right = c.width - RIGHT;
		String error = Messages.LEGEND_ERROR;
		int errorW = gc.textExtent(error).x;
		if (x + errorW <= right) {
			gc.setForeground(pal.error);
			gc.drawText(error, x, y, true);
			x += errorW + 16;
		}
		int hbW = 9 + gc.textExtent(Messages.LEGEND_HEARTBEAT).x;
		if (x + hbW <= right) {
			gc.setForeground(pal.axisText);
			gc.setBackground(pal.axisText);
			ctx.diamond(gc, x + 3, y + fh / 2, 3, false);
			gc.drawText(Messages.LEGEND_HEARTBEAT, x + 9, y, true);
			x += hbW + 12;
		}
		Color request = pal.kindColor(PacketKind.REQUEST);
		int rqW = 13 + gc.textExtent(Messages.LEGEND_REQUEST).x;
		if (x + rqW <= right) {
			ctx.triangle(gc, x + 11, y + fh / 2, false, request);
			gc.setForeground(request);
			gc.drawText(Messages.LEGEND_REQUEST, x + 13, y, true);
			x += rqW + 12;
		}
		Color answer = pal.kindColor(PacketKind.ANSWER);
		int anW = 13 + gc.textExtent(Messages.LEGEND_ANSWER).x;
		if (x + anW <= right) {
			ctx.triangle(gc, x + 11, y + fh / 2, true, answer);
			gc.setForeground(answer);
			gc.drawText(Messages.LEGEND_ANSWER, x + 13, y, true);
			x += anW + 16;
		}
		ctx.legendRight = x;
		String status = ctx.status;
		if (!status.isEmpty()) {
			// the readout goes where there is room: after the legend, else on the time axis's caption line
			gc.setForeground(ctx.hovering ? pal.axisText : pal.selection);
			Point e = gc.textExtent(status);
			if (x + e.x <= right) {
				gc.drawText(status, right - e.x, y, true);
			} else {
				// its own row under the axis caption, the full width; what does not fit ends in an ellipsis
				Rectangle p = ctx.plot;
				int yRow = p.y + p.height + 5 + 2 * fh;
				int room = right - LEFT / 4;
				String shown = status;
				if (e.x > room) {
					int n = status.length();
					while (n > 1 && gc.textExtent(status.substring(0, n) + "\u2026").x > room) {
						n--;
					}
					shown = status.substring(0, n) + "\u2026";
				}
				gc.setBackground(pal.background);
				gc.fillRectangle(0, yRow, c.width, fh);
				gc.drawText(shown, Math.max(LEFT / 4, right - gc.textExtent(shown).x), yRow, true);
			}
		}
	}
}
