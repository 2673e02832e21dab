package io.feedscope.ui.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.feedscope.ui.chart.tests.ChartFixture;
import io.feedscope.ui.chart.tests.ChartFixture.Selected;
import io.feedscope.ui.chart.tests.IncidentDataBuilder;
import io.feedscope.ui.chart.tests.IncidentDataBuilder.Incident;

import io.feedscope.dissect.PacketKind;

/**
 * Widget tests on the synthetic incident: SWT events sent straight to a real chart, assertions on the
 * chart's model (selection, window) and on what the recording listeners saw. Expected packets come from
 * the builder's landmarks; its frame ids are {@code frameId(0, index + 1)} by construction.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SequenceChartTest {

	private ChartFixture fx;
	private SequenceChart chart;
	private Incident inc;
	private ChartData data;

	@BeforeEach
	void setUp() {
		fx = new ChartFixture();
		chart = fx.chart;
		inc = new IncidentDataBuilder().build();
		data = inc.data();
		chart.setChartData(data);
		chart.setOverlays(inc.overlays());
		fx.flush();
		fx.clearRecords();
	}

	@AfterEach
	void tearDown() {
		fx.close();
	}

	/** Zooms (from code) so that the catch-up burst is drawn packet by packet. */
	private void zoomOnBurst() {
		long t0 = data.time(inc.firstBurstIndex()) - 100_000;
		long t1 = data.time(inc.trashedIndex()) + 100_000;
		chart.setWindow(t0, t1, inc.freezeSeq() - 50, data.endSeq(inc.trashedIndex()) + 50);
	}

	private int midY(int i) {
		return (chart.yOf(data.firstSeq(i)) + chart.yOf(data.endSeq(i))) / 2;
	}

	@Test
	void clickOnMarkSelectsThatPacket() {
		zoomOnBurst();
		int i = inc.firstBurstIndex() + 3;
		fx.click(chart.xOf(data.time(i)), midY(i));
		assertEquals(List.of(new Selected(i, ChartData.frameId(0, i + 1))), fx.selections);
		assertEquals(i, chart.getSelection());
		assertEquals(List.of(), fx.windows, "a click is not a window change");
	}

	@Test
	void clickNearMarkWithinHitRadiusSelectsIt() {
		zoomOnBurst();
		int i = inc.firstBurstIndex() + 7;
		fx.click(chart.xOf(data.time(i)) + SequenceChart.HIT_RADIUS - 1, midY(i));
		assertEquals(List.of(new Selected(i, ChartData.frameId(0, i + 1))), fx.selections);
	}

	@Test
	void clickOnEmptySpaceSelectsNothing() {
		zoomOnBurst();
		Rectangle p = chart.getPlotArea();
		// bottom right corner: the burst is bottom left to top right, B sits at the top
		fx.click(p.x + p.width - 5, p.y + p.height - 5);
		assertEquals(List.of(), fx.selections);
		assertEquals(-1, chart.getSelection());
	}

	@Test
	void selectFromCodeScrollsIntoViewWithoutEcho() {
		// first 20 ms, seq near the start: the trashed packet (at ~500 ms, seq ~1,006,000) is outside
		chart.setWindow(inc.start(), inc.start() + 20_000_000, 1_000_000, 1_000_200);
		ChartWindow before = chart.getWindow();
		assertTrue(!before.containsTime(data.time(inc.trashedIndex())));
		chart.select(inc.trashedIndex());
		ChartWindow w = chart.getWindow();
		assertEquals(inc.trashedIndex(), chart.getSelection());
		assertTrue(w.containsTime(data.time(inc.trashedIndex())), w.toString());
		assertTrue(w.overlapsSeq(data.firstSeq(inc.trashedIndex()), data.endSeq(inc.trashedIndex())), w.toString());
		assertEquals(before.endNanos() - before.startNanos(), w.endNanos() - w.startNanos(), "zoom kept");
		assertEquals(List.of(), fx.selections, "select() does not echo");
		assertEquals(List.of(), fx.windows, "select() does not echo");
	}

	@Test
	void setWindowDoesNotEcho() {
		chart.setWindow(inc.start(), inc.start() + 5_000_000, 1_000_000, 1_001_000);
		assertEquals(new ChartWindow(inc.start(), inc.start() + 5_000_000, 1_000_000, 1_001_000), chart.getWindow());
		assertEquals(List.of(), fx.windows);
	}

	@Test
	void wheelZoomsAroundTheCursor() {
		Rectangle p = chart.getPlotArea();
		int x = p.x + p.width / 3, y = p.y + p.height / 4;
		ChartWindow before = chart.getWindow();
		long tAt = chart.timeAt(x);
		double sAt = chart.seqAt(y);
		fx.wheel(x, y, 1, 0);
		ChartWindow after = chart.getWindow();
		double tSpan0 = before.endNanos() - before.startNanos(), tSpan1 = after.endNanos() - after.startNanos();
		assertEquals(tSpan0 / 1.25, tSpan1, tSpan0 * 1e-6, "time span shrinks by one wheel step");
		double nsPerPx = tSpan1 / p.width;
		assertEquals(tAt, chart.timeAt(x), nsPerPx, "time under the cursor stays");
		double seqPerPx = (after.endSeq() - after.firstSeq()) / (double) p.height;
		assertEquals(sAt, chart.seqAt(y), seqPerPx + 1, "sequence under the cursor stays");
		assertTrue(after.endSeq() - after.firstSeq() < before.endSeq() - before.firstSeq());
		assertEquals(List.of(after), fx.windows);
		assertEquals(List.of(), fx.selections);

		fx.wheel(x, y, -1, 0);
		ChartWindow back = chart.getWindow();
		assertEquals(tSpan0, back.endNanos() - back.startNanos(), tSpan0 * 1e-6, "wheel down zooms out again");
	}

	@Test
	void ctrlWheelZoomsTimeOnlyAndShiftWheelSequenceOnly() {
		Rectangle p = chart.getPlotArea();
		int x = p.x + p.width / 2, y = p.y + p.height / 2;
		ChartWindow w0 = chart.getWindow();
		fx.wheel(x, y, 2, SWT.CTRL);
		ChartWindow w1 = chart.getWindow();
		assertTrue(w1.endNanos() - w1.startNanos() < w0.endNanos() - w0.startNanos());
		assertEquals(w0.firstSeq(), w1.firstSeq());
		assertEquals(w0.endSeq(), w1.endSeq());
		fx.wheel(x, y, 2, SWT.SHIFT);
		ChartWindow w2 = chart.getWindow();
		assertEquals(w1.startNanos(), w2.startNanos());
		assertEquals(w1.endNanos(), w2.endNanos());
		assertTrue(w2.endSeq() - w2.firstSeq() < w1.endSeq() - w1.firstSeq());
		assertEquals(2, fx.windows.size());
	}

	@Test
	void rightDragZoomsToTheBox() {
		Rectangle p = chart.getPlotArea();
		int x0 = p.x + 100, y0 = p.y + 50, x1 = p.x + 400, y1 = p.y + 300;
		long t0 = chart.timeAt(x0), t1 = chart.timeAt(x1);
		double sTop = chart.seqAt(y0), sBottom = chart.seqAt(y1);
		fx.drag(3, 0, x0, y0, x1, y1);
		ChartWindow w = chart.getWindow();
		assertEquals(t0, w.startNanos());
		assertEquals(t1, w.endNanos());
		assertEquals(Math.floor(sBottom), w.firstSeq());
		assertEquals(Math.ceil(sTop), w.endSeq());
		assertEquals(List.of(w), fx.windows, "one window event when the button is released");
		assertEquals(List.of(), fx.selections);
	}

	@Test
	void shiftLeftDragAlsoZoomsToTheBox() {
		Rectangle p = chart.getPlotArea();
		long t0 = chart.timeAt(p.x + 200), t1 = chart.timeAt(p.x + 260);
		fx.drag(1, SWT.SHIFT, p.x + 200, p.y + 100, p.x + 260, p.y + 200);
		assertEquals(t0, chart.getWindow().startNanos());
		assertEquals(t1, chart.getWindow().endNanos());
		assertEquals(1, fx.windows.size());
	}

	@Test
	void tinyBoxDoesNotZoom() {
		ChartWindow w0 = chart.getWindow();
		Rectangle p = chart.getPlotArea();
		fx.drag(3, 0, p.x + 100, p.y + 100, p.x + 102, p.y + 103);
		assertEquals(w0, chart.getWindow());
		assertEquals(List.of(), fx.windows);
	}

	@Test
	void leftDragPansAndReportsOnRelease() {
		zoomOnBurst();
		ChartWindow w0 = chart.getWindow();
		Rectangle p = chart.getPlotArea();
		double nsPerPx = (double) (w0.endNanos() - w0.startNanos()) / p.width;
		fx.drag(1, 0, p.x + 300, p.y + 200, p.x + 200, p.y + 200);
		ChartWindow w = chart.getWindow();
		assertEquals(100 * nsPerPx, w.startNanos() - w0.startNanos(), 1.0, "100 px worth of time");
		assertEquals(w0.firstSeq(), w.firstSeq(), "horizontal drag keeps the sequence range");
		assertEquals(List.of(w), fx.windows);
		assertEquals(List.of(), fx.selections, "a drag is not a click");
	}

	@Test
	void dragOnTimeAxisPansTimeOnly() {
		zoomOnBurst();
		ChartWindow w0 = chart.getWindow();
		Rectangle p = chart.getPlotArea();
		int yAxis = p.y + p.height + 10;
		fx.drag(1, 0, p.x + 300, yAxis, p.x + 350, yAxis + 80);
		ChartWindow w = chart.getWindow();
		assertTrue(w.startNanos() < w0.startNanos());
		assertEquals(w0.firstSeq(), w.firstSeq());
		assertEquals(w0.endSeq(), w.endSeq());
	}

	@Test
	void homeAndDoubleClickOnEmptySpaceReset() {
		ChartWindow all = chart.getWindow();
		// the window after setData shows every packet
		assertTrue(all.containsTime(data.time(0)) && all.containsTime(data.time(data.size() - 1)));
		assertTrue(all.firstSeq() <= data.minSeq() && all.endSeq() >= data.maxEndSeq());
		zoomOnBurst();
		assertNotEquals(all, chart.getWindow());
		fx.key(SWT.HOME, '\0', 0);
		assertEquals(all, chart.getWindow());
		assertEquals(List.of(all), fx.windows);

		zoomOnBurst();
		Rectangle p = chart.getPlotArea();
		fx.doubleClick(p.x + p.width - 5, p.y + p.height - 5);
		assertEquals(all, chart.getWindow());
		assertEquals(all, fx.windows.get(fx.windows.size() - 1));
		assertEquals(List.of(), fx.selections);
	}

	@Test
	void leftRightKeysStepThroughPackets() {
		zoomOnBurst();
		int i = inc.firstBurstIndex() + 2;
		chart.select(i);
		fx.key(SWT.ARROW_RIGHT, '\0', 0);
		fx.key(SWT.ARROW_RIGHT, '\0', 0);
		fx.key(SWT.ARROW_LEFT, '\0', 0);
		assertEquals(List.of(new Selected(i + 1, ChartData.frameId(0, i + 2)),
				new Selected(i + 2, ChartData.frameId(0, i + 3)), new Selected(i + 1, ChartData.frameId(0, i + 2))),
				fx.selections);
		assertEquals(i + 1, chart.getSelection());
	}

	@Test
	void nextPacketOutsideTheWindowScrollsAndReportsTheWindow() {
		// a window that ends just before packet 101's time
		long t = data.time(100);
		chart.setWindow(t - 10_000_000, t + 1, data.firstSeq(100) - 100, data.endSeq(100) + 100);
		chart.select(100);
		fx.key(SWT.ARROW_RIGHT, '\0', 0);
		assertEquals(101, chart.getSelection());
		assertTrue(chart.getWindow().containsTime(data.time(101)));
		assertEquals(1, fx.windows.size());
		assertEquals(chart.getWindow(), fx.windows.get(0));
	}

	@Test
	void plusMinusZoomAroundTheCentre() {
		ChartWindow w0 = chart.getWindow();
		fx.key('+', '+', 0);
		ChartWindow w1 = chart.getWindow();
		long span0 = w0.endNanos() - w0.startNanos(), span1 = w1.endNanos() - w1.startNanos();
		assertEquals(span0 / 1.25, span1, span0 * 1e-6);
		assertEquals((w0.startNanos() + w0.endNanos()) / 2.0, (w1.startNanos() + w1.endNanos()) / 2.0, span0 * 1e-3);
		fx.key('-', '-', 0);
		ChartWindow w2 = chart.getWindow();
		assertEquals(span0, w2.endNanos() - w2.startNanos(), span0 * 1e-6);
		assertEquals(2, fx.windows.size());
	}

	@Test
	void hoverDescribesThePacket() {
		zoomOnBurst();
		int i = inc.trashedIndex();
		fx.mouseMove(chart.xOf(data.time(i)), midY(i), 0);
		assertEquals(i, chart.getHover());
		String s = chart.getStatusText();
		// expected pieces from the builder: line A, frame index + 1, seq range with ',' grouping, count 70
		assertTrue(s.startsWith("Line A  frame " + (i + 1) + "  14:30:00.5"), s);
		assertTrue(s.contains(String.format(Locale.ROOT, "seq %,d\u2013%,d  (70 msgs)", data.firstSeq(i),
				data.firstSeq(i) + 69)), s);
		assertTrue(s.contains("[trashed packet with new data]"), s);
		assertEquals(s, chart.getToolTipText());
	}

	@Test
	void selectedMarkIsDrawnInTheSelectionColour() {
		zoomOnBurst();
		int i = inc.firstBurstIndex() + 5;
		int x = chart.xOf(data.time(i)), y = midY(i);
		RGB lineA = chart.getLineColor(0);
		assertEquals(lineA, ChartFixture.rgbAt(fx.render(), x, y), "unselected: line A's colour");
		chart.select(i);
		assertEquals(chart.getSelectionColor(), ChartFixture.rgbAt(fx.render(), x, y));
		chart.setSelectionColor(new RGB(0, 255, 0));
		assertEquals(new RGB(0, 255, 0), ChartFixture.rgbAt(fx.render(), x, y), "the colour is settable");
	}

	@Test
	void trashedPacketIsDrawnInTheErrorColourAndLinesInTheirColours() {
		zoomOnBurst();
		int i = inc.trashedIndex();
		ImageData img = fx.render();
		assertEquals(chart.getErrorColor(), ChartFixture.rgbAt(img, chart.xOf(data.time(i)), midY(i)));
		chart.setLineColor(0, new RGB(10, 200, 30));
		int j = inc.firstBurstIndex() + 1;
		assertEquals(new RGB(10, 200, 30),
				ChartFixture.rgbAt(fx.render(), chart.xOf(data.time(j)), midY(j)), "line colours are settable");
	}

	@Test
	void dataChangedGrowsTheWindowOnlyWhileShowingEverything() {
		ChartData live = new ChartData();
		chart.setChartData(live);
		for (int k = 0; k < 10; k++) {
			live.append(IncidentDataBuilder.OPEN + k * 1_000_000L, 100 + k, 1, 0, PacketKind.DATA, k + 1);
		}
		chart.dataChanged();
		ChartWindow w = chart.getWindow();
		assertTrue(w.containsTime(live.time(9)));
		live.append(IncidentDataBuilder.OPEN + 50_000_000L, 200, 1, 1, PacketKind.DATA, 11);
		chart.dataChanged();
		assertTrue(chart.getWindow().containsTime(live.time(10)), "follows while reset");
		assertTrue(chart.getWindow().overlapsSeq(200, 201));
		chart.setWindow(w.startNanos(), w.endNanos(), w.firstSeq(), w.endSeq());
		live.append(IncidentDataBuilder.OPEN + 90_000_000L, 300, 1, 1, PacketKind.DATA, 12);
		chart.dataChanged();
		assertEquals(w, chart.getWindow(), "a zoomed window stays");
		assertEquals(List.of(), fx.windows);
	}
}
