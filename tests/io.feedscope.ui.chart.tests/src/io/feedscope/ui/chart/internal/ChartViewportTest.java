package io.feedscope.ui.chart.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.feedscope.ui.chart.ChartWindow;

/**
 * The viewport's arithmetic without a display, against values worked out by hand: a plot of 1000 x 500 px
 * at (100, 20) showing 1 ms of capture time (1000 ns per pixel) and sequences 0 to 100 (5 px per number).
 */
class ChartViewportTest {

	private static final ChartWindow EXTENT = new ChartWindow(0, 1_000_000, 0, 100);
	private ChartViewport v;

	@BeforeEach
	void setUp() {
		v = new ChartViewport();
		v.setPlot(100, 20, 1000, 500);
		v.set(0, 1_000_000, 0, 100);
	}

	@Test
	void timeAndSequenceToPixelsAndBack() {
		assertEquals(100, v.xOf(0));
		assertEquals(600, v.xOf(500_000));
		assertEquals(100, v.xOf(999)); // 0.999 px: floored
		assertEquals(101, v.xOf(1_000));
		assertEquals(520, v.yOf(0)); // the plot's lower edge
		assertEquals(270, v.yOf(50));
		assertEquals(20, v.yOf(100));
		assertEquals(500_000, v.timeAt(600));
		assertEquals(0, v.timeAt(100));
		assertEquals(50.0, v.seqAt(270), 1e-9);
		assertEquals(100.0, v.seqAt(20), 1e-9);
		assertEquals(new ChartWindow(0, 1_000_000, 0, 100), v.window());
	}

	@Test
	void clampedCoordinatesStopEightPixelsOutsideThePlot() {
		assertEquals(12, v.yClamped(1_000)); // far above: top - 8
		assertEquals(528, v.yClamped(-1_000)); // far below: bottom + 8
		assertEquals(270, v.yClamped(50));
		assertEquals(1_108, v.xClamped(2_000_000)); // right + 8
		assertEquals(92, v.xClamped(-2_000_000)); // left - 8
	}

	@Test
	void tooNarrowWindowsWidenAroundTheirMiddle() {
		v.set(1_000, 1_100, 10, 11);
		assertEquals(550, v.t0());
		assertEquals(1_550, v.t1());
		assertEquals(8.5, v.s0(), 1e-9);
		assertEquals(12.5, v.s1(), 1e-9);
	}

	@Test
	void theUsersWindowStaysInsideTheExtent() {
		v.setWithin(-500, 499_500, -10, 40, EXTENT);
		assertEquals(0, v.t0());
		assertEquals(500_000, v.t1());
		assertEquals(0, v.s0(), 1e-9);
		assertEquals(50, v.s1(), 1e-9);
		v.setWithin(900_000, 1_400_000, 80, 130, EXTENT); // past the end: shifted back, spans kept
		assertEquals(500_000, v.t0());
		assertEquals(1_000_000, v.t1());
		assertEquals(50, v.s0(), 1e-9);
		assertEquals(100, v.s1(), 1e-9);
		v.setWithin(0, 2_000_000, 0, 300, EXTENT); // wider than the extent: the extent
		assertEquals(new ChartWindow(0, 1_000_000, 0, 100), v.window());
	}

	@Test
	void zoomKeepsThePointUnderTheCursor() {
		v.zoomAround(600, 270, 0.5, 0.5, EXTENT); // the middle: (500 µs, seq 50)
		assertEquals(250_000, v.t0());
		assertEquals(750_000, v.t1());
		assertEquals(25, v.s0(), 1e-9);
		assertEquals(75, v.s1(), 1e-9);
		assertEquals(600, v.xOf(500_000));
		assertEquals(270, v.yOf(50));
		// a quarter in from the left, time only: t = 375 µs stays at x = 350
		v.zoomAround(350, 270, 0.5, 1, EXTENT);
		assertEquals(312_500, v.t0());
		assertEquals(562_500, v.t1());
		assertEquals(25, v.s0(), 1e-9);
		assertEquals(350, v.xOf(375_000));
	}

	@Test
	void zoomOutStopsAtTheExtentAndZoomInAtTheMinimumSpans() {
		v.zoomAround(600, 270, 4, 4, EXTENT);
		assertEquals(new ChartWindow(0, 1_000_000, 0, 100), v.window());
		for (int i = 0; i < 100; i++) {
			v.zoomAround(600, 270, 0.5, 0.5, EXTENT);
		}
		assertEquals(ChartViewport.MIN_TIME_SPAN, v.t1() - v.t0());
		assertEquals(ChartViewport.MIN_SEQ_SPAN, v.s1() - v.s0(), 1e-9);
	}

	@Test
	void panFollowsTheMouseFromWhereTheDragBegan() {
		ChartWindow wide = new ChartWindow(-1_000_000, 2_000_000, -100, 200);
		ChartViewport press = v.copy();
		// 100 px right: 100 µs earlier times come into view; 50 px down: 10 higher sequences
		v.panFrom(press, 100, 50, true, true, wide);
		assertEquals(-100_000, v.t0());
		assertEquals(900_000, v.t1());
		assertEquals(10, v.s0(), 1e-9);
		assertEquals(110, v.s1(), 1e-9);
		// the same move from the same press, time only: relative to the press, not to the last move
		v.panFrom(press, 100, 50, true, false, wide);
		assertEquals(-100_000, v.t0());
		assertEquals(0, v.s0(), 1e-9);
		// inside the data's extent, the pan stops at its start
		v.panFrom(press, 100, 0, true, false, EXTENT);
		assertEquals(0, v.t0());
	}

	@Test
	void boxZoomTakesTheBoxCornersInAnyOrder() {
		v.zoomToBox(600, 270, 100, 20);
		assertEquals(0, v.t0());
		assertEquals(500_000, v.t1());
		assertEquals(50, v.s0(), 1e-9);
		assertEquals(100, v.s1(), 1e-9);
	}

	@Test
	void ensureVisibleScrollsKeepingTheSpans() {
		assertFalse(v.ensureVisible(500_000, 40, 42, false));
		assertTrue(v.ensureVisible(1_500_000, 200, 210, false));
		assertEquals(1_000_000, v.t0());
		assertEquals(2_000_000, v.t1());
		assertEquals(155, v.s0(), 1e-9);
		assertEquals(255, v.s1(), 1e-9);
		// a malformed packet's sequence is only a claim: time scrolls, sequence does not
		assertTrue(v.ensureVisible(100_000, 9_999, 10_000, true));
		assertEquals(-400_000, v.t0());
		assertEquals(155, v.s0(), 1e-9);
	}

	@Test
	void zoomOnAPacketTakesAnEighthCentredOnIt() {
		v.zoomOn(500_000, 40, 42, false);
		assertEquals(437_500, v.t0());
		assertEquals(562_500, v.t1());
		assertEquals(34.75, v.s0(), 1e-9); // 12.5 around 41
		assertEquals(47.25, v.s1(), 1e-9);
		assertEquals(new ChartWindow(437_500, 562_500, 34, 48), v.window()); // rounded outwards
	}

	@Test
	void axesAreTestedOnlyLeftOfAndBelowThePlot() {
		assertTrue(v.onTimeAxis(521));
		assertFalse(v.onTimeAxis(520));
		assertTrue(v.onSeqAxis(99));
		assertFalse(v.onSeqAxis(100));
	}
}
