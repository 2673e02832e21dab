package io.feedscope.ui.internal;

import static io.feedscope.ui.tests.UiTestSupport.flush;
import static io.feedscope.ui.tests.UiTestSupport.waitUntil;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;

import io.feedscope.capture.CaptureFile;
import io.feedscope.ui.CaptureSet;
import io.feedscope.ui.FeedModel;

/** Opens a capture in the running workbench as a user would (File > Open Capture) and waits for the analysis. */
final class IncidentWorkbench {

	private IncidentWorkbench() {
	}

	static IWorkbenchPage page() {
		return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
	}

	/**
	 * Runs the Open Capture command with the file chooser answering {@code file} (the open captures are
	 * closed: Open replaces the capture set); waits for the jobs.
	 */
	static void open(Path file, long timeoutMs) throws Exception {
		run(OpenCaptureHandler.COMMAND_ID, file, timeoutMs);
	}

	/** Questions about added captures of another feed, as the Add command asked them: "file: its / open". */
	static final List<String> OTHER_FEED_QUESTIONS = new java.util.concurrent.CopyOnWriteArrayList<>();

	/**
	 * Runs the Add Capture command (another tap point) with the file chooser answering {@code file}; waits for
	 * the jobs. Should the file be of another feed, the question is recorded and answered "keep together".
	 */
	static void add(Path file, long timeoutMs) throws Exception {
		OpenCaptureHandler.otherFeedQuestion = (shell, name, its, open) -> {
			OTHER_FEED_QUESTIONS.add(name + ": " + its + " / " + open);
			return OpenCaptureHandler.OtherFeedChoice.TOGETHER;
		};
		run(OpenCaptureHandler.ADD_COMMAND_ID, file, timeoutMs);
	}

	private static void run(String command, Path file, long timeoutMs) throws Exception {
		OpenCaptureHandler.chooser = shell -> List.of(file);
		try {
			PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(command, null);
		} finally {
			OpenCaptureHandler.chooser = OpenCaptureHandler.NATIVE_DIALOG;
		}
		waitForAnalysis(timeoutMs);
		settle(); // a question about another feed comes with asyncExec after the open job
	}

	static void waitForAnalysis(long timeoutMs) {
		waitUntil("the capture opened and analysed", timeoutMs, () -> {
			List<CaptureFile> open = CaptureSet.getDefault().captures();
			return !open.isEmpty() && FeedModel.getDefault().covers(open) && FeedModel.getDefault().result() != null
					&& Job.getJobManager().find(AnalysisJob.FAMILY).length == 0
					&& Job.getJobManager().find(OpenCaptureHandler.JOB_FAMILY).length == 0;
		});
		settle();
	}

	/** Runs the event loop for a moment, so throttled signals (timerExec) of earlier events have fired. */
	static void settle() {
		long end = System.currentTimeMillis() + 300;
		while (System.currentTimeMillis() < end) {
			flush();
			try {
				Thread.sleep(10);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Closes every capture and waits for the views to show the empty model. Opening and analysis jobs still
	 * running are waited for first: one finishing after the close would add its capture back, and the next
	 * test would not start from an empty workbench.
	 */
	static void closeAll() {
		waitUntil("no capture being opened or analysed", 60_000,
				() -> Job.getJobManager().find(OpenCaptureHandler.JOB_FAMILY).length == 0
						&& Job.getJobManager().find(AnalysisJob.FAMILY).length == 0);
		CaptureSet.getDefault().clear();
		waitUntil("the empty model", 10_000, () -> FeedModel.getDefault().captures().isEmpty());
		flush();
	}
}
