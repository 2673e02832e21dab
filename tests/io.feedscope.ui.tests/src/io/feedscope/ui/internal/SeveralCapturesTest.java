package io.feedscope.ui.internal;

import static io.feedscope.ui.tests.UiTestSupport.click;
import static io.feedscope.ui.tests.UiTestSupport.flush;
import static io.feedscope.ui.tests.UiTestSupport.menuItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
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
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.ui.CaptureSet;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.chart.ChartOverlays;

/**
 * Several captures as a new user meets them (issue 18): File &gt; Open replaces the capture set, File &gt; Add
 * Capture adds a tap point, a capture just added is shown, frames carry the same capture:frame name in the
 * table, the findings, the chart's readout and the details, "Show: only N" hides the other capture's
 * findings and bands, and a capture of another feed is questioned. Everything is read from the widgets
 * (menu items, table items, painted cells); the expected frame names come from the analysis' findings.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralCapturesTest {

	@TempDir
	static Path dir;
	static Path site1, site2, other;
	static int frames1, frames2;
	static Shell shell;

	@BeforeAll
	static void generate() throws Exception {
		site1 = dir.resolve("site1.pcap");
		site2 = dir.resolve("site2.pcap");
		other = dir.resolve("other-feed.pcap");
		new Generator(Scenario.preset("incident").build()).write(site1); // the seed incident: errors
		// the same feed (session) seen at another site on other groups: its lines and findings are its own
		new Generator(Scenario.preset("incident").seed(22).lineA("233.54.13.111", 26477).lineB("233.54.13.112", 26477)
				.build()).write(site2);
		new Generator(Scenario.preset("clean").seed(5).session("OTHERFEED1").duration(20_000_000).build()).write(other);
		try (CaptureFile a = Captures.open(site1); CaptureFile b = Captures.open(site2)) {
			frames1 = a.frameCount();
			frames2 = b.frameCount();
		}
		shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
	}

	@AfterAll
	static void close() {
		OpenCaptureHandler.chooser = OpenCaptureHandler.NATIVE_DIALOG;
		OpenCaptureHandler.otherFeedQuestion = OpenCaptureHandler.OTHER_FEED_DIALOG;
		IncidentWorkbench.closeAll();
	}

	private static void menu(String label, Path file) {
		OpenCaptureHandler.chooser = s -> List.of(file);
		try {
			click(menuItem(shell, "File", label));
		} finally {
			OpenCaptureHandler.chooser = OpenCaptureHandler.NATIVE_DIALOG;
		}
		IncidentWorkbench.waitForAnalysis(60_000);
	}

	private static List<Path> open() {
		return CaptureSet.getDefault().captures().stream().map(CaptureFile::path).toList();
	}

	private static PacketTableView table() {
		return (PacketTableView) IncidentWorkbench.page().findView(PacketTableView.ID);
	}

	private static FindingsView findings() throws Exception {
		return (FindingsView) IncidentWorkbench.page().showView(FindingsView.ID);
	}

	@Test
	@Order(1)
	void openReplacesAndAddAdds() throws Exception {
		// the Capture Set tab in front of the Findings: an analysis with errors brings the findings forward
		CaptureSetView captureSet = (CaptureSetView) IncidentWorkbench.page().showView(CaptureSetView.ID);
		FindingsView findingsView = (FindingsView) IncidentWorkbench.page().findView(FindingsView.ID);
		assertFalse(IncidentWorkbench.page().isPartVisible(findingsView), "findings behind the capture set");
		menu("Open Capture...", site1);
		assertEquals(List.of(site1), open());
		assertTrue(FeedModel.getDefault().result().findings().stream()
				.anyMatch(f -> f.severity() == io.feedscope.analysis.Severity.ERROR), "the incident has errors");
		assertTrue(IncidentWorkbench.page().isPartVisible(findingsView), "the findings came forward");
		assertFalse(IncidentWorkbench.page().isPartVisible(captureSet));
		menu("Add Capture...", site2);
		assertEquals(List.of(site1, site2), open(), "Add: a second tap point");
		assertEquals(frames1 + frames2, table().rowCount());
		menu("Open Capture...", site2);
		assertEquals(List.of(site2), open(), "Open replaces, as Wireshark's File > Open");
		assertEquals(frames2, table().rowCount());
		menu("Add Capture...", site1);
		assertEquals(List.of(site2, site1), open());
	}

	@Test
	@Order(2)
	void aCaptureJustAddedIsShown() throws Exception {
		CaptureSet.getDefault().show(0);
		flush();
		assertEquals(frames2, table().rowCount(), "only capture 1 (site 2)");
		IncidentWorkbench.closeAll();
		menu("Open Capture...", site1);
		CaptureSet.getDefault().show(0);
		flush();
		// the user leaves No. narrow with one capture open (bare frame numbers), as a remembered width would be
		table().natTable().doCommand(new org.eclipse.nebula.widgets.nattable.resize.command.ColumnResizeCommand(
				table().natTable(), 0, 20));
		menu("Add Capture...", site2);
		assertEquals(CaptureSet.MERGED, CaptureSet.getDefault().shown(), "the Show choice went back to all");
		assertEquals(frames1 + frames2, table().rowCount(), "the new capture's frames are in the table");
		numbersFit();
	}

	/**
	 * Every capture's last frame's capture:frame label fits the No. column (the first rows, which sizing to
	 * content reads, show "1:1", "2:1": far narrower), read as painted from the table's own cells.
	 */
	private static void numbersFit() {
		PacketTableView t = table();
		int[] counts = { frames1, frames2 };
		for (int c = 0; c < 2; c++) {
			int last = counts[c];
			int row = t.rowOf(new FrameRef(c, last));
			if (row < 0) {
				last--; // frame numbers from 0
				row = t.rowOf(new FrameRef(c, last));
			}
			assertTrue(row >= 0, "capture " + (c + 1) + "'s last frame is in the table");
			String label = t.cellText(row, PacketTableView.COL_NO);
			assertEquals((c + 1) + ":" + last, label);
			assertTrue(t.columnWidth(PacketTableView.COL_NO) >= t.textWidth(label) + 8,
					"No. is " + t.columnWidth(PacketTableView.COL_NO) + " px, " + label + " needs " + t.textWidth(label));
		}
		// the first 300 rows (what sizing to content reads) reach frame ~150 of each capture: 3 digits at most
		assertTrue(frames1 > 9_999 || frames2 > 9_999, "a label longer than the first rows': " + frames1 + ", " + frames2);
	}

	@Test
	@Order(3)
	void captureNumbersAgreeInEveryView() throws Exception {
		FindingsView view = findings();
		flush();
		Table t = view.viewer().getTable();
		FeedModel m = FeedModel.getDefault();
		// a finding about the second capture (index 1): its frames read "2:N" in the findings table
		int row = -1;
		for (int r = 0; r < t.getItemCount() && row < 0; r++) {
			Finding f = (Finding) t.getItem(r).getData();
			if (f.frames().length > 0 && Finding.refCapture(f.frames()[0]) == 1) {
				row = r;
			}
		}
		assertTrue(row >= 0, "a finding about capture 2 among " + t.getItemCount());
		Finding f = (Finding) t.getItem(row).getData();
		String name = (Finding.refCapture(f.frames()[0]) + 1) + ":" + Finding.refFrame(f.frames()[0]);
		assertTrue(view.itemText(row, FindingsView.COL_FRAMES).startsWith(name),
				view.itemText(row, FindingsView.COL_FRAMES) + " names " + name);
		// double-click: the table selects that frame, named the same in its painted No. cell
		t.setSelection(row);
		t.notifyListeners(SWT.Selection, new Event());
		t.notifyListeners(SWT.DefaultSelection, new Event());
		flush();
		int[] selected = table().selectedRows();
		assertEquals(1, selected.length);
		assertEquals(name, table().cellText(selected[0], PacketTableView.COL_NO));
		// the chart's readout and the details' title name it the same way
		SequenceChartView chart = (SequenceChartView) IncidentWorkbench.page().findView(SequenceChartView.ID);
		if (chart.chart().getSelection() >= 0) {
			String readout = chart.chart().describePacket(chart.chart().getSelection());
			assertTrue(readout.contains("frame " + name + " "), readout);
		} else {
			assertTrue(m.chartIndex(new io.feedscope.ui.FrameRef(1, Finding.refFrame(f.frames()[0]))) < 0,
					"not charted, so nothing selected on the chart");
		}
		PacketDetailsView details = (PacketDetailsView) IncidentWorkbench.page().findView(PacketDetailsView.ID);
		assertTrue(details.getContentDescription().endsWith("frame " + name), details.getContentDescription());

		// the findings' times follow the time preference too: seconds since the set's first frame
		var node = org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID);
		long origin = Math.min(CaptureSet.getDefault().captures().get(0).timestampNanos(1),
				CaptureSet.getDefault().captures().get(1).timestampNanos(1));
		try {
			node.put(FeedScopePreferences.TIME_FORMAT, FeedScopePreferences.TIME_RELATIVE);
			IncidentWorkbench.settle();
			long d = f.startNanos() - origin;
			String rel = String.format("%d.%06d", d / 1_000_000_000L, d % 1_000_000_000L / 1000);
			assertTrue(view.itemText(row, FindingsView.COL_TIME).startsWith(rel),
					view.itemText(row, FindingsView.COL_TIME) + " starts with " + rel);
		} finally {
			node.remove(FeedScopePreferences.TIME_FORMAT);
			IncidentWorkbench.settle();
		}
	}

	@Test
	@Order(4)
	void onlyOneCaptureHidesTheOthersFindingsAndBands() throws Exception {
		FeedModel m = FeedModel.getDefault();
		List<Finding> all = m.result().findings();
		// independent count: findings naming a frame of capture 1 (index 0), or no frame at all
		long aboutFirst = all.stream().filter(f -> f.frames().length == 0
				|| java.util.Arrays.stream(f.frames()).anyMatch(r -> Finding.refCapture(r) == 0)).count();
		assertTrue(aboutFirst < all.size(), "the second capture has findings of its own");
		assertFalse(freezesOfSecondEmpty(all), "site 2's line A froze too (the incident preset)");
		List<Finding> freezesOfSecond = all.stream().filter(f -> f.checkId().equals(ChartOverlayBuilder.FREEZES)
				&& f.frames().length > 0 && java.util.Arrays.stream(f.frames()).allMatch(r -> Finding.refCapture(r) == 1))
				.toList();
		PacketDetailsView details = (PacketDetailsView) IncidentWorkbench.page().findView(PacketDetailsView.ID);
		assertTrue(details.tree().getTree().getItemCount() > 0, "test 3 left a frame of capture 2 in the details");
		CaptureSet.getDefault().show(0);
		IncidentWorkbench.settle();
		// the details do not keep showing a frame of a capture no longer shown
		assertEquals(0, details.tree().getTree().getItemCount(), "details cleared on switching to capture 1");
		assertEquals("Select a packet", details.getContentDescription());
		FindingsView view = findings();
		flush();
		Table t = view.viewer().getTable();
		assertEquals(aboutFirst, t.getItemCount(), "only capture 1's findings listed");
		for (int r = 0; r < t.getItemCount(); r++) {
			String frames = view.itemText(r, FindingsView.COL_FRAMES);
			assertTrue(frames.isEmpty() || java.util.Arrays.stream(frames.split(", ")).anyMatch(x -> x.startsWith("1:")),
					"row " + r + " names a frame of capture 1: " + frames);
		}
		SequenceChartView chart = (SequenceChartView) IncidentWorkbench.page().findView(SequenceChartView.ID);
		ChartOverlays o = chart.chart().getOverlays();
		for (Finding f : freezesOfSecond) {
			assertTrue(o.timeBands().stream().noneMatch(b -> b.startNanos() == f.startNanos()),
					"capture 2's freeze at " + f.startNanos() + " not shaded while only capture 1 is shown");
		}
		CaptureSet.getDefault().show(CaptureSet.MERGED);
		IncidentWorkbench.settle();
		flush();
		assertEquals(all.size(), findings().viewer().getTable().getItemCount(), "all again");
		for (Finding f : freezesOfSecond) {
			assertTrue(chart.chart().getOverlays().timeBands().stream().anyMatch(b -> b.startNanos() == f.startNanos()),
					"merged: capture 2's freeze shaded");
		}
	}

	private static boolean freezesOfSecondEmpty(List<Finding> all) {
		return all.stream().noneMatch(f -> f.checkId().equals(ChartOverlayBuilder.FREEZES) && f.frames().length > 0
				&& java.util.Arrays.stream(f.frames()).allMatch(r -> Finding.refCapture(r) == 1));
	}

	@Test
	@Order(5)
	void aCaptureOfAnotherFeedIsQuestioned() throws Exception {
		List<String> asked = new ArrayList<>();
		OpenCaptureHandler.otherFeedQuestion = (s, file, its, openSessions) -> {
			asked.add(file + " " + its + " " + openSessions);
			return OpenCaptureHandler.OtherFeedChoice.ALONE;
		};
		menu("Add Capture...", other);
		IncidentWorkbench.settle();
		IncidentWorkbench.waitForAnalysis(60_000);
		assertEquals(1, asked.size(), "asked once: " + asked);
		assertTrue(asked.get(0).startsWith("other-feed.pcap [OTHERFEED1]"), asked.get(0));
		assertEquals(List.of(other), open(), "analysed alone, as the user chose");
	}

	@Test
	@Order(6)
	void windowMenuListsTheViews() {
		List<String> labels = new ArrayList<>();
		var showView = menuItem(shell, "Window", "Show View");
		assertNotNull(showView.getMenu());
		showView.getMenu().notifyListeners(SWT.Show, new Event());
		for (var item : showView.getMenu().getItems()) {
			labels.add(item.getText().replace("&", ""));
		}
		for (String view : new String[] { "Packets", "Packet Details", "Sequence Chart", "Findings", "Capture Set" }) {
			assertTrue(labels.stream().anyMatch(l -> l.startsWith(view)), view + " in " + labels);
		}
	}
}
