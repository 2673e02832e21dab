package io.feedscope.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.CheckContext;
import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.analysis.FeedCheck;
import io.feedscope.analysis.FeedLine;
import io.feedscope.analysis.FeedSession;
import io.feedscope.analysis.Finding;
import io.feedscope.analysis.PacketFacts;
import io.feedscope.analysis.PacketRole;
import io.feedscope.analysis.PacketView;
import io.feedscope.analysis.Severity;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;

/**
 * Checks on threads of their own ({@link FeedAnalyzer#checkThreads(int)}): findings reported while the packets
 * stream come out in the order one thread gives (by packet, then by check), whichever thread reported them; a
 * check that does not say it is isolated stays on the analysis' thread; a failing isolated check fails the run
 * with its own exception. The oracle is the order of the calls themselves: each test check reports the frame
 * number of every k-th packet, so the expected list is worked out from the frames alone.
 */
@Timeout(120)
class CheckThreadsTest {

	@TempDir
	static Path fDir;

	/** Reports every packet whose frame number is a multiple of {@code every}, all at time 0 (no reordering by time). */
	private static class EveryKth implements FeedCheck {
		final int fEvery;
		final boolean fIsolated;
		CheckContext fContext = CheckContext.UNSTARTED;
		@Nullable Thread fThread;
		int fSeen;
		final List<Integer> fFrames = new ArrayList<>();

		EveryKth(int every, boolean isolated) {
			fEvery = every;
			fIsolated = isolated;
		}

		@Override
		public boolean isolated() {
			return fIsolated;
		}

		@Override
		public void start(CheckContext context) {
			fContext = context;
		}

		@Override
		public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
				PacketFacts facts) {
			fThread = Thread.currentThread();
			fSeen++;
			fFrames.add(e.frame());
			if (e.frame() % fEvery == 0) {
				fContext.report(fContext.finding(Severity.INFO).frames(e.frameRef()).message(fContext.checkId() + " " + e.frame()).build());
			}
		}

		@Override
		public void finish() {
			// reported after every packet: after all the streamed findings, in check order
			fContext.report(fContext.finding(Severity.INFO).message(fContext.checkId() + " finish " + fSeen).build());
		}
	}

	private static Path capture() throws IOException {
		Path f = fDir.resolve("demo.pcap");
		if (!f.toFile().exists()) {
			new Generator(Scenario.preset("demo").seed(21).frames(3000).build()).format(CaptureFormat.PCAP).write(f);
		}
		return f;
	}

	private static AnalysisResult run(int threads, List<EveryKth> checks) throws IOException {
		FeedAnalyzer a = new FeedAnalyzer(AnalysisOptions.DEFAULTS);
		for (int i = 0; i < checks.size(); i++) {
			a.addCheck("test.k" + checks.get(i).fEvery + (checks.get(i).fIsolated ? ".isolated" : ".here"), checks.get(i));
		}
		a.checkThreads(threads);
		try (DissectedPacketSource s = new DissectedPacketSource(Captures.open(capture()), ProtocolRegistry.getDefault().compile())) {
			a.addCapture(0, s.name(), s.path(), s.format());
			while (s.advance()) {
				a.accept(s.current());
			}
		}
		return a.finish();
	}

	private static List<EveryKth> checks() {
		return List.of(new EveryKth(7, true), new EveryKth(4, false), new EveryKth(5, true), new EveryKth(3, true),
				new EveryKth(6, false));
	}

	@Test
	void findingsComeInTheOrderOfOneThread() throws IOException {
		List<EveryKth> serialChecks = checks();
		AnalysisResult serial = run(0, serialChecks);
		int frames = serialChecks.get(0).fSeen;
		assertTrue(frames >= 2900, "packets the checks saw: " + frames);
		// the oracle: by packet, then by check (the order the checks were added), then each check's finish
		List<String> expected = new ArrayList<>();
		for (int frame : serialChecks.get(0).fFrames) {
			for (EveryKth c : serialChecks) {
				if (frame % c.fEvery == 0) {
					expected.add("test.k" + c.fEvery + (c.fIsolated ? ".isolated" : ".here") + " " + frame);
				}
			}
		}
		for (EveryKth c : serialChecks) {
			expected.add("test.k" + c.fEvery + (c.fIsolated ? ".isolated" : ".here") + " finish " + frames);
		}
		assertEquals(expected, serial.findings().stream().map(Finding::message).toList(), "one thread");
		for (int threads : new int[] { 1, 2, 8 }) {
			List<EveryKth> cs = checks();
			AnalysisResult r = run(threads, cs);
			assertEquals(expected, r.findings().stream().map(Finding::message).toList(), threads + " check threads");
			assertEquals(serial.toJson(), r.toJson(), threads + " check threads");
			for (EveryKth c : cs) {
				Thread t = c.fThread;
				assertTrue(t != null && (t == Thread.currentThread()) != c.fIsolated,
						"isolated checks run elsewhere, the others here: " + c.fEvery + " on " + t);
			}
		}
	}

	@Test
	void aFailingIsolatedCheckFailsTheRunWithItsException() throws IOException {
		FeedCheck failing = new EveryKth(2, true) {
			@Override
			public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
					PacketFacts facts) {
				if (e.frame() == 1234) {
					throw new IllegalStateException("broken at frame 1234");
				}
			}
		};
		FeedAnalyzer a = new FeedAnalyzer(AnalysisOptions.DEFAULTS).addCheck("test.failing", failing).checkThreads(2);
		IllegalStateException ex = assertThrows(IllegalStateException.class, () -> {
			try (DissectedPacketSource s = new DissectedPacketSource(Captures.open(capture()), ProtocolRegistry.getDefault().compile())) {
				a.addCapture(0, s.name(), s.path(), s.format());
				while (s.advance()) {
					a.accept(s.current());
				}
			}
			a.finish();
		});
		assertEquals("broken at frame 1234", ex.getMessage());
	}
}
