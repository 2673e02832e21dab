package io.feedscope.ui.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.part.ViewPart;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.PacketLayers;
import io.feedscope.ui.CaptureSet;

/**
 * The packet table: one row per frame of the open captures. Virtual: SWT asks for the rows it
 * shows, and only those are read from the capture.
 */
public class PacketTableView extends ViewPart {

	public static final String ID = "io.feedscope.ui.views.packets";

	static final String[] COLUMNS = { "No.", "Time", "Source", "Destination", "Protocol", "Length", "Info" };
	private static final int[] WIDTHS = { 70, 150, 160, 160, 80, 60, 400 };
	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.")
			.withZone(ZoneOffset.UTC);

	private Table fTable;
	private final PacketLayers fLayers = new PacketLayers();
	private final Consumer<CaptureSet> fListener = set -> {
		if (fTable != null && !fTable.isDisposed()) {
			fTable.getDisplay().asyncExec(this::refresh);
		}
	};

	@Override
	public void createPartControl(Composite parent) {
		fTable = new Table(parent, SWT.VIRTUAL | SWT.FULL_SELECTION | SWT.MULTI | SWT.BORDER);
		fTable.setHeaderVisible(true);
		fTable.setLinesVisible(true);
		for (int i = 0; i < COLUMNS.length; i++) {
			TableColumn c = new TableColumn(fTable, i == 0 || i == 5 ? SWT.RIGHT : SWT.LEFT);
			c.setText(COLUMNS[i]);
			c.setWidth(WIDTHS[i]);
		}
		fTable.addListener(SWT.SetData, e -> fill((TableItem) e.item, fTable.indexOf((TableItem) e.item)));
		CaptureSet.getDefault().addListener(fListener);
		refresh();
	}

	private void refresh() {
		if (fTable.isDisposed()) {
			return;
		}
		int rows = 0;
		for (CaptureFile c : CaptureSet.getDefault().captures()) {
			rows += c.frameCount();
		}
		fTable.clearAll();
		fTable.setItemCount(rows);
		setContentDescription(describe(CaptureSet.getDefault().captures(), rows));
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

	/** Fills one row; the row index runs over the captures in the order they were opened. */
	private void fill(TableItem item, int row) {
		int r = row;
		for (CaptureFile c : CaptureSet.getDefault().captures()) {
			if (r < c.frameCount()) {
				item.setText(cells(c, r + 1));
				return;
			}
			r -= c.frameCount();
		}
	}

	String[] cells(CaptureFile c, int frame) {
		long ns = c.timestampNanos(frame);
		String time = TIME.format(Instant.ofEpochSecond(ns / 1_000_000_000L))
				+ String.format("%09d", ns % 1_000_000_000L);
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

	/** @return the table, for tests */
	Table table() {
		return fTable;
	}

	@Override
	public void setFocus() {
		fTable.setFocus();
	}

	@Override
	public void dispose() {
		CaptureSet.getDefault().removeListener(fListener);
		super.dispose();
	}
}
