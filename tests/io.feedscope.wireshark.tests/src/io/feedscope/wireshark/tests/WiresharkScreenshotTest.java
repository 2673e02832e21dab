package io.feedscope.wireshark.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.wireshark.WiresharkLauncher;

/**
 * Issue 12's "must show": real Wireshark (Debian wireshark-qt) on a private Xvfb, started as "Open in
 * Wireshark" starts it ({@link WiresharkLauncher}: {@code -X lua_script:} the exported dissector, {@code -r}
 * the annotated pcapng of the incident's arbitration finding, {@code -g 1}), the frame's comments and its
 * MoldUDP64/ITCH tree expanded by keys, captured with ImageMagick's {@code import} to
 * {@code target/screenshots/wireshark-annotated-frame.png} for people to look at.
 * <p>
 * The packet list gets columns for what the dissector decoded ({@code fs.moldudp64.sequence},
 * {@code itch50.stock}) and the frame comment, so the picture shows both at a glance. Checked: tshark with the
 * same files decodes the frame with FeedScope's dissector and shows the finding's comment (the oracle for
 * what the picture should show), and the picture is not blank: many colours, and the frame comments' green
 * rows of Wireshark's details pane.
 */
class WiresharkScreenshotTest {

	/** Wireshark's background for a comment item in the details tree (expert severity "comment") */
	private static final int COMMENT_GREEN = 0xB7F774;

	@TempDir
	Path tmp;

	private static String need(String program, String debianPackage) {
		for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
			Path p = Path.of(d, program);
			if (Files.isExecutable(p)) {
				return p.toString();
			}
		}
		throw new AssertionError(program + " is not installed (Debian package " + debianPackage + "; releng/test installs it)");
	}

	@Test
	void wiresharkShowsAnAnnotatedFrameDecodedByTheExportedDissector() throws Exception {
		String tshark = need("tshark", "tshark");
		String xvfb = need("Xvfb", "xvfb");
		String xdotool = need("xdotool", "xdotool");
		String importer = need("import", "imagemagick");
		need(WiresharkLauncher.PROGRAM, "wireshark-qt");

		Path capture = tmp.resolve("incident.pcap");
		RoundTrip.feedscope("generate", "--preset", "incident", "--seed", "7", "-o", capture.toString());
		Path frames = tmp.resolve("frames");
		RoundTrip.feedscope("analyze", "--export-frames", frames.toString(), capture.toString());
		Path lua = tmp.resolve("feedscope.lua");
		RoundTrip.feedscope("export-lua", "-o", lua.toString());
		Path annotated;
		try (var s = Files.list(frames)) {
			annotated = s.filter(p -> p.getFileName().toString().contains("arbitration")).findFirst().orElseThrow(
					() -> new AssertionError("no annotated capture of the arbitration finding in " + frames));
		}

		// the oracle: tshark with the same dissector and file
		String[] err = new String[1];
		String fields = RoundTrip.run(List.of(tshark, "-n", "-X", "lua_script:" + lua, "-r", annotated.toString(), "-c", "1", "-T",
				"fields", "-E", "separator=|", "-e", "frame.protocols", "-e", "fs.moldudp64.sequence", "-e", "itch50.stock", "-e",
				"frame.comment"), err);
		String[] f = fields.strip().split("\\|", -1);
		assertEquals(4, f.length, fields + err[0]);
		assertTrue(f[0].endsWith("udp:fs.moldudp64"), "frame 1 dissected by the exported dissector: " + f[0]);
		assertTrue(f[1].matches("\\d+") && !f[2].isEmpty(), "sequence and stocks decoded: " + fields);
		assertTrue(f[3].contains("first-seq-only arbitration lost"), "the finding's comment: " + f[3]);

		Path shots = Path.of(System.getProperty("feedscope.screenshots", "target/screenshots"));
		Files.createDirectories(shots);
		Path png = shots.resolve("wireshark-annotated-frame.png");
		Files.deleteIfExists(png);

		Process server = new ProcessBuilder(xvfb, "-displayfd", "1", "-screen", "0", "1400x900x24", "-nolisten", "tcp")
				.redirectError(tmp.resolve("xvfb.log").toFile()).start();
		Process wireshark = null;
		try {
			String display;
			try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII))) {
				String line = r.readLine();
				assertNotNull(line, "Xvfb gave no display number: " + Files.readString(tmp.resolve("xvfb.log")));
				display = ":" + line.strip();
			}
			Map<String, String> env = new HashMap<>(System.getenv());
			env.put("DISPLAY", display);
			// its own settings folder: the user's Wireshark profile neither changes the picture nor is changed
			Path config = Files.createDirectories(tmp.resolve("wireshark-config"));
			env.put("WIRESHARK_CONFIG_DIR", config.toString());
			env.put("XDG_RUNTIME_DIR", Files.createDirectories(tmp.resolve("runtime")).toString());
			List<String> columns = List.of("-o", "gui.column.format:\"No.\",\"%m\",\"Time\",\"%t\",\"Protocol\",\"%p\","
					+ "\"Sequence\",\"%Cus:fs.moldudp64.sequence:0:R\",\"Stocks\",\"%Cus:itch50.stock:0:R\",\"Info\",\"%i\","
					+ "\"Comment\",\"%Cus:frame.comment:0:R\"");
			wireshark = new WiresharkLauncher(env).start(lua, annotated, 1, columns);

			String title = annotated.getFileName().toString();
			String window = waitForWindow(xdotool, env, title.substring(0, title.lastIndexOf('.')), wireshark, annotated);
			x(env, xdotool, "windowmove", window, "0", "0");
			x(env, xdotool, "windowsize", window, "1400", "900");
			Thread.sleep(1500);
			// the details pane starts with the frame's "Packet comments", painted in the comment green: click
			// it (giving the tree the focus), expand it (Right), go to the last top-level item, the framing
			// protocol (End), and expand all of its subtrees (Shift+Right): the comments and every decoded field
			x(env, importer, "-window", "root", png.toString());
			int row = commentRow(ImageIO.read(png.toFile()));
			assertTrue(row >= 0, "no 'Packet comments' item (comment green) in the details pane: " + png.toAbsolutePath());
			x(env, xdotool, "windowfocus", window);
			x(env, xdotool, "mousemove", "100", Integer.toString(row + 6), "click", "1");
			Thread.sleep(500);
			for (String key : List.of("Right", "End", "shift+Right")) {
				x(env, xdotool, "key", key);
				Thread.sleep(400);
			}
			Thread.sleep(1500);
			Files.delete(png);
			x(env, importer, "-window", "root", png.toString());

			BufferedImage img = ImageIO.read(png.toFile());
			assertNotNull(img, "a PNG: " + png);
			Set<Integer> colours = new HashSet<>();
			int green = 0;
			for (int y = 0; y < img.getHeight(); y++) {
				for (int x = 0; x < img.getWidth(); x++) {
					int rgb = img.getRGB(x, y) & 0xFFFFFF;
					colours.add(rgb);
					if (rgb == COMMENT_GREEN) {
						green++;
					}
				}
			}
			assertTrue(colours.size() > 200, "not blank: " + colours.size() + " colours in " + png.toAbsolutePath());
			assertTrue(green > 2000, "the frame comments shown in the details pane (" + green + " green pixels) in " + png.toAbsolutePath());
		} finally {
			if (wireshark != null) {
				wireshark.destroy();
				if (!wireshark.waitFor(10, TimeUnit.SECONDS)) {
					wireshark.destroyForcibly();
				}
			}
			server.destroy();
			server.waitFor(10, TimeUnit.SECONDS);
		}
	}

	/** @return the top pixel row of the first comment-green item in the left part of the lower half, -1 if none */
	private static int commentRow(BufferedImage img) {
		for (int y = img.getHeight() / 3; y < img.getHeight(); y++) {
			for (int x = 20; x < 80 && x < img.getWidth(); x++) {
				if ((img.getRGB(x, y) & 0xFFFFFF) == COMMENT_GREEN) {
					return y;
				}
			}
		}
		return -1;
	}

	/** @return the id of Wireshark's main window (titled after the file), once it is there */
	private static String waitForWindow(String xdotool, Map<String, String> env, String title, Process wireshark, Path file)
			throws Exception {
		long end = System.currentTimeMillis() + 90_000;
		while (System.currentTimeMillis() < end) {
			if (!wireshark.isAlive()) {
				throw new AssertionError("wireshark ended (" + wireshark.exitValue() + "): "
						+ Files.readString(file.getParent().resolve("wireshark.log")));
			}
			List<String> ids = xOut(env, xdotool, "search", "--name", title);
			if (!ids.isEmpty()) {
				return ids.get(0);
			}
			Thread.sleep(500);
		}
		throw new AssertionError("no Wireshark window titled " + title + " after 90 s: "
				+ Files.readString(file.getParent().resolve("wireshark.log")));
	}

	private static void x(Map<String, String> env, String... cmd) throws IOException, InterruptedException {
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
		pb.environment().putAll(env);
		Process p = pb.start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
			throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
		}
	}

	private static List<String> xOut(Map<String, String> env, String... cmd) throws IOException, InterruptedException {
		ProcessBuilder pb = new ProcessBuilder(cmd);
		pb.environment().putAll(env);
		pb.redirectError(ProcessBuilder.Redirect.DISCARD);
		Process p = pb.start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		p.waitFor(30, TimeUnit.SECONDS);
		List<String> lines = new ArrayList<>();
		for (String l : out.split("\n")) {
			if (!l.isBlank()) {
				lines.add(l.strip());
			}
		}
		return lines;
	}
}
