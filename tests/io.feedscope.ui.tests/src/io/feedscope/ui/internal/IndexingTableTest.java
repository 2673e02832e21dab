package io.feedscope.ui.internal;

import static io.feedscope.ui.tests.UiTestSupport.flush;
import static io.feedscope.ui.tests.UiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
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
 * publication hook holds the indexing at its first two partial publications, the test checks the table
 * shows exactly the frames published so far, scrolls and goes to one of them, that it grows to the second
 * publication by itself (no capture set event in between), then lets indexing finish
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

		// the hook holds indexing at the first two partial publications; the test releases each
		java.util.concurrent.BlockingQueue<Integer> heldAt = new java.util.concurrent.LinkedBlockingQueue<>();
		Semaphore release = new Semaphore(0);
		AtomicInteger holds = new AtomicInteger();
		OpenCaptureHandler.publishedHook = (capture, frames) -> {
			if (frames > 0 && frames < total && holds.get() < 2) {
				holds.incrementAndGet();
				heldAt.add(frames);
				try {
					// bounded, so a failing test never leaves the open job hanging
					release.tryAcquire(60, TimeUnit.SECONDS);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
		};
		int first;
		try {
			OpenCaptureHandler.chooser = shell -> List.of(file);
			PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(OpenCaptureHandler.COMMAND_ID,
					null);
			waitUntil("indexing held after a partial publication", 30_000, () -> !heldAt.isEmpty());
			first = heldAt.poll();
			int partial = first;
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
			int middle = partial / 2;
			table.scrollAsUser(middle);
			waitUntil("scrolled to row " + middle, 5_000, () -> table.topRow() == middle);
			assertTrue(table.goToFrame(last));
			flush();
			assertEquals(partial - 1, table.selectedRows()[0]);
			waitUntil("the frame gone to is on screen", 5_000, () -> table.topRow() <= partial - 1
					&& partial - 1 < table.topRow() + table.visibleRows());
			// the rows stay as they are while indexing is held: several growth periods pass
			IncidentWorkbench.settle();
			assertEquals(partial, table.rowCount());
			int top = table.topRow();

			// indexing goes on to the next publication: the table grows by itself (no capture set change
			// happens in between, only the periodic growth), keeping the selection and the top row
			release.release();
			waitUntil("indexing held again", 30_000, () -> !heldAt.isEmpty());
			int second = heldAt.poll();
			assertTrue(second > partial && second < total, "second hold " + second + " after " + partial);
			waitUntil("the table grew to the frames published", 10_000, () -> table.rowCount() == second);
			assertEquals(partial - 1, table.selectedRows()[0], "the selection survives growth");
			assertEquals(top, table.topRow(), "the top row stays");
			assertTrue(table.goToFrame(new FrameRef(0, second)), "Go to a frame indexed since");
			flush();
			assertEquals(second - 1, table.selectedRows()[0]);
			assertTrue(table.goToFrame(last));
			flush();
		} finally {
			release.release(2);
		}
		IncidentWorkbench.waitForAnalysis(60_000);
		assertEquals(total, table.rowCount(), "every frame once indexing finished");
		assertFalse(CaptureSet.getDefault().isIndexing());
		assertEquals(new FrameRef(0, first), table.frameAt(table.selectedRows()[0]),
				"the frame selected during indexing is still selected");
		boolean lineShown = false;
		for (int r = 0; r < Math.min(total, 200) && !lineShown; r++) {
			lineShown = !table.cellText(r, PacketTableView.COL_LINE).isEmpty();
		}
		assertTrue(lineShown, "the Line column filled in after the analysis");
	}

	/** Closing a capture while it is being indexed stops the indexing, and the views drop it. */
	@Test
	void closingACaptureBeingIndexedStopsTheIndexing() throws Exception {
		Path file = dir.resolve("incident.pcap");
		new Generator(Scenario.preset("incident").build()).write(file);
		int total = frames(file);
		PacketTableView table = (PacketTableView) IncidentWorkbench.page().findView(PacketTableView.ID);
		CaptureSetView view = (CaptureSetView) IncidentWorkbench.page().showView(CaptureSetView.ID);
		Semaphore release = new Semaphore(0);
		AtomicInteger held = new AtomicInteger();
		AtomicInteger lastPublished = new AtomicInteger();
		OpenCaptureHandler.publishedHook = (capture, frames) -> {
			lastPublished.set(frames);
			if (frames > 0 && frames < total && held.compareAndSet(0, frames)) {
				try {
					release.tryAcquire(60, TimeUnit.SECONDS);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
		};
		org.eclipse.core.runtime.jobs.Job job;
		try {
			job = OpenCaptureHandler.openInJob(file);
			waitUntil("indexing held", 30_000, () -> held.get() > 0);
			waitUntil("the capture listed while indexing", 10_000,
					() -> view.viewer().getTable().getItemCount() == 1 && table.rowCount() == held.get());
			assertTrue(view.cellText(0, CaptureSetView.COL_FRAMES).endsWith("(indexing)"),
					view.cellText(0, CaptureSetView.COL_FRAMES));
			// select the row and press Delete, as a user would
			view.viewer().getTable().setSelection(0);
			org.eclipse.swt.widgets.Event del = new org.eclipse.swt.widgets.Event();
			del.keyCode = org.eclipse.swt.SWT.DEL;
			view.viewer().getTable().notifyListeners(org.eclipse.swt.SWT.KeyDown, del);
			assertTrue(CaptureSet.getDefault().captures().isEmpty(), "Delete closed the capture");
		} finally {
			release.release();
		}
		job.join(30_000, null);
		assertEquals(org.eclipse.core.runtime.IStatus.CANCEL, job.getResult().getSeverity(), "the open job stopped");
		assertTrue(lastPublished.get() < total, "indexing stopped before the end: " + lastPublished.get());
		waitUntil("the views show no capture", 10_000,
				() -> table.rowCount() == 0 && view.viewer().getTable().getItemCount() == 0);
		assertTrue(CaptureSet.getDefault().captures().isEmpty());
		assertFalse(CaptureSet.getDefault().isIndexing());
		// the file is free again (no mapping kept by the set): it can be opened anew
		IncidentWorkbench.open(file, 60_000);
		assertEquals(total, table.rowCount());
	}
}
