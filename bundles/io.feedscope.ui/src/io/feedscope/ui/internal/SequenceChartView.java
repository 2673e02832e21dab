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
 * "Go to" rely on. With several sessions the chart starts on the busiest one's range (most packets; its
 * range is also where Home goes) and the view menu's "Session" lists every session with its range to go
 * to; "Show All" shows them all. Malformed frames count for no session's range.
 * <p>
 * <b>Controls.</b> The toolbar zooms in and out, resets (Home) and shows all; the context menu (right
 * click without dragging) also zooms to the selected packet and copies its description. "Show: only N" in
 * the capture set charts that capture's packets and only the overlays of findings about it.
 */
public class SequenceChartView extends ViewPart {

	public static final String ID = "io.feedscope.ui.views.chart";
	/** Window signals from wheel zooming come in bursts; only the last one of each period is sent. */
	static final int THROTTLE_MS = 60;

	private SequenceChart fChart;
	private FeedModel fModel = FeedModel.getDefault();
	/** model chart index of each packet charted, ascending; null when the chart shows the model's packets as they are */
	private int[] fShownPackets;
	/** the display the view was made on: listeners on other threads post to it, never ask the chart for it */
	private org.eclipse.swt.widgets.Display fDisplay;
	private final Runnable fPresentation = () -> {
		if (fChart != null) {
			UiThread.now(fDisplay, () -> {
				if (!fChart.isDisposed()) {
					showCaptures();
				}
			});
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
	/** the sessions charted, busiest first; null before the first model */
	private java.util.List<SessionRange> fSessions = java.util.List.of();

	/**
	 * One session's packets on the chart.
	 *
	 * @param name     the session as the table shows it
	 * @param packets  packets charted (malformed ones not counted)
	 * @param window   the session's time and sequence range, padded as the chart pads its extent
	 */
	record SessionRange(String name, int packets, ChartWindow window) {
	}
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
		if (fChart != null) {
			UiThread.async(fDisplay, () -> {
				if (!fChart.isDisposed()) {
					applyColours();
					applyTimeFormat();
				}
			});
		}
	};

	@Override
	public void createPartControl(Composite parent) {
		fDisplay = parent.getDisplay();
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
		createSessionMenu();
		createToolbarAndContextMenu();
		modelChanged();
	}

	static final String ZOOM_IN = "io.feedscope.ui.chart.zoomIn", ZOOM_OUT = "io.feedscope.ui.chart.zoomOut",
			RESET = "io.feedscope.ui.chart.reset", SHOW_ALL = "io.feedscope.ui.chart.showAll",
			ZOOM_SELECTION = "io.feedscope.ui.chart.zoomSelection", COPY = "io.feedscope.ui.chart.copy";

	private org.eclipse.jface.action.Action action(String id, String text, String tip, Runnable run) {
		org.eclipse.jface.action.Action a = new org.eclipse.jface.action.Action(text) {
			@Override
			public void run() {
				run.run();
			}
		};
		a.setId(id);
		a.setToolTipText(tip);
		return a;
	}

	private void createToolbarAndContextMenu() {
		org.eclipse.jface.action.Action in = action(ZOOM_IN, "Zoom &In", "Zoom in (+)", () -> fChart.zoomIn());
		org.eclipse.jface.action.Action out = action(ZOOM_OUT, "Zoom &Out", "Zoom out (-)", () -> fChart.zoomOut());
		org.eclipse.jface.action.Action reset = action(RESET, "&Reset Zoom",
				"Back to the start: the busiest session's range (Home)", () -> fChart.reset());
		org.eclipse.jface.action.Action all = action(SHOW_ALL, "Show &All", "Every packet of every session",
				() -> fChart.showAll());
		org.eclipse.jface.action.IToolBarManager bar = getViewSite().getActionBars().getToolBarManager();
		bar.add(in);
		bar.add(out);
		bar.add(reset);
		bar.add(all);
		getViewSite().getActionBars().updateActionBars();
		org.eclipse.jface.action.MenuManager menu = new org.eclipse.jface.action.MenuManager();
		menu.add(action(ZOOM_SELECTION, "&Zoom to Selected Packet", null, () -> fChart.zoomToSelection()));
		menu.add(in);
		menu.add(out);
		menu.add(reset);
		menu.add(all);
		menu.add(new org.eclipse.jface.action.Separator());
		menu.add(action(COPY, "&Copy Packet Description", null, this::copy));
		// the selected packet (and its context) to Wireshark (issue 12)
		io.feedscope.ui.internal.wireshark.WiresharkMenu.addTo(menu, () -> io.feedscope.ui.internal.wireshark.WiresharkMenu
				.pick(fChart.getSelection() < 0 ? java.util.List.of() : java.util.List.of(frameOfPacket(fChart.getSelection()))));
		fChart.setMenu(menu.createContextMenu(fChart));
		menu.addMenuListener(m -> {
			for (org.eclipse.jface.action.IContributionItem i : m.getItems()) {
				if (i instanceof org.eclipse.jface.action.ActionContributionItem a
						&& (ZOOM_SELECTION.equals(a.getId()) || COPY.equals(a.getId()))) {
					a.getAction().setEnabled(fChart.getSelection() >= 0);
				}
			}
		});
	}

	/** @return what Copy puts on the clipboard: the selected packet's description, as the readout shows it */
	String copyText() {
		return fChart.describePacket(fChart.getSelection());
	}

	private void copy() {
		String text = copyText();
		if (text.isEmpty()) {
			return;
		}
		org.eclipse.swt.dnd.Clipboard cb = new org.eclipse.swt.dnd.Clipboard(fChart.getDisplay());
		try {
			cb.setContents(new Object[] { text },
					new org.eclipse.swt.dnd.Transfer[] { org.eclipse.swt.dnd.TextTransfer.getInstance() });
		} finally {
			cb.dispose();
		}
	}

	private void createSessionMenu() {
		org.eclipse.jface.action.MenuManager sessions = new org.eclipse.jface.action.MenuManager("Session", "sessions");
		sessions.setRemoveAllWhenShown(true);
		sessions.addMenuListener(m -> {
			for (SessionRange r : fSessions) {
				m.add(new org.eclipse.jface.action.Action(r.name() + "  (" + r.packets() + " packets, seq "
						+ r.window().firstSeq() + "\u2013" + r.window().endSeq() + ")") {
					@Override
					public void run() {
						showSession(r);
					}
				});
			}
		});
		sessions.add(new org.eclipse.jface.action.Separator());
		getViewSite().getActionBars().getMenuManager().add(sessions);
	}

	/** Shows one session's range and tells the other views, as a zoom would. */
	void showSession(SessionRange r) {
		ChartWindow w = r.window();
		fChart.setWindow(w.startNanos(), w.endNanos(), w.firstSeq(), w.endSeq());
		Signals.getDefault().changeWindow(w.startNanos(), w.endNanos(), this);
	}

	/** @return the charted sessions, busiest first */
	java.util.List<SessionRange> sessions() {
		return fSessions;
	}

	/**
	 * The charted packets' sessions with their ranges, busiest (most packets) first. Malformed packets are
	 * left out: their sequence is a damaged header's claim.
	 */
	private java.util.List<SessionRange> sessionRanges(ChartData d) {
		java.util.Map<String, long[]> by = new java.util.LinkedHashMap<>(); // packets, t0, t1, s0, s1
		for (int i = 0; i < d.size(); i++) {
			if (d.kind(i) == io.feedscope.dissect.PacketKind.MALFORMED) {
				continue;
			}
			long id = d.frameIdOf(i);
			String s = fModel.session(new FrameRef(ChartData.captureIndexOf(id), ChartData.frameOf(id)));
			long[] r = by.computeIfAbsent(s, k -> new long[] { 0, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE,
					Long.MIN_VALUE });
			r[0]++;
			r[1] = Math.min(r[1], d.time(i));
			r[2] = Math.max(r[2], d.time(i));
			r[3] = Math.min(r[3], d.firstSeq(i));
			r[4] = Math.max(r[4], d.endSeq(i));
		}
		java.util.List<SessionRange> out = new java.util.ArrayList<>();
		by.forEach((name, r) -> {
			long tPad = Math.max(1_000, (r[2] - r[1]) / 50);
			long s1 = Math.max(r[4], r[3] + 1);
			long sPad = Math.max(2, (s1 - r[3]) / 30);
			out.add(new SessionRange(name.isEmpty() ? "(no session)" : name, (int) r[0],
					new ChartWindow(r[1] - tPad, r[2] + tPad, Math.max(0, r[3] - sPad), s1 + sPad)));
		});
		out.sort(java.util.Comparator.comparingInt(SessionRange::packets).reversed());
		return out;
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

	/** The preference's time format, as the table, the findings and the capture set have it. */
	private void applyTimeFormat() {
		String format = TimeDisplay.format();
		fChart.setTimeOrigin(FeedScopePreferences.TIME_RELATIVE.equals(format) ? TimeDisplay.origin()
				: FeedScopePreferences.TIME_EPOCH.equals(format) ? 0 : Long.MIN_VALUE);
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
		int only = fShownCapture;
		// "Show: only N": the bands and shading of findings about that capture only
		ChartOverlays overlays = ChartOverlayBuilder.build(fModel, f -> only < 0 || FindingsView.about(f, only));
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
					.toList(), overlays.highlights(), overlays.glyphs());
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
					.toList(), overlays.glyphs());
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
		fChart.setCaptureNumbers(fModel.captures().size() > 1);
		applyTimeFormat(); // relative times count from the capture set's first frame, which may have changed
		// several sessions: start on the busiest one's range (a second feed far away, or a damaged header,
		// must not flatten the feed the user came for); Home comes back to it
		fSessions = sessionRanges(fChart.getChartData());
		fChart.setHomeWindow(fSessions.size() > 1 ? fSessions.get(0).window() : null);
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
