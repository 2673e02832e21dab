package io.feedscope.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a command's start-up goes, with {@code -Dfeedscope.startTrace=true}: {@link #mark} notes the clock at a
 * step (a {@link System#nanoTime()} read, nothing else, so the trace does not slow what it measures) and
 * {@link #print} writes every step as milliseconds since the JVM started, once (the JVM's uptime is read there,
 * after the steps: reading it loads java.management, which would otherwise count in the first step).
 */
final class StartTrace {

	private static final boolean ON = Boolean.getBoolean("feedscope.startTrace");
	private static final List<String> STEPS = new ArrayList<>();
	private static final List<Long> TIMES = new ArrayList<>();

	private StartTrace() {
	}

	/** Notes that {@code step} is done now. */
	static void mark(String step) {
		if (ON) {
			long now = System.nanoTime();
			synchronized (STEPS) {
				STEPS.add(step);
				TIMES.add(now);
			}
		}
	}

	/** Prints the steps noted so far (and forgets them) as "start: STEP at N.N ms" lines. */
	static void print(PrintStream err) {
		if (!ON) {
			return;
		}
		long now = System.nanoTime();
		long uptimeMs = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
		synchronized (STEPS) {
			for (int i = 0; i < STEPS.size(); i++) {
				err.printf(Locale.ROOT, "start: %-40s at %6.1f ms%n", STEPS.get(i), uptimeMs - (now - TIMES.get(i)) / 1e6);
			}
			STEPS.clear();
			TIMES.clear();
		}
	}
}
