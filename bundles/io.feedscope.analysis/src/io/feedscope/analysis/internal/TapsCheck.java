package io.feedscope.analysis.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.Ranges;
import io.feedscope.analysis.CheckContext;
import io.feedscope.analysis.FeedLine;
import io.feedscope.analysis.FeedSession;
import io.feedscope.analysis.JsonWriter;
import io.feedscope.analysis.PacketView;
import io.feedscope.analysis.PacketFacts;
import io.feedscope.analysis.PacketRole;
import io.feedscope.analysis.RangeList;
import io.feedscope.analysis.Severity;
import io.feedscope.analysis.Summary;

/**
 * Tap points along a line's path: when one line (destination group:port of a session) was captured by
 * several captures of the set, they are taps along its path, ordered upstream to downstream by their
 * median transit time (or as {@link io.feedscope.analysis.AnalysisOptions#tapOrder()} says). For each pair
 * of adjacent taps (a hop):
 * <ul>
 * <li>{@code lost_by_hop}: messages the upstream tap saw that neither the downstream tap nor any tap
 * after it saw: the network between them lost them;</li>
 * <li>{@code missed_by_downstream_tap}: seen upstream, not at the downstream tap, but at a tap further
 * down: the downstream tap failed to capture them (a capture problem, not a network one);</li>
 * <li>{@code missed_by_upstream_tap}: seen downstream but not upstream: the upstream tap dropped them;</li>
 * <li>transit time downstream minus upstream of every message seen at both (first copy at each tap):
 * p50, p99, max, min and the worst ranges.</li>
 * </ul>
 * Messages count only inside both taps' spans (a capture starts and ends at its own moment).
 * <p>
 * Bounded memory: per line and tap a ring of {@link #WINDOW} slots remembers the first arrival of recent
 * messages (seq mod window); a message whose copy at another tap comes more than a window later gives no
 * transit sample. Transit samples go to a {@link LatencyHistogram} per pair of taps; the largest and the
 * smallest {@link #WORST_KEPT} samples are kept to name the worst ranges once the order (and so the sign)
 * is known. At most {@link #MAX_TAPS} taps per line get transit times; the loss ranges work for any number.
 * Runs with a single capture skip all this (no line can have two taps).
 */
public final class TapsCheck extends IsolatedCheck {

	/** check id as contributed in plugin.xml */
	public static final String ID = "io.feedscope.analysis.taps";

	static final int WINDOW = 1 << 14;
	static final int MAX_TAPS = 8;
	static final int WORST_KEPT = 64;
	private static final int WORST_RANGES = 16;

	/** one transit sample kept for the worst ranges */
	private record Sample(long seq, long value, long timeNanos, long ref) {
	}

	/** the transit samples of a pair of taps (lower tap slot first): value = time at the higher slot - time at the lower */
	private static final class Pair {
		final LatencyHistogram fHistogram;
		final PriorityQueue<Sample> fHighest = new PriorityQueue<>(Comparator.comparingLong(Sample::value));
		final PriorityQueue<Sample> fLowest = new PriorityQueue<>(Comparator.comparingLong(Sample::value).reversed());

		Pair(int exact) {
			fHistogram = new LatencyHistogram(exact);
		}

		void add(long seq, long value, long t, long ref) {
			fHistogram.record(value);
			keep(fHighest, new Sample(seq, value, t, ref), true);
			keep(fLowest, new Sample(seq, value, t, ref), false);
		}

		private static void keep(PriorityQueue<Sample> q, Sample s, boolean high) {
			if (q.size() < WORST_KEPT) {
				q.add(s);
			} else if (high ? s.value() > q.peek().value() : s.value() < q.peek().value()) {
				q.poll();
				q.add(s);
			}
		}
	}

	/** A hop between two adjacent taps, after {@link #finish()}. */
	public record Hop(int upstream, int downstream, RangeList lostByHop, RangeList missedByDownstreamTap,
			RangeList missedByUpstreamTap, @Nullable LatencyHistogram transit, int sign, List<long[]> worst) {
	}

	private static final class LineTaps {
		int fCount;
		final int[] fCaptures = new int[MAX_TAPS];
		final String[] fNames = new String[MAX_TAPS];
		final long[][] fTags = new long[MAX_TAPS][];
		final long[][] fTimes = new long[MAX_TAPS][];
		final Pair[] fPairs = new Pair[MAX_TAPS * MAX_TAPS];
		// after finish
		int[] fOrder = new int[0];
		boolean fGivenOrder;
		long[] fOffsets = new long[0];
		final List<Hop> fHops = new ArrayList<>();
	}

	private boolean fOff;

	@Override
	public void start(CheckContext context) {
		super.start(context);
		fOff = context.captureCount() == 1;
	}

	/** the usual call (the state exists) small enough for the client compiler to inline; {@link #create} once */
	private LineTaps state(FeedLine line) {
		Object o = line.checkState(fSlot);
		return o != null ? (LineTaps) o : create(line);
	}

	private LineTaps create(FeedLine line) {
		LineTaps st = new LineTaps();
		line.setCheckState(fSlot, st);
		return st;
	}

	/**
	 * Whether {@link #onPacket} may have something to do with a packet of this role: line data when several captures
	 * are read. The analysis calls it only then (a test small enough for the client compiler to inline, weaker than
	 * onPacket's own).
	 */
	public boolean acts(PacketRole role) {
		return !fOff && role == PacketRole.LINE_DATA;
	}

	@Override
	public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
			PacketFacts facts) {
		if (fOff || role != PacketRole.LINE_DATA || line == null || e.messageCount() <= 0) {
			return;
		}
		LineTaps st = state(line);
		int c = e.captureIndex();
		int me = -1;
		for (int i = 0; i < st.fCount; i++) {
			if (st.fCaptures[i] == c) {
				me = i;
				break;
			}
		}
		if (me < 0) {
			if (st.fCount == MAX_TAPS) {
				return;
			}
			me = st.fCount++;
			st.fCaptures[me] = c;
			st.fNames[me] = e.captureName();
			st.fTags[me] = new long[WINDOW];
			Arrays.fill(st.fTags[me], Long.MIN_VALUE);
			st.fTimes[me] = new long[WINDOW];
		}
		long[] tags = st.fTags[me];
		long[] times = st.fTimes[me];
		long t = e.timeNanos();
		long seq = e.firstSeq();
		int n = e.messageCount();
		int taps = st.fCount;
		for (int i = 0; i < n; i++, seq++) {
			int slot = (int) seq & (WINDOW - 1);
			if (tags[slot] == seq) {
				continue; // a duplicate at this tap: the first copy is the arrival
			}
			tags[slot] = seq;
			times[slot] = t;
			for (int j = 0; j < taps; j++) {
				if (j != me && st.fTags[j][slot] == seq) {
					int lo = Math.min(me, j);
					int hi = Math.max(me, j);
					long value = me == hi ? t - st.fTimes[j][slot] : st.fTimes[j][slot] - t;
					Pair p = st.fPairs[lo * MAX_TAPS + hi];
					if (p == null) {
						p = new Pair(fContext.options().latencyExactSamples());
						st.fPairs[lo * MAX_TAPS + hi] = p;
					}
					p.add(seq, value, t, Util.ref(e));
				}
			}
		}
	}

	@Override
	public void finish() {
		if (fOff) {
			return;
		}
		for (FeedSession s : fContext.sessions()) {
			for (FeedLine line : s.lines()) {
				Object o = line.checkState(fSlot);
				if (o != null && ((LineTaps) o).fCount >= 2) {
					finish(s, line, (LineTaps) o);
				}
			}
		}
	}

	/** @return a tap's transit relative to tap slot 0 (median), or 0 when they share no message */
	private static long offset(LineTaps st, int i) {
		if (i == 0) {
			return 0;
		}
		Pair p = st.fPairs[i];
		return p == null || p.fHistogram.count() == 0 ? 0 : p.fHistogram.percentile(0.5, 1);
	}

	private void finish(FeedSession s, FeedLine line, LineTaps st) {
		int n = st.fCount;
		Integer[] order = new Integer[n];
		st.fOffsets = new long[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
			st.fOffsets[i] = offset(st, i);
		}
		List<Integer> given = fContext.options().tapOrder();
		st.fGivenOrder = !given.isEmpty();
		if (st.fGivenOrder) {
			Arrays.sort(order, Comparator.comparingInt((Integer i) -> {
				int k = given.indexOf(st.fCaptures[i]);
				return k < 0 ? Integer.MAX_VALUE : k;
			}).thenComparingLong(i -> st.fOffsets[i]).thenComparingInt(i -> st.fCaptures[i]));
		} else {
			Arrays.sort(order, Comparator.comparingLong((Integer i) -> st.fOffsets[i]).thenComparingInt(i -> st.fCaptures[i]));
		}
		st.fOrder = new int[n];
		for (int i = 0; i < n; i++) {
			st.fOrder[i] = order[i];
		}
		for (int k = 0; k + 1 < n; k++) {
			int u = st.fOrder[k];
			int d = st.fOrder[k + 1];
			Ranges up = line.tapDelivered(st.fCaptures[u]);
			Ranges down = line.tapDelivered(st.fCaptures[d]);
			RangeList later = new RangeList();
			for (int m = k + 2; m < n; m++) {
				later.addAll(line.tapDelivered(st.fCaptures[st.fOrder[m]]));
			}
			RangeList span = up.isEmpty() || down.isEmpty() ? new RangeList()
					: RangeList.of(Math.max(up.min(), down.min()), Math.min(up.max(), down.max()));
			RangeList upOnly = up.intersect(span).minus(down);
			RangeList downOnly = down.intersect(span).minus(up);
			RangeList missedDown = upOnly.intersect(later);
			RangeList lost = upOnly.minus(later);
			int lo = Math.min(u, d);
			int hi = Math.max(u, d);
			Pair p = st.fPairs[lo * MAX_TAPS + hi];
			int sign = d == hi ? 1 : -1;
			List<long[]> worst = p == null ? List.of() : worst(p, sign);
			Hop hop = new Hop(st.fCaptures[u], st.fCaptures[d], lost, missedDown, downOnly,
					p == null ? null : p.fHistogram, sign, worst);
			st.fHops.add(hop);
			String label = "hop " + st.fCaptures[u] + "\u2192" + st.fCaptures[d];
			String between = " between tap " + st.fNames[u] + " and tap " + st.fNames[d];
			for (int i = 0; i < lost.size(); i++) {
				fContext.report(fContext.finding(Severity.WARNING).label(label).session(s).line(line)
						.range(lost.from(i), lost.to(i)).message("line {line} lost "
								+ Util.range(lost.from(i), lost.to(i)) + between + ": seen at " + st.fNames[u]
								+ ", never downstream")
						.build());
			}
			for (int i = 0; i < missedDown.size(); i++) {
				fContext.report(fContext.finding(Severity.INFO).label(label).session(s).line(line)
						.range(missedDown.from(i), missedDown.to(i)).message("tap " + st.fNames[d] + " did not capture "
								+ Util.range(missedDown.from(i), missedDown.to(i)) + " of line {line}, which taps further"
								+ " downstream saw: a capture problem, not a network loss")
						.build());
			}
			for (int i = 0; i < downOnly.size(); i++) {
				fContext.report(fContext.finding(Severity.INFO).label(label).session(s).line(line)
						.range(downOnly.from(i), downOnly.to(i)).message("tap " + st.fNames[u] + " did not capture "
								+ Util.range(downOnly.from(i), downOnly.to(i)) + " of line {line}, which " + st.fNames[d]
								+ " downstream saw: a capture problem, not a network loss")
						.build());
			}
			if (p != null && p.fHistogram.count() > 0) {
				LatencyHistogram h = p.fHistogram;
				fContext.report(fContext.finding(Severity.INFO).label(label).session(s).line(line)
						.message("line {line} transit" + between + ": p50 " + Util.duration(h.percentile(0.5, sign))
								+ ", p99 " + Util.duration(h.percentile(0.99, sign)) + ", max "
								+ Util.duration(h.max(sign)) + " over " + Util.plural(h.count(), "message"))
						.build());
			}
		}
	}

	/** @return the worst ranges: runs of consecutive messages among the largest transit times, peak first */
	private static List<long[]> worst(Pair p, int sign) {
		List<Sample> samples = new ArrayList<>(sign > 0 ? p.fHighest : p.fLowest);
		samples.sort(Comparator.comparingLong(Sample::seq));
		List<long[]> runs = new ArrayList<>(); // {from, to, peak, start, end}
		for (Sample x : samples) {
			long v = x.value() * sign;
			long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
			if (last != null && x.seq() == last[1] + 1) {
				last[1] = x.seq();
				last[2] = Math.max(last[2], v);
				last[3] = Math.min(last[3], x.timeNanos());
				last[4] = Math.max(last[4], x.timeNanos());
			} else {
				runs.add(new long[] { x.seq(), x.seq(), v, x.timeNanos(), x.timeNanos() });
			}
		}
		runs.sort((a, b) -> Long.compare(b[2], a[2]));
		return runs.size() > WORST_RANGES ? List.copyOf(runs.subList(0, WORST_RANGES)) : runs;
	}

	/** @return the hops of a line seen at several taps, upstream first, after {@link #finish()} */
	public List<Hop> hops(FeedLine line) {
		Object o = line.checkState(fSlot);
		return o == null ? List.of() : List.copyOf(((LineTaps) o).fHops);
	}

	/** @return the line's tap points (capture indices) from upstream to downstream, after {@link #finish()} */
	public int[] order(FeedLine line) {
		Object o = line.checkState(fSlot);
		if (o == null) {
			return line.tapCaptures();
		}
		LineTaps st = (LineTaps) o;
		if (st.fCount < 2) {
			return line.tapCaptures();
		}
		int[] out = new int[st.fOrder.length];
		for (int i = 0; i < out.length; i++) {
			out[i] = st.fCaptures[st.fOrder[i]];
		}
		return out;
	}

	@Override
	public void writeLine(FeedLine line, JsonWriter json) {
		Object o = line.checkState(fSlot);
		LineTaps st = o == null ? null : (LineTaps) o;
		json.name("taps").beginObject();
		json.member("ordered_by", st != null && st.fGivenOrder ? "given" : "median_transit");
		json.name("points").beginArray();
		int[] order = order(line);
		for (int c : order) {
			Ranges d = line.tapDelivered(c);
			json.beginObject().member("capture", c).member("messages", d.cardinality());
			if (!d.isEmpty()) {
				json.member("first_seq", d.min()).member("last_seq", d.max());
			}
			if (st != null && st.fCount >= 2) {
				for (int i = 0; i < st.fCount; i++) {
					if (st.fCaptures[i] == c) {
						json.member("median_offset_ns", st.fOffsets[i] - st.fOffsets[st.fOrder[0]]);
					}
				}
			}
			json.endObject();
		}
		json.endArray();
		json.name("hops").beginArray();
		if (st != null) {
			for (Hop h : st.fHops) {
				json.beginObject().member("upstream", h.upstream()).member("downstream", h.downstream());
				json.name("lost_by_hop").ranges(h.lostByHop());
				json.member("lost_by_hop_messages", h.lostByHop().cardinality());
				json.name("missed_by_downstream_tap").ranges(h.missedByDownstreamTap());
				json.name("missed_by_upstream_tap").ranges(h.missedByUpstreamTap());
				json.member("missed_by_upstream_tap_messages", h.missedByUpstreamTap().cardinality());
				json.name("transit_ns").beginObject();
				LatencyHistogram t = h.transit();
				if (t == null || t.count() == 0) {
					json.member("samples", 0);
				} else {
					int sign = h.sign();
					json.member("p50", t.percentile(0.5, sign)).member("p99", t.percentile(0.99, sign))
							.member("max", t.max(sign)).member("min", t.min(sign)).member("samples", t.count())
							.member("exact", t.exact());
					json.name("worst").beginArray();
					for (long[] w : h.worst()) {
						json.beginObject().member("from", w[0]).member("to", w[1]).member("peak_ns", w[2])
								.member("start_ns", w[3]).member("end_ns", w[4]).endObject();
					}
					json.endArray();
				}
				json.endObject();
				json.endObject();
			}
		}
		json.endArray();
		json.endObject();
	}

	@Override
	public void summarize(FeedSession s, Summary summary) {
		for (FeedLine line : s.lines()) {
			Object o = line.checkState(fSlot);
			if (o == null) {
				continue;
			}
			LineTaps st = (LineTaps) o;
			for (Hop h : st.fHops) {
				String u = name(st, h.upstream());
				String d = name(st, h.downstream());
				long lost = h.lostByHop().cardinality();
				if (lost > 0) {
					summary.headline(Summary.PRIORITY_LINE, "line " + line.name() + " lost " + Util.plural(lost, "message")
							+ " between tap " + u + " and tap " + d);
				}
				StringBuilder b = new StringBuilder("line " + line.name() + " hop " + u + " -> " + d + ": lost "
						+ h.lostByHop() + ", not captured downstream " + h.missedByDownstreamTap()
						+ ", not captured upstream " + h.missedByUpstreamTap());
				LatencyHistogram t = h.transit();
				if (t != null && t.count() > 0) {
					b.append(", transit p50 ").append(Util.duration(t.percentile(0.5, h.sign()))).append(" p99 ")
							.append(Util.duration(t.percentile(0.99, h.sign()))).append(" max ")
							.append(Util.duration(t.max(h.sign())));
				}
				summary.detail(b.toString());
			}
		}
	}

	private static String name(LineTaps st, int capture) {
		for (int i = 0; i < st.fCount; i++) {
			if (st.fCaptures[i] == capture) {
				return st.fNames[i];
			}
		}
		return "capture " + capture;
	}
}
