package io.feedscope.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.Finding;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.Scenario.Line;
import io.feedscope.generator.TapPath;
import io.feedscope.generator.TapPath.Drop;
import io.feedscope.generator.TapPath.Hop;
import io.feedscope.generator.Truth;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.tests.UiTestSupport;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.Signals;
import io.feedscope.ui.chart.ChartData;

/**
 * A picture of the workbench on one feed captured at three tap points (issue 13 §2), for people to look at
 * (target/screenshots/workbench-three-taps.png): the hop 0→1 loses two of line A's packets, the findings say per
 * hop what was lost, and the chart, its marks coloured by capture, is zoomed on the loss so the marks of tap 0
 * stand alone where taps 1 and 2 have none. Asserts the findings per hop against the generator's truth, then
 * that the picture was written and is not blank.
 */
class ThreeTapScreenshotTest {

	@TempDir
	static Path dir;
	static Path base;
	static Truth truth;
	static Path out;

	@BeforeAll
	static void open() throws Exception {
		base = dir.resolve("path.pcap");
		List<Hop> hops = List.of(new Hop(20_000, 40_000, List.of(new Drop(0.4, Line.A, 2)), List.of()),
				new Hop(100_000, 300_000, List.of(), List.of()));
		new Generator(Scenario.preset("demo").seed(5).duration(400_000_000L).rate(30_000).build()).format(CaptureFormat.PCAP)
				.taps(hops).write(base);
		truth = Truth.read(base);
		out = UiTestSupport.screenshotDir();
		PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell().setBounds(0, 0, 1600, 1000);
		IncidentWorkbench.open(base, 60_000);
		IncidentWorkbench.add(TapPath.tapPath(base, 1), 60_000);
		IncidentWorkbench.add(TapPath.tapPath(base, 2), 60_000);
	}

	@AfterAll
	static void close() {
		SequenceChartView chart = (SequenceChartView) IncidentWorkbench.page().findView(SequenceChartView.ID);
		chart.setColourByCapture(false);
		IncidentWorkbench.closeAll();
	}

	@Test
	void threeTapsShowWhichHopLostWhat() throws Exception {
		FeedModel m = FeedModel.getDefault();
		assertEquals(3, m.captures().size());
		// the truth: hop 0->1 lost line A's messages of two packets
		Map<?, ?> tap1 = (Map<?, ?>) ((List<?>) truth.json().get("taps")).get(1);
		List<?> lost = null;
		for (Object o : (List<?>) tap1.get("lines")) {
			if ("A".equals(((Map<?, ?>) o).get("line"))) {
				lost = (List<?>) ((Map<?, ?>) o).get("lostByHop");
			}
		}
		assertTrue(lost != null && lost.size() == 1, "one range lost on A by hop 0->1: " + lost);
		List<?> range = (List<?>) lost.get(0);
		long from = ((Number) range.get(0)).longValue();
		long to = ((Number) range.get(1)).longValue();
		Finding hop = m.result().findings().stream()
				.filter(f -> f.checkId().equals("io.feedscope.analysis.taps") && f.fromSeq() == from && f.toSeq() == to)
				.findFirst().orElseThrow(() -> new AssertionError("no finding of the hop's loss " + from + ".." + to + ": "
						+ m.result().findings()));
		assertEquals("hop 0\u21921", hop.label(), "the finding names the hop");

		FindingsView findings = (FindingsView) IncidentWorkbench.page().showView(FindingsView.ID);
		SequenceChartView chart = (SequenceChartView) IncidentWorkbench.page().showView(SequenceChartView.ID);
		IncidentWorkbench.page().showView(PacketTableView.ID);
		chart.setColourByCapture(true);
		IncidentWorkbench.settle();
		assertTrue(chart.chartedByCapture());
		ChartData d = m.chart();
		// zoom on the lost range: a few ms either side, the sequence range with some context
		long t0 = Long.MAX_VALUE;
		long t1 = Long.MIN_VALUE;
		for (int i = 0; i < d.size(); i++) {
			if (d.endSeq(i) >= from && d.firstSeq(i) <= to) {
				t0 = Math.min(t0, d.time(i));
				t1 = Math.max(t1, d.time(i));
			}
		}
		assertTrue(t0 <= t1, "the lost messages are marks of tap 0 and of line B");
		chart.chart().setWindow(t0 - 2_000_000, t1 + 2_000_000, from - 40, to + 40);
		Signals.getDefault().changeWindow(t0 - 2_000_000, t1 + 2_000_000, chart);
		// the first lost packet as tap 0 captured it selected: the table shows it, the chart marks it
		for (int i = 0; i < d.size(); i++) {
			if (d.firstSeq(i) <= from && d.endSeq(i) >= from && ChartData.captureIndexOf(d.frameIdOf(i)) == 0) {
				Signals.getDefault().selectFrame(new FrameRef(0, ChartData.frameOf(d.frameIdOf(i))), this);
				break;
			}
		}
		assertTrue(findings.getViewSite() != null);
		save("workbench-three-taps.png");
	}

	private static void save(String name) throws Exception {
		UiTestSupport.shootWorkbench(out, name);
	}
}
