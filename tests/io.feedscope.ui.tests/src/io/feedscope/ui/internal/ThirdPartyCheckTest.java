package io.feedscope.ui.internal;

import static io.feedscope.ui.tests.UiTestSupport.flush;
import static io.feedscope.ui.tests.UiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.Finding;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.chart.ChartOverlays;
import io.feedscope.ui.chart.ChartOverlays.Glyph;
import io.feedscope.ui.chart.ChartOverlays.PacketHighlight;

/**
 * Issue 17's "must show" for a third-party check: the example plug-in (tests/com.example.feeds.test) contributes
 * "Example: big packets", off by default, with an option {@code min_messages}. On the bundled seed incident, the
 * Checks preference page (Window &gt; Preferences &gt; FeedScope &gt; Checks, real widgets) lists it, the user ticks
 * it and sets the option, OK re-runs the analysis, and the chart draws the check's annotations (a marked packet
 * and a triangle per big packet) through the same channel as the built-in checks; its JSON members are under its
 * id. The oracle for which packets are big is the capture itself, read here byte by byte (pcap records,
 * Ethernet/IPv4/UDP, MoldUDP64's message count at payload offset 18), not the analysis.
 */
class ThirdPartyCheckTest {

	static final String BIG = "com.example.feeds.test.bigpackets";

	static Path sample;

	@BeforeAll
	static void open() throws Exception {
		String repo = System.getProperty("feedscope.repo", "../..");
		sample = Path.of(repo, "features", "io.feedscope.feature", "rootfiles", "samples", "incident-demo.pcap.gz");
		assertTrue(Files.isRegularFile(sample), "the bundled sample: " + sample.toAbsolutePath());
		IncidentWorkbench.open(sample, 120_000);
	}

	@AfterAll
	static void restore() throws Exception {
		// back to the contribution's defaults for the tests that follow, whatever state the test left
		var node = org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID);
		node.remove(CheckPreferences.enabledKey(BIG));
		node.remove(CheckPreferences.optionKey(BIG, "min_messages"));
		node.flush();
		IncidentWorkbench.waitForAnalysis(120_000);
		IncidentWorkbench.closeAll();
	}

	@Test
	void enabledOnThePreferencePageItsOverlayIsDrawnAndItsJsonNamespaced() throws Exception {
		AnalysisResult before = FeedModel.getDefault().result();
		assertFalse(before.checkIds().contains(BIG), "off by default: " + before.checkIds());
		assertTrue(before.checkIds().contains("com.example.feeds.test.packets"), "the example's default check runs");

		// which packets are big, from the bytes: the count of every multicast MoldUDP64 packet
		List<long[]> packets = moldCounts(sample); // {frame, count}
		TreeSet<Long> counts = new TreeSet<>();
		packets.forEach(p -> counts.add(p[1]));
		// a threshold that a handful of packets (the catch-up burst) reach, set through the option: the lowest
		// count at which at most 200 packets are big (the findings of a check are bounded, at 1000)
		long threshold = counts.last();
		for (long c : counts.descendingSet()) {
			if (packets.stream().filter(p -> p[1] >= c).count() > 200) {
				break;
			}
			threshold = c;
		}
		long t = threshold;
		List<Long> bigFrames = packets.stream().filter(p -> p[1] >= t).map(p -> p[0]).toList();
		assertTrue(bigFrames.size() >= 4 && bigFrames.size() <= 200,
				"a few big packets at threshold " + threshold + ": " + bigFrames.size() + " of " + packets.size());

		PreferenceDialog d = openChecksPage();
		ChecksPreferencePage page = assertInstanceOf(ChecksPreferencePage.class, d.getSelectedPage());
		Button box = page.box(BIG);
		assertFalse(box.getSelection(), "the page shows the contribution's default (off)");
		assertTrue(page.box("io.feedscope.analysis.freezes").getSelection(), "built-in checks listed, on");
		Text option = page.optionField(BIG, "min_messages");
		assertEquals("20", option.getText(), "the declared default");
		type(option, "many");
		assertFalse(page.isValid(), "a bad value is refused as it is typed");
		assertTrue(page.getErrorMessage().contains("min_messages"), page.getErrorMessage());
		type(option, Long.toString(threshold));
		assertTrue(page.isValid(), page.getErrorMessage());
		click(box, true);
		shoot(d.getShell(), "preferences-checks.png");
		pressOk(d);
		var node = org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID);
		assertEquals("true", node.get(CheckPreferences.enabledKey(BIG), null), "the choice is stored");
		assertEquals(threshold == 20 ? null : Long.toString(threshold), node.get(CheckPreferences.optionKey(BIG, "min_messages"), null),
				"the option stored (the default is stored as no key)");
		waitUntil("the analysis re-ran with the example check", 120_000, () -> {
			AnalysisResult r = FeedModel.getDefault().result();
			return r != null && r.checkIds().contains(BIG) && Job.getJobManager().find(AnalysisJob.FAMILY).length == 0;
		});
		IncidentWorkbench.settle();

		FeedModel m = FeedModel.getDefault();
		AnalysisResult r = m.result();
		List<Long> found = r.findings().stream().filter(f -> f.checkId().equals(BIG))
				.map(f -> (long) Finding.refFrame(f.frames()[0])).sorted().toList();
		assertEquals(bigFrames, found, "one finding per big packet");

		// the chart's overlay model: a highlight on each big packet, a triangle above each
		SequenceChartView chart = (SequenceChartView) IncidentWorkbench.page().showView(SequenceChartView.ID);
		chart.chart().resetWindow();
		IncidentWorkbench.settle();
		ChartOverlays o = chart.chart().getOverlays();
		List<Long> highlighted = new ArrayList<>();
		for (PacketHighlight h : o.highlights()) {
			if (h.category().startsWith("big packet: ")) {
				assertEquals(ChartOverlays.Severity.WARNING, h.severity());
				highlighted.add((long) frameOfChartPacket(m, h.packetIndex()));
			}
		}
		highlighted.sort(null);
		assertEquals(bigFrames, highlighted, "the check's marked packets, as the chart draws them");
		List<Glyph> triangles = o.glyphs().stream().filter(g -> g.label() != null && g.label().startsWith("big packet"))
				.toList();
		assertEquals(bigFrames.size(), triangles.size());
		for (Glyph g : triangles) {
			assertEquals(ChartOverlays.GlyphShape.TRIANGLE, g.shape());
		}
		// the notes a packet table shows in the row of each big packet
		for (long frame : bigFrames) {
			assertTrue(m.notes(new io.feedscope.ui.FrameRef(0, (int) frame)).stream()
					.anyMatch(n -> n.text().startsWith("big packet: ")), "note on frame " + frame);
		}
		// the built-in overlays are still there (first-seq-only's marked packet and loss band, the freeze)
		assertTrue(o.highlights().stream().anyMatch(h -> h.category().startsWith("first-seq-only")));
		assertEquals(1, o.timeBands().size());

		// its JSON members under its id, as the schema admits for a plug-in's check
		String json = r.toJson();
		assertTrue(json.contains("\"" + BIG + ".count\": " + bigFrames.size()), "namespaced count");
		assertTrue(json.contains("\"" + BIG + ".min_messages\": " + threshold), "namespaced option");
		assertTrue(json.contains("\"com.example.feeds.test.packets.data_packets\": "), "the other example check's");

		// for people: the chart with the example check's marks, next to the seed incident screenshots
		Path out = Path.of(System.getProperty("feedscope.repo", "../.."), "tests", "io.feedscope.ui.tests", "target",
				"screenshots");
		Files.createDirectories(out);
		var size = chart.chart().getSize();
		Image image = new Image(Display.getCurrent(), size.x, size.y);
		GC gc = new GC(image);
		try {
			chart.chart().paintTo(gc);
		} finally {
			gc.dispose();
		}
		try {
			ImageLoader l = new ImageLoader();
			l.data = new org.eclipse.swt.graphics.ImageData[] { image.getImageData() };
			l.save(out.resolve("chart-example-check.png").toString(), SWT.IMAGE_PNG);
		} finally {
			image.dispose();
		}
	}

	/** Saves what the screen shows of a shell, for people to look at (target/screenshots). */
	private static void shoot(org.eclipse.swt.widgets.Shell shell, String name) throws IOException {
		shell.setSize(Math.max(shell.getSize().x, 900), Math.max(shell.getSize().y, 700));
		shell.setLocation(0, 0);
		shell.forceActive();
		for (int i = 0; i < 10; i++) {
			flush();
			shell.update();
		}
		var r = shell.getBounds();
		Image image = new Image(shell.getDisplay(), r.width, r.height);
		GC gc = new GC(shell.getDisplay());
		try {
			gc.copyArea(image, r.x, r.y);
			Path out = Path.of(System.getProperty("feedscope.repo", "../.."), "tests", "io.feedscope.ui.tests", "target",
					"screenshots");
			Files.createDirectories(out);
			ImageLoader l = new ImageLoader();
			l.data = new org.eclipse.swt.graphics.ImageData[] { image.getImageData() };
			l.save(out.resolve(name).toString(), SWT.IMAGE_PNG);
		} finally {
			gc.dispose();
			image.dispose();
		}
	}

	/** @return the frame of a chart packet */
	private static int frameOfChartPacket(FeedModel m, int chartIndex) {
		return io.feedscope.ui.chart.ChartData.frameOf(m.chart().frameIdOf(chartIndex));
	}

	/**
	 * @return {frame, message count} of every UDP packet to a multicast group whose payload is at least a
	 *         MoldUDP64 header (20 bytes: session 10, sequence 8, count 2) and whose count is a data count
	 *         (not a heartbeat 0 or end of session 0xFFFF), read from the gzip pcap by hand
	 */
	static List<long[]> moldCounts(Path gz) throws IOException {
		List<long[]> out = new ArrayList<>();
		try (InputStream raw = new GZIPInputStream(Files.newInputStream(gz));
				DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
			byte[] global = in.readNBytes(24);
			int magic = le32(global, 0);
			boolean le = magic == 0xa1b2c3d4 || magic == 0xa1b23c4d;
			int link = le ? le32(global, 20) : be32(global, 20);
			assertEquals(1, link, "Ethernet");
			for (long frame = 1;; frame++) {
				byte[] h = in.readNBytes(16);
				if (h.length < 16) {
					break;
				}
				int incl = le ? le32(h, 8) : be32(h, 8);
				byte[] p = in.readNBytes(incl);
				if (p.length < incl) {
					throw new EOFException("frame " + frame + " cut");
				}
				int off = 14;
				int type = ((p[12] & 0xff) << 8) | (p[13] & 0xff);
				if (type == 0x8100) {
					type = ((p[16] & 0xff) << 8) | (p[17] & 0xff);
					off = 18;
				}
				if (type != 0x0800 || (p[off + 9] & 0xff) != 17) {
					continue;
				}
				int ihl = (p[off] & 0x0f) * 4;
				boolean multicast = (p[off + 16] & 0xf0) == 0xe0;
				int udp = off + ihl;
				int payload = udp + 8;
				if (!multicast || p.length < payload + 20) {
					continue;
				}
				int count = ((p[payload + 18] & 0xff) << 8) | (p[payload + 19] & 0xff);
				if (count > 0 && count != 0xffff) {
					out.add(new long[] { frame, count });
				}
			}
		}
		return out;
	}

	private static int le32(byte[] b, int o) {
		return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24;
	}

	private static int be32(byte[] b, int o) {
		return (b[o] & 0xff) << 24 | (b[o + 1] & 0xff) << 16 | (b[o + 2] & 0xff) << 8 | (b[o + 3] & 0xff);
	}

	/** Opens Window &gt; Preferences on the Checks page, not blocking, as a user's click would. */
	static PreferenceDialog openChecksPage() {
		PreferenceDialog d = PreferencesUtil.createPreferenceDialogOn(
				PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), ChecksPreferencePage.ID, null, null);
		d.setBlockOnOpen(false);
		d.open();
		flush();
		return d;
	}

	private static void click(Button b, boolean selected) {
		b.setSelection(selected);
		b.notifyListeners(SWT.Selection, new Event());
		flush();
	}

	private static void type(Text t, String s) {
		t.setText(s);
		t.notifyListeners(SWT.Modify, new Event());
		flush();
	}

	/** Presses the dialog's OK ("Apply and Close") button as a user would. */
	private static void pressOk(PreferenceDialog d) {
		Button ok = findButton(d.getShell(), "Apply and Close", "OK");
		assertTrue(ok != null && ok.isEnabled(), "OK enabled");
		ok.notifyListeners(SWT.Selection, new Event());
		flush();
	}

	private static Button findButton(Control c, String... texts) {
		if (c instanceof Button b) {
			String t = b.getText().replace("&", "");
			for (String s : texts) {
				if (t.equals(s)) {
					return b;
				}
			}
		}
		if (c instanceof Composite comp) {
			for (Control child : comp.getChildren()) {
				Button b = findButton(child, texts);
				if (b != null) {
					return b;
				}
			}
		}
		return null;
	}
}
