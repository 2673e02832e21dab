package io.feedscope.analysis.tests;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.CaptureMerger;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.analysis.PacketEvent;
import io.feedscope.dissect.PacketKind;
import io.feedscope.analysis.PacketSource;

/**
 * Memory and speed benchmark (a main, not a test): streams synthetic A/B events through the k-way merger
 * and every built-in check, then prints events/s and heap. Run on a plain class path with
 * {@code -Xmx1g}; arguments: total events (default 50,000,000), then optionally {@code nochecks} to
 * measure the generator, merger and core bookkeeping alone.
 * <p>
 * The feed: packets of 1-5 messages every 3 us on line A (capture 0) and 20 us later on line B (capture
 * 1); every 1,000,003rd packet is missing on B (a gap), every 4,000,037th on both lines (true loss), and
 * every 10,000,019th packet A freezes for 60 ms, then flushes its backlog in 70-message packets.
 */
public final class AnalysisBenchmark {

	private static final String SESSION = "BENCH00001";

	/** Generates one line's packets on the fly: no storage, one reused event. */
	static final class SyntheticLine implements PacketSource {
		private final boolean fIsA;
		private final long fPackets;
		private final PacketEvent fEvent = new PacketEvent();
		private long fK;
		private long fSeq = 1;
		private int fFrame;
		private long fLastTime;
		private long fFrozenUntil = -1;
		private long fFrozenFrom;
		private long fFlushFrom;
		private long fFlushTo = -1;
		private long fHeldSeq = -1;
		private int fHeldCount;

		SyntheticLine(boolean isA, long packets) {
			fIsA = isA;
			fPackets = packets;
			fEvent.setDestination(PacketEvent.ip(isA ? "233.54.12.111" : "233.49.196.111"), 26477)
					.setSource(PacketEvent.ip("10.0.0.1"), 40000).setSession(SESSION).setKind(PacketKind.DATA);
		}

		@Override
		public String name() {
			return fIsA ? "a.pcap" : "b.pcap";
		}

		@Override
		public String path() {
			return name();
		}

		@Override
		public String format() {
			return "pcap";
		}

		@Override
		public boolean advance() {
			while (true) {
				if (fFlushFrom <= fFlushTo) {
					// the backlog after a freeze, 70 messages a packet, 2 us apart
					int n = (int) Math.min(70, fFlushTo - fFlushFrom + 1);
					emit(fFlushFrom, n, fLastTime + 2_000);
					fFlushFrom += n;
					return true;
				}
				if (fHeldSeq > 0) {
					emit(fHeldSeq, fHeldCount, fLastTime + 2_000);
					fHeldSeq = -1;
					return true;
				}
				if (fK >= fPackets) {
					return false;
				}
				long k = fK++;
				int count = 1 + (int) ((k * 2654435761L >>> 7) % 5);
				long seq = fSeq;
				fSeq += count;
				long t = k * 3_000 + (fIsA ? 0 : 20_000);
				if (k % 4_000_037 == 4_000_036 || (!fIsA && k % 1_000_003 == 1_000_002)) {
					continue;
				}
				if (fIsA && k % 10_000_019 == 10_000_018) {
					fFrozenUntil = t + 60_000_000;
					fFrozenFrom = seq;
				}
				if (fFrozenUntil >= 0) {
					if (t < fFrozenUntil) {
						continue;
					}
					fFrozenUntil = -1;
					fFlushFrom = fFrozenFrom;
					fFlushTo = seq - 1;
					fHeldSeq = seq;
					fHeldCount = count;
					fLastTime = t - 2_000;
					continue;
				}
				emit(seq, count, t);
				return true;
			}
		}

		private void emit(long seq, int count, long t) {
			// a capture's timestamps never go back: after a flush the line runs late for a while
			fLastTime = Math.max(t, fLastTime);
			fEvent.setFrame(++fFrame, fLastTime).setFirstSeq(seq).setMessageCount(count);
			for (int i = 0; i < count; i++) {
				fEvent.setMessageType(i, "AEDFXU".charAt((int) ((seq + i) % 6)));
			}
		}

		@Override
		public PacketEvent current() {
			return fEvent;
		}
	}

	public static void main(String[] args) {
		long events = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 50_000_000L;
		boolean noChecks = args.length > 1 && args[1].equals("nochecks");
		long r0 = System.nanoTime();
		CheckRegistry registry = CheckRegistry.load();
		long r1 = System.nanoTime();
		if (!registry.problems().isEmpty() || registry.checks().size() < 8) {
			throw new IllegalStateException("checks not found: " + registry.checks() + " " + registry.problems());
		}
		for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
			p.resetPeakUsage();
		}
		long t0 = System.nanoTime();
		AnalysisResult r;
		try (CaptureMerger m = new CaptureMerger(List.of(new SyntheticLine(true, events / 2),
				new SyntheticLine(false, events / 2)))) {
			r = FeedAnalyzer.analyze(m, noChecks ? List.of() : registry.defaultChecks(), AnalysisOptions.DEFAULTS);
		}
		long t1 = System.nanoTime();
		String summary = r.summaryText();
		long peak = 0;
		for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
			if (p.getType() == MemoryType.HEAP) {
				peak += p.getPeakUsage().getUsed();
			}
		}
		System.gc();
		Runtime rt = Runtime.getRuntime();
		long used = rt.totalMemory() - rt.freeMemory();
		double secs = (t1 - t0) / 1e9;
		System.out.println(summary);
		System.out.printf(Locale.ROOT, "check registry loaded in %.1f ms (%s)%n", (r1 - r0) / 1e6,
				registry.fromExtensionRegistry() ? "extension registry" : "plugin.xml on the class path");
		System.out.printf(Locale.ROOT, "events: %,d in %.2f s = %,.0f events/s (%.1f ns/event)%n", r.frames(), secs,
				r.frames() / secs, (t1 - t0) / (double) r.frames());
		System.out.printf(Locale.ROOT, "heap: max %,d MB, peak used %,d MB, used after analysis+GC %,d MB%n",
				rt.maxMemory() >> 20, peak >> 20, used >> 20);
		System.out.printf(Locale.ROOT, "at this rate 330,000 frames take %.1f ms%n", 330_000 * (t1 - t0) / (double) r.frames() / 1e6);
	}
}
