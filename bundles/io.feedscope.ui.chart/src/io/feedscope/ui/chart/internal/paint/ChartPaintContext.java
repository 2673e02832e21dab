package io.feedscope.ui.chart.internal.paint;

import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;

import io.feedscope.ui.chart.ChartData;
import io.feedscope.ui.chart.ChartOverlays;
import io.feedscope.ui.chart.internal.ChartTimeFormat;
import io.feedscope.ui.chart.internal.ChartViewport;
import io.feedscope.ui.chart.LevelOfDetail;
import io.feedscope.ui.chart.internal.PacketPresentation;

/**
 * What the paint layers draw from: the chart fills it before each paint. Layers read it and add to
 * {@link #primitives}; they keep no state of their own between paints.
 */
public final class ChartPaintContext {

	/**
	 * The margins around the plot: LEFT holds the sequence labels, TOP the status line (legend and readout),
	 * BOTTOM the time labels, the axis caption and a row for the readout when the legend leaves it no room.
	 */
	public static final int LEFT = 78, RIGHT = 14, TOP = 24, BOTTOM = 60;

	/** the window and the plot area */
	public final ChartViewport viewport;
	public final ChartPalette palette;
	public final PacketPresentation presentation;
	public final ChartTimeFormat time;
	/** the level of detail's per-column scratch, reused from paint to paint */
	public final LevelOfDetail lod = new LevelOfDetail();
	public ChartData data = new ChartData(16);
	public ChartOverlays overlays = ChartOverlays.NONE;
	/** the highlights' packet indices, ascending as {@link ChartOverlays#highlights()} */
	public int[] highlightIdx = new int[0];
	/** the selected packet, -1 for none */
	public int selected = -1;
	/** the plot area of this paint */
	public Rectangle plot = new Rectangle(0, 0, 1, 1);
	/** the whole control of this paint */
	public Rectangle client = new Rectangle(0, 0, 1, 1);
	/** a line's name in the legend and the readout ("line A", or a capture's name) */
	public java.util.function.IntFunction<String> seriesLabel = Integer::toString;
	/** the readout: the hovered packet's description, else the selected one's, else empty */
	public String status = "";
	/** whether the readout describes the hovered packet (else the selected one) */
	public boolean hovering;
	/** out: the x where the legend ended */
	public int legendRight;
	/** drawing calls (lines, rectangles, polygons) so far in this paint */
	public int primitives;
	private final int[] fPoly = new int[8];

	public ChartPaintContext(ChartViewport viewport, PacketPresentation presentation, ChartTimeFormat time) {
		this.viewport = viewport;
		this.presentation = presentation;
		this.palette = new ChartPalette(presentation);
		this.time = time;
	}

	/** A triangle left of x pointing right at (x, y). */
	public void triangle(GC gc, int x, int y, boolean filled, org.eclipse.swt.graphics.Color color) {
		int[] pts = { x - 11, y - 6, x - 3, y, x - 11, y + 6 };
		if (filled) {
			gc.setBackground(color);
			gc.fillPolygon(pts);
		} else {
			gc.setForeground(color);
			gc.drawPolygon(pts);
		}
		primitives++;
	}

	/** A diamond of radius r around (x, y), in the GC's foreground (hollow) or background (filled). */
	public void diamond(GC gc, int x, int y, int r, boolean filled) {
		int[] pts = fPoly;
		pts[0] = x;
		pts[1] = y - r;
		pts[2] = x + r;
		pts[3] = y;
		pts[4] = x;
		pts[5] = y + r;
		pts[6] = x - r;
		pts[7] = y;
		if (filled) {
			gc.fillPolygon(pts);
		} else {
			gc.drawPolygon(pts);
		}
		primitives++;
	}

	/** A label on a dark box, so that red text stays readable on a red band. */
	public void labelBox(GC gc, String label, int x, int y, org.eclipse.swt.graphics.Color colour) {
		org.eclipse.swt.graphics.Point e = gc.textExtent(label);
		gc.setBackground(palette.background);
		gc.setAlpha(220);
		gc.fillRectangle(x - 2, y, e.x + 4, e.y);
		gc.setAlpha(255);
		gc.setForeground(colour);
		gc.drawText(label, x, y, true);
	}
}
