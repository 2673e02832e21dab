package io.feedscope.ui.internal;

import static io.feedscope.ui.tests.UiTestSupport.flush;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.feedscope.ui.FeedModel;

/**
 * The bundled seed incident (samples/incident-demo.pcap.gz) in the Feed Analysis perspective at 1366x768 and
 * 1920x1080, saved as tests/io.feedscope.ui.tests/target/screenshots/workbench-sample-WxH.png for people to
 * look at. At each size: no packet table or findings column narrower than its header text, and the chart's
 * legend ends inside the chart.
 */
class SampleScreenshotTest {

	static Path out;

	@BeforeAll
	static void open() throws Exception {
		String repo = System.getProperty("feedscope.repo", "../..");
		Path sample = Path.of(repo, "features", "io.feedscope.feature", "rootfiles", "samples", "incident-demo.pcap.gz");
		assertTrue(Files.isRegularFile(sample), "the bundled sample: " + sample.toAbsolutePath());
		out = Path.of(repo, "tests", "io.feedscope.ui.tests", "target", "screenshots");
		Files.createDirectories(out);
		IncidentWorkbench.open(sample, 120_000);
	}

	@AfterAll
	static void close() {
		IncidentWorkbench.closeAll();
	}

	@Test
	void at1366x768() throws Exception {
		shoot(1366, 768);
	}

	@Test
	void at1920x1080() throws Exception {
		shoot(1920, 1080);
	}

	private static void shoot(int width, int height) throws Exception {
		Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
		shell.setBounds(0, 0, width, height);
		shell.layout(true, true);
		IncidentWorkbench.settle();
		PacketTableView table = (PacketTableView) IncidentWorkbench.page().showView(PacketTableView.ID);
		FindingsView findings = (FindingsView) IncidentWorkbench.page().showView(FindingsView.ID);
		SequenceChartView chart = (SequenceChartView) IncidentWorkbench.page().showView(SequenceChartView.ID);
		// the finding worth a look (worst first): the table, the chart and the details on its packet
		var first = FeedModel.getDefault().result().findings().get(0);
		findings.goTo(first);
		chart.chart().resetWindow();
		IncidentWorkbench.settle();
		for (int c = 0; c < PacketTableView.COLUMNS.length; c++) {
			int w = table.columnWidth(c);
			if (c == PacketTableView.COL_CAPTURE) {
				continue; // one capture: the column takes no room
			}
			int need = table.textWidth(PacketTableView.COLUMNS[c]);
			assertTrue(w >= need + 8, width + "x" + height + ": column " + PacketTableView.COLUMNS[c] + " is " + w
					+ " px for a " + need + " px header");
			// and the first rows' text fits too
			for (int r = 0; r < Math.min(20, table.rowCount()); r++) {
				int text = table.textWidth(table.cellText(r, c));
				assertTrue(w >= text + 8, "column " + PacketTableView.COLUMNS[c] + " cuts row " + r + ": "
						+ table.cellText(r, c));
			}
		}
		// Packets across the window, Info on screen (it was off screen at 1366x768): at least 150 px of it shown
		int shellWidth = shell.getClientArea().width;
		int tableWidth = table.natTable().getClientArea().width;
		assertTrue(tableWidth >= shellWidth - 40, width + "x" + height + ": Packets " + tableWidth + " px of " + shellWidth);
		int infoX = 0;
		for (int c = 0; c < PacketTableView.COL_INFO; c++) {
			infoX += table.columnWidth(c);
		}
		assertTrue(infoX + 150 <= tableWidth, width + "x" + height + ": Info starts at " + infoX + " px of " + tableWidth);
		GC gc = new GC(findings.viewer().getTable());
		try {
			for (TableColumn col : findings.viewer().getTable().getColumns()) {
				assertTrue(col.getWidth() >= gc.textExtent(col.getText()).x + 8,
						"findings column " + col.getText() + " is " + col.getWidth() + " px");
			}
			// every message's text fits its column, and the column starts on screen with room to read
			TableColumn message = findings.viewer().getTable().getColumn(FindingsView.COL_MESSAGE);
			for (int r = 0; r < findings.viewer().getTable().getItemCount(); r++) {
				String text = findings.itemText(r, FindingsView.COL_MESSAGE);
				assertTrue(message.getWidth() >= gc.textExtent(text).x, "message cut: " + text);
			}
			int messageX = 0;
			for (int c = 0; c < FindingsView.COL_MESSAGE; c++) {
				messageX += findings.viewer().getTable().getColumn(c).getWidth();
			}
			int findingsWidth = findings.viewer().getTable().getClientArea().width;
			assertTrue(messageX + 300 <= findingsWidth, width + "x" + height + ": Message starts at " + messageX
					+ " px of " + findingsWidth);
		} finally {
			gc.dispose();
		}
		// the details have room (six tree rows before): nine or more, and a whole 16-byte hex line
		PacketDetailsView details = (PacketDetailsView) IncidentWorkbench.page().showView(PacketDetailsView.ID);
		org.eclipse.swt.widgets.Tree tree = details.tree().getTree();
		int rows = tree.getClientArea().height / tree.getItemHeight();
		assertTrue(rows >= 9, width + "x" + height + ": details show " + rows + " tree rows");
		org.eclipse.swt.custom.StyledText hex = details.hex().control();
		GC hg = new GC(hex);
		try {
			hg.setFont(hex.getFont());
			int line = hg.textExtent("0000  01 00 5e 36 0c 6f 00 1b  21 3a 0a 10 08 00 45 00  ..^6.o..!:....E.").x;
			assertTrue(hex.getClientArea().width >= line, width + "x" + height + ": hex pane " + hex.getClientArea().width
					+ " px for a " + line + " px line");
		} finally {
			hg.dispose();
		}
		Image chartImage = new Image(Display.getCurrent(), chart.chart().getSize().x, chart.chart().getSize().y);
		GC cg = new GC(chartImage);
		try {
			chart.chart().paintTo(cg);
		} finally {
			cg.dispose();
			chartImage.dispose();
		}
		assertTrue(chart.chart().getLegendRight() <= chart.chart().getSize().x,
				"legend inside the chart: " + chart.chart().getLegendRight() + " of " + chart.chart().getSize().x);
		save(shell, "workbench-sample-" + width + "x" + height + ".png");
	}

	/**
	 * Saves the whole shell. A shell larger than the test display's screen (1920x1080 on a 1600x1000 Xvfb) is
	 * captured in tiles: moved so that each part lies on screen in turn (its size and layout unchanged), each
	 * part copied from the screen into its place in one picture of the full size.
	 */
	private static void save(Shell shell, String name) throws Exception {
		Display d = shell.getDisplay();
		Rectangle r = shell.getBounds();
		Rectangle screen = d.getBounds();
		Image image = new Image(d, r.width, r.height);
		GC into = new GC(image);
		try {
			for (int oy = 0; oy < r.height; oy += screen.height) {
				for (int ox = 0; ox < r.width; ox += screen.width) {
					int x = Math.min(ox, Math.max(0, r.width - screen.width));
					int y = Math.min(oy, Math.max(0, r.height - screen.height));
					shell.setLocation(-x, -y);
					shell.forceActive();
					for (int i = 0; i < 6; i++) {
						flush();
						shell.update();
						Thread.sleep(50);
					}
					int w = Math.min(screen.width, r.width), h = Math.min(screen.height, r.height);
					Image tile = new Image(d, w, h);
					GC from = new GC(d);
					try {
						from.copyArea(tile, 0, 0);
					} finally {
						from.dispose();
					}
					into.drawImage(tile, x, y);
					tile.dispose();
				}
			}
		} finally {
			into.dispose();
			shell.setLocation(0, 0);
		}
		try {
			ImageData data = image.getImageData();
			ImageLoader loader = new ImageLoader();
			loader.data = new ImageData[] { data };
			Path file = out.resolve(name);
			loader.save(file.toString(), SWT.IMAGE_PNG);
			assertTrue(Files.size(file) > 10_000, file + " has a picture");
			System.out.println("screenshot: " + file);
		} finally {
			image.dispose();
		}
	}
}
