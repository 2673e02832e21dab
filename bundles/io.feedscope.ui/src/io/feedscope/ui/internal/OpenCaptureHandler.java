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
 * File &gt; Open Capture: asks for files (or takes the {@value #PATH_PARAMETER} parameter) and opens
 * each in a job, so indexing a large file never blocks the UI.
 */
public class OpenCaptureHandler extends AbstractHandler {

	public static final String COMMAND_ID = "io.feedscope.ui.commands.openCapture";
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

	@Override
	public Object execute(ExecutionEvent event) {
		String path = event.getParameter(PATH_PARAMETER);
		List<Path> files = path != null ? List.of(Path.of(path)) : chooser.choose(HandlerUtil.getActiveShell(event));
		for (Path f : files) {
			openInJob(f);
		}
		return null;
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

	/** Opens (indexes) a capture in a background job and adds it to the {@link CaptureSet}. */
	public static Job openInJob(Path file) {
		Job job = new Job("Opening " + file.getFileName()) {
			@Override
			protected IStatus run(IProgressMonitor monitor) {
				return open(file, monitor);
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
