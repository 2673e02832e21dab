package io.feedscope.ui.internal;

import static io.feedscope.ui.tests.UiTestSupport.click;
import static io.feedscope.ui.tests.UiTestSupport.menuItem;
import static io.feedscope.ui.tests.UiTestSupport.sampleCapture;
import static io.feedscope.ui.tests.UiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.feedscope.ui.CaptureSet;

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
		Table table = view.table();
		assertEquals(0, table.getItemCount());

		Path sample = sampleCapture();
		OpenCaptureHandler.chooser = shell -> List.of(sample); // stands in for the native file dialog
		click(menuItem(window.getShell(), "File", "Open Capture..."));

		waitUntil("the sample capture's 2 frames in the table", 10_000, () -> table.getItemCount() == 2);
		TableItem first = table.getItem(0);
		TableItem second = table.getItem(1);
		assertEquals("1", first.getText(0));
		assertEquals("2", second.getText(0));
		assertEquals("206.200.127.138:49653", second.getText(2));
		assertEquals("233.54.12.111:26477", second.getText(3));
		assertEquals("UDP", second.getText(4));
		assertEquals("1518", second.getText(5));
		assertTrue(first.getText(1).startsWith("13:30:00.007661955"), first.getText(1));
		assertTrue(view.getContentDescription().contains("nasdaq-itch50-sample.pcap"), view.getContentDescription());
	}
}
