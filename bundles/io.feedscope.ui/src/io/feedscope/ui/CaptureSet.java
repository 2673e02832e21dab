package io.feedscope.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.feedscope.capture.CaptureFile;

/**
 * The captures open in the workbench (one per tap point), shared by all views.
 * <p>
 * Listeners are called on the thread that changed the set; views hand UI work to the display
 * thread themselves. Changes come from jobs, so the list is copy-on-write.
 */
public final class CaptureSet {

	private static final CaptureSet DEFAULT = new CaptureSet();

	private final List<CaptureFile> fCaptures = new CopyOnWriteArrayList<>();
	private final List<Consumer<CaptureSet>> fListeners = new CopyOnWriteArrayList<>();

	/** @return the workbench-wide set */
	public static CaptureSet getDefault() {
		return DEFAULT;
	}

	/** @return the open captures, in the order they were opened */
	public List<CaptureFile> captures() {
		return new ArrayList<>(fCaptures);
	}

	/** Adds an opened capture and tells the listeners. */
	public void add(CaptureFile capture) {
		fCaptures.add(capture);
		fire();
	}

	/** Closes and removes every capture. */
	public void clear() {
		for (CaptureFile c : fCaptures) {
			try {
				c.close();
			} catch (java.io.IOException e) {
				// closing a read-only mapping: nothing the user can act on
			}
		}
		fCaptures.clear();
		fire();
	}

	public void addListener(Consumer<CaptureSet> listener) {
		fListeners.add(listener);
	}

	public void removeListener(Consumer<CaptureSet> listener) {
		fListeners.remove(listener);
	}

	private void fire() {
		for (Consumer<CaptureSet> l : fListeners) {
			l.accept(this);
		}
	}
}
