package io.feedscope.generator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.capture.PacketLayers;
import io.feedscope.generator.Scenario.Line;
import io.feedscope.generator.feed.CaptureSink;
import io.feedscope.generator.feed.IntervalSet;

/**
 * The same feed captured at several tap points along its path: tap 0 is the generated capture itself;
 * each further tap sits one network hop downstream of the previous one. A hop delays every frame (uniformly
 * in [min, max] ns, first in first out) and may drop frames (the network lost them: no later tap sees
 * them); a tap may fail to capture frames that still travel on (a capture problem: later taps see them).
 * Drops and misses hit consecutive DATA frames of one line, placed like the scenario's incidents at a
 * fraction of the run. Heartbeats and the unicast re-request traffic pass every hop untouched.
 * <p>
 * What happened goes into the truth sidecar's {@code taps} member, per tap: its capture file, frames, the
 * hop into it (delay range, dropped frames) and per line the sequence ranges the hop lost
 * ({@code lostByHop}), the ranges this tap missed ({@code missedByTap}) and the transit times of the
 * messages seen both here and at the previous tap ({@code transitNs}: samples, min, p50, p99, max, by nearest
 * rank over messages).
 */
public final class TapPath {

	/** Consecutive DATA frames of a line, the first at or after fraction {@code at} of the base capture's frames. */
	public record Drop(double at, Line line, int packets) {
		public Drop {
			if (!(at >= 0 && at <= 1) || packets < 1) {
				throw new IllegalArgumentException("drop needs a position in [0, 1] and at least one packet");
			}
		}
	}

	/**
	 * The hop into one downstream tap.
	 *
	 * @param delayMinNanos least delay a frame gets on the hop
	 * @param delayMaxNanos most delay
	 * @param networkDrops frames the hop loses
	 * @param tapMisses frames the downstream tap fails to capture (they travel on)
	 */
	public record Hop(long delayMinNanos, long delayMaxNanos, List<Drop> networkDrops, List<Drop> tapMisses) {
		public Hop {
			if (delayMinNanos < 0 || delayMaxNanos < delayMinNanos) {
				throw new IllegalArgumentException("hop delay needs 0 <= min <= max");
			}
			networkDrops = List.copyOf(networkDrops);
			tapMisses = List.copyOf(tapMisses);
		}
	}

	private TapPath() {
	}

	/** @return the file of tap {@code k} (k >= 1) next to the base capture: {@code x.pcap} gives {@code x.tap1.pcap} */
	public static Path tapPath(Path capture, int k) {
		String name = capture.getFileName().toString();
		int dot = name.indexOf('.');
		String stem = dot < 0 ? name : name.substring(0, dot);
		String ext = dot < 0 ? "" : name.substring(dot);
		return capture.resolveSibling(stem + ".tap" + k + ext);
	}

	/** per base frame: its line (0 A, 1 B, -1 other) and MoldUDP64 header, read once */
	private static final class Frames {
		int fCount;
		byte[] fLine = new byte[0];
		long[] fSeq = new long[0];
		int[] fMessages = new int[0];
	}

	/**
	 * Writes taps 1..hops.size() from the base capture and returns the truth's {@code taps} member.
	 *
	 * @param groups the lines' destination addresses, A then B
	 */
	static String write(Path base, CaptureFormat format, Scenario s, List<Hop> hops, boolean overwrite)
			throws IOException {
		int[] groups = { Scenario.parseIp(s.fGroupA), Scenario.parseIp(s.fGroupB) };
		int n = hops.size();
		try (CaptureFile in = Captures.open(base)) {
			Frames fr = scan(in, groups);
			// per tap point k (0 = base): frames on the wire there and frames its capture holds
			BitSet[] onWire = new BitSet[n + 1];
			BitSet[] captured = new BitSet[n + 1];
			onWire[0] = new BitSet();
			onWire[0].set(1, fr.fCount + 1);
			captured[0] = (BitSet) onWire[0].clone();
			for (int k = 1; k <= n; k++) {
				Hop h = hops.get(k - 1);
				onWire[k] = (BitSet) onWire[k - 1].clone();
				for (int f : pick(fr, h.networkDrops(), onWire[k - 1])) {
					onWire[k].clear(f);
				}
				captured[k] = (BitSet) onWire[k].clone();
				for (int f : pick(fr, h.tapMisses(), onWire[k])) {
					captured[k].clear(f);
				}
			}
			long[][] time = new long[n + 1][fr.fCount + 1];
			for (int f = 1; f <= fr.fCount; f++) {
				time[0][f] = in.timestampNanos(f);
			}
			StringBuilder json = new StringBuilder("  \"taps\": [\n");
			json.append("    {\"tap\": 0, \"capture\": ").append(Generator.str(base.getFileName().toString()))
					.append(", \"frames\": ").append(fr.fCount).append("}");
			for (int k = 1; k <= n; k++) {
				Hop h = hops.get(k - 1);
				SplittableRandom random = new SplittableRandom(s.fSeed * 31 + k);
				Path out = tapPath(base, k);
				String comment = "FeedScope generator: tap " + k + " downstream of " + base.getFileName()
						+ "; ground truth in " + Generator.truthPath(base).getFileName();
				long written = 0;
				CaptureSink sink = new CaptureSink(out, format, comment,
						List.of(new CaptureSink.Interface("tap-" + k, "tap point " + k)), overwrite);
				try (sink) {
					long last = Long.MIN_VALUE;
					for (int f = 1; f <= fr.fCount; f++) {
						if (!onWire[k].get(f)) {
							continue;
						}
						long delay = h.delayMinNanos()
								+ (h.delayMaxNanos() == h.delayMinNanos() ? 0 : random.nextLong(h.delayMaxNanos() - h.delayMinNanos() + 1));
						// first in, first out; the file keeps the resolution of its format
						long t = sink.quantize(Math.max(time[k - 1][f] + delay, last + 1));
						if (t <= last) {
							t = sink.quantize(last + 1000);
						}
						time[k][f] = t;
						last = t;
						if (captured[k].get(f)) {
							ByteBuffer data = in.frameData(f);
							byte[] bytes = new byte[data.remaining()];
							data.get(bytes);
							sink.frame(t, bytes, bytes.length, in.originalLength(f), 0, null);
							written++;
						}
					}
				}
				json.append(",\n    {\"tap\": ").append(k).append(", \"capture\": ")
						.append(Generator.str(out.getFileName().toString())).append(", \"frames\": ").append(written)
						.append(", \"hop\": {\"delayMinNs\": ").append(h.delayMinNanos()).append(", \"delayMaxNs\": ")
						.append(h.delayMaxNanos()).append(", \"droppedFrames\": ")
						.append(frameList(onWire[k - 1], onWire[k])).append(", \"missedFrames\": ")
						.append(frameList(onWire[k], captured[k])).append("},\n      \"lines\": [");
				for (int l = 0; l < 2; l++) {
					IntervalSet lostByHop = new IntervalSet();
					IntervalSet missed = new IntervalSet();
					List<Long> transit = new ArrayList<>();
					for (int f = 1; f <= fr.fCount; f++) {
						if (fr.fLine[f] != l || fr.fMessages[f] <= 0) {
							continue;
						}
						long from = fr.fSeq[f];
						long to = from + fr.fMessages[f] - 1;
						if (onWire[k - 1].get(f) && !onWire[k].get(f)) {
							lostByHop.add(from, to);
						}
						if (onWire[k].get(f) && !captured[k].get(f)) {
							missed.add(from, to);
						}
						if (captured[k - 1].get(f) && captured[k].get(f)) {
							for (int i = 0; i < fr.fMessages[f]; i++) {
								transit.add(time[k][f] - time[k - 1][f]);
							}
						}
					}
					json.append(l == 0 ? "\n        " : ",\n        ").append("{\"line\": \"").append(l == 0 ? "A" : "B")
							.append("\", \"lostByHop\": ").append(lostByHop.toJson()).append(", \"missedByTap\": ")
							.append(missed.toJson()).append(", \"transitNs\": ").append(stats(transit)).append('}');
				}
				json.append("]}");
			}
			return json.append("\n  ],\n").toString();
		}
	}

	private static String stats(List<Long> samples) {
		if (samples.isEmpty()) {
			return "{\"samples\": 0}";
		}
		long[] v = samples.stream().mapToLong(Long::longValue).sorted().toArray();
		return "{\"samples\": " + v.length + ", \"min\": " + v[0] + ", \"p50\": " + rank(v, 0.50) + ", \"p99\": "
				+ rank(v, 0.99) + ", \"max\": " + v[v.length - 1] + "}";
	}

	/** nearest rank: the smallest value with at least p of the samples at or below it */
	private static long rank(long[] sorted, double p) {
		return sorted[(int) Math.max(1, Math.ceil(p * sorted.length)) - 1];
	}

	private static String frameList(BitSet before, BitSet after) {
		BitSet gone = (BitSet) before.clone();
		gone.andNot(after);
		return Arrays.toString(gone.stream().toArray());
	}

	private static Frames scan(CaptureFile in, int[] groups) {
		Frames fr = new Frames();
		int count = in.frameCount();
		fr.fCount = count;
		fr.fLine = new byte[count + 1];
		fr.fSeq = new long[count + 1];
		fr.fMessages = new int[count + 1];
		PacketLayers layers = new PacketLayers();
		for (int f = 1; f <= count; f++) {
			fr.fLine[f] = -1;
			ByteBuffer b = in.frameData(f);
			if (layers.decode(b, in.linkType(f)) != PacketLayers.Kind.UDP || layers.payloadLength() < 20) {
				continue;
			}
			int dst = layers.ipDestination();
			int line = dst == groups[0] ? 0 : dst == groups[1] ? 1 : -1;
			if (line < 0) {
				continue;
			}
			// frame bytes from position 0, big-endian (PacketLayers' contract)
			int p = layers.payloadOffset();
			long seq = b.getLong(p + 10);
			int messages = b.getShort(p + 18) & 0xffff;
			fr.fLine[f] = (byte) line;
			fr.fSeq[f] = seq;
			fr.fMessages[f] = messages == 0xffff ? 0 : messages;
		}
		return fr;
	}

	/** @return base frames the drops hit: per drop, the line's first DATA frames at or after its position */
	private static List<Integer> pick(Frames fr, List<Drop> drops, BitSet available) {
		List<Integer> out = new ArrayList<>();
		for (Drop d : drops) {
			int start = Math.max(1, (int) (d.at() * fr.fCount));
			int left = d.packets();
			for (int f = start; f <= fr.fCount && left > 0; f++) {
				if (fr.fLine[f] == d.line().ordinal() && fr.fMessages[f] > 0 && available.get(f) && !out.contains(f)) {
					out.add(f);
					left--;
				}
			}
		}
		return out;
	}
}
