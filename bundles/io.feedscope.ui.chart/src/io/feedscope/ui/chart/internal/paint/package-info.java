/**
 * The sequence chart's paint layers, one class per layer, drawn in order by the chart from one
 * {@link io.feedscope.ui.chart.internal.paint.ChartPaintContext}: time bands, sequence bands, grid, packets,
 * highlights, glyphs, selection, band labels over the plot; then the axes and the status line (legend and
 * readout). Exported to the test fragment only.
 */
@NonNullByDefault
package io.feedscope.ui.chart.internal.paint;

import org.eclipse.jdt.annotation.NonNullByDefault;
