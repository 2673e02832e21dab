package io.feedscope.ui.internal;

import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/** "Feed Analysis": the packet table on top; the chart, details and findings join it as they land. */
public class FeedAnalysisPerspective implements IPerspectiveFactory {

	public static final String ID = "io.feedscope.ui.perspective";

	@Override
	public void createInitialLayout(IPageLayout layout) {
		layout.setEditorAreaVisible(false);
		layout.addView(PacketTableView.ID, IPageLayout.TOP, 0.95f, layout.getEditorArea());
		layout.addView(PacketDetailsView.ID, IPageLayout.BOTTOM, 0.6f, PacketTableView.ID);
	}
}
