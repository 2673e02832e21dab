package io.feedscope.ui.internal;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.resource.StringConverter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.part.ViewPart;

import io.feedscope.ui.CaptureSet;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.Signals;
import io.feedscope.ui.chart.ChartData;
import io.feedscope.ui.chart.ChartOverlays;
import io.feedscope.ui.chart.ChartWindow;
import io.feedscope.ui.chart.SequenceChart;

/**
 * The sequence chart over the analysed capture set: every feed packet as a mark at (capture time, message
 * sequence), lines A and B in their colours, the findings drawn over them. Sends and follows the selection
 * signal (a packet) and the window signal (what is on screen), which are kept apart.
 * <p>
 * <b>Capture set.</b> With several captures (tap points) the chart shows what the {@link CaptureSet} shows:
 * the packets of all captures on one axis (merged, as the analysis saw them), or those of one capture. For
 * one capture the view charts a copy of the model's packets of that capture and maps packet indices between
 * the two, so selection and highlights keep working. "Colour Marks by Capture" (view menu) colours the
 * merged marks by tap point instead of by line, in the capture set's colours with the captures' names in
 * the legend: which site saw what. The bands that name a line (gaps of one line, B first) are drawn neutral
 * then, since their line is no longer a colour on the chart.
 * <p>
 * <b>Sessions.</b> Every MoldUDP64 session of the captures is charted, all on the one sequence axis: a
 * session change in a day (or a second feed in the capture) shows as a second run of marks at its own
 * sequence numbers, as Wireshark's I/O and flow graphs plot every stream of a capture at once. Stacking
 * sessions with invented y offsets would make the axis lie about sequence numbers, which the gap bands and
 * "Go to" rely on; the user zooms (box, wheel) into the session of interest instead.
 */
public class SequenceChartView extends ViewPart {

	public static final String ID = "io.feedscope.ui.views.chart";
	/** Window signals from wheel zooming come in bursts; only the last one of each period is sent. */
	static final int THROTTLE_MS = 60;

	private SequenceChart fChart;
	private FeedModel fModel = FeedModel.getDefault();
	/** model chart index of each packet charted, ascending; null when the chart shows the model's packets as they are */
	private int[] fShownPackets;
	private final Runnable fPresentation = () -> {
		if (fChart != null && !fChart.isDisposed()) {
			if (org.eclipse.swt.widgets.Display.getCurrent() != null) {
				showCaptures();
			} else {
				fChart.getDisplay().asyncExec(() -> showCaptures());
			}
		}
	};
	private int fShownCapture = CaptureSet.MERGED;
	/** marks coloured by capture instead of by line (merged captures only) */
	private boolean fByCapture;
	/** the chart's own colours of lines C and beyond, restored when marks go back to line colours */
	private RGB[] fDefaultColours = new RGB[0];
	/** true while the chart holds the by-capture copy of the packets */
	private boolean fChartedByCapture;
	static final String BY_CAPTURE_KEY = "chartColourByCapture";
	static final String BY_CAPTURE_ACTION = "io.feedscope.ui.chart.colourByCapture";
	private ChartWindow fPendingWindow;
	private final Runnable fModelListener = this::modelChanged;
	private final Signals.SelectionListener fFollowSelection = (ref, source) -> {
		if (source != this && fChart != null && !fChart.isDisposed()) {
			fChart.select(chartIndex(ref));
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
		fDefaultColours = new RGB[ChartData.MAX_LINES];
		for (int i = 0; i < fDefaultColours.length; i++) {
			fDefaultColours[i] = fChart.getLineColor(i);
		}
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
		CaptureSet.getDefault().addPresentationListener(fPresentation);
		Signals.getDefault().addSelectionListener(fFollowSelection);
		Signals.getDefault().addWindowListener(fFollowWindow);
		InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID).addPreferenceChangeListener(fPrefs);
		PacketTableView.addFileDrop(fChart);
		ViewHelp.install(this);
		fByCapture = InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID).getBoolean(BY_CAPTURE_KEY, false);
		org.eclipse.jface.action.Action byCapture = new org.eclipse.jface.action.Action("Colour Marks by Capture",
				org.eclipse.jface.action.IAction.AS_CHECK_BOX) {
			@Override
			public void run() {
				setColourByCapture(isChecked());
			}
		};
		byCapture.setId(BY_CAPTURE_ACTION);
		byCapture.setChecked(fByCapture);
		getViewSite().getActionBars().getMenuManager().add(byCapture);
		modelChanged();
	}

	/** Colours the merged marks by capture (true) or by line (false); remembered in the preferences. */
	void setColourByCapture(boolean on) {
		fByCapture = on;
		IEclipsePreferences node = InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID);
		node.putBoolean(BY_CAPTURE_KEY, on);
		try {
			node.flush();
		} catch (org.osgi.service.prefs.BackingStoreException e) {
			// a view setting: losing it is not worth a message
		}
		int selected = fChart.getSelection();
		FrameRef ref = selected >= 0 ? frameOfPacket(selected) : null;
		ChartWindow w = fChart.getWindow();
		modelChanged();
		fChart.setWindow(w.startNanos(), w.endNanos(), w.firstSeq(), w.endSeq());
		if (ref != null) {
			fChart.select(chartIndex(ref));
		}
	}

	/** @return true while the chart's marks are coloured by capture */
	boolean chartedByCapture() {
		return fChartedByCapture;
	}

	private void applyColours() {
		if (fChartedByCapture) {
			// series = capture index; the capture set's colours and names (they may change at any time)
			java.util.List<io.feedscope.capture.CaptureFile> captures = fModel.captures();
			String[] names = new String[captures.size()];
			for (int c = 0; c < captures.size(); c++) {
				fChart.setLineColor(c, CaptureSet.getDefault().colour(captures.get(c)));
				names[c] = CaptureSet.getDefault().name(captures.get(c));
			}
			fChart.setLineNames(names);
			fChart.setPlainSeriesNames(true);
		} else {
			fChart.setPlainSeriesNames(false);
			for (int i = 2; i < fDefaultColours.length; i++) {
				fChart.setLineColor(i, fDefaultColours[i]); // what the capture colours may have replaced
			}
			fChart.setLineColor(0, colour(FeedScopePreferences.LINE_A_COLOR, new RGB(70, 130, 220)));
			fChart.setLineColor(1, colour(FeedScopePreferences.LINE_B_COLOR, new RGB(240, 140, 30)));
		}
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
		fShownCapture = shownCapture();
		ChartOverlays overlays = ChartOverlayBuilder.build(fModel);
		boolean byCapture = fByCapture && fShownCapture < 0 && fModel.captures().size() > 1
				&& fModel.captures().size() <= ChartData.MAX_LINES;
		if (fShownCapture < 0 && byCapture) {
			// the same packets in the same order (indices map one to one), each on its capture's series
			ChartData all = fModel.chart();
			ChartData copy = new ChartData(all.size());
			for (int i = 0; i < all.size(); i++) {
				long id = all.frameIdOf(i);
				copy.append(all.time(i), all.firstSeq(i), all.count(i), ChartData.captureIndexOf(id), all.kind(i), id);
			}
			fShownPackets = null;
			fChart.setChartData(copy);
			overlays = new ChartOverlays(overlays.seqBands().stream()
					.map(b -> b.line() < 0 ? b : new ChartOverlays.SeqBand(b.firstSeq(), b.endSeq(), b.kind(), -1, b.label()))
					.toList(), overlays.timeBands().stream()
					.map(b -> b.line() < 0 ? b : new ChartOverlays.TimeBand(b.startNanos(), b.endNanos(), -1, b.label()))
					.toList(), overlays.highlights());
		} else if (fShownCapture < 0) {
			fShownPackets = null;
			fChart.setChartData(fModel.chart());
		} else {
			ChartData all = fModel.chart();
			ChartData one = new ChartData(all.size() / Math.max(1, fModel.captures().size()));
			int[] shown = new int[all.size()];
			int n = 0;
			for (int i = 0; i < all.size(); i++) {
				long id = all.frameIdOf(i);
				if (ChartData.captureIndexOf(id) == fShownCapture) {
					one.append(all.time(i), all.firstSeq(i), all.count(i), all.line(i), all.kind(i), id);
					shown[n++] = i;
				}
			}
			fShownPackets = java.util.Arrays.copyOf(shown, n);
			fChart.setChartData(one);
			overlays = new ChartOverlays(overlays.seqBands(), overlays.timeBands(), overlays.highlights().stream()
					.filter(h -> shownIndex(h.packetIndex()) >= 0)
					.map(h -> new ChartOverlays.PacketHighlight(shownIndex(h.packetIndex()), h.severity(), h.category()))
					.toList());
		}
		String[] names = fModel.lineNames();
		String[] withRetrans = java.util.Arrays.copyOf(names, Math.max(2, names.length) + 1);
		for (int i = 0; i < withRetrans.length - 1; i++) {
			if (withRetrans[i] == null) {
				withRetrans[i] = String.valueOf((char) ('A' + i));
			}
		}
		withRetrans[withRetrans.length - 1] = "re-request";
		boolean wasByCapture = fChartedByCapture;
		fChartedByCapture = byCapture;
		if (byCapture || wasByCapture) {
			applyColours(); // capture colours and names, or the lines' back
		}
		if (!byCapture) {
			fChart.setLineNames(withRetrans);
		}
		fChart.setOverlays(overlays);
		fChart.resetWindow();
		setContentDescription(fModel.captures().isEmpty() ? "No capture analysed"
				: fChart.getChartData().size() + " feed packets" + (fShownCapture < 0 ? ""
						: " of " + CaptureSet.getDefault().name(fModel.captures().get(fShownCapture))));
	}

	/** @return the capture the chart shows (an index in the model's captures), or {@link CaptureSet#MERGED} */
	private int shownCapture() {
		int shown = CaptureSet.getDefault().shown();
		// the model may lag the set (analysis running): show one capture only if the model has that one
		return shown >= 0 && fModel.covers(CaptureSet.getDefault().captures()) && fModel.captures().size() > 1 ? shown
				: CaptureSet.MERGED;
	}

	/** The capture set's shown capture changed (or a name): chart again if the packets differ. */
	private void showCaptures() {
		if (fChart.isDisposed()) {
			return;
		}
		if (shownCapture() != fShownCapture) {
			int selected = fChart.getSelection();
			FrameRef ref = selected >= 0 ? frameOfPacket(selected) : null;
			modelChanged();
			if (ref != null) {
				fChart.select(chartIndex(ref));
			}
		} else if (fShownCapture >= 0) {
			modelChangedDescription();
		}
		if (fChartedByCapture) {
			applyColours();
		}
	}

	private void modelChangedDescription() {
		setContentDescription(fChart.getChartData().size() + " feed packets of "
				+ CaptureSet.getDefault().name(fModel.captures().get(fShownCapture)));
	}

	/** @return the charted index of a model chart index, -1 if not charted */
	private int shownIndex(int modelIndex) {
		if (fShownPackets == null || modelIndex < 0) {
			return modelIndex;
		}
		int i = java.util.Arrays.binarySearch(fShownPackets, modelIndex);
		return i >= 0 ? i : -1;
	}

	/** @return the charted packet of a frame, -1 if the chart does not show it */
	int chartIndex(FrameRef ref) {
		return shownIndex(fModel.chartIndex(ref));
	}

	private FrameRef frameOfPacket(int chartIndex) {
		long id = fChart.getChartData().frameIdOf(chartIndex);
		return new FrameRef(ChartData.captureIndexOf(id), ChartData.frameOf(id));
	}

	/** Shows capture time [start, end], with the sequence range of the packets in it (padded). */
	void followWindow(long start, long end) {
		ChartData d = fChart.getChartData();
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
		CaptureSet.getDefault().removePresentationListener(fPresentation);
		Signals.getDefault().removeSelectionListener(fFollowSelection);
		Signals.getDefault().removeWindowListener(fFollowWindow);
		InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID).removePreferenceChangeListener(fPrefs);
		super.dispose();
	}
}
