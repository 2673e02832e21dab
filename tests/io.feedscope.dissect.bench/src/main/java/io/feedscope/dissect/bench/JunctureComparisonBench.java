package io.feedscope.dissect.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import com.paritytrading.juncture.nasdaq.itch50.ITCH50;
import com.paritytrading.juncture.nasdaq.itch50.ITCH50Listener;
import com.paritytrading.juncture.nasdaq.itch50.ITCH50Parser;

/**
 * FeedScope's grammar-driven ITCH 5.0 decoder against paritytrading juncture's hand-written one
 * (juncture-nasdaq, a test-only dependency of this benchmark module, never of the product), in the same JMH
 * run, on the same frames: issue 14 section 3 asks for at least 1.0x. Both walk the same Ethernet/IPv4/UDP/
 * MoldUDP64 frames and decode every field of every message: FeedScope through the dissector and
 * {@code getLong(id)} per field, juncture through {@link ITCH50Parser#message(ByteBuffer)}, which reads every
 * field of the message into its reused message object (the listener then reads one field of each, so the
 * work is not dead). juncture gets the frames' MoldUDP64 blocks walked by hand here (a 20-byte header, then
 * length-prefixed messages), the least a framing can cost; FeedScope's score includes its Ethernet/IP/UDP
 * and MoldUDP64 dissection. The mix is {@link ItchDecodeBench}'s without the one type juncture 1.0.0 does
 * not know ('O' Direct Listing with Capital Raise), 1 to 40 messages per packet, seeded. Scores in
 * messages per second.
 * <p>
 * Beside them: FeedScope's framing alone ({@link #feedscopeFramingOnly()}), the floor of any framing on these
 * frames ({@link #handWalkOnly()}: juncture's hand walk without the parse), and, with
 * {@code -p framing=fast,generic}, FeedScope with its framing's fast paths off (the general, description-driven
 * walk). Run: {@code java -jar target/benchmarks.jar JunctureComparisonBench -p framing=fast,generic}.
 * <p>
 * Which comparison is which: this one is on frames (what a capture of the feed holds), FeedScope paying its whole
 * framing and juncture only a hand walk of the blocks; {@link DayFileComparisonBench} is on the input the issue
 * measured juncture on, a NASDAQ BinaryFILE day file, where each side reads the records its own way.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JunctureComparisonBench {

	public static final int MESSAGES = ItchDecodeBench.MESSAGES;

	private ItchWorkload fWorkload;
	private ByteBuffer[] fFrames;
	private ITCH50Parser fJuncture;
	private final Sink fSink = new Sink();
	private final long[] fValues = new long[32];
	/** the decode's parts timed apart (CpuTimeComparison): cursor alone, decoder alone */
	io.feedscope.dissect.DecodeParts fParts;
	/** juncture's parse alone: every message's frame (a duplicate), start and length, found in set-up */
	private ByteBuffer[] fJBuf;
	private int[] fJAt;
	private int[] fJLen;
	private ByteBuffer[] fJSortedBuf;
	private int[] fJSortedAt;
	private int[] fJSortedLen;

	/**
	 * {@code fast}: the dissector as shipped; {@code generic}: with the framing's fast paths off, as
	 * {@code -Dfeedscope.framing=generic} while the dissector is made turns them off: PacketLayers' plain
	 * Ethernet/IPv4/UDP path, the plain-blocks walk, the kept header plan and bindings' answer (the general,
	 * layer-by-layer and description-driven code alone). Run both with {@code -p framing=fast,generic}.
	 */
	@Param({ "fast" })
	public String framing = "fast";

	/**
	 * FeedScope's message decoder: {@code plan} (as shipped) or {@code interpreted} ({@code -Dfeedscope.decoder} while
	 * the protocols are compiled); run {@code -p decoder=plan,interpreted}
	 */
	@Param({ "plan" })
	public String decoder = "plan";

	@Setup
	public void setup() throws IOException {
		ItchWorkload.Maker<ItchWorkload> make = () -> ItchWorkload.withProperty("feedscope.decoder", decoder,
				() -> new ItchWorkload(new String(ItchDecodeBench.MIX).replace("O", "").toCharArray()));
		// unfused: the fast paths but for the conversations' plans of frames in an array
		ItchWorkload w = "generic".equals(framing) || "unfused".equals(framing) ? ItchWorkload.withProperty("feedscope.framing", framing, make)
				: make.make();
		fWorkload = w;
		fFrames = w.fFrames;
		fJuncture = new ITCH50Parser(fSink);
		fParts = new io.feedscope.dissect.DecodeParts(w.fDissector, fFrames);
		java.util.List<int[]> at = new java.util.ArrayList<>();
		java.util.List<ByteBuffer> jb = new java.util.ArrayList<>();
		for (ByteBuffer frame : fFrames) {
			ByteBuffer b = frame.duplicate();
			int payload = 14 + 20 + 8;
			int count = b.getShort(payload + 18) & 0xffff;
			int a = payload + 20;
			for (int k = 0; k < count; k++) {
				int len = b.getShort(a) & 0xffff;
				jb.add(b);
				at.add(new int[] { a + 2, len });
				a += 2 + len;
			}
		}
		fJBuf = jb.toArray(ByteBuffer[]::new);
		fJAt = at.stream().mapToInt(x -> x[0]).toArray();
		fJLen = at.stream().mapToInt(x -> x[1]).toArray();
		// the same messages ordered by type (their first byte): juncture's type switch then always guesses right
		Integer[] order = new Integer[fJAt.length];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> fJBuf[i].get(fJAt[i])));
		fJSortedBuf = new ByteBuffer[order.length];
		fJSortedAt = new int[order.length];
		fJSortedLen = new int[order.length];
		for (int i = 0; i < order.length; i++) {
			fJSortedBuf[i] = fJBuf[order[i]];
			fJSortedAt[i] = fJAt[order[i]];
			fJSortedLen[i] = fJLen[order[i]];
		}
		// sanity: juncture sees every message too (FeedScope's count and expert items: checked by ItchWorkload)
		fSink.fMessages = 0;
		juncture();
		if (fSink.fMessages != MESSAGES) {
			throw new IllegalStateException("juncture " + fSink.fMessages + " of " + MESSAGES + " messages");
		}
	}

	/** FeedScope: the frame dissected, every field of every message read ({@link ItchWorkload#everyField()}). */
	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public long feedscopeEveryField() {
		return fWorkload.everyField();
	}

	/** FeedScope through the bulk path: {@code readFields(long[])} fills every field of the message at once. */
	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public long feedscopeEveryFieldBulk() {
		return fWorkload.everyFieldBulk(fValues);
	}

	/**
	 * FeedScope through the bulk path, every field decoded, the consumer reading one value per message as
	 * juncture's listener does ({@link ItchWorkload#everyFieldBulkOneRead(long[])}).
	 */
	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public long feedscopeEveryFieldBulkOneRead() {
		return fWorkload.everyFieldBulkOneRead(fValues);
	}

	/**
	 * {@link #feedscopeEveryFieldBulkOneRead()} of the same frames copied into one array, as a chunk of a capture is
	 * read for analyze's and decode's workers ({@link ItchWorkload#everyFieldBulkOneReadArray(long[])}).
	 */
	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public long feedscopeEveryFieldBulkOneReadArray() {
		return fWorkload.everyFieldBulkOneReadArray(fValues);
	}

	/**
	 * FeedScope's framing alone on the same frames (layers, MoldUDP64 header and blocks, message typing and
	 * length checks): what of the every-field figures is not field decoding.
	 */
	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public long feedscopeFramingOnly() {
		return fWorkload.framingOnly();
	}

	/**
	 * {@link #feedscopeFramingOnly()} of the same frames copied into one array, the analysis's entry: by the
	 * conversation's plan ({@code framing=fast}), by the other fast paths alone ({@code unfused}), or by the general
	 * code ({@code generic}). Run {@code -p framing=fast,unfused,generic}.
	 */
	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public long feedscopeFramingOnlyArray() {
		return fWorkload.framingOnlyArray();
	}

	/**
	 * The floor of any framing on these frames: the MoldUDP64 blocks walked by hand as {@link #junctureEveryField()}
	 * walks them (fixed Ethernet/IPv4/UDP offsets, no checks), each message's type byte read, no field decoded. What
	 * FeedScope's framing costs above this is the price of its checks and of serving any description.
	 */
	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public long handWalkOnly() {
		long acc = 0;
		for (ByteBuffer b : fFrames) {
			int payload = 14 + 20 + 8;
			int count = b.getShort(payload + 18) & 0xffff;
			int at = payload + 20;
			for (int k = 0; k < count; k++) {
				int len = b.getShort(at) & 0xffff;
				acc += b.get(at + 2) + len;
				at += 2 + len;
			}
		}
		return acc;
	}

	/** juncture: the MoldUDP64 blocks walked, every message parsed with every field. */
	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public long junctureEveryField() throws IOException {
		return juncture();
	}

	/** juncture's parse alone on the messages found in set-up (no walk): what its decode costs per message. */
	public long junctureParseOnly() throws IOException {
		return junctureParse(fJBuf, fJAt, fJLen);
	}

	/** juncture's parse alone on the same messages ordered by type (no type switch mispredicted). */
	public long junctureParseOnlySorted() throws IOException {
		return junctureParse(fJSortedBuf, fJSortedAt, fJSortedLen);
	}

	private long junctureParse(ByteBuffer[] bufs, int[] at, int[] len) throws IOException {
		ITCH50Parser parser = fJuncture;
		for (int i = 0; i < at.length; i++) {
			ByteBuffer b = bufs[i];
			b.limit(at[i] + len[i]).position(at[i]);
			parser.message(b);
			b.limit(b.capacity());
		}
		return fSink.fAcc;
	}

	public long cursorOnly() {
		return fParts.cursorOnly();
	}

	public long decodeOnly() {
		return fParts.decodeOnly(fValues);
	}

	public long decodeOnlySorted() {
		return fParts.decodeOnlySorted(fValues);
	}

	public long decodeOnlyHeap() {
		return fParts.decodeOnlyHeap(fValues);
	}

	private long juncture() throws IOException {
		Sink sink = fSink;
		ITCH50Parser parser = fJuncture;
		for (ByteBuffer frame : fFrames) {
			ByteBuffer b = frame.duplicate();
			int payload = 14 + 20 + 8; // Ethernet, IPv4 without options, UDP: as the workload writes them
			int count = b.getShort(payload + 18) & 0xffff;
			int at = payload + 20;
			for (int k = 0; k < count; k++) {
				int len = b.getShort(at) & 0xffff;
				b.limit(at + 2 + len).position(at + 2);
				parser.message(b);
				b.limit(b.capacity());
				at += 2 + len;
			}
		}
		return sink.fAcc;
	}

	/** Reads one field of each message, so that the parse is not dead code, and counts them. */
	static final class Sink implements ITCH50Listener {
		long fAcc;
		long fMessages;

		private void add(long v) {
			fAcc += v;
			fMessages++;
		}

		@Override
		public void systemEvent(ITCH50.SystemEvent m) {
			add(m.eventCode);
		}

		@Override
		public void stockDirectory(ITCH50.StockDirectory m) {
			add(m.stock);
		}

		@Override
		public void stockTradingAction(ITCH50.StockTradingAction m) {
			add(m.stock);
		}

		@Override
		public void regSHORestriction(ITCH50.RegSHORestriction m) {
			add(m.stock);
		}

		@Override
		public void marketParticipantPosition(ITCH50.MarketParticipantPosition m) {
			add(m.stock);
		}

		@Override
		public void mwcbDeclineLevel(ITCH50.MWCBDeclineLevel m) {
			add(m.level1);
		}

		@Override
		public void mwcbStatus(ITCH50.MWCBStatus m) {
			add(m.breachedLevel);
		}

		@Override
		public void ipoQuotingPeriodUpdate(ITCH50.IPOQuotingPeriodUpdate m) {
			add(m.stock);
		}

		@Override
		public void luldAuctionCollar(ITCH50.LULDAuctionCollar m) {
			add(m.stock);
		}

		@Override
		public void operationalHalt(ITCH50.OperationalHalt m) {
			add(m.operationalHaltAction);
		}

		@Override
		public void addOrder(ITCH50.AddOrder m) {
			add(m.price);
		}

		@Override
		public void addOrderMPID(ITCH50.AddOrderMPID m) {
			add(m.price);
		}

		@Override
		public void orderExecuted(ITCH50.OrderExecuted m) {
			add(m.executedShares);
		}

		@Override
		public void orderExecutedWithPrice(ITCH50.OrderExecutedWithPrice m) {
			add(m.executionPrice);
		}

		@Override
		public void orderCancel(ITCH50.OrderCancel m) {
			add(m.canceledShares);
		}

		@Override
		public void orderDelete(ITCH50.OrderDelete m) {
			add(m.orderReferenceNumber);
		}

		@Override
		public void orderReplace(ITCH50.OrderReplace m) {
			add(m.price);
		}

		@Override
		public void trade(ITCH50.Trade m) {
			add(m.price);
		}

		@Override
		public void crossTrade(ITCH50.CrossTrade m) {
			add(m.crossPrice);
		}

		@Override
		public void brokenTrade(ITCH50.BrokenTrade m) {
			add(m.matchNumber);
		}

		@Override
		public void noii(ITCH50.NOII m) {
			add(m.farPrice);
		}

		@Override
		public void rpii(ITCH50.RPII m) {
			add(m.interestFlag);
		}
	}
}
