package io.feedscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.CaptureProblem;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;

/**
 * Workers that walk chunks ahead of their dissecting ({@link ParallelPacketSource#WALK_AHEAD}), and the checks' thread
 * dissecting those walked chunks when the one it needs is not ready, give the serial reading's events and report,
 * whatever the chunks kept ahead (none: each thread walks what it dissects), the workers and the chunk size; the
 * checks' thread does take walked chunks (it would otherwise walk and wait for the walk lock, the cost this removes);
 * and a worker with no free chunk to walk into waits rather than spins.
 */
@Timeout(300)
class WalkAheadTest {

	private static final ProtocolSet PROTOCOLS = ProtocolRegistry.getDefault().compile();

	@TempDir
	static Path fDir;

	private static Path capture(String preset, CaptureFormat format, int frames) throws IOException {
		Path f = fDir.resolve(preset + "-" + frames + "." + format.id());
		if (java.nio.file.Files.exists(f)) {
			return f; // another test's
		}
		new Generator(Scenario.preset(preset).seed(7).frames(frames).build()).format(format).write(f);
		return f;
	}

	private static DissectedPacketSource serial(Path f) throws IOException {
		return new DissectedPacketSource(Captures.stream(f), PROTOCOLS);
	}

	/** Every field of every event the checks see, then the file's problems. */
	private static List<String> events(PacketSource s, DissectedPacketSource origin) {
		List<String> out = new ArrayList<>();
		try (s) {
			while (s.advance()) {
				PacketView e = s.current();
				StringBuilder b = new StringBuilder().append(e.frame()).append(' ').append(e.timeNanos()).append(' ')
						.append(e.sourceIp()).append(':').append(e.sourcePort()).append('>').append(e.destinationIp()).append(':')
						.append(e.destinationPort()).append(' ').append(e.interfaceId()).append(' ').append(e.unicast()).append(' ')
						.append(e.protocol()).append(' ').append(e.kind()).append(' ').append(e.session()).append(' ')
						.append(e.firstSeq()).append('+').append(e.messageCount()).append(' ').append(e.problem()).append(' ')
						.append(e.requestSeq()).append('/').append(e.requestCount()).append(' ');
				for (int i = 0; i < e.messageCount(); i++) {
					b.append(e.messageType(i)).append(',');
				}
				out.add(b.toString());
			}
		}
		for (CaptureProblem p : origin.streamProblems()) {
			out.add("problem " + p);
		}
		return out;
	}

	private static String report(PacketSource s) {
		try (CaptureMerger m = new CaptureMerger(List.of(s))) {
			AnalysisResult r = FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS,
					java.util.Map.of(), 0);
			return r.toJson() + "\n" + r.summaryText() + "\n" + r.allAnnotations();
		}
	}

	@Test
	void theSerialReadingsEventsAndReportWhateverIsWalkedAhead() throws IOException {
		for (Path f : List.of(capture("incident", CaptureFormat.PCAP, 6000), capture("incident", CaptureFormat.PCAPNG, 3000))) {
			DissectedPacketSource o = serial(f);
			List<String> expected = events(o, o);
			String expectedReport = report(serial(f));
			for (int ahead : new int[] { 0, 1, 2, 4 }) {
				for (int threads : new int[] { 1, 2, 8 }) {
					for (int chunk : new int[] { 61, 1000 }) {
						String what = f.getFileName() + ", " + ahead + " ahead, " + threads + " threads, chunks of " + chunk;
						DissectedPacketSource origin = serial(f);
						ParallelPacketSource p = new ParallelPacketSource(origin, threads, chunk).walkAhead(ahead);
						assertEquals(expected, events(p, origin), what);
						if (ahead == 0) {
							assertEquals(0, p.dissectedFromWalked(), what + ": nothing is walked ahead");
						}
						assertEquals(expectedReport, report(new ParallelPacketSource(serial(f), threads, chunk).walkAhead(ahead)),
								what + ": report");
					}
				}
			}
		}
	}

	@Test
	void theChecksThreadDissectsWalkedChunksWhenItWouldWait() throws IOException {
		Path f = capture("incident", CaptureFormat.PCAP, 20000);
		DissectedPacketSource o = serial(f);
		List<String> expected = events(o, o);
		// the checks' thread takes walked chunks only when the one it needs is not ready: with one worker and chunks of
		// a few frames that happens in most runs; a few runs make it certain
		long fromWalked = 0;
		for (int run = 0; run < 20 && fromWalked == 0; run++) {
			DissectedPacketSource origin = serial(f);
			ParallelPacketSource p = new ParallelPacketSource(origin, 1, 31).walkAhead(4);
			assertEquals(expected, events(p, origin), "run " + run);
			assertTrue(p.dissectedFromWalked() <= p.dissectedByConsumer(), "run " + run);
			fromWalked = p.dissectedFromWalked();
		}
		assertTrue(fromWalked > 0, "in 20 runs the checks' thread never dissected a chunk a worker had walked");
	}

	/**
	 * A worker that finds no free chunk to walk ahead into (the checks' thread holds them) dissects what it walked and
	 * then waits: it does not ask again and again, which would take a core from the checks' thread.
	 */
	@Test
	void aWorkerWithNoFreeChunkDoesNotSpin() throws IOException, InterruptedException {
		Path f = capture("incident", CaptureFormat.PCAP, 20000);
		DissectedPacketSource origin = serial(f);
		try (ParallelPacketSource p = new ParallelPacketSource(origin, 1, 31).walkAhead(2)) {
			assertTrue(p.advance()); // starts the worker; the checks' thread then holds its chunk while it sleeps
			Thread.sleep(500); // the worker fills every free chunk
			Thread worker = Thread.getAllStackTraces().keySet().stream()
					.filter(t -> t.getName().startsWith("feedscope dissect 1 ")).findFirst().orElseThrow();
			java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
			long before = mx.getThreadCpuTime(worker.threadId());
			Thread.sleep(500);
			long cpu = mx.getThreadCpuTime(worker.threadId()) - before;
			assertTrue(cpu < 100_000_000L, "the worker used " + cpu / 1_000_000 + " ms of CPU in 500 ms with nothing to do");
			while (p.advance()) {
				// the rest, to its end: the worker goes on once chunks are free
			}
		}
	}
}
