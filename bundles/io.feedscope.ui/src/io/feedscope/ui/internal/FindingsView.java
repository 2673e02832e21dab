package io.feedscope.ui.internal;

import java.time.Instant;
import java.util.function.Function;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.Signals;

/**
 * Every finding of the analysis, worst first as the analysis sorted them. Double-click (or Enter) selects
 * the finding's first frame and sets the window to its time range, padded so the context shows.
 */
public class FindingsView extends ViewPart {

	public static final String ID = "io.feedscope.ui.views.findings";
	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
	/** Padding around a finding's time range: at least this, or half the range. */
	static final long MIN_PAD_NANOS = 2_000_000L;

	private TableViewer fViewer;
	private final Runnable fModelListener = this::modelChanged;

	@Override
	public void createPartControl(Composite parent) {
		fViewer = new TableViewer(parent, SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
		fViewer.getTable().setHeaderVisible(true);
		fViewer.getTable().setLinesVisible(true);
		fViewer.setContentProvider(ArrayContentProvider.getInstance());
		column("Severity", 70, f -> f.severity().name());
		column("Check", 110, f -> f.checkId().substring(f.checkId().lastIndexOf('.') + 1));
		column("Line", 40, Finding::lineName);
		column("Sequence", 150, f -> f.fromSeq() == Finding.NO_SEQ ? ""
				: f.fromSeq() == f.toSeq() ? Long.toString(f.fromSeq()) : f.fromSeq() + "-" + f.toSeq());
		column("Time", 230, f -> f.startNanos() == 0 ? "" : time(f.startNanos())
				+ (f.endNanos() > f.startNanos() ? " - " + time(f.endNanos()) : ""));
		column("Frames", 120, FindingsView::frames);
		column("Message", 600, Finding::message);
		fViewer.addDoubleClickListener(e -> {
			Object o = ((IStructuredSelection) e.getSelection()).getFirstElement();
			if (o instanceof Finding f) {
				goTo(f);
			}
		});
		FeedModel.addListener(fModelListener);
		PacketTableView.addFileDrop(fViewer.getTable());
		ViewHelp.install(this);
		modelChanged();
	}

	private void column(String title, int width, Function<Finding, String> text) {
		TextColumns.add(fViewer, title, width, Finding.class, text, f -> f.severity() == Severity.ERROR
				? fViewer.getControl().getDisplay().getSystemColor(SWT.COLOR_DARK_RED) : null);
	}

	private static String time(long ns) {
		return TIME.format(Instant.ofEpochSecond(0, ns));
	}

	private static String frames(Finding f) {
		StringBuilder b = new StringBuilder();
		for (long r : f.frames()) {
			b.append(b.isEmpty() ? "" : ", ").append(Finding.refCapture(r) > 0 ? Finding.refCapture(r) + ":" : "")
					.append(Finding.refFrame(r));
		}
		return b.toString();
	}

	private void modelChanged() {
		if (fViewer == null || fViewer.getControl().isDisposed()) {
			return;
		}
		AnalysisResult r = FeedModel.getDefault().result();
		List<Finding> findings = r == null ? List.of() : r.findings();
		fViewer.setInput(findings);
		setContentDescription(r == null ? "No analysis yet" : findings.size() + " findings");
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
		FeedModel.removeListener(fModelListener);
		super.dispose();
	}
}
