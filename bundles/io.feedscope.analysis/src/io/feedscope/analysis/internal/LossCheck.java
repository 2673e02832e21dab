package io.feedscope.analysis.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.Annotation;
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
 * True loss: messages of the session's span that no line delivered. Of those, the ones a retransmission
 * answer in the capture carried are "recovered". Re-requests are listed with the frame of their answer
 * (the first unicast answer overlapping the requested range, after the request).
 */
public final class LossCheck extends IsolatedCheck {

	/** check id as contributed in plugin.xml */
	public static final String ID = "io.feedscope.analysis.loss";

	/** how many unanswered requests an answer is compared with (requests are rare; this bounds the cost) */
	private static final int MATCH_SCAN = 64;

	private record Jump(long from, long to, long startNanos, long endNanos, long beforeRef, long afterRef) {
	}

	/** A re-request seen in the capture and its answer (0 when none). */
	public static final class Request {
		final long fRef;
		final long fSeq;
		final int fCount;
		long fAnswerRef;

		Request(long ref, long seq, int count) {
			fRef = ref;
			fSeq = seq;
			fCount = count;
		}
	}

	private static final class State {
		final RangeList fRetransmitted = new RangeList();
		final List<Request> fRequests = new ArrayList<>();
		int fFirstUnanswered;
		final List<Jump> fJumps = new ArrayList<>();
		long fLastNewTime;
		long fLastNewRef;
		RangeList fLoss = new RangeList();
		RangeList fRecovered = new RangeList();
	}


	private State state(FeedSession s) {
		return s.checkState(fSlot, State::new);
	}

	/**
	 * Whether {@link #onPacket} may have something to do with the packet: not with line data that brought nothing new
	 * for the session (the line that follows). The analysis calls it only then (a test small enough for the client
	 * compiler to inline, weaker than onPacket's own).
	 */
	public static boolean acts(PacketRole role, PacketFacts facts) {
		return role != PacketRole.LINE_DATA || facts.newForSession() != 0;
	}

	@Override
	public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
			PacketFacts facts) {
		if (session == null) {
			return;
		}
		// the usual packet first, in a method small enough to be inlined into the analysis' dispatch
		if (role == PacketRole.LINE_DATA) {
			if (facts.newForSession() == 0) {
				return;
			}
			State st = state(session);
			if (facts.sessionMaxBefore() != Long.MIN_VALUE && facts.firstNewForSession() > facts.sessionMaxBefore() + 1) {
				jump(st, e, facts);
			}
			st.fLastNewTime = e.timeNanos();
			st.fLastNewRef = Util.ref(e);
			return;
		}
		other(e, role, session);
	}

	private void jump(State st, PacketView e, PacketFacts facts) {
		if (st.fJumps.size() < fContext.options().listLimit()) {
			st.fJumps.add(new Jump(facts.sessionMaxBefore() + 1, facts.firstNewForSession() - 1, st.fLastNewTime,
					e.timeNanos(), st.fLastNewRef, Util.ref(e)));
		}
	}

	/** requests and retransmission answers */
	private void other(PacketView e, PacketRole role, FeedSession session) {
		switch (role) {
		case REQUEST -> {
			State st = state(session);
			if (st.fRequests.size() < fContext.options().listLimit()) {
				st.fRequests.add(new Request(Util.ref(e), e.requestSeq(), e.requestCount()));
			}
		}
		case RETRANSMISSION -> {
			State st = state(session);
			if (e.messageCount() <= 0) {
				return;
			}
			long from = e.firstSeq();
			long to = e.lastSeq();
			st.fRetransmitted.add(from, to);
			List<Request> r = st.fRequests;
			while (st.fFirstUnanswered < r.size() && r.get(st.fFirstUnanswered).fAnswerRef != 0) {
				st.fFirstUnanswered++;
			}
			for (int i = st.fFirstUnanswered, n = Math.min(r.size(), i + MATCH_SCAN); i < n; i++) {
				Request q = r.get(i);
				if (q.fAnswerRef == 0 && q.fSeq <= to && q.fSeq + Math.max(1, q.fCount) - 1 >= from) {
					q.fAnswerRef = Util.ref(e);
					break;
				}
			}
		}
		default -> {
			// heartbeats extend the span through the session; nothing to do here
		}
		}
	}

	@Override
	public void finish() {
		for (FeedSession s : fContext.sessions()) {
			State st = state(s);
			if (!s.hasSpan()) {
				continue;
			}
			st.fLoss = s.delivered().missingIn(s.firstSeq(), s.lastSeq());
			st.fRecovered = st.fLoss.intersect(st.fRetransmitted);
			for (int i = 0; i < st.fLoss.size(); i++) {
				long from = st.fLoss.from(i);
				long to = st.fLoss.to(i);
				Jump j = null;
				// only findings that can still be kept get a time range: the scan is O(jumps)
				for (Jump x : i < fContext.options().findingsPerCheck() ? st.fJumps : List.<Jump> of()) {
					if (x.from() <= to && x.to() >= from) {
						j = x;
						break;
					}
				}
				long rec = st.fRecovered.countIn(from, to);
				String tail = rec == 0 ? "" : rec == to - from + 1 ? "; recovered by retransmission" : "; " + rec
						+ " recovered by retransmission";
				fContext.report(fContext.finding(Severity.ERROR).session(s).range(from, to)
						.time(j == null ? 0 : j.startNanos(), j == null ? 0 : j.endNanos())
						.frames(j == null ? new long[0] : new long[] { j.beforeRef(), j.afterRef() })
						.message("messages " + Util.range(from, to) + " lost on every line" + tail)
						.annotate(Annotation.sequenceRange(Annotation.Kind.LOSS, Severity.ERROR, null, from, to,
								"lost " + Util.msgs(to - from + 1)))
						.build());
			}
		}
	}

	/** @return messages no line delivered, after {@link #finish()} */
	public RangeList loss(FeedSession s) {
		return state(s).fLoss;
	}

	/** @return the part of {@link #loss} that a retransmission answer carried */
	public RangeList recovered(FeedSession s) {
		return state(s).fRecovered;
	}

	@Override
	public void writeSession(FeedSession s, JsonWriter json) {
		State st = state(s);
		json.name("loss").ranges(st.fLoss);
		json.member("loss_messages", st.fLoss.cardinality());
		json.name("recovered_by_retransmission").ranges(st.fRecovered);
		json.name("retransmission_requests").beginArray();
		for (Request q : st.fRequests) {
			json.beginObject();
			Util.frameMembers(json, "", q.fRef);
			json.member("seq", q.fSeq).member("count", q.fCount);
			if (q.fAnswerRef != 0) {
				json.member("answer_capture", Finding.refCapture(q.fAnswerRef)).member("answer_frame",
						Finding.refFrame(q.fAnswerRef));
			} else {
				json.name("answer_frame").nullValue();
			}
			json.endObject();
		}
		json.endArray();
	}

	@Override
	public void summarize(FeedSession s, Summary summary) {
		State st = state(s);
		long lost = st.fLoss.cardinality();
		if (lost == 0) {
			summary.headline(Summary.PRIORITY_REASSURANCE, "no true loss");
			return;
		}
		long rec = st.fRecovered.cardinality();
		summary.headline(Summary.PRIORITY_LOSS, Util.plural(lost, "message") + " lost on every line"
				+ (rec == 0 ? ", none recovered" : rec == lost ? ", all recovered by retransmission"
						: " (" + rec + " recovered by retransmission)"));
		summary.detail("true loss: " + st.fLoss + ", recovered by retransmission: " + st.fRecovered);
	}
}
