package io.feedscope.dissect.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * {@link JunctureComparisonBench}'s benchmarks timed by the thread's CPU time instead of the wall clock, for a
 * machine shared with other work: time the benchmark thread waits for a core (JMH's throughput counts it) is
 * not counted, so figures taken under load say more (they are still upper bounds: other work on the core
 * evicts caches). One JVM; after a warm-up of every variant, rounds alternate the variants (A/B side by side),
 * each round a batch of invocations of 100,000 messages. Prints, per variant, the median and best CPU
 * nanoseconds per message and its speed relative to juncture's median.
 * <p>
 * Run: {@code java -Xms1g -Xmx1g -cp target/benchmarks.jar io.feedscope.dissect.bench.CpuTimeComparison [ROUNDS]}.
 * The FeedScope bulk path runs twice: with the shipped decoder (the plan of ITCH 5.0's types) and with the interpreted one
 * ({@code -Dfeedscope.decoder=interpreted} while that workload's protocols are compiled); the bulk path and the
 * framing alone also with the framing's fast paths off ({@code -Dfeedscope.framing=generic} while that workload's
 * dissector is made: the general layer-by-layer and description-driven code, no header plan or binding kept), so
 * both framings are timed side by side.
 * <p>
 * {@code CpuTimeComparison dayfile [ROUNDS] [FILE]}: the same on a NASDAQ BinaryFILE day file ({@link DayFileWorkload}:
 * {@code mix} by default, or a day file's path), each variant a whole pass over the file per invocation: juncture,
 * FeedScope frame by frame (the product's path before the day-file fast path) and in runs of records (now), the
 * floor, and what a reader pays in all (opening the file, its frame index and record times, then the records).
 * These are the day-file figures of {@link DayFileComparisonBench}; the default run is the frame figures of
 * {@link JunctureComparisonBench}.
 */
public final class CpuTimeComparison {

	private static volatile long sink;

	private CpuTimeComparison() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("dayfile")) {
			dayFile(args.length > 1 ? Integer.parseInt(args[1]) : 15, args.length > 2 ? args[2] : "mix");
			return;
		}
		int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
		int batch = 20;
		JunctureComparisonBench shipped = new JunctureComparisonBench();
		shipped.setup();
		JunctureComparisonBench interpreted = new JunctureComparisonBench();
		interpreted.decoder = "interpreted";
		interpreted.setup();
		// the same workload with the framing's fast paths off: the general, description-driven walk alone
		JunctureComparisonBench generic = new JunctureComparisonBench();
		generic.framing = "generic";
		generic.setup();
		// and with only the conversations' plans off (frames in an array: the analysis's entry)
		JunctureComparisonBench unfused = new JunctureComparisonBench();
		unfused.framing = "unfused";
		unfused.setup();
		List<String> names = List.of("juncture every field", "feedscope every field (getLong per id)", "feedscope bulk, plan decoder",
				"feedscope bulk, interpreted decoder", "feedscope bulk, plan, 1 read/msg", "feedscope bulk, interpreted, 1 read/msg",
				"feedscope framing only", "feedscope bulk, generic framing", "feedscope framing only, generic", "hand walk only (the floor)",
				"juncture parse only (no walk)", "feedscope framing + cursor", "feedscope decoder only, direct",
				"feedscope interpreted only, direct", "juncture parse only, sorted by type", "feedscope decoder only, sorted by type",
				"feedscope decoder only, heap", "feedscope framing only, array, fused", "feedscope framing only, array, unfused",
				"feedscope framing only, array, generic");
		List<LongSupplier> runs = new ArrayList<>();
		runs.add(() -> {
			try {
				return shipped.junctureEveryField();
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		});
		runs.add(shipped::feedscopeEveryField);
		runs.add(shipped::feedscopeEveryFieldBulk);
		runs.add(interpreted::feedscopeEveryFieldBulk);
		runs.add(shipped::feedscopeEveryFieldBulkOneRead);
		runs.add(interpreted::feedscopeEveryFieldBulkOneRead);
		runs.add(shipped::feedscopeFramingOnly);
		runs.add(generic::feedscopeEveryFieldBulk);
		runs.add(generic::feedscopeFramingOnly);
		runs.add(shipped::handWalkOnly);
		runs.add(() -> {
			try {
				return shipped.junctureParseOnly();
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		});
		runs.add(shipped::cursorOnly);
		runs.add(shipped::decodeOnly);
		runs.add(interpreted::decodeOnly);
		runs.add(() -> {
			try {
				return shipped.junctureParseOnlySorted();
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		});
		runs.add(shipped::decodeOnlySorted);
		if (Boolean.getBoolean("bench.heap")) {
			// heap frames make the decoder's buffer reads see two buffer classes: only on request, it slows the others
			runs.add(shipped::decodeOnlyHeap);
		}
		List<String> named = new ArrayList<>(names.subList(0, runs.size()));
		// frames in an array, as the analysis's workers dissect them: by the plans, without them, the general code
		named.addAll(names.subList(names.size() - 3, names.size()));
		names = named;
		runs.add(shipped::feedscopeFramingOnlyArray);
		runs.add(unfused::feedscopeFramingOnlyArray);
		runs.add(generic::feedscopeFramingOnlyArray);
		ThreadMXBean mx = ManagementFactory.getThreadMXBean();
		for (int w = 0; w < 3; w++) {
			for (LongSupplier r : runs) {
				for (int k = 0; k < 100; k++) {
					sink += r.getAsLong();
				}
			}
		}
		double[][] ns = new double[runs.size()][rounds];
		for (int round = 0; round < rounds; round++) {
			for (int i = 0; i < runs.size(); i++) {
				int v = (i + round) % runs.size(); // a different variant first each round
				LongSupplier r = runs.get(v);
				long t0 = mx.getCurrentThreadCpuTime();
				for (int k = 0; k < batch; k++) {
					sink += r.getAsLong();
				}
				ns[v][round] = (mx.getCurrentThreadCpuTime() - t0) / (double) (batch * (long) JunctureComparisonBench.MESSAGES);
			}
		}
		double junctureMedian = median(ns[0]);
		System.out.printf(Locale.ROOT, "%-40s %12s %10s %8s %12s%n", "CPU ns per message (" + rounds + " rounds)", "median", "best",
				"vs junct", "M msgs/CPU-s");
		for (int v = 0; v < runs.size(); v++) {
			double m = median(ns[v]);
			System.out.printf(Locale.ROOT, "%-40s %12.2f %10.2f %7.2fx %12.1f%n", names.get(v), m, Arrays.stream(ns[v]).min().orElse(0),
					junctureMedian / m, 1000 / m);
		}
	}

	/** A variant that may throw: one pass over the day file. */
	private interface Pass {
		long run() throws Exception;
	}

	private static void dayFile(int rounds, String spec) throws Exception {
		try (DayFileWorkload day = new DayFileWorkload(spec)) {
			List<String> names = List.of("juncture every field (day file)", "feedscope frame by frame, bulk", "feedscope runs of records, bulk",
					"hand walk only (the floor)", "feedscope open + runs of records", "feedscope open only (index, times)",
					"frame by frame: frameData only", "frame by frame: dissect + cursor", "runs: dissect + cursor", "decoder alone (messages found before)");
			List<Pass> runs = List.of(day::juncture, day::frames, day::records, day::handWalk, day::openAndRecords, day::openOnly,
					day::frameDataOnly, day::framesCursorOnly, day::recordsCursorOnly, day::decodeOnly);
			String only = System.getProperty("bench.variants");
			if (only != null) {
				// some variants alone (their numbers in the list above, juncture always first): code shared by variants
				// is compiled for what runs, so a variant's figure can depend on which others run in the same JVM
				List<String> n = new ArrayList<>(List.of(names.get(0)));
				List<Pass> r = new ArrayList<>(List.of(runs.get(0)));
				for (String v : only.split(",")) {
					int i = Integer.parseInt(v.trim());
					if (i > 0) {
						n.add(names.get(i));
						r.add(runs.get(i));
					}
				}
				names = n;
				runs = r;
			}
			System.out.printf(Locale.ROOT, "%s: %,d messages%n", day.fPath, day.fMessages);
			ThreadMXBean mx = ManagementFactory.getThreadMXBean();
			for (int w = 0; w < 5; w++) {
				for (Pass r : runs) {
					sink += r.run();
				}
			}
			int batch = 2;
			double[][] ns = new double[runs.size()][rounds];
			for (int round = 0; round < rounds; round++) {
				for (int i = 0; i < runs.size(); i++) {
					int v = (i + round) % runs.size();
					long t0 = mx.getCurrentThreadCpuTime();
					for (int k = 0; k < batch; k++) {
						sink += runs.get(v).run();
					}
					ns[v][round] = (mx.getCurrentThreadCpuTime() - t0) / (double) (batch * (long) day.fMessages);
				}
			}
			print(names, ns, rounds);
		}
	}

	/**
	 * Per variant: median and best CPU ns per message, speed relative to juncture's median, and the median of the
	 * round-by-round ratios (juncture's time in a round over the variant's in the same round: the two ran within a
	 * second of each other, so a load that comes and goes moves both, and this ratio moves least).
	 */
	private static void print(List<String> names, double[][] ns, int rounds) {
		double junctureMedian = median(ns[0]);
		System.out.printf(Locale.ROOT, "%-40s %12s %10s %8s %9s %12s%n", "CPU ns per message (" + rounds + " rounds)", "median", "best",
				"vs junct", "per round", "M msgs/CPU-s");
		for (int v = 0; v < names.size(); v++) {
			double m = median(ns[v]);
			double[] ratio = new double[rounds];
			for (int r = 0; r < rounds; r++) {
				ratio[r] = ns[0][r] / ns[v][r];
			}
			System.out.printf(Locale.ROOT, "%-40s %12.2f %10.2f %7.2fx %8.2fx %12.1f%n", names.get(v), m, Arrays.stream(ns[v]).min().orElse(0),
					junctureMedian / m, median(ratio), 1000 / m);
		}
	}

	private static double median(double[] a) {
		double[] s = a.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}
}
