package io.feedscope.ui.chart.internal.paint;

import org.eclipse.swt.graphics.GC;

/** One paint layer of the sequence chart. */
public interface ChartLayer {

	/** Draws the layer from the context into {@code gc} (clipped to the plot for the plot's layers). */
	void paint(GC gc, ChartPaintContext c);
}
