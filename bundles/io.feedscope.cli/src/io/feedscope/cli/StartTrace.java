package io.feedscope.cli;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a command's start-up goes, with {@code -Dfeedscope.startTrace=true}: {@link #mark} notes the clock at a
 * step (a {@link System#nanoTime()} read, nothing else, so the trace does not slow what it measures) and
 * {@link #print} writes every step as milliseconds since the JVM started, once (the JVM's uptime is read there,
 * after the steps: reading it loads java.management, which would otherwise count in the first step).
 * <p>
 * With {@code -Dfeedscope.startTrace=cpu} each step also says the CPU time of the thread that marked it, and
 * {@link #print} the CPU time of the whole process so far (every thread: the compiler's, the GC's, the reading
 * threads'), both from Linux's {@code /proc/.../schedstat} (nanoseconds): on a machine shared with other work,
 * wall-clock steps vary with the load, CPU times much less, and start-up changes are judged by them.
 */
final class StartTrace {

	private static final String MODE = System.getProperty("feedscope.startTrace", "");
	private static final boolean ON = MODE.equals("true") || MODE.equals("cpu");
	private static final boolean CPU = MODE.equals("cpu");
	private static final List<String> STEPS = new ArrayList<>();
	private static final List<Long> TIMES = new ArrayList<>();
	private static final List<Long> CPUS = new ArrayList<>();

	private StartTrace() {
	}

	/** Notes that {@code step} is done now. */
	static void mark(String step) {
		if (ON) {
			long now = System.nanoTime();
			long cpu = CPU ? schedNanos("/proc/thread-self/schedstat") : -1;
			synchronized (STEPS) {
				STEPS.add(step);
				TIMES.add(now);
				CPUS.add(cpu);
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
		// after the uptime: what loading the management classes costs is not counted
		long process = CPU ? processNanos() : -1;
		synchronized (STEPS) {
			for (int i = 0; i < STEPS.size(); i++) {
				long cpu = CPUS.get(i);
				err.printf(Locale.ROOT, "start: %-40s at %6.1f ms%s%n", STEPS.get(i), uptimeMs - (now - TIMES.get(i)) / 1e6,
						cpu < 0 ? "" : String.format(Locale.ROOT, " (thread CPU %.1f ms)", cpu / 1e6));
			}
			if (process >= 0) {
				err.printf(Locale.ROOT, "start: %-40s    %6.1f ms (10 ms ticks)%n", "process CPU to here (all threads)", process / 1e6);
				// the live threads' own (the compiler's, the VM's, the JVM's own start on "java"): what start-up costs
				// besides this command's threads
				String[] tasks = new java.io.File("/proc/self/task").list();
				if (tasks != null) {
					java.util.Arrays.sort(tasks);
					StringBuilder b = new StringBuilder();
					for (String t : tasks) {
						long n = schedNanos("/proc/self/task/" + t + "/schedstat");
						if (n >= 500_000) {
							b.append(String.format(Locale.ROOT, " %s %.1f;", comm(t), n / 1e6));
						}
					}
					err.printf(Locale.ROOT, "start: threads' CPU (ms, those over 0.5):%s%n", b);
				}
			}
			STEPS.clear();
			TIMES.clear();
			CPUS.clear();
		}
	}

	/**
	 * @return the CPU time of the process (every thread, ended ones too: the JDK's clock of the process, read
	 *         through com.sun.management by name, as the trace alone needs it), or -1 where there is none
	 */
	private static long processNanos() {
		try {
			Object os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
			Object n = Class.forName("com.sun.management.OperatingSystemMXBean").getMethod("getProcessCpuTime").invoke(os);
			return n instanceof Long l ? l : -1;
		} catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
			return -1;
		}
	}

	private static String comm(String task) {
		try (FileInputStream in = new FileInputStream("/proc/self/task/" + task + "/comm")) {
			return new String(in.readNBytes(64), StandardCharsets.US_ASCII).strip();
		} catch (IOException e) {
			return task;
		}
	}

	/** @return the first field of a schedstat file (time on a CPU, ns), or -1 where there is none */
	private static long schedNanos(String file) {
		try (FileInputStream in = new FileInputStream(file)) {
			byte[] b = in.readNBytes(64);
			String s = new String(b, StandardCharsets.US_ASCII);
			int sp = s.indexOf(' ');
			return Long.parseLong(sp < 0 ? s.strip() : s.substring(0, sp));
		} catch (IOException | RuntimeException e) {
			return -1;
		}
	}
}
