package io.feedscope.ui.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;

import io.feedscope.analysis.CheckRegistry;

/**
 * The contributed checks the registry left out (a bad {@code roles=}, a class that does not load, an id
 * contributed twice): the analysis runs without them, so a plug-in's typo would otherwise only show as a
 * check missing from the findings. {@code feedscope analyze} prints them as warnings; the workbench puts them
 * in the platform log (each once a session: the registry is read again at every analysis) and on the Checks
 * preference page.
 */
final class LeftOutChecks {

	private static final Set<String> sLogged = ConcurrentHashMap.newKeySet();

	private LeftOutChecks() {
	}

	/**
	 * @param registry the checks as just loaded
	 * @return its problems, one sentence each; those not logged before in this session are logged as warnings
	 */
	static List<String> log(CheckRegistry registry) {
		for (String p : registry.problems()) {
			if (sLogged.add(p)) {
				Platform.getLog(LeftOutChecks.class).log(new Status(IStatus.WARNING, OpenCaptureHandler.PLUGIN_ID,
						"a contributed check was left out: " + p));
			}
		}
		return registry.problems();
	}
}
