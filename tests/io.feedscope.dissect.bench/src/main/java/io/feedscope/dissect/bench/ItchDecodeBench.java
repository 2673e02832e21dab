package io.feedscope.dissect.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;


/**
 * ITCH 5.0 decode throughput on one core: whole Ethernet/IPv4/UDP/MoldUDP64 frames (direct
 * buffers, like a memory-mapped capture) through {@link FeedDissector}, then every field of every
 * message read through the fast path ({@code getLong(id)}; ITCH's ASCII fields are at most 8 bytes and
 * come back as their raw bytes, so text is read too). Scores are in messages per second
 * ({@link OperationsPerInvocation}). {@link #decodeEveryFieldCopyingText} copies ASCII fields into a
 * reused byte array instead, for comparison.
 * <p>
 * The workload is a synthetic feed with a realistic type mix (mostly add/delete/execute/replace,
 * every one of the 23 types present), 1 to 40 messages per packet, seeded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ItchDecodeBench {

	/** messages in the workload (a compile-time constant for {@link OperationsPerInvocation}) */
	public static final int MESSAGES = 100_000;

	static final char[] MIX = "AAAAAAAAAAAAADDDDDDDDDDEEEEXXXUUUUFFPCQISRHYLVWKJhBNO".toCharArray();
	private ItchWorkload fWorkload;
	private final byte[] fScratch = new byte[16];
	private final long[] fValues = new long[32];

	@Setup
	public void setup() throws IOException {
		fWorkload = new ItchWorkload(MIX);
	}

	/** Full decode: frame layers, MoldUDP64, every field of every ITCH message via getLong. */
	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public long decodeEveryField() {
		return fWorkload.everyField();
	}

	/** Full decode through the bulk path: {@code readFields(long[])} fills every field of the message. */
	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public long decodeEveryFieldBulk() {
		return fWorkload.everyFieldBulk(fValues);
	}

	/** Same as {@link #decodeEveryField()}, but ASCII fields are copied into a byte array (bulk get) instead of read as a long. */
	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public long decodeEveryFieldCopyingText() {
		return fWorkload.everyFieldCopyingText(fScratch);
	}

	/** Framing only: layers, MoldUDP64 header and blocks, message typing and length checks. */
	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public long framingOnly() {
		return fWorkload.framingOnly();
	}
}
