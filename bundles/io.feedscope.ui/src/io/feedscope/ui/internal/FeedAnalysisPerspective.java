package io.feedscope.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/**
 * "Feed Analysis", laid out as Wireshark's main window is: the packet table across the whole width on top
 * (every column to Info on screen at 1366x768), under it the packet details on the left (tree and bytes; as
 * wide as a 16-byte hex line and about 11 tree rows high at 1366x768) and the sequence chart on the right,
 * with the findings under the chart and the capture set in a tab beside them (lists one consults now and
 * then; the findings come to the front when an analysis reports errors). Every FeedScope view is a Show
 * View shortcut, so Window &gt; Show View lists them all.
 */
public class FeedAnalysisPerspective implements IPerspectiveFactory {

	public static final String ID = "io.feedscope.ui.perspective";

	@Override
	public void createInitialLayout(IPageLayout layout) {
		layout.setEditorAreaVisible(false);
		layout.addView(PacketTableView.ID, IPageLayout.TOP, 0.95f, layout.getEditorArea());
		layout.addView(PacketDetailsView.ID, IPageLayout.BOTTOM, 0.40f, PacketTableView.ID);
		layout.addView(SequenceChartView.ID, IPageLayout.RIGHT, 0.47f, PacketDetailsView.ID);
		IFolderLayout lists = layout.createFolder("io.feedscope.ui.folders.lists", IPageLayout.BOTTOM, 0.58f,
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
