package io.feedscope.ui.internal;

import static io.feedscope.ui.tests.UiTestSupport.flush;
import static io.feedscope.ui.tests.UiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.ui.CaptureSet;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;

/**
 * The packet table is usable while a capture is still being indexed. Deterministic: the open job's
 * publication hook holds the indexing after its first partial publication (a latch), the test checks the
 * table shows exactly the frames published so far, scrolls and goes to one of them, then lets indexing finish
 * and checks the table grows to every frame (count from a direct {@link Captures#open(Path)}) and the analysis
 * columns fill in.
 */
class IndexingTableTest {

	@TempDir
	Path dir;

	@AfterEach
	void tearDown() {
		OpenCaptureHandler.publishedHook = null;
		OpenCaptureHandler.chooser = OpenCaptureHandler.NATIVE_DIALOG;
		IncidentWorkbench.closeAll();
	}

	private static int frames(Path file) throws java.io.IOException {
		try (CaptureFile c = Captures.open(file)) {
			return c.frameCount();
		}
	}

	@Test
	void tableShowsTheFramesIndexedSoFarAndGrowsToAll() throws Exception {
		Path file = dir.resolve("incident.pcap");
		new Generator(Scenario.preset("incident").build()).write(file);
		int total = frames(file);
		PacketTableView table = (PacketTableView) IncidentWorkbench.page().findView(PacketTableView.ID);
		assertNotNull(table);

		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger heldAt = new AtomicInteger();
		OpenCaptureHandler.publishedHook = (capture, frames) -> {
			if (frames > 0 && frames < total && held.getCount() == 1) {
				heldAt.set(frames);
				held.countDown();
				try {
					// bounded, so a failing test never leaves the open job hanging
					release.await(60, TimeUnit.SECONDS);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
		};
		try {
			OpenCaptureHandler.chooser = shell -> List.of(file);
			PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(OpenCaptureHandler.COMMAND_ID,
					null);
			waitUntil("indexing held after a partial publication", 30_000, () -> held.getCount() == 0);
			int partial = heldAt.get();
			assertTrue(partial > 0 && partial < total, "held part-way: " + partial + " of " + total);
			waitUntil("the table shows the frames indexed so far", 10_000, () -> table.rowCount() == partial);
			assertTrue(CaptureSet.getDefault().isIndexing(), "indexing still runs");
			assertFalse(FeedModel.getDefault().covers(CaptureSet.getDefault().captures()), "no analysis yet");
			assertTrue(table.getContentDescription().contains("indexing"), table.getContentDescription());

			// the indexed frames are usable: cells, Go to Frame, scrolling; a frame not indexed yet is not there
			assertEquals(String.valueOf(partial), table.cellText(partial - 1, PacketTableView.COL_NO));
			assertEquals("", table.cellText(0, PacketTableView.COL_LINE), "analysis columns fill in later");
			FrameRef last = new FrameRef(0, partial);
			assertEquals(last, table.parseFrame(String.valueOf(partial)));
			assertEquals(null, table.parseFrame(String.valueOf(partial + 1)), "not indexed yet");
			assertTrue(table.goToFrame(last));
			flush();
			assertEquals(partial - 1, table.selectedRows()[0]);
			table.scrollAsUser(0);
			flush();
			assertEquals(0, table.topRow());
			// the rows stay as they are while indexing is held: several growth periods pass
			IncidentWorkbench.settle();
			IncidentWorkbench.settle();
			assertEquals(partial, table.rowCount());
			assertEquals(partial - 1, table.selectedRows()[0], "the selection survives growth ticks");
		} finally {
			release.countDown();
		}
		IncidentWorkbench.waitForAnalysis(60_000);
		assertEquals(total, table.rowCount(), "every frame once indexing finished");
		assertFalse(CaptureSet.getDefault().isIndexing());
		assertEquals(new FrameRef(0, heldAt.get()), table.frameAt(table.selectedRows()[0]),
				"the frame selected during indexing is still selected");
		boolean lineShown = false;
		for (int r = 0; r < Math.min(total, 200) && !lineShown; r++) {
			lineShown = !table.cellText(r, PacketTableView.COL_LINE).isEmpty();
		}
		assertTrue(lineShown, "the Line column filled in after the analysis");
	}
}
