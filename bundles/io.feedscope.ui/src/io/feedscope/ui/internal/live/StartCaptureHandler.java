package io.feedscope.ui.internal.live;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;

import io.feedscope.capture.live.CaptureException;
import io.feedscope.capture.live.CaptureService;
import io.feedscope.capture.live.CaptureSpec;

/** Capture &gt; Start...: the dialog, then the capture; failures are said in a dialog, never as a stack trace. */
public final class StartCaptureHandler extends AbstractHandler {

	@Override
	public @Nullable Object execute(ExecutionEvent event) {
		Shell shell = HandlerUtil.getActiveShell(event);
		CaptureService service;
		try {
			service = LiveCaptureController.service();
		} catch (CaptureException e) {
			MessageDialog.openError(shell, "Start Capture", e.getMessage());
			return null;
		}
		StartCaptureDialog dialog = new StartCaptureDialog(shell, service);
		if (dialog.open() != Window.OK) {
			return null;
		}
		CaptureSpec spec = dialog.spec();
		if (spec == null) {
			return null;
		}
		try {
			LiveCaptureController.getDefault().start(spec);
		} catch (CaptureException e) {
			MessageDialog.openError(shell, "Start Capture", e.getMessage());
		}
		return null;
	}

	@Override
	public boolean isEnabled() {
		return !LiveCaptureController.getDefault().isRunning();
	}
}
