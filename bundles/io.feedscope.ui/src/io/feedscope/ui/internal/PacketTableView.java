package io.feedscope.ui.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.nebula.widgets.nattable.NatTable;
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
import org.eclipse.nebula.widgets.nattable.viewport.ViewportLayer;
import org.eclipse.nebula.widgets.nattable.viewport.command.ShowRowInViewportCommand;
import org.eclipse.nebula.widgets.nattable.selection.event.RowSelectionEvent;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.DropTargetAdapter;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.part.ViewPart;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.PacketLayers;
import io.feedscope.ui.CaptureSet;
import io.feedscope.ui.FrameOrder;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.Signals;

/**
 * The packet table: one row per frame of the open captures, merged by capture time.
 * <p>
 * A NatTable over an {@link IDataProvider} that maps a row to (capture, frame) and asks the capture
 * stage for that frame only when the row is painted, so ten million frames cost nothing until they
 * are scrolled to. Decoded rows are kept in a small LRU cache, because NatTable asks once per cell.
 */
public class PacketTableView extends ViewPart {

	public static final String ID = "io.feedscope.ui.views.packets";

	static final String[] COLUMNS = { "No.", "Time", "Source", "Destination", "Protocol", "Length", "Info" };
	private static final int[] WIDTHS = { 70, 150, 170, 170, 80, 60, 420 };
	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.").withZone(ZoneOffset.UTC);
	/** Rows on screen at once are far fewer; the cache only has to outlive one paint. */
	private static final int ROW_CACHE = 512;

	private NatTable fTable;
	private DataLayer fBodyData;
	private SelectionLayer fSelection;
	private final Rows fRows = new Rows();
	/** True while following another view's selection, so it is not sent back. */
	private boolean fFollowing;
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
	private final Consumer<CaptureSet> fListener = set -> {
		if (fTable != null && !fTable.isDisposed()) {
			fTable.getDisplay().asyncExec(this::refresh);
		}
	};

	/** Row model: the frames of all open captures in {@link FrameOrder}. */
	private final class Rows implements IDataProvider {
		private FrameOrder fOrder = FrameOrder.merged(List.of());
		private int fCount;
		private final PacketLayers fLayers = new PacketLayers();
		private final Map<Integer, String[]> fCache = new LinkedHashMap<>(ROW_CACHE, 0.75f, true) {
			private static final long serialVersionUID = 1L;

			@Override
			protected boolean removeEldestEntry(Map.Entry<Integer, String[]> eldest) {
				return size() > ROW_CACHE;
			}
		};

		/** @return the frame shown in a row */
		FrameRef ref(int row) {
			return fOrder.frame(row);
		}

		/** @return the row showing a frame, -1 if it is not in the table */
		int rowOf(FrameRef ref) {
			return fOrder.row(ref);
		}

		void reset(List<CaptureFile> captures) {
			fOrder = FrameOrder.merged(captures);
			fCount = fOrder.size();
			fCache.clear();
		}

		String[] row(int row) {
			return fCache.computeIfAbsent(row, r -> {
				FrameRef f = fOrder.frame(r);
				return cells(fOrder.capture(f), f.frame());
			});
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
			return fCount;
		}

		private String[] cells(CaptureFile c, int frame) {
			long ns = c.timestampNanos(frame);
			String time = TIME.format(Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L)))
					+ String.format("%09d", Math.floorMod(ns, 1_000_000_000L));
			String src = "";
			String dst = "";
			String proto;
			String info = "";
			switch (fLayers.decode(c.frameData(frame), c.linkType(frame))) {
			case UDP:
				src = PacketLayers.formatIp(fLayers.ipSource()) + ":" + fLayers.sourcePort();
				dst = PacketLayers.formatIp(fLayers.ipDestination()) + ":" + fLayers.destinationPort();
				proto = "UDP";
				info = fLayers.payloadLength() + " bytes payload";
				break;
			case OTHER_IP:
				src = PacketLayers.formatIp(fLayers.ipSource());
				dst = PacketLayers.formatIp(fLayers.ipDestination());
				proto = "IPv4/" + fLayers.ipProtocol();
				break;
			case IP_FRAGMENT:
				src = PacketLayers.formatIp(fLayers.ipSource());
				dst = PacketLayers.formatIp(fLayers.ipDestination());
				proto = "IPv4";
				info = "Fragment (not reassembled)";
				break;
			case MALFORMED:
				proto = "Malformed";
				info = fLayers.problem();
				break;
			default:
				proto = String.format("0x%04x", fLayers.etherType());
			}
			if (c.isTruncated(frame)) {
				info = "[cut by snaplen] " + info;
			}
			return new String[] { Integer.toString(frame), time, src, dst, proto,
					Integer.toString(c.originalLength(frame)), info };
		}
	}

	@Override
	public void createPartControl(Composite parent) {
		fBodyData = new DataLayer(fRows);
		for (int i = 0; i < WIDTHS.length; i++) {
			fBodyData.setColumnWidthByPosition(i, WIDTHS[i]);
		}
		fSelection = new SelectionLayer(fBodyData, false);
		// Wireshark selects whole packets, never single cells
		fSelection.addConfiguration(new RowOnlySelectionConfiguration());
		fSelection.addConfiguration(new RowOnlySelectionBindings());
		ViewportLayer viewport = new ViewportLayer(fSelection);
		ColumnHeaderLayer header = new ColumnHeaderLayer(
				new DataLayer(new DefaultColumnHeaderDataProvider(COLUMNS)), viewport, fSelection);
		CompositeLayer grid = new CompositeLayer(1, 2);
		grid.setChildLayer(GridRegion.COLUMN_HEADER, header, 0, 0);
		grid.setChildLayer(GridRegion.BODY, viewport, 0, 1);
		fTable = new NatTable(parent, SWT.NO_BACKGROUND | SWT.NO_REDRAW_RESIZE | SWT.DOUBLE_BUFFERED | SWT.BORDER,
				grid);
		CaptureSet.getDefault().addListener(fListener);
		fSelection.addLayerListener(event -> {
			if (event instanceof RowSelectionEvent && !fFollowing) {
				int[] rows = selectedRows();
				if (rows.length > 0) {
					Signals.getDefault().selectFrame(fRows.ref(rows[rows.length - 1]), this);
				}
			}
		});
		Signals.getDefault().addSelectionListener(fFollow);
		addFileDrop(fTable);
		ViewHelp.install(this);
		refresh();
	}

	/** Dropping capture files on the table opens them, as File > Open Capture would. */
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
					for (String f : files) {
						OpenCaptureHandler.openInJob(Path.of(f));
					}
				}
			}
		});
	}

	private void refresh() {
		if (fTable.isDisposed()) {
			return;
		}
		List<CaptureFile> captures = CaptureSet.getDefault().captures();
		fRows.reset(captures);
		fBodyData.fireLayerEvent(new RowStructuralRefreshEvent(fBodyData));
		setContentDescription(describe(captures, fRows.getRowCount()));
	}

	private static String describe(List<CaptureFile> captures, int rows) {
		if (captures.isEmpty()) {
			return "No capture open: File > Open Capture...";
		}
		StringBuilder b = new StringBuilder();
		for (CaptureFile c : captures) {
			b.append(b.isEmpty() ? "" : ", ").append(c.name());
		}
		return b.append(": ").append(rows).append(rows == 1 ? " frame" : " frames").toString();
	}

	/** @return number of rows (frames) the table holds */
	int rowCount() {
		return fRows.getRowCount();
	}

	/** @return the text of a cell as the table shows it (0-based row and column) */
	String cellText(int row, int column) {
		return String.valueOf(fRows.getDataValue(column, row));
	}

	/** Selects a row and scrolls it into view, as a click would. */
	void selectRow(int row) {
		fTable.doCommand(new SelectRowsCommand(fSelection, 0, row, false, false));
		fTable.doCommand(new ShowRowInViewportCommand(row));
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
		CaptureSet.getDefault().removeListener(fListener);
		Signals.getDefault().removeSelectionListener(fFollow);
		super.dispose();
	}
}
