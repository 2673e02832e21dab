package io.feedscope.analysis.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.CheckContext;
import io.feedscope.analysis.FeedCheck;
import io.feedscope.analysis.FeedLine;
import io.feedscope.analysis.FeedSession;
import io.feedscope.analysis.Finding;
import io.feedscope.analysis.JsonWriter;
import io.feedscope.analysis.PacketEvent;
import io.feedscope.analysis.PacketFacts;
import io.feedscope.analysis.PacketRole;
import io.feedscope.analysis.RangeList;
import io.feedscope.analysis.Severity;
import io.feedscope.analysis.Summary;

/**
 * Arbitration replay: the merged arrival order of every line's DATA packets is run through two A/B
 * arbitration policies, and what each would have lost is reported.
 * <ul>
 * <li><b>first sequence only</b> ({@code first_seq_only}): a packet is kept only if its first sequence
 * number is the next expected one or later; a packet whose first number was already seen is thrown away
 * whole, even when it carries new messages after the old ones. When a kept packet starts beyond the next
 * expected number, the handler declares a gap: those messages are lost to it.</li>
 * <li><b>sequence + count</b> ({@code seq_and_count}): the new part of every packet is kept; a gap is
 * declared only when a packet starts beyond the next expected number.</li>
 * </ul>
 * Both start at the session's first packet. A handler sits at one place, so the copy of a packet that a
 * second tap point on the same line captured again is not fed ({@link PacketFacts#copyFromOtherTap}).
 * Heartbeats and retransmission answers are not fed to the policies (a handler's gap-fill would hide
 * exactly what this check is meant to show). "Lost although delivered" is a policy's declared gaps intersected with what the lines delivered: a handler's mistake,
 * not the network's.
 */
public final class ArbitrationCheck implements FeedCheck {

	/** check id as contributed in plugin.xml */
	public static final String ID = "io.feedscope.analysis.arbitration";

	/** A packet first-seq-only arbitration threw away although it carried new messages. */
	public record Trashed(long ref, long timeNanos, FeedLine line, long firstSeq, int count, long firstNewSeq) {
	}

	/** A gap a policy declared: [from, to], when, and the packet that made it declare it. */
	private record Declared(long from, long to, long timeNanos, long ref, FeedLine line) {
	}

	private static final class Policy {
		boolean fStarted;
		long fExpected;
		final RangeList fLost = new RangeList();
		final List<Declared> fDeclared = new ArrayList<>();
		RangeList fLostDelivered = new RangeList();
	}

	private static final class State {
		final Policy fFirstSeqOnly = new Policy();
		final Policy fSeqAndCount = new Policy();
		final List<Trashed> fTrashed = new ArrayList<>();
		long fTrashedCount;
		RangeList fDeliveredByAll = new RangeList();
	}

	private CheckContext fContext;

	@Override
	public void start(CheckContext context) {
		fContext = context;
	}

	private State state(FeedSession s) {
		return s.checkState(fContext.slot(), State::new);
	}

	@Override
	public void onPacket(PacketEvent e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
			PacketFacts facts) {
		if (role != PacketRole.LINE_DATA || session == null || line == null || e.messageCount() <= 0
				|| facts.copyFromOtherTap) {
			return;
		}
		State st = state(session);
		long from = e.firstSeq();
		long to = e.lastSeq();
		int limit = fContext.options().listLimit();

		Policy p = st.fFirstSeqOnly;
		if (!p.fStarted) {
			p.fStarted = true;
			p.fExpected = from;
		}
		if (from < p.fExpected) {
			if (to >= p.fExpected) {
				st.fTrashedCount++;
				if (st.fTrashed.size() < limit) {
					st.fTrashed.add(new Trashed(Util.ref(e), e.timeNanos(), line, from, e.messageCount(), p.fExpected));
				}
			}
		} else {
			if (from > p.fExpected) {
				declare(p, p.fExpected, from - 1, e, line, limit);
			}
			p.fExpected = to + 1;
		}

		Policy q = st.fSeqAndCount;
		if (!q.fStarted) {
			q.fStarted = true;
			q.fExpected = from;
		}
		if (to >= q.fExpected) {
			if (from > q.fExpected) {
				declare(q, q.fExpected, from - 1, e, line, limit);
			}
			q.fExpected = to + 1;
		}
	}

	private static void declare(Policy p, long from, long to, PacketEvent e, FeedLine line, int limit) {
		p.fLost.add(from, to);
		if (p.fDeclared.size() < limit) {
			p.fDeclared.add(new Declared(from, to, e.timeNanos(), Util.ref(e), line));
		}
	}

	@Override
	public void finish() {
		for (FeedSession s : fContext.sessions()) {
			State st = state(s);
			RangeList byAll = null;
			for (FeedLine l : s.lines()) {
				byAll = byAll == null ? l.delivered().intersect(l.delivered()) : byAll.intersect(l.delivered());
			}
			st.fDeliveredByAll = byAll == null ? new RangeList() : byAll;
			report(s, st, st.fFirstSeqOnly, "first-seq-only");
			report(s, st, st.fSeqAndCount, "seq+count");
		}
	}

	private void report(FeedSession s, State st, Policy p, String policy) {
		p.fLostDelivered = p.fLost.intersect(s.delivered());
		int max = fContext.options().framesPerFinding();
		for (Declared d : p.fDeclared) {
			RangeList pieces = RangeList.of(d.from(), d.to()).intersect(p.fLostDelivered);
			for (int i = 0; i < pieces.size(); i++) {
				long from = pieces.from(i);
				long to = pieces.to(i);
				List<Long> frames = new ArrayList<>();
				long start = d.timeNanos();
				StringBuilder trashedText = new StringBuilder();
				if (p == st.fFirstSeqOnly) {
					for (Trashed t : st.fTrashed) {
						if (t.firstNewSeq() <= to && t.firstSeq() + t.count() - 1 >= from && frames.size() < max - 1) {
							frames.add(t.ref());
							start = Math.min(start, t.timeNanos());
							trashedText.append(trashedText.length() == 0 ? "; trashed " : ", ").append("frame ")
									.append(Finding.refFrame(t.ref())).append(" on line ").append(t.line().name())
									.append(" (first seq ").append(t.firstSeq()).append(", ").append(t.count())
									.append(" messages)");
						}
					}
				}
				frames.add(d.ref());
				long[] refs = frames.stream().mapToLong(Long::longValue).toArray();
				String who = st.fDeliveredByAll.countIn(from, to) == to - from + 1 ? deliveredByText(s) : "a line";
				fContext.report(new Finding(Severity.ERROR, ID, s, d.line(), from, to, start, d.timeNanos(), refs,
						policy + " arbitration lost " + Util.range(from, to) + " although " + who + " delivered them"
								+ trashedText + "; gap declared at frame " + Finding.refFrame(d.ref()) + " on line "
								+ d.line().name()));
			}
		}
	}

	private static String deliveredByText(FeedSession s) {
		int n = s.lines().size();
		return n == 1 ? "the line" : n == 2 ? "both lines" : "all " + n + " lines";
	}

	/** @return packets first-seq-only threw away although they carried new messages (bounded list) */
	public List<Trashed> trashedWithNewData(FeedSession s) {
		return List.copyOf(state(s).fTrashed);
	}

	/** @return gaps first-seq-only declared for messages some line had delivered, after {@link #finish()} */
	public RangeList firstSeqOnlyLostAlthoughDelivered(FeedSession s) {
		return state(s).fFirstSeqOnly.fLostDelivered;
	}

	/** @return every gap first-seq-only declared */
	public RangeList firstSeqOnlyLost(FeedSession s) {
		return state(s).fFirstSeqOnly.fLost;
	}

	/** @return every gap seq+count declared */
	public RangeList seqAndCountLost(FeedSession s) {
		return state(s).fSeqAndCount.fLost;
	}

	@Override
	public void writeSession(FeedSession s, JsonWriter json) {
		State st = state(s);
		json.name("arbitration").beginObject();
		json.name("first_seq_only").beginObject();
		json.name("trashed_packets_with_new_data").beginArray();
		for (Trashed t : st.fTrashed) {
			json.beginObject();
			Util.frameMembers(json, "", t.ref());
			json.member("time_ns", t.timeNanos()).member("line", t.line().name()).member("first_seq", t.firstSeq())
					.member("count", t.count()).member("first_new_seq", t.firstNewSeq()).endObject();
		}
		json.endArray();
		json.member("trashed_packets_with_new_data_count", st.fTrashedCount);
		json.name("lost").ranges(st.fFirstSeqOnly.fLost);
		json.name("lost_although_delivered").ranges(st.fFirstSeqOnly.fLostDelivered);
		json.member("lost_although_delivered_messages", st.fFirstSeqOnly.fLostDelivered.cardinality());
		json.endObject();
		json.name("seq_and_count").beginObject();
		json.name("lost").ranges(st.fSeqAndCount.fLost);
		json.name("lost_although_delivered").ranges(st.fSeqAndCount.fLostDelivered);
		json.endObject();
		json.endObject();
	}

	@Override
	public void summarize(FeedSession s, Summary summary) {
		State st = state(s);
		summarize(s, st, st.fFirstSeqOnly, "first-seq-only", summary);
		summarize(s, st, st.fSeqAndCount, "seq+count", summary);
	}

	private static void summarize(FeedSession s, State st, Policy p, String policy, Summary summary) {
		long n = p.fLostDelivered.cardinality();
		if (n > 0) {
			boolean all = p.fLostDelivered.intersect(st.fDeliveredByAll).cardinality() == n;
			summary.headline(Summary.PRIORITY_LOSS, Util.plural(n, "message") + " lost by " + policy
					+ " arbitration although " + (all ? deliveredByText(s) : "a line") + " delivered them");
			summary.detail(policy + " arbitration lost although delivered: " + p.fLostDelivered);
		} else {
			summary.detail(policy + " arbitration: nothing lost that a line delivered");
		}
	}
}
