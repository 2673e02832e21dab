package io.feedscope.ui.internal;

import static io.feedscope.ui.tests.UiTestSupport.flush;
import static io.feedscope.ui.tests.UiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.ui.CaptureSet;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.chart.ChartData;

/**
 * The Capture Set view over two generated tap points (the incident preset with two seeds, the second site
 * starting 1 ms later): listing, renaming in place, choosing the colour, showing one capture or all merged
 * in the packet table and the sequence chart, closing a capture. Expected frame counts come from reading the
 * files directly with {@link Captures#open(Path)}; expected chart packets from the analysis model's chart
 * (all captures) filtered by capture.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaptureSetViewTest {

	@TempDir
	static Path dir;
	static Path site1;
	static Path site2;
	static int frames1;
	static int frames2;
	static CaptureSetView view;
	static PacketTableView table;
	static SequenceChartView chart;

	@BeforeAll
	static void openTwoTapPoints() throws Exception {
		site1 = dir.resolve("site1.pcap");
		site2 = dir.resolve("site2.pcap");
		new Generator(Scenario.preset("incident").seed(11).build()).write(site1);
		Scenario s2 = Scenario.preset("incident").seed(22).build();
		new Generator(Scenario.preset("incident").seed(22)
				.start(java.time.Instant.ofEpochSecond(0, s2.startEpochNanos() + 1_000_000)
						.atZone(java.time.ZoneOffset.UTC).toLocalDateTime(), java.time.ZoneOffset.UTC)
				.build()).write(site2);
		try (CaptureFile a = Captures.open(site1); CaptureFile b = Captures.open(site2)) {
			frames1 = a.frameCount();
			frames2 = b.frameCount();
		}
		assertNotEquals(frames1, frames2, "two different captures (seeds), so a wrong capture shows in the counts");
		IWorkbenchPage page = IncidentWorkbench.page();
		table = (PacketTableView) page.findView(PacketTableView.ID);
		chart = (SequenceChartView) page.findView(SequenceChartView.ID);
		assertNotNull(table);
		assertNotNull(chart);
		// one after the other, so site 1 is capture 1 and site 2 capture 2
		IncidentWorkbench.open(site1, 60_000);
		IncidentWorkbench.add(site2, 60_000); // another tap point: File > Add Capture (Open would replace)
		view = (CaptureSetView) page.showView(CaptureSetView.ID);
		flush();
	}

	@AfterAll
	static void close() {
		CaptureSetView.colourChooser = CaptureSetView.NATIVE_DIALOG;
		IncidentWorkbench.closeAll();
	}

	private static CaptureFile capture(int i) {
		return CaptureSet.getDefault().captures().get(i);
	}

	@Test
	@Order(1)
	void listsBothCapturesWithNamesColoursAndFrames() {
		assertEquals(2, view.viewer().getTable().getItemCount());
		assertEquals("site1.pcap", view.cellText(0, CaptureSetView.COL_NAME));
		assertEquals("site2.pcap", view.cellText(1, CaptureSetView.COL_NAME));
		assertEquals(String.valueOf(frames1), view.cellText(0, CaptureSetView.COL_FRAMES));
		assertEquals(String.valueOf(frames2), view.cellText(1, CaptureSetView.COL_FRAMES));
		assertEquals("pcap", view.cellText(0, CaptureSetView.COL_FORMAT));
		// default colours: the first two of the palette, shown in the colour cells
		assertEquals(CaptureSet.PALETTE.get(0), view.cellBackground(0, CaptureSetView.COL_COLOUR));
		assertEquals(CaptureSet.PALETTE.get(1), view.cellBackground(1, CaptureSetView.COL_COLOUR));
		assertTrue(view.cellText(1, CaptureSetView.COL_FIRST).compareTo(view.cellText(0, CaptureSetView.COL_FIRST)) > 0,
				"site 2 starts later");
		assertEquals(frames1 + frames2, table.rowCount(), "merged: every frame of both");
		assertEquals(CaptureSetView.MERGED_ITEM, view.showCombo().getText());
	}

	@Test
	@Order(2)
	void renameInPlaceShowsInTheTable() {
		view.viewer().editElement(capture(1), CaptureSetView.COL_NAME);
		flush();
		Text editor = null;
		for (Control c : view.viewer().getTable().getChildren()) {
			if (c instanceof Text t && t.isVisible()) {
				editor = t;
			}
		}
		assertNotNull(editor, "the name's cell editor is open");
		assertEquals("site2.pcap", editor.getText());
		editor.setText("Carteret B");
		editor.notifyListeners(SWT.DefaultSelection, new Event()); // Enter
		flush();
		assertEquals("Carteret B", CaptureSet.getDefault().name(capture(1)));
		waitUntil("the view shows the new name", 5_000,
				() -> "Carteret B".equals(view.cellText(1, CaptureSetView.COL_NAME)));
		// the table's Capture column names each row's capture
		int row = table.rowOf(new FrameRef(1, 1));
		assertTrue(row >= 0);
		assertEquals("Carteret B", table.cellText(row, PacketTableView.COL_CAPTURE));
		assertEquals("site1.pcap", table.cellText(table.rowOf(new FrameRef(0, 1)), PacketTableView.COL_CAPTURE));
		assertTrue(view.showCombo().getItem(2).contains("Carteret B"), view.showCombo().getItem(2));
	}

	@Test
	@Order(3)
	void colourCellOpensTheChooser() {
		RGB[] offered = new RGB[1];
		CaptureSetView.colourChooser = (shell, current) -> {
			offered[0] = current;
			return new RGB(200, 30, 160);
		};
		Table t = view.viewer().getTable();
		Rectangle cell = t.getItem(0).getBounds(CaptureSetView.COL_COLOUR);
		Event down = new Event();
		down.x = cell.x + cell.width / 2;
		down.y = cell.y + cell.height / 2;
		down.button = 1;
		t.notifyListeners(SWT.MouseDown, down);
		waitUntil("the colour applied", 5_000, () -> new RGB(200, 30, 160).equals(CaptureSet.getDefault().colour(capture(0))));
		flush();
		assertEquals(CaptureSet.PALETTE.get(0), offered[0], "the chooser starts at the current colour");
		assertEquals(new RGB(200, 30, 160), view.cellBackground(0, CaptureSetView.COL_COLOUR));
		// the table's Capture column is a stripe of the capture's colour, half-way to white so the name reads
		flush();
		assertEquals(new RGB(255 - (255 - 200) / 2, 255 - (255 - 30) / 2, 255 - (255 - 160) / 2),
				table.cellBackground(table.rowOf(new FrameRef(0, 1)), PacketTableView.COL_CAPTURE));
		RGB other = CaptureSet.PALETTE.get(1);
		assertEquals(new RGB(255 - (255 - other.red) / 2, 255 - (255 - other.green) / 2, 255 - (255 - other.blue) / 2),
				table.cellBackground(table.rowOf(new FrameRef(1, 1)), PacketTableView.COL_CAPTURE));
	}

	@Test
	@Order(4)
	void onlyOneCaptureInTableAndChartThenMergedAgain() {
		FeedModel m = FeedModel.getDefault();
		int feedPackets2 = 0;
		for (int i = 0; i < m.chart().size(); i++) {
			if (ChartData.captureIndexOf(m.chart().frameIdOf(i)) == 1) {
				feedPackets2++;
			}
		}
		assertTrue(feedPackets2 > 0 && feedPackets2 < m.chart().size());

		view.showCombo().select(2); // "Only 2: Carteret B"
		view.showCombo().notifyListeners(SWT.Selection, new Event());
		flush();
		assertEquals(1, CaptureSet.getDefault().shown());
		assertEquals(frames2, table.rowCount(), "only capture 2's frames");
		assertEquals(new FrameRef(1, 1), table.frameAt(0));
		// two captures open: capture:frame, the same name the findings, the chart and the details give it
		assertEquals("2:1", table.cellText(0, PacketTableView.COL_NO), "capture 2's frame 1");
		ChartData shown = chart.chart().getChartData();
		assertEquals(feedPackets2, shown.size(), "the chart holds capture 2's packets");
		for (int i = 0; i < shown.size(); i++) {
			assertEquals(1, ChartData.captureIndexOf(shown.frameIdOf(i)), "packet " + i + " of capture 2");
		}
		// selection still links: a row of capture 2 selects its mark
		int row = frames2 / 2;
		while (m.chartIndex(table.frameAt(row)) < 0) {
			row++;
		}
		table.selectRow(row);
		flush();
		int mark = chart.chart().getSelection();
		assertTrue(mark >= 0);
		assertEquals(ChartData.frameId(1, table.frameAt(row).frame()), shown.frameIdOf(mark));

		view.showCombo().select(0);
		view.showCombo().notifyListeners(SWT.Selection, new Event());
		flush();
		assertEquals(CaptureSet.MERGED, CaptureSet.getDefault().shown());
		assertEquals(frames1 + frames2, table.rowCount(), "merged: the sum of both");
		assertEquals(m.chart().size(), chart.chart().getChartData().size(), "merged: every packet charted");
		assertEquals(m.chartIndex(new FrameRef(1, table.frameAt(table.selectedRows()[0]).frame())),
				chart.chart().getSelection(), "the selected frame stays selected");
	}

	/** A picture of the workbench with two tap points, one renamed and recoloured, for a look by eye. */
	@Test
	@Order(5)
	void screenshotOfTwoCaptures() throws Exception {
		screenshot("workbench-capture-set.png");
	}

	/** Saves the workbench window as a PNG under target/screenshots, for a look by eye. */
	private static void screenshot(String name) throws Exception {
		Path out = Path.of(System.getProperty("feedscope.repo", "../.."), "tests", "io.feedscope.ui.tests", "target",
				"screenshots");
		java.nio.file.Files.createDirectories(out);
		org.eclipse.swt.widgets.Shell shell = view.viewer().getTable().getShell();
		IncidentWorkbench.settle();
		shell.update();
		Rectangle r = shell.getBounds();
		org.eclipse.swt.graphics.Image image = new org.eclipse.swt.graphics.Image(shell.getDisplay(), r.width, r.height);
		org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(shell.getDisplay());
		try {
			gc.copyArea(image, r.x, r.y);
			org.eclipse.swt.graphics.ImageLoader loader = new org.eclipse.swt.graphics.ImageLoader();
			loader.data = new org.eclipse.swt.graphics.ImageData[] { image.getImageData() };
			Path file = out.resolve(name);
			loader.save(file.toString(), SWT.IMAGE_PNG);
			assertTrue(java.nio.file.Files.size(file) > 10_000, file + " has a picture");
		} finally {
			gc.dispose();
			image.dispose();
		}
	}

	@Test
	@Order(6)
	void closeCaptureFromTheContextMenu() {
		Table t = view.viewer().getTable();
		t.setSelection(0);
		t.notifyListeners(SWT.Selection, new Event());
		Menu menu = t.getMenu();
		menu.notifyListeners(SWT.Show, new Event());
		MenuItem close = null;
		for (MenuItem i : menu.getItems()) {
			if (i.getText().startsWith("Close Capture\t")) {
				close = i;
			}
		}
		assertNotNull(close, "Close Capture in the context menu");
		close.notifyListeners(SWT.Selection, new Event());
		menu.notifyListeners(SWT.Hide, new Event());
		IncidentWorkbench.waitForAnalysis(60_000);
		List<CaptureFile> left = CaptureSet.getDefault().captures();
		assertEquals(1, left.size());
		assertEquals(site2, left.get(0).path());
		assertEquals("Carteret B", CaptureSet.getDefault().name(left.get(0)), "the other keeps its name");
		assertEquals(1, t.getItemCount());
		assertEquals("Carteret B", view.cellText(0, CaptureSetView.COL_NAME));
		assertEquals(frames2, table.rowCount());
		assertEquals("", table.cellText(0, PacketTableView.COL_CAPTURE), "one capture: no Capture column text");
		ChartData d = chart.chart().getChartData();
		assertTrue(d.size() > 0);
		for (int i = 0; i < d.size(); i++) {
			assertEquals(0, ChartData.captureIndexOf(d.frameIdOf(i)), "only the remaining capture (now capture 1)");
		}
		assertEquals(FeedModel.getDefault().chart().size(), d.size());
	}

	/** Names and colours given to capture files come back when the files are opened again. */
	@Test
	@Order(7)
	void namesAndColoursAreRememberedByFile() throws Exception {
		IncidentWorkbench.closeAll();
		assertTrue(CaptureSet.getDefault().captures().isEmpty());
		// the other way round this time: a remembered label follows its file, not its position
		IncidentWorkbench.open(site2, 60_000);
		IncidentWorkbench.add(site1, 60_000);
		flush();
		assertEquals(site2, capture(0).path());
		assertEquals("Carteret B", CaptureSet.getDefault().name(capture(0)), "renamed in test 2");
		assertEquals("site1.pcap", CaptureSet.getDefault().name(capture(1)), "never renamed: the file name");
		assertEquals(new RGB(200, 30, 160), CaptureSet.getDefault().colour(capture(1)), "recoloured in test 3");
		assertEquals("Carteret B", view.cellText(0, CaptureSetView.COL_NAME));
		assertEquals(new RGB(200, 30, 160), view.cellBackground(1, CaptureSetView.COL_COLOUR));
		// a blank name gives the file name back, and that is remembered too
		CaptureSet.getDefault().rename(capture(0), " ");
		assertEquals("site2.pcap", CaptureSet.getDefault().name(capture(0)));
		IncidentWorkbench.closeAll();
		IncidentWorkbench.open(site2, 60_000);
		assertEquals("site2.pcap", CaptureSet.getDefault().name(capture(0)));
	}

	/** The chart's view menu colours the merged marks by capture, with the captures' colours and names. */
	@Test
	@Order(8)
	void chartMarksColouredByCaptureFromTheViewMenu() throws Exception {
		IncidentWorkbench.add(site1, 60_000); // with site 2 from test 7: two captures again
		assertEquals(2, CaptureSet.getDefault().captures().size());
		assertEquals(CaptureSet.MERGED, CaptureSet.getDefault().shown());
		org.eclipse.jface.action.IContributionItem item = chart.getViewSite().getActionBars().getMenuManager()
				.find(SequenceChartView.BY_CAPTURE_ACTION);
		assertNotNull(item, "Colour Marks by Capture in the chart's view menu");
		org.eclipse.jface.action.IAction action = ((org.eclipse.jface.action.ActionContributionItem) item).getAction();
		ChartData model = FeedModel.getDefault().chart();
		try {
			action.setChecked(true);
			action.run();
			flush();
			assertTrue(chart.chartedByCapture());
			ChartData d = chart.chart().getChartData();
			assertEquals(model.size(), d.size(), "the same packets");
			int[] perCapture = new int[2];
			for (int i = 0; i < d.size(); i++) {
				assertEquals(model.frameIdOf(i), d.frameIdOf(i), "same order");
				assertEquals(ChartData.captureIndexOf(d.frameIdOf(i)), d.line(i), "packet " + i + " on its capture's series");
				perCapture[d.line(i)]++;
			}
			assertTrue(perCapture[0] > 0 && perCapture[1] > 0, java.util.Arrays.toString(perCapture));
			assertEquals(CaptureSet.getDefault().colour(capture(0)), chart.chart().getLineColor(0));
			assertEquals(new RGB(200, 30, 160), chart.chart().getLineColor(1), "site 1's remembered colour");
			assertEquals("site1.pcap", chart.chart().getLineName(1));
			int ofSite1 = -1;
			for (int i = 0; i < d.size() && ofSite1 < 0; i++) {
				ofSite1 = d.line(i) == 1 ? i : -1;
			}
			assertTrue(chart.chart().describePacket(ofSite1).startsWith("site1.pcap"),
					"the capture's name, not \"line ...\": " + chart.chart().describePacket(ofSite1));
			// a rename reaches the legend at once
			CaptureSet.getDefault().rename(capture(1), "Site One");
			flush();
			assertEquals("Site One", chart.chart().getLineName(1));
			screenshot("workbench-chart-by-capture.png");
		} finally {
			action.setChecked(false);
			action.run();
			flush();
		}
		assertFalse(chart.chartedByCapture());
		ChartData d = chart.chart().getChartData();
		for (int i = 0; i < d.size(); i++) {
			assertEquals(model.line(i), d.line(i), "back on the lines");
		}
		assertEquals(SequenceChartView.colour(FeedScopePreferences.LINE_A_COLOR, new RGB(70, 130, 220)),
				chart.chart().getLineColor(0));
		assertEquals("A", chart.chart().getLineName(0));
		assertTrue(chart.chart().describePacket(0).startsWith("Line "), chart.chart().describePacket(0));
	}
}
