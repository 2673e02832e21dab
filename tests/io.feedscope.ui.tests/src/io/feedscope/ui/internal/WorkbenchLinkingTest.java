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
			if (m.kind(ref) == FeedModel.DATA) {
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
			byte k = m.kind(ref);
			if (k != FeedModel.DATA && k != FeedModel.NOT_FEED && line.equals(m.lineName(ref))) {
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
		while (d.kind(p) != io.feedscope.ui.chart.PacketKind.DATA) {
			p++;
		}
		// zoom in around the packet so that its mark stands alone
		long t = d.time(p);
		IncidentWorkbench.settle();
		chart().setWindow(t - 100_000, t + 100_000, d.firstSeq(p) - 200, d.endSeq(p) + 200);
		flush();
		assertEquals(t - 100_000, chart().getWindow().startNanos(), "nothing else moved the window");
		int x = chart().xOf(t);
		int y = (chart().yOf(d.firstSeq(p)) + chart().yOf(d.endSeq(p))) / 2;
		int expected = chart().packetAt(x, y);
		assertTrue(expected >= 0, "a mark under the click");
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
		assertTrue(table.filterError().startsWith("Column "), table.filterError());
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
		while (m.kind(table.frameAt(row)) != FeedModel.DATA || m.count(table.frameAt(row)) < 2) {
			row++;
		}
		FrameRef ref = table.frameAt(row);
		table.selectRow(row);
		flush();
		PacketDetailsView details = (PacketDetailsView) IncidentWorkbench.page().findView(PacketDetailsView.ID);
		List<DetailNode> all = new java.util.ArrayList<>();
		for (Object o : (Object[]) ((org.eclipse.jface.viewers.ITreeContentProvider) details.tree().getContentProvider())
				.getElements(details.tree().getInput())) {
			flatten((DetailNode) o, all);
		}
		// independent reading of the MoldUDP64 header: sequence number at payload + 10, 8 bytes big-endian
		CaptureFile c = CaptureSet.getDefault().captures().get(0);
		ByteBuffer b = c.frameData(ref.frame());
		PacketLayers l = new PacketLayers();
		l.decode(b, c.linkType(ref.frame()));
		int seqOffset = l.payloadOffset() + 10;
		long seq = b.getLong(b.position() + seqOffset);
		int count = b.getShort(b.position() + l.payloadOffset() + 18) & 0xffff;
		DetailNode seqNode = all.stream().filter(n -> n.offset() == seqOffset && n.length() == 8).findFirst()
				.orElseThrow(() -> new AssertionError("no 8-byte field at the sequence offset: " + all));
		assertTrue(seqNode.label().contains(Long.toString(seq)), seqNode.label() + " vs " + seq);
		// every message has its derived sequence number, in brackets, covering no bytes
		for (long s = seq; s < seq + count; s++) {
			long msgseq = s;
			assertTrue(all.stream().anyMatch(n -> n.label().startsWith("[") && n.label().endsWith(": " + msgseq + "]")
					&& n.offset() < 0), "derived sequence " + msgseq + " in " + all);
		}
		assertTrue(all.stream().anyMatch(n -> n.label().startsWith("Message Type: ")), "ITCH fields");
		details.tree().setSelection(new org.eclipse.jface.viewers.StructuredSelection(seqNode), true);
		flush();
		assertTrue(details.hex().isHighlighted(seqOffset) && details.hex().isHighlighted(seqOffset + 7));
		assertTrue(!details.hex().isHighlighted(seqOffset + 8));
	}

	private static void flatten(DetailNode n, List<DetailNode> out) {
		out.add(n);
		for (DetailNode c : n.children()) {
			flatten(c, out);
		}
	}
}
