package io.feedscope.ui.internal;

import static io.feedscope.ui.tests.UiTestSupport.flush;
import static io.feedscope.ui.tests.UiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.Finding;
import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.capture.PacketLayers;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.Truth;
import io.feedscope.ui.CaptureSet;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.Signals;
import io.feedscope.ui.chart.ChartData;
import io.feedscope.ui.chart.ChartWindow;
import io.feedscope.ui.model.DetailNode;
import io.feedscope.ui.chart.SequenceChart;

/**
 * The workbench over the real pipeline: the generated incident capture is opened through the Open Capture
 * command, analysed by the analysis job, and the packet table, sequence chart and findings view are linked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkbenchLinkingTest {

	@TempDir
	static Path dir;
	static Path capture;
	static Truth truth;
	static PacketTableView table;
	static SequenceChartView chartView;
	static FindingsView findings;

	@BeforeAll
	static void openIncident() throws Exception {
		capture = dir.resolve("incident.pcap");
		new Generator(Scenario.preset("incident").build()).write(capture);
		truth = Truth.read(capture);
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		table = (PacketTableView) page.findView(PacketTableView.ID);
		chartView = (SequenceChartView) page.findView(SequenceChartView.ID);
		findings = (FindingsView) page.findView(FindingsView.ID);
		assertNotNull(table);
		assertNotNull(chartView, "the perspective shows the sequence chart");
		assertNotNull(findings, "the perspective shows the findings");
		IncidentWorkbench.open(capture, 60_000);
	}

	@AfterAll
	static void close() {
		IncidentWorkbench.closeAll();
	}

	private static SequenceChart chart() {
		return chartView.chart();
	}

	@Test
	@Order(1)
	void modelMatchesTheTruth() {
		FeedModel m = FeedModel.getDefault();
		assertEquals(truth.frames(), table.rowCount(), "one row per frame");
		// every data frame of line A in the truth is on line A in the model, and the same for B
		int a = 0;
		int b = 0;
		for (int f = 1; f <= truth.frames(); f++) {
			FrameRef ref = new FrameRef(0, f);
			if (m.kind(ref) == io.feedscope.dissect.PacketKind.DATA) {
				if ("A".equals(m.lineName(ref))) {
					a++;
				} else if ("B".equals(m.lineName(ref))) {
					b++;
				}
			}
		}
		assertEquals(frames(truth, "A"), a + heartbeats(m, "A"), "line A frames");
		assertEquals(frames(truth, "B"), b + heartbeats(m, "B"), "line B frames");
		assertTrue(chart().getChartData().size() > 0);
		assertTrue(!m.result().findings().isEmpty(), "the incident has findings");
	}

	private static long frames(Truth t, String line) {
		for (var l : t.list("lines")) {
			if (line.equals(l.get("line"))) {
				return ((Number) l.get("frames")).longValue();
			}
		}
		throw new AssertionError("no line " + line + " in the truth");
	}

	/** heartbeats, end of session and malformed frames of a line: counted by the truth's line frames too */
	private static long heartbeats(FeedModel m, String line) {
		long n = 0;
		for (int f = 1; f <= truth.frames(); f++) {
			FrameRef ref = new FrameRef(0, f);
			io.feedscope.dissect.PacketKind k = m.kind(ref);
			if (k != io.feedscope.dissect.PacketKind.DATA && k != io.feedscope.dissect.PacketKind.NOT_FEED
					&& line.equals(m.lineName(ref))) {
				n++;
			}
		}
		return n;
	}

	@Test
	@Order(2)
	void selectingARowHighlightsThePacketInTheChart() {
		FeedModel m = FeedModel.getDefault();
		int row = table.rowCount() / 2;
		while (m.chartIndex(table.frameAt(row)) < 0) {
			row++;
		}
		table.selectRow(row);
		flush();
		assertEquals(m.chartIndex(table.frameAt(row)), chart().getSelection());
		assertEquals("" + table.frameAt(row).frame(), table.cellText(row, PacketTableView.COL_NO));
	}

	@Test
	@Order(3)
	void clickingAMarkSelectsTheTableRow() {
		FeedModel m = FeedModel.getDefault();
		ChartData d = chart().getChartData();
		int p = d.size() / 3;
		while (d.kind(p) != io.feedscope.dissect.PacketKind.DATA) {
			p++;
		}
		// zoom in around the packet so that its mark stands alone
		long t = d.time(p);
		IncidentWorkbench.settle();
		chart().setWindow(t - 100_000, t + 100_000, d.firstSeq(p) - 200, d.endSeq(p) + 200);
		flush();
		assertEquals(t - 100_000, chart().getWindow().startNanos(), "nothing else moved the window");
		// where the packet's mark is, computed here from the window and the plot area (not by the chart's own
		// mapping): x from its capture time, y from the middle of its sequence range
		ChartWindow w = chart().getWindow();
		org.eclipse.swt.graphics.Rectangle plot = chart().getPlotArea();
		int x = plot.x + (int) Math.floor((double) (t - w.startNanos()) * plot.width / (w.endNanos() - w.startNanos()));
		double mid = (d.firstSeq(p) + d.endSeq(p)) / 2.0;
		int y = plot.y + plot.height - (int) Math.round((mid - w.firstSeq()) * plot.height / (w.endSeq() - w.firstSeq()));
		int expected = p; // alone in +-100 us: no other mark within reach of the click
		mouse(SWT.MouseDown, x, y, 0);
		mouse(SWT.MouseUp, x, y, SWT.BUTTON1);
		flush();
		assertEquals(expected, chart().getSelection());
		FrameRef ref = m.frameOfChartPacket(expected);
		assertArrayEquals(new int[] { table.rowOf(ref) }, table.selectedRows(), "the table selected " + ref);
	}

	private static void mouse(int type, int x, int y, int state) {
		Event e = new Event();
		e.widget = chart();
		e.display = chart().getDisplay();
		e.x = x;
		e.y = y;
		e.button = 1;
		e.stateMask = state;
		e.count = 1;
		e.time = (int) System.currentTimeMillis();
		chart().notifyListeners(type, e);
	}

	@Test
	@Order(4)
	void doubleClickOnAFindingMovesBothViews() {
		FeedModel m = FeedModel.getDefault();
		Finding freeze = m.result().findings().stream().filter(f -> f.checkId().equals(ChartOverlayBuilder.FREEZES))
				.findFirst().orElseThrow(() -> new AssertionError("no freeze finding: " + m.result().findings()));
		var viewer = findings.viewer();
		viewer.setSelection(new org.eclipse.jface.viewers.StructuredSelection(freeze), true);
		viewer.getTable().notifyListeners(SWT.DefaultSelection, new Event());
		flush();
		FrameRef first = new FrameRef(Finding.refCapture(freeze.frames()[0]), Finding.refFrame(freeze.frames()[0]));
		assertArrayEquals(new int[] { table.rowOf(first) }, table.selectedRows());
		assertEquals(m.chartIndex(first), chart().getSelection());
		ChartWindow w = chart().getWindow();
		assertTrue(w.startNanos() < freeze.startNanos() && w.endNanos() > freeze.endNanos(),
				"window " + w + " shows " + freeze);
		// the selected row is on screen
		int top = table.topRow();
		assertTrue(top >= 0 && table.rowOf(first) >= top && table.rowOf(first) < top + table.visibleRows(),
				"top row " + top + ", selected " + table.rowOf(first));

		// a window change alone (a chart zoom) scrolls the table so the window's first frame is the top row
		long start = freeze.endNanos();
		Signals.getDefault().changeWindow(start, start + 5_000_000, this);
		flush();
		top = table.topRow();
		long topTime = time(table.frameAt(top));
		assertTrue(topTime >= start, "top row at or after the window start");
		assertTrue(top == 0 || time(table.frameAt(top - 1)) < start, "the row above is before the window");
		assertEquals(freeze.endNanos(), topTime, "the freeze ends with line A's first frame after it, at the top");
	}

	private static long time(FrameRef ref) {
		return CaptureSet.getDefault().captures().get(ref.capture()).timestampNanos(ref.frame());
	}

	@Test
	@Order(6)
	void scrollingTheTableMovesTheChartWindowButNotTheSelection() {
		IncidentWorkbench.settle();
		int selected = chart().getSelection();
		int row = table.rowCount() - 400;
		table.scrollAsUser(row);
		flush();
		assertTrue(chart().getWindow().startNanos() != time(table.frameAt(row)), "throttled: not sent at once");
		IncidentWorkbench.settle();
		int top = table.topRow();
		int last = top + table.visibleRows() - 1;
		ChartWindow w = chart().getWindow();
		assertEquals(time(table.frameAt(top)), w.startNanos(), "the chart shows the table's first row");
		assertTrue(w.endNanos() >= time(table.frameAt(last)), "and its last");
		assertEquals(selected, chart().getSelection(), "scrolling selects nothing");
	}

	@Test
	@Order(4)
	void theStraddlingPacketIsMarkedAsTrashedWithNewData() {
		FeedModel m = FeedModel.getDefault();
		List<Long> straddling = truth.straddlingFrames();
		assertTrue(!straddling.isEmpty(), "the incident has a straddling packet");
		var highlighted = chart().getOverlays().highlights().stream()
				.map(h -> (long) m.frameOfChartPacket(h.packetIndex()).frame()).toList();
		assertEquals(new java.util.TreeSet<>(straddling), new java.util.TreeSet<>(highlighted), "highlighted frames vs the truth");
		assertTrue(chart().getOverlays().timeBands().size() == 1, "one freeze band");
	}

	@Test
	@Order(5)
	void filterCountsMatchADirectPassOverTheCapture() throws Exception {
		long expected = 0;
		try (CaptureFile c = Captures.open(capture)) {
			PacketLayers l = new PacketLayers();
			for (int f = 1; f <= c.frameCount(); f++) {
				ByteBuffer b = c.frameData(f);
				// MoldUDP64 header: session 10, sequence 8, count 2 (big-endian) at payload offset 18
				if (l.decode(b, c.linkType(f)) == PacketLayers.Kind.UDP && l.payloadLength() >= 20
						&& (b.getShort(b.position() + l.payloadOffset() + 18) & 0xffff) > 50) {
					expected++;
				}
			}
		}
		assertTrue(expected > 0, "the catch-up has packets of more than 50 messages");
		Job job = table.applyFilter("moldudp64.count > 50");
		assertNotNull(job);
		waitUntil("the filter job", 30_000, () -> job.getResult() != null);
		flush(); // the job hands its rows to the table with asyncExec
		assertEquals(expected, table.rowCount());
		for (int r = 0; r < table.rowCount(); r++) {
			assertTrue(Integer.parseInt(table.cellText(r, PacketTableView.COL_COUNT)) > 50);
		}

		// an error is shown inline with its column; the rows stay
		assertEquals(null, table.applyFilter("moldudp64.count >"));
		String error = table.filterError();
		assertTrue(!error.isEmpty());
		int columns = error.toLowerCase().split("column", -1).length - 1;
		assertEquals(1, columns, "the column is named once: " + error);
		assertEquals(PacketTableView.INVALID_FILTER, table.filterBackground(), "the bar is red");
		assertEquals(expected, table.rowCount());

		table.applyFilter("");
		assertEquals("", table.filterError());
		assertEquals(truth.frames(), table.rowCount());
	}

	@Test
	@Order(7)
	void detailsShowTheFeedLayerWithByteRanges() throws Exception {
		FeedModel m = FeedModel.getDefault();
		int row = table.rowCount() / 4;
		while (m.kind(table.frameAt(row)) != io.feedscope.dissect.PacketKind.DATA || m.count(table.frameAt(row)) < 2) {
			row++;
		}
		FrameRef ref = table.frameAt(row);
		table.selectRow(row);
		flush();
		PacketDetailsView details = (PacketDetailsView) IncidentWorkbench.page().findView(PacketDetailsView.ID);
		// what the user sees: every TreeItem of the expanded tree, its text as shown (its DetailNode gives the bytes)
		details.tree().expandAll();
		List<org.eclipse.swt.widgets.TreeItem> items = new java.util.ArrayList<>();
		for (org.eclipse.swt.widgets.TreeItem i : details.tree().getTree().getItems()) {
			flatten(i, items);
		}
		// independent reading of the MoldUDP64 header: sequence number at payload + 10, 8 bytes big-endian
		CaptureFile c = CaptureSet.getDefault().captures().get(0);
		ByteBuffer b = c.frameData(ref.frame());
		PacketLayers l = new PacketLayers();
		l.decode(b, c.linkType(ref.frame()));
		int seqOffset = l.payloadOffset() + 10;
		long seq = b.getLong(b.position() + seqOffset);
		int count = b.getShort(b.position() + l.payloadOffset() + 18) & 0xffff;
		org.eclipse.swt.widgets.TreeItem seqItem = items.stream()
				.filter(i -> ((DetailNode) i.getData()).offset() == seqOffset && ((DetailNode) i.getData()).length() == 8)
				.findFirst().orElseThrow(() -> new AssertionError("no 8-byte field at the sequence offset: " + texts(items)));
		assertTrue(seqItem.getText().contains(Long.toString(seq)), seqItem.getText() + " vs " + seq);
		DetailNode seqNode = (DetailNode) seqItem.getData();
		// every message has its derived sequence number, in brackets, covering no bytes
		for (long s = seq; s < seq + count; s++) {
			long msgseq = s;
			assertTrue(items.stream().anyMatch(i -> i.getText().startsWith("[") && i.getText().endsWith(": " + msgseq + "]")
					&& ((DetailNode) i.getData()).offset() < 0), "derived sequence " + msgseq + " in " + texts(items));
		}
		assertTrue(items.stream().anyMatch(i -> i.getText().startsWith("Message Type: ")), "ITCH fields");
		details.tree().setSelection(new org.eclipse.jface.viewers.StructuredSelection(seqNode), true);
		flush();
		assertTrue(details.hex().isHighlighted(seqOffset) && details.hex().isHighlighted(seqOffset + 7));
		assertTrue(!details.hex().isHighlighted(seqOffset + 8));
	}

	private static void flatten(org.eclipse.swt.widgets.TreeItem i, List<org.eclipse.swt.widgets.TreeItem> out) {
		out.add(i);
		for (org.eclipse.swt.widgets.TreeItem c : i.getItems()) {
			flatten(c, out);
		}
	}

	private static List<String> texts(List<org.eclipse.swt.widgets.TreeItem> items) {
		return items.stream().map(org.eclipse.swt.widgets.TreeItem::getText).toList();
	}

	@Test
	@Order(8)
	void messageTypeFilterMatchesADirectWalkOfTheMessageBlocks() throws Exception {
		// frames holding at least one ITCH "P" (trade) message: walk the MoldUDP64 blocks (2-byte length +
		// message; the message type is its first byte) of every UDP payload independently of the dissector
		long expected = 0;
		try (CaptureFile c = Captures.open(capture)) {
			PacketLayers l = new PacketLayers();
			for (int f = 1; f <= c.frameCount(); f++) {
				ByteBuffer b = c.frameData(f);
				if (l.decode(b, c.linkType(f)) != PacketLayers.Kind.UDP || l.payloadLength() < 20) {
					continue;
				}
				int base = b.position() + l.payloadOffset();
				int end = base + l.payloadLength();
				int count = b.getShort(base + 18) & 0xffff;
				int at = base + 20;
				for (int i = 0; i < count && count != 0xffff && at + 3 <= end; i++) {
					int len = b.getShort(at) & 0xffff;
					if (len > 0 && b.get(at + 2) == 'P') {
						expected++;
						break;
					}
					at += 2 + len;
				}
			}
		}
		assertTrue(expected > 0, "the generated feed has trades");
		Job job = table.applyFilter("itch50.message_type == \"P\"");
		waitUntil("the filter job", 30_000, () -> job.getResult() != null);
		flush();
		assertEquals(expected, table.rowCount());
		for (int r = 0; r < Math.min(200, table.rowCount()); r++) {
			assertTrue(table.cellText(r, PacketTableView.COL_TYPES).matches("(.* )?P\u00d7\\d+.*"),
					table.cellText(r, PacketTableView.COL_TYPES));
		}

		// the shown rows export as CSV: a header and one line per row, the frame number first
		Path csv = dir.resolve("shown.csv");
		table.exportCsv(csv);
		List<String> lines = java.nio.file.Files.readAllLines(csv);
		assertEquals(expected + 1, lines.size());
		assertTrue(lines.get(0).startsWith("No.,Capture,Time,"), lines.get(0));
		assertEquals(table.cellText(0, PacketTableView.COL_NO), lines.get(1).substring(0, lines.get(1).indexOf(',')));

		// and as a new pcap: the same frames, bytes and times, readable again
		Path pcap = dir.resolve("shown.pcap");
		assertEquals(expected, table.exportPcap(pcap));
		try (CaptureFile exported = Captures.open(pcap); CaptureFile original = Captures.open(capture)) {
			assertEquals(expected, exported.frameCount());
			for (int i = 1; i <= exported.frameCount(); i += Math.max(1, exported.frameCount() / 50)) {
				int f = table.frameAt(i - 1).frame();
				assertEquals(original.timestampNanos(f), exported.timestampNanos(i));
				assertEquals(original.frameData(f), exported.frameData(i), "frame " + f + " as exported frame " + i);
			}
		}

		// copy: the selected rows as tab-separated text
		table.selectRow(1);
		flush();
		String[] copied = table.selectionText().split("\n");
		assertEquals(2, copied.length);
		assertEquals(String.join("\t", PacketTableView.COLUMNS), copied[0]);
		assertTrue(copied[1].startsWith(table.cellText(1, PacketTableView.COL_NO) + "\t"), copied[1]);

		// Go to Frame finds only frames the filter shows
		FrameRef shown = table.frameAt(table.rowCount() - 1);
		assertTrue(table.goToFrame(table.parseFrame(Integer.toString(shown.frame()))));
		assertArrayEquals(new int[] { table.rowCount() - 1 }, table.selectedRows());
		int hidden = 1;
		while (table.rowOf(new FrameRef(0, hidden)) >= 0) {
			hidden++;
		}
		assertEquals(false, table.goToFrame(new FrameRef(0, hidden)));
		assertEquals(null, table.parseFrame("x12"));

		table.applyFilter("");
		assertEquals(truth.frames(), table.rowCount());
	}

	@Test
	@Order(9)
	void relativeTimeAndOneCaptureAtATime() {
		table.setTimeFormat(FeedScopePreferences.TIME_RELATIVE);
		try {
			assertEquals("0.000000", table.cellText(0, PacketTableView.COL_TIME));
			long t0 = time(table.frameAt(0));
			long t9 = time(table.frameAt(9));
			assertEquals(String.format("%d.%06d", (t9 - t0) / 1_000_000_000L, (t9 - t0) % 1_000_000_000L / 1000),
					table.cellText(9, PacketTableView.COL_TIME));
		} finally {
			table.setTimeFormat(FeedScopePreferences.TIME_ABSOLUTE);
		}
		assertTrue(table.cellText(0, PacketTableView.COL_TIME).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{9}"));
		table.showCapture(0);
		assertEquals(truth.frames(), table.rowCount(), "one capture open: the same rows");
		table.showCapture(-1);
	}

	@Test
	@Order(10)
	void preferencesReachTheAnalysisAndTheViews() throws Exception {
		var node = org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID);
		try {
			// the incident's freeze lasts 100 ms: above a 200 ms threshold it is no freeze any more
			FeedModel before = FeedModel.getDefault();
			node.putInt(FeedScopePreferences.FREEZE_THRESHOLD_MS, 200);
			waitUntil("the analysis ran again", 60_000, () -> FeedModel.getDefault() != before);
			IncidentWorkbench.waitForAnalysis(60_000);
			assertTrue(FeedModel.getDefault().result().findings().stream()
					.noneMatch(f -> f.checkId().equals(ChartOverlayBuilder.FREEZES)), "no freeze above 200 ms");
			assertEquals(0, chart().getOverlays().timeBands().size());

			node.put(FeedScopePreferences.LINE_A_COLOR, "10,200,30");
			IncidentWorkbench.settle();
			assertEquals(new org.eclipse.swt.graphics.RGB(10, 200, 30), chart().getLineColor(0));
		} finally {
			FeedModel before = FeedModel.getDefault();
			node.remove(FeedScopePreferences.FREEZE_THRESHOLD_MS);
			node.remove(FeedScopePreferences.LINE_A_COLOR);
			waitUntil("the analysis ran again", 60_000, () -> FeedModel.getDefault() != before);
			IncidentWorkbench.waitForAnalysis(60_000);
		}
		assertEquals(1, chart().getOverlays().timeBands().size(), "the default 50 ms finds the freeze again");
	}

	@Test
	void bindingsAreParsedIntoTheProtocolSet() throws Exception {
		// a feed on ports no description binds: not dissected until the user binds the port
		Path other = dir.resolve("other-ports.pcap");
		new Generator(Scenario.preset("clean").duration(5_000_000).lineA("239.1.2.3", 40001)
				.lineB("239.1.3.3", 40002).build()).write(other);
		var base = io.feedscope.dissect.ProtocolRegistry.getDefault().compile();
		assertTrue(AnalysisJob.applyBindings(base, "") == base, "no bindings: the same set");
		try (CaptureFile c = Captures.open(other)) {
			// without bindings only the strict heuristic finds the feed; the user's bindings take precedence
			assertTrue(new io.feedscope.dissect.FeedDissector(base).dissect(c, 1).boundBy().startsWith("heuristic"));
			var byPort = AnalysisJob.applyBindings(base, "udp.port==40000-40002 moldudp64; garbage\nudp.port==x moldudp64");
			assertEquals("user port binding", new io.feedscope.dissect.FeedDissector(byPort).dissect(c, 1).boundBy());
			var byGroup = AnalysisJob.applyBindings(base, "ip.dst==239.1.0.0/16 moldudp64");
			assertEquals("user group binding", new io.feedscope.dissect.FeedDissector(byGroup).dissect(c, 1).boundBy());
		}
	}
}
