package io.feedscope.ui.internal;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchAdvisor;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

/** Opens the Feed Analysis perspective and the captures given on the command line. */
public class ApplicationWorkbenchAdvisor extends WorkbenchAdvisor {

	private final List<String> fFiles;

	public ApplicationWorkbenchAdvisor(List<String> files) {
		fFiles = List.copyOf(files);
	}

	@Override
	public void initialize(IWorkbenchConfigurer configurer) {
		super.initialize(configurer);
		configurer.setSaveAndRestore(false);
		AnalysisJob.install();
		// the protocol descriptions are compiled in the background from the start: no view waits for them
		AnalysisJob.protocolsIfReady(null);
		// names and colours given to captures come back when the same files are opened again
		io.feedscope.ui.CaptureSet.getDefault().setMemory(new CaptureLabels());
	}

	@Override
	public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
		return new ApplicationWorkbenchWindowAdvisor(configurer);
	}

	@Override
	public String getInitialWindowPerspectiveId() {
		return FeedAnalysisPerspective.ID;
	}

	@Override
	public void postStartup() {
		for (String f : fFiles) {
			OpenCaptureHandler.openInJob(Path.of(f));
		}
	}
}
