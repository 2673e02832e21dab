package io.feedscope.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/**
 * "Feed Analysis": packet table top left, sequence chart top right, packet details under the table,
 * findings under the chart, the capture set in a tab beside the findings (both are lists one consults
 * now and then; the chart keeps its height). The details get nearly half the table's column: at 1366x768
 * a MoldUDP64 header and its first message fit without scrolling. Every FeedScope view is a Show View
 * shortcut, so Window &gt; Show View lists them all.
 */
public class FeedAnalysisPerspective implements IPerspectiveFactory {

	public static final String ID = "io.feedscope.ui.perspective";

	@Override
	public void createInitialLayout(IPageLayout layout) {
		layout.setEditorAreaVisible(false);
		layout.addView(PacketTableView.ID, IPageLayout.TOP, 0.95f, layout.getEditorArea());
		layout.addView(SequenceChartView.ID, IPageLayout.RIGHT, 0.52f, PacketTableView.ID);
		layout.addView(PacketDetailsView.ID, IPageLayout.BOTTOM, 0.52f, PacketTableView.ID);
		IFolderLayout lists = layout.createFolder("io.feedscope.ui.folders.lists", IPageLayout.BOTTOM, 0.65f,
				SequenceChartView.ID);
		lists.addView(FindingsView.ID);
		lists.addView(CaptureSetView.ID);
		for (String view : VIEWS) {
			layout.addShowViewShortcut(view);
		}
	}

	/** FeedScope's views, in the order Window &gt; Show View lists them. */
	static final String[] VIEWS = { PacketTableView.ID, PacketDetailsView.ID, SequenceChartView.ID, FindingsView.ID,
			CaptureSetView.ID };
}
