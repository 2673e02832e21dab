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

	/**
	 * Growing an order (captures being indexed) gives the same rows as merging the grown captures from scratch:
	 * random captures with ties and some times going backwards, growing in random steps, each order compared
	 * row by row with a fresh merge and its row lookup.
	 */
	@Test
	void grownOrderEqualsAFreshMerge() {
		java.util.Random rnd = new java.util.Random(42);
		for (int round = 0; round < 200; round++) {
			int k = 2 + rnd.nextInt(3);
			List<FakeCapture> fakes = new ArrayList<>();
			for (int c = 0; c < k; c++) {
				long[] t = new long[rnd.nextInt(60)];
				long now = rnd.nextInt(20);
				for (int f = 0; f < t.length; f++) {
					now += rnd.nextInt(4) == 0 ? -rnd.nextInt(3) : rnd.nextInt(5); // ties and backward steps
					t[f] = now;
				}
				fakes.add(new FakeCapture("c" + c, t).indexed(0));
			}
			List<CaptureFile> captures = new ArrayList<>(fakes);
			FrameOrder grown = FrameOrder.merged(captures);
			for (int step = 0; step < 12; step++) {
				for (FakeCapture f : fakes) {
					if (rnd.nextBoolean()) {
						f.indexed(f.frameCount() + rnd.nextInt(15));
					}
				}
				grown = grown.grown();
				FrameOrder fresh = FrameOrder.merged(captures);
				assertEquals(fresh.size(), grown.size(), "round " + round + " step " + step);
				for (int r = 0; r < fresh.size(); r++) {
					assertEquals(fresh.frame(r), grown.frame(r), "round " + round + " step " + step + " row " + r);
					assertEquals(fresh.row(fresh.frame(r)), grown.row(grown.frame(r)));
				}
				assertEquals(true, grown.isCurrent());
			}
		}
	}

	@Test
	void oneCaptureGrowsWithoutAMerge() {
		FakeCapture a = new FakeCapture("a", 1, 2, 3, 4).indexed(2);
		List<CaptureFile> captures = List.of(a, new FakeCapture("b", 5));
		FrameOrder o = new FrameOrder(captures, 0);
		assertEquals(2, o.size());
		assertEquals(-1, o.row(new FrameRef(0, 3)), "not indexed when the order was built");
		a.indexed(4);
		assertEquals(false, o.isCurrent());
		FrameOrder g = o.grown();
		assertEquals(4, g.size());
		assertEquals(3, g.row(new FrameRef(0, 4)));
		assertEquals(g, g.grown(), "nothing grew: the same order");
	}
}
