package io.feedscope.wireshark.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.dissect.Binding;
import io.feedscope.wireshark.LuaExporter;
import io.feedscope.wireshark.TempFolders;
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

	/** FeedScope's bindings as Wireshark's Decode As: ports and ranges under the exported names, groups left out. */
	static final List<Binding> BINDINGS = List.of(Binding.parse("udp.port==30001 moldudp64", "moldudp64"),
			Binding.parse("udp.port==30010-30012,moldudp64/itch50", "moldudp64"), Binding.parse("ip.dst==233.54.12.0/24", "moldudp64"),
			Binding.parse("udp.port==30001", "moldudp64"));

	@Test
	void decodeAsPassesThePortBindingsUnderTheExportedNames() throws Exception {
		List<String> d = WiresharkLauncher.decodeAs(BINDINGS, LuaExporter.Options.DEFAULT);
		// moldudp64 is a Wireshark built-in name: the exported dissector is fs.moldudp64 (LuaExporter.PREFIX)
		assertEquals(List.of("-d", "udp.port==30001,fs.moldudp64", "-d", "udp.port==30010-30012,fs.moldudp64"), d);
		assertEquals(List.of(), WiresharkLauncher.decodeAs(List.of(), LuaExporter.Options.DEFAULT));

		// the exact command line the program gets, through the fake wireshark
		Path fake = fakeWireshark(tmp.resolve("bin"));
		Path out = tmp.resolve("args.txt");
		Path lua = Files.writeString(tmp.resolve("feedscope.lua"), "-- lua");
		Path capture = Files.write(tmp.resolve("frames.pcapng"), new byte[0]);
		Map<String, String> env = new HashMap<>();
		env.put("PATH", fake.getParent() + ":/usr/bin:/bin");
		env.put("FAKE_OUT", out.toString());
		Process p = new WiresharkLauncher(env).start(lua, capture, 2, d);
		assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the fake wireshark ended");
		assertEquals(List.of("-X", "lua_script:" + lua.toAbsolutePath(), "-d", "udp.port==30001,fs.moldudp64", "-d",
				"udp.port==30010-30012,fs.moldudp64", "-r", capture.toAbsolutePath().toString(), "-g", "2"), Files.readAllLines(out));
	}

	/**
	 * The oracle for the names: tshark with the exported dissector and those {@code -d} options decodes a
	 * MoldUDP64 packet on port 30001 whose session is not printable (so the strict heuristic declines it, and
	 * without the option tshark shows no MoldUDP64 there).
	 */
	@Test
	void tsharkDecodesABoundPortWithTheseOptions() throws Exception {
		String tshark = RoundTrip.tshark();
		assertTrue(tshark != null, "tshark is installed (releng/test installs it)");
		Path lua = tmp.resolve("feedscope.lua");
		RoundTrip.feedscope("export-lua", "-o", lua.toString());
		ByteBuffer mold = ByteBuffer.allocate(20);
		mold.put(new byte[10]).putLong(4242).putShort((short) 0); // session of NULs, sequence 4242, heartbeat
		Path capture = tmp.resolve("bound.pcapng");
		Frames.pcapng(capture, List.of(Frames.udp("10.0.0.1", "233.54.12.1", 40000, 30001, mold.array())));
		List<String> base = List.of(tshark, "-n", "-X", "lua_script:" + lua, "-r", capture.toString(), "-T", "fields", "-e",
				"fs.moldudp64.sequence");
		String[] err = new String[1];
		assertEquals("", RoundTrip.run(base, err).strip(), "not MoldUDP64 without the binding");
		List<String> bound = new java.util.ArrayList<>(base.subList(0, 4));
		bound.addAll(WiresharkLauncher.decodeAs(BINDINGS, LuaExporter.Options.DEFAULT));
		bound.addAll(base.subList(4, base.size()));
		assertEquals("4242", RoundTrip.run(bound, err).strip(), String.join(" ", bound) + "\n" + err[0]);
	}

	@Test
	void temporaryFoldersGoAtExitAndOldOnesAtStart() throws Exception {
		Path mine = TempFolders.create();
		Files.writeString(mine.resolve("feedscope.lua"), "-- lua");
		assertTrue(mine.getFileName().toString().startsWith("feedscope-wireshark-"), mine.toString());
		// a folder left by a FeedScope that crashed two days ago, one of today (another FeedScope's), not ours
		Path tmpdir = mine.getParent();
		Instant now = Instant.now();
		Path old = Files.createDirectory(tmpdir.resolve("feedscope-wireshark-test-old-" + now.toEpochMilli()));
		Files.writeString(old.resolve("frames.pcapng"), "x");
		Files.setLastModifiedTime(old, FileTime.from(now.minus(Duration.ofDays(2))));
		Path recent = Files.createDirectory(tmpdir.resolve("feedscope-wireshark-test-new-" + now.toEpochMilli()));
		Path other = Files.createDirectory(tmpdir.resolve("not-feedscope-wireshark-" + now.toEpochMilli()));
		Files.setLastModifiedTime(other, FileTime.from(now.minus(Duration.ofDays(2))));
		Files.setLastModifiedTime(mine, FileTime.from(now.minus(Duration.ofDays(2))));
		try {
			List<Path> deleted = TempFolders.deleteOld(tmpdir, now, TempFolders.LEFT_AGE);
			assertEquals(List.of(old), deleted);
			assertFalse(Files.exists(old));
			assertTrue(Files.exists(recent) && Files.exists(other), "a recent one and another program's stay");
			assertTrue(Files.exists(mine.resolve("feedscope.lua")), "this run's stays while it runs (Wireshark reads it)");
			TempFolders.deleteMade(); // what the exit hook does
			assertFalse(Files.exists(mine));
		} finally {
			Files.deleteIfExists(recent);
			Files.deleteIfExists(other);
		}
	}
}
