package io.feedscope.ui.internal;

import static io.feedscope.ui.tests.UiTestSupport.click;
import static io.feedscope.ui.tests.UiTestSupport.flush;
import static io.feedscope.ui.tests.UiTestSupport.menuItem;
import static io.feedscope.ui.tests.UiTestSupport.sampleCapture;
import static io.feedscope.ui.tests.UiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.feedscope.ui.CaptureSet;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.Signals;
import io.feedscope.ui.model.DetailNode;

/**
 * Smoke test in the real workbench: File &gt; Open Capture... opens the sample capture and the packet
 * table shows its frames. Runs on the UI thread (tycho-surefire useUIThread).
 */
class OpenCaptureSmokeTest {

	@AfterEach
	void tearDown() {
		OpenCaptureHandler.chooser = OpenCaptureHandler.NATIVE_DIALOG;
		CaptureSet.getDefault().clear();
	}

	@Test
	void fileOpenShowsTheFramesInThePacketTable() throws Exception {
		IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		IWorkbenchPage page = window.getActivePage();
		assertEquals(FeedAnalysisPerspective.ID, page.getPerspective().getId());
		PacketTableView view = (PacketTableView) page.findView(PacketTableView.ID);
		assertNotNull(view, "the Feed Analysis perspective shows the packet table");
		assertEquals(0, view.rowCount());

		Path sample = sampleCapture();
		OpenCaptureHandler.chooser = shell -> List.of(sample); // stands in for the native file dialog
		click(menuItem(window.getShell(), "File", "Open Capture..."));

		waitUntil("the sample capture's 2 frames in the table", 10_000, () -> view.rowCount() == 2);
		assertEquals("1", view.cellText(0, 0));
		assertEquals("2", view.cellText(1, 0));
		assertEquals("206.200.127.138:49653", view.cellText(1, PacketTableView.COL_SRC));
		assertEquals("233.54.12.111:26477", view.cellText(1, PacketTableView.COL_DST));
		assertEquals("13:30:00.007661955", view.cellText(0, PacketTableView.COL_TIME));
		assertTrue(view.getContentDescription().contains("nasdaq-itch50-sample.pcap"), view.getContentDescription());

		// the table paints and selects whole rows (NatTable's selection needs Eclipse Collections via SPI Fly),
		// and a selection made in the table is sent to the other views as a frame selection
		List<FrameRef> sent = new ArrayList<>();
		Signals.SelectionListener recorder = (ref, source) -> sent.add(ref);
		Signals.getDefault().addSelectionListener(recorder);
		try {
			view.selectRow(1);
			flush();
			assertArrayEquals(new int[] { 1 }, view.selectedRows());
			assertEquals(List.of(new FrameRef(0, 2)), sent);

			// a selection from another view moves the table without echoing it back
			sent.clear();
			Signals.getDefault().selectFrame(new FrameRef(0, 1), this);
			flush();
			assertArrayEquals(new int[] { 0 }, view.selectedRows());
			assertEquals(List.of(new FrameRef(0, 1)), sent, "only the signal this test sent");
		} finally {
			Signals.getDefault().removeSelectionListener(recorder);
		}
		assertEquals(sample.toAbsolutePath().toString(), RecentCaptures.load().get(0), "remembered as recent");

		// the details view follows the selection: frame 1 is selected now
		PacketDetailsView details = (PacketDetailsView) page.findView(PacketDetailsView.ID);
		assertNotNull(details, "the perspective shows the packet details");
		// read as the user sees it: the tree's items and their texts
		org.eclipse.swt.widgets.TreeItem[] roots = details.tree().getTree().getItems();
		assertTrue(roots[0].getText().startsWith("Frame 1: 87 bytes on wire"), roots[0].getText());
		org.eclipse.swt.widgets.TreeItem ipItem = java.util.Arrays.stream(roots)
				.filter(i -> i.getText().startsWith("Internet Protocol")).findFirst().orElseThrow();
		assertEquals("Internet Protocol Version 4, Src: 206.200.127.138, Dst: 233.54.12.111", ipItem.getText());
		details.tree().expandToLevel(ipItem.getData(), 1);
		assertEquals("Destination Address: 233.54.12.111 (multicast)", ipItem.getItem(1).getText());
		DetailNode ip = (DetailNode) ipItem.getData();
		// selecting the destination address highlights its 4 bytes (e9 36 0c 6f = 233.54.12.111) in the hex pane
		DetailNode dst = ip.children().get(1);
		details.tree().setSelection(new org.eclipse.jface.viewers.StructuredSelection(dst), true);
		flush();
		assertEquals("e9", details.hex().hexAt(dst.offset()));
		assertTrue(details.hex().isHighlighted(dst.offset()) && details.hex().isHighlighted(dst.offset() + 3));
		assertTrue(!details.hex().isHighlighted(dst.offset() + 4));
	}
}
