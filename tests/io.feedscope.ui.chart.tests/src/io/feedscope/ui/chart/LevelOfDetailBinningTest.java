package io.feedscope.ui.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.feedscope.dissect.PacketKind;
import io.feedscope.ui.chart.internal.ChartViewport;

/**
 * The level of detail's binning without a display: packets placed by hand into the pixel columns of a
 * 10 px wide plot showing 10 µs (1 µs per column).
 */
class LevelOfDetailBinningTest {

	@Test
	void packetsAreBinnedPerColumnLineAndSpecialKind() {
		ChartData data = new ChartData(8);
		data.append(100, 1, 2, 0, PacketKind.DATA, 1); // column 0, seq 1..3
		data.append(900, 5, 1, 0, PacketKind.DATA, 2); // column 0, seq 5..6
		data.append(2_500, 3, 2, 0, PacketKind.REQUEST, 3); // column 2, special kind 1
		data.append(5_500, 7, 0, 0, PacketKind.HEARTBEAT, 4); // column 5
		data.append(5_600, 7, 4, 1, PacketKind.DATA, 5); // column 5, line B
		ChartViewport v = new ChartViewport();
		v.setPlot(0, 0, 10, 100);
		v.set(0, 10_000, 0, 100);
		LevelOfDetail lod = new LevelOfDetail();
		assertTrue(lod.bin(data, v));
		assertEquals(10, lod.width());
		assertEquals(2, lod.lines());
		assertEquals(2, lod.count(0, 0));
		assertEquals(1, lod.minSeq(0, 0));
		assertEquals(6, lod.maxEndSeq(0, 0));
		assertEquals(1, lod.last(0, 0));
		assertEquals(0, lod.count(0, 2)); // the request is not line A's
		assertEquals(1, lod.specialCount(PacketKind.REQUEST.ordinal() - PacketKind.END_OF_SESSION.ordinal(), 2));
		assertEquals(5, lod.specialMaxEndSeq(1, 2));
		assertTrue(lod.heartbeatsOnly(0, 5));
		assertEquals(1, lod.count(1, 5));
		assertEquals(11, lod.maxEndSeq(1, 5));
		assertFalse(lod.heartbeatsOnly(1, 5));
		assertFalse(lod.detail()); // 5 packets need 20 px
		v.setPlot(0, 0, 20, 100);
		lod.bin(data, v);
		assertTrue(lod.detail());
		assertEquals(1, lod.count(0, 0)); // at 500 ns per column, 900 ns is column 1
		assertEquals(1, lod.count(0, 1));
		v.set(0, 10_000, 50, 100); // nothing in the sequence window
		lod.bin(data, v);
		assertEquals(0, lod.count(0, 0));
		assertFalse(new LevelOfDetail().bin(new ChartData(1), v));
	}
}
