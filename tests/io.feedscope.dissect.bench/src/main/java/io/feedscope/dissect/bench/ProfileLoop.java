package io.feedscope.dissect.bench;

/**
 * Runs one of {@link JunctureComparisonBench}'s FeedScope variants in a loop for a while, for a profiler (JFR:
 * {@code java -XX:StartFlightRecording=settings=profile,filename=x.jfr -cp target/benchmarks.jar
 * io.feedscope.dissect.bench.ProfileLoop bulkOneRead 20}). Prints nothing but the time per message.
 */
public final class ProfileLoop {

	private static volatile long sink;

	private ProfileLoop() {
	}

	public static void main(String[] args) throws Exception {
		String variant = args.length > 0 ? args[0] : "bulkOneRead";
		long seconds = args.length > 1 ? Long.parseLong(args[1]) : 20;
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
}
