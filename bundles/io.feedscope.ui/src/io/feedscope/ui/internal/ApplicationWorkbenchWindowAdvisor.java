package io.feedscope.ui.internal;

import org.eclipse.swt.graphics.Point;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

public class ApplicationWorkbenchWindowAdvisor extends WorkbenchWindowAdvisor {

	public ApplicationWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
		super(configurer);
	}

	@Override
	public ActionBarAdvisor createActionBarAdvisor(IActionBarConfigurer configurer) {
		return new ApplicationActionBarAdvisor(configurer);
	}

	/**
	 * The window's first size (no saved layout yet): the screen's work area, so that a 1366 px wide screen
	 * gets a 1366 px wide window (a fixed 1280 x 800 opened 1274 px wide there and cut the table's columns).
	 *
	 * @param workArea the primary monitor's client area, null when unknown
	 */
	static Point initialSize(org.eclipse.swt.graphics.@org.eclipse.jdt.annotation.Nullable Rectangle workArea) {
		if (workArea == null || workArea.width <= 0 || workArea.height <= 0) {
			return new Point(1280, 800);
		}
		return new Point(workArea.width, workArea.height);
	}

	@Override
	public void preWindowOpen() {
		IWorkbenchWindowConfigurer configurer = getWindowConfigurer();
		org.eclipse.swt.widgets.Display display = org.eclipse.swt.widgets.Display.getCurrent();
		configurer.setInitialSize(initialSize(display == null ? null : display.getPrimaryMonitor().getClientArea()));
		configurer.setShowCoolBar(false);
		configurer.setShowStatusLine(true);
		configurer.setShowProgressIndicator(true);
		configurer.setTitle("FeedScope");
	}
}
