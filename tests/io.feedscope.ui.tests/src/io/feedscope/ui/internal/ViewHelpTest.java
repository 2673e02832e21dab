package io.feedscope.ui.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.jface.action.ActionContributionItem;
import org.eclipse.jface.action.IContributionItem;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

class ViewHelpTest {

	/** Every FeedScope view ships its help page and shows the help button. */
	@Test
	void everyViewHasAHelpPage() throws Exception {
		java.util.List<String> ids = java.util.Arrays.stream(PlatformUI.getWorkbench().getViewRegistry().getViews())
				.map(v -> v.getId()).filter(id -> id.startsWith("io.feedscope.ui.views.")).toList();
		assertTrue(ids.containsAll(java.util.List.of(PacketTableView.ID, PacketDetailsView.ID, SequenceChartView.ID,
				FindingsView.ID, CaptureSetView.ID)), "the views registered in plugin.xml: " + ids);
		for (String id : ids) {
			assertTrue(ViewHelp.text(id).length() > 200 && !ViewHelp.text(id).startsWith("No help page"),
					"help page of " + id);
			IViewPart view = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().showView(id);
			IContributionItem item = view.getViewSite().getActionBars().getToolBarManager().find("io.feedscope.ui.help");
			assertNotNull(item, "help button on " + id);
			String tip = ((ActionContributionItem) item).getAction().getToolTipText();
			assertTrue(tip.contains(PlatformUI.getWorkbench().getViewRegistry().find(id).getLabel()), tip);
		}
	}
}
