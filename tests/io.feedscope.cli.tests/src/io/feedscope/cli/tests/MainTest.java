package io.feedscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.cli.Main;

class MainTest {

	@TempDir
	Path fDir;

	private final ByteArrayOutputStream fOut = new ByteArrayOutputStream();
	private final ByteArrayOutputStream fErr = new ByteArrayOutputStream();

	private int run(String... args) {
		fOut.reset();
		fErr.reset();
		return Main.run(args, new PrintStream(fOut, true, StandardCharsets.UTF_8),
				new PrintStream(fErr, true, StandardCharsets.UTF_8));
	}

	private String out() {
		return fOut.toString(StandardCharsets.UTF_8);
	}

	private String err() {
		return fErr.toString(StandardCharsets.UTF_8);
	}

	@Test
	void generatesCaptureAndTruthAndReportsSpeed() throws IOException {
		Path f = fDir.resolve("x.pcapng");
		// long enough to hold the incident's 100 ms freeze and catch-up, so the run ends on normal traffic
		// (a run cut inside the catch-up flushes the backlog after the frame budget)
		assertEquals(0, run("generate", "--preset", "incident", "--seed", "7", "--frames", "20000", "--vlan", "10", "20",
				"-o", f.toString()));
		assertTrue(out().contains("frames/s"), out());
		assertTrue(Files.exists(f.resolveSibling("x.pcapng.truth.json")));
		// pcapng chosen from the file name: section header block magic
		byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(f), 4);
		assertEquals("0a0d0d0a", java.util.HexFormat.of().formatHex(head));
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9,]+) frames,").matcher(out());
		assertTrue(m.find(), out());
		int frames = Integer.parseInt(m.group(1).replace(",", ""));
		assertTrue(Math.abs(frames - 20000) < 40, "frames " + frames);
		// never overwrites without --force
		long size = Files.size(f);
		assertEquals(2, run("generate", "--frames", "100", "-o", f.toString()));
		assertTrue(err().contains("exists; give --force"), err());
		assertEquals(size, Files.size(f));
		assertEquals(0, run("generate", "--frames", "100", "--format", "pcap-ns", "--force", "-o", f.toString()));
		try (CaptureFile c = Captures.open(f)) {
			assertEquals(CaptureFormat.PCAP_NS, c.format());
			assertTrue(Math.abs(c.frameCount() - 100) < 40, "frames " + c.frameCount());
		}
	}

	@Test
	void wrongArgumentsAreNamedWithExitCode2() {
		String o = fDir.resolve("y.pcap").toString();
		String[][] cases = { { "generate", "--frames", "ten", "-o", o }, { "generate", "--format", "erf", "-o", o },
				{ "generate", "--preset", "nope", "-o", o }, { "generate", "--vlan", "4096", "-o", o },
				{ "generate", "--frames", "5", "--duration", "1", "-o", o }, { "generate", "--frames", "5" },
				{ "generate", "--bogus", "-o", o }, { "generate", "-o" } };
		String[] names = { "--frames", "--format", "--preset", "--vlan", "--duration", "-o", "--bogus", "-o" };
		for (int i = 0; i < cases.length; i++) {
			assertEquals(2, run(cases[i]), String.join(" ", cases[i]));
			assertTrue(err().contains(names[i]), err());
		}
		assertEquals(2, run("frobnicate"));
		assertTrue(err().contains("unknown command 'frobnicate'") && err().contains("generate"), err());
		assertEquals(2, run());
		assertTrue(err().contains("usage: feedscope"), err());
		assertTrue(!Files.exists(Path.of(o)));
	}

	@Test
	void helpListsCommandsAndOptions() {
		assertEquals(0, run("--help"));
		assertTrue(out().contains("generate"));
		assertEquals(0, run("generate", "--help"));
		assertTrue(out().contains("--preset") && out().contains("--force") && out().contains("incident"), out());
	}
}
