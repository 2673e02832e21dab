package io.feedscope.ui.chart.internal.paint;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;

import io.feedscope.dissect.PacketKind;
import io.feedscope.ui.chart.ChartData;
import io.feedscope.ui.chart.internal.ChartViewport;
import io.feedscope.ui.chart.LevelOfDetail;
import io.feedscope.ui.chart.internal.PacketPresentation;

/**
 * The packets: the level of detail bins the visible ones into pixel columns, then at most one mark per
 * column and line (a single packet with caps when they are far enough apart, else the column's range), and
 * the special kinds in the shapes of their {@link PacketPresentation}.
 */
public final class PacketLayer implements ChartLayer {

	@Override
	public void paint(GC gc, ChartPaintContext c) {
		LevelOfDetail lod = c.lod;
		if (!lod.bin(c.data, c.viewport)) {
			return;
		}
		ChartViewport v = c.viewport;
		Rectangle p = c.plot;
		int w = lod.width();
		boolean detail = lod.detail();
		// draw higher lines first so that line A ends up on top
		for (int ln = lod.lines() - 1; ln >= 0; ln--) {
			Color color = c.palette.lineColor(ln);
			gc.setForeground(color);
			gc.setBackground(color);
			for (int col = 0; col < w; col++) {
				int cnt = lod.count(ln, col);
				if (cnt == 0) {
					continue;
				}
				int x = p.x + col;
				if (detail && cnt == 1) {
					drawPacket(gc, c, lod.last(ln, col), x);
				} else if (lod.heartbeatsOnly(ln, col)) {
					// only heartbeats in this column: a small diamond at the expected sequence
					c.diamond(gc, x, v.yClamped(lod.minSeq(ln, col)), 2, false);
				} else {
					int yTop = v.yClamped(lod.maxEndSeq(ln, col));
					int yBot = v.yClamped(lod.minSeq(ln, col));
					gc.fillRectangle(x, yTop, 1, Math.max(1, yBot - yTop));
					c.primitives++;
				}
			}
		}
		for (int s = 0; s < LevelOfDetail.SPECIAL_KINDS; s++) {
			for (int col = 0; col < w; col++) {
				if (lod.specialCount(s, col) == 0) {
					continue;
				}
				int idx = lod.specialLast(s, col);
				drawSpecial(gc, c, c.data.kind(idx), p.x + col, lod.specialMinSeq(s, col),
						lod.specialMaxEndSeq(s, col));
			}
		}
	}

	/** A single packet: a 3 px wide mark with caps, or a diamond for a packet of no messages. */
	private static void drawPacket(GC gc, ChartPaintContext c, int i, int x) {
		ChartData data = c.data;
		ChartViewport v = c.viewport;
		long first = data.firstSeq(i);
		int count = data.count(i);
		if (count == 0) {
			int y = v.yClamped(first);
			c.diamond(gc, x, y, 3, false);
			return;
		}
		int yTop = v.yClamped(first + count);
		int yBot = v.yClamped(first);
		gc.fillRectangle(x - 1, yTop, 3, Math.max(1, yBot - yTop));
		gc.drawLine(x - 3, yTop, x + 3, yTop);
		gc.drawLine(x - 3, yBot, x + 3, yBot);
		c.primitives += 3;
	}

	private static void drawSpecial(GC gc, ChartPaintContext c, PacketKind kind, int x, long first, long end) {
		ChartViewport v = c.viewport;
		Rectangle p = c.plot;
		Color colour = c.palette.kindColor(kind);
		int yTop = v.yClamped(end);
		int yBot = v.yClamped(first);
		int yMid = (yTop + yBot) / 2;
		switch (c.presentation.style(kind).shape()) {
		case OPEN_TRIANGLE -> {
			// the requested range as a dashed bracket, an open triangle pointing at it
			gc.setForeground(colour);
			gc.setLineStyle(SWT.LINE_DASH);
			gc.drawLine(x, yTop, x, Math.max(yTop + 1, yBot));
			gc.setLineStyle(SWT.LINE_SOLID);
			c.triangle(gc, x, yMid, false, colour);
			c.primitives++;
		}
		case FILLED_TRIANGLE -> {
			gc.setBackground(colour);
			gc.setForeground(colour);
			gc.fillRectangle(x - 1, yTop, 3, Math.max(1, yBot - yTop));
			c.triangle(gc, x, yMid, true, colour);
			c.primitives++;
		}
		case SQUARE -> {
			gc.setForeground(colour);
			gc.drawRectangle(x - 3, yBot - 3, 6, 6);
			c.primitives++;
		}
		case NONE -> {
			// not drawn
		}
		default -> {
			gc.setForeground(colour);
			if (first >= v.s1() || end < v.s0()) {
				// the claimed sequence is outside the window (often far outside: a damaged header): an arrow
				// at the edge pointing where the claim lies, and the malformed cross under it
				boolean above = first >= v.s1();
				int d = above ? 1 : -1;
				int y = above ? p.y + 1 : p.y + p.height - 2;
				int[] pts = { x, y, x - 5, y + 7 * d, x + 5, y + 7 * d };
				gc.setBackground(c.palette.error);
				gc.fillPolygon(pts);
				int yc = y + 12 * d;
				gc.drawLine(x - 3, yc - 3, x + 3, yc + 3);
				gc.drawLine(x - 3, yc + 3, x + 3, yc - 3);
				c.primitives += 3;
			} else {
				gc.drawLine(x - 3, yBot - 3, x + 3, yBot + 3);
				gc.drawLine(x - 3, yBot + 3, x + 3, yBot - 3);
				c.primitives += 2;
			}
		}
		}
	}
}
