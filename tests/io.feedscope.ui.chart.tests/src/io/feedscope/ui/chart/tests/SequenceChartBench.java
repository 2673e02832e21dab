package io.feedscope.ui.chart.tests;

import java.util.Arrays;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

import io.feedscope.ui.chart.ChartData;
import io.feedscope.ui.chart.SequenceChart;

/**
 * Prints how long a full redraw of the chart takes (its own drawing into an off-screen image, the same
 * path as a paint event) for 1 M and 10 M packets at several zoom levels. Not a test: run by hand under a
 * display, e.g.
 * <pre>
 * xvfb-run -a java -Xmx3g -cp &lt;swt gtk jar&gt;:&lt;chart classes&gt;:&lt;test classes&gt; io.feedscope.ui.chart.tests.SequenceChartBench [packets...]
 * </pre>
 */
public final class SequenceChartBench {

	private SequenceChartBench() {
	}

	public static void main(String[] args) {
		int[] sizes = args.length == 0 ? new int[] { 1_000_000, 10_000_000 }
				: Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
		Display display = new Display();
		Shell shell = new Shell(display, SWT.NO_TRIM);
		shell.setLayout(new FillLayout());
		SequenceChart chart = new SequenceChart(shell, SWT.NONE);
		shell.setSize(ChartFixture.WIDTH, 600);
		shell.layout(true, true);
		Image image = new Image(display, ChartFixture.WIDTH, 600);
		GC gc = new GC(image);
		try {
			System.out.printf("plot %d px wide; median of 15 redraws after 5 warm-up%n", chart.getPlotArea().width);
			System.out.printf("%10s  %-26s %10s %12s %10s%n", "packets", "window", "visible", "primitives", "ms");
			for (int n : sizes) {
				ChartData data = IncidentDataBuilder.uniform(n, 1_000); // 1 µs apart
				chart.setChartData(data);
				long start = data.time(0);
				long all = data.time(n - 1) - start;
				long[] spans = { -1, all / 10, all / 100, all / 1_000, all / 100_000, 20_000 };
				for (long span : spans) {
					String label;
					if (span < 0) {
						chart.resetWindow();
						label = "all " + io.feedscope.ui.chart.internal.Ticks.formatDuration(all);
					} else {
						long t0 = start + all / 3;
						int lo = data.lowerBound(t0, n);
						int hi = Math.max(lo + 1, data.lowerBound(t0 + span, n));
						chart.setWindow(t0, t0 + span, data.firstSeq(lo) - 10, data.endSeq(hi - 1) + 10);
						label = io.feedscope.ui.chart.internal.Ticks.formatDuration(span) + " of "
								+ io.feedscope.ui.chart.internal.Ticks.formatDuration(all);
					}
					int visible = data.upperBound(chart.getWindow().endNanos(), n)
							- data.lowerBound(chart.getWindow().startNanos(), n);
					long[] times = new long[15];
					for (int r = -5; r < times.length; r++) {
						chart.paintTo(gc);
						if (r >= 0) {
							times[r] = chart.getLastPaintNanos();
						}
					}
					Arrays.sort(times);
					System.out.printf("%,10d  %-26s %,10d %,12d %10.2f%n", n, label, visible,
							chart.getLastPaintPrimitives(), times[times.length / 2] / 1e6);
				}
			}
		} finally {
			gc.dispose();
			image.dispose();
			shell.dispose();
			display.dispose();
		}
	}
}
