package io.feedscope.dissect.bench;

import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Random;
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

import io.feedscope.capture.LinkType;
import io.feedscope.dissect.CompileResult;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.FieldInfo;
import io.feedscope.dissect.FieldKind;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolCompiler;
import io.feedscope.dissect.ProtocolSet;

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
	private static final int[] LENGTH = new int[128];
	static {
		String[] spec = { "S12", "R39", "H25", "Y20", "L26", "V35", "W12", "K28", "J35", "h21", "A36", "F40", "E31", "C36", "X23", "D19",
				"U35", "P44", "Q40", "B19", "I50", "N20", "O48" };
		for (String s : spec) {
			LENGTH[s.charAt(0)] = Integer.parseInt(s.substring(1));
		}
	}

	private FeedDissector fDissector;
	private ByteBuffer[] fFrames;
	private int[][] fIds;
	private boolean[][] fText;
	private final byte[] fScratch = new byte[16];
	private final long[] fValues = new long[32];

	@Setup
	public void setup() throws IOException {
		Protocol mold = compile("/protocols/moldudp64.fsp");
		Protocol itch = compile("/protocols/itch50.fsp");
		ProtocolSet set = ProtocolSet.builder().add(mold).add(itch).bindPorts("moldudp64", 26477, 26477).build();
		fDissector = new FeedDissector(set);
		int types = itch.messageTypeCount();
		fIds = new int[types + 1][];
		fText = new boolean[types + 1][];
		for (int t = 0; t <= types; t++) {
			var fields = itch.messageTypeFields(t);
			fIds[t] = new int[fields.size()];
			fText[t] = new boolean[fields.size()];
			for (int k = 0; k < fields.size(); k++) {
				FieldInfo f = fields.get(k);
				fIds[t][k] = f.id();
				fText[t][k] = f.kind() == FieldKind.ASCII;
			}
		}
		fFrames = workload(new Random(5));
		// sanity: the workload decodes without a single expert item and has the promised size
		int n = 0;
		for (ByteBuffer f : fFrames) {
			FeedPacket p = fDissector.dissect(f, LinkType.ETHERNET, 0);
			if (!p.expertItems().isEmpty()) {
				throw new IllegalStateException(p.expertItems().toString());
			}
			n += p.messageCount();
		}
		if (n != MESSAGES) {
			throw new IllegalStateException(n + " messages");
		}
	}

	static Protocol compile(String resource) throws IOException {
		URL url = Objects.requireNonNull(ItchDecodeBench.class.getResource(resource), resource);
		CompileResult r = ProtocolCompiler.compile(url);
		if (r.protocol() == null) {
			throw new IllegalStateException(r.diagnostics().toString());
		}
		return r.protocol();
	}

	/** Frames as read-only slices of one direct buffer, like frames of a memory-mapped capture. */
	private static ByteBuffer[] workload(Random r) {
		return workload(r, MIX);
	}

	/** The same with another mix of message types. */
	static ByteBuffer[] workload(Random r, char[] mix) {
		ByteBuffer all = ByteBuffer.allocateDirect(MESSAGES * 56 + 4096);
		java.util.List<int[]> bounds = new java.util.ArrayList<>();
		long seq = 1;
		int left = MESSAGES;
		while (left > 0) {
			int n = Math.min(left, 1 + r.nextInt(40));
			ByteBuffer payload = ByteBuffer.allocate(20 + n * 52);
			payload.put("BENCH00001".getBytes()).putLong(seq).putShort((short) n);
			for (int k = 0; k < n; k++) {
				char type = mix[r.nextInt(mix.length)];
				int len = LENGTH[type];
				payload.putShort((short) len);
				int start = payload.position();
				for (int b = 0; b < len; b++) {
					payload.put((byte) (' ' + r.nextInt(90)));
				}
				payload.put(start, (byte) type);
			}
			int plen = payload.position();
			int start = all.position();
			all.put(new byte[] { 1, 0, 0x5e, 0x36, 0x0c, 0x6f, 2, 0, 0, 0, 0, 1 }).putShort((short) 0x0800);
			all.put((byte) 0x45).put((byte) 0).putShort((short) (28 + plen)).putInt(0).put((byte) 64).put((byte) 17).putShort((short) 0);
			all.putInt(0x0a000001).putInt(0xe9360c6f);
			all.putShort((short) 5000).putShort((short) 26477).putShort((short) (8 + plen)).putShort((short) 0);
			all.put(payload.array(), 0, plen);
			bounds.add(new int[] { start, all.position() - start });
			seq += n;
			left -= n;
		}
		ByteBuffer ro = all.asReadOnlyBuffer();
		ByteBuffer[] frames = new ByteBuffer[bounds.size()];
		for (int k = 0; k < frames.length; k++) {
			frames[k] = ro.slice(bounds.get(k)[0], bounds.get(k)[1]);
		}
		return frames;
	}

	/** Full decode: frame layers, MoldUDP64, every field of every ITCH message via getLong. */
	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public long decodeEveryField() {
		long acc = 0;
		for (ByteBuffer f : fFrames) {
			FeedPacket p = fDissector.dissect(f, LinkType.ETHERNET, 0);
			FeedMessage m = p.messages();
			while (m.next()) {
				int[] ids = fIds[m.type()];
				acc += m.msgseq();
				for (int id : ids) {
					acc += m.getLong(id);
				}
			}
		}
		return acc;
	}

	/** Full decode through the bulk path: {@code readFields(long[])} fills every field of the message. */
	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public long decodeEveryFieldBulk() {
		long acc = 0;
		long[] values = fValues;
		for (ByteBuffer f : fFrames) {
			FeedPacket p = fDissector.dissect(f, LinkType.ETHERNET, 0);
			FeedMessage m = p.messages();
			while (m.next()) {
				int n = m.readFields(values);
				acc += m.msgseq();
				for (int k = 0; k < n; k++) {
					acc += values[k];
				}
			}
		}
		return acc;
	}

	/** Same as {@link #decodeEveryField()}, but ASCII fields are copied into a byte array (bulk get) instead of read as a long. */
	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public long decodeEveryFieldCopyingText() {
		long acc = 0;
		byte[] scratch = fScratch;
		for (ByteBuffer f : fFrames) {
			FeedPacket p = fDissector.dissect(f, LinkType.ETHERNET, 0);
			FeedMessage m = p.messages();
			while (m.next()) {
				int t = m.type();
				int[] ids = fIds[t];
				boolean[] text = fText[t];
				acc += m.msgseq();
				for (int k = 0; k < ids.length; k++) {
					if (text[k]) {
						acc += m.copyBytes(ids[k], scratch) + scratch[0];
					} else {
						acc += m.getLong(ids[k]);
					}
				}
			}
		}
		return acc;
	}

	/** Framing only: layers, MoldUDP64 header and blocks, message typing and length checks. */
	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public long framingOnly() {
		long acc = 0;
		for (ByteBuffer f : fFrames) {
			FeedPacket p = fDissector.dissect(f, LinkType.ETHERNET, 0);
			acc += p.messageCount();
		}
		return acc;
	}
}
