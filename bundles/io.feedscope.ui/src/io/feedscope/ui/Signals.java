package io.feedscope.ui;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The two signals that link the views, kept apart as in Trace Compass: <b>selection</b> is what the
 * user picked (a row, a chart mark, a finding), <b>window</b> is what is on screen (a zoom or scroll
 * of the chart, the rows visible in the table). A view that changes its window never changes the
 * selection, and the other way round.
 * <p>
 * Each signal carries its source, and a view ignores signals it sent, so that following a signal
 * never echoes it back. Signals are sent and received on the UI thread.
 */
public final class Signals {

	/** Receives frame selections; see {@link WindowListener} for the visible range. */
	@FunctionalInterface
	public interface SelectionListener {
		/** @param source the view that selected, so receivers can skip their own signal */
		void frameSelected(FrameRef frame, Object source);
	}

	/** Receives the visible time window; see {@link SelectionListener} for what the user picked. */
	@FunctionalInterface
	public interface WindowListener {
		/** Capture time range in ns since the epoch, inclusive. */
		void windowChanged(long startNs, long endNs, Object source);
	}

	private static final Signals DEFAULT = new Signals();

	private final List<SelectionListener> fSelection = new CopyOnWriteArrayList<>();
	private final List<WindowListener> fWindow = new CopyOnWriteArrayList<>();

	public static Signals getDefault() {
		return DEFAULT;
	}

	public void addSelectionListener(SelectionListener l) {
		fSelection.add(l);
	}

	public void removeSelectionListener(SelectionListener l) {
		fSelection.remove(l);
	}

	public void addWindowListener(WindowListener l) {
		fWindow.add(l);
	}

	public void removeWindowListener(WindowListener l) {
		fWindow.remove(l);
	}

	/** Tells every view that a frame was selected. */
	public void selectFrame(FrameRef frame, Object source) {
		for (SelectionListener l : fSelection) {
			l.frameSelected(frame, source);
		}
	}

	/** Tells every view which time range is now on screen. */
	public void changeWindow(long startNs, long endNs, Object source) {
		for (WindowListener l : fWindow) {
			l.windowChanged(startNs, endNs, source);
		}
	}
}
