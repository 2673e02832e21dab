package io.feedscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.feedscope.capture.CaptureFile;
import io.feedscope.ui.FrameOrder;
import io.feedscope.ui.FrameRef;

class FrameOrderTest {

	private final List<CaptureFile> fCaptures = List.of( //
			new FakeCapture("tapA", 10, 20, 30, 40), //
			new FakeCapture("tapB", 15, 20, 35), //
			new FakeCapture("tapC"));

	@Test
	void mergesByTimeAndBreaksTiesByCaptureIndex() {
		FrameOrder o = FrameOrder.merged(fCaptures);
		List<FrameRef> rows = new ArrayList<>();
		for (int r = 0; r < o.size(); r++) {
			rows.add(o.frame(r));
		}
		assertEquals(List.of(new FrameRef(0, 1), new FrameRef(1, 1), new FrameRef(0, 2), new FrameRef(1, 2),
				new FrameRef(0, 3), new FrameRef(1, 3), new FrameRef(0, 4)), rows);
		for (int r = 0; r < o.size(); r++) {
			assertEquals(r, o.row(o.frame(r)), "row of frame in row " + r);
		}
		assertEquals(-1, o.row(new FrameRef(1, 4)));
		assertEquals(-1, o.row(new FrameRef(5, 1)));
	}

	@Test
	void oneCaptureAtATime() {
		FrameOrder o = new FrameOrder(fCaptures, 1);
		assertEquals(3, o.size());
		assertEquals(new FrameRef(1, 2), o.frame(1));
		assertEquals(2, o.row(new FrameRef(1, 3)));
		assertEquals(-1, o.row(new FrameRef(0, 1)), "another capture's frame is not shown");
		assertEquals(35, o.time(2));
	}
}
