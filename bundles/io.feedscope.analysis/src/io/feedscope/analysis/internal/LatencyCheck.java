package io.feedscope.analysis.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.CheckContext;
import io.feedscope.analysis.FeedLine;
import io.feedscope.analysis.FeedSession;
import io.feedscope.analysis.JsonWriter;
import io.feedscope.analysis.PacketView;
import io.feedscope.analysis.PacketFacts;
import io.feedscope.analysis.PacketRole;
import io.feedscope.analysis.Severity;
import io.feedscope.analysis.Summary;

/**
 * A/B latency: for each message delivered on both lines, first arrival on B minus first arrival on A.
 * <p>
 * Bounded memory: a ring of {@link io.feedscope.analysis.AnalysisOptions#latencyWindow()} slots keyed by
 * sequence number (seq mod window) remembers the first arrival of recent messages (time, line); when the
 * other line delivers the same number while the slot still holds it, one sample is taken. A message whose
 * slot was reused first (the other line is more than a window behind, or never delivered it) counts as
 * unmatched, as does one still waiting in the window at the end. Samples go to a {@link LatencyHistogram} (exact up to a cap, then log-linear).
 * <p>
 * While streaming, A and B are not known yet, so samples are "second line minus first line" by order of
 * appearance and flipped at the end if needed. Only the first two lines of a session are compared.
 * Runs of consecutive messages with |B-A| at or above
 * {@link io.feedscope.analysis.AnalysisOptions#latencyWorstNanos()} are the worst ranges (16 kept, by peak).
 */
public final class LatencyCheck extends IsolatedCheck {

	/** check id as contributed in plugin.xml */
	public static final String ID = "io.feedscope.analysis.latency";

	private static final int WORST_KEPT = 16;
	private static final byte MATCHED = 2;

	/** A run of consecutive messages with a large |B-A|; peak is "second line minus first" until flipped. */
	public static final class Worst {
		long fFrom;
		long fTo;
		long fPeak;
		long fStart;
		long fEnd;
		long fRef;

		public long from() {
			return fFrom;
		}

		public long to() {
			return fTo;
		}
	}

	private static final class State {
		/**
		 * per slot, the sequence number it holds ({@code [2 * slot]}) and its first arrival ({@code [2 * slot + 1]}):
		 * side by side, so a message touches one cache line of the ring, not one in each of two arrays
		 */
		final long[] fRing;
		final byte[] fLine;
		final LatencyHistogram fHistogram;
		/** after {@link #finish()}: the messages written into the ring that no other line matched */
		long fUnmatched;
		/**
		 * messages written into the ring (each a slot of its own until overwritten) and those of them matched (once
		 * each): what was never matched is their difference, whether its slot was reused or it is still in the window
		 * at the end, so a write need not read what it overwrites
		 */
		long fWritten;
		long fMatched;
		@Nullable Worst fRun;
		final List<Worst> fWorst = new ArrayList<>();
		int fSign = 1;

		State(int window, int exact) {
			fRing = new long[2 * window];
			for (int i = 0; i < fRing.length; i += 2) {
				fRing[i] = Long.MIN_VALUE;
			}
			fLine = new byte[window];
			fHistogram = new LatencyHistogram(exact);
		}
	}

	private int fMask;
	private long fWorstNanos;
	/** {@link #perMessage()} */
	private boolean fPerMessage;

	/**
	 * For tests that hold the runs of equal samples to the general code: one histogram record and one worst-run step
	 * per message. Call before {@link #start}.
	 */
	public void perMessage() {
		fPerMessage = true;
	}

	@Override
	public void start(CheckContext context) {
		super.start(context);
		fMask = context.options().latencyWindow() - 1;
		fWorstNanos = context.options().latencyWorstNanos();
	}

	/** the usual call (the state exists) small enough for the client compiler to inline; {@link #create} once */
	private State state(FeedSession s) {
		Object o = s.checkState(fSlot);
		return o != null ? (State) o : create(s);
	}

	private State create(FeedSession s) {
		State st = new State(fMask + 1, fContext.options().latencyExactSamples());
		s.setCheckState(fSlot, st);
		return st;
	}

	/**
	 * Whether {@link #onPacket} may have something to do with a packet of this role. The analysis calls it only then
	 * (a test small enough for the client compiler to inline, weaker than onPacket's own).
	 */
	public static boolean acts(PacketRole role) {
		return role == PacketRole.LINE_DATA;
	}

	@Override
	public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
			PacketFacts facts) {
		if (role != PacketRole.LINE_DATA || session == null || line == null || line.index() > 1) {
			return;
		}
		State st = state(session);
		byte me = (byte) line.index();
		long t = e.timeNanos();
		long seq = e.firstSeq();
		int n = e.messageCount();
		long[] ring = st.fRing;
		byte[] lines = st.fLine;
		int mask = fMask;
		if (n == facts.newForSession() && !fPerMessage) {
			// every message new for the session (the line ahead's usual packet): no line delivered one before, and a
			// slot holds only what a line delivered, so none is in the ring; written without reading the slots, which
			// hold messages a window older (a 1 MB ring: most reads were a cache miss of the checks' thread)
			for (int i = 0; i < n; i++, seq++) {
				int slot = (int) seq & mask;
				int k = slot << 1;
				ring[k] = seq;
				ring[k + 1] = t;
				lines[slot] = me;
			}
			st.fWritten += n;
			return;
		}
		// samples of consecutive messages with the same value (the other line carried them in one packet too)
		// go to the histogram and the worst runs as one range: what one call per message did
		long runFrom = 0;
		long runSample = 0;
		int run = 0;
		for (int i = 0; i < n; i++, seq++) {
			int slot = (int) seq & mask;
			int k = slot << 1;
			long tag = ring[k];
			if (tag != seq) {
				st.fWritten++;
				ring[k] = seq;
				ring[k + 1] = t;
				lines[slot] = me;
			} else if (lines[slot] != MATCHED && lines[slot] != me) {
				long sample = lines[slot] == 0 ? t - ring[k + 1] : ring[k + 1] - t;
				lines[slot] = MATCHED;
				st.fMatched++;
				if (fPerMessage) {
					st.fHistogram.record(sample);
					worst(st, seq, seq, sample, t, e);
				} else if (run > 0 && sample == runSample && seq == runFrom + run) {
					run++;
				} else {
					if (run > 0) {
						samples(st, runFrom, run, runSample, t, e);
					}
					runFrom = seq;
					runSample = sample;
					run = 1;
				}
			}
		}
		if (run > 0) {
			// samples(st, runFrom, run, runSample, t, e), written out for the packet's last run (most packets' only
			// one): a call per packet of the line that follows under the client compiler, which does not inline it
			st.fHistogram.record(runSample, run);
			if (st.fRun != null || Math.abs(runSample) >= fWorstNanos) {
				worst(st, runFrom, runFrom + run - 1, runSample, t, e);
			}
		}
	}

	/** {@code count} samples of one value for the messages from {@code from} on, all of this packet (time t) */
	private void samples(State st, long from, int count, long sample, long t, PacketView e) {
		st.fHistogram.record(sample, count);
		// worst() changes nothing for a small sample with no run open: most samples, and a call under C1 spared
		if (st.fRun != null || Math.abs(sample) >= fWorstNanos) {
			worst(st, from, from + count - 1, sample, t, e);
		}
	}

	/** The worst runs after the messages from..to (consecutive, of this packet) gave {@code sample} each. */
	private void worst(State st, long from, long to, long sample, long t, PacketView e) {
		Worst r = st.fRun;
		boolean big = Math.abs(sample) >= fWorstNanos;
		if (r != null && (!big || from != r.fTo + 1)) {
			keep(st, r);
			st.fRun = null;
			r = null;
		}
		if (!big) {
			return;
		}
		if (r == null) {
			r = new Worst();
			r.fFrom = from;
			r.fStart = t;
			r.fRef = Util.ref(e);
			st.fRun = r;
		}
		r.fTo = to;
		r.fEnd = t;
		if (Math.abs(sample) > Math.abs(r.fPeak)) {
			r.fPeak = sample;
		}
	}

	private static void keep(State st, Worst r) {
		List<Worst> w = st.fWorst;
		w.add(r);
		w.sort((a, b) -> Long.compare(Math.abs(b.fPeak), Math.abs(a.fPeak)));
		if (w.size() > WORST_KEPT) {
			w.remove(w.size() - 1);
		}
	}

	@Override
	public void finish() {
		for (FeedSession s : fContext.sessions()) {
			Object o = s.checkState(fSlot);
			if (o == null) {
				continue;
			}
			State st = (State) o;
			Worst r = st.fRun;
			if (r != null) {
				keep(st, r);
				st.fRun = null;
			}
			// overwritten before the other line delivered them, or still in the window, delivered by one line only
			st.fUnmatched = st.fWritten - st.fMatched;
			FeedLine a = s.line("A");
			st.fSign = a != null && a.index() == 1 ? -1 : 1;
			for (Worst w : st.fWorst) {
				long peak = w.fPeak * st.fSign;
				// said as a feed engineer says it: which line trailed which, by how much, for which messages
				// ("B-A latency up to -99.9 ms" made the reader work out the sign); peak is B's arrival minus A's
				String behind = peak < 0 ? "A" : "B", ahead = peak < 0 ? "B" : "A";
				fContext.report(fContext.finding(Severity.INFO).session(s).range(w.fFrom, w.fTo).time(w.fStart, w.fEnd)
						.frames(w.fRef)
						.message("line " + behind + " was up to " + Util.duration(Math.abs(peak)) + " behind line " + ahead
								+ " for messages " + Util.range(w.fFrom, w.fTo))
						.build());
			}
		}
	}

	/** @return the histogram of a session (signs as streamed; use {@link #sign(FeedSession)}) or null */
	public @Nullable LatencyHistogram histogram(FeedSession s) {
		Object o = s.checkState(fSlot);
		return o == null ? null : ((State) o).fHistogram;
	}

	/** @return 1 when the histogram holds B-A, -1 when it holds A-B (after {@link #finish()}) */
	public int sign(FeedSession s) {
		Object o = s.checkState(fSlot);
		return o == null ? 1 : ((State) o).fSign;
	}

	/** @return messages seen on one line only within the window */
	public long unmatched(FeedSession s) {
		Object o = s.checkState(fSlot);
		return o == null ? 0 : ((State) o).fUnmatched;
	}

	@Override
	public void writeSession(FeedSession s, JsonWriter json) {
		json.name("ab_latency_ns").beginObject();
		Object o = s.checkState(fSlot);
		LatencyHistogram h = o == null ? null : ((State) o).fHistogram;
		if (h == null || h.count() == 0) {
			json.member("samples", 0).member("unmatched", unmatched(s)).member("window", fMask + 1).endObject();
			return;
		}
		State st = (State) o;
		int sign = st.fSign;
		json.member("p50", h.percentile(0.50, sign)).member("p99", h.percentile(0.99, sign))
				.member("max", h.max(sign)).member("min", h.min(sign)).member("samples", h.count())
				.member("exact", h.exact()).member("unmatched", st.fUnmatched)
				.member("window", fMask + 1);
		json.name("worst").beginArray();
		for (Worst w : st.fWorst) {
			json.beginObject().member("from", w.fFrom).member("to", w.fTo).member("peak_ns", w.fPeak * sign)
					.member("start_ns", w.fStart).member("end_ns", w.fEnd).endObject();
		}
		json.endArray();
		json.endObject();
	}

	@Override
	public void summarize(FeedSession s, Summary summary) {
		LatencyHistogram h = histogram(s);
		if (h == null || h.count() == 0) {
			return;
		}
		int sign = sign(s);
		summary.detail("A/B latency (B-A): p50 " + Util.duration(h.percentile(0.5, sign)) + ", p99 "
				+ Util.duration(h.percentile(0.99, sign)) + ", max " + Util.duration(h.max(sign)) + " over "
				+ Util.plural(h.count(), "message"));
	}
}
