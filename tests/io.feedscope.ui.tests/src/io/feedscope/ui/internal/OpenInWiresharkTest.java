package io.feedscope.ui.internal;

import static io.feedscope.ui.tests.UiTestSupport.click;
import static io.feedscope.ui.tests.UiTestSupport.flush;
import static io.feedscope.ui.tests.UiTestSupport.menuItem;
import static io.feedscope.ui.tests.UiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.Finding;
import io.feedscope.analysis.Severity;
import io.feedscope.capture.CaptureFile;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.Signals;
import io.feedscope.ui.internal.wireshark.ExportDissectorHandler;
import io.feedscope.ui.internal.wireshark.WiresharkFrames;
import io.feedscope.ui.internal.wireshark.WiresharkMenu;
import io.feedscope.wireshark.WiresharkLauncher;

/**
 * Issue 12 §1-2 in the workbench, through real menus: "Open in Wireshark" in the findings, packet table and
 * chart context menus starts a fake {@code wireshark} put on the launcher's PATH (a script recording its
 * arguments); the file it is given is read back with tshark (independent of FeedScope's writer): exactly the
 * picked frames and a context of 2 frames before and after each (the preference), in capture-time order,
 * each with one comment per finding of the analysis it belongs to, decoded by the Lua dissector it was given
 * (sequence numbers as the model has them), and {@code -g} pointing at the picked frame. Without wireshark
 * on the PATH the item says "(not installed)" and is disabled. Export Frames as pcapng with comments and
 * File &gt; Export Wireshark Dissector... write what tshark reads the same way.
 */
class OpenInWiresharkTest {

	private static final int CONTEXT = 2;

	@TempDir
	static Path dir;
	static Path capture;
	static Path args;
	static Map<String, String> env;
	static FindingsView findings;
	static PacketTableView table;
	static SequenceChartView chart;
	static final List<String> ERRORS = new CopyOnWriteArrayList<>();
	static java.util.function.Consumer<String> shownErrors;

	@BeforeAll
	static void openIncident() throws Exception {
		capture = dir.resolve("incident.pcap");
		new Generator(Scenario.preset("incident").build()).write(capture);
		Path bin = Files.createDirectories(dir.resolve("bin"));
		Path fake = bin.resolve("wireshark");
		// records its arguments, one per line, and a copy of the file it got to read (-r FILE) as it was when
		// it started, then renames the record into place: complete when it appears
		Files.writeString(fake, """
				#!/bin/sh
				prev=
				for a in "$@"; do
				  printf '%s\\n' "$a"
				  [ "$prev" = "-r" ] && cp "$a" "$FAKE_OUT.pcapng"
				  prev="$a"
				done > "$FAKE_OUT.part"
				mv "$FAKE_OUT.part" "$FAKE_OUT"
				""");
		Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
		args = dir.resolve("wireshark-args.txt");
		env = new HashMap<>(System.getenv());
		env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
		env.put("FAKE_OUT", args.toString());
		WiresharkMenu.launcher = () -> new WiresharkLauncher(env);
		shownErrors = WiresharkMenu.errors;
		WiresharkMenu.errors = ERRORS::add;
		InstanceScope.INSTANCE.getNode("io.feedscope.ui").putInt(WiresharkFrames.CONTEXT_FRAMES, CONTEXT);
		IWorkbenchPage page = IncidentWorkbench.page();
		findings = (FindingsView) page.findView(FindingsView.ID);
		table = (PacketTableView) page.findView(PacketTableView.ID);
		chart = (SequenceChartView) page.findView(SequenceChartView.ID);
		assertNotNull(findings);
		assertNotNull(table);
		assertNotNull(chart);
		IncidentWorkbench.open(capture, 60_000);
	}

	@AfterAll
	static void restore() {
		WiresharkMenu.launcher = WiresharkLauncher::system;
		WiresharkMenu.errors = shownErrors;
		InstanceScope.INSTANCE.getNode("io.feedscope.ui").remove(WiresharkFrames.CONTEXT_FRAMES);
		IncidentWorkbench.closeAll();
	}

	// ------------------------------------------------------------------ the oracle

	/** @return frames f-CONTEXT..f+CONTEXT of each picked frame (one capture: the views' order is the file's), in time order */
	private static List<Integer> expectedFrames(List<Integer> picked) {
		CaptureFile c = FeedModel.getDefault().captures().get(0);
		TreeSet<Integer> set = new TreeSet<>();
		for (int f : picked) {
			for (int g = Math.max(1, f - CONTEXT); g <= Math.min(c.frameCount(), f + CONTEXT); g++) {
				set.add(g);
			}
		}
		List<Integer> out = new ArrayList<>(set);
		out.sort(Comparator.<Integer>comparingLong(c::timestampNanos).thenComparing(Comparator.naturalOrder()));
		return out;
	}

	/** @return the comments a frame should carry: "CHECK: message" of every finding naming it, in the analysis' order */
	private static List<String> expectedComments(int frame) {
		List<String> out = new ArrayList<>();
		for (Finding f : FeedModel.getDefault().result().findings()) {
			for (long r : f.frames()) {
				if (Finding.refCapture(r) == 0 && Finding.refFrame(r) == frame) {
					out.add(f.checkId() + ": " + f.message());
					break;
				}
			}
		}
		return out;
	}

	private static String tshark() {
		for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
			if (Files.isExecutable(Path.of(d, "tshark"))) {
				return Path.of(d, "tshark").toString();
			}
		}
		throw new AssertionError("tshark is not installed (releng/test installs it)");
	}

	/** @return tshark's fields, one row per frame, columns split at tabs; repeated fields joined by '|' */
	static List<String[]> tsharkFields(Path file, Path lua, String... fields) throws IOException, InterruptedException {
		List<String> cmd = new ArrayList<>(List.of(tshark(), "-n", "-r", file.toString(), "-T", "fields", "-E", "aggregator=|"));
		if (lua != null) {
			cmd.add(1, "-X");
			cmd.add(2, "lua_script:" + lua);
		}
		for (String f : fields) {
			cmd.add("-e");
			cmd.add(f);
		}
		ProcessBuilder pb = new ProcessBuilder(cmd);
		Path err = dir.resolve("tshark.err");
		pb.redirectError(err.toFile());
		Process p = pb.start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(120, TimeUnit.SECONDS));
		assertEquals(0, p.exitValue(), cmd + ": " + Files.readString(err));
		List<String[]> rows = new ArrayList<>();
		for (String line : out.split("\n")) {
			if (!line.isEmpty()) {
				rows.add(line.split("\t", -1));
			}
		}
		return rows;
	}

	/**
	 * Checks a written file against the oracle: its frames (by capture time, exact to the ns), their comments,
	 * and, when the dissector is given, every data frame's sequence number as FeedScope's model has it.
	 */
	private static void assertFrames(Path file, Path lua, List<Integer> expected) throws Exception {
		CaptureFile c = FeedModel.getDefault().captures().get(0);
		List<String[]> rows = tsharkFields(file, lua, "frame.time_epoch", "frame.comment", "frame.interface_name",
				lua == null ? "frame.number" : "fs.moldudp64.sequence");
		assertEquals(expected.size(), rows.size(), "frames written: " + expected);
		FeedModel m = FeedModel.getDefault();
		int data = 0;
		for (int i = 0; i < rows.size(); i++) {
			int frame = expected.get(i);
			String[] r = rows.get(i);
			long ns = new BigDecimal(r[0]).movePointRight(9).longValueExact();
			assertEquals(c.timestampNanos(frame), ns, "frame " + (i + 1) + " of the file is frame " + frame);
			List<String> comments = r[1].isEmpty() ? List.of() : List.of(r[1].split("\\|"));
			assertEquals(expectedComments(frame), comments, "comments of frame " + frame);
			assertEquals("incident.pcap", r[2], "the capture's name kept as the interface name");
			if (lua != null && m.kind(new FrameRef(0, frame)) == io.feedscope.dissect.PacketKind.DATA) {
				assertEquals(Long.toString(m.firstSeq(new FrameRef(0, frame))), r[3], "sequence of frame " + frame + " by the Lua dissector");
				data++;
			}
		}
		assertTrue(lua == null || data > 0, "some data frames decoded");
	}

	// ------------------------------------------------------------------ driving the menus

	private static MenuItem item(Menu menu, String label) {
		menu.notifyListeners(SWT.Show, new Event());
		for (MenuItem i : menu.getItems()) {
			if (i.getText().replace("&", "").startsWith(label)) {
				return i;
			}
		}
		throw new AssertionError("no '" + label + "' in " + java.util.Arrays.stream(menu.getItems()).map(MenuItem::getText).toList());
	}

	/** Clicks Open in Wireshark; @return the fake wireshark's arguments */
	private static List<String> open(Menu menu) throws IOException {
		Files.deleteIfExists(args);
		Files.deleteIfExists(Path.of(args + ".pcapng"));
		MenuItem open = item(menu, WiresharkMenu.OPEN);
		assertEquals(WiresharkMenu.OPEN, open.getText());
		assertTrue(open.isEnabled());
		click(open);
		menu.notifyListeners(SWT.Hide, new Event());
		waitUntil("the fake wireshark ran", 30_000, () -> Files.exists(args) || !ERRORS.isEmpty());
		assertEquals(List.of(), ERRORS);
		List<String> a = Files.readAllLines(args);
		assertEquals(6, a.size(), a.toString());
		assertEquals("-X", a.get(0));
		assertTrue(a.get(1).startsWith("lua_script:"), a.toString());
		assertEquals("-r", a.get(2));
		assertEquals("-g", a.get(4));
		Path lua = Path.of(a.get(1).substring("lua_script:".length()));
		assertTrue(Files.readString(lua).startsWith("-- Wireshark dissector generated by `feedscope export-lua`"), lua.toString());
		return a;
	}

	private static void checkOpened(List<String> a, List<Integer> picked, int focus) throws Exception {
		List<Integer> expected = expectedFrames(picked);
		Path lua = Path.of(a.get(1).substring("lua_script:".length()));
		// the copy the fake made when it started: the file was complete before Wireshark was started on it
		assertFrames(Path.of(args + ".pcapng"), lua, expected);
		assertEquals(expected.indexOf(focus) + 1, Integer.parseInt(a.get(5)), "-g: the picked frame " + focus);
	}

	private static Finding arbitration() {
		return FeedModel.getDefault().result().findings().stream()
				.filter(f -> f.severity() == Severity.ERROR && f.checkId().endsWith("arbitration")).findFirst().orElseThrow();
	}

	private static List<Integer> frames(Finding f) {
		List<Integer> out = new ArrayList<>();
		for (long r : f.frames()) {
			out.add(Finding.refFrame(r));
		}
		return out;
	}

	@Test
	void findingOpensItsFramesWithContextAndComments() throws Exception {
		Finding f = arbitration();
		assertTrue(f.frames().length >= 2, "the arbitration finding names its frames");
		findings.viewer().setSelection(new StructuredSelection(f), true);
		flush();
		List<String> a = open(findings.viewer().getControl().getMenu());
		assertTrue(Path.of(a.get(3)).getFileName().toString().startsWith("finding-arbitration"), a.get(3));
		checkOpened(a, frames(f), Finding.refFrame(f.frames()[0]));
	}

	@Test
	void tableRowsOpenWithContextClippedAtTheStart() throws Exception {
		Finding f = arbitration();
		int picked = Finding.refFrame(f.frames()[0]);
		assertTrue(table.goToFrame(new FrameRef(0, picked)));
		flush();
		checkOpened(open(table.natTable().getMenu()), List.of(picked), picked);
		// the first frame: no context before it
		assertTrue(table.goToFrame(new FrameRef(0, 1)));
		flush();
		List<String> a = open(table.natTable().getMenu());
		checkOpened(a, List.of(1), 1);
		assertEquals("1", a.get(5));
	}

	@Test
	void chartPacketOpens() throws Exception {
		FeedModel m = FeedModel.getDefault();
		int frame = m.captures().get(0).frameCount() / 2;
		while (m.chartIndex(new FrameRef(0, frame)) < 0) {
			frame++;
		}
		Signals.getDefault().selectFrame(new FrameRef(0, frame), this);
		flush();
		assertTrue(chart.chart().getSelection() >= 0, "the chart selected the packet");
		checkOpened(open(chart.chart().getMenu()), List.of(frame), frame);
	}

	@Test
	void withoutWiresharkTheItemSaysSoAndIsDisabled() throws Exception {
		Path empty = Files.createDirectories(dir.resolve("no-wireshark"));
		WiresharkMenu.launcher = () -> new WiresharkLauncher(Map.of("PATH", empty.toString()));
		try {
			findings.viewer().setSelection(new StructuredSelection(arbitration()), true);
			flush();
			for (Menu menu : List.of(findings.viewer().getControl().getMenu(), table.natTable().getMenu(), chart.chart().getMenu())) {
				MenuItem open = item(menu, WiresharkMenu.OPEN);
				assertEquals("Open in Wireshark (not installed)", open.getText());
				assertFalse(open.isEnabled());
				menu.notifyListeners(SWT.Hide, new Event());
			}
			// exporting needs no Wireshark
			assertTrue(item(findings.viewer().getControl().getMenu(), WiresharkMenu.EXPORT).isEnabled());
			findings.viewer().getControl().getMenu().notifyListeners(SWT.Hide, new Event());
		} finally {
			WiresharkMenu.launcher = () -> new WiresharkLauncher(env);
		}
	}

	@Test
	void findingExportsAsAnnotatedPcapng() throws Exception {
		Finding f = arbitration();
		findings.viewer().setSelection(new StructuredSelection(f), true);
		flush();
		Path out = dir.resolve("exported.pcapng");
		List<String> suggested = new ArrayList<>();
		var before = WiresharkMenu.saveChooser;
		WiresharkMenu.saveChooser = (shell, name) -> {
			suggested.add(name);
			return out.toString();
		};
		try {
			Menu menu = findings.viewer().getControl().getMenu();
			click(item(menu, WiresharkMenu.EXPORT));
			menu.notifyListeners(SWT.Hide, new Event());
		} finally {
			WiresharkMenu.saveChooser = before;
		}
		assertEquals(List.of(), ERRORS);
		assertEquals(List.of("finding-arbitration.pcapng"), suggested);
		// without the dissector: what any Wireshark shows
		assertFrames(out, null, expectedFrames(frames(f)));
	}

	@Test
	void fileMenuExportsTheDissectorOfTheChosenProtocols() throws Exception {
		Path lua = dir.resolve("chosen.lua");
		List<String> offered = new ArrayList<>();
		var protocols = ExportDissectorHandler.protocolChooser;
		var files = ExportDissectorHandler.fileChooser;
		ExportDissectorHandler.protocolChooser = (shell, framing) -> {
			framing.forEach(p -> offered.add(p.name()));
			return framing.stream().filter(p -> p.name().equals("moldudp64")).toList();
		};
		ExportDissectorHandler.fileChooser = shell -> lua.toString();
		try {
			click(menuItem(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "File", "Export Wireshark Dissector..."));
			flush();
		} finally {
			ExportDissectorHandler.protocolChooser = protocols;
			ExportDissectorHandler.fileChooser = files;
		}
		assertEquals(List.of(), ERRORS);
		assertTrue(offered.contains("moldudp64") && offered.size() > 1, "every framing protocol offered: " + offered);
		String text = Files.readString(lua);
		assertTrue(text.contains("\n-- Protocols: fs.moldudp64 itch50 \n"), "only the chosen framing and its feed: "
				+ text.lines().limit(4).toList());
		// tshark with it decodes the capture as the workbench does
		List<String[]> rows = tsharkFields(capture, lua, "frame.number", "fs.moldudp64.sequence");
		FeedModel m = FeedModel.getDefault();
		int data = 0;
		for (String[] r : rows) {
			FrameRef ref = new FrameRef(0, Integer.parseInt(r[0]));
			if (m.kind(ref) == io.feedscope.dissect.PacketKind.DATA) {
				assertEquals(Long.toString(m.firstSeq(ref)), r[1], "frame " + r[0]);
				data++;
			}
		}
		assertTrue(data > 1000, data + " data frames compared");
	}
}
