package io.feedscope.dissect.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 14 section 3 on the issue's own input: full field decode of a NASDAQ BinaryFILE day file by FeedScope and by
 * paritytrading juncture 1.0.0 (a test-only dependency of this module), in the same JMH run, on the same bytes
 * ({@link DayFileWorkload}: both sides, the file, which figure is what).
 * <p>
 * Which comparison is which: here both sides read what the issue measured juncture on, a day file's records, each
 * walking them its own way (juncture as nassau's BinaryFILE reader does; FeedScope through its capture and
 * dissection bundles, as {@code feedscope decode} and {@code bench} read a day file). {@link JunctureComparisonBench}
 * is the other honest figure: the same messages in Ethernet/IPv4/UDP/MoldUDP64 frames, where FeedScope pays its whole
 * framing (layers, MoldUDP64 header, every block typed and length-checked) and juncture a hand walk of the blocks.
 * <p>
 * Scores: the primary one is passes over the file per second; the {@code messages} line under each is what to read,
 * messages per second. {@link #feedscopeFrames} is each record dissected as a frame of its own (the product's path
 * before the day-file fast path), {@link #feedscopeRecords} the records in runs ({@code dissectFrames}), the
 * product's path now; {@link #handWalk} the floor of any reader. Run:
 * {@code java -jar target/benchmarks.jar DayFileComparisonBench} (add {@code -p file=PATH} for another day file,
 * e.g. one {@code feedscope generate --format binaryfile} wrote).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DayFileComparisonBench {

	/** {@code mix}: ItchDecodeBench's mix without 'O', 2 M records; else a day file's path */
	@Param({ "mix" })
	public String file = "mix";

	/**
	 * FeedScope's message decoder: {@code plan} (as shipped) or {@code interpreted} ({@code -Dfeedscope.decoder} while
	 * the protocols are compiled); run {@code -p decoder=plan,interpreted}
	 */
	@Param({ "plan" })
	public String decoder = "plan";

	private DayFileWorkload fDay;

	/** Messages decoded, reported per second beside each benchmark's passes per second. */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.OPERATIONS)
	public static class Messages {
		public long messages;

		@Setup(Level.Iteration)
		public void clear() {
			messages = 0;
		}
	}

	@Setup(Level.Trial)
	public void setup() throws IOException {
		fDay = ItchWorkload.withProperty("feedscope.decoder", decoder, () -> new DayFileWorkload(file));
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		fDay.close();
	}

	/** juncture: the records walked, every field of every message parsed. */
	@Benchmark
	public long juncture(Messages m) throws IOException {
		m.messages += fDay.fMessages;
		return fDay.juncture();
	}

	/** FeedScope, each record a frame dissected alone, every field read in bulk. */
	@Benchmark
	public long feedscopeFrames(Messages m) {
		m.messages += fDay.fMessages;
		return fDay.frames();
	}

	/** FeedScope, the records in runs ({@code FeedDissector.dissectFrames}), every field read in bulk. */
	@Benchmark
	public long feedscopeRecords(Messages m) {
		m.messages += fDay.fMessages;
		return fDay.records();
	}

	/** The floor: the records walked and their type bytes read, nothing decoded. */
	@Benchmark
	public long handWalk(Messages m) {
		m.messages += fDay.fMessages;
		return fDay.handWalk();
	}
}
