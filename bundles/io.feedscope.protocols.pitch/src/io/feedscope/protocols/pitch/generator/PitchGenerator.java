package io.feedscope.protocols.pitch.generator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.generator.Generator;
import io.feedscope.generator.feed.CaptureSink;
import io.feedscope.generator.feed.FeedPreset;
import io.feedscope.generator.feed.Framing;
import io.feedscope.generator.feed.FramingEncoder;
import io.feedscope.generator.feed.IntervalSet;
import io.feedscope.generator.feed.Json;
import io.feedscope.generator.feed.UdpFrames;

/**
 * The {@code pitch} preset: Cboe Multicast PITCH over the Sequenced Unit Header on lines A and B, several
 * units interleaved on each line's group (every unit its own sequence space), with line A freezing and
 * catching up in a burst (so a first-sequence-only arbiter meets packets that straddle what line B already
 * delivered), a packet lost on line B only and one lost on both lines. Writes the capture and the truth
 * sidecar {@code <file>.truth.json}.
 * <p>
 * The truth is what the generator did, per unit: what each line delivered and lost, what neither delivered,
 * the freeze (last frame before, first after), and the outcome of the two A/B arbitration policies replayed
 * over the frames in the order they were written (first-sequence-only: a packet whose first sequence was
 * already seen is dropped whole; sequence + count: the new part of every packet is kept), for tests to
 * state the expected analysis exactly. Deterministic: the same seed gives the same bytes.
 */
public final class PitchGenerator {

	/** the preset's name on the command line */
	public static final String PRESET = "pitch";

	private static final long MS = 1_000_000L;
	private static final long US = 1_000L;
	private static final String[] SYMBOLS = { "AAPL", "MSFT", "AMZN", "NVDA", "META", "GOOGL", "TSLA", "AMD", "INTC", "SPY" };

	private long fSeed = 1;
	private int fUnits = 4;
	private long fDurationNanos = 1_000 * MS;
	/** messages per second over all units */
	private double fRate = 40_000;
	private long fFreezeAt = 400 * MS;
	private long fFreezeNanos = 100 * MS;
	private long fLossBAt = 200 * MS;
	private long fLossBothAt = 700 * MS;
	private CaptureFormat fFormat = CaptureFormat.PCAP;
	private boolean fOverwrite;
	private Framing fFraming = new SequencedUnitHeaderFraming();

	/** Line addresses: A and B on different groups, the same port (as Cboe publishes per unit/feed). */
	static final String GROUP_A = "224.0.62.2", GROUP_B = "224.0.62.130", SOURCE_A = "10.9.62.2", SOURCE_B = "10.9.62.130";
	static final int PORT = 30001;
	/** 2026-12-01 09:30:00 US Eastern (14:30 UTC) */
	static final long START = 1_796_135_400_000_000_000L;
	static final long MIDNIGHT = START - (9 * 3600L + 30 * 60) * 1_000_000_000L;

	public PitchGenerator seed(long seed) {
		fSeed = seed;
		return this;
	}

	/** @param units 1..200 units interleaved on each line */
	public PitchGenerator units(int units) {
		if (units < 1 || units > 200) {
			throw new IllegalArgumentException("units must be 1..200");
		}
		fUnits = units;
		return this;
	}

	public PitchGenerator durationNanos(long nanos) {
		if (nanos < 10 * MS) {
			throw new IllegalArgumentException("duration must be at least 10 ms");
		}
		fDurationNanos = nanos;
		return this;
	}

	public PitchGenerator rate(double messagesPerSecond) {
		if (!(messagesPerSecond >= 100 && messagesPerSecond <= 2_000_000)) {
			throw new IllegalArgumentException("rate must be 100..2,000,000 messages per second");
		}
		fRate = messagesPerSecond;
		return this;
	}

	public PitchGenerator format(CaptureFormat format) {
		if (format == CaptureFormat.BINARY_FILE) {
			throw new IllegalArgumentException("the generator writes pcap, pcap-ns or pcapng");
		}
		fFormat = format;
		return this;
	}

	public PitchGenerator overwrite(boolean overwrite) {
		fOverwrite = overwrite;
		return this;
	}

	/** @param framing the Sequenced Unit Header's encoder (the one contributed with the preset; default the same) */
	public PitchGenerator framing(Framing framing) {
		fFraming = framing;
		return this;
	}

	/** A live packet of one unit: what both lines would send. */
	private record Live(long time, int unit, long seq, List<byte[]> messages) {
	}

	/** A message held back on line A during its freeze. */
	private record Queued(long time, long seq, byte[] message) {
	}

	/** A frame to write. */
	private record Out(long time, int line, int unit, long seq, int count, byte[] payload, boolean burst) {
	}

	/**
	 * Generates the capture and its truth sidecar.
	 *
	 * @throws java.nio.file.FileAlreadyExistsException if a file exists and overwrite was not asked for
	 */
	public FeedPreset.Result write(Path capture) throws IOException {
		Path truth = Generator.truthPath(capture);
		if (!fOverwrite) {
			for (Path p : new Path[] { capture, truth }) {
				if (Files.exists(p)) {
					throw new java.nio.file.FileAlreadyExistsException(p.toString(), null, "exists (overwrite not allowed)");
				}
			}
		}
		SplittableRandom rnd = new SplittableRandom(fSeed);
		// one Sequenced Unit Header encoder per unit: the unit is the session it writes
		FramingEncoder[] suh = new FramingEncoder[fUnits + 1];
		for (int u = 1; u <= fUnits; u++) {
			suh[u] = fFraming.encoder(Integer.toString(u));
		}
		// ---- the live stream: per unit, packets of 1..4 messages at Poisson-like times
		List<Live> live = new ArrayList<>();
		long[] nextSeq = new long[fUnits + 1];
		long[] lastSecond = new long[fUnits + 1];
		Arrays.fill(nextSeq, 1);
		Arrays.fill(lastSecond, -1);
		long[] orderIds = new long[fUnits + 1];
		long messages = 0;
		double meanGap = 1e9 / (fRate / 2.5); // 2.5 messages per packet on average
		long t = 0;
		while (t < fDurationNanos) {
			t += 1 + (long) (-Math.log(1 - rnd.nextDouble()) * meanGap);
			int unit = 1 + rnd.nextInt(fUnits);
			long abs = START + t;
			long sinceMidnight = abs - MIDNIGHT;
			long second = sinceMidnight / 1_000_000_000L;
			long offset = sinceMidnight % 1_000_000_000L;
			List<byte[]> msgs = new ArrayList<>();
			if (second != lastSecond[unit]) {
				// the unit's Time message first: its later messages give ns offsets from it
				msgs.add(PitchEncoder.message(PitchEncoder.TIME, 0, second, 0, ' ', 0, "", 0, 0));
				lastSecond[unit] = second;
			}
			int n = 1 + rnd.nextInt(4);
			for (int k = 0; k < n; k++) {
				msgs.add(randomMessage(rnd, unit, orderIds, offset));
			}
			live.add(new Live(abs, unit, nextSeq[unit], msgs));
			nextSeq[unit] += msgs.size();
			messages += msgs.size();
		}
		// ---- the incidents: which live packets each line loses
		int lossB = firstAt(live, START + fLossBAt);
		int lossBoth = firstAt(live, START + fLossBothAt);
		long freezeStart = START + fFreezeAt;
		long freezeEnd = freezeStart + fFreezeNanos;
		long[][] lastSent = new long[2][fUnits + 1];
		// ---- line B: every live packet 100..200 us late (one lost)
		List<Out> frames = new ArrayList<>();
		for (int i = 0; i < live.size(); i++) {
			Live p = live.get(i);
			if (i == lossB || i == lossBoth) {
				continue;
			}
			// a line keeps a unit's packets in order: the next one is never sent before the previous
			// B is the far line (100..200 us behind A): when A's catch-up reaches the live edge it overtakes B,
			// so its last burst packets straddle what B already delivered, as in the incident FeedScope is for
			long at = Math.max(lastSent[1][p.unit()] + 1, p.time() + 100 * US + rnd.nextLong(100 * US));
			lastSent[1][p.unit()] = at;
			frames.add(new Out(at, 1, p.unit(), p.seq(), p.messages().size(),
					PitchEncoder.packet(suh[p.unit()], p.seq(), p.messages()), false));
		}
		// ---- line A: 2..6 us late; silent during the freeze, then its backlog in a burst of packets of up to
		// 20 messages, 3 us apart, the unit with the oldest message first, until it has caught up with live
		int i = 0;
		for (; i < live.size() && live.get(i).time() < freezeStart; i++) {
			Live p = live.get(i);
			if (i != lossBoth) {
				long at = Math.max(lastSent[0][p.unit()] + 1, p.time() + 2 * US + rnd.nextLong(4 * US));
				lastSent[0][p.unit()] = at;
				frames.add(new Out(at, 0, p.unit(), p.seq(), p.messages().size(),
						PitchEncoder.packet(suh[p.unit()], p.seq(), p.messages()), false));
			}
		}
		List<List<Queued>> backlog = new ArrayList<>();
		for (int u = 0; u <= fUnits; u++) {
			backlog.add(new ArrayList<>());
		}
		long clock = freezeEnd;
		while (true) {
			for (; i < live.size() && live.get(i).time() <= clock; i++) {
				Live p = live.get(i);
				if (i == lossBoth) {
					continue; // lost on the wire: a gap in the backlog, which no burst packet spans
				}
				for (int k = 0; k < p.messages().size(); k++) {
					backlog.get(p.unit()).add(new Queued(p.time(), p.seq() + k, p.messages().get(k)));
				}
			}
			int unit = -1;
			for (int u = 1; u <= fUnits; u++) {
				List<Queued> q = backlog.get(u);
				if (!q.isEmpty() && (unit < 0 || q.get(0).time() < backlog.get(unit).get(0).time())) {
					unit = u;
				}
			}
			if (unit < 0) {
				break; // caught up: live again
			}
			List<Queued> q = backlog.get(unit);
			int n = 1;
			while (n < Math.min(20, q.size()) && q.get(n).seq() == q.get(0).seq() + n) {
				n++;
			}
			List<byte[]> msgs = new ArrayList<>();
			for (int k = 0; k < n; k++) {
				msgs.add(q.get(k).message());
			}
			long seq = q.get(0).seq();
			q.subList(0, n).clear();
			clock += 3 * US;
			frames.add(new Out(clock, 0, unit, seq, n, PitchEncoder.packet(suh[unit], seq, msgs), true));
		}
		for (; i < live.size(); i++) {
			Live p = live.get(i);
			if (i != lossBoth) {
				long at = Math.max(Math.max(clock, lastSent[0][p.unit()]) + 1, p.time() + 2 * US + rnd.nextLong(4 * US));
				lastSent[0][p.unit()] = at;
				frames.add(new Out(at, 0, p.unit(), p.seq(), p.messages().size(),
						PitchEncoder.packet(suh[p.unit()], p.seq(), p.messages()), false));
			}
		}
		// ---- write in capture-time order (ties: line A first), recording the truth
		frames.sort(Comparator.comparingLong(Out::time).thenComparingInt(Out::line));
		UnitTruth[] units = new UnitTruth[fUnits + 1];
		for (int u = 1; u <= fUnits; u++) {
			units[u] = new UnitTruth(nextSeq[u] - 1);
		}
		long lastABefore = 0;
		long firstAAfter = 0;
		long lastABeforeTime = 0;
		long firstAAfterTime = 0;
		int firstBurstFrame = 0;
		int lastBurstFrame = 0;
		long bytes;
		String comment = "FeedScope generator: preset pitch, seed " + fSeed + ", " + fUnits + " units; line A " + GROUP_A + ":"
				+ PORT + ", line B " + GROUP_B + ":" + PORT + "; ground truth in " + truth.getFileName();
		List<CaptureSink.Interface> ifaces = List.of(new CaptureSink.Interface("tap-a", "line A tap, " + GROUP_A + ":" + PORT),
				new CaptureSink.Interface("tap-b", "line B tap, " + GROUP_B + ":" + PORT));
		int frameNo = 0;
		try (CaptureSink sink = new CaptureSink(capture, fFormat, comment, ifaces, fOverwrite)) {
			int srcA = UdpFrames.ipv4(SOURCE_A), srcB = UdpFrames.ipv4(SOURCE_B);
			int dstA = UdpFrames.ipv4(GROUP_A), dstB = UdpFrames.ipv4(GROUP_B);
			for (Out o : frames) {
				frameNo++;
				byte[] f = o.line() == 0 ? UdpFrames.frame(srcA, PORT - 1000, dstA, PORT, frameNo, o.payload())
						: UdpFrames.frame(srcB, PORT - 999, dstB, PORT, frameNo, o.payload());
				long time = sink.quantize(o.time());
				sink.frame(time, f, f.length, f.length, fFormat == CaptureFormat.PCAPNG ? o.line() : 0, null);
				UnitTruth ut = units[o.unit()];
				ut.packet(o.line(), o.seq(), o.count(), frameNo);
				if (o.line() == 0 && o.time() < freezeStart) {
					ut.fLastABefore = frameNo;
					ut.fLastABeforeNs = time;
				} else if (o.line() == 0 && ut.fFirstAAfter == 0) {
					ut.fFirstAAfter = frameNo;
					ut.fFirstAAfterNs = time;
				}
				if (o.line() == 0 && o.time() < freezeStart) {
					lastABefore = frameNo;
					lastABeforeTime = time;
				}
				if (o.line() == 0 && o.time() >= freezeStart && firstAAfter == 0) {
					firstAAfter = frameNo;
					firstAAfterTime = time;
				}
				if (o.burst()) {
					firstBurstFrame = firstBurstFrame == 0 ? frameNo : firstBurstFrame;
					lastBurstFrame = frameNo;
				}
			}
			sink.close();
			bytes = sink.bytes();
		}
		// ---- truth
		StringBuilder b = new StringBuilder(4096);
		b.append("{\n  \"format\": \"feedscope-generator-truth\",\n  \"version\": 1,\n");
		b.append("  \"preset\": \"pitch\",\n  \"protocols\": [\"cboe_suh\", \"pitch\"],\n");
		b.append("  \"capture\": ").append(Json.str(capture.getFileName().toString())).append(",\n");
		b.append("  \"captureFormat\": ").append(Json.str(fFormat.id())).append(",\n");
		b.append("  \"seed\": ").append(fSeed).append(",\n  \"frames\": ").append(frameNo).append(",\n  \"bytes\": ")
				.append(bytes).append(",\n  \"messages\": ").append(messages).append(",\n  \"midnightNs\": ").append(MIDNIGHT)
				.append(",\n");
		b.append("  \"lines\": [{\"line\": \"A\", \"group\": \"").append(GROUP_A).append("\", \"port\": ").append(PORT)
				.append("}, {\"line\": \"B\", \"group\": \"").append(GROUP_B).append("\", \"port\": ").append(PORT).append("}],\n");
		b.append("  \"freezes\": [{\"line\": \"A\", \"plannedNs\": ").append(fFreezeNanos).append(", \"lastFrameBefore\": ")
				.append(lastABefore).append(", \"firstFrameAfter\": ").append(firstAAfter).append(", \"startNs\": ")
				.append(lastABeforeTime).append(", \"endNs\": ").append(firstAAfterTime).append(", \"catchUpFirstFrame\": ")
				.append(firstBurstFrame).append(", \"catchUpLastFrame\": ").append(lastBurstFrame).append("}],\n");
		b.append("  \"losses\": [{\"scope\": \"line B\", \"unit\": ").append(live.get(lossB).unit()).append(", \"sequence\": ")
				.append(live.get(lossB).seq()).append(", \"count\": ").append(live.get(lossB).messages().size())
				.append("}, {\"scope\": \"both lines\", \"unit\": ").append(live.get(lossBoth).unit()).append(", \"sequence\": ")
				.append(live.get(lossBoth).seq()).append(", \"count\": ").append(live.get(lossBoth).messages().size())
				.append("}],\n");
		b.append("  \"units\": [\n");
		for (int u = 1; u <= fUnits; u++) {
			UnitTruth ut = units[u];
			ut.finish();
			IntervalSet either = new IntervalSet();
			for (int l = 0; l < 2; l++) {
				for (int k = 0; k < ut.fDelivered[l].size(); k++) {
					either.add(ut.fDelivered[l].from(k), ut.fDelivered[l].to(k));
				}
			}
			IntervalSet bothLost = either.complement(ut.fLast);
			b.append("    {\"unit\": ").append(u).append(", \"firstSequence\": 1, \"lastSequence\": ").append(ut.fLast)
					.append(",\n      \"lines\": [");
			for (int l = 0; l < 2; l++) {
				b.append(l > 0 ? ", " : "").append("{\"line\": \"").append(l == 0 ? 'A' : 'B').append("\", \"packets\": ")
						.append(ut.fPackets[l]).append(", \"delivered\": ").append(ut.fDelivered[l].toJson()).append(", \"lost\": ")
						.append(ut.fDelivered[l].complement(ut.fLast).toJson()).append("}");
			}
			b.append("],\n      \"freeze\": {\"line\": \"A\", \"lastFrameBefore\": ").append(ut.fLastABefore)
					.append(", \"startNs\": ").append(ut.fLastABeforeNs).append(", \"firstFrameAfter\": ").append(ut.fFirstAAfter)
					.append(", \"endNs\": ").append(ut.fFirstAAfterNs).append("}");
			b.append(",\n      \"lostOnBothLines\": ").append(bothLost.toJson());
			b.append(",\n      \"firstSeqOnly\": {\"lost\": ").append(ut.fFirstSeqOnlyLost.toJson())
					.append(", \"lostAlthoughDelivered\": ").append(ut.fFirstSeqOnlyLost.intersect(either).toJson())
					.append(", \"trashedFramesWithNewData\": ").append(ut.fTrashed).append("}");
			b.append(",\n      \"seqAndCount\": {\"lost\": ").append(ut.fSeqAndCountLost.toJson()).append("}}")
					.append(u < fUnits ? ",\n" : "\n");
		}
		b.append("  ],\n  \"definitions\": {\"delivered\": ")
				.append(Json.str("sequences of the unit's messages in the captured frames of that line"))
				.append(", \"firstSeqOnly\": ")
				.append(Json.str("replayed over both lines' frames in file order: a packet whose first sequence is below the "
						+ "next expected is dropped whole (trashed when it carried new messages); a packet beyond it declares a gap"))
				.append("}\n}\n");
		Files.writeString(truth, b.toString(), StandardCharsets.UTF_8,
				fOverwrite ? new StandardOpenOption[] { StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
						StandardOpenOption.WRITE } : new StandardOpenOption[] { StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE });
		return new FeedPreset.Result(capture, truth, frameNo, messages, bytes);
	}

	private static int firstAt(List<Live> live, long time) {
		for (int i = 0; i < live.size(); i++) {
			if (live.get(i).time() >= time) {
				return i;
			}
		}
		return live.size() - 1;
	}

	private static byte[] randomMessage(SplittableRandom rnd, int unit, long[] orderIds, long offset) {
		String sym = SYMBOLS[rnd.nextInt(SYMBOLS.length)];
		char side = rnd.nextBoolean() ? 'B' : 'S';
		long order = orderIds[unit] > 0 && rnd.nextInt(3) > 0 ? (long) unit << 40 | (1 + rnd.nextLong(orderIds[unit])) : 0;
		int kind = rnd.nextInt(10);
		if (order == 0 || kind < 4) {
			orderIds[unit]++;
			long id = (long) unit << 40 | orderIds[unit];
			return rnd.nextBoolean()
					? PitchEncoder.message(PitchEncoder.ADD_LONG, offset, 0, id, side, 1 + rnd.nextInt(100_000), sym,
							1_000_000L + rnd.nextLong(9_000_000_000L), 0)
					: PitchEncoder.message(PitchEncoder.ADD_SHORT, offset, 0, id, side, 1 + rnd.nextInt(60_000), sym,
							100 + rnd.nextInt(60_000), 0);
		}
		return switch (kind) {
		case 4 -> PitchEncoder.message(PitchEncoder.EXECUTED, offset, 0, order, ' ', 1 + rnd.nextInt(500), "", 0,
				rnd.nextLong(1L << 40));
		case 5 -> PitchEncoder.message(PitchEncoder.REDUCE_SHORT, offset, 0, order, ' ', 1 + rnd.nextInt(500), "", 0, 0);
		case 6 -> PitchEncoder.message(PitchEncoder.MODIFY_SHORT, offset, 0, order, ' ', 1 + rnd.nextInt(5000), "",
				100 + rnd.nextInt(60_000), 0);
		case 7 -> PitchEncoder.message(PitchEncoder.TRADE_SHORT, offset, 0, order, side, 1 + rnd.nextInt(5000), sym,
				100 + rnd.nextInt(60_000), rnd.nextLong(1L << 40));
		default -> PitchEncoder.message(PitchEncoder.DELETE, offset, 0, order, ' ', 0, "", 0, 0);
		};
	}

	/** Per unit: what each line delivered and the two arbitration policies replayed in file order. */
	private static final class UnitTruth {
		final long fLast;
		final IntervalSet[] fDelivered = { new IntervalSet(), new IntervalSet() };
		final long[] fPackets = new long[2];
		final IntervalSet fFirstSeqOnlyLost = new IntervalSet();
		final IntervalSet fSeqAndCountLost = new IntervalSet();
		final StringBuilder fTrashed = new StringBuilder("[");
		/** line A around the freeze: its last frame of this unit before, its first after (time as written) */
		long fLastABefore, fLastABeforeNs, fFirstAAfter, fFirstAAfterNs;
		long fFirstSeqOnlyNext = -1;
		long fSeqAndCountNext = -1;

		UnitTruth(long last) {
			fLast = last;
		}

		void packet(int line, long from, int count, int frame) {
			long to = from + count - 1;
			fPackets[line]++;
			fDelivered[line].add(from, to);
			if (fFirstSeqOnlyNext < 0) {
				fFirstSeqOnlyNext = from;
				fSeqAndCountNext = from;
			}
			if (from < fFirstSeqOnlyNext) {
				if (to >= fFirstSeqOnlyNext) {
					fTrashed.append(fTrashed.length() > 1 ? ", " : "").append("{\"frame\": ").append(frame).append(", \"line\": \"")
							.append(line == 0 ? 'A' : 'B').append("\", \"firstSeq\": ").append(from).append(", \"count\": ")
							.append(count).append(", \"firstNewSeq\": ").append(fFirstSeqOnlyNext).append("}");
				}
			} else {
				if (from > fFirstSeqOnlyNext) {
					fFirstSeqOnlyLost.add(fFirstSeqOnlyNext, from - 1);
				}
				fFirstSeqOnlyNext = to + 1;
			}
			if (to >= fSeqAndCountNext) {
				if (from > fSeqAndCountNext) {
					fSeqAndCountLost.add(fSeqAndCountNext, from - 1);
				}
				fSeqAndCountNext = to + 1;
			}
		}

		void finish() {
			fTrashed.append("]");
		}
	}
}
