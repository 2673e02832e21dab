package io.feedscope.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Arrays;

import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

/** Capture files can be dropped on every FeedScope view, not just the table. */
class FileDropTest {

	@Test
	void everyViewAcceptsDroppedFiles() throws Exception {
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		Control[] controls = { ((PacketTableView) page.showView(PacketTableView.ID)).natTable(),
				((PacketDetailsView) page.showView(PacketDetailsView.ID)).tree().getControl(),
				((PacketDetailsView) page.showView(PacketDetailsView.ID)).hex().control(),
				((SequenceChartView) page.showView(SequenceChartView.ID)).chart(),
				((FindingsView) page.showView(FindingsView.ID)).viewer().getControl() };
		for (Control c : controls) {
			assertNotNull(c);
			assertEquals(1, countFileDrops(c), "file drop target on " + c);
		}
	}

	private static int countFileDrops(Control c) {
		int n = 0;
		if (c.getData(DND.DROP_TARGET_KEY) instanceof DropTarget t) {
			assertEquals(true, Arrays.stream(t.getTransfer()).anyMatch(x -> x == FileTransfer.getInstance()),
					"drop target without FileTransfer on " + c);
			n++;
		}
		return n;
	}
}
