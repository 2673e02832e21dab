package io.feedscope.analysis.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.Annotation;
import io.feedscope.analysis.Ranges;
import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.CheckContext;
import io.feedscope.analysis.FeedLine;
import io.feedscope.analysis.FeedSession;
import io.feedscope.analysis.Finding;
import io.feedscope.analysis.JsonWriter;
import io.feedscope.analysis.PacketView;
import io.feedscope.analysis.PacketFacts;
import io.feedscope.analysis.PacketRole;
import io.feedscope.analysis.RangeList;
import io.feedscope.analysis.Severity;
import io.feedscope.analysis.Summary;

/**
 * Arbitration replay: the merged arrival order of every line's DATA packets is run through two A/B
 * arbitration policies, each with a gap timeout W, and what each would have lost is reported.
 * <p>
 * Both policies keep a <em>high-water mark</em> (the highest message they accepted); "next expected" is
 * always one past it. A packet that starts beyond next expected reveals a missing range (a hole):
 * next expected up to the packet's first message. A hole is <em>lost</em> when it is still missing W after
 * the packet that revealed it: a packet captured at or before (reveal time + W) that carries it fills it,
 * one captured later does not (W = 0: only a packet captured at the very same instant). The policies
 * differ in what they accept:
 * <ul>
 * <li><b>first sequence only</b> ({@code first_seq_only}): a packet is accepted only if its first sequence
 * number is next expected or beyond; it is then taken whole and the high-water mark moves to its last
 * message. A packet whose first number is at or below the high-water mark is thrown away whole, even when
 * it carries new messages after the old ones (the straddling packet of a catch-up) and even when it would
 * fill a hole behind the high-water mark. So no packet can ever fill a hole this policy opened: its losses
 * are the same at every gap timeout, and a longer timeout cannot save what its trashing rule loses.</li>
 * <li><b>sequence + count</b> ({@code seq_and_count}): every message of every packet that the policy has
 * not yet received is accepted, wherever it falls: messages beyond next expected move the high-water mark,
 * messages behind it fill holes (from any line). This is the model of a correct feed handler; it loses a
 * message only when no line delivers it within W of the gap being revealed.</li>
 * </ul>
 * Both start at the session's first packet. A handler sits at one place, so the copy of a packet that a
 * second tap point on the same line captured again is not fed ({@link PacketFacts#copyFromOtherTap()}).
 * Heartbeats and retransmission answers are not fed to the policies (a handler's gap-fill would hide
 * exactly what this check is meant to show). "Lost although delivered" is a policy's losses intersected
 * with what the lines delivered: a handler's mistake, not the network's.
 * <p>
 * One pass serves every W: seq+count's high-water mark does not depend on W, so each hole it fills is
 * filled after a delay d (fill time - reveal time) and is lost exactly at the timeouts below d. The check
 * keeps the delays' maximum (the <em>safe gap timeout</em>: the smallest W at which seq+count loses nothing
 * a line delivered) and one range list per timeout of {@link #SWEEP_NANOS} (plus the one asked for), so
 * the sweep costs no second pass. Open holes are kept in a sorted map of at most {@link #OPEN_HOLES_LIMIT};
 * past that the lowest hole is given up as never filled (a capture with that many simultaneous holes has
 * bigger problems than the timeout).
 */
public final class ArbitrationCheck extends IsolatedCheck {

	/** check id as contributed in plugin.xml */
	public static final String ID = "io.feedscope.analysis.arbitration";

	/** name of the first-sequence-only policy in findings' labels and texts */
	public static final String FIRST_SEQ_ONLY = "first-seq-only";
	/** name of the sequence + count policy in findings' labels and texts */
	public static final String SEQ_AND_COUNT = "seq+count";

	/** the gap timeouts every report sweeps: 0, 10 us, 100 us, 1 ms, 10 ms, 100 ms, 1 s */
	public static final long[] SWEEP_NANOS = { 0, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L,
			1_000_000_000L };

	/** open holes kept by the seq+count replay before the lowest is given up */
	static final int OPEN_HOLES_LIMIT = 1 << 16;

	/** A packet first-seq-only arbitration threw away although it carried new messages. */
	public record Trashed(long ref, long timeNanos, FeedLine line, long firstSeq, int count, long firstNewSeq) {
	}

	/** A gap first-seq-only declared: [from, to], when, and the packet that made it declare it. */
	private record Declared(long from, long to, long timeNanos, long ref, FeedLine line) {
	}

	/**
	 * A range seq+count received only after it had been revealed missing: lost at every gap timeout below
	 * {@link #delayNanos()}.
	 */
	public record LateFill(long from, long to, long revealNanos, long revealRef, FeedLine revealLine, long fillNanos,
			long fillRef, FeedLine fillLine) {

		/** @return fill time minus reveal time, ns */
		public long delayNanos() {
			return fillNanos - revealNanos;
		}
	}

	/** an open hole of the seq+count replay; its first message is the map key */
	private static final class Hole {
		long fTo;
		final long fReveal;
		final long fRef;
		final FeedLine fLine;

		Hole(long to, long reveal, long ref, FeedLine line) {
			fTo = to;
			fReveal = reveal;
			fRef = ref;
			fLine = line;
		}
	}

	/** What one policy reports at one gap timeout. */
	public record Outcome(long gapTimeoutNanos, RangeList lost, RangeList lostAlthoughDelivered) {
	}

	private static final class FirstSeqOnly {
		boolean fStarted;
		long fExpected;
		final RangeList fLost = new RangeList();
		final List<Declared> fDeclared = new ArrayList<>();
		final List<Trashed> fTrashed = new ArrayList<>();
		long fTrashedCount;
		RangeList fLostDelivered = new RangeList();
	}

	private static final class SeqAndCount {
		boolean fStarted;
		long fNext;
		final TreeMap<Long, Hole> fOpen = new TreeMap<>();
		/** lowest first message of an open hole, Long.MAX_VALUE when none: the per-packet fast path */
		long fLowestOpen = Long.MAX_VALUE;
		/**
		 * highest last message of an open hole (holes are disjoint, so the last one's), Long.MIN_VALUE when
		 * none: the other line's copies start above every old hole, and this spares them a look-up (which
		 * would box a Long) once a never-filled hole stays open for the rest of the capture
		 */
		long fHighestOpen = Long.MIN_VALUE;
		final RangeList fGivenUp = new RangeList();
		/** per timeout of the check's thresholds: ranges filled too late for it */
		final RangeList[] fLateAt;
		final List<LateFill> fLate = new ArrayList<>();
		long fMaxDelay = -1;
		long fLateFillCount;
		// after finish
		RangeList fUnfilled = new RangeList();
		@Nullable Long fSafe;
		Outcome[] fSweep = new Outcome[0];
		Outcome fChosen = new Outcome(0, new RangeList(), new RangeList());

		SeqAndCount(int thresholds) {
			fLateAt = new RangeList[thresholds];
			for (int i = 0; i < thresholds; i++) {
				fLateAt[i] = new RangeList();
			}
		}
	}

	private final class State {
		final FirstSeqOnly fFirstSeqOnly = new FirstSeqOnly();
		final SeqAndCount fSeqAndCount = new SeqAndCount(fThresholds.length);
		RangeList fDeliveredByAll = new RangeList();
		long fChosenNanos;
	}

	/** {@link AnalysisOptions#listLimit()}, read per packet: a field, not two calls */
	private int fListLimit;
	/** {@link #generalPaths()} */
	private boolean fGeneral;
	/** {@link #SWEEP_NANOS}, plus the timeout asked for when it is not one of them */
	private long[] fThresholds = SWEEP_NANOS;

	@Override
	public void start(CheckContext context) {
		super.start(context);
		fListLimit = context.options().listLimit();
		long w = context.options().gapTimeoutNanos();
		if (w != AnalysisOptions.GAP_TIMEOUT_AUTO && indexOf(SWEEP_NANOS, w) < 0) {
			fThresholds = java.util.Arrays.copyOf(SWEEP_NANOS, SWEEP_NANOS.length + 1);
			fThresholds[SWEEP_NANOS.length] = w;
		}
	}

	private static int indexOf(long[] a, long v) {
		for (int i = 0; i < a.length; i++) {
			if (a[i] == v) {
				return i;
			}
		}
		return -1;
	}

	/** the usual call (the state exists) small enough for the client compiler to inline; {@link #create} once */
	private State state(FeedSession s) {
		Object o = s.checkState(fSlot);
		return o != null ? (State) o : create(s);
	}

	private State create(FeedSession s) {
		State st = new State();
		s.setCheckState(fSlot, st);
		return st;
	}

	/**
	 * Whether {@link #onPacket} may have something to do with the packet: line data but a copy from another tap. The
	 * analysis calls it only then (a test small enough for the client compiler to inline, weaker than onPacket's own).
	 */
	public static boolean acts(PacketRole role, PacketFacts facts) {
		return role == PacketRole.LINE_DATA && !facts.copyFromOtherTap();
	}

	@Override
	public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
			PacketFacts facts) {
		if (role != PacketRole.LINE_DATA || session == null || line == null || e.messageCount() <= 0
				|| facts.copyFromOtherTap()) {
			return;
		}
		State st = state(session);
		long from = e.firstSeq();
		long to = e.lastSeq();
		// the usual packets, here rather than in two calls (which the client compiler does not inline): the next
		// messages (from is next expected), or a copy of messages both policies already have (the other line's);
		// with no hole open, seq+count's comparisons end there as first-seq-only's do
		FirstSeqOnly p = st.fFirstSeqOnly;
		SeqAndCount q = st.fSeqAndCount;
		if (!fGeneral && p.fStarted && q.fStarted && q.fLowestOpen == Long.MAX_VALUE) {
			boolean pDone = from == p.fExpected || to < p.fExpected;
			boolean qDone = from == q.fNext || to < q.fNext;
			if (pDone && qDone) {
				if (from == p.fExpected) {
					p.fExpected = to + 1;
				}
				if (from == q.fNext) {
					q.fNext = to + 1;
				}
				return;
			}
		}
		firstSeqOnly(p, e, line);
		seqAndCount(q, e, line);
	}

	/**
	 * For the tests that hold the usual packets' path in {@link #onPacket} to the general code: every packet through
	 * both policies' methods. Call before {@link #start}.
	 */
	public void generalPaths() {
		fGeneral = true;
	}

	private void firstSeqOnly(FirstSeqOnly p, PacketView e, FeedLine line) {
		long from = e.firstSeq();
		long to = e.lastSeq();
		int limit = fListLimit;
		if (!p.fStarted) {
			p.fStarted = true;
			p.fExpected = from;
		}
		if (from < p.fExpected) {
			if (to >= p.fExpected) {
				p.fTrashedCount++;
				if (p.fTrashed.size() < limit) {
					p.fTrashed.add(new Trashed(Util.ref(e), e.timeNanos(), line, from, e.messageCount(), p.fExpected));
				}
			}
		} else {
			if (from > p.fExpected) {
				// no later packet can fill it (each would start behind the high-water mark): lost at any W
				p.fLost.add(p.fExpected, from - 1);
				if (p.fDeclared.size() < limit) {
					p.fDeclared.add(new Declared(p.fExpected, from - 1, e.timeNanos(), Util.ref(e), line));
				}
			}
			p.fExpected = to + 1;
		}
	}

	private void seqAndCount(SeqAndCount q, PacketView e, FeedLine line) {
		long from = e.firstSeq();
		long to = e.lastSeq();
		long t = e.timeNanos();
		if (!q.fStarted) {
			q.fStarted = true;
			q.fNext = from;
		}
		long below = Math.min(to, q.fNext - 1);
		if (from <= below && below >= q.fLowestOpen && from <= q.fHighestOpen) {
			fill(q, from, below, e, line);
		}
		if (to >= q.fNext) {
			if (from > q.fNext) {
				open(q, q.fNext, from - 1, t, Util.ref(e), line);
			}
			q.fNext = to + 1;
		}
	}

	private static void open(SeqAndCount q, long from, long to, long t, long ref, FeedLine line) {
		q.fOpen.put(from, new Hole(to, t, ref, line));
		if (q.fOpen.size() > OPEN_HOLES_LIMIT) {
			Map.Entry<Long, Hole> lowest = q.fOpen.pollFirstEntry();
			q.fGivenUp.add(lowest.getKey(), lowest.getValue().fTo);
		}
		q.fLowestOpen = q.fOpen.firstKey();
		q.fHighestOpen = q.fOpen.lastEntry().getValue().fTo;
	}

	/** Fills what [from, to] covers of the open holes, at the packet's time. */
	private void fill(SeqAndCount q, long from, long to, PacketView e, FeedLine line) {
		Map.Entry<Long, Hole> en = q.fOpen.floorEntry(from);
		if (en == null || en.getValue().fTo < from) {
			en = q.fOpen.higherEntry(from);
		}
		while (en != null && en.getKey() <= to) {
			long hf = en.getKey();
			Hole h = en.getValue();
			long a = Math.max(hf, from);
			long b = Math.min(h.fTo, to);
			long holeTo = h.fTo;
			q.fOpen.remove(hf);
			if (hf < a) {
				h.fTo = a - 1;
				q.fOpen.put(hf, h);
			}
			if (b < holeTo) {
				q.fOpen.put(b + 1, new Hole(holeTo, h.fReveal, h.fRef, h.fLine));
			}
			filled(q, a, b, h, e, line);
			en = q.fOpen.higherEntry(b);
		}
		q.fLowestOpen = q.fOpen.isEmpty() ? Long.MAX_VALUE : q.fOpen.firstKey();
		q.fHighestOpen = q.fOpen.isEmpty() ? Long.MIN_VALUE : q.fOpen.lastEntry().getValue().fTo;
	}

	private void filled(SeqAndCount q, long from, long to, Hole h, PacketView e, FeedLine line) {
		long delay = e.timeNanos() - h.fReveal;
		for (int i = 0; i < fThresholds.length; i++) {
			if (delay > fThresholds[i]) {
				q.fLateAt[i].add(from, to);
			}
		}
		if (delay > q.fMaxDelay) {
			q.fMaxDelay = delay;
		}
		if (delay > 0) {
			q.fLateFillCount++;
			if (q.fLate.size() < fContext.options().listLimit()) {
				q.fLate.add(new LateFill(from, to, h.fReveal, h.fRef, h.fLine, e.timeNanos(), Util.ref(e), line));
			}
		}
	}

	@Override
	public void finish() {
		long asked = fContext.options().gapTimeoutNanos();
		for (FeedSession s : fContext.sessions()) {
			State st = state(s);
			RangeList byAll = null;
			for (FeedLine l : s.lines()) {
				byAll = byAll == null ? l.delivered().intersect(l.delivered()) : byAll.intersect(l.delivered());
			}
			st.fDeliveredByAll = byAll == null ? new RangeList() : byAll;
			Ranges delivered = s.delivered();

			FirstSeqOnly p = st.fFirstSeqOnly;
			// packets a first-seq-only handler throws away although they carry new messages: its mistake even
			// when another line covers the messages later, so the views mark them whether or not a loss followed
			for (Trashed t : p.fTrashed) {
				fContext.annotate(Annotation.packet(Severity.ERROR, t.line(), t.ref(),
						FIRST_SEQ_ONLY + " drops it, new messages in it"));
			}
			p.fLostDelivered = p.fLost.intersect(delivered);

			SeqAndCount q = st.fSeqAndCount;
			RangeList unfilled = new RangeList();
			unfilled.addAll(q.fGivenUp);
			for (Map.Entry<Long, Hole> en : q.fOpen.entrySet()) {
				unfilled.add(en.getKey(), en.getValue().fTo);
			}
			q.fUnfilled = unfilled;
			// every filled range was delivered by the line that filled it; only a given-up one can make
			// seq+count lose a delivered message at every timeout
			q.fSafe = unfilled.intersect(delivered).isEmpty() ? Long.valueOf(Math.max(0, q.fMaxDelay)) : null;
			q.fSweep = new Outcome[SWEEP_NANOS.length];
			for (int i = 0; i < SWEEP_NANOS.length; i++) {
				q.fSweep[i] = outcome(SWEEP_NANOS[i], q.fLateAt[i], unfilled, delivered);
			}
			if (asked == AnalysisOptions.GAP_TIMEOUT_AUTO) {
				// the safe timeout, or (when none exists) the longest wait that still recovered something
				st.fChosenNanos = Math.max(0, q.fMaxDelay);
				q.fChosen = outcome(st.fChosenNanos, new RangeList(), unfilled, delivered);
			} else {
				st.fChosenNanos = asked;
				q.fChosen = outcome(asked, q.fLateAt[indexOf(fThresholds, asked)], unfilled, delivered);
			}
			reportFirstSeqOnly(s, st);
			reportSeqAndCount(s, st);
		}
	}

	private static Outcome outcome(long w, RangeList late, RangeList unfilled, Ranges delivered) {
		RangeList lost = new RangeList();
		lost.addAll(late);
		lost.addAll(unfilled);
		return new Outcome(w, lost, lost.intersect(delivered));
	}

	private void reportFirstSeqOnly(FeedSession s, State st) {
		FirstSeqOnly p = st.fFirstSeqOnly;
		int max = fContext.options().framesPerFinding();
		for (Declared d : p.fDeclared) {
			RangeList pieces = RangeList.of(d.from(), d.to()).intersect(p.fLostDelivered);
			for (int i = 0; i < pieces.size(); i++) {
				long from = pieces.from(i);
				long to = pieces.to(i);
				List<Long> frames = new ArrayList<>();
				long start = d.timeNanos();
				StringBuilder trashedText = new StringBuilder();
				for (Trashed t : p.fTrashed) {
					if (t.firstNewSeq() <= to && t.firstSeq() + t.count() - 1 >= from && frames.size() < max - 1) {
						frames.add(t.ref());
						start = Math.min(start, t.timeNanos());
						// what the arbiter did, in words ("trashed" was jargon): dropped the whole packet as a repeat
						// because it starts at a sequence already seen, though later messages in it were new
						trashedText.append(trashedText.length() == 0 ? "; it discarded " : ", ").append("frame ")
								.append(Finding.refFrame(t.ref())).append(" on line ").append(t.line().name())
								.append(" (messages ").append(t.firstSeq()).append("..")
								.append(t.firstSeq() + t.count() - 1).append(") whole as a repeat");
					}
				}
				frames.add(d.ref());
				long[] refs = frames.stream().mapToLong(Long::longValue).toArray();
				String who = st.fDeliveredByAll.countIn(from, to) == to - from + 1 ? deliveredByText(s) : "a line";
				fContext.report(fContext.finding(Severity.ERROR).label(FIRST_SEQ_ONLY).session(s).line(d.line())
						.range(from, to).time(start, d.timeNanos()).frames(refs)
						.message(FIRST_SEQ_ONLY + " arbitration lost " + Util.range(from, to) + " although " + who
								+ " delivered them" + trashedText + "; gap declared at frame " + Finding.refFrame(d.ref())
								+ " on line " + d.line().name() + " (at any gap timeout: no later packet starts that low)")
						// a handler's loss: the session's messages, not the declaring line's
						.annotate(Annotation.sequenceRange(Annotation.Kind.LOSS, Severity.ERROR, null, from, to,
								FIRST_SEQ_ONLY + " lost " + Util.msgs(to - from + 1)))
						.build());
			}
		}
	}

	private void reportSeqAndCount(FeedSession s, State st) {
		SeqAndCount q = st.fSeqAndCount;
		long w = st.fChosenNanos;
		String timeout = "gap timeout of " + Util.duration(w);
		// losses first: the findings per check are bounded and the errors matter most
		for (LateFill f : q.fLate) {
			if (f.delayNanos() > w) {
				fContext.report(fContext.finding(Severity.ERROR).label(SEQ_AND_COUNT).session(s).line(f.revealLine())
						.range(f.from(), f.to()).time(f.revealNanos(), f.fillNanos()).frames(f.revealRef(), f.fillRef())
						.message(SEQ_AND_COUNT + " arbitration with a " + timeout + " lost " + Util.range(f.from(), f.to())
								+ " although line " + f.fillLine().name() + " delivered them "
								+ Util.duration(f.delayNanos()) + " after the gap was revealed at frame "
								+ Finding.refFrame(f.revealRef()) + " on line " + f.revealLine().name())
						.build());
			}
		}
		RangeList lostUnfilled = q.fUnfilled.intersect(s.delivered());
		for (int i = 0; i < lostUnfilled.size(); i++) {
			fContext.report(fContext.finding(Severity.ERROR).label(SEQ_AND_COUNT).session(s)
					.range(lostUnfilled.from(i), lostUnfilled.to(i))
					.message(SEQ_AND_COUNT + " arbitration lost " + Util.range(lostUnfilled.from(i), lostUnfilled.to(i))
							+ " although a line delivered them (more open gaps than the replay keeps)")
					.build());
		}
		for (LateFill f : q.fLate) {
			if (f.delayNanos() <= w) {
				fContext.report(fContext.finding(Severity.INFO).label(SEQ_AND_COUNT).session(s).line(f.revealLine())
						.range(f.from(), f.to()).time(f.revealNanos(), f.fillNanos()).frames(f.revealRef(), f.fillRef())
						.message("line " + f.fillLine().name() + " filled " + Util.range(f.from(), f.to()) + " "
								+ Util.duration(f.delayNanos()) + " after line " + f.revealLine().name()
								+ " revealed the gap (frame " + Finding.refFrame(f.revealRef()) + "): " + SEQ_AND_COUNT
								+ " needs a gap timeout of at least " + Util.duration(f.delayNanos()))
						.build());
			}
		}
	}

	private static String deliveredByText(FeedSession s) {
		int n = s.lines().size();
		return n == 1 ? "the line" : n == 2 ? "both lines" : "all " + n + " lines";
	}

	/** @return packets first-seq-only threw away although they carried new messages (bounded list) */
	public List<Trashed> trashedWithNewData(FeedSession s) {
		return List.copyOf(state(s).fFirstSeqOnly.fTrashed);
	}

	/** @return gaps first-seq-only declared for messages some line had delivered, after {@link #finish()} */
	public RangeList firstSeqOnlyLostAlthoughDelivered(FeedSession s) {
		return state(s).fFirstSeqOnly.fLostDelivered;
	}

	/** @return every gap first-seq-only declared (the same at every gap timeout) */
	public RangeList firstSeqOnlyLost(FeedSession s) {
		return state(s).fFirstSeqOnly.fLost;
	}

	/** @return what seq+count lost at the chosen gap timeout, after {@link #finish()} */
	public RangeList seqAndCountLost(FeedSession s) {
		return state(s).fSeqAndCount.fChosen.lost();
	}

	/** @return seq+count at each timeout of {@link #SWEEP_NANOS}, after {@link #finish()} */
	public List<Outcome> seqAndCountSweep(FeedSession s) {
		return List.of(state(s).fSeqAndCount.fSweep);
	}

	/**
	 * @return the smallest gap timeout at which seq+count loses nothing a line delivered (ns), or null when
	 *         none does; after {@link #finish()}
	 */
	public @Nullable Long seqAndCountSafeGapTimeout(FeedSession s) {
		return state(s).fSeqAndCount.fSafe;
	}

	/**
	 * @return the smallest gap timeout at which first-seq-only loses nothing a line delivered: 0 when it
	 *         loses nothing, null otherwise (no timeout helps it)
	 */
	public @Nullable Long firstSeqOnlySafeGapTimeout(FeedSession s) {
		return state(s).fFirstSeqOnly.fLostDelivered.isEmpty() ? Long.valueOf(0) : null;
	}

	/** @return the gap timeout the report's losses are computed at (the asked one, or the safe one for auto) */
	public long gapTimeout(FeedSession s) {
		return state(s).fChosenNanos;
	}

	/** @return ranges seq+count received late (after their gap was revealed), bounded list */
	public List<LateFill> seqAndCountLateFills(FeedSession s) {
		return List.copyOf(state(s).fSeqAndCount.fLate);
	}

	@Override
	public void writeSession(FeedSession s, JsonWriter json) {
		State st = state(s);
		FirstSeqOnly p = st.fFirstSeqOnly;
		SeqAndCount q = st.fSeqAndCount;
		json.name("arbitration").beginObject();
		json.name("first_seq_only").beginObject();
		json.member("gap_timeout_ns", st.fChosenNanos);
		json.name("trashed_packets_with_new_data").beginArray();
		for (Trashed t : p.fTrashed) {
			json.beginObject();
			Util.frameMembers(json, "", t.ref());
			json.member("time_ns", t.timeNanos()).member("line", t.line().name()).member("first_seq", t.firstSeq())
					.member("count", t.count()).member("first_new_seq", t.firstNewSeq()).endObject();
		}
		json.endArray();
		json.member("trashed_packets_with_new_data_count", p.fTrashedCount);
		json.name("lost").ranges(p.fLost);
		json.name("lost_although_delivered").ranges(p.fLostDelivered);
		json.member("lost_although_delivered_messages", p.fLostDelivered.cardinality());
		json.name("sweep").beginArray();
		for (long w : SWEEP_NANOS) {
			sweepEntry(json, w, p.fLostDelivered);
		}
		json.endArray();
		safe(json, firstSeqOnlySafeGapTimeout(s));
		json.endObject();

		json.name("seq_and_count").beginObject();
		json.member("gap_timeout_ns", st.fChosenNanos);
		json.name("lost").ranges(q.fChosen.lost());
		json.name("lost_although_delivered").ranges(q.fChosen.lostAlthoughDelivered());
		json.member("lost_although_delivered_messages", q.fChosen.lostAlthoughDelivered().cardinality());
		json.member("late_fills", q.fLateFillCount);
		json.name("sweep").beginArray();
		for (Outcome o : q.fSweep) {
			sweepEntry(json, o.gapTimeoutNanos(), o.lostAlthoughDelivered());
		}
		json.endArray();
		safe(json, q.fSafe);
		json.endObject();
		json.endObject();
	}

	private static void sweepEntry(JsonWriter json, long w, RangeList lost) {
		json.beginObject().member("gap_timeout_ns", w).member("lost_messages", lost.cardinality());
		json.name("lost").ranges(lost);
		json.endObject();
	}

	private static void safe(JsonWriter json, @Nullable Long safe) {
		json.name("safe_gap_timeout_ns");
		if (safe == null) {
			json.nullValue();
		} else {
			json.value(safe.longValue());
		}
	}

	@Override
	public void summarize(FeedSession s, Summary summary) {
		State st = state(s);
		FirstSeqOnly p = st.fFirstSeqOnly;
		SeqAndCount q = st.fSeqAndCount;
		long w = st.fChosenNanos;
		long n = p.fLostDelivered.cardinality();
		if (n > 0) {
			boolean all = p.fLostDelivered.intersect(st.fDeliveredByAll).cardinality() == n;
			summary.headline(Summary.PRIORITY_LOSS, Util.plural(n, "message") + " lost by " + FIRST_SEQ_ONLY
					+ " arbitration although " + (all ? deliveredByText(s) : "a line") + " delivered them");
			summary.detail(FIRST_SEQ_ONLY + " arbitration lost although delivered: " + p.fLostDelivered
					+ " (at every gap timeout)");
		} else {
			summary.detail(FIRST_SEQ_ONLY + " arbitration: nothing lost that a line delivered");
		}
		RangeList lq = q.fChosen.lostAlthoughDelivered();
		long m = lq.cardinality();
		if (m > 0) {
			boolean all = lq.intersect(st.fDeliveredByAll).cardinality() == m;
			summary.headline(Summary.PRIORITY_LOSS, Util.plural(m, "message") + " lost by " + SEQ_AND_COUNT
					+ " arbitration with a gap timeout of " + Util.duration(w) + " although "
					+ (all ? deliveredByText(s) : "a line") + " delivered them");
			summary.detail(SEQ_AND_COUNT + " arbitration (gap timeout " + Util.duration(w)
					+ ") lost although delivered: " + lq);
		} else {
			summary.detail(SEQ_AND_COUNT + " arbitration (gap timeout " + Util.duration(w)
					+ "): nothing lost that a line delivered");
		}
		// what a feed-handler engineer configures: the timeout seq+count needs, and whether any helps first-seq-only
		List<String> advice = new ArrayList<>();
		Long safe = q.fSafe;
		if (safe == null) {
			advice.add(SEQ_AND_COUNT + " loses " + Util.plural(q.fSweep[q.fSweep.length - 1].lostAlthoughDelivered()
					.cardinality(), "message") + " a line delivered even with a 1 s gap timeout");
		} else if (safe > 0) {
			advice.add(SEQ_AND_COUNT + " needs a gap timeout of at least " + Util.duration(safe) + " on this capture");
		}
		if (n > 0) {
			advice.add(FIRST_SEQ_ONLY + " loses " + Util.plural(n, "message") + " at any gap timeout");
		}
		if (!advice.isEmpty()) {
			summary.headline(Summary.PRIORITY_ADVICE, String.join("; ", advice));
		}
		StringBuilder sweep = new StringBuilder("gap timeout sweep (messages lost that a line delivered, "
				+ SEQ_AND_COUNT + " / " + FIRST_SEQ_ONLY + "):");
		for (Outcome o : q.fSweep) {
			sweep.append(' ').append(Util.duration(o.gapTimeoutNanos())).append(' ')
					.append(o.lostAlthoughDelivered().cardinality()).append('/').append(n).append(',');
		}
		sweep.setLength(sweep.length() - 1);
		summary.detail(sweep.toString());
	}
}
