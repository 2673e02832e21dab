package io.feedscope.ui.internal;

import java.util.function.Function;
import java.util.List;

import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.part.ViewPart;

import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.Finding;
import io.feedscope.analysis.Severity;
import io.feedscope.ui.CaptureSet;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.Signals;

/**
 * Every finding of the analysis, worst first as the analysis sorted them. Double-click (or Enter) selects
 * the finding's first frame and sets the window to its time range, padded so the context shows.
 * <p>
 * Frames are named as in every view: capture:frame with 1-based capture numbers when several captures are
 * open. When the capture set shows one capture ("Show: only N"), only the findings about that capture are
 * listed (those naming one of its frames; findings naming no frame are about the set and stay). Times are
 * in the preference's format. When an analysis reports errors the view comes to the front.
 */
public class FindingsView extends ViewPart {

	public static final String ID = "io.feedscope.ui.views.findings";
	/**
	 * Columns as Wireshark's Expert Information orders them: severity, then what happened (the message), then
	 * where; the check's id last. The message is what is read, so it is on screen at any window size.
	 */
	static final int COL_SEVERITY = 0, COL_MESSAGE = 1, COL_LINE = 2, COL_SEQUENCE = 3, COL_TIME = 4, COL_FRAMES = 5,
			COL_CHECK = 6;
	/** Padding around a finding's time range: at least this, or half the range. */
	static final long MIN_PAD_NANOS = 2_000_000L;

	private TableViewer fViewer;
	/** the display the view was made on: listeners on other threads post to it, never ask a widget for it */
	private org.eclipse.swt.widgets.Display fDisplay;
	private volatile boolean fDisposed;
	private final Runnable fModelListener = this::modelChanged;
	/** the model whose errors already brought the view forward (once per analysis) */
	private FeedModel fRaisedFor;
	private final Runnable fPresentation = () -> {
		if (!fDisposed) {
			UiThread.async(fDisplay, this::showFindings);
		}
	};
	private final org.eclipse.core.runtime.preferences.IEclipsePreferences.IPreferenceChangeListener fPrefs = e -> {
		if (FeedScopePreferences.TIME_FORMAT.equals(e.getKey()) && !fDisposed) {
			UiThread.async(fDisplay, () -> {
				if (!fViewer.getControl().isDisposed()) {
					fViewer.refresh();
				}
			});
		}
	};

	@Override
	public void createPartControl(Composite parent) {
		fDisplay = parent.getDisplay();
		fViewer = new TableViewer(parent, SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
		fViewer.getTable().setHeaderVisible(true);
		fViewer.getTable().setLinesVisible(true);
		fViewer.setContentProvider(ArrayContentProvider.getInstance());
		column("Severity", 70, f -> f.severity().name());
		column("Message", 600, Finding::message);
		column("Line", 40, Finding::lineName);
		column("Sequence", 150, f -> f.fromSeq() == Finding.NO_SEQ ? ""
				: f.fromSeq() == f.toSeq() ? Long.toString(f.fromSeq()) : f.fromSeq() + "-" + f.toSeq());
		column("Time", 300, f -> f.startNanos() == 0 ? "" : time(f.startNanos())
				+ (f.endNanos() > f.startNanos() ? " - " + time(f.endNanos()) : ""));
		column("Frames", 120, f -> frames(f, FeedModel.getDefault().captures().size() > 1));
		column("Check", 110, f -> f.checkId().substring(f.checkId().lastIndexOf('.') + 1));
		TextColumns.enableToolTips(fViewer); // the whole message, however narrow its column
		fViewer.addDoubleClickListener(e -> {
			Object o = ((IStructuredSelection) e.getSelection()).getFirstElement();
			if (o instanceof Finding f) {
				goTo(f);
			}
		});
		// right-click: the finding's frames (and their context) to Wireshark (issue 12)
		org.eclipse.jface.action.MenuManager context = new org.eclipse.jface.action.MenuManager();
		io.feedscope.ui.internal.wireshark.WiresharkMenu.addTo(context,
				() -> fViewer.getStructuredSelection().getFirstElement() instanceof Finding f
						? io.feedscope.ui.internal.wireshark.WiresharkFrames.Pick.ofFinding(f)
						: io.feedscope.ui.internal.wireshark.WiresharkMenu.pick(List.of()));
		fViewer.getControl().setMenu(context.createContextMenu(fViewer.getControl()));
		FeedModel.addListener(fModelListener);
		CaptureSet.getDefault().addPresentationListener(fPresentation);
		org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID)
				.addPreferenceChangeListener(fPrefs);
		PacketTableView.addFileDrop(fViewer.getTable());
		ViewHelp.install(this);
		modelChanged();
	}

	private void column(String title, int width, Function<Finding, String> text) {
		TextColumns.add(fViewer, title, width, Finding.class, text, f -> f.severity() == Severity.ERROR
				? fViewer.getControl().getDisplay().getSystemColor(SWT.COLOR_DARK_RED) : null);
	}

	private static String time(long ns) {
		return TimeDisplay.time(ns);
	}

	/** @return the finding's frames, "capture:frame" (1-based capture) when several captures are open */
	static String frames(Finding f, boolean severalCaptures) {
		StringBuilder b = new StringBuilder();
		for (long r : f.frames()) {
			b.append(b.isEmpty() ? "" : ", ").append(severalCaptures ? Finding.refCapture(r) + 1 + ":" : "")
					.append(Finding.refFrame(r));
		}
		return b.toString();
	}

	/**
	 * @return whether a finding is about the capture at this index: it names one of its frames, or names no
	 *         frame at all (a finding about the whole set)
	 */
	static boolean about(Finding f, int capture) {
		long[] frames = f.frames();
		if (frames.length == 0) {
			return true;
		}
		for (long r : frames) {
			if (Finding.refCapture(r) == capture) {
				return true;
			}
		}
		return false;
	}

	/** @return the capture the views show alone, as an index in the model's captures; -1 for all */
	static int shownCapture(FeedModel model) {
		int shown = CaptureSet.getDefault().shown();
		return shown >= 0 && model.covers(CaptureSet.getDefault().captures()) && model.captures().size() > 1 ? shown
				: -1;
	}

	private void modelChanged() {
		if (fViewer == null || fViewer.getControl().isDisposed()) {
			return;
		}
		showFindings();
		FeedModel model = FeedModel.getDefault();
		AnalysisResult r = model.result();
		if (r != null && fRaisedFor != model && r.findings().stream().anyMatch(f -> f.severity() == Severity.ERROR)) {
			// errors are what the user opened the capture for: show them, as Wireshark's expert dialog would
			fRaisedFor = model;
			getSite().getPage().bringToTop(this);
		}
	}

	private void showFindings() {
		if (fViewer == null || fViewer.getControl().isDisposed()) {
			return;
		}
		FeedModel model = FeedModel.getDefault();
		AnalysisResult r = model.result();
		List<Finding> all = r == null ? List.of() : r.findings();
		int shown = shownCapture(model);
		List<Finding> findings = shown < 0 ? all : all.stream().filter(f -> about(f, shown)).toList();
		fViewer.setInput(findings);
		if (!findings.isEmpty()) {
			// every column as wide as its widest text: nothing cut off (Time and Message were)
			for (org.eclipse.swt.widgets.TableColumn c : fViewer.getTable().getColumns()) {
				c.pack();
				c.setWidth(c.getWidth() + 12); // GTK's pack leaves no room for the cell's own padding: "..."
			}
		}
		setContentDescription(r == null ? "No analysis yet"
				: findings.size() + " findings" + (shown < 0 ? ""
						: " about " + CaptureSet.getDefault().name(model.captures().get(shown)) + " (of "
								+ all.size() + ")"));
	}

	/** @return the tooltip of a row's cell (tests) */
	@org.eclipse.jdt.annotation.Nullable
	String toolTip(int row, int column) {
		return fViewer.getLabelProvider(column).getToolTipText(fViewer.getElementAt(row));
	}

	/** @return the text of a row's cell as the table shows it (its TableItem) */
	String itemText(int row, int column) {
		return fViewer.getTable().getItem(row).getText(column);
	}

	/** Selects the finding's first frame and shows its time range in the linked views. */
	void goTo(Finding f) {
		long[] frames = f.frames();
		if (f.startNanos() > 0) {
			long end = Math.max(f.endNanos(), f.startNanos());
			long pad = Math.max(MIN_PAD_NANOS, (end - f.startNanos()) / 2);
			Signals.getDefault().changeWindow(f.startNanos() - pad, end + pad, this);
		}
		if (frames.length > 0) {
			Signals.getDefault().selectFrame(new FrameRef(Finding.refCapture(frames[0]), Finding.refFrame(frames[0])),
					this);
		}
	}

	TableViewer viewer() {
		return fViewer;
	}

	@Override
	public void setFocus() {
		fViewer.getControl().setFocus();
	}

	@Override
	public void dispose() {
		fDisposed = true;
		FeedModel.removeListener(fModelListener);
		CaptureSet.getDefault().removePresentationListener(fPresentation);
		org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID)
				.removePreferenceChangeListener(fPrefs);
		super.dispose();
	}
}
