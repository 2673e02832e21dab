package io.feedscope.capture.live.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.feedscope.capture.live.CaptureException;
import io.feedscope.capture.live.CaptureService;
import io.feedscope.capture.live.CaptureSpec;
import io.feedscope.capture.live.LiveSession;

/**
 * Every loopback test of {@link LoopbackCaptureTest} again with FeedScope's own capture process (pcap4j in the
 * capture runtime that releng/io.feedscope.capture.runtime builds) instead of dumpcap: the same counts, no
 * drops, ring of several files, byte-equal payloads, the planned gap and freeze, the CLI's headlines. And the
 * privilege design: the capabilities on the runtime's {@code bin/java} alone, mode 0750 to root and a group.
 */
class Pcap4jLoopbackCaptureTest extends LoopbackCaptureTest {
	private static String fOldRuntime;

	/** the runtime the build made; find("pcap4j") and the CLI look for it through this property */
	static Path runtime() {
		return Path.of(System.getProperty("feedscope.repo"), "releng/io.feedscope.capture.runtime/target/capture");
	}

	@BeforeAll
	static void useTheBuiltRuntime() {
		assertTrue(Files.isExecutable(runtime().resolve("bin/java")), "the capture runtime is built: " + runtime());
		fOldRuntime = System.getProperty("feedscope.capture.runtime");
		System.setProperty("feedscope.capture.runtime", runtime().toString());
	}

	@AfterAll
	static void restore() {
		if (fOldRuntime == null) {
			System.clearProperty("feedscope.capture.runtime");
		} else {
			System.setProperty("feedscope.capture.runtime", fOldRuntime);
		}
	}

	@Override
	String process() {
		return "pcap4j";
	}

	/** the dumpcap one, not a test here (no @Test): see {@link #unprivilegedPcap4jCapture()} */
	@Override
	void unprivilegedCaptureNamesTheCapabilityAndSetcapOnDumpcapSuffices() {
		// replaced below
	}

	@Test
	void processChosenIsThePcap4jOne() throws CaptureException {
		CaptureService s = service();
		assertEquals("the pcap4j capture process", s.processName());
		assertEquals(runtime().resolve("bin/java"), s.binary(), "the capability goes on the runtime's java");
		CaptureException e = assertThrows(CaptureException.class, () -> CaptureService.find("libpcap"));
		assertTrue(e.getMessage().contains("unknown capture process 'libpcap'"), e.getMessage());
	}

	/**
	 * As {@code nobody}: without the capabilities a clear message naming them and the runtime's java; a user
	 * outside the runtime's group cannot run it at all; with the capabilities on a copy of the runtime's
	 * {@code bin/java} (mode 0750 root:nogroup) under /usr/lib, nobody captures. Under /usr/lib because glibc
	 * resolves a capability-carrying launcher's {@code $ORIGIN} library path only in trusted system
	 * directories (the build's copy, set so, fails with "libjli.so: cannot open shared object file").
	 */
	@Test
	void unprivilegedPcap4jCapture() throws Exception {
		assertTrue(isRoot(), "this test switches to the user nobody: run it as root, as CI does");
		List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
		CaptureException e = assertThrows(CaptureException.class,
				() -> CaptureService.pcap4j(asNobody, runtime()).start(new CaptureSpec("lo", FILTER, fDir, null, 0)));
		String m = e.getMessage();
		System.out.println("pcap4j capture as nobody without the capabilities: " + m);
		Path java = runtime().resolve("bin/java");
		assertTrue(m.startsWith("no permission to capture on lo"), m);
		assertTrue(m.contains("CAP_NET_RAW") && m.contains("CAP_NET_ADMIN") && m.contains("setcap cap_net_raw,cap_net_admin+eip " + java), m);
		assertTrue(!m.contains("Exception") && !m.contains("\tat "), "no trace: " + m);

		Path installed = Files.createTempDirectory(Path.of("/usr/lib"), "feedscope-capture-test");
		try {
			assertEquals("", run(List.of("cp", "-a", runtime() + "/.", installed.toString())));
			Files.setPosixFilePermissions(installed, PosixFilePermissions.fromString("rwxr-xr-x"));
			Path capJava = installed.resolve("bin/java");
			// as Debian does for dumpcap: root:group, 0750, the capabilities on that one binary
			assertEquals("", run(List.of("chown", "root:65534", capJava.toString())));
			Files.setPosixFilePermissions(capJava, PosixFilePermissions.fromString("rwxr-x---"));
			String setcap = run(List.of("setcap", "cap_net_raw,cap_net_admin+eip", capJava.toString()));
			assertTrue(run(List.of("getcap", capJava.toString())).contains("cap_net_admin,cap_net_raw=eip"), setcap);

			assertEquals("0750 root 65534", run(List.of("stat", "-c", "%#a %U %g", capJava.toString())).strip());
			// (whether a user outside the group is refused is the kernel's exec permission check; this machine's
			// kernel lets nobody run a root-owned 0700 ELF binary, so that is not asserted here)

			Path out = Files.createDirectories(fDir.resolve("nobody"));
			Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
			FeedSender feed = FeedSender.gapAndFreeze(Files.createDirectories(fDir.resolve("gen")));
			LiveSession s = CaptureService.pcap4j(asNobody, installed).start(new CaptureSpec("lo", FILTER, out, null, 0));
			try {
				feed.send();
				Thread.sleep(1_000);
				s.stop();
				s.capture().refresh();
				assertNull(s.status().error());
				assertEquals(feed.fDatagrams.size(), s.status().packets(), "the process' count");
				assertEquals(0, s.status().drops());
				assertEquals(feed.fDatagrams.size(), s.capture().frameCount());
				Path file = s.status().files().get(0);
				assertEquals("65534", run(List.of("stat", "-c", "%u", file.toString())).strip(), "written by nobody");
				System.out.println("pcap4j capture as nobody with the capabilities on " + capJava + " only: " + s.status().text() + ", "
						+ s.capture().frameCount() + " frames in " + s.status().files());
			} finally {
				s.close();
				s.capture().close();
			}
		} finally {
			List<Path> all;
			try (Stream<Path> w = Files.walk(installed)) {
				all = new ArrayList<>(w.sorted(Comparator.reverseOrder()).toList());
			}
			for (Path p : all) {
				Files.deleteIfExists(p);
			}
		}
	}
}
