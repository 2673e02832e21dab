package io.feedscope.ui.internal;

import static io.feedscope.ui.tests.UiTestSupport.click;
import static io.feedscope.ui.tests.UiTestSupport.menuItem;
import static io.feedscope.ui.tests.UiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.Finding;
import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.capture.live.CaptureService;
import io.feedscope.capture.live.CaptureSpec;
import io.feedscope.capture.live.LiveCapture;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.Truth;
import io.feedscope.ui.CaptureSet;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.internal.live.LiveCaptureController;
import io.feedscope.ui.internal.live.StartCaptureDialog;

/**
 * Capture &gt; Start... on the loopback interface in the real workbench: the dialog lists lo with its address
 * and refuses a wrong BPF filter with dumpcap's message; the capture then joins the capture set, the packet
 * table grows while a generated A/B feed (a gap on line A) is sent to lo, the status bar shows the packet
 * count, and after Capture &gt; Stop the findings hold the gap with the generator's sequence numbers.
 */
class LiveCaptureUiTest {

	private Path fDir;

	@AfterEach
	void tearDown() throws IOException {
		LiveCaptureController.getDefault().stop();
		LiveCaptureController.waitUntilStopped(org.eclipse.swt.widgets.Display.getCurrent(), 15_000);
		CaptureSet.getDefault().clear();
		if (fDir != null) {
			try (Stream<Path> s = Files.walk(fDir)) {
				for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(p);
				}
			}
		}
	}

	private static Label statusLabel(Composite c) {
		for (Control child : c.getChildren()) {
			if (child instanceof Label l && l.getText().startsWith("Capture: ")) {
				return l;
			}
			if (child instanceof Composite cc) {
				Label found = statusLabel(cc);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	/**
	 * Capture &gt; Start runs the process the preference names: dumpcap here; pcap4j, whose runtime this test
	 * runtime has nowhere (no feedscope.capture.runtime, no /usr/lib/feedscope/capture, no product), says so.
	 */
	@Test
	void capturePreferenceChoosesTheProcess() throws Exception {
		org.eclipse.core.runtime.preferences.IEclipsePreferences prefs = org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE
				.getNode("io.feedscope.ui");
		try {
			assertEquals("dumpcap", LiveCaptureController.service().processName(), "the default, auto, with dumpcap installed");
			prefs.put(FeedScopePreferences.CAPTURE_PROCESS, "pcap4j");
			io.feedscope.capture.live.CaptureException e = org.junit.jupiter.api.Assertions
					.assertThrows(io.feedscope.capture.live.CaptureException.class, LiveCaptureController::service);
			assertTrue(e.getMessage().startsWith("the pcap4j capture process is not installed"), e.getMessage());
			prefs.put(FeedScopePreferences.CAPTURE_PROCESS, "dumpcap");
			assertEquals("dumpcap", LiveCaptureController.service().processName());
		} finally {
			prefs.remove(FeedScopePreferences.CAPTURE_PROCESS);
		}
	}

	@Test
	void startOnLoopbackShowsTheFeedGrowingAndItsGap() throws Exception {
		fDir = Files.createTempDirectory("feedscope-live-ui");
		IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		Shell shell = window.getShell();
		assertNotNull(menuItem(shell, "Capture", "Start..."));
		assertNotNull(menuItem(shell, "Capture", "Stop"));

		// the dialog, driven as a user would
		StartCaptureDialog dialog = new StartCaptureDialog(shell, CaptureService.find());
		dialog.setBlockOnOpen(false);
		dialog.open();
		assertTrue(dialog.interfaceLabels().stream().anyMatch(l -> l.startsWith("lo") && l.contains("127.0.0.1")),
				dialog.interfaceLabels().toString());
		dialog.set("lo", "udp portx 26477", fDir, 1, 0);
		dialog.pressOk();
		assertNull(dialog.spec(), "a wrong filter does not start anything");
		assertTrue(dialog.getShell() != null && !dialog.getShell().isDisposed(), "the dialog stays open");
		assertTrue(dialog.getErrorMessage() != null && dialog.getErrorMessage().contains("syntax error"),
				dialog.getErrorMessage());
		dialog.set("lo", "udp and dst port 26477", fDir, 1, 0);
		dialog.pressOk();
		CaptureSpec spec = dialog.spec();
		assertNotNull(spec);
		assertEquals("lo", spec.device());

		// a feed with a gap on line A
		Scenario s = Scenario.builder().seed(4).duration(1_200_000_000L).rate(3_000).retransmissions(false)
				.loss(Scenario.Line.A, 0.4, 2).build();
		Path planned = fDir.resolve("planned.pcap");
		new Generator(s).write(planned);
		Truth truth = Truth.read(planned);
		List<byte[]> payloads = new ArrayList<>();
		List<InetSocketAddress> to = new ArrayList<>();
		List<Long> times = new ArrayList<>();
		try (CaptureFile c = Captures.open(planned)) {
			for (int f = 1; f <= c.frameCount(); f++) {
				ByteBuffer b = c.frameData(f);
				int dst = b.getInt(14 + 16);
				int port = b.getShort(14 + 20 + 2) & 0xffff;
				byte[] p = new byte[(b.getShort(14 + 20 + 4) & 0xffff) - 8];
				b.get(14 + 28, p);
				payloads.add(p);
				to.add(new InetSocketAddress(InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(dst).array()), port));
				times.add(c.timestampNanos(f));
			}
		}

		LiveCaptureController controller = LiveCaptureController.getDefault();
		controller.start(spec);
		assertTrue(controller.isRunning());
		LiveCapture capture = controller.session().capture();
		assertEquals(List.of(capture), CaptureSet.getDefault().captures(), "the live capture replaces the open ones");
		CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
			try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
				ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, NetworkInterface.getByName("lo"));
				long t0 = System.nanoTime();
				for (int i = 0; i < payloads.size(); i++) {
					long due = t0 + times.get(i) - times.get(0);
					long wait;
					while ((wait = due - System.nanoTime()) > 0) {
						LockSupport.parkNanos(wait);
					}
					ch.send(ByteBuffer.wrap(payloads.get(i)), to.get(i));
				}
			} catch (IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		});
		PacketTableView table = (PacketTableView) window.getActivePage().findView(PacketTableView.ID);
		assertNotNull(table);
		int n = payloads.size();
		waitUntil("the table growing while the feed is sent", 10_000, () -> table.rowCount() > 0 || sent.isDone());
		assertTrue(!sent.isDone() || table.rowCount() < n, "rows seen before the feed ended: " + table.rowCount());
		waitUntil("the feed sent", 20_000, sent::isDone);
		sent.join();
		waitUntil("the status bar counting every packet", 5_000, () -> {
			Label l = statusLabel(shell);
			return l != null && l.getText().startsWith("Capture: " + n + " packets");
		});

		click(menuItem(shell, "Capture", "Stop"));
		LiveCaptureController.waitUntilStopped(shell.getDisplay(), 15_000);
		waitUntil("every frame in the table", 10_000, () -> table.rowCount() == n);
		waitUntil("the final analysis", 20_000, () -> {
			AnalysisResult r = FeedModel.getDefault().result();
			return r != null && r.frames() == n;
		});
		AnalysisResult r = FeedModel.getDefault().result();
		List<Finding> gaps = r.findings().stream().filter(f -> f.checkId().equals("io.feedscope.analysis.gaps")).toList();
		List<long[]> lost = truth.lost(Scenario.Line.A);
		assertEquals(1, gaps.size(), gaps::toString);
		assertEquals(lost.get(0)[0], gaps.get(0).fromSeq());
		assertEquals(lost.get(0)[1], gaps.get(0).toSeq());
		Label l = statusLabel(shell);
		assertNotNull(l);
		assertTrue(l.getText().contains("drops 0") && l.getText().contains("(stopped)"), l.getText());
	}
}
