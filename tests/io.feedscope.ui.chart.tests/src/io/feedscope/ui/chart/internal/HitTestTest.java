package io.feedscope.ui.chart.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.feedscope.dissect.PacketKind;
import io.feedscope.ui.chart.ChartData;

/**
 * Hit testing as a pure function of data and viewport, against marks placed by hand: a 100 x 100 px plot at
 * (78, 24) showing 10 µs (100 ns per pixel) and sequences 0 to 100 (1 px each), so time t is at x = 78 +
 * t/100 and sequence s's lower edge at y = 124 - s.
 */
class HitTestTest {

	private static final int R = 4;
	private ChartData data;
	private ChartViewport v;
	private int a0, b0, hb, a1;

	@BeforeEach
	void setUp() {
		v = new ChartViewport();
		v.setPlot(78, 24, 100, 100);
		v.set(0, 10_000, 0, 100);
		data = new ChartData(8);
		// line A and line B over the same range at the same time: x = 88, y from 64 (top) to 74 (bottom)
		a0 = data.append(1_000, 50, 10, 0, PacketKind.DATA, ChartData.frameId(0, 1));
		b0 = data.append(1_000, 50, 10, 1, PacketKind.DATA, ChartData.frameId(0, 2));
		// line A three pixels later: x = 91
		a1 = data.append(1_300, 50, 10, 0, PacketKind.DATA, ChartData.frameId(0, 3));
		// a heartbeat (no messages) at x = 128, y = 104
		hb = data.append(5_000, 20, 0, 0, PacketKind.HEARTBEAT, ChartData.frameId(0, 4));
	}

	private int at(int x, int y) {
		return HitTest.packetAt(data, v, x, y, R);
	}

	@Test
	void onAMarkTheLowerLineWinsATie() {
		assertEquals(a0, at(88, 70)); // A and B both at distance 0; A is drawn on top
		assertEquals(a0, at(87, 70)); // A at 1, B at 1, the later A at 4
	}

	@Test
	void theNearestMarkWins() {
		assertEquals(a1, at(90, 70)); // the later A at 1 px, the first A and B at 2 px
		assertEquals(a1, at(95, 70)); // 4 px from x = 91
		assertEquals(-1, at(96, 70)); // 5 px: too far
	}

	@Test
	void aMarkReachesOnePixelBeyondItsRangePlusTheRadius() {
		// the range's top is y = 64, its bottom y = 74; one pixel of slack, then the radius
		assertEquals(a0, at(86, 59)); // 63 - 59 = 4
		assertEquals(-1, at(86, 58)); // 5
		assertEquals(a0, at(86, 79)); // 79 - 75 = 4
		assertEquals(-1, at(86, 80));
	}

	@Test
	void aHeartbeatIsAPoint() {
		assertEquals(hb, at(128, 104));
		assertEquals(hb, at(130, 107)); // dx 2, dy 107 - 105 = 2
		assertEquals(-1, at(128, 110)); // dy 110 - 105 = 5
	}

	@Test
	void nothingNearOrOutsideThePlot() {
		assertEquals(-1, at(110, 40));
		assertEquals(-1, at(10, 70));
		assertEquals(-1, HitTest.packetAt(new ChartData(1), v, 88, 70, R));
	}

	@Test
	void zoomedTheSameMarkMovesWithTheViewport() {
		v.set(500, 1_500, 45, 65); // 10 ns per pixel, 5 px per sequence number
		// t = 1000 at x = 78 + 50 = 128; seq 50..60 from y = 124 - 25 = 99 (bottom) to 124 - 75 = 49 (top)
		assertEquals(a0, at(128, 70));
		assertEquals(a0, at(128, 45)); // 48 - 45 = 3
		assertEquals(-1, at(128, 43));
	}
}
