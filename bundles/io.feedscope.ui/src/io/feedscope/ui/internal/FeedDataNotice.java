package io.feedscope.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.osgi.service.prefs.BackingStoreException;

import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.FeedDataHint;
import io.feedscope.capture.CaptureFile;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.ui.FeedModel;

/**
 * The notice above the packet table when the open captures hold no feed data: what the command line's
 * {@code decode}/{@code analyze} say on standard error ({@link FeedDataHint}: which UDP destinations were there,
 * why the framing heuristics declined them, which binding would decode them), with a "Decode As..." button that
 * opens the bindings (the preference the analysis and the table dissect with) with the suggested ones added,
 * as Wireshark's Decode As does. Saving them re-dissects: the analysis runs again on a change of the bindings.
 * <p>
 * The hint reads the captures once (frame headers), so it is computed in a job after the analysis found
 * nothing, never on the UI thread.
 */
final class FeedDataNotice {

	/** Job family, for tests. */
	static final Object FAMILY = FeedDataNotice.class;

	private final Composite fBar;
	private final GridData fData;
	private final Label fText;
	private final Button fDecodeAs;
	private @Nullable FeedDataHint fHint;
	private @Nullable FeedModel fFor;
	private @Nullable Job fJob;

	/**
	 * @param parent a composite with a GridLayout
	 * @param columns the layout's columns: the notice spans them all
	 */
	FeedDataNotice(Composite parent, int columns) {
		fBar = new Composite(parent, SWT.NONE);
		GridLayout l = new GridLayout(2, false);
		l.marginHeight = 3;
		fBar.setLayout(l);
		fData = new GridData(SWT.FILL, SWT.CENTER, true, false, columns, 1);
		fBar.setLayoutData(fData);
		fBar.setBackground(parent.getDisplay().getSystemColor(SWT.COLOR_INFO_BACKGROUND));
		fText = new Label(fBar, SWT.WRAP);
		fText.setBackground(fBar.getBackground());
		fText.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_INFO_FOREGROUND));
		GridData td = new GridData(SWT.FILL, SWT.CENTER, true, false);
		td.widthHint = 400; // wraps with the view's width instead of widening it
		fText.setLayoutData(td);
		fDecodeAs = new Button(fBar, SWT.PUSH);
		fDecodeAs.setText("Decode As...");
		fDecodeAs.addListener(SWT.Selection, e -> decodeAs());
		setVisible(false);
	}

	/** Called on the UI thread when the analysis published a model: shows or hides the notice. */
	void modelChanged() {
		FeedModel model = FeedModel.getDefault();
		if (model == fFor) {
			return;
		}
		fFor = model;
		Job running = fJob;
		if (running != null) {
			running.cancel();
		}
		AnalysisResult result = model.result();
		List<CaptureFile> captures = model.captures();
		if (result == null || captures.isEmpty() || !result.sessions().isEmpty()) {
			show(null);
			return;
		}
		ProtocolSet protocols = AnalysisJob.protocols();
		Job job = new Job("Looking for feed data") {
			@Override
			protected IStatus run(IProgressMonitor monitor) {
				FeedDataHint hint;
				try {
					hint = FeedDataHint.of(captures, protocols, String.valueOf(protocols.defaultFraming()));
				} catch (RuntimeException e) {
					return Status.CANCEL_STATUS; // a capture closed meanwhile: the next model says again
				}
				if (!monitor.isCanceled() && !fBar.isDisposed()) {
					fBar.getDisplay().asyncExec(() -> {
						if (!fBar.isDisposed() && fFor == model) {
							show(hint);
						}
					});
				}
				return Status.OK_STATUS;
			}

			@Override
			public boolean belongsTo(Object family) {
				return family == FAMILY;
			}
		};
		job.setSystem(true);
		fJob = job;
		job.schedule();
	}

	private void show(@Nullable FeedDataHint hint) {
		fHint = hint;
		if (hint != null) {
			fText.setText("No feed data: " + hint.text());
			fDecodeAs.setEnabled(!hint.bindings().isEmpty());
		}
		setVisible(hint != null);
	}

	private void setVisible(boolean visible) {
		if (fBar.isDisposed() || fBar.getVisible() == visible && fData.exclude == !visible) {
			return;
		}
		fBar.setVisible(visible);
		fData.exclude = !visible;
		fBar.getParent().layout(true, true);
	}

	/** @return the text shown, empty when the notice is hidden */
	String text() {
		return fBar.isDisposed() || !fBar.getVisible() ? "" : fText.getText();
	}

	/** @return the bindings the notice suggests, empty when hidden or when binding would not help */
	List<String> suggested() {
		FeedDataHint h = fHint;
		List<String> out = new ArrayList<>();
		if (h != null && fBar.getVisible()) {
			String framing = String.valueOf(AnalysisJob.protocols().defaultFraming());
			for (String b : h.bindings()) {
				out.add(b + "," + framing); // as tshark -d names it: udp.port==0,moldudp64
			}
		}
		return out;
	}

	/** @return the bindings text with the suggested bindings added (each once) */
	static String withSuggested(String current, List<String> suggested) {
		StringBuilder b = new StringBuilder(current.strip());
		for (String s : suggested) {
			if (!current.contains(s)) {
				b.append(b.length() == 0 ? "" : "; ").append(s);
			}
		}
		return b.toString();
	}

	/** Opens the bindings with the suggested ones added; saving them makes the analysis run again. */
	private void decodeAs() {
		InputDialog d = dialog();
		if (d.open() == Window.OK) {
			save(d.getValue());
		}
	}

	/** The Decode As dialog, not yet open (tests press its buttons). */
	InputDialog dialog() {
		String current = InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID).get(FeedScopePreferences.BINDINGS, "");
		return new InputDialog(fBar.getShell(), "Decode As",
				"Bindings the packets are dissected with, as tshark -d or --bind writes them (udp.port==N,FRAMING or "
						+ "ip.dst==CIDR,FRAMING), separated by ';'. The suggested ones are added; OK dissects the captures again.",
				withSuggested(current, suggested()), text -> {
					List<String> errors = new ArrayList<>();
					AnalysisJob.parseBindings(text, errors);
					return errors.isEmpty() ? null : String.join("; ", errors);
				});
	}

	/** Saves the bindings preference: the analysis (and with it the table) dissects again with them. */
	static void save(String bindings) {
		var node = InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID);
		node.put(FeedScopePreferences.BINDINGS, bindings);
		try {
			node.flush();
		} catch (BackingStoreException e) {
			// kept for this session; the preference page says the same when it cannot store
		}
	}
}
