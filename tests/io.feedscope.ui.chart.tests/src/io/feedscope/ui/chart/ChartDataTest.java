package io.feedscope.ui.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.feedscope.dissect.PacketKind;

/** The columnar store: appends, growth, time order, summaries, frame ids. Plain JVM, no display. */
class ChartDataTest {

	@Test
	void appendsReadBackColumnByColumn() {
		ChartData d = new ChartData(2); // forces several growths
		for (int i = 0; i < 1000; i++) {
			assertEquals(i, d.append(1000L * i, 10L * i, i % 5, i % 3, PacketKind.ofOrdinal(i % 6), ChartData.frameId(1, i + 1)));
		}
		assertEquals(1000, d.size());
		assertEquals(999_000L, d.time(999));
		assertEquals(9_990L, d.firstSeq(999));
		assertEquals(4, d.count(999));
		assertEquals(9_994L, d.endSeq(999));
		assertEquals(0, d.line(999));
		assertEquals(PacketKind.REQUEST, d.kind(999));
		assertEquals(3, d.lineCount());
		assertEquals(0, d.minSeq());
		assertEquals(9_994L, d.maxEndSeq());
	}

	@Test
	void frameIdsCarryCaptureIndexAndFrame() {
		long id = ChartData.frameId(3, 123_456);
		assertEquals(3, ChartData.captureIndexOf(id));
		assertEquals(123_456, ChartData.frameOf(id));
		assertEquals((3L << 32) + 123_456, id);
		assertEquals(-1, ChartData.frameOf(ChartData.frameId(0, -1)), "all 32 bits of the frame survive");
	}

	@Test
	void timesGoingBackwardsAreClampedAndCounted() {
		ChartData d = new ChartData();
		d.append(100, 1, 1, 0, PacketKind.DATA, 1);
		d.append(90, 2, 1, 0, PacketKind.DATA, 2);
		d.append(110, 3, 1, 0, PacketKind.DATA, 3);
		assertEquals(100, d.time(1));
		assertEquals(1, d.clampedTimes());
	}

	@Test
	void boundsFindTheVisibleRange() {
		ChartData d = new ChartData();
		long[] times = { 10, 20, 20, 20, 30 };
		for (long t : times) {
			d.append(t, 0, 1, 0, PacketKind.DATA, 0);
		}
		assertEquals(1, d.lowerBound(20, 5));
		assertEquals(4, d.upperBound(20, 5));
		assertEquals(0, d.lowerBound(5, 5));
		assertEquals(5, d.lowerBound(31, 5));
		assertEquals(3, d.upperBound(20, 3), "bounded by the size given");
	}

	@Test
	void blockSummariesHoldPerLineExtremes() {
		ChartData d = new ChartData();
		for (int i = 0; i < ChartData.BLOCK + 1; i++) {
			// line 0 at 1000 + i, line 1 at 5000 + 2i with 3 messages
			int line = i & 1;
			d.append(i, line == 0 ? 1000 + i : 5000 + 2L * i, line == 0 ? 1 : 3, line, PacketKind.DATA, i);
		}
		long[] mn = d.blockMinSeqColumn();
		long[] mx = d.blockMaxEndColumn();
		// block 0: packets 0..63; line 0 at even i (max i = 62), line 1 at odd i (1..63)
		assertEquals(1000, mn[0]);
		assertEquals(1000 + 62 + 1, mx[0]);
		assertEquals(5000 + 2, mn[1]);
		assertEquals(5000 + 2 * 63 + 3, mx[1]);
		// block 1 holds packet 64 (line 0) only
		assertEquals(1064, mn[ChartData.MAX_LINES]);
		assertEquals(Long.MIN_VALUE, mx[ChartData.MAX_LINES + 1]);
		assertEquals((1 << PacketKind.DATA.ordinal()) | (1 << 16) | (1 << 17), d.blockMaskColumn()[0]);
	}

	@Test
	void aReaderTakingSizeFirstSeesCompletePacketsWhileTheWriterGrowsTheColumns() throws Exception {
		ChartData d = new ChartData(1);
		int n = 200_000;
		AtomicReference<String> failure = new AtomicReference<>();
		Thread reader = new Thread(() -> {
			int seen = 0;
			while (seen < n && failure.get() == null) {
				int size = d.size();
				for (int i = seen; i < size; i++) {
					// the writer stores seq = 2 * time, count 1: any torn read breaks this
					if (d.firstSeq(i) != 2 * d.time(i) || d.count(i) != 1) {
						failure.set("packet " + i + " incomplete");
					}
				}
				seen = size;
			}
		});
		reader.start();
		for (int i = 0; i < n; i++) {
			d.append(i, 2L * i, 1, 0, PacketKind.DATA, i);
		}
		reader.join(10_000);
		assertEquals(null, failure.get());
	}
}
