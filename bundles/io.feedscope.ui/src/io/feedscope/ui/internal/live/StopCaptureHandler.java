package io.feedscope.ui.internal.live;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jdt.annotation.Nullable;

/** Capture &gt; Stop: dumpcap closes its file, the rest is read, the final analysis runs. */
public final class StopCaptureHandler extends AbstractHandler {

	@Override
	public @Nullable Object execute(ExecutionEvent event) {
		LiveCaptureController.getDefault().stop();
		return null;
	}

	@Override
	public boolean isEnabled() {
		return LiveCaptureController.getDefault().isRunning();
	}
}
