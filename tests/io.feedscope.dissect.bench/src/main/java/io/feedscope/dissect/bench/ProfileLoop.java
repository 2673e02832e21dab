package io.feedscope.dissect.bench;

/**
 * Runs one of {@link JunctureComparisonBench}'s FeedScope variants in a loop for a while, for a profiler (JFR:
 * {@code java -XX:StartFlightRecording=settings=profile,filename=x.jfr -cp target/benchmarks.jar
 * io.feedscope.dissect.bench.ProfileLoop bulkOneRead 20}; the day-file loops: {@code dayFrames}, {@code dayRecords},
 * {@code dayJuncture}). Prints nothing but the time per message.
 */
public final class ProfileLoop {

	private static volatile long sink;

	private ProfileLoop() {
	}

	public static void main(String[] args) throws Exception {
		String variant = args.length > 0 ? args[0] : "bulkOneRead";
		long seconds = args.length > 1 ? Long.parseLong(args[1]) : 20;
		if (variant.startsWith("day")) {
			dayFile(variant, seconds, args.length > 2 ? args[2] : "mix");
			return;
		}
		JunctureComparisonBench b = new JunctureComparisonBench();
		b.setup();
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		long calls = 0;
		long t0 = System.nanoTime();
		while (System.nanoTime() < end) {
			for (int k = 0; k < 10; k++) {
				sink += switch (variant) {
				case "bulk" -> b.feedscopeEveryFieldBulk();
				case "bulkOneRead" -> b.feedscopeEveryFieldBulkOneRead();
				case "framing" -> b.feedscopeFramingOnly();
				case "cursor" -> b.cursorOnly();
				case "decode" -> b.decodeOnly();
				case "juncture" -> b.junctureEveryField();
				default -> throw new IllegalArgumentException(variant);
				};
			}
			calls += 10;
		}
		System.out.printf("%s: %.2f ns/msg (wall)%n", variant, (System.nanoTime() - t0) / (double) (calls * JunctureComparisonBench.MESSAGES));
	}

	/** {@code dayFrames}, {@code dayRecords}, {@code dayJuncture} [SECONDS] [FILE]: the day-file loops ({@link DayFileWorkload}). */
	private static void dayFile(String variant, long seconds, String spec) throws Exception {
		try (DayFileWorkload d = new DayFileWorkload(spec)) {
			long end = System.nanoTime() + seconds * 1_000_000_000L;
			long calls = 0;
			long t0 = System.nanoTime();
			while (System.nanoTime() < end) {
				sink += switch (variant) {
				case "dayFrames" -> d.frames();
				case "dayRecords" -> d.records();
				case "dayJuncture" -> d.juncture();
				case "dayDecode" -> d.decodeOnly();
				default -> throw new IllegalArgumentException(variant);
				};
				calls++;
			}
			System.out.printf("%s: %.2f ns/msg (wall)%n", variant, (System.nanoTime() - t0) / (double) (calls * d.fMessages));
		}
	}
}
