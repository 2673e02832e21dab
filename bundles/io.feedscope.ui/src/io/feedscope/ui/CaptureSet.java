package io.feedscope.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.swt.graphics.RGB;

import io.feedscope.capture.CaptureFile;

/**
 * The captures open in the workbench (one per tap point), shared by all views: each with a name (the file
 * name until the user renames it) and a colour, and which of them the views show (all merged by time, or
 * one).
 * <p>
 * A capture may join the set while it is still being indexed ({@link #addIndexing}): its frame count then
 * grows until {@link #indexed} is called. Views that show frames poll the counts while {@link #isIndexing()};
 * the analysis waits until no capture is indexing.
 * <p>
 * Two kinds of listeners: <b>membership</b> listeners ({@link #addListener}) hear of captures added,
 * removed, or done indexing, which changes frame numbering and calls for a new analysis; <b>presentation</b>
 * listeners ({@link #addPresentationListener}) hear of names, colours and the shown capture, which change
 * no analysis. Listeners are called on the thread that changed the set; views hand UI work to the display
 * thread themselves. Changes come from jobs, so lists are copy-on-write and membership changes are
 * synchronized (listeners are called outside the lock).
 */
public final class CaptureSet {

	/**
	 * Default capture colours, in order of use: distinct hues of similar weight (the Tableau 10 palette's
	 * first eight), so two or three tap points never look alike and none shouts.
	 */
	public static final List<RGB> PALETTE = List.of(new RGB(78, 121, 167), new RGB(242, 142, 43),
			new RGB(89, 161, 79), new RGB(225, 87, 89), new RGB(176, 122, 161), new RGB(118, 183, 178),
			new RGB(237, 201, 72), new RGB(156, 117, 95));

	/** {@link #shown()} when all captures are shown, merged by capture time. */
	public static final int MERGED = -1;

	private static final CaptureSet DEFAULT = new CaptureSet();

	private static final class Entry {
		final CaptureFile fCapture;
		volatile String fName;
		volatile RGB fColour;
		volatile boolean fIndexing;

		Entry(CaptureFile capture, RGB colour, boolean indexing) {
			fCapture = capture;
			fName = capture.name();
			fColour = colour;
			fIndexing = indexing;
		}
	}

	/**
	 * Where names and colours given to captures are remembered between sessions, by file: reopening the
	 * tap point "Carteret B" next week brings back its name and colour. The workbench installs one backed by
	 * its preferences ({@link #setMemory}); without one nothing is remembered.
	 */
	public interface Memory {
		/** @return the name and colour last given to the capture file at this absolute path, or null */
		@Nullable
		Remembered recall(String path);

		/** Remembers the name and colour given to the capture file at this absolute path. */
		void remember(String path, Remembered what);
	}

	/**
	 * A capture's name and colour as remembered.
	 *
	 * @param name the name given (never blank)
	 * @param colour the colour given
	 */
	public record Remembered(String name, RGB colour) {
	}

	private volatile @Nullable Memory fMemory;
	private final List<Entry> fEntries = new CopyOnWriteArrayList<>();
	private volatile int fShown = MERGED;
	private final List<Consumer<CaptureSet>> fListeners = new CopyOnWriteArrayList<>();
	private final List<Runnable> fPresentationListeners = new CopyOnWriteArrayList<>();

	/** @return the workbench-wide set */
	public static CaptureSet getDefault() {
		return DEFAULT;
	}

	/** @return the open captures, in the order they were opened */
	public List<CaptureFile> captures() {
		List<CaptureFile> out = new ArrayList<>();
		for (Entry e : fEntries) {
			out.add(e.fCapture);
		}
		return out;
	}

	/** Sets where names and colours are remembered between sessions (null: nowhere). */
	public void setMemory(@Nullable Memory memory) {
		fMemory = memory;
	}

	/**
	 * Adds an opened (completely indexed) capture and tells the listeners. The views go back to showing all
	 * captures merged, so that a file just opened is seen rather than hidden behind an earlier "Show" choice.
	 */
	public void add(CaptureFile capture) {
		boolean shownReset;
		synchronized (this) {
			fEntries.add(entryFor(capture, false));
			shownReset = resetShown();
		}
		fire();
		if (shownReset) {
			firePresentation();
		}
	}

	/** Shows all captures merged again; @return whether that changed anything. Call holding the lock. */
	private boolean resetShown() {
		boolean changed = fShown != MERGED;
		fShown = MERGED;
		return changed;
	}

	/** A new entry with the remembered name and colour of its file, else the file name and a free colour. */
	private Entry entryFor(CaptureFile capture, boolean indexing) {
		Memory m = fMemory;
		Remembered r = m == null ? null : m.recall(key(capture));
		Entry e = new Entry(capture, r == null ? nextColour() : r.colour(), indexing);
		if (r != null) {
			e.fName = r.name();
		}
		return e;
	}

	private static String key(CaptureFile capture) {
		return capture.path().toAbsolutePath().normalize().toString();
	}

	private void remember(Entry e) {
		Memory m = fMemory;
		if (m != null) {
			m.remember(key(e.fCapture), new Remembered(e.fName, e.fColour));
		}
	}

	/**
	 * Adds a capture that is still being indexed (its frame count grows); call {@link #indexed} when done.
	 */
	public void addIndexing(CaptureFile capture) {
		boolean shownReset;
		synchronized (this) {
			fEntries.add(entryFor(capture, true));
			shownReset = resetShown(); // as in add: the new capture is shown
		}
		fire();
		if (shownReset) {
			firePresentation();
		}
	}

	/**
	 * Marks a capture as completely indexed and tells the listeners.
	 *
	 * @return false if the capture is no longer in the set (removed while indexing): the caller closes it
	 */
	public boolean indexed(CaptureFile capture) {
		synchronized (this) {
			Entry e = entry(capture);
			if (e == null) {
				return false;
			}
			e.fIndexing = false;
		}
		fire();
		return true;
	}

	/** @return true while any capture of the set is still being indexed */
	public boolean isIndexing() {
		for (Entry e : fEntries) {
			if (e.fIndexing) {
				return true;
			}
		}
		return false;
	}

	/** @return true while this capture is still being indexed */
	public boolean isIndexing(CaptureFile capture) {
		Entry e = entry(capture);
		return e != null && e.fIndexing;
	}

	/** @return true if the capture is in the set */
	public boolean contains(CaptureFile capture) {
		return entry(capture) != null;
	}

	/**
	 * Removes a capture and tells the listeners. An indexed capture is closed; one still being indexed is
	 * left to its open job, which sees it gone, stops and closes it. The shown capture follows: merged if it
	 * was this one, the same capture at its new index otherwise.
	 */
	public void remove(CaptureFile capture) {
		synchronized (this) {
			int i = indexOf(capture);
			if (i < 0) {
				return;
			}
			Entry e = fEntries.remove(i);
			int shown = fShown;
			if (shown == i) {
				fShown = MERGED;
			} else if (shown > i) {
				fShown = shown - 1;
			}
			if (!e.fIndexing) {
				close(capture);
			}
		}
		fire();
		firePresentation();
	}

	/** Closes and removes every capture (captures still being indexed are left to their jobs, as in remove). */
	public void clear() {
		synchronized (this) {
			for (Entry e : fEntries) {
				if (!e.fIndexing) {
					close(e.fCapture);
				}
			}
			fEntries.clear();
			fShown = MERGED;
		}
		fire();
		firePresentation();
	}

	private static void close(CaptureFile c) {
		try {
			c.close();
		} catch (java.io.IOException ex) {
			// closing a read-only mapping: nothing the user can act on
		}
	}

	private @Nullable Entry entry(CaptureFile capture) {
		for (Entry e : fEntries) {
			if (e.fCapture == capture) {
				return e;
			}
		}
		return null;
	}

	/** @return the capture's index in {@link #captures()}, -1 if not in the set */
	public int indexOf(CaptureFile capture) {
		for (int i = 0; i < fEntries.size(); i++) {
			if (fEntries.get(i).fCapture == capture) {
				return i;
			}
		}
		return -1;
	}

	/** The first palette colour no open capture has; when all are taken, by count. */
	private RGB nextColour() {
		for (RGB c : PALETTE) {
			boolean used = false;
			for (Entry e : fEntries) {
				used |= e.fColour.equals(c);
			}
			if (!used) {
				return c;
			}
		}
		return PALETTE.get(fEntries.size() % PALETTE.size());
	}

	// ---------------------------------------------------------------- presentation

	/** @return the capture's name as the views show it: the file name, or what the user renamed it to */
	public String name(CaptureFile capture) {
		Entry e = entry(capture);
		return e == null ? capture.name() : e.fName;
	}

	/** Renames a capture (blank: back to the file name) and tells the presentation listeners. */
	public void rename(CaptureFile capture, String name) {
		Entry e = entry(capture);
		if (e != null) {
			e.fName = name.isBlank() ? capture.name() : name.strip();
			remember(e);
			firePresentation();
		}
	}

	/** @return the capture's colour (table stripe, Capture Set view) */
	public RGB colour(CaptureFile capture) {
		Entry e = entry(capture);
		return e == null ? PALETTE.get(0) : e.fColour;
	}

	public void setColour(CaptureFile capture, RGB colour) {
		Entry e = entry(capture);
		if (e != null) {
			e.fColour = colour;
			remember(e);
			firePresentation();
		}
	}

	/** @return {@link #MERGED}, or the index of the one capture the table and the chart show */
	public int shown() {
		int s = fShown;
		return s >= fEntries.size() ? MERGED : s;
	}

	/** Shows all captures merged ({@link #MERGED}) or the capture at an index; tells the presentation listeners. */
	public void show(int index) {
		int s = index < 0 || index >= fEntries.size() ? MERGED : index;
		if (s != fShown) {
			fShown = s;
			firePresentation();
		}
	}

	// ---------------------------------------------------------------- listeners

	/** Listens to membership: captures added, removed, done indexing. */
	public void addListener(Consumer<CaptureSet> listener) {
		fListeners.add(listener);
	}

	public void removeListener(Consumer<CaptureSet> listener) {
		fListeners.remove(listener);
	}

	/** Listens to names, colours and the shown capture. */
	public void addPresentationListener(Runnable listener) {
		fPresentationListeners.add(listener);
	}

	public void removePresentationListener(Runnable listener) {
		fPresentationListeners.remove(listener);
	}

	private void fire() {
		for (Consumer<CaptureSet> l : fListeners) {
			l.accept(this);
		}
	}

	private void firePresentation() {
		for (Runnable l : fPresentationListeners) {
			l.run();
		}
	}
}
