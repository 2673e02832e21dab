package io.feedscope.capture.live.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.CaptureMerger;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.analysis.Finding;
import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.capture.live.CaptureDevice;
import io.feedscope.capture.live.CaptureException;
import io.feedscope.capture.live.CaptureService;
import io.feedscope.capture.live.CaptureSpec;
import io.feedscope.capture.live.CaptureStatus;
import io.feedscope.capture.live.LiveCapture;
import io.feedscope.capture.live.LiveSession;
import io.feedscope.capture.live.RingSpec;
import io.feedscope.cli.Main;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;

/**
 * Live capture on the loopback interface through dumpcap, as CI runs it (as root): a sender plays a generated
 * A/B feed with a gap on line A and a freeze of line A onto {@code lo}; the capture, followed while it grows,
 * reports the gap exactly as the generator's truth has it (sequence numbers) and the freeze on the same line;
 * the ring's files are complete pcapng files that the capture bundle and tshark read with every packet sent;
 * the capture process run without the capabilities fails with a message naming them, and with only the
 * capabilities on a copy of dumpcap (setcap) it captures as an unprivileged user.
 */
@Timeout(120)
class LoopbackCaptureTest {
	/** @return the capture process these tests run ({@code feedscope capture --capture-process}) */
	String process() {
		return "dumpcap";
	}

	/** @return the service over {@link #process()} */
	CaptureService service() throws CaptureException {
		return CaptureService.find(process());
	}

	/** the generator's lines share port 26477 on two groups; nothing else on lo goes there */
	static final String FILTER = "udp and dst port 26477";

	Path fDir;

	@BeforeEach
	void dir() throws IOException {
		// not @TempDir: an unprivileged capture process must be able to reach and write it
		fDir = Files.createTempDirectory("feedscope-live");
		Files.setPosixFilePermissions(fDir, PosixFilePermissions.fromString("rwxrwxrwx"));
	}

	@AfterEach
	void clean() throws IOException {
		try (Stream<Path> s = Files.walk(fDir)) {
			for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}

	static boolean isRoot() throws IOException {
		return "0".equals(run(List.of("id", "-u")).strip());
	}

	static String run(List<String> command) throws IOException {
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		try {
			p.waitFor();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		return out;
	}

	static ProtocolSet protocols() {
		return ProtocolRegistry.getDefault().compile();
	}

	static AnalysisResult analyze(CaptureFile c) {
		try (CaptureMerger m = new CaptureMerger(List.of(DissectedPacketSource.borrowing(c, protocols())))) {
			return FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS);
		}
	}

	private static List<Finding> findings(AnalysisResult r, String check) {
		return r.findings().stream().filter(f -> f.checkId().equals("io.feedscope.analysis." + check)).toList();
	}

	@Test
	void interfacesListLoopbackWithItsAddress() throws IOException {
		List<CaptureDevice> devices = service().devices();
		CaptureDevice lo = devices.stream().filter(d -> d.name().equals("lo")).findFirst().orElseThrow(() -> new AssertionError(devices.toString()));
		assertTrue(lo.loopback(), lo::toString);
		assertTrue(lo.addresses().contains("127.0.0.1"), lo::toString);
	}

	@Test
	void captureFilterIsCheckedBeforeTheCapture() throws IOException {
		CaptureService service = service();
		assertNull(service.checkFilter("lo", FILTER));
		String bad = service.checkFilter("lo", "udp portx 5");
		assertNotNull(bad);
		assertTrue(bad.contains("syntax error"), bad);
		CaptureException e = assertThrows(CaptureException.class,
				() -> service.start(new CaptureSpec("lo", "udp portx 5", fDir, null, 0)));
		assertTrue(e.getMessage().contains("udp portx 5") && e.getMessage().contains("syntax error"), e.getMessage());
	}

	/** The whole path through the API, as the workbench uses it. */
	@Test
	void gapAndFreezeReportedExactlyWhileTheRingGrows() throws Exception {
		FeedSender feed = FeedSender.gapAndFreeze(Files.createDirectories(fDir.resolve("gen")));
		// 60 kB files: the ~1700 packets fill several, so following goes on across files
		LiveSession session = service().start(new CaptureSpec("lo", FILTER, fDir, new RingSpec(60, 100), 0));
		LiveCapture capture = session.capture();
		try {
			CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
				try {
					feed.send();
				} catch (IOException e) {
					throw new java.io.UncheckedIOException(e);
				}
			});
			// the live view: the frame count grows while the feed is sent
			List<Integer> seen = new ArrayList<>();
			while (!sent.isDone()) {
				Thread.sleep(200);
				capture.refresh();
				seen.add(capture.frameCount());
			}
			sent.join();
			Thread.sleep(1_000); // dumpcap writes out what it has every half second
			session.stop();
			capture.refresh();
			int n = feed.fDatagrams.size();
			assertTrue(seen.stream().anyMatch(c -> c > 0 && c < n), "frames seen growing: " + seen);
			CaptureStatus status = session.status();
			assertNull(status.error());
			assertFalse(status.running());
			assertEquals(n, status.packets(), "dumpcap's count");
			assertEquals(0, status.drops(), "drops reported at the end");
			assertTrue(status.files().size() >= 3, "ring files: " + status.files());
			assertEquals(n, capture.frameCount(), "every datagram sent was captured, once");
			assertTrue(capture.problems().isEmpty(), capture.problems().toString());
			for (int i = 0; i < n; i++) {
				ByteBuffer b = capture.frameData(i + 1);
				byte[] payload = new byte[b.remaining() - 42];
				b.get(42, payload);
				assertArrayEquals(feed.fDatagrams.get(i).payload(), payload, "payload of frame " + (i + 1));
			}

			// the analysis of the live capture against the generator's truth
			AnalysisResult r = analyze(capture);
			String a = feed.destination("A");
			List<Finding> gaps = findings(r, "gaps");
			assertEquals(1, gaps.size(), gaps::toString);
			assertEquals(a, gaps.get(0).line().destination());
			List<long[]> lost = feed.fTruth.lost(io.feedscope.generator.Scenario.Line.A);
			assertEquals(1, lost.size());
			assertEquals(lost.get(0)[0], gaps.get(0).fromSeq(), "gap start, from the truth");
			assertEquals(lost.get(0)[1], gaps.get(0).toSeq(), "gap end, from the truth");
			assertTrue(feed.fTruth.lost(io.feedscope.generator.Scenario.Line.B).isEmpty());
			assertTrue(findings(r, "loss").isEmpty(), "B delivered what A lost: no true loss " + findings(r, "loss"));
			List<Finding> freezes = findings(r, "freezes");
			assertEquals(1, freezes.size(), freezes::toString);
			assertEquals(a, freezes.get(0).line().destination());
			Map<String, Object> tf = feed.fTruth.list("freezes").get(0);
			long planned = ((Number) tf.get("endNs")).longValue() - ((Number) tf.get("startNs")).longValue();
			long live = freezes.get(0).endNanos() - freezes.get(0).startNanos();
			// sent at the capture's pace by a sleeping thread: the silence lasts as long, give or take scheduling
			assertTrue(Math.abs(live - planned) < 30_000_000L, "freeze " + live + " ns live, " + planned + " ns planned");

			// the files: complete pcapng files, read back by the capture bundle and by tshark
			int total = 0;
			for (Path f : status.files()) {
				try (CaptureFile c = Captures.open(f)) {
					assertTrue(c.problems().isEmpty(), f + ": " + c.problems());
					total += c.frameCount();
					String tshark = run(List.of("tshark", "-r", f.toString(), "-T", "fields", "-e", "frame.number"));
					long lines = tshark.lines().filter(l -> l.matches("\\d+")).count();
					assertEquals(c.frameCount(), lines, "tshark reads " + f + " whole: " + tshark.lines().limit(3).toList());
				}
			}
			assertEquals(n, total);
		} finally {
			session.close();
			capture.close();
		}
	}

	/** {@code feedscope capture --analyze}: a headline every second, and the files' own analysis at the end. */
	@Test
	void commandLinePrintsTheHeadlineEverySecond() throws Exception {
		FeedSender feed = FeedSender.gapAndFreeze(Files.createDirectories(fDir.resolve("gen")));
		Path out = Files.createDirectories(fDir.resolve("cli"));
		ByteArrayOutputStream stdout = new ByteArrayOutputStream();
		ByteArrayOutputStream stderr = new ByteArrayOutputStream();
		CompletableFuture<Integer> cli = CompletableFuture.supplyAsync(() -> Main.run(
				new String[] { "capture", "-i", "lo", "-f", FILTER, "-w", out.toString(), "--ring", "60kB,100", "--analyze",
						"--duration", "5", "--capture-process", process() },
				new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8)));
		// the capture process is capturing once the command printed its first line (a JVM for the pcap4j one
		// takes longer to get there than dumpcap): wait for it rather than for a fixed time
		long deadline = System.nanoTime() + 30_000_000_000L;
		while (!stdout.toString(StandardCharsets.UTF_8).contains("capturing on") && !cli.isDone() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("capturing on"), stdout.toString(StandardCharsets.UTF_8) + stderr);
		Thread.sleep(200);
		feed.send();
		int code = cli.get();
		String text = stdout.toString(StandardCharsets.UTF_8);
		assertEquals(0, code, text + stderr);
		List<String> ticks = text.lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d  \\d+ packets, .* frames: .*")).toList();
		assertTrue(ticks.size() >= 3, "one headline a second: " + text);
		List<Path> files;
		try (Stream<Path> s = Files.list(out)) {
			files = s.sorted().toList();
		}
		assertTrue(files.size() >= 3, files::toString);
		// the oracle: the ring's files joined by Wireshark's mergecap, analysed by feedscope analyze
		Path joined = fDir.resolve("joined.pcapng");
		List<String> merge = new ArrayList<>(List.of("mergecap", "-a", "-w", joined.toString()));
		files.forEach(f -> merge.add(f.toString()));
		run(merge);
		ByteArrayOutputStream offline = new ByteArrayOutputStream();
		assertEquals(0, Main.run(new String[] { "analyze", joined.toString() },
				new PrintStream(offline, true, StandardCharsets.UTF_8), System.err));
		String summary = offline.toString(StandardCharsets.UTF_8);
		String headline = summary.lines().findFirst().orElseThrow();
		// the same summary but for the capture's name
		String expected = summary.replace("capture 0 joined.pcapng:", "capture 0 lo (live):");
		assertTrue(text.contains(expected), "the final summary is the files' own:\n" + summary + "\n---\n" + text);
		assertTrue(text.contains(headline), headline + "\n---\n" + text);
		assertTrue(text.contains("stopped: " + feed.fDatagrams.size() + " packets"), text);
		assertTrue(text.contains("stopped: " + feed.fDatagrams.size() + " packets, 0/s, drops 0 (stopped)"), text);
		String name = process().equals("dumpcap") ? "dumpcap" : "the pcap4j capture process";
		assertTrue(text.lines().findFirst().orElseThrow().endsWith("(" + name + ")"), "says which process captures: " + text);
	}

	/**
	 * Without the capabilities the capture process cannot open the interface: a clear message naming them and
	 * the binary, no stack trace. With only the capabilities on a copy of dumpcap, an unprivileged user captures.
	 * CI runs as root, which is what lets the test switch to {@code nobody}.
	 */
	@Test
	void unprivilegedCaptureNamesTheCapabilityAndSetcapOnDumpcapSuffices() throws Exception {
		assertTrue(isRoot(), "this test switches to the user nobody: run it as root, as CI does");
		Path dumpcap = CaptureService.find().binary();
		List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
		List<String> plain = new ArrayList<>(asNobody);
		plain.add(dumpcap.toString());
		CaptureException e = assertThrows(CaptureException.class,
				() -> CaptureService.using(plain).start(new CaptureSpec("lo", FILTER, fDir, null, 0)));
		String m = e.getMessage();
		System.out.println("dumpcap as nobody without the capabilities: " + m);
		assertTrue(m.contains("CAP_NET_RAW") && m.contains("CAP_NET_ADMIN") && m.contains("setcap cap_net_raw,cap_net_admin+eip " + dumpcap),
				m);
		assertTrue(m.startsWith("no permission to capture on lo"), m);
		Path bin = Files.createDirectories(fDir.resolve("bin"));
		Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path copy = Files.copy(dumpcap, bin.resolve("dumpcap"));
		Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
		String setcap = run(List.of("setcap", "cap_net_raw,cap_net_admin+eip", copy.toString()));
		assertTrue(run(List.of("getcap", copy.toString())).contains("cap_net_admin,cap_net_raw=eip"), setcap);
		List<String> capable = new ArrayList<>(asNobody);
		capable.add(copy.toString());
		Path out = Files.createDirectories(fDir.resolve("nobody"));
		Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
		FeedSender feed = FeedSender.gapAndFreeze(Files.createDirectories(fDir.resolve("gen")));
		LiveSession s = CaptureService.using(capable).start(new CaptureSpec("lo", FILTER, out, null, 0));
		try {
			feed.send();
			Thread.sleep(1_000);
			s.stop();
			s.capture().refresh();
			assertNull(s.status().error());
			assertEquals(feed.fDatagrams.size(), s.capture().frameCount());
			Path file = s.status().files().get(0);
			assertEquals("65534", run(List.of("stat", "-c", "%u", file.toString())).strip(), "written by nobody");
		} finally {
			s.close();
			s.capture().close();
		}
	}
}
