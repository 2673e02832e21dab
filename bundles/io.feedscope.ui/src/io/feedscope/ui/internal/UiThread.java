package io.feedscope.ui.internal;

import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;

/**
 * Hands work from jobs and listeners (which may run on any thread) to the UI thread without racing the
 * disposal of a widget or of the display. A view keeps the {@link Display} it was created on and posts to
 * it; it never asks a widget for its display off the UI thread (a widget disposed between an
 * {@code isDisposed()} check and {@code getDisplay()} throws), and no job asks {@code Display.getDefault()}
 * (which makes a display on a job's thread when none exists yet). The posted code checks its widgets itself.
 */
final class UiThread {

	private UiThread() {
	}

	/** @return the workbench's display, or null when no workbench runs (or its display is gone) */
	static @Nullable Display workbenchDisplay() {
		if (!PlatformUI.isWorkbenchRunning()) {
			return null;
		}
		Display d = PlatformUI.getWorkbench().getDisplay();
		return d == null || d.isDisposed() ? null : d;
	}

	/**
	 * Runs code on the display's thread later. Nothing runs when the display is null or disposed (the
	 * workbench is closing).
	 *
	 * @return false if nothing was posted
	 */
	static boolean async(@Nullable Display display, Runnable r) {
		if (display == null || display.isDisposed()) {
			return false;
		}
		try {
			display.asyncExec(r);
			return true;
		} catch (SWTException e) {
			if (e.code != SWT.ERROR_DEVICE_DISPOSED) {
				throw e;
			}
			return false; // disposed between the check and the post: the work has nobody to show it to
		}
	}

	/** As {@link #async}, but runs at once when called on the display's own thread. */
	static void now(@Nullable Display display, Runnable r) {
		if (display != null && !display.isDisposed() && Display.getCurrent() == display) {
			r.run();
		} else {
			async(display, r);
		}
	}
}
