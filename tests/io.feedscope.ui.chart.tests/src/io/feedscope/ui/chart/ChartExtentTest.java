package io.feedscope.ui.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.feedscope.dissect.PacketKind;
import io.feedscope.ui.chart.tests.ChartFixture;

/**
 * Zooming as the help says, inside the data: Ctrl+drag draws a box and zooms to it, zooming out stops at the
 * data's extent (no negative sequence numbers), a malformed packet's claimed sequence sets no range and is
 * drawn as a glyph at the edge, the toolbar's zoom steps, frames named capture:frame with several captures.
 * Events are sent to the real widget (NatTable fixture style); expected windows are computed here from the
 * window and the plot area, not with the chart's own mapping.
 */
class ChartExtentTest {

	private ChartFixture fx;
	private SequenceChart chart;
	private ChartData data;
	/** times of the 200 data packets: 1 ms apart from 10 s; sequences 1.. (2 messages each) */
	private static final long T0 = 10_000_000_000L, STEP = 1_000_000L;
	private int malformed;

	@BeforeEach
	void setUp() {
		fx = new ChartFixture();
		chart = fx.chart;
		data = new ChartData();
		for (int i = 0; i < 200; i++) {
			data.append(T0 + i * STEP, 1 + 2L * i, 2, i % 2, PacketKind.DATA, ChartData.frameId(0, i + 1));
			if (i == 100) {
				// a damaged header in the middle claiming sequence 99,000,000
				malformed = data.append(T0 + i * STEP + STEP / 2, 99_000_000L, 0, 0, PacketKind.MALFORMED,
						ChartData.frameId(0, 1000));
			}
		}
		chart.setChartData(data);
		fx.flush();
		fx.clearRecords();
	}

	@AfterEach
	void tearDown() {
		fx.close();
	}

	@Test
	void malformedClaimSetsNoRangeAndShowsAtTheEdge() {
		ChartWindow w = chart.getWindow();
		long lastEnd = 1 + 2L * 199 + 2; // the data's highest end sequence
		assertTrue(w.endSeq() >= lastEnd && w.endSeq() < lastEnd + 50, "axis not stretched to 99,000,000: " + w);
		assertTrue(w.firstSeq() >= 0, "no negative sequence numbers: " + w);
		// the malformed packet is drawn above the plot's top edge region: an arrow in the error colour
		ImageData img = fx.render();
		Rectangle p = chart.getPlotArea();
		long t = data.time(malformed);
		int x = p.x + (int) Math.floor((double) (t - w.startNanos()) * p.width / (w.endNanos() - w.startNanos()));
		RGB error = chart.getErrorColor();
		boolean found = false;
		for (int y = p.y; y < p.y + 10 && !found; y++) {
			for (int dx = -2; dx <= 2 && !found; dx++) {
				found = error.equals(img.palette.getRGB(img.getPixel(x + dx, y)));
			}
		}
		assertTrue(found, "an error-coloured glyph at the top edge above x=" + x);
	}

	@Test
	void ctrlLeftDragZoomsToTheBox() {
		ChartWindow w = chart.getWindow();
		Rectangle p = chart.getPlotArea();
		int x0 = p.x + 120, y0 = p.y + 60, x1 = p.x + 420, y1 = p.y + 300;
		double nsPerPx = (double) (w.endNanos() - w.startNanos()) / p.width;
		double seqPerPx = (double) (w.endSeq() - w.firstSeq()) / p.height;
		fx.drag(1, SWT.CTRL, x0, y0, x1, y1);
		ChartWindow z = chart.getWindow();
		assertEquals(w.startNanos() + 120 * nsPerPx, z.startNanos(), nsPerPx, "left edge of the box");
		assertEquals(w.startNanos() + 420 * nsPerPx, z.endNanos(), nsPerPx, "right edge of the box");
		assertEquals(w.firstSeq() + (p.height - 300) * seqPerPx, z.firstSeq(), seqPerPx + 1, "bottom of the box");
		assertEquals(w.firstSeq() + (p.height - 60) * seqPerPx, z.endSeq(), seqPerPx + 1, "top of the box");
		assertEquals(List.of(z), fx.windows, "one window event on release");
		assertEquals(List.of(), fx.selections, "a box is not a click");
	}

	@Test
	void zoomingOutStopsAtTheDataExtent() {
		ChartWindow all = chart.getWindow();
		Rectangle p = chart.getPlotArea();
		for (int i = 0; i < 20; i++) {
			fx.wheel(p.x + 10, p.y + p.height - 10, -1, 0); // out, near the bottom left corner
		}
		ChartWindow w = chart.getWindow();
		assertEquals(all, w, "zooming out ends at everything, not beyond");
		assertTrue(w.firstSeq() >= 0);
		// panning down and left stops at the extent too
		fx.wheel(p.x + p.width / 2, p.y + p.height / 2, 3, 0);
		for (int i = 0; i < 30; i++) {
			fx.key(SWT.ARROW_DOWN, '\0', 0);
			fx.key(SWT.ARROW_LEFT, '\0', SWT.SHIFT);
		}
		w = chart.getWindow();
		assertEquals(all.firstSeq(), w.firstSeq(), "at the bottom of the extent");
		assertEquals(all.startNanos(), w.startNanos(), "at the start of the extent");
	}

	@Test
	void toolbarZoomStepsAndReset() {
		ChartWindow all = chart.getWindow();
		chart.zoomIn();
		ChartWindow in = chart.getWindow();
		assertEquals((all.endNanos() - all.startNanos()) / 1.25, in.endNanos() - in.startNanos(), 2.0);
		chart.zoomOut();
		ChartWindow out = chart.getWindow();
		assertEquals(all.endNanos() - all.startNanos(), out.endNanos() - out.startNanos(), 2.0);
		chart.zoomIn();
		chart.reset();
		assertEquals(all, chart.getWindow());
		assertEquals(4, fx.windows.size(), "each step told the listeners");
		// a home window (the busiest session's range): reset goes there, Show All to everything
		ChartWindow home = new ChartWindow(T0, T0 + 50 * STEP, 1, 101);
		chart.setHomeWindow(home);
		chart.reset();
		assertEquals(home, chart.getWindow());
		chart.showAll();
		assertEquals(all, chart.getWindow());
	}

	@Test
	void framesNamedCaptureColonFrameWithSeveralCaptures() {
		assertTrue(chart.describePacket(5).contains("frame 6 "), chart.describePacket(5));
		chart.setCaptureNumbers(true);
		assertTrue(chart.describePacket(5).contains("frame 1:6 "), "capture 1 (1-based): " + chart.describePacket(5));
	}

	@Test
	void legendKeysWholeAtAnySize() {
		for (int width : new int[] { 420, 640, 900, 1300 }) {
			try (ChartFixture small = new ChartFixture(width, 400)) {
				small.chart.setChartData(data);
				small.render();
				assertTrue(small.chart.getLegendRight() <= width, width + ": legend ends at " + small.chart.getLegendRight());
			}
		}
	}
}
