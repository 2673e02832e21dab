/**
 * The sequence chart: capture time against message sequence number, one vertical mark per packet, one
 * colour per line (A/B), with overlays for gaps, freezes and damaged packets.
 * <p>
 * Last stage of the pipeline (capture &rarr; frames &rarr; dissection &rarr; streams &rarr; checks &rarr; views).
 * This bundle needs SWT only (no JFace, no workbench) and never decodes bytes: producers fill a columnar
 * {@link io.feedscope.ui.chart.ChartData} and an {@link io.feedscope.ui.chart.ChartOverlays}, and the
 * {@link io.feedscope.ui.chart.SequenceChart} widget draws them. Selection and visible window are two
 * separate signals ({@link io.feedscope.ui.chart.PacketSelectionListener},
 * {@link io.feedscope.ui.chart.WindowRangeListener}).
 */
@NonNullByDefault
package io.feedscope.ui.chart;

import org.eclipse.jdt.annotation.NonNullByDefault;
