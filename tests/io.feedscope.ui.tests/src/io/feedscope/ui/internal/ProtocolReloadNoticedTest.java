package io.feedscope.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;

/**
 * The packet table notices a protocol reload through {@link AnalysisJob#protocolsGeneration()} and reads
 * no preference per row: computing hundreds of rows reads the bindings preference not once (before, every
 * row asked {@code protocolsIfReady}, which reads it), and after File &gt; Reload Protocols the next row is
 * dissected with the new set. A change of the bindings preference changes the generation. The exports
 * are commands.
 */
class ProtocolReloadNoticedTest {

	@TempDir
	static Path dir;

	@BeforeAll
	static void open() throws Exception {
		PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell().setBounds(0, 0, 1600, 1000);
		Path capture = dir.resolve("incident.pcap");
		new Generator(Scenario.preset("incident").build()).write(capture);
		IncidentWorkbench.open(capture, 60_000);
	}

	@AfterAll
	static void close() {
		IncidentWorkbench.closeAll();
	}

	/** Issue 18: a finding's cells show their whole text as tooltips (the Message column cuts long ones). */
	@Test
	void findingTooltipsShowTheWholeText() throws Exception {
		FindingsView findings = (FindingsView) IncidentWorkbench.page().showView(FindingsView.ID);
		IncidentWorkbench.settle();
		var list = io.feedscope.ui.FeedModel.getDefault().result().findings();
		assertTrue(!list.isEmpty(), "the incident has findings");
		int longest = 0;
		for (int r = 0; r < list.size(); r++) {
			if (findings.itemText(r, 1).length() > findings.itemText(longest, 1).length()) {
				longest = r;
			}
		}
		assertEquals(findings.itemText(longest, 1), findings.toolTip(longest, 1));
		assertTrue(findings.toolTip(longest, 1).length() > 40, findings.toolTip(longest, 1));
	}

	/** Issue 18: Info, the last column, reaches the table's right edge, also after the window grew. */
	@Test
	void infoReachesTheRightEdgeWhenTheWindowGrows() throws Exception {
		PacketTableView table = (PacketTableView) IncidentWorkbench.page().showView(PacketTableView.ID);
		var shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
		try {
			shell.setBounds(0, 0, 1100, 800);
			IncidentWorkbench.settle();
			shell.setBounds(0, 0, 1600, 1000);
			IncidentWorkbench.settle();
			int sum = 0;
			for (int c = 0; c < PacketTableView.COLUMNS.length; c++) {
				sum += table.columnWidth(c);
			}
			int client = table.natTable().getClientArea().width;
			assertTrue(sum >= client - 2, "columns end at " + sum + " of " + client + " px");
		} finally {
			shell.setBounds(0, 0, 1600, 1000);
		}
	}

	/** Issue 18: the window's first size is the screen's work area (it opened 1274 px wide on a 1366 screen). */
	@Test
	void theWindowOpensAtTheScreensWidth() {
		assertEquals(new org.eclipse.swt.graphics.Point(1366, 740), ApplicationWorkbenchWindowAdvisor
				.initialSize(new org.eclipse.swt.graphics.Rectangle(0, 28, 1366, 740)));
		assertEquals(new org.eclipse.swt.graphics.Point(1280, 800), ApplicationWorkbenchWindowAdvisor.initialSize(null));
	}

	/** The exports run as commands (their handler), from the view's menu or anywhere else, as the view did. */
	@Test
	void exportsAreCommands() throws Exception {
		PacketTableView table = (PacketTableView) IncidentWorkbench.page().showView(PacketTableView.ID);
		IncidentWorkbench.settle();
		Path csv = dir.resolve("by-command.csv");
		Path pcap = dir.resolve("by-command.pcap");
		ExportShownHandler.chooser = (shell, extension) -> (extension.equals("csv") ? csv : pcap).toString();
		try {
			var handlers = PlatformUI.getWorkbench().getService(org.eclipse.ui.handlers.IHandlerService.class);
			handlers.executeCommand(ExportShownHandler.EXPORT_CSV, null);
			handlers.executeCommand(ExportShownHandler.EXPORT_PCAP, null);
		} finally {
			ExportShownHandler.chooser = ExportShownHandler.NATIVE_DIALOG;
		}
		Path direct = dir.resolve("direct.csv");
		table.exportCsv(direct);
		assertEquals(java.nio.file.Files.readAllLines(direct), java.nio.file.Files.readAllLines(csv));
		assertEquals(table.rowCount() + 1, java.nio.file.Files.readAllLines(csv).size());
		try (var exported = io.feedscope.capture.Captures.open(pcap)) {
			assertEquals(table.rowCount(), exported.frameCount());
		}
	}

	@Test
	void rowsReadNoPreferenceAndAReloadIsNoticed() throws Exception {
		PacketTableView table = (PacketTableView) IncidentWorkbench.page().showView(PacketTableView.ID);
		IncidentWorkbench.settle();
		int rows = Math.min(400, table.rowCount());
		assertTrue(rows >= 100, "the incident fills the table: " + table.rowCount());
		table.rowCells(0);
		FeedDissector before = table.dissectorShown();
		assertNotNull(before, "the rows were dissected");

		long reads = AnalysisJob.BINDINGS_READS.get();
		table.clearRowCache();
		for (int r = 0; r < rows; r++) {
			table.rowCells(r);
		}
		assertEquals(reads, AnalysisJob.BINDINGS_READS.get(), rows + " rows computed read the bindings preference");
		assertSame(before, table.dissectorShown(), "one dissector for all rows");
		assertTrue(table.rowCells(rows - 1)[PacketTableView.COL_SEQ].matches("\\d+"),
				"the rows are dissected: " + String.join(" | ", table.rowCells(rows - 1)));

		// a reload, even before the analysis runs again: the next row is dissected by a new dissector
		ProtocolSet reloaded = AnalysisJob.reloadProtocols();
		table.clearRowCache();
		table.rowCells(0);
		assertNotSame(before, table.dissectorShown(), "the table noticed the reload");
		// File > Reload Protocols analyses again: then the rows are dissected with the reloaded set
		ProtocolReloader.reload().join();
		IncidentWorkbench.waitForAnalysis(60_000);
		ProtocolSet current = AnalysisJob.protocolsIfReady(null);
		assertNotSame(reloaded, current, "Reload Protocols compiled yet another set");
		table.clearRowCache();
		table.rowCells(0);
		FeedDissector after = table.dissectorShown();
		assertNotNull(after);
		assertSame(current, after.protocols(), "the table dissects with the reloaded set");
		reads = AnalysisJob.BINDINGS_READS.get();
		table.clearRowCache();
		for (int r = 0; r < rows; r++) {
			table.rowCells(r);
		}
		assertEquals(reads, AnalysisJob.BINDINGS_READS.get(), "after the reload, still no read per row");

		IEclipsePreferences node = InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID);
		int generation = AnalysisJob.protocolsGeneration();
		node.put(FeedScopePreferences.BINDINGS, "udp.port==65001 moldudp64");
		try {
			assertNotEquals(generation, AnalysisJob.protocolsGeneration(), "new bindings: a new generation");
		} finally {
			node.remove(FeedScopePreferences.BINDINGS);
			IncidentWorkbench.waitForAnalysis(60_000);
		}
	}
}
