package io.feedscope.ui.internal;

import static io.feedscope.ui.tests.UiTestSupport.flush;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.Signals;
import io.feedscope.ui.chart.SequenceChart;

/**
 * Not a test: prints how the workbench copes with a big capture (generated, ~130 bytes per frame): time to
 * open and analyse it, table jump time (Go to Frame, and following a selection from another view, each
 * until the table has painted), and a full chart redraw over all its packets. Runs only when asked:
 * <pre>
 * xvfb-run -a ./mvnw -B -ntp -o verify -pl ...,../tests/io.feedscope.ui.tests -Dtest=TableJumpBench \
 *   -Dtycho.testArgLine="-Xmx10g -Dfeedscope.bench.frames=10000000"
 * </pre>
 */
@EnabledIfSystemProperty(named = "feedscope.bench.frames", matches = "\\d+")
class TableJumpBench {

	@TempDir
	Path dir;

	@Test
	void printFigures() throws Exception {
		long frames = Long.parseLong(System.getProperty("feedscope.bench.frames"));
		Path capture = dir.resolve("big.pcap");
		long t0 = System.nanoTime();
		Generator.Result g = new Generator(Scenario.preset("incident").frames(frames).rate(400_000).build())
				.write(capture);
		long t1 = System.nanoTime();
		System.out.printf("bench: generated %,d frames, %,d bytes in %.1f s%n", g.frames(), Files.size(capture),
				(t1 - t0) / 1e9);
		IncidentWorkbench.open(capture, 30 * 60_000);
		long t2 = System.nanoTime();
		FeedModel m = FeedModel.getDefault();
		System.out.printf("bench: opened (indexed) and analysed in %.1f s: %,d chart packets, %d findings%n",
				(t2 - t1) / 1e9, m.chart().size(), m.result().findings().size());

		PacketTableView table = (PacketTableView) IncidentWorkbench.page().findView(PacketTableView.ID);
		int rows = table.rowCount();
		int[] targets = { rows - 1, rows / 2, 17, rows - 5000, rows / 3, rows / 7 * 6, 123_456, rows / 4 };
		long[] gotoNs = new long[targets.length];
		for (int i = 0; i < targets.length; i++) {
			FrameRef ref = table.frameAt(targets[i]);
			long s = System.nanoTime();
			table.goToFrame(ref);
			paint(table.natTable());
			gotoNs[i] = System.nanoTime() - s;
		}
		long[] followNs = new long[targets.length];
		for (int i = 0; i < targets.length; i++) {
			FrameRef ref = table.frameAt(targets[targets.length - 1 - i]);
			long s = System.nanoTime();
			Signals.getDefault().selectFrame(ref, this); // as a chart click does: table, chart, details follow
			paint(table.natTable());
			followNs[i] = System.nanoTime() - s;
		}
		System.out.printf("bench: table Go to Frame (select + reveal + paint) over %,d rows: median %.2f ms, max %.2f ms%n",
				rows, median(gotoNs) / 1e6, Arrays.stream(gotoNs).max().getAsLong() / 1e6);
		System.out.printf("bench: selection signal followed by all views + table paint: median %.2f ms, max %.2f ms%n",
				median(followNs) / 1e6, Arrays.stream(followNs).max().getAsLong() / 1e6);

		for (String text : new String[] { "moldudp64.count > 50", "itch50.message_type == \"P\"" }) {
			long s = System.nanoTime();
			org.eclipse.core.runtime.jobs.Job job = table.applyFilter(text);
			io.feedscope.ui.tests.UiTestSupport.waitUntil("the filter", 30 * 60_000, () -> job.getResult() != null);
			flush();
			System.out.printf("bench: filter %s over %,d frames: %.1f s, %,d rows shown%n", text, rows,
					(System.nanoTime() - s) / 1e9, table.rowCount());
		}
		table.applyFilter("");

		SequenceChartView chartView = (SequenceChartView) IncidentWorkbench.page().findView(SequenceChartView.ID);
		SequenceChart chart = chartView.chart();
		chart.resetWindow();
		Rectangle b = chart.getBounds();
		Image image = new Image(chart.getDisplay(), Math.max(1, b.width), Math.max(1, b.height));
		GC gc = new GC(image);
		long[] redraw = new long[11];
		try {
			for (int i = 0; i < redraw.length; i++) {
				long s = System.nanoTime();
				chart.paintTo(gc);
				redraw[i] = System.nanoTime() - s;
			}
		} finally {
			gc.dispose();
			image.dispose();
		}
		System.out.printf("bench: chart full redraw, all %,d packets in view (%d x %d px): median %.1f ms%n",
				m.chart().size(), b.width, b.height, median(redraw) / 1e6);
		IncidentWorkbench.closeAll();
	}

	private static void paint(org.eclipse.swt.widgets.Control c) {
		c.redraw();
		c.update();
		flush();
	}

	private static double median(long[] v) {
		long[] s = v.clone();
		Arrays.sort(s);
		return s[s.length / 2];
	}
}
