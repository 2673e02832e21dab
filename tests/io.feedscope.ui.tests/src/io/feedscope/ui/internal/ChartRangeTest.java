package io.feedscope.ui.internal;

import static io.feedscope.ui.tests.UiTestSupport.flush;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.PacketLayers;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.chart.ChartWindow;

/**
 * Views that bad frames cannot derail (issue 13 §5, issue 18): a generated clean feed (session
 * "SESSION001") with, written in by this test, one damaged packet whose MoldUDP64 header claims sequence
 * 99,000,000 and 5 more messages than it carries, and a second, smaller session "SESSION002" near
 * 1,000,000,000 after it. The chart must open on session 1's range (computed here by walking the frames'
 * MoldUDP64 headers), offer session 2, and the damaged frame's details must say why it is malformed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartRangeTest {

	@TempDir
	static Path dir;
	static Path file;
	/** session 1's lowest first sequence and highest end sequence, its first and last capture time */
	static long s1Min = Long.MAX_VALUE, s1Max = Long.MIN_VALUE, s1T0 = Long.MAX_VALUE, s1T1 = Long.MIN_VALUE;
	static long s2T0, fileT0;
	static int malformedFrame;
	static SequenceChartView chart;
	static PacketTableView table;

	@BeforeAll
	static void build() throws Exception {
		Path clean = dir.resolve("clean.pcap");
		new Generator(Scenario.preset("clean").seed(9).session("SESSION001").duration(200_000_000).build()).write(clean);
		ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(clean)).order(ByteOrder.LITTLE_ENDIAN);
		int magic = in.getInt(0);
		assertTrue(magic == 0xa1b2c3d4 || magic == 0xa1b23c4d, "a little-endian pcap: " + Integer.toHexString(magic));
		long fracPerSec = magic == 0xa1b23c4d ? 1_000_000_000L : 1_000_000L;
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(in.array(), 0, 24);
		List<byte[]> frames = new ArrayList<>();
		List<Long> times = new ArrayList<>();
		for (int at = 24; at < in.limit();) {
			long t = (in.getInt(at) & 0xffffffffL) * 1_000_000_000L + (in.getInt(at + 4) & 0xffffffffL) * (1_000_000_000L / fracPerSec);
			int len = in.getInt(at + 8);
			byte[] f = new byte[len];
			System.arraycopy(in.array(), at + 16, f, 0, len);
			frames.add(f);
			times.add(t);
			at += 16 + len;
		}
		fileT0 = times.get(0);
		PacketLayers l = new PacketLayers();
		int dataFrame = -1;
		for (int i = 0; i < frames.size(); i++) {
			ByteBuffer b = ByteBuffer.wrap(frames.get(i));
			if (l.decode(b, 1) != PacketLayers.Kind.UDP || l.payloadLength() < 20) {
				continue;
			}
			int p = l.payloadOffset();
			long seq = b.getLong(p + 10);
			int count = b.getShort(p + 18) & 0xffff;
			count = count == 0xffff ? 0 : count;
			s1Min = Math.min(s1Min, seq);
			s1Max = Math.max(s1Max, seq + count);
			s1T0 = Math.min(s1T0, times.get(i));
			s1T1 = Math.max(s1T1, times.get(i));
			if (dataFrame < 0 && i > frames.size() / 2 && count > 0 && count < 60 && l.isMulticast()) {
				dataFrame = i;
			}
		}
		assertTrue(dataFrame > 0 && s1Max < 50_000_000, "a data frame to copy; session 1 far below 99,000,000");
		int written = 0;
		for (int i = 0; i < frames.size(); i++) {
			record(out, times.get(i), frames.get(i), fracPerSec);
			written++;
			if (i == dataFrame) {
				// the damaged copy right after it: sequence 99,000,000, count 5 beyond the blocks present
				byte[] bad = frames.get(i).clone();
				ByteBuffer b = ByteBuffer.wrap(bad);
				l.decode(b, 1);
				int p = l.payloadOffset();
				b.putLong(p + 10, 99_000_000L);
				b.putShort(p + 18, (short) ((b.getShort(p + 18) & 0xffff) + 5));
				b.putShort(l.udpOffset() + 6, (short) 0); // no UDP checksum
				record(out, times.get(i) + 1, bad, fracPerSec);
				malformedFrame = ++written;
			}
		}
		// session 2: 40 small packets near 1,000,000,000, after session 1 (copies of the data frame, renamed)
		s2T0 = s1T1 + 50_000_000; // beyond session 1's padding (2% of its span)
		for (int k = 0; k < 40; k++) {
			byte[] f = frames.get(dataFrame).clone();
			ByteBuffer b = ByteBuffer.wrap(f);
			l.decode(b, 1);
			int p = l.payloadOffset();
			b.put(p, "SESSION002".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			int count = b.getShort(p + 18) & 0xffff;
			b.putLong(p + 10, 1_000_000_000L + (long) k * count);
			b.putShort(l.udpOffset() + 6, (short) 0);
			record(out, s2T0 + k * 100_000L, f, fracPerSec);
		}
		file = dir.resolve("two-sessions-one-damaged.pcap");
		Files.write(file, out.toByteArray());
		chart = (SequenceChartView) IncidentWorkbench.page().showView(SequenceChartView.ID);
		table = (PacketTableView) IncidentWorkbench.page().showView(PacketTableView.ID);
		IncidentWorkbench.open(file, 60_000);
	}

	/** Capture times of the frames as written, by frame number. */
	static final class CaptureSetTime {
		static final List<Long> TIMES = new ArrayList<>();

		static long of(int frame) {
			return TIMES.get(frame - 1);
		}
	}

	private static void record(ByteArrayOutputStream out, long ns, byte[] frame, long fracPerSec) {
		ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
		h.putInt((int) (ns / 1_000_000_000L)).putInt((int) (ns % 1_000_000_000L / (1_000_000_000L / fracPerSec)))
				.putInt(frame.length).putInt(frame.length);
		out.write(h.array(), 0, 16);
		out.write(frame, 0, frame.length);
		CaptureSetTime.TIMES.add(ns / (1_000_000_000L / fracPerSec) * (1_000_000_000L / fracPerSec));
	}

	@AfterAll
	static void close() {
		PacketTableView.clearFilterQuestion = (s, f) -> org.eclipse.jface.dialogs.MessageDialog.openQuestion(s,
				"Go to Frame", f);
		IncidentWorkbench.closeAll();
	}

	@Test
	@Order(1)
	void theChartOpensOnTheBusiestSessionNotTheDamagedClaim() {
		FeedModel m = FeedModel.getDefault();
		assertEquals(io.feedscope.dissect.PacketKind.MALFORMED, m.kind(new FrameRef(0, malformedFrame)), "the damaged frame is malformed");
		assertEquals(99_000_000L, m.firstSeq(new FrameRef(0, malformedFrame)), "and claims 99,000,000");
		assertTrue(m.chartIndex(new FrameRef(0, malformedFrame)) >= 0, "it is on the chart (as a glyph)");
		ChartWindow w = chart.chart().getWindow();
		long span = s1Max - s1Min;
		assertTrue(w.firstSeq() <= s1Min && w.endSeq() >= s1Max, "all of session 1 in " + w);
		assertTrue(w.firstSeq() >= 0 && w.firstSeq() >= s1Min - span / 10 - 3, "starts near session 1: " + w);
		assertTrue(w.endSeq() <= s1Max + span / 10 + 3, "not stretched to 99,000,000 or 1,000,000,000: " + w);
		assertTrue(w.startNanos() <= s1T0 && w.endNanos() >= s1T1, "session 1's time " + w);
		assertTrue(w.endNanos() < s2T0, "session 2 is not in the first view: " + w);
		// the other session is offered, and going there shows it
		var sessions = chart.sessions();
		assertEquals(2, sessions.size(), sessions.toString());
		assertEquals("SESSION001", sessions.get(0).name().strip());
		assertEquals("SESSION002", sessions.get(1).name().strip());
		chart.showSession(sessions.get(1));
		ChartWindow w2 = chart.chart().getWindow();
		assertTrue(w2.firstSeq() <= 1_000_000_000L && w2.endSeq() > 1_000_000_000L && w2.firstSeq() > 99_000_000L, w2.toString());
		chart.chart().reset();
		assertEquals(w, chart.chart().getWindow(), "Home: session 1 again");
	}

	@Test
	@Order(2)
	void theDamagedFramesDetailsSayWhy() {
		int row = table.rowOf(new FrameRef(0, malformedFrame));
		String info = table.cellText(row, PacketTableView.COL_INFO);
		assertTrue(info.startsWith("[Malformed: "), info);
		table.selectRow(row);
		flush();
		PacketDetailsView details = (PacketDetailsView) IncidentWorkbench.page().findView(PacketDetailsView.ID);
		List<String> items = new ArrayList<>();
		details.tree().expandAll();
		for (TreeItem i : details.tree().getTree().getItems()) {
			collect(i, items);
		}
		String reason = info.substring("[Malformed: ".length(), info.length() - 1);
		assertTrue(items.stream().anyMatch(s -> s.startsWith("Expert Info")), "expert items in " + items);
		assertTrue(items.stream().anyMatch(s -> s.contains(reason)), "the table's reason '" + reason + "' in " + items);
		assertTrue(items.stream().noneMatch(s -> s.startsWith("Data (")), "not just data: " + items);
		// dissected as the analysis did, with the port it learned from the good packets around (the frame alone
		// fails MoldUDP64's heuristic): its header as Wireshark would show it, the claimed sequence included
		assertTrue(items.stream().anyMatch(s -> s.startsWith("MoldUDP64")), "the MoldUDP64 layer in " + items);
		assertTrue(items.contains("Sequence: 99000000"), "its claimed sequence in " + items);
		assertTrue(items.stream().anyMatch(s -> s.startsWith("[Malformed feed packet: ") && s.contains(reason)),
				"the reason beside the layer in " + items);
	}

	private static void collect(TreeItem i, List<String> out) {
		out.add(i.getText());
		for (TreeItem c : i.getItems()) {
			collect(c, out);
		}
	}

	@Test
	@Order(3)
	void filterBarColouredAsTyped() {
		var text = table.filterText();
		text.setText("moldudp64.count > 50");
		assertEquals(PacketTableView.VALID_FILTER, table.filterBackground(), "green: a valid filter");
		assertEquals("", table.filterError());
		text.setText("moldudp64.count >");
		assertEquals(PacketTableView.INVALID_FILTER, table.filterBackground(), "red while it is not");
		assertTrue(!table.filterError().isEmpty());
		assertEquals(table.rowCount(), table.rowCount());
		text.setText("");
		assertNull(table.filterBackground());
		assertEquals("", table.filterError());
	}

	@Test
	@Order(4)
	void goToFrameChecksAsTypedAndOffersToClearTheFilter() throws Exception {
		int all = table.rowCount();
		String filter = "moldudp64.sequence == 99000001";
		table.filterText().setText(filter); // typed, then Enter
		var job = table.applyFilter(filter);
		assertNotNull(job);
		io.feedscope.ui.tests.UiTestSupport.waitUntil("the filter job", 30_000, () -> job.getResult() != null);
		flush();
		assertEquals(-1, table.rowOf(new FrameRef(0, malformedFrame)), "the filter hides the damaged frame");
		assertTrue(table.rowCount() < all);
		GoToFrameDialog d = table.goToDialog();
		d.setBlockOnOpen(false);
		d.open();
		try {
			assertEquals("", d.errorMessage(), "nothing said before anything is typed");
			assertTrue(!d.okButton().isEnabled());
			d.text().setText("x");
			assertTrue(d.errorMessage().contains("not a frame number"), d.errorMessage());
			assertTrue(!d.okButton().isEnabled());
			d.text().setText(Integer.toString(all + 5));
			assertTrue(d.errorMessage().startsWith("No frame"), d.errorMessage());
			d.text().setText(Integer.toString(malformedFrame));
			assertNull(d.errorMessage(), "a frame of the capture, hidden or not");
			assertTrue(d.okButton().isEnabled());
			List<String> asked = new ArrayList<>();
			PacketTableView.clearFilterQuestion = (s, bar) -> asked.add(bar);
			d.okButton().notifyListeners(SWT.Selection, new Event());
			flush();
			assertEquals(List.of(filter), asked, "offered to clear the filter");
			assertEquals(all, table.rowCount(), "cleared");
			assertEquals(table.rowOf(new FrameRef(0, malformedFrame)), table.selectedRows()[0], "and went to the frame");
		} finally {
			if (d.getShell() != null && !d.getShell().isDisposed()) {
				d.close();
			}
		}
	}

	@Test
	@Order(5)
	void oneTimeFormatInEveryView() throws Exception {
		var node = org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID);
		CaptureSetView captures = (CaptureSetView) IncidentWorkbench.page().showView(CaptureSetView.ID);
		try {
			node.put(FeedScopePreferences.TIME_FORMAT, FeedScopePreferences.TIME_RELATIVE);
			IncidentWorkbench.settle();
			table.setTimeFormat(FeedScopePreferences.TIME_RELATIVE);
			// the first frame is the origin: 0 in the table and in the capture set's First column
			assertEquals("0.000000", table.cellText(0, PacketTableView.COL_TIME));
			assertEquals("0.000000", captures.cellText(0, CaptureSetView.COL_FIRST));
			long last = (s2T0 + 39 * 100_000L) - fileT0;
			assertEquals(String.format("%d.%06d", last / 1_000_000_000L, last % 1_000_000_000L / 1000),
					captures.cellText(0, CaptureSetView.COL_LAST));
			// the chart's readout of the damaged frame: the same seconds since the first frame as the table's
			int row = table.rowOf(new FrameRef(0, malformedFrame));
			long t = CaptureSetTime.of(malformedFrame) - fileT0;
			String rel = String.format("%d.%06d", t / 1_000_000_000L, t % 1_000_000_000L / 1000);
			assertEquals(rel, table.cellText(row, PacketTableView.COL_TIME));
			int mark = FeedModel.getDefault().chartIndex(new FrameRef(0, malformedFrame));
			assertTrue(chart.chart().describePacket(mark).contains("  " + rel + "  "), chart.chart().describePacket(mark));
		} finally {
			node.remove(FeedScopePreferences.TIME_FORMAT);
			table.setTimeFormat(FeedScopePreferences.TIME_ABSOLUTE);
			IncidentWorkbench.settle();
		}
		assertTrue(captures.cellText(0, CaptureSetView.COL_FIRST).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{9}"),
				captures.cellText(0, CaptureSetView.COL_FIRST));
	}

	@Test
	@Order(6)
	void columnWidthsAreRememberedWhenTheViewIsReopened() throws Exception {
		// sized to content: the Time column holds its widest text of the first rows
		assertTrue(table.columnWidth(PacketTableView.COL_TIME) >= table.textWidth(table.cellText(0, PacketTableView.COL_TIME)) + 8);
		// the user widens No. by dragging (NatTable's resize command), closes the view and opens it again
		table.natTable().doCommand(new org.eclipse.nebula.widgets.nattable.resize.command.ColumnResizeCommand(
				table.natTable(), 0, 333));
		assertEquals(333, table.columnWidth(PacketTableView.COL_NO));
		int time = table.columnWidth(PacketTableView.COL_TIME);
		IncidentWorkbench.page().hideView(table);
		flush();
		table = (PacketTableView) IncidentWorkbench.page().showView(PacketTableView.ID);
		IncidentWorkbench.settle();
		assertEquals(333, table.columnWidth(PacketTableView.COL_NO), "the user's width came back");
		assertEquals(time, table.columnWidth(PacketTableView.COL_TIME));
		table.natTable().doCommand(new org.eclipse.nebula.widgets.nattable.resize.command.ColumnResizeCommand(
				table.natTable(), 0, 60));
	}

	@Test
	@Order(7)
	void toolbarAndContextMenuOfTheChart() {
		var bar = chart.getViewSite().getActionBars().getToolBarManager();
		for (String id : new String[] { SequenceChartView.ZOOM_IN, SequenceChartView.ZOOM_OUT, SequenceChartView.RESET,
				SequenceChartView.SHOW_ALL }) {
			assertNotNull(bar.find(id), id + " in the chart's toolbar");
		}
		org.eclipse.swt.widgets.Menu menu = chart.chart().getMenu();
		assertNotNull(menu, "a context menu");
		menu.notifyListeners(SWT.Show, new Event());
		List<String> labels = java.util.Arrays.stream(menu.getItems()).map(i -> i.getText().replace("&", "")).toList();
		assertTrue(labels.containsAll(List.of("Zoom to Selected Packet", "Zoom In", "Zoom Out", "Reset Zoom", "Show All",
				"Copy Packet Description")), labels.toString());
		menu.notifyListeners(SWT.Hide, new Event());
		// Show All from the toolbar: both sessions (1,000,000,000 included), the damaged claim still not
		((org.eclipse.jface.action.ActionContributionItem) bar.find(SequenceChartView.SHOW_ALL)).getAction().run();
		ChartWindow all = chart.chart().getWindow();
		assertTrue(all.endSeq() > 1_000_000_000L && all.firstSeq() >= 0 && all.firstSeq() <= s1Min, all.toString());
		// Zoom to Selected Packet on a session 1 packet: centred on it
		FeedModel m = FeedModel.getDefault();
		int row = table.rowCount() / 3;
		while (m.kind(table.frameAt(row)) != io.feedscope.dissect.PacketKind.DATA) {
			row++;
		}
		table.selectRow(row);
		flush();
		int p = chart.chart().getSelection();
		assertTrue(p >= 0);
		menu.notifyListeners(SWT.Show, new Event());
		for (var item : menu.getItems()) {
			if (item.getText().replace("&", "").equals("Zoom to Selected Packet")) {
				assertTrue(item.isEnabled());
				item.notifyListeners(SWT.Selection, new Event());
			}
		}
		menu.notifyListeners(SWT.Hide, new Event());
		ChartWindow z = chart.chart().getWindow();
		var d = chart.chart().getChartData();
		assertTrue(z.containsTime(d.time(p)) && z.overlapsSeq(d.firstSeq(p), d.endSeq(p)), z.toString());
		assertTrue(z.endSeq() - z.firstSeq() < (all.endSeq() - all.firstSeq()) / 4, "zoomed in: " + z);
		assertEquals(chart.chart().describePacket(p), chart.copyText(), "Copy: the packet's description");
		chart.chart().reset();
	}
}
