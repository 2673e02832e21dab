package io.feedscope.ui.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.Finding;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.tests.UiTestSupport;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.Signals;

/**
 * Saves pictures of the whole Feed Analysis perspective on the generated incident capture, for people to
 * look at (tests/io.feedscope.ui.tests/target/screenshots/): zoomed out over the whole capture, and
 * zoomed in on line A's catch-up after its freeze with the straddling packet selected. Asserts only that
 * the pictures were written and are not blank.
 */
class WorkbenchScreenshotTest {

	@TempDir
	static Path dir;
	static Path out;

	@BeforeAll
	static void open() throws Exception {
		Path capture = dir.resolve("incident.pcap");
		new Generator(Scenario.preset("incident").build()).write(capture);
		out = UiTestSupport.screenshotDir();
		Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
		shell.setBounds(0, 0, 1600, 1000);
		IncidentWorkbench.open(capture, 60_000);
	}

	@AfterAll
	static void close() {
		IncidentWorkbench.closeAll();
	}

	@Test
	void perspectiveOnTheIncident() throws Exception {
		FeedModel m = FeedModel.getDefault();
		SequenceChartView chart = (SequenceChartView) IncidentWorkbench.page().findView(SequenceChartView.ID);
		chart.chart().resetWindow();
		Finding freeze = m.result().findings().stream().filter(f -> f.checkId().equals(ChartOverlayBuilder.FREEZES))
				.findFirst().orElseThrow();
		// overview: the freeze finding selected, so the table shows where it starts
		Signals.getDefault().selectFrame(
				new FrameRef(Finding.refCapture(freeze.frames()[0]), Finding.refFrame(freeze.frames()[0])), this);
		chart.chart().resetWindow();
		save("workbench-incident-overview.png");

		// the catch-up: freeze end +- 3 ms, the trashed straddling packet selected
		List<FrameRef> trashed = ChartOverlayBuilder.markedPackets(m.result(), "first-seq-only drops it, new messages in it");
		assertTrue(!trashed.isEmpty(), "the incident has a packet first-seq-only trashes");
		Signals.getDefault().changeWindow(freeze.endNanos() - 1_000_000, freeze.endNanos() + 3_000_000, this);
		Signals.getDefault().selectFrame(trashed.get(0), this);
		save("workbench-incident-catch-up.png");

		// closer: the straddling packet's old and new messages against line B's copies
		int p = m.chartIndex(trashed.get(0));
		var d = m.chart();
		chart.chart().setWindow(d.time(p) - 400_000, d.time(p) + 400_000, d.firstSeq(p) - 60, d.endSeq(p) + 60);
		Signals.getDefault().changeWindow(d.time(p) - 400_000, d.time(p) + 400_000, chart);
		save("workbench-incident-trashed-packet.png");
	}

	private static void save(String name) throws Exception {
		UiTestSupport.shootWorkbench(out, name);
	}
}
