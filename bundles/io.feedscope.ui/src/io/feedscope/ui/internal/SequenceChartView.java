package io.feedscope.ui.internal;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.resource.StringConverter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.part.ViewPart;

import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.Signals;
import io.feedscope.ui.chart.ChartData;
import io.feedscope.ui.chart.ChartWindow;
import io.feedscope.ui.chart.SequenceChart;

/**
 * The sequence chart over the analysed capture set: every feed packet as a mark at (capture time, message
 * sequence), lines A and B in their colours, the findings drawn over them. Sends and follows the selection
 * signal (a packet) and the window signal (what is on screen), which are kept apart.
 */
public class SequenceChartView extends ViewPart {

	public static final String ID = "io.feedscope.ui.views.chart";
	/** Window signals from wheel zooming come in bursts; only the last one of each period is sent. */
	static final int THROTTLE_MS = 60;

	private SequenceChart fChart;
	private FeedModel fModel = FeedModel.getDefault();
	private ChartWindow fPendingWindow;
	private final Runnable fModelListener = this::modelChanged;
	private final Signals.SelectionListener fFollowSelection = (ref, source) -> {
		if (source != this && fChart != null && !fChart.isDisposed()) {
			fChart.select(fModel.chartIndex(ref));
		}
	};
	private final Signals.WindowListener fFollowWindow = (start, end, source) -> {
		if (source != this && fChart != null && !fChart.isDisposed()) {
			followWindow(start, end);
		}
	};
	private final IEclipsePreferences.IPreferenceChangeListener fPrefs = e -> {
		if (fChart != null && !fChart.isDisposed()) {
			fChart.getDisplay().asyncExec(() -> {
				if (!fChart.isDisposed()) {
					applyColours();
				}
			});
		}
	};

	@Override
	public void createPartControl(Composite parent) {
		fChart = new SequenceChart(parent, SWT.NONE);
		applyColours();
		fChart.addPacketSelectionListener((index, frameId) -> Signals.getDefault()
				.selectFrame(new FrameRef(ChartData.captureIndexOf(frameId), ChartData.frameOf(frameId)), this));
		fChart.addWindowRangeListener(w -> {
			boolean scheduled = fPendingWindow != null;
			fPendingWindow = w;
			if (!scheduled) {
				fChart.getDisplay().timerExec(THROTTLE_MS, () -> {
					ChartWindow last = fPendingWindow;
					fPendingWindow = null;
					if (last != null && !fChart.isDisposed()) {
						Signals.getDefault().changeWindow(last.startNanos(), last.endNanos(), this);
					}
				});
			}
		});
		FeedModel.addListener(fModelListener);
		Signals.getDefault().addSelectionListener(fFollowSelection);
		Signals.getDefault().addWindowListener(fFollowWindow);
		InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID).addPreferenceChangeListener(fPrefs);
		PacketTableView.addFileDrop(fChart);
		ViewHelp.install(this);
		modelChanged();
	}

	private void applyColours() {
		fChart.setLineColor(0, colour(FeedScopePreferences.LINE_A_COLOR, new RGB(70, 130, 220)));
		fChart.setLineColor(1, colour(FeedScopePreferences.LINE_B_COLOR, new RGB(240, 140, 30)));
		fChart.redraw();
	}

	static RGB colour(String key, RGB fallback) {
		String v = org.eclipse.core.runtime.Platform.getPreferencesService().getString(OpenCaptureHandler.PLUGIN_ID,
				key, "", null);
		try {
			return v.isEmpty() ? fallback : StringConverter.asRGB(v);
		} catch (org.eclipse.jface.resource.DataFormatException e) {
			return fallback;
		}
	}

	private void modelChanged() {
		if (fChart == null || fChart.isDisposed()) {
			return;
		}
		fModel = FeedModel.getDefault();
		fChart.setChartData(fModel.chart());
		String[] names = fModel.lineNames();
		String[] withRetrans = java.util.Arrays.copyOf(names, Math.max(2, names.length) + 1);
		for (int i = 0; i < withRetrans.length - 1; i++) {
			if (withRetrans[i] == null) {
				withRetrans[i] = String.valueOf((char) ('A' + i));
			}
		}
		withRetrans[withRetrans.length - 1] = "re-request";
		fChart.setLineNames(withRetrans);
		fChart.setOverlays(ChartOverlayBuilder.build(fModel));
		fChart.resetWindow();
		setContentDescription(fModel.captures().isEmpty() ? "No capture analysed"
				: fModel.chart().size() + " feed packets");
	}

	/** Shows capture time [start, end], with the sequence range of the packets in it (padded). */
	void followWindow(long start, long end) {
		ChartData d = fModel.chart();
		int size = d.size();
		if (size == 0) {
			return;
		}
		long t0 = start;
		long t1 = Math.max(end, start + 1_000);
		int from = d.lowerBound(t0, size);
		int to = d.upperBound(t1, size);
		long lo = Long.MAX_VALUE;
		long hi = Long.MIN_VALUE;
		for (int i = from; i < to; i++) {
			lo = Math.min(lo, d.firstSeq(i));
			hi = Math.max(hi, d.endSeq(i));
		}
		if (lo > hi) {
			ChartWindow w = fChart.getWindow();
			lo = w.firstSeq();
			hi = w.endSeq();
		}
		long pad = Math.max(2, (hi - lo) / 20);
		fChart.setWindow(t0, t1, lo - pad, Math.max(hi + pad, lo - pad + 4));
	}

	SequenceChart chart() {
		return fChart;
	}

	@Override
	public void setFocus() {
		fChart.setFocus();
	}

	@Override
	public void dispose() {
		FeedModel.removeListener(fModelListener);
		Signals.getDefault().removeSelectionListener(fFollowSelection);
		Signals.getDefault().removeWindowListener(fFollowWindow);
		InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID).removePreferenceChangeListener(fPrefs);
		super.dispose();
	}
}
