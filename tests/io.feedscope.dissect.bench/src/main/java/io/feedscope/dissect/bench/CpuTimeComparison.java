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
 * The FeedScope bulk path runs twice: with the decoder generated for ITCH 5.0 and with the interpreted one
 * ({@code -Dfeedscope.decoder=interpreted} while that workload's protocols are compiled); the bulk path and the
 * framing alone also with the framing's fast paths off ({@code -Dfeedscope.framing=generic} while that workload's
 * dissector is made: the general layer-by-layer and description-driven code, no header plan or binding kept), so
 * both framings are timed side by side.
 */
public final class CpuTimeComparison {

	private static volatile long sink;

	private CpuTimeComparison() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
		int batch = 20;
		JunctureComparisonBench generated = new JunctureComparisonBench();
		generated.setup();
		System.setProperty("feedscope.decoder", "interpreted");
		JunctureComparisonBench interpreted = new JunctureComparisonBench();
		interpreted.setup();
		System.clearProperty("feedscope.decoder");
		// the same workload with the framing's fast paths off: the general, description-driven walk alone
		System.setProperty("feedscope.framing", "generic");
		JunctureComparisonBench generic = new JunctureComparisonBench();
		generic.setup();
		System.clearProperty("feedscope.framing");
		List<String> names = List.of("juncture every field", "feedscope every field (getLong per id)", "feedscope bulk, generated decoder",
				"feedscope bulk, interpreted decoder", "feedscope bulk, generated, 1 read/msg", "feedscope bulk, interpreted, 1 read/msg",
				"feedscope framing only", "feedscope bulk, generic framing", "feedscope framing only, generic", "hand walk only (the floor)",
				"juncture parse only (no walk)", "feedscope framing + cursor", "feedscope decoder only, direct",
				"feedscope interpreted only, direct", "juncture parse only, sorted by type", "feedscope decoder only, sorted by type",
				"feedscope decoder only, heap");
		List<LongSupplier> runs = new ArrayList<>();
		runs.add(() -> {
			try {
				return generated.junctureEveryField();
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		});
		runs.add(generated::feedscopeEveryField);
		runs.add(generated::feedscopeEveryFieldBulk);
		runs.add(interpreted::feedscopeEveryFieldBulk);
		runs.add(generated::feedscopeEveryFieldBulkOneRead);
		runs.add(interpreted::feedscopeEveryFieldBulkOneRead);
		runs.add(generated::feedscopeFramingOnly);
		runs.add(generic::feedscopeEveryFieldBulk);
		runs.add(generic::feedscopeFramingOnly);
		runs.add(generated::handWalkOnly);
		runs.add(() -> {
			try {
				return generated.junctureParseOnly();
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		});
		runs.add(generated::cursorOnly);
		runs.add(generated::decodeOnly);
		runs.add(interpreted::decodeOnly);
		runs.add(() -> {
			try {
				return generated.junctureParseOnlySorted();
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		});
		runs.add(generated::decodeOnlySorted);
		if (Boolean.getBoolean("bench.heap")) {
			// heap frames make the decoder's buffer reads see two buffer classes: only on request, it slows the others
			runs.add(generated::decodeOnlyHeap);
		}
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

	private static double median(double[] a) {
		double[] s = a.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}
}
