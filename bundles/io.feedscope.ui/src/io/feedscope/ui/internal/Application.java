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
			files.addAll(capturesIn(a));
		}
		Display display = PlatformUI.createDisplay();
		try {
			int code = PlatformUI.createAndRunWorkbench(display, new ApplicationWorkbenchAdvisor(files));
			return code == PlatformUI.RETURN_RESTART ? IApplication.EXIT_RESTART : IApplication.EXIT_OK;
		} finally {
			display.dispose();
		}
	}

	/**
	 * The capture files among the application arguments. Options start with '-'; an option's value
	 * (the word after it, e.g. a test harness's "-testApplication ID") is skipped unless it is an
	 * existing file, so a missing capture named on its own still gets an error naming it.
	 */
	static List<String> capturesIn(String[] args) {
		List<String> files = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String s = args[i];
			if (s.startsWith("-")) {
				continue;
			}
			boolean optionValue = i > 0 && args[i - 1].startsWith("-");
			if (!optionValue || java.nio.file.Files.isRegularFile(java.nio.file.Path.of(s))) {
				files.add(s);
			}
		}
		return files;
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
