package io.feedscope.analysis.tests;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.analysis.PacketEvent;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;

/**
 * The checks' thread alone (a main, not a test): reads a capture once into memory (its events, dissected
 * serially), then runs the analysis with every default check over those events several times and prints the
 * thread CPU per frame of each round, their median, and a hash of the JSON report (the same in every round, and
 * across builds when the findings are the same). What `analyze` spends on the checks' thread without the
 * reading: the stage that limits a run on two cores. Arguments: capture, rounds (default 7), frames at most
 * (default 3,500,000; the events are kept, about 250 bytes each), then optionally the checks to leave out (ids
 * or their last part, comma-separated; {@code all} leaves every check out: the core bookkeeping alone; {@code -}
 * none), then optionally {@code hot} (each event copied into one reused event before the analysis reads it: the
 * analysis' CPU without fetching the events from memory, plus the copy's) or {@code copy} (the copy alone).
 */
public final class ChecksBenchmark {

	public static void main(String[] args) throws Exception {
		Path capture = Path.of(args[0]);
		int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
		int max = args.length > 2 ? Integer.parseInt(args[2].replace("_", "")) : 3_500_000;
		ProtocolSet protocols = ProtocolRegistry.getDefault().compile();
		List<PacketEvent> events = new ArrayList<>();
		String name;
		try (DissectedPacketSource s = new DissectedPacketSource(Captures.stream(capture), protocols)) {
			name = s.name();
			while (events.size() < max && s.advance()) {
				events.add(new PacketEvent().copyFrom(s.current()));
			}
		}
		PacketEvent[] all = events.toArray(new PacketEvent[0]);
		events = null;
		List<String> out = args.length > 3 ? List.of(args[3].split(",")) : List.of();
		// "hot": each event copied into one reused event first, so that the analysis reads it from the cache (the
		// copy pays the memory's cost): the analysis' own CPU apart from fetching the events; "copy": the copy alone
		String mode = args.length > 4 ? args[4] : "";
		PacketEvent scratch = new PacketEvent();
		List<CheckDescriptor> checks = new ArrayList<>();
		for (CheckDescriptor d : CheckRegistry.load().defaultChecks()) {
			String shortId = d.id().substring(d.id().lastIndexOf('.') + 1);
			if (!out.contains("all") && !out.contains(d.id()) && !out.contains(shortId)) {
				checks.add(d);
			}
		}
		ThreadMXBean mx = ManagementFactory.getThreadMXBean();
		double[] perFrame = new double[rounds];
		String firstHash = null;
		for (int r = 0; r < rounds; r++) {
			long c0 = mx.getCurrentThreadCpuTime();
			FeedAnalyzer a = new FeedAnalyzer(checks, AnalysisOptions.DEFAULTS);
			a.addCapture(0, name, capture.toString(), "pcap");
			if (mode.equals("hot")) {
				for (PacketEvent e : all) {
					a.accept(scratch.copyFrom(e));
				}
			} else if (mode.equals("copy")) {
				for (PacketEvent e : all) {
					scratch.copyFrom(e);
				}
			} else {
				for (PacketEvent e : all) {
					a.accept(e);
				}
			}
			AnalysisResult result = a.finish();
			long c1 = mx.getCurrentThreadCpuTime();
			perFrame[r] = (c1 - c0) / (double) all.length;
			String hash = Integer.toHexString(result.toJson().hashCode());
			if (firstHash == null) {
				firstHash = hash;
			} else if (!firstHash.equals(hash)) {
				throw new IllegalStateException("round " + (r + 1) + " reported differently: " + hash + " vs " + firstHash);
			}
			System.out.printf(Locale.ROOT, "round %d: %.1f ns/frame (checks' thread CPU)%n", r + 1, perFrame[r]);
		}
		double[] sorted = perFrame.clone();
		Arrays.sort(sorted);
		System.out.printf(Locale.ROOT, "%s: %,d frames, %d checks, median %.1f ns/frame, best %.1f, report hash %s%n", name,
				all.length, checks.size(), sorted[rounds / 2], sorted[0], firstHash);
	}
}
