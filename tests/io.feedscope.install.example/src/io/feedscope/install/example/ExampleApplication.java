package io.feedscope.install.example;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Prints {@code example installed: <symbolic name> <version>} and exits. Reaching this class at all
 * means the bundle was installed into the product and resolved; the name and version come from the
 * running bundle itself, so the check can tell this build's bundle from a stale one.
 */
public final class ExampleApplication implements IApplication {

	@Override
	public Object start(IApplicationContext context) {
		Bundle bundle = FrameworkUtil.getBundle(ExampleApplication.class);
		String who = bundle == null ? "(not loaded by OSGi)" : bundle.getSymbolicName() + " " + bundle.getVersion();
		System.out.println("example installed: " + who);
		System.out.flush();
		return IApplication.EXIT_OK;
	}

	@Override
	public void stop() {
		// start() returns at once: nothing to stop
	}
}
