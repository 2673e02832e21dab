package io.feedscope.ui.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.nebula.widgets.nattable.NatTable;
import org.eclipse.nebula.widgets.nattable.config.AbstractRegistryConfiguration;
import org.eclipse.nebula.widgets.nattable.config.CellConfigAttributes;
import org.eclipse.nebula.widgets.nattable.config.DefaultNatTableStyleConfiguration;
import org.eclipse.nebula.widgets.nattable.config.IConfigRegistry;
import org.eclipse.nebula.widgets.nattable.data.IDataProvider;
import org.eclipse.nebula.widgets.nattable.grid.GridRegion;
import org.eclipse.nebula.widgets.nattable.grid.data.DefaultColumnHeaderDataProvider;
import org.eclipse.nebula.widgets.nattable.grid.layer.ColumnHeaderLayer;
import org.eclipse.nebula.widgets.nattable.layer.CompositeLayer;
import org.eclipse.nebula.widgets.nattable.layer.DataLayer;
import org.eclipse.nebula.widgets.nattable.layer.event.RowStructuralRefreshEvent;
import org.eclipse.nebula.widgets.nattable.selection.SelectionLayer;
import org.eclipse.nebula.widgets.nattable.selection.command.SelectRowsCommand;
import org.eclipse.nebula.widgets.nattable.selection.config.RowOnlySelectionBindings;
import org.eclipse.nebula.widgets.nattable.selection.config.RowOnlySelectionConfiguration;
import org.eclipse.nebula.widgets.nattable.selection.event.RowSelectionEvent;
import org.eclipse.nebula.widgets.nattable.style.CellStyleAttributes;
import org.eclipse.nebula.widgets.nattable.style.DisplayMode;
import org.eclipse.nebula.widgets.nattable.style.HorizontalAlignmentEnum;
import org.eclipse.nebula.widgets.nattable.style.Style;
import org.eclipse.nebula.widgets.nattable.viewport.ViewportLayer;
import org.eclipse.nebula.widgets.nattable.viewport.command.ShowRowInViewportCommand;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.DropTargetAdapter;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.part.ViewPart;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.PacketLayers;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.filter.DisplayFilter;
import io.feedscope.filter.FilterSyntaxException;
import io.feedscope.ui.CaptureSet;
import io.feedscope.dissect.PacketKind;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameOrder;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.Signals;
import io.feedscope.ui.model.PacketColumns;
import io.feedscope.ui.model.PacketRowModel;

/**
 * The packet table: one row per frame of the open captures (merged by capture time, or one capture), with
 * the feed columns from the shared {@link FeedModel} and the dissector, a display filter bar above it.
 * <p>
 * A NatTable over an {@link IDataProvider} that maps a row to (capture, frame) and builds the cells of a
 * row only when it is painted, so ten million frames cost nothing until they are scrolled to. Decoded rows
 * are kept in a small LRU cache, because NatTable asks once per cell. A filter keeps the matching rows as
 * an int array built in a job.
 * <p>
 * Linking: a row click sends the selection signal; scrolling sends the window signal (throttled); the
 * table follows both signals from other views without sending them back.
 */
public class PacketTableView extends ViewPart {

	public static final String ID = "io.feedscope.ui.views.packets";
	/** Job family of the filter jobs, for tests. */
	public static final Object FILTER_FAMILY = new Object();

	/** the row model's columns (see {@link PacketRowModel}) */
	static final String[] COLUMNS = PacketRowModel.COLUMNS;
	static final int COL_NO = PacketRowModel.COL_NO, COL_CAPTURE = PacketRowModel.COL_CAPTURE,
			COL_TIME = PacketRowModel.COL_TIME, COL_DELTA = PacketRowModel.COL_DELTA, COL_SRC = PacketRowModel.COL_SRC,
			COL_DST = PacketRowModel.COL_DST, COL_LINE = PacketRowModel.COL_LINE,
			COL_SESSION = PacketRowModel.COL_SESSION, COL_SEQ = PacketRowModel.COL_SEQ,
			COL_COUNT = PacketRowModel.COL_COUNT, COL_TYPES = PacketRowModel.COL_TYPES,
			COL_INFO = PacketRowModel.COL_INFO;
	private static final int[] WIDTHS = { 60, 90, 128, 70, 145, 150, 36, 88, 70, 50, 130, 420 };
	/** While a capture is being indexed, the rows grow at this period (a modest rate: each growth costs a repaint). */
	static final int GROW_MS = 200;
	/** Column widths the user left, kept in the instance preferences ("w0,w1,..."), so a resize outlives a restart. */
	static final String WIDTHS_KEY = "packetColumnWidths";
	/** Rows on screen at once are far fewer; the cache only has to outlive one paint. */
	private static final int ROW_CACHE = 512;
	static final String LABEL_LINE = "LINE_", LABEL_EXPERT = "EXPERT", LABEL_CAPTURE = "CAPTURE_";
	/** cells of feed columns whose alignment a protocol declares (only the alignment: colours still apply) */
	static final String LABEL_LEFT = "ALIGN_LEFT", LABEL_RIGHT = "ALIGN_RIGHT", LABEL_CENTER = "ALIGN_CENTER";
	/** Scroll events come in bursts; the window signal is sent for the last one of each period. */
	static final int SCROLL_THROTTLE_MS = 80;

	private NatTable fTable;
	/** the display the view was made on: listeners on other threads post to it, never ask a widget for it */
	private org.eclipse.swt.widgets.Display fDisplay;
	/** set by {@link #dispose()}: work posted earlier finds the view gone and does nothing */
	private volatile boolean fDisposed;
	private DataLayer fBodyData;
	private SelectionLayer fSelection;
	private ViewportLayer fViewport;
	private Text fFilterText;
	/** the notice shown when the captures hold no feed data (FeedDataHint), with Decode As */
	private FeedDataNotice fNotice;
	private Label fFilterError;
	private final Rows fRows = new Rows();
	/** the column widths: defaults until sized to the content of the first analysed rows (or remembered) */
	private final int[] fWidths = WIDTHS.clone();
	private boolean fSized;
	/** -1 = all captures merged, else the index of the one capture shown. */
	private int fShownCapture = -1;
	private String fTimeFormat;
	/** True while following another view's signal, so it is not sent back. */
	private boolean fFollowing;
	private boolean fScrollPending;
	/** Counts windows received from other views, so a throttled scroll signal older than one is dropped. */
	private int fWindowGeneration;
	/** Top row when the last window was sent or followed: a throttled scroll that ends there sends nothing. */
	private int fLastTop = -1;
	private Job fFilterJob;
	private final List<Color> fColours = new ArrayList<>();
	/** capture colour styles registered, so that those of closed captures can be taken back */
	private int fCaptureStyles;
	private final Signals.SelectionListener fFollow = (ref, source) -> {
		if (source == this || fTable == null || fTable.isDisposed()) {
			return;
		}
		int row = fRows.rowOf(ref);
		if (row >= 0) {
			fFollowing = true;
			try {
				selectRow(row);
			} finally {
				fFollowing = false;
			}
		}
	};
	private final Signals.WindowListener fFollowWindow = (start, end, source) -> {
		if (source != this && fTable != null && !fTable.isDisposed()) {
			fWindowGeneration++;
			scrollToTime(start);
		}
	};
	/** The capture set changed (on an opening job's thread, or the UI's): refresh on the UI thread. */
	private final Consumer<CaptureSet> fListener = set -> {
		if (!fDisposed) {
			UiThread.async(fDisplay, this::refresh);
		}
	};
	/** Names, colours, the shown capture: on the UI thread at once (the Capture Set view changes them there). */
	private final Runnable fPresentation = () -> {
		if (!fDisposed) {
			UiThread.now(fDisplay, this::presentationChanged);
		}
	};
	private boolean fGrowScheduled;
	/** How long the last growth took: a big merged order is rebuilt less often, so the UI stays responsive. */
	private long fLastGrowNanos;
	private final Runnable fModelListener = () -> {
		if (fTable != null && !fTable.isDisposed()) {
			fNotice.modelChanged();
			fRows.fDissector = null; // the bindings may have changed with the analysis
			fRows.clearCache();
			if (!fSized && fRows.getRowCount() > 0 && FeedModel.getDefault().covers(fRows.fCaptures)) {
				sizeColumns();
			}
			fTable.redraw();
		}
	};
	private final IEclipsePreferences.IPreferenceChangeListener fPrefs = e -> {
		if (!fDisposed) {
			UiThread.async(fDisplay, () -> {
				if (!fTable.isDisposed()) {
					if (FeedScopePreferences.TIME_FORMAT.equals(e.getKey())) {
						setTimeFormat(preference(FeedScopePreferences.TIME_FORMAT, FeedScopePreferences.TIME_ABSOLUTE));
					} else if (e.getKey().endsWith("Color")) {
						registerStyles(fTable.getConfigRegistry());
						fTable.redraw();
					}
				}
			});
		}
	};

	/** Row model: the frames of the shown captures in {@link FrameOrder}, optionally filtered. */
	private final class Rows implements IDataProvider {
		private FrameOrder fOrder = FrameOrder.merged(List.of());
		/** rows of fOrder that pass the filter, ascending; null = no filter */
		private int[] fFiltered;
		private List<CaptureFile> fCaptures = List.of();
		private final PacketLayers fLayers = new PacketLayers();
		private FeedDissector fDissector;
		/** {@link AnalysisJob#protocolsGeneration()} when fDissector was made */
		private int fDissectorGeneration;
		private final Map<Integer, String[]> fCache = new LinkedHashMap<>(ROW_CACHE, 0.75f, true) {
			private static final long serialVersionUID = 1L;

			@Override
			protected boolean removeEldestEntry(Map.Entry<Integer, String[]> eldest) {
				return size() > ROW_CACHE;
			}
		};

		int orderRow(int row) {
			return fFiltered == null ? row : fFiltered[row];
		}

		/** @return the frame shown in a row */
		FrameRef ref(int row) {
			return fOrder.frame(orderRow(row));
		}

		long time(int row) {
			return fOrder.time(orderRow(row));
		}

		/** @return the row showing a frame, -1 if it is not in the table */
		int rowOf(FrameRef ref) {
			int r = fOrder.row(ref);
			if (r < 0 || fFiltered == null) {
				return r;
			}
			int i = java.util.Arrays.binarySearch(fFiltered, r);
			return i >= 0 ? i : -1;
		}

		/** @return the first row whose time is at least t (rows are in time order) */
		int firstRowAtOrAfter(long t) {
			int lo = 0;
			int hi = getRowCount();
			while (lo < hi) {
				int mid = (lo + hi) >>> 1;
				if (time(mid) < t) {
					lo = mid + 1;
				} else {
					hi = mid;
				}
			}
			return lo;
		}

		void reset(List<CaptureFile> captures, int shown) {
			fCaptures = captures;
			fOrder = shown < 0 || shown >= captures.size() ? FrameOrder.merged(captures)
					: new FrameOrder(captures, shown);
			fFiltered = null;
			clearCache();
		}

		void clearCache() {
			fCache.clear();
		}

		String[] row(int row) {
			return fCache.computeIfAbsent(row, this::cells);
		}

		@Override
		public Object getDataValue(int columnIndex, int rowIndex) {
			return row(rowIndex)[columnIndex];
		}

		@Override
		public void setDataValue(int columnIndex, int rowIndex, Object newValue) {
			throw new UnsupportedOperationException("the packet table is read-only");
		}

		@Override
		public int getColumnCount() {
			return COLUMNS.length;
		}

		@Override
		public int getRowCount() {
			return fFiltered == null ? fOrder.size() : fFiltered.length;
		}

		/**
		 * @return the dissector, as the analysis dissected (its learned ports) when the model covers the rows;
		 *         null while the protocols are still being compiled: the first paint never waits for that, the
		 *         rows show the link layers and are painted again when they are ready
		 */
		private io.feedscope.dissect.@org.eclipse.jdt.annotation.Nullable FeedDissector dissector() {
			// the generation, not the set: asking for the set reads the bindings preference, once per row
			int generation = AnalysisJob.protocolsGeneration();
			if (fDissector == null || generation != fDissectorGeneration) { // or protocols reloaded, rebound
				ProtocolSet protocols = AnalysisJob.protocolsIfReady(() -> UiThread.async(fDisplay, () -> {
					if (!fTable.isDisposed()) {
						fDissector = null;
						clearCache();
						fTable.redraw();
					}
				}));
				if (protocols != null) {
					fDissector = FeedModel.getDefault().dissector(fCaptures, protocols);
					fDissectorGeneration = generation;
				}
			}
			return fDissector;
		}

		/** @return the dissector the rows are dissected with, null before the first row was; for tests */
		@org.eclipse.jdt.annotation.Nullable
		FeedDissector dissectorShown() {
			return fDissector;
		}

		/** Gathers a frame's facts for the row model, which computes what the row shows. */
		private String[] cells(int row) {
			FrameRef ref = ref(row);
			CaptureFile c = fOrder.capture(ref);
			int frame = ref.frame();
			long ns = c.timestampNanos(frame);
			// several captures open: capture:frame with 1-based capture numbers, as the findings, the chart's
			// readout and the details name frames, whichever captures are shown
			String number = (fCaptures.size() > 1 ? ref.capture() + 1 + ":" : "") + frame;
			String capture = fCaptures.size() > 1 ? CaptureSet.getDefault().name(c) : "";
			String delta = row == 0 ? "0.000000" : seconds(ns - time(row - 1));
			FeedModel model = FeedModel.getDefault();
			boolean known = model.covers(fCaptures);
			FeedDissector d = dissector();
			FeedPacket p = d == null ? null : d.dissect(c, frame);
			if (p == null) {
				fLayers.decode(c.frameData(frame), c.linkType(frame));
			}
			PacketLayers l = p != null ? p.layers() : fLayers;
			PacketRowModel.FeedFacts feed = known ? PacketRowModel.facts(model, ref) : null;
			List<String> notes = known ? noteLabels(model.notes(ref)) : List.of();
			return PacketRowModel.cells(new PacketRowModel.RowInput(number, capture, formatTime(ns), delta, l, p,
					c.isTruncated(frame), feed, notes));
		}

		private static List<String> noteLabels(List<io.feedscope.analysis.Annotation.PacketMark> marks) {
			if (marks.isEmpty()) {
				return List.of();
			}
			List<String> labels = new ArrayList<>(marks.size());
			for (io.feedscope.analysis.Annotation.PacketMark m : marks) {
				if (!labels.contains(m.label())) {
					labels.add(m.label());
				}
			}
			return labels;
		}

		/** @return true for rows with an expert item: malformed frames */
		boolean isExpert(int row) {
			FeedModel model = FeedModel.getDefault();
			return model.covers(fCaptures) && model.kind(ref(row)) == PacketKind.MALFORMED;
		}

		int line(int row) {
			FeedModel model = FeedModel.getDefault();
			return model.covers(fCaptures) ? model.line(ref(row)) : FeedModel.NO_LINE;
		}
	}

	@Override
	public void createPartControl(Composite parent) {
		fDisplay = parent.getDisplay();
		fTimeFormat = preference(FeedScopePreferences.TIME_FORMAT, FeedScopePreferences.TIME_ABSOLUTE);
		Composite top = new Composite(parent, SWT.NONE);
		GridLayout layout = new GridLayout(2, false);
		layout.marginWidth = 0;
		layout.marginHeight = 0;
		layout.verticalSpacing = 2;
		top.setLayout(layout);
		fNotice = new FeedDataNotice(top, 2); // "no feed data" and Decode As, shown only then
		Label l = new Label(top, SWT.NONE);
		l.setText("Filter:");
		fFilterText = new Text(top, SWT.SINGLE | SWT.BORDER | SWT.SEARCH | SWT.ICON_CANCEL);
		fFilterText.setMessage("Display filter, e.g. itch50.message_type == \"P\" or moldudp64.count > 50 (Enter applies)");
		fFilterText.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		fFilterText.addListener(SWT.DefaultSelection, e -> applyFilter(fFilterText.getText()));
		// as Wireshark does: green while the text is a valid filter, red with the error in place when not
		fFilterText.addListener(SWT.Modify, e -> checkFilter(fFilterText.getText()));
		fFilterError = new Label(top, SWT.NONE);
		fFilterError.setForeground(top.getDisplay().getSystemColor(SWT.COLOR_RED));
		GridData errorData = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
		errorData.exclude = true;
		fFilterError.setLayoutData(errorData);
		fFilterError.setVisible(false);

		fBodyData = new DataLayer(fRows);
		String remembered = InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID).get(WIDTHS_KEY, "");
		String[] w = remembered.split(",");
		if (w.length == fWidths.length) {
			try {
				for (int i = 0; i < w.length; i++) {
					fWidths[i] = Math.max(20, Integer.parseInt(w[i].strip()));
				}
				fSized = true; // the user's widths win over sizing to content
			} catch (NumberFormatException e) {
				System.arraycopy(WIDTHS, 0, fWidths, 0, WIDTHS.length); // edited by hand: the defaults
			}
		}
		for (int i = 0; i < fWidths.length; i++) {
			fBodyData.setColumnWidthByPosition(i, fWidths[i]);
		}
		fBodyData.setConfigLabelAccumulator((labels, column, row) -> {
			if (row < 0 || row >= fRows.getRowCount()) {
				return;
			}
			// a feed column's alignment as the protocols declare it (numbers to the right)
			PacketColumns.Align align = column >= 0 && column < COLUMNS.length ? PacketColumns.align(column)
					: PacketColumns.Align.TABLE;
			if (align != PacketColumns.Align.TABLE) {
				labels.addLabel(align == PacketColumns.Align.RIGHT ? LABEL_RIGHT
						: align == PacketColumns.Align.LEFT ? LABEL_LEFT : LABEL_CENTER);
			}
			if (column == COL_CAPTURE && fRows.fCaptures.size() > 1) {
				labels.addLabel(LABEL_CAPTURE + fRows.ref(row).capture());
			} else if (fRows.isExpert(row)) {
				labels.addLabel(LABEL_EXPERT);
			} else {
				int line = fRows.line(row);
				if (line == 0 || line == 1) {
					labels.addLabel(LABEL_LINE + line);
				}
			}
		});
		fSelection = new SelectionLayer(fBodyData, false);
		// Wireshark selects whole packets, never single cells
		fSelection.addConfiguration(new RowOnlySelectionConfiguration());
		fSelection.addConfiguration(new RowOnlySelectionBindings());
		fViewport = new ViewportLayer(fSelection);
		ColumnHeaderLayer header = new ColumnHeaderLayer(
				new DataLayer(new DefaultColumnHeaderDataProvider(COLUMNS)), fViewport, fSelection);
		CompositeLayer grid = new CompositeLayer(1, 2);
		grid.setChildLayer(GridRegion.COLUMN_HEADER, header, 0, 0);
		grid.setChildLayer(GridRegion.BODY, fViewport, 0, 1);
		fTable = new NatTable(top,
				SWT.NO_BACKGROUND | SWT.NO_REDRAW_RESIZE | SWT.DOUBLE_BUFFERED | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL,
				grid, false);
		fTable.addConfiguration(new DefaultNatTableStyleConfiguration());
		fTable.addConfiguration(new AbstractRegistryConfiguration() {
			@Override
			public void configureRegistry(IConfigRegistry registry) {
				registerStyles(registry);
			}
		});
		fTable.configure();
		fTable.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
		CaptureSet.getDefault().addListener(fListener);
		CaptureSet.getDefault().addPresentationListener(fPresentation);
		fSelection.addLayerListener(event -> {
			if (event instanceof RowSelectionEvent && !fFollowing) {
				int[] rows = selectedRows();
				if (rows.length > 0) {
					Signals.getDefault().selectFrame(fRows.ref(rows[rows.length - 1]), this);
				}
			}
		});
		// only the user's own scrolling is a window change: the scroll bar, the wheel, paging keys. Viewport
		// moves NatTable makes itself (refresh, reveal of a selection, following another view) are not.
		if (fTable.getVerticalBar() != null) {
			fTable.getVerticalBar().addListener(SWT.Selection, e -> scrolledByUser());
		}
		fTable.addListener(SWT.MouseVerticalWheel, e -> scrolledByUser());
		// a wider window widens Info, the last column, to the right edge (it was sized for the first width)
		fTable.addListener(SWT.Resize, e -> stretchInfo());
		fTable.addListener(SWT.KeyDown, e -> {
			switch (e.keyCode) {
			case SWT.PAGE_UP, SWT.PAGE_DOWN, SWT.ARROW_UP, SWT.ARROW_DOWN, SWT.HOME, SWT.END -> scrolledByUser();
			default -> {
				// other keys do not scroll
			}
			}
		});
		fTable.addListener(SWT.KeyDown, e -> {
			if ((e.stateMask & SWT.MOD1) != 0 && (e.keyCode == 'g' || e.keyCode == 'G')) {
				askGoTo();
				e.doit = false;
			} else if ((e.stateMask & SWT.MOD1) != 0 && (e.keyCode == 'c' || e.keyCode == 'C')) {
				copySelection();
				e.doit = false;
			}
		});
		Signals.getDefault().addSelectionListener(fFollow);
		Signals.getDefault().addWindowListener(fFollowWindow);
		FeedModel.addListener(fModelListener);
		InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID).addPreferenceChangeListener(fPrefs);
		addFileDrop(fTable);
		createMenu();
		ViewHelp.install(this);
		refresh();
		fNotice.modelChanged();
	}

	private void registerStyles(IConfigRegistry registry) {
		// the colours of the last registration are left to the garbage collector, not disposed: a paint
		// already under way may still use them ("Argument not valid" in NatTable's painter)
		fColours.clear();
		for (int i = 0; i < fCaptureStyles; i++) {
			registry.unregisterConfigAttribute(CellConfigAttributes.CELL_STYLE, DisplayMode.NORMAL, LABEL_CAPTURE + i);
		}
		RGB a = SequenceChartView.colour(FeedScopePreferences.LINE_A_COLOR, new RGB(70, 130, 220));
		RGB b = SequenceChartView.colour(FeedScopePreferences.LINE_B_COLOR, new RGB(240, 140, 30));
		style(registry, LABEL_LINE + 0, tint(a));
		style(registry, LABEL_LINE + 1, tint(b));
		style(registry, LABEL_EXPERT, new RGB(255, 190, 190));
		for (String label : new String[] { LABEL_LEFT, LABEL_RIGHT, LABEL_CENTER }) {
			Style s = new Style();
			s.setAttributeValue(CellStyleAttributes.HORIZONTAL_ALIGNMENT, LABEL_LEFT.equals(label) ? HorizontalAlignmentEnum.LEFT
					: LABEL_RIGHT.equals(label) ? HorizontalAlignmentEnum.RIGHT : HorizontalAlignmentEnum.CENTER);
			registry.registerConfigAttribute(CellConfigAttributes.CELL_STYLE, s, DisplayMode.NORMAL, label);
		}
		// the Capture column is a stripe in each capture's colour (lightened so the name stays readable)
		List<CaptureFile> captures = CaptureSet.getDefault().captures();
		fCaptureStyles = captures.size();
		for (int i = 0; i < captures.size(); i++) {
			RGB c = CaptureSet.getDefault().colour(captures.get(i));
			style(registry, LABEL_CAPTURE + i, new RGB(255 - (255 - c.red) / 2, 255 - (255 - c.green) / 2,
					255 - (255 - c.blue) / 2));
		}
	}

	/** Row backgrounds are light tints of the line colours, so the text stays readable. */
	private static RGB tint(RGB c) {
		return new RGB(255 - (255 - c.red) / 5, 255 - (255 - c.green) / 5, 255 - (255 - c.blue) / 5);
	}

	private void style(IConfigRegistry registry, String label, RGB rgb) {
		Color c = new Color(rgb);
		fColours.add(c);
		Style s = new Style();
		s.setAttributeValue(CellStyleAttributes.BACKGROUND_COLOR, c);
		registry.registerConfigAttribute(CellConfigAttributes.CELL_STYLE, s, DisplayMode.NORMAL, label);
	}

	private void createMenu() {
		// right-click: the selected rows (and their context) to Wireshark (issue 12)
		MenuManager context = new MenuManager();
		io.feedscope.ui.internal.wireshark.WiresharkMenu.addTo(context, () -> {
			List<FrameRef> frames = new java.util.ArrayList<>();
			for (int row : selectedRows()) {
				frames.add(frameAt(row));
			}
			return io.feedscope.ui.internal.wireshark.WiresharkMenu.pick(frames);
		});
		fTable.setMenu(context.createContextMenu(fTable));
		IMenuManager menu = getViewSite().getActionBars().getMenuManager();
		Action relative = new Action("Relative Time", IAction.AS_CHECK_BOX) {
			@Override
			public void run() {
				setTimeFormat(isChecked() ? FeedScopePreferences.TIME_RELATIVE : FeedScopePreferences.TIME_ABSOLUTE);
			}
		};
		relative.setId("relativeTime");
		menu.add(relative);
		menu.addMenuListener(m -> relative.setChecked(FeedScopePreferences.TIME_RELATIVE.equals(fTimeFormat)));
		MenuManager captures = new MenuManager("Show Captures", "captures");
		captures.setRemoveAllWhenShown(true);
		captures.addMenuListener(m -> {
			Action merged = new Action("All, Merged by Time", IAction.AS_RADIO_BUTTON) {
				@Override
				public void run() {
					if (isChecked()) {
						showCapture(-1);
					}
				}
			};
			merged.setChecked(CaptureSet.getDefault().shown() < 0);
			m.add(merged);
			List<CaptureFile> list = CaptureSet.getDefault().captures();
			for (int i = 0; i < list.size(); i++) {
				int index = i;
				Action one = new Action((i + 1) + " " + CaptureSet.getDefault().name(list.get(i)), IAction.AS_RADIO_BUTTON) {
					@Override
					public void run() {
						if (isChecked()) {
							showCapture(index);
						}
					}
				};
				one.setChecked(CaptureSet.getDefault().shown() == i);
				m.add(one);
			}
		});
		captures.add(new Separator()); // so the menu shows before its first opening fills it
		menu.add(captures);
		menu.add(new Separator());
		menu.add(new Action("Go to Frame...\tCtrl+G") {
			@Override
			public void run() {
				askGoTo();
			}
		});
		menu.add(new Action("Copy Selected Rows\tCtrl+C") {
			@Override
			public void run() {
				copySelection();
			}
		});
		// the exports are commands (ExportShownHandler), in the menu where they always were
		menu.add(exportItem(ExportShownHandler.EXPORT_PCAP, "Export Shown Frames as pcap..."));
		menu.add(exportItem(ExportShownHandler.EXPORT_CSV, "Export Shown Rows as CSV..."));
	}

	private org.eclipse.jface.action.IContributionItem exportItem(String command, String label) {
		org.eclipse.ui.menus.CommandContributionItemParameter p = new org.eclipse.ui.menus.CommandContributionItemParameter(
				getViewSite(), command, command, org.eclipse.ui.menus.CommandContributionItem.STYLE_PUSH);
		p.label = label;
		return new org.eclipse.ui.menus.CommandContributionItem(p);
	}

	private static String preference(String key, String def) {
		return Platform.getPreferencesService().getString(OpenCaptureHandler.PLUGIN_ID, key, def, null);
	}

	/** Switches the Time column between the preference's formats. */
	void setTimeFormat(String format) {
		fTimeFormat = format;
		fRows.clearCache();
		fTable.redraw();
	}

	private String formatTime(long ns) {
		if (FeedScopePreferences.TIME_RELATIVE.equals(fTimeFormat) && fRows.fOrder.size() == 0) {
			return "";
		}
		return TimeDisplay.time(ns, fTimeFormat, fRows.fOrder.size() == 0 ? 0 : fRows.fOrder.time(0));
	}

	private static String seconds(long ns) {
		return (ns < 0 ? "-" : "") + Math.abs(ns) / 1_000_000_000L + "."
				+ String.format("%06d", Math.abs(ns) % 1_000_000_000L / 1000);
	}

	/** Dropping capture files on a view opens them, or adds them to the capture set, as the user chooses. */
	static void addFileDrop(Control control) {
		DropTarget drop = new DropTarget(control, DND.DROP_COPY | DND.DROP_DEFAULT | DND.DROP_LINK);
		drop.setTransfer(FileTransfer.getInstance());
		drop.addDropListener(new DropTargetAdapter() {
			@Override
			public void dragEnter(DropTargetEvent e) {
				e.detail = DND.DROP_COPY;
			}

			@Override
			public void drop(DropTargetEvent e) {
				if (e.data instanceof String[] files) {
					// nothing open: opened; else the user chooses Open (replace) or Add (another tap point)
					OpenCaptureHandler.dropped(control.getShell(), java.util.Arrays.stream(files).map(Path::of).toList());
				}
			}
		});
	}

	private void refresh() {
		if (fTable.isDisposed()) {
			return;
		}
		List<CaptureFile> captures = CaptureSet.getDefault().captures();
		int shown = CaptureSet.getDefault().shown();
		if (captures.equals(fRows.fCaptures) && shown == fShownCapture && fRows.fFiltered == null) {
			grow(); // the same captures, e.g. one finished indexing: keep the selection and the top row
		} else {
			// another capture shown: the selected frame stays selected if it is still in the table
			int[] selected = selectedRows();
			FrameRef keep = selected.length > 0 && captures.equals(fRows.fCaptures)
					? fRows.ref(selected[selected.length - 1])
					: null;
			fShownCapture = shown;
			fRows.reset(captures, fShownCapture);
			structuralRefresh();
			int r = keep == null ? -1 : fRows.rowOf(keep);
			if (r >= 0) {
				boolean following = fFollowing;
				fFollowing = true;
				try {
					selectRow(r);
				} finally {
					fFollowing = following;
				}
			}
		}
		// the Capture column only means something with several captures; with one it takes no room
		fBodyData.setColumnWidthByPosition(COL_CAPTURE, captures.size() > 1 ? captureColumnWidth(captures) : 0);
		fitNumberColumn();
		registerStyles(fTable.getConfigRegistry());
		describe();
		if (!fFilterText.getText().isBlank()) {
			applyFilter(fFilterText.getText());
		}
		scheduleGrowth();
	}

	/**
	 * Sizes every column to its header and the text of the first rows (as analysed), once: nothing is cut off
	 * ("14:30:00.000006..." was), and Info takes what it needs up to a limit. Kept once the user resizes.
	 */
	private void sizeColumns() {
		fSized = true;
		GC gc = new GC(fTable);
		try {
			gc.setFont(fTable.getFont());
			int rows = Math.min(fRows.getRowCount(), 300);
			for (int c = 0; c < COLUMNS.length; c++) {
				int w = gc.textExtent(COLUMNS[c]).x;
				for (int r = 0; r < rows; r++) {
					w = Math.max(w, gc.textExtent(fRows.row(r)[c]).x);
				}
				// at least what the protocols declare for a feed column (io.feedscope.dissect.columns)
				fWidths[c] = Math.max(PacketColumns.leastWidth(c), Math.min(c == COL_INFO ? 900 : 420, w + CELL_PADDING));
			}
		} finally {
			gc.dispose();
		}
		int capture = fRows.fCaptures.size() > 1 ? captureColumnWidth(fRows.fCaptures) : 0;
		// Info, the last column, takes the rest of the table's width (as Wireshark's does): the rows scrolled to
		// later may say more than the first ones, and nothing is left blank beside it
		int others = capture;
		for (int c = 0; c < fWidths.length; c++) {
			others += c == COL_CAPTURE || c == COL_INFO ? 0 : fWidths[c];
		}
		int client = fTable.getClientArea().width;
		if (client > others + fWidths[COL_INFO]) {
			fWidths[COL_INFO] = client - others - 2;
		}
		for (int c = 0; c < fWidths.length; c++) {
			if (c != COL_CAPTURE) {
				fBodyData.setColumnWidthByPosition(c, fWidths[c]);
			}
		}
		fBodyData.setColumnWidthByPosition(COL_CAPTURE, capture);
		fitNumberColumn();
	}

	/** the captures and frame digits the No. column was last fitted to, and the width that needs */
	private int fNumberFitKey = -1, fNumberFitWidth;

	/**
	 * Widens the No. column to the widest label it can show: with several captures open, capture:frame up to
	 * the last capture's number and the largest frame count ("2:123456"), each digit as wide as the font's
	 * widest. Sizing to content reads only the first rows ("1:1", "2:1", ...), and a width remembered from a
	 * session with one capture is narrower still. Never narrows it: a wider width the user chose stays. Again
	 * as captures are indexed (the frame numbers get longer).
	 */
	private void fitNumberColumn() {
		if (fBodyData == null || fTable.isDisposed()) {
			return;
		}
		List<CaptureFile> captures = fRows.fCaptures;
		int frames = 0;
		for (CaptureFile c : captures) {
			frames = Math.max(frames, c.frameCount());
		}
		int captureDigits = captures.size() > 1 ? String.valueOf(captures.size()).length() : 0;
		int key = captureDigits * 100 + String.valueOf(frames).length();
		if (key != fNumberFitKey) {
			GC gc = new GC(fTable);
			try {
				gc.setFont(fTable.getFont());
				int digit = 0;
				for (char d = '0'; d <= '9'; d++) {
					digit = Math.max(digit, gc.textExtent(String.valueOf(d)).x);
				}
				int label = (captureDigits + String.valueOf(frames).length()) * digit
						+ (captureDigits > 0 ? gc.textExtent(":").x : 0);
				fNumberFitWidth = Math.max(label, gc.textExtent(COLUMNS[COL_NO]).x) + CELL_PADDING;
			} finally {
				gc.dispose();
			}
			fNumberFitKey = key;
		}
		if (fBodyData.getColumnWidthByPosition(COL_NO) < fNumberFitWidth) {
			fBodyData.setColumnWidthByPosition(COL_NO, fNumberFitWidth);
		}
	}

	/** Widens Info, the last column, to the table's right edge when there is room beside it; never narrows it. */
	private void stretchInfo() {
		if (!fSized || fBodyData == null || fTable.isDisposed()) {
			return;
		}
		int others = 0;
		for (int c = 0; c < COLUMNS.length; c++) {
			others += c == COL_INFO ? 0 : fBodyData.getColumnWidthByPosition(c);
		}
		int room = fTable.getClientArea().width - others - 2;
		if (room > fBodyData.getColumnWidthByPosition(COL_INFO)) {
			fBodyData.setColumnWidthByPosition(COL_INFO, room);
		}
	}

	/** Room NatTable's text painter leaves around a cell's text (its padding, the grid line), and a little air. */
	static final int CELL_PADDING = 18;

	/** @return the Capture column's width: its longest capture name or header */
	private int captureColumnWidth(List<CaptureFile> captures) {
		GC gc = new GC(fTable);
		try {
			gc.setFont(fTable.getFont());
			int w = gc.textExtent(COLUMNS[COL_CAPTURE]).x;
			for (CaptureFile c : captures) {
				w = Math.max(w, gc.textExtent(CaptureSet.getDefault().name(c)).x);
			}
			return Math.min(300, w + CELL_PADDING);
		} finally {
			gc.dispose();
		}
	}

	/** @return a column's width in pixels as the table has it now */
	int columnWidth(int column) {
		return fBodyData.getColumnWidthByPosition(column);
	}

	/** @return the pixels a text needs in the table's font */
	int textWidth(String text) {
		GC gc = new GC(fTable);
		try {
			gc.setFont(fTable.getFont());
			return gc.textExtent(text).x;
		} finally {
			gc.dispose();
		}
	}

	private void presentationChanged() {
		if (fTable.isDisposed()) {
			return;
		}
		if (CaptureSet.getDefault().shown() != fShownCapture) {
			refresh();
			return;
		}
		fRows.clearCache(); // names
		registerStyles(fTable.getConfigRegistry()); // colours
		describe();
		fTable.redraw();
	}

	/**
	 * While a capture of the set is being indexed, shows the frames indexed so far: every {@link #GROW_MS}
	 * (longer if rebuilding a big merged order took long) the row order is rebuilt over the current frame
	 * counts. The selection and the top row stay on their frames, and no signal is sent (the rows grew, the
	 * user chose nothing). With a display filter the rows wait for the end of indexing, when the filter runs
	 * over all frames.
	 */
	private void scheduleGrowth() {
		if (fGrowScheduled || !CaptureSet.getDefault().isIndexing()) {
			return;
		}
		fGrowScheduled = true;
		int delay = (int) Math.max(GROW_MS, Math.min(2_000, fLastGrowNanos * 4 / 1_000_000));
		fTable.getDisplay().timerExec(delay, () -> {
			fGrowScheduled = false;
			if (fTable.isDisposed()) {
				return;
			}
			if (!fRows.fOrder.isCurrent() && fRows.fFiltered == null
					&& fRows.fOrder.captures().equals(CaptureSet.getDefault().captures())) {
				long t0 = System.nanoTime();
				grow();
				fLastGrowNanos = System.nanoTime() - t0;
			}
			scheduleGrowth();
		});
	}

	private void grow() {
		int[] selected = selectedRows();
		FrameRef keep = selected.length > 0 ? fRows.ref(selected[selected.length - 1]) : null;
		int top = topRow();
		FrameRef topFrame = top >= 0 && top < fRows.getRowCount() ? fRows.ref(top) : null;
		fRows.fOrder = fRows.fOrder.grown();
		fRows.clearCache();
		boolean following = fFollowing;
		fFollowing = true;
		try {
			fBodyData.fireLayerEvent(new RowStructuralRefreshEvent(fBodyData));
			if (keep != null) {
				int r = fRows.rowOf(keep);
				if (r >= 0) {
					// straight into the selection model: a select command would also reveal the row, but the
					// user may have scrolled away from it, and growing must not move the table
					fSelection.clear(false);
					fSelection.getSelectionModel().addSelection(
							new org.eclipse.swt.graphics.Rectangle(0, r, fSelection.getColumnCount(), 1));
					fSelection.moveSelectionAnchor(0, r);
				}
			}
			if (topFrame != null) {
				int r = fRows.rowOf(topFrame);
				if (r >= 0) {
					fViewport.setOriginY(fBodyData.getStartYOfRowPosition(r));
				}
			}
		} finally {
			fFollowing = following;
		}
		fitNumberColumn();
		describe();
	}

	/** Tells NatTable the rows changed; the viewport moves, which is no window change of the user's. */
	private void structuralRefresh() {
		boolean following = fFollowing;
		fFollowing = true;
		try {
			fBodyData.fireLayerEvent(new RowStructuralRefreshEvent(fBodyData));
		} finally {
			fFollowing = following;
		}
	}

	/** Shows all captures merged (-1) or one capture: in every view, through the {@link CaptureSet}. */
	void showCapture(int index) {
		CaptureSet.getDefault().show(index);
		if (CaptureSet.getDefault().shown() != fShownCapture) {
			refresh();
		}
	}

	private void describe() {
		List<CaptureFile> captures = fRows.fCaptures;
		if (captures.isEmpty()) {
			setContentDescription("No capture open: File > Open Capture...");
			return;
		}
		StringBuilder b = new StringBuilder();
		for (int i = 0; i < captures.size(); i++) {
			if (fShownCapture < 0 || fShownCapture == i) {
				b.append(b.isEmpty() ? "" : ", ").append(CaptureSet.getDefault().name(captures.get(i)));
			}
		}
		int rows = fRows.getRowCount();
		b.append(": ").append(rows).append(rows == 1 ? " frame" : " frames");
		if (CaptureSet.getDefault().isIndexing()) {
			b.append(" (indexing...)");
		}
		if (fRows.fFiltered != null) {
			b.append(" shown of ").append(fRows.fOrder.size()).append(" (filter: ").append(fFilterText.getText().trim())
					.append(')');
		}
		setContentDescription(b.toString());
	}

	// ---------------------------------------------------------------- filter

	/**
	 * Applies a display filter (empty: show all). A syntax error is shown under the filter text with its
	 * column; the table keeps its rows. Matching rows are found in a job.
	 *
	 * @return the filter job, or null when nothing runs (empty filter, error)
	 */
	@Nullable
	Job applyFilter(String text) {
		if (fFilterJob != null) {
			fFilterJob.cancel();
		}
		if (text.isBlank()) {
			showFilterError(null);
			setFilterBackground(null);
			setFiltered(null);
			return null;
		}
		ProtocolSet protocols = AnalysisJob.protocols();
		DisplayFilter filter;
		try {
			filter = DisplayFilter.compile(text, FrameFilter.fields(protocols));
		} catch (FilterSyntaxException e) {
			showFilterError("Column " + e.column() + ": " + e.reason()); // the column once, not twice
			return null;
		}
		showFilterError(null);
		setFilterBackground(VALID_FILTER);
		FrameOrder order = fRows.fOrder;
		FeedModel model = FeedModel.getDefault();
		// the job posts to the display kept here: it never asks the table, which may be disposed by then
		org.eclipse.swt.widgets.Display display = fDisplay;
		Job job = new Job("Filtering: " + text) {
			@Override
			protected IStatus run(IProgressMonitor monitor) {
				int n = order.size();
				monitor.beginTask("Filtering " + n + " frames", n);
				// frames dissected as the analysis did (its learned ports), as the table shows them
				FrameFilter f = new FrameFilter(filter, model.dissector(order.captures(), protocols));
				int[] rows = new int[Math.min(n, 1024)];
				int count = 0;
				for (int r = 0; r < n; r++) {
					FrameRef ref = order.frame(r);
					if (f.matches(order.capture(ref), ref, model)) {
						if (count == rows.length) {
							rows = java.util.Arrays.copyOf(rows, Math.min(n, rows.length * 2));
						}
						rows[count++] = r;
					}
					if ((r & 4095) == 4095) {
						if (monitor.isCanceled()) {
							return Status.CANCEL_STATUS;
						}
						monitor.worked(4096);
					}
				}
				int[] result = java.util.Arrays.copyOf(rows, count);
				Runnable hook = beforeFilterResult;
				if (hook != null) {
					hook.run();
				}
				if (monitor.isCanceled()) {
					return Status.CANCEL_STATUS; // the view was closed, or another filter applied
				}
				UiThread.async(display, () -> {
					if (!fDisposed && !fTable.isDisposed() && fRows.fOrder == order) {
						setFiltered(result);
					}
				});
				return Status.OK_STATUS;
			}

			@Override
			public boolean belongsTo(Object family) {
				return family == FILTER_FAMILY;
			}
		};
		job.setUser(false);
		job.schedule();
		fFilterJob = job;
		return job;
	}

	/**
	 * Test hook: run by a filter job once its rows are found, before it hands them to the table, so a test can
	 * close the view meanwhile. Null in the product.
	 */
	static volatile Runnable beforeFilterResult;

	/** @return the filter job last started, null if none */
	Job filterJob() {
		return fFilterJob;
	}

	/** Background of the filter bar: Wireshark's green for a valid filter, its red for one that is not. */
	static final RGB VALID_FILTER = new RGB(175, 255, 175), INVALID_FILTER = new RGB(255, 175, 175);

	/** the filter bar's background as last set, null for the default */
	private RGB fFilterRgb;

	private void setFilterBackground(RGB rgb) {
		fFilterRgb = rgb;
		fFilterText.setBackground(rgb == null ? null : new Color(rgb));
	}

	/** Checks the filter bar's text as it is typed: colours the bar and shows the error in place; runs nothing. */
	void checkFilter(String text) {
		if (text.isBlank()) {
			showFilterError(null);
			setFilterBackground(null);
			return;
		}
		// the vocabulary comes from the compiled protocols; typing never waits for them: checked once ready
		ProtocolSet protocols = AnalysisJob.protocolsIfReady(() -> UiThread.async(fDisplay, () -> {
			if (!fFilterText.isDisposed()) {
				checkFilter(fFilterText.getText());
			}
		}));
		if (protocols == null) {
			return;
		}
		try {
			DisplayFilter.compile(text, FrameFilter.fields(protocols));
			showFilterError(null);
			setFilterBackground(VALID_FILTER);
		} catch (FilterSyntaxException e) {
			showFilterError(e.getMessage());
		}
	}

	private void showFilterError(String message) {
		boolean show = message != null;
		if (show == fFilterError.getVisible() && fFilterError.getText().equals(show ? message : "")) {
			if (show) {
				setFilterBackground(INVALID_FILTER);
			}
			return;
		}
		fFilterError.setText(show ? message : "");
		fFilterError.setToolTipText(show ? message : null);
		fFilterError.setVisible(show);
		((GridData) fFilterError.getLayoutData()).exclude = !show;
		setFilterBackground(show ? INVALID_FILTER : null);
		fFilterError.getParent().layout(true);
	}

	/** @return the filter bar's background, null for the default */
	RGB filterBackground() {
		return fFilterRgb;
	}

	private void setFiltered(int[] rows) {
		FrameRef selected = selectedRows().length > 0 ? fRows.ref(selectedRows()[0]) : null;
		fRows.fFiltered = rows;
		fRows.clearCache();
		structuralRefresh();
		fSelection.clear();
		describe();
		if (selected != null) {
			int r = fRows.rowOf(selected);
			if (r >= 0) {
				fFollowing = true;
				try {
					selectRow(r);
				} finally {
					fFollowing = false;
				}
			}
		}
	}

	/** @return the filter's error text, empty when the filter compiled */
	String filterError() {
		return fFilterError.getVisible() ? fFilterError.getText() : "";
	}

	Text filterText() {
		return fFilterText;
	}

	// ---------------------------------------------------------------- window (scrolling)

	private void scrolledByUser() {
		if (fScrollPending) {
			return;
		}
		fScrollPending = true;
		int generation = fWindowGeneration;
		fTable.getDisplay().timerExec(SCROLL_THROTTLE_MS, () -> {
			fScrollPending = false;
			// a window from another view came in meanwhile: it is newer than this scroll
			if (fTable.isDisposed() || fRows.getRowCount() == 0 || generation != fWindowGeneration) {
				return;
			}
			int first = fViewport.getRowIndexByPosition(0);
			int last = fViewport.getRowIndexByPosition(Math.max(0, fViewport.getRowCount() - 1));
			// keys that only move the selection inside the screen change no window
			if (first >= 0 && last >= first && first != fLastTop) {
				fLastTop = first;
				Signals.getDefault().changeWindow(fRows.time(first), fRows.time(last), this);
			}
		});
	}

	/** Scrolls so that the first row at or after t is the top row; sends no signal. */
	void scrollToTime(long t) {
		if (fRows.getRowCount() == 0) {
			return;
		}
		int row = Math.min(fRows.firstRowAtOrAfter(t), fRows.getRowCount() - 1);
		fFollowing = true;
		try {
			fViewport.setOriginY(fBodyData.getStartYOfRowPosition(row));
		} finally {
			fFollowing = false;
		}
		fLastTop = fViewport.getRowIndexByPosition(0);
	}

	/** Scrolls so that a row is at the top, as dragging the scroll bar would (sends the window signal). */
	void scrollAsUser(int row) {
		fViewport.setOriginY(fBodyData.getStartYOfRowPosition(row));
		scrolledByUser();
	}

	/** @return number of rows in the viewport */
	int visibleRows() {
		return fViewport.getRowCount();
	}

	/** @return the row at the top of the viewport */
	int topRow() {
		return fViewport.getRowIndexByPosition(0);
	}

	// ---------------------------------------------------------------- go to, copy, export

	private void askGoTo() {
		goToDialog().open();
	}

	/** @return the Go to Frame dialog, not yet open */
	GoToFrameDialog goToDialog() {
		return new GoToFrameDialog(fTable.getShell(), this, fRows.fCaptures.size() > 1);
	}

	/**
	 * Go to Frame's check of what is typed: "" (OK disabled, nothing said) while empty, an error for what is
	 * not a frame number or not a frame of the shown captures, null for a frame (shown, or hidden by the
	 * filter: OK then offers to clear it).
	 */
	@Nullable
	String validateFrame(String typed) {
		String t = typed.trim();
		if (t.isEmpty()) {
			return "";
		}
		FrameRef ref = frameSyntax(t);
		if (ref == null) {
			return "'" + t + "' is not a frame number" + (fRows.fCaptures.size() > 1 ? " or capture:frame" : "");
		}
		if (fRows.fOrder.row(ref) < 0) {
			return "No frame " + t + " in the shown captures";
		}
		return null;
	}

	/** What Go to Frame's OK does: selects the frame, offering to clear the filter if it hides it. */
	void goToTyped(String typed) {
		FrameRef ref = parseFrame(typed);
		if (ref == null || goToFrame(ref)) {
			return;
		}
		// the frame exists but the filter hides it: Wireshark would say nothing; we offer to show it
		if (clearFilterQuestion.test(fTable.getShell(), fFilterText.getText().trim())) {
			fFilterText.setText("");
			applyFilter("");
			goToFrame(ref);
		}
	}

	/** Asks whether to clear the filter hiding the frame to go to; replaced by tests. */
	static volatile java.util.function.BiPredicate<org.eclipse.swt.widgets.Shell, String> clearFilterQuestion = (
			shell, filter) -> org.eclipse.jface.dialogs.MessageDialog.openQuestion(shell, "Go to Frame",
					"The display filter '" + filter + "' hides this frame. Clear the filter and go to it?");

	/** @return the frame "123" (first shown capture) or "2:123" stands for if it is in the shown captures, or null */
	@Nullable
	FrameRef parseFrame(String s) {
		FrameRef ref = frameSyntax(s.trim());
		return ref != null && fRows.fOrder.row(ref) >= 0 ? ref : null;
	}

	private @Nullable FrameRef frameSyntax(String t) {
		try {
			int colon = t.indexOf(':');
			int capture = colon < 0 ? Math.max(0, fShownCapture) : Integer.parseInt(t.substring(0, colon).trim()) - 1;
			int frame = Integer.parseInt(t.substring(colon + 1).trim());
			return capture < 0 || frame < 1 ? null : new FrameRef(capture, frame);
		} catch (NumberFormatException e) {
			return null;
		}
	}

	/**
	 * Selects a frame and scrolls it into view, telling the other views.
	 *
	 * @return false when the frame is not shown (not in the shown captures, or filtered out)
	 */
	boolean goToFrame(FrameRef ref) {
		int row = ref == null ? -1 : fRows.rowOf(ref);
		if (row < 0) {
			return false;
		}
		selectRow(row);
		return true;
	}

	/** @return the selected rows as tab-separated text, a header line first */
	String selectionText() {
		StringBuilder b = new StringBuilder(String.join("\t", COLUMNS)).append('\n');
		for (int row : selectedRows()) {
			b.append(String.join("\t", fRows.row(row))).append('\n');
		}
		return b.toString();
	}

	private void copySelection() {
		if (selectedRows().length == 0) {
			return;
		}
		Clipboard cb = new Clipboard(fTable.getDisplay());
		try {
			cb.setContents(new Object[] { selectionText() }, new Transfer[] { TextTransfer.getInstance() });
		} finally {
			cb.dispose();
		}
	}

	/** Writes the shown rows (filter applied) as CSV, RFC 4180 quoting. */
	void exportCsv(Path file) throws IOException {
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			w.write(csvLine(COLUMNS));
			int n = fRows.getRowCount();
			for (int r = 0; r < n; r++) {
				w.write(csvLine(fRows.cells(r)));
			}
		}
	}

	/**
	 * Writes the frames of the shown rows (filter applied) to a new pcap file with nanosecond timestamps,
	 * bytes as captured. pcap has one link type per file: frames of another link type than the first row's
	 * are left out.
	 *
	 * @return frames written
	 */
	int exportPcap(Path file) throws IOException {
		int n = fRows.getRowCount();
		int linkType = n == 0 ? 1 : fRows.fOrder.capture(fRows.ref(0)).linkType(fRows.ref(0).frame());
		int written = 0;
		try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
			java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
			// pcap global header, nanosecond variant (magic a1b23c4d), version 2.4, snaplen 262144
			h.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144)
					.putInt(linkType);
			out.write(h.array());
			java.nio.ByteBuffer rec = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
			byte[] buf = new byte[65536];
			for (int r = 0; r < n; r++) {
				FrameRef ref = fRows.ref(r);
				CaptureFile c = fRows.fOrder.capture(ref);
				int f = ref.frame();
				if (c.linkType(f) != linkType) {
					continue;
				}
				java.nio.ByteBuffer data = c.frameData(f);
				int len = data.remaining();
				long ns = c.timestampNanos(f);
				rec.clear();
				rec.putInt((int) Math.floorDiv(ns, 1_000_000_000L)).putInt((int) Math.floorMod(ns, 1_000_000_000L))
						.putInt(len).putInt(c.originalLength(f));
				out.write(rec.array());
				if (buf.length < len) {
					buf = new byte[len];
				}
				data.get(data.position(), buf, 0, len);
				out.write(buf, 0, len);
				written++;
			}
		}
		return written;
	}

	private static String csvLine(String[] cells) {
		StringBuilder b = new StringBuilder();
		for (int i = 0; i < cells.length; i++) {
			String c = cells[i];
			if (i > 0) {
				b.append(',');
			}
			if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0) {
				b.append('"').append(c.replace("\"", "\"\"")).append('"');
			} else {
				b.append(c);
			}
		}
		return b.append("\r\n").toString();
	}

	// ---------------------------------------------------------------- for tests and other views

	/** @return the "no feed data" notice (tests) */
	FeedDataNotice notice() {
		return fNotice;
	}

	/** @return the cells of a row as the row model computes them, without the table (tests) */
	String[] rowCells(int row) {
		return fRows.row(row).clone();
	}

	/** Forgets the computed rows, so that the next read computes them again (tests). */
	void clearRowCache() {
		fRows.clearCache();
	}

	/** @return the dissector the rows were last dissected with, null before any (tests) */
	@Nullable
	FeedDissector dissectorShown() {
		return fRows.dissectorShown();
	}

	/** @return number of rows the table shows */
	int rowCount() {
		return fRows.getRowCount();
	}

	/** @return the background a body cell is painted with (its style by config labels), null for the default */
	@Nullable
	RGB cellBackground(int row, int column) {
		var labels = fBodyData.getConfigLabelsByPosition(column, row);
		var style = fTable.getConfigRegistry().getConfigAttribute(CellConfigAttributes.CELL_STYLE, DisplayMode.NORMAL,
				labels);
		Color c = style == null ? null : style.getAttributeValue(CellStyleAttributes.BACKGROUND_COLOR);
		return c == null ? null : c.getRGB();
	}

	/** @return the frame a row shows */
	FrameRef frameAt(int row) {
		return fRows.ref(row);
	}

	/** @return the row showing a frame, -1 if none */
	int rowOf(FrameRef ref) {
		return fRows.rowOf(ref);
	}

	/**
	 * @return the text NatTable paints in a cell (0-based row and column): the cell at its visible position
	 *         in the grid, through every layer and the display converter the text painter uses. A row or
	 *         column off screen is scrolled to for the reading and the viewport put back.
	 */
	String cellText(int row, int column) {
		if (fBodyData.getColumnWidthByPosition(column) == 0) {
			return ""; // a column of no width (Capture, one capture open) paints nothing
		}
		int oldX = fViewport.getOrigin().getX();
		int oldY = fViewport.getOrigin().getY();
		boolean following = fFollowing;
		fFollowing = true;
		try {
			if (fViewport.getRowPositionByIndex(row) < 0) {
				fViewport.moveRowPositionIntoViewport(row); // positions below the viewport are indexes here
			}
			if (fViewport.getColumnPositionByIndex(column) < 0) {
				fViewport.moveColumnPositionIntoViewport(column);
			}
			int rowPos = fViewport.getRowPositionByIndex(row);
			int colPos = fViewport.getColumnPositionByIndex(column);
			org.eclipse.nebula.widgets.nattable.layer.cell.ILayerCell cell = rowPos < 0 || colPos < 0 ? null
					: fViewport.getCellByPosition(colPos, rowPos);
			if (cell == null) {
				throw new IllegalStateException("no painted cell at row " + row + ", column " + column + ": viewport "
						+ fViewport.getColumnCount() + "x" + fViewport.getRowCount() + " at " + fViewport.getOrigin()
						+ ", positions " + colPos + "," + rowPos + ", client area " + fTable.getClientArea());
			}
			Object shown = org.eclipse.nebula.widgets.nattable.layer.cell.CellDisplayConversionUtils
					.convertDataType(cell, fTable.getConfigRegistry());
			return String.valueOf(shown);
		} finally {
			if (fViewport.getOrigin().getX() != oldX) {
				fViewport.setOriginX(oldX);
			}
			if (fViewport.getOrigin().getY() != oldY) {
				fViewport.setOriginY(oldY);
			}
			fFollowing = following;
		}
	}

	/**
	 * Selects a row and scrolls it into view, as a click would. Revealing the selection is not a window
	 * change: the other views keep their window (as in Trace Compass), so the scroll sends no signal.
	 */
	void selectRow(int row) {
		fTable.doCommand(new SelectRowsCommand(fSelection, 0, row, false, false));
		boolean following = fFollowing;
		fFollowing = true;
		try {
			fTable.doCommand(new ShowRowInViewportCommand(row));
		} finally {
			fFollowing = following;
		}
	}

	/** @return the selected rows, 0-based */
	int[] selectedRows() {
		return fSelection.getFullySelectedRowPositions();
	}

	NatTable natTable() {
		return fTable;
	}

	@Override
	public void setFocus() {
		fTable.setFocus();
	}

	@Override
	public void dispose() {
		fDisposed = true;
		// a filter job still reading frames stops; one about to hand its rows over finds the view gone
		if (fFilterJob != null) {
			fFilterJob.cancel();
		}
		if (fSized && fBodyData != null) {
			// remember the widths as the user left them (sized to content, or resized by hand)
			StringBuilder b = new StringBuilder();
			for (int c = 0; c < fWidths.length; c++) {
				int w = c == COL_CAPTURE ? fWidths[c] : fBodyData.getColumnWidthByPosition(c);
				b.append(c == 0 ? "" : ",").append(w);
			}
			IEclipsePreferences node = InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID);
			node.put(WIDTHS_KEY, b.toString());
			try {
				node.flush();
			} catch (org.osgi.service.prefs.BackingStoreException e) {
				// widths are a convenience
			}
		}
		CaptureSet.getDefault().removeListener(fListener);
		CaptureSet.getDefault().removePresentationListener(fPresentation);
		Signals.getDefault().removeSelectionListener(fFollow);
		Signals.getDefault().removeWindowListener(fFollowWindow);
		FeedModel.removeListener(fModelListener);
		InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID).removePreferenceChangeListener(fPrefs);
		for (Color c : fColours) {
			c.dispose();
		}
		super.dispose();
	}
}
