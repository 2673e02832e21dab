package io.feedscope.ui.internal;

import static io.feedscope.ui.tests.UiTestSupport.flush;
import static io.feedscope.ui.tests.UiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;

/**
 * Issue 18's details and findings, issue 17 §3's UI races, on the bundled seed incident
 * (samples/incident-demo.pcap.gz) opened as a user opens it, with the protocols not yet compiled (as at start)
 * and the Capture Set tab in front of the Findings:
 * <ul>
 * <li>no protocol description is compiled on the UI thread (the table's first paint does not wait for it), and
 * the rows still show the feed once they are;</li>
 * <li>the findings come to the front because the analysis reports an error;</li>
 * <li>findings are worded for a feed engineer (which line trailed which; no "trashed");</li>
 * <li>the details' Ethernet layer shows the MACs and their vendor names as tshark resolves them;</li>
 * <li>closing the packet table while its filter job runs: no exception, nothing touches the disposed table.</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DetailsFindingsRacesTest {

	static Path sample;

	@BeforeAll
	static void open() throws Exception {
		String repo = System.getProperty("feedscope.repo", "../..");
		sample = Path.of(repo, "features", "io.feedscope.feature", "rootfiles", "samples", "incident-demo.pcap.gz");
		assertTrue(Files.isRegularFile(sample), "the bundled sample: " + sample.toAbsolutePath());
		IncidentWorkbench.closeAll();
		IncidentWorkbench.page().showView(PacketTableView.ID);
		IncidentWorkbench.page().showView(PacketDetailsView.ID);
		IncidentWorkbench.page().showView(FindingsView.ID);
		IncidentWorkbench.page().showView(CaptureSetView.ID); // in front of the Findings, in their folder
		flush();
		assertFalse(IncidentWorkbench.page().isPartVisible(IncidentWorkbench.page().findView(FindingsView.ID)),
				"the Capture Set hides the Findings before the analysis");
		// as at start: nothing compiled yet; what the UI thread does meanwhile is recorded
		AnalysisJob.forgetProtocols();
		AnalysisJob.UI_THREAD_COMPILES.clear();
		IncidentWorkbench.open(sample, 120_000);
	}

	@AfterAll
	static void close() {
		PacketTableView.beforeFilterResult = null;
		IncidentWorkbench.closeAll();
	}

	static PacketTableView table() throws Exception {
		return (PacketTableView) IncidentWorkbench.page().showView(PacketTableView.ID);
	}

	@Test
	@Order(1)
	void noProtocolCompilationOnTheUiThread() throws Exception {
		PacketTableView table = table();
		// whatever the opening did in which order, once more deterministically: nothing compiled, and the table
		// paints its rows afresh (a new model published makes it drop its dissector, as at the first paint)
		AnalysisJob.forgetProtocols();
		FeedModel.publish(FeedModel.getDefault());
		table.natTable().redraw();
		table.natTable().update();
		table.cellText(0, PacketTableView.COL_INFO); // a cell asked for, as painting asks
		waitUntil("the protocols compiled in the background", 60_000, () -> AnalysisJob.protocolsIfReady(null) != null);
		IncidentWorkbench.settle();
		List<String> stacks = new ArrayList<>();
		for (StackTraceElement[] s : AnalysisJob.UI_THREAD_COMPILES) {
			stacks.add(Arrays.toString(Arrays.copyOf(s, Math.min(8, s.length))));
		}
		assertTrue(stacks.isEmpty(), "protocols compiled on (or waited for from) the UI thread:\n" + String.join("\n", stacks));
		// and the rows show the feed: a data frame's Info says its sequence range and message count
		FeedModel m = FeedModel.getDefault();
		int row = -1;
		for (int r = 0; r < table.rowCount() && row < 0; r++) {
			if (m.kind(table.frameAt(r)) == io.feedscope.dissect.PacketKind.DATA && m.count(table.frameAt(r)) > 1) {
				row = r;
			}
		}
		assertTrue(row >= 0, "a data frame of several messages");
		FrameRef ref = table.frameAt(row);
		String info = table.cellText(row, PacketTableView.COL_INFO);
		long seq = m.firstSeq(ref);
		assertTrue(info.startsWith(seq + "-" + (seq + m.count(ref) - 1) + " (" + m.count(ref) + " msgs)"), info);
	}

	@Test
	@Order(2)
	void findingsComeToTheFrontOnErrors() {
		var page = IncidentWorkbench.page();
		assertTrue(FeedModel.getDefault().result().findings().stream()
				.anyMatch(f -> f.severity() == io.feedscope.analysis.Severity.ERROR), "the incident has an error");
		assertTrue(page.isPartVisible(page.findView(FindingsView.ID)), "the Findings came to the front");
		assertFalse(page.isPartVisible(page.findView(CaptureSetView.ID)), "in front of the Capture Set");
	}

	/** "line A was up to 99.9 ms behind line B for messages 16499..24675 (8177 messages)" */
	static final Pattern BEHIND = Pattern.compile(
			"line ([AB]) was up to (\\d+\\.\\d) (ms|us) behind line ([AB]) for messages (\\d+)\\.\\.(\\d+) \\((\\d+) messages\\)");

	@Test
	@Order(3)
	void findingsWordedForAFeedEngineer() {
		FindingsView view = (FindingsView) IncidentWorkbench.page().findView(FindingsView.ID);
		Table t = view.viewer().getTable();
		assertTrue(t.getItemCount() > 0, "findings listed");
		boolean latency = false;
		boolean arbitration = false;
		for (int r = 0; r < t.getItemCount(); r++) {
			String msg = view.itemText(r, FindingsView.COL_MESSAGE);
			String check = view.itemText(r, FindingsView.COL_CHECK);
			assertFalse(msg.toLowerCase(java.util.Locale.ROOT).contains("trash"), "jargon in: " + msg);
			assertFalse(msg.contains("B-A"), "a sign to work out in: " + msg);
			if (check.equals("latency")) {
				Matcher x = BEHIND.matcher(msg);
				assertTrue(x.matches(), msg);
				// the seed incident: line A froze 100 ms while B went on, so A trailed B by about that much
				assertEquals("A", x.group(1), msg);
				assertEquals("B", x.group(4), msg);
				assertEquals("ms", x.group(3), msg);
				double ms = Double.parseDouble(x.group(2));
				assertTrue(ms > 90 && ms <= 100, msg);
				long from = Long.parseLong(x.group(5)), to = Long.parseLong(x.group(6));
				assertEquals(to - from + 1, Long.parseLong(x.group(7)), msg);
				latency = true;
			}
			if (check.equals("arbitration") && msg.startsWith("first-seq-only")) {
				assertTrue(msg.matches(".*; it discarded frame \\d+ on line [AB] \\(messages \\d+\\.\\.\\d+\\) whole as a repeat;.*"),
						msg);
				arbitration = true;
			}
		}
		assertTrue(latency && arbitration, "the latency and the first-seq-only findings are listed");
	}

	@Test
	@Order(4)
	void ethernetLayerAsTsharkResolvesIt() throws Exception {
		// the oracle: tshark's own reading of frame 1 with MAC name resolution
		Process p = new ProcessBuilder("tshark", "-n", "-N", "m", "-r", sample.toAbsolutePath().toString(), "-c", "1",
				"-T", "fields", "-E", "separator=|", "-e", "eth.src", "-e", "eth.dst", "-e", "eth.src_resolved", "-e",
				"eth.dst_resolved").redirectErrorStream(false).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "tshark ran: " + out);
		String[] f = out.split("\\|");
		assertEquals(4, f.length, out);
		String src = f[2].equals(f[0]) ? f[0] : f[2] + " (" + f[0] + ")";
		String dst = f[3].equals(f[1]) ? f[1] : f[3] + " (" + f[1] + ")";
		assertTrue(!f[2].equals(f[0]), "Wireshark's manuf names the source's vendor here: " + out);
		PacketDetailsView details = (PacketDetailsView) IncidentWorkbench.page().showView(PacketDetailsView.ID);
		waitUntil("Wireshark's vendor table read", 30_000, () -> OuiNames.ifRead() != null);
		PacketTableView table = table();
		assertTrue(table.goToFrame(new FrameRef(0, 1)));
		flush();
		List<String> items = new ArrayList<>();
		for (TreeItem i : details.tree().getTree().getItems()) {
			items.add(i.getText());
		}
		String eth = "Ethernet II, Src: " + src + ", Dst: " + dst;
		assertTrue(items.contains(eth), eth + " in " + items);
		assertFalse(items.stream().anyMatch(s -> s.startsWith("Link layer")), "named, not a link type: " + items);
	}

	@Test
	@Order(5)
	void closingTheTableWhileItFiltersTouchesNothing() throws Exception {
		PacketTableView table = table();
		List<IStatus> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
		ILogListener log = (status, plugin) -> logged.add(status);
		Platform.addLogListener(log);
		CountDownLatch reached = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		PacketTableView.beforeFilterResult = () -> {
			reached.countDown();
			try {
				release.await(30, TimeUnit.SECONDS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		};
		try {
			Job job = table.applyFilter("moldudp64.count > 50");
			assertNotNull(job, "a filter job runs");
			waitUntil("the filter job has its rows", 60_000, () -> reached.getCount() == 0);
			// the user closes the view while the job is about to hand its rows over
			IncidentWorkbench.page().hideView(table);
			flush();
			assertTrue(table.natTable().isDisposed(), "the table is gone");
			release.countDown();
			assertTrue(job.join(30_000, null), "the job ended");
			IncidentWorkbench.settle(); // anything it posted has run
			IStatus r = job.getResult();
			assertNotNull(r);
			assertTrue(r.getSeverity() == IStatus.CANCEL || r.isOK(), "no error from the job: " + r);
			assertEquals(IStatus.CANCEL, r.getSeverity(), "closing the view canceled its filter");
			assertTrue(logged.stream().noneMatch(s -> s.getSeverity() == IStatus.ERROR),
					"nothing logged: " + logged.stream().map(s -> s.getMessage() + " " + s.getException()).toList());
		} finally {
			release.countDown();
			PacketTableView.beforeFilterResult = null;
			Platform.removeLogListener(log);
			table(); // the view back for the tests that follow
		}
	}
}
