package io.feedscope.ui.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.feedscope.ui.chart.tests.ChartFixture;
import io.feedscope.ui.chart.tests.IncidentDataBuilder;

/**
 * Drawing cost is bounded by pixels, not packets: with 1,000,000 packets on a 1,000 px wide plot the
 * chart makes at most a few drawing calls per pixel column and line, at every zoom. Not a timing test:
 * {@code SequenceChartBench} prints the times.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LevelOfDetailTest {

	private static final int PACKETS = 1_000_000;
	private static final long SPACING = 1_000; // 1 µs: the whole set spans 1 s
	private static ChartFixture fx;
	private static ChartData data;

	@BeforeAll
	static void setUp() {
		// 1000 px plot: the fixture's width minus the chart's axis margins
		fx = new ChartFixture(ChartFixture.WIDTH, 500);
		data = IncidentDataBuilder.uniform(PACKETS, SPACING);
		fx.chart.setChartData(data);
		fx.flush();
	}

	@AfterAll
	static void tearDown() {
		fx.close();
	}

	/** Per column: one mark per line (2 lines); plus axes, grid and legend, which do not depend on packets. */
	private static int bound(int plotWidth) {
		return 2 * plotWidth + 50;
	}

	@Test
	void plotIsAThousandPixelsWide() {
		assertEquals(1000, fx.chart.getPlotArea().width);
	}

	@Test
	void zoomedOutDrawsPerPixelNotPerPacket() {
		fx.chart.resetWindow();
		fx.render();
		int prims = fx.chart.getLastPaintPrimitives();
		int w = fx.chart.getPlotArea().width;
		assertTrue(prims <= bound(w), prims + " primitives for " + PACKETS + " packets, " + w + " px");
		// every column has packets of both lines, so the bound is nearly reached: the counter counts
		assertTrue(prims >= 2 * w * 9 / 10, prims + " primitives");
	}

	@Test
	void everyZoomLevelStaysWithinTheBound() {
		int w = fx.chart.getPlotArea().width;
		long start = data.time(0);
		for (long span : new long[] { 500_000_000L, 50_000_000L, 5_000_000L, 500_000L, 50_000L }) {
			long t0 = start + 300_000_000L;
			fx.chart.setWindow(t0, t0 + span, data.minSeq(), data.maxEndSeq());
			fx.render();
			int prims = fx.chart.getLastPaintPrimitives();
			assertTrue(prims <= bound(w) * 3 / 2, "span " + span + ": " + prims);
		}
	}

	@Test
	void sparseViewDrawsSinglePacketsWithCaps() {
		// 40 µs at 1 µs spacing: 40 packets on 1000 px, so each is drawn alone: body and two caps
		long t0 = data.time(500_000);
		int lo = data.lowerBound(t0, data.size());
		int hi = data.lowerBound(t0 + 40_000, data.size());
		long s0 = data.firstSeq(lo) - 5, s1 = data.endSeq(hi) + 5;
		fx.chart.setWindow(t0, t0 + 40_000, s0, s1);
		ImageData img = fx.render();
		int prims = fx.chart.getLastPaintPrimitives();
		assertTrue(prims >= 3 * (hi - lo), prims + " primitives for " + (hi - lo) + " packets");
		// the cap of an A packet is 7 px wide: the pixel 2 px right of its centre at its top edge is line A
		int i = lo % 2 == 0 ? lo : lo + 1;
		int x = fx.chart.xOf(data.time(i));
		int yTop = fx.chart.yOf(data.endSeq(i));
		Rectangle p = fx.chart.getPlotArea();
		assertTrue(yTop > p.y && yTop < p.y + p.height);
		assertEquals(fx.chart.getLineColor(0), ChartFixture.rgbAt(img, x + 2, yTop));
	}

	@Test
	void manySmallGapsCostAtMostOneBandPerPixelRow() {
		// 100,000 one-message gaps, every 3rd message over the whole sequence range
		java.util.List<ChartOverlays.SeqBand> gaps = new java.util.ArrayList<>();
		java.util.List<ChartOverlays.TimeBand> freezes = new java.util.ArrayList<>();
		for (int k = 0; k < 100_000; k++) {
			long s = data.minSeq() + 3L * k;
			gaps.add(new ChartOverlays.SeqBand(s, s + 1, ChartOverlays.SeqBandKind.GAP, -1, "gap " + k));
			long t = data.time(0) + 7_000L * k;
			freezes.add(new ChartOverlays.TimeBand(t, t + 1_000, 0, "freeze " + k));
		}
		fx.chart.setOverlays(new ChartOverlays(gaps, freezes, java.util.List.of()));
		try {
			fx.chart.resetWindow();
			fx.render();
			int prims = fx.chart.getLastPaintPrimitives();
			Rectangle p = fx.chart.getPlotArea();
			// packets as before, plus at most one rectangle per row for gaps and 3 per column for freezes
			assertTrue(prims <= bound(p.width) + p.height + 3 * p.width, prims + " primitives");
			// and the bands are drawn: a pixel row inside the gaps' range is tinted red (not the background)
			ImageData img = fx.render();
			int y = fx.chart.yOf(data.minSeq() + 3L * 50_000);
			int x = p.x + p.width - 3;
			org.eclipse.swt.graphics.RGB c = ChartFixture.rgbAt(img, x, y);
			assertTrue(c.red > c.blue + 40, "red tint at " + x + "," + y + ": " + c);
		} finally {
			fx.chart.setOverlays(ChartOverlays.NONE);
		}
	}
}
