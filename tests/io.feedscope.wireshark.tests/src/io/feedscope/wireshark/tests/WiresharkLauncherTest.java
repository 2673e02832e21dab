package io.feedscope.wireshark.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.wireshark.WiresharkLauncher;

/**
 * "Open in Wireshark" without a display: the command line the launcher builds, where it looks for the
 * program (the PATH it is given, executables only), and what a fake {@code wireshark} on that PATH receives.
 */
class WiresharkLauncherTest {

	@TempDir
	Path tmp;

	/** a script that writes its arguments, one per line, to $FAKE_OUT */
	static Path fakeWireshark(Path dir) throws IOException {
		Files.createDirectories(dir);
		Path p = dir.resolve("wireshark");
		Files.writeString(p, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$FAKE_OUT\"\n");
		Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
		return p;
	}

	@Test
	void commandLineLoadsTheDissectorOpensTheFileAndGoesToTheFrame() {
		List<String> cmd = WiresharkLauncher.command(Path.of("/opt/ws/wireshark"), Path.of("/tmp/x/feedscope.lua"),
				Path.of("/tmp/x/finding-arbitration.pcapng"), 7, List.of("-o", "gui.x:1"));
		assertEquals(List.of("/opt/ws/wireshark", "-X", "lua_script:/tmp/x/feedscope.lua", "-o", "gui.x:1", "-r",
				"/tmp/x/finding-arbitration.pcapng", "-g", "7"), cmd);
		// no frame to go to: no -g (Wireshark would refuse -g 0)
		assertEquals(List.of("/w", "-X", "lua_script:/a.lua", "-r", "/b.pcapng"),
				WiresharkLauncher.command(Path.of("/w"), Path.of("/a.lua"), Path.of("/b.pcapng"), 0, List.of()));
	}

	@Test
	void findsTheFirstExecutableWiresharkOnTheGivenPath() throws IOException {
		Path notExecutable = tmp.resolve("a");
		Files.createDirectories(notExecutable);
		Files.writeString(notExecutable.resolve("wireshark"), "not a program");
		Path empty = tmp.resolve("b");
		Files.createDirectories(empty);
		Path fake = fakeWireshark(tmp.resolve("c"));
		Path later = fakeWireshark(tmp.resolve("d"));
		WiresharkLauncher l = new WiresharkLauncher(Map.of("PATH", notExecutable + ":" + empty + "::" + fake.getParent() + ":" + later.getParent()));
		assertEquals(fake, l.find().orElseThrow());
		assertFalse(new WiresharkLauncher(Map.of("PATH", notExecutable + ":" + empty)).find().isPresent());
		assertFalse(new WiresharkLauncher(Map.of()).find().isPresent());
	}

	@Test
	void startsTheProgramWithThatCommandLineAndEnvironment() throws Exception {
		Path fake = fakeWireshark(tmp.resolve("bin"));
		Path out = tmp.resolve("args.txt");
		Path lua = Files.writeString(tmp.resolve("feedscope.lua"), "-- lua");
		Path capture = Files.write(tmp.resolve("frames.pcapng"), new byte[0]);
		Map<String, String> env = new HashMap<>();
		env.put("PATH", fake.getParent() + ":/usr/bin:/bin");
		env.put("FAKE_OUT", out.toString());
		Process p = new WiresharkLauncher(env).start(lua, capture, 3, List.of());
		assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the fake wireshark ended");
		assertEquals(0, p.exitValue());
		assertEquals(WiresharkLauncher.command(fake, lua, capture, 3, List.of()).subList(1, 7), Files.readAllLines(out));
	}

	@Test
	void notInstalledSaysSo() {
		Path empty = tmp.resolve("nothing");
		IOException e = assertThrows(IOException.class, () -> new WiresharkLauncher(Map.of("PATH", empty.toString()))
				.start(tmp.resolve("a.lua"), tmp.resolve("b.pcapng"), 1, List.of()));
		assertTrue(e.getMessage().contains("Wireshark is not installed") && e.getMessage().contains(empty.toString()), e.getMessage());
	}
}
