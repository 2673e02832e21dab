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

	/** Runs the Open Capture command with the file chooser answering {@code file}; waits for the jobs. */
	static void open(Path file, long timeoutMs) throws Exception {
		OpenCaptureHandler.chooser = shell -> List.of(file);
		try {
			PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(OpenCaptureHandler.COMMAND_ID,
					null);
		} finally {
			OpenCaptureHandler.chooser = OpenCaptureHandler.NATIVE_DIALOG;
		}
		waitForAnalysis(timeoutMs);
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

	/** Closes every capture and waits for the views to show the empty model. */
	static void closeAll() {
		CaptureSet.getDefault().clear();
		waitUntil("the empty model", 10_000, () -> FeedModel.getDefault().captures().isEmpty());
		flush();
	}
}
