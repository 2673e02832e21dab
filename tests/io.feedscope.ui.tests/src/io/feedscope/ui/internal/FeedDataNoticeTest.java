package io.feedscope.ui.internal;

import static io.feedscope.ui.tests.UiTestSupport.flush;
import static io.feedscope.ui.tests.UiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.swt.SWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.feedscope.ui.FeedModel;

/**
 * The "no feed data" notice above the packet table (issue 13 §4): a real NASDAQ capture whose publisher zeroed the
 * addresses, ports and MoldUDP64 session (tests/data/nasdaq-itch50/sanitized/AddOrderNoMPID.pcap: tshark -r F -T
 * fields -e ip.dst -e udp.dstport shows five frames to 0.0.0.0 port 0) is not recognized; the notice says what the
 * command line says on stderr, and its Decode As binding makes the five Add Orders appear.
 */
class FeedDataNoticeTest {

	@AfterAll
	static void close() {
		FeedDataNotice.save("");
		IncidentWorkbench.closeAll();
	}

	/** @return the dialog's OK button, found as a user finds it: by its label */
	private static org.eclipse.swt.widgets.Button okButton(org.eclipse.swt.widgets.Composite c) {
		for (org.eclipse.swt.widgets.Control k : c.getChildren()) {
			if (k instanceof org.eclipse.swt.widgets.Button b && IDialogConstants.OK_LABEL.equals(b.getText())) {
				return b;
			}
			if (k instanceof org.eclipse.swt.widgets.Composite inner) {
				try {
					return okButton(inner);
				} catch (AssertionError e) {
					// not in this one
				}
			}
		}
		throw new AssertionError("no OK button");
	}

	@Test
	void noticeSaysWhyAndDecodeAsDecodes() throws Exception {
		Path f = Path.of(System.getProperty("feedscope.repo", "../.."))
				.resolve("tests/data/nasdaq-itch50/sanitized/AddOrderNoMPID.pcap");
		assertTrue(Files.isRegularFile(f), f.toAbsolutePath().toString());
		FeedDataNotice.save("");
		IncidentWorkbench.open(f, 60_000);
		PacketTableView table = (PacketTableView) IncidentWorkbench.page().findView(PacketTableView.ID);
		FeedDataNotice notice = table.notice();
		waitUntil("the notice", 30_000, () -> {
			flush();
			return !notice.text().isEmpty();
		});
		// the same sentence as `feedscope analyze` prints on stderr for this file (AnalyzeArbitrationAndHintTest)
		assertEquals("No feed data: 5 UDP frames to 1 destination, none recognized as a feed: 0.0.0.0:0 \u00d75 (MoldUDP64 "
				+ "heuristic declined: session not printable); to decode them: --bind udp.port==0", notice.text());
		assertEquals(5, table.rowCount());
		assertEquals(io.feedscope.dissect.PacketKind.NOT_FEED, FeedModel.getDefault().kind(table.frameAt(0)));

		InputDialog d = notice.dialog();
		d.setBlockOnOpen(false);
		d.open();
		okButton(d.getShell()).notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
		assertEquals("udp.port==0,moldudp64", d.getValue(), "the suggested binding, as tshark -d writes it");
		FeedDataNotice.save(d.getValue());
		// the bindings changed: the analysis runs again and the packets are MoldUDP64 with one Add Order each
		waitUntil("the packets decoded", 60_000, () -> {
			flush();
			return FeedModel.getDefault().result() != null && !FeedModel.getDefault().result().sessions().isEmpty()
					&& Job.getJobManager().find(AnalysisJob.FAMILY).length == 0;
		});
		IncidentWorkbench.settle();
		for (int row = 0; row < 5; row++) {
			// a feed packet on its line (the sanitized destination 0.0.0.0 is no server's answer to a host)
			assertEquals(io.feedscope.dissect.PacketKind.DATA, FeedModel.getDefault().kind(table.frameAt(row)), "row " + row);
			assertEquals("1", table.cellText(row, PacketTableView.COL_COUNT), "row " + row);
		}
		assertEquals("", notice.text(), "feed data now: the notice is gone");
	}
}
