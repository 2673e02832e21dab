package io.feedscope.ui.internal.live;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.swt.widgets.Display;

import io.feedscope.capture.live.CaptureException;
import io.feedscope.capture.live.CaptureService;
import io.feedscope.capture.live.CaptureSpec;
import io.feedscope.capture.live.CaptureStatus;
import io.feedscope.capture.live.LiveCapture;
import io.feedscope.capture.live.LiveSession;
import io.feedscope.ui.CaptureSet;
import io.feedscope.ui.internal.AnalysisJob;

/**
 * The workbench's one live capture: starts it (the capture set then holds only the live capture, as
 * Wireshark's capture replaces the open file), shows it growing, and runs the analysis again over everything
 * captured so far about once a second (re-analysis, not incremental: exact, and cheap for a live look).
 * <p>
 * The live capture is in the set as a capture being indexed, so the packet table follows its growing frame
 * count; its count grows only when this controller {@link LiveCapture#refresh() refreshes} it, and that
 * happens only while no analysis runs, since an analysis sizes its tables by the count it starts with.
 * Stopping marks it indexed, which runs the final analysis. UI thread only, but for {@link #status()}.
 */
public final class LiveCaptureController {
	/** between refreshes of the frame count and the analysis */
	static final int TICK_MILLIS = 1000;

	private static final LiveCaptureController DEFAULT = new LiveCaptureController();

	private @Nullable LiveSession fSession;
	private final List<Runnable> fListeners = new CopyOnWriteArrayList<>();
	private volatile @Nullable CaptureStatus fStatus;

	public static LiveCaptureController getDefault() {
		return DEFAULT;
	}

	/** @return true while a capture runs */
	public boolean isRunning() {
		LiveSession s = fSession;
		return s != null && s.isRunning();
	}

	/** @return the last status read, or null before any capture */
	public @Nullable CaptureStatus status() {
		return fStatus;
	}

	/** @return the running (or last) live capture's session, or null */
	public @Nullable LiveSession session() {
		return fSession;
	}

	/** Called on the UI thread when the status changed (every tick while capturing, at start and stop). */
	public void addListener(Runnable l) {
		fListeners.add(l);
	}

	public void removeListener(Runnable l) {
		fListeners.remove(l);
	}

	private void fire() {
		for (Runnable l : fListeners) {
			l.run();
		}
	}

	/**
	 * @return the capture process chosen: the system property {@code feedscope.captureProcess} if set, else the
	 *         preference {@link io.feedscope.ui.internal.FeedScopePreferences#CAPTURE_PROCESS}
	 * @throws CaptureException when that process is not installed (saying what to install)
	 */
	public static CaptureService service() throws CaptureException {
		String p = System.getProperty("feedscope.captureProcess");
		if (p == null || p.isBlank()) {
			p = org.eclipse.core.runtime.Platform.getPreferencesService().getString("io.feedscope.ui",
					io.feedscope.ui.internal.FeedScopePreferences.CAPTURE_PROCESS, "auto", null);
		}
		return CaptureService.find(p.strip());
	}

	/**
	 * Starts a capture (waits for dumpcap to open the interface, a second or so) and puts it in the capture
	 * set in place of the open captures.
	 *
	 * @throws CaptureException for people: no dumpcap, no permission (naming the capabilities), bad filter
	 */
	public void start(CaptureSpec spec) throws CaptureException {
		if (isRunning()) {
			throw new CaptureException("a capture is running already: stop it first");
		}
		LiveSession session = service().start(spec);
		fSession = session;
		CaptureSet set = CaptureSet.getDefault();
		set.clear();
		set.addIndexing(session.capture());
		fStatus = session.status();
		fire();
		Display.getCurrent().timerExec(TICK_MILLIS, () -> tick(session));
	}

	private void tick(LiveSession session) {
		if (fSession != session) {
			return;
		}
		CaptureSet set = CaptureSet.getDefault();
		LiveCapture capture = session.capture();
		if (!set.contains(capture)) {
			stopInJob(session, false); // closed by the user: stop capturing
			return;
		}
		fStatus = session.status();
		if (Job.getJobManager().find(AnalysisJob.FAMILY).length == 0) {
			capture.refresh();
			AnalysisJob.schedule(set.captures());
		}
		fire();
		if (session.isRunning()) {
			Display.getCurrent().timerExec(TICK_MILLIS, () -> tick(session));
		} else {
			stopInJob(session, true); // ended by itself (duration) or failed
		}
	}

	/** Stops the capture; the files are read to their end in a job, then the final analysis runs. */
	public void stop() {
		LiveSession s = fSession;
		if (s != null && s.isRunning()) {
			stopInJob(s, true);
		}
	}

	private void stopInJob(LiveSession session, boolean keep) {
		Display display = Display.getCurrent();
		Job job = Job.create("Stopping the capture on " + session.spec().device(), monitor -> {
			try {
				session.stop();
			} catch (IOException e) {
				// the files stay as written; the status says what went wrong
			}
			display.asyncExec(() -> stopped(session, keep));
		});
		job.setSystem(true);
		job.schedule();
	}

	private void stopped(LiveSession session, boolean keep) {
		fStatus = session.status();
		LiveCapture capture = session.capture();
		capture.refresh();
		// marked indexed: the set's listeners run the final analysis; gone from the set: ours to close
		if (!keep || !CaptureSet.getDefault().indexed(capture)) {
			try {
				capture.close();
			} catch (IOException e) {
				// read-only files
			}
		}
		fire();
	}

	/** For tests: waits (running the event loop) until no capture runs and the last one was stopped. */
	public static void waitUntilStopped(Display display, long millis) {
		long end = System.currentTimeMillis() + millis;
		while (System.currentTimeMillis() < end) {
			LiveSession s = DEFAULT.fSession;
			CaptureStatus st = DEFAULT.fStatus;
			if (s == null || !s.isRunning() && st != null && !st.running() && !CaptureSet.getDefault().isIndexing()) {
				return;
			}
			if (!display.readAndDispatch()) {
				display.timerExec(20, () -> {
					// wakes the loop to look again
				});
				display.sleep();
			}
		}
	}
}
