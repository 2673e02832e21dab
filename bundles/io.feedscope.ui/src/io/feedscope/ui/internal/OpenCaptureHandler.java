package io.feedscope.ui.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.statushandlers.StatusManager;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureProblem;
import io.feedscope.capture.Captures;
import io.feedscope.capture.IndexMonitor;
import io.feedscope.ui.CaptureSet;

/**
 * File &gt; Open Capture and File &gt; Add Capture: asks for files (or takes the {@value #PATH_PARAMETER}
 * parameter) and opens each in a job, so indexing a large file never blocks the UI.
 * <p>
 * <b>Open replaces, Add adds.</b> As Wireshark's File &gt; Open, Open Capture closes the captures open
 * before (the files chosen together are the new capture set: several tap points of one feed). Add Capture
 * ("Add to Capture Set (another tap point)") keeps them and adds the files; when an added file shares no
 * MoldUDP64 session with the open captures it is not another tap point of the same feed, and the user is
 * asked whether to analyse it on its own instead (merging unrelated captures gave two-month charts and
 * false session changes). Files dropped on a view ask Open or Add when captures are open.
 */
public class OpenCaptureHandler extends AbstractHandler {

	public static final String COMMAND_ID = "io.feedscope.ui.commands.openCapture";
	/** File &gt; Add Capture...: adds to the capture set instead of replacing it. */
	public static final String ADD_COMMAND_ID = "io.feedscope.ui.commands.addCapture";
	public static final String PATH_PARAMETER = "io.feedscope.ui.commands.openCapture.path";
	/** Job family of the open jobs, for {@code Job.getJobManager().join(...)}. */
	public static final Object JOB_FAMILY = OpenCaptureHandler.class;
	static final String PLUGIN_ID = "io.feedscope.ui";

	/** Asks the user for capture files; replaced by tests, since a native dialog cannot be driven. */
	@FunctionalInterface
	interface FileChooser {
		List<Path> choose(Shell shell);
	}

	static final FileChooser NATIVE_DIALOG = shell -> {
		FileDialog d = new FileDialog(shell, SWT.OPEN | SWT.MULTI);
		d.setText("Open Capture");
		d.setFilterExtensions(new String[] { "*.pcap;*.pcapng;*.cap;*.gz;*.NASDAQ_ITCH50", "*" });
		d.setFilterNames(new String[] { "Captures (pcap, pcapng, gzip, BinaryFILE)", "All files" });
		if (d.open() == null) {
			return List.of();
		}
		return java.util.Arrays.stream(d.getFileNames()).map(n -> Path.of(d.getFilterPath(), n)).toList();
	};

	static volatile FileChooser chooser = NATIVE_DIALOG;

	/** What to do with files dropped while captures are open. */
	enum DropChoice {
		/** close the open captures, open the dropped files */
		OPEN,
		/** add the dropped files to the capture set (more tap points) */
		ADD,
		CANCEL
	}

	/** Asks what dropped files are for; replaced by tests. */
	@FunctionalInterface
	interface DropQuestion {
		DropChoice ask(Shell shell, List<Path> files);
	}

	static final DropQuestion DROP_DIALOG = (shell, files) -> {
		org.eclipse.jface.dialogs.MessageDialog d = new org.eclipse.jface.dialogs.MessageDialog(shell,
				"Open or Add Captures", null,
				(files.size() == 1 ? files.get(0).getFileName().toString() : files.size() + " files")
						+ ": open instead of the captures open now, or add to the capture set as another tap point"
						+ " of the same feed?",
				org.eclipse.jface.dialogs.MessageDialog.QUESTION, 0, "&Open (Replace)",
				"&Add to Capture Set", "Cancel");
		return switch (d.open()) {
		case 0 -> DropChoice.OPEN;
		case 1 -> DropChoice.ADD;
		default -> DropChoice.CANCEL;
		};
	};

	static volatile DropQuestion dropQuestion = DROP_DIALOG;

	/** What to do with an added capture that shares no session with the open ones. */
	enum OtherFeedChoice {
		/** analyse it on its own: the other captures are closed */
		ALONE,
		/** keep it in the capture set anyway */
		TOGETHER
	}

	/** Asks about an added capture of another feed; replaced by tests. */
	@FunctionalInterface
	interface OtherFeedQuestion {
		OtherFeedChoice ask(Shell shell, String file, List<String> itsSessions, List<String> openSessions);
	}

	static final OtherFeedQuestion OTHER_FEED_DIALOG = (shell, file, its, open) -> {
		org.eclipse.jface.dialogs.MessageDialog d = new org.eclipse.jface.dialogs.MessageDialog(shell,
				"Not a Tap Point of the Same Feed", null,
				file + " carries session" + (its.size() == 1 ? " " : "s ") + String.join(", ", its)
						+ ", which none of the open captures has (" + String.join(", ", open) + ")."
						+ " Captures are analysed together only as tap points of one feed.",
				org.eclipse.jface.dialogs.MessageDialog.QUESTION, 0, "Open It &Alone", "&Keep Together");
		return d.open() == 1 ? OtherFeedChoice.TOGETHER : OtherFeedChoice.ALONE;
	};

	static volatile OtherFeedQuestion otherFeedQuestion = OTHER_FEED_DIALOG;

	@Override
	public @Nullable Object execute(ExecutionEvent event) {
		String path = event.getParameter(PATH_PARAMETER);
		boolean add = ADD_COMMAND_ID.equals(event.getCommand() == null ? null : event.getCommand().getId());
		List<Path> files = path != null ? List.of(Path.of(path)) : chooser.choose(HandlerUtil.getActiveShell(event));
		if (files.isEmpty()) {
			return null; // the dialog was canceled: the open captures stay
		}
		open(files, add);
		return null;
	}

	/**
	 * Opens files as a new capture set (add = false: the open captures are closed first, as Wireshark's
	 * File &gt; Open does) or adds them to the capture set (add = true: more tap points).
	 *
	 * @return the open jobs, one per file
	 */
	public static List<Job> open(List<Path> files, boolean add) {
		if (!add) {
			CaptureSet.getDefault().clear();
		}
		List<Job> jobs = new java.util.ArrayList<>();
		for (Path f : files) {
			jobs.add(openInJob(f, add && !CaptureSet.getDefault().captures().isEmpty()));
		}
		return jobs;
	}

	/** Files dropped on a view: opened at once when nothing is open, else as the user chooses. */
	static void dropped(Shell shell, List<Path> files) {
		if (files.isEmpty()) {
			return;
		}
		if (CaptureSet.getDefault().captures().isEmpty()) {
			open(files, false);
			return;
		}
		switch (dropQuestion.ask(shell, files)) {
		case OPEN -> open(files, false);
		case ADD -> open(files, true);
		case CANCEL -> {
			// nothing: the open captures stay as they were
		}
		}
	}

	/**
	 * Test hook: called on the open job's thread after each publication of frames (see
	 * {@link IndexMonitor#published}), once the capture is in the {@link CaptureSet}. Indexing waits while it
	 * runs, so a test can hold a capture half-indexed. Null in the product.
	 */
	static volatile java.util.function.ObjIntConsumer<CaptureFile> publishedHook;

	/**
	 * Opens (indexes) a capture and adds it to the {@link CaptureSet}; the work of the open job. The capture
	 * joins the set as soon as indexing starts ({@link CaptureSet#addIndexing}), so the table shows its first
	 * frames while the rest is indexed; removing it from the set meanwhile cancels the indexing.
	 *
	 * @return OK, a warning naming the file and offset where a damaged file stopped being read, an
	 *         error naming the file, or CANCEL
	 */
	static IStatus open(Path file, IProgressMonitor monitor) {
		// progress in per-mille of the file, so files beyond 2 GiB fit the int the monitor takes
		monitor.beginTask("Indexing " + file.getFileName(), 1000);
		CaptureSet set = CaptureSet.getDefault();
		CaptureFile[] added = new CaptureFile[1];
		IndexMonitor progress = new IndexMonitor() {
			private int fDone;

			@Override
			public boolean isCanceled() {
				// the user closed the capture while it was being indexed: stop
				return monitor.isCanceled() || added[0] != null && !set.contains(added[0]);
			}

			@Override
			public void worked(long bytesRead, long totalBytes) {
				int now = totalBytes <= 0 ? 0 : (int) Math.min(1000, bytesRead * 1000 / totalBytes);
				if (now > fDone) {
					monitor.worked(now - fDone);
					fDone = now;
				}
			}

			@Override
			public void published(CaptureFile capture, int frames) {
				if (added[0] == null) {
					added[0] = capture;
					set.addIndexing(capture);
				}
				var hook = publishedHook;
				if (hook != null) {
					hook.accept(capture, frames);
				}
			}
		};
		boolean done = false;
		try {
			CaptureFile capture = Captures.open(file, progress);
			if (added[0] == null) {
				set.add(capture); // a reader that never published (cannot happen with the readers of today)
			} else if (!set.indexed(capture)) {
				capture.close(); // closed by the user just as indexing ended
				done = true;
				return Status.CANCEL_STATUS;
			}
			done = true;
			RecentCaptures.remember(file);
			List<CaptureProblem> problems = capture.problems();
			if (!problems.isEmpty()) {
				// the file opened up to the damage: say where, keep what was read
				return new Status(IStatus.WARNING, PLUGIN_ID, problems.get(0).toString()
						+ (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
			}
			return Status.OK_STATUS;
		} catch (InterruptedIOException e) {
			return Status.CANCEL_STATUS; // the user canceled: nothing was opened, nothing to report
		} catch (IOException e) {
			return Status.error(e.getMessage() == null ? file + ": " + e : e.getMessage(), e);
		} finally {
			if (!done && added[0] != null) {
				// canceled or failed part-way: the opener closed the file; the views drop what they showed
				set.remove(added[0]);
			}
			monitor.done();
		}
	}

	/** Frames read from the start of each capture to learn its sessions: a feed names its session in every packet. */
	static final int SESSION_SAMPLE = 4096;

	/**
	 * After an Add: if the new capture and the captures open before share no session, asks whether to
	 * analyse the new one alone (closing the others). Captures without any session (not a feed) are let be.
	 */
	private static void checkSameFeed(Path file, List<CaptureFile> before) {
		CaptureSet set = CaptureSet.getDefault();
		CaptureFile added = null;
		for (CaptureFile c : set.captures()) {
			if (!before.contains(c) && c.path().toAbsolutePath().equals(file.toAbsolutePath())) {
				added = c;
			}
		}
		List<CaptureFile> others = set.captures().stream().filter(before::contains).toList();
		if (added == null || others.isEmpty()) {
			return;
		}
		io.feedscope.dissect.FeedDissector dissector = new io.feedscope.dissect.FeedDissector(AnalysisJob.protocols());
		java.util.Set<String> its = sessions(dissector, added);
		java.util.Set<String> open = new java.util.TreeSet<>();
		for (CaptureFile c : others) {
			open.addAll(sessions(dissector, c));
		}
		if (its.isEmpty() || open.isEmpty() || its.stream().anyMatch(open::contains)) {
			return;
		}
		CaptureFile newCapture = added;
		org.eclipse.swt.widgets.Display.getDefault().asyncExec(() -> {
			if (!set.contains(newCapture)) {
				return;
			}
			Shell shell = org.eclipse.ui.PlatformUI.getWorkbench().getActiveWorkbenchWindow() == null ? null
					: org.eclipse.ui.PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
			if (otherFeedQuestion.ask(shell, file.getFileName().toString(), List.copyOf(its),
					List.copyOf(open)) == OtherFeedChoice.ALONE) {
				for (CaptureFile c : set.captures()) {
					if (c != newCapture) {
						set.remove(c);
					}
				}
			}
		});
	}

	/** @return the feed sessions named in the first {@value #SESSION_SAMPLE} frames of a capture */
	static java.util.Set<String> sessions(io.feedscope.dissect.FeedDissector dissector, CaptureFile c) {
		java.util.Set<String> out = new java.util.TreeSet<>();
		int n = Math.min(c.frameCount(), SESSION_SAMPLE);
		for (int f = 1; f <= n; f++) {
			io.feedscope.dissect.FeedPacket p = dissector.dissect(c, f);
			if (p.kind() != io.feedscope.dissect.PacketKind.NOT_FEED && p.hasSession()) {
				String s = p.session().strip();
				if (!s.isEmpty()) {
					out.add(s);
				}
			}
		}
		return out;
	}

	/** Opens (indexes) a capture in a background job and adds it to the {@link CaptureSet}. */
	public static Job openInJob(Path file) {
		return openInJob(file, false);
	}

	/**
	 * Opens (indexes) a capture in a background job and adds it to the {@link CaptureSet}; with
	 * {@code checkSameFeed}, a capture sharing no session with the captures open before is questioned.
	 */
	static Job openInJob(Path file, boolean checkSameFeed) {
		List<CaptureFile> before = CaptureSet.getDefault().captures();
		Job job = new Job("Opening " + file.getFileName()) {
			@Override
			protected IStatus run(IProgressMonitor monitor) {
				IStatus s = open(file, monitor);
				if (checkSameFeed && s.getSeverity() <= IStatus.WARNING) {
					checkSameFeed(file, before);
				}
				return s;
			}

			@Override
			public boolean belongsTo(Object family) {
				return family == JOB_FAMILY;
			}
		};
		job.setUser(true);
		job.addJobChangeListener(new org.eclipse.core.runtime.jobs.JobChangeAdapter() {
			@Override
			public void done(org.eclipse.core.runtime.jobs.IJobChangeEvent e) {
				if (!e.getResult().isOK() && e.getResult().getSeverity() != IStatus.CANCEL) {
					StatusManager.getManager().handle(e.getResult(), StatusManager.LOG | StatusManager.SHOW);
				}
			}
		});
		job.schedule();
		return job;
	}
}
