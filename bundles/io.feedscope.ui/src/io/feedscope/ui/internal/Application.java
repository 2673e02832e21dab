package io.feedscope.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PlatformUI;

/** The FeedScope application: a workbench; capture files named on the command line are opened. */
public class Application implements IApplication {

	@Override
	public Object start(IApplicationContext context) {
		List<String> files = new ArrayList<>();
		Object args = context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
		if (args instanceof String[] a) {
			for (String s : a) {
				// framework and launcher options start with '-'; everything else is a capture to open
				if (!s.startsWith("-")) {
					files.add(s);
				}
			}
		}
		Display display = PlatformUI.createDisplay();
		try {
			int code = PlatformUI.createAndRunWorkbench(display, new ApplicationWorkbenchAdvisor(files));
			return code == PlatformUI.RETURN_RESTART ? IApplication.EXIT_RESTART : IApplication.EXIT_OK;
		} finally {
			display.dispose();
		}
	}

	@Override
	public void stop() {
		if (!PlatformUI.isWorkbenchRunning()) {
			return;
		}
		final IWorkbench workbench = PlatformUI.getWorkbench();
		final Display display = workbench.getDisplay();
		display.syncExec(() -> {
			if (!display.isDisposed()) {
				workbench.close();
			}
		});
	}
}
