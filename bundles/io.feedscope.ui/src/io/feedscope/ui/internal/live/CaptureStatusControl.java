package io.feedscope.ui.internal.live;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.menus.WorkbenchWindowControlContribution;

import io.feedscope.capture.live.CaptureStatus;

/**
 * The status bar's live capture field: packets, packets/s and drops as the capture process (dumpcap or the
 * pcap4j one) reported them so far.
 */
public final class CaptureStatusControl extends WorkbenchWindowControlContribution {
	private @org.eclipse.jdt.annotation.Nullable Label fLabel;
	private final Runnable fListener = this::update;

	public CaptureStatusControl() {
		super("io.feedscope.ui.live.status");
	}

	@Override
	protected Control createControl(Composite parent) {
		Label label = new Label(parent, SWT.NONE);
		label.setText(" ".repeat(60));
		fLabel = label;
		LiveCaptureController.getDefault().addListener(fListener);
		label.addDisposeListener(e -> LiveCaptureController.getDefault().removeListener(fListener));
		update();
		return label;
	}

	@Override
	public void update() {
		Label l = fLabel;
		if (l == null || l.isDisposed()) {
			return;
		}
		CaptureStatus s = LiveCaptureController.getDefault().status();
		String text = s == null ? "" : "Capture: " + s.text();
		if (s != null && s.error() != null) {
			text += " - " + s.error();
		}
		l.setText(text);
		l.setToolTipText(text);
		l.getParent().layout(true);
	}

	/** For tests: what the field shows. */
	public static String text(Control c) {
		return c instanceof Label l ? l.getText() : "";
	}
}
