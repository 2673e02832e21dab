package io.feedscope.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.CaptureMerger;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.analysis.PacketEvent;
import io.feedscope.analysis.PacketSource;
import io.feedscope.analysis.ReadAheadSource;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;

/**
 * Reading ahead on another thread must not change what the checks see: the same events in the same
 * order, the same report; failures of the reader reach the caller; closing early stops the reader.
 */
@Timeout(60)
class ReadAheadSourceTest {

	private static final ProtocolSet PROTOCOLS = ProtocolRegistry.getDefault().compile();

	@TempDir
	static Path fDir;

	private static Path capture(String preset, int seed, CaptureFormat format) throws IOException {
		Path f = fDir.resolve(preset + seed + "." + format.id());
		new Generator(Scenario.preset(preset).seed(seed).build()).format(format).write(f);
		return f;
	}

	private static PacketSource source(Path f) throws IOException {
		return new DissectedPacketSource(Captures.stream(f), PROTOCOLS);
	}

	private static List<String> events(PacketSource s) {
		List<String> out = new ArrayList<>();
		try (s) {
			while (s.advance()) {
				PacketEvent e = s.current();
				StringBuilder b = new StringBuilder(e.toString()).append(' ').append(e.sourcePort()).append(' ')
						.append(e.interfaceId()).append(' ').append(e.unicast()).append(' ').append(e.problem())
						.append(' ').append(e.requestSeq()).append('/').append(e.requestCount()).append(' ');
				for (int i = 0; i < e.messageCount(); i++) {
					b.append((char) e.messageType(i));
				}
				out.add(b.toString());
			}
			assertFalse(s.advance(), "stays at the end");
		}
		return out;
	}

	@Test
	void sameEventsInTheSameOrder() throws IOException {
		// malformed frames, requests and answers, heartbeats: every kind of event crosses the threads
		for (Path f : List.of(capture("incident", 3, CaptureFormat.PCAP_NS), capture("malformed", 4, CaptureFormat.PCAPNG),
				capture("demo", 5, CaptureFormat.PCAP))) {
			List<String> direct = events(source(f));
			List<String> ahead = events(new ReadAheadSource(source(f)));
			assertTrue(direct.size() > 3 * 2048, f + ": more frames than a few batches: " + direct.size());
			assertEquals(direct.size(), ahead.size(), f.toString());
			for (int i = 0; i < direct.size(); i++) {
				assertEquals(direct.get(i), ahead.get(i), f + " event " + (i + 1));
			}
		}
	}

	@Test
	void sameReportThroughTheMerger() throws IOException {
		Path a = capture("incident", 6, CaptureFormat.PCAP_NS);
		Path b = capture("demo", 7, CaptureFormat.PCAPNG);
		String direct;
		try (CaptureMerger m = new CaptureMerger(List.of(source(a), source(b)))) {
			direct = FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS).toJson();
		}
		String ahead;
		try (CaptureMerger m = new CaptureMerger(List.of(new ReadAheadSource(source(a)), new ReadAheadSource(source(b))))) {
			ahead = FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS).toJson();
		}
		assertEquals(direct, ahead);
	}

	/** A source that fails after some events, as a reader meeting a bug would. */
	private static final class Failing implements PacketSource {
		private final PacketEvent fEvent = new PacketEvent();
		private final int fFailAt;
		private int fFrame;
		final AtomicBoolean fClosed = new AtomicBoolean();

		Failing(int failAt) {
			fFailAt = failAt;
		}

		@Override
		public String name() {
			return "failing";
		}

		@Override
		public String path() {
			return "failing";
		}

		@Override
		public String format() {
			return "test";
		}

		@Override
		public boolean advance() {
			if (++fFrame == fFailAt) {
				throw new IllegalArgumentException("frame " + fFrame + ": broken on purpose");
			}
			fEvent.clear().setFrame(fFrame, fFrame * 1000L);
			return true;
		}

		@Override
		public PacketEvent current() {
			return fEvent;
		}

		@Override
		public void close() {
			fClosed.set(true);
		}
	}

	@Test
	void aFailureOfTheReaderReachesTheCallerAfterTheEventsBeforeIt() {
		Failing inner = new Failing(5000);
		ReadAheadSource s = new ReadAheadSource(inner);
		int seen = 0;
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
			while (s.advance()) {
				// consume
			}
		});
		assertEquals("frame 5000: broken on purpose", e.getMessage());
		s.close();
		assertTrue(inner.fClosed.get());
		ReadAheadSource t = new ReadAheadSource(new Failing(5000));
		while (seen < 4999) {
			assertTrue(t.advance());
			seen++;
			assertEquals(seen, t.current().frame());
		}
		assertThrows(IllegalArgumentException.class, t::advance);
		t.close();
	}

	/** A capture that counts the calls of close(), the rest delegated to a real one. */
	private static io.feedscope.capture.CaptureFile counting(io.feedscope.capture.CaptureFile real, int[] closes) {
		return (io.feedscope.capture.CaptureFile) java.lang.reflect.Proxy.newProxyInstance(
				io.feedscope.capture.CaptureFile.class.getClassLoader(), new Class<?>[] { io.feedscope.capture.CaptureFile.class },
				(proxy, method, args) -> {
					if (method.getName().equals("close") && method.getParameterCount() == 0) {
						closes[0]++;
					}
					try {
						return method.invoke(real, args);
					} catch (java.lang.reflect.InvocationTargetException e) {
						throw e.getCause();
					}
				});
	}

	/** The workbench's captures belong to its capture set: an analysis over them must not close them. */
	@Test
	void aBorrowingSourceLeavesTheCaptureOpenAnOwningOneClosesIt() throws IOException {
		Path f = capture("demo", 9, CaptureFormat.PCAP);
		try (io.feedscope.capture.CaptureFile real = io.feedscope.capture.Captures.open(f)) {
			int[] closes = { 0 };
			io.feedscope.capture.CaptureFile c = counting(real, closes);
			List<String> borrowed = events(new ReadAheadSource(DissectedPacketSource.borrowing(c, PROTOCOLS)));
			assertEquals(0, closes[0], "the borrowed capture was closed");
			assertEquals(real.frameCount(), borrowed.size());
			// the same events as the streamed reading of the file
			assertEquals(events(source(f)), borrowed);
			events(new DissectedPacketSource(c, PROTOCOLS));
			assertEquals(1, closes[0], "an owning source closes its capture");
		}
	}

	@Test
	void closingEarlyStopsTheReader() {
		Failing endless = new Failing(Integer.MAX_VALUE);
		ReadAheadSource s = new ReadAheadSource(endless);
		for (int i = 1; i <= 10_000; i++) {
			assertTrue(s.advance());
			assertEquals(i, s.current().frame());
		}
		s.close(); // must return although the source never ends
		assertTrue(endless.fClosed.get());
		assertSame(endless, s.inner());
	}
}
