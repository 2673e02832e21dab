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
 * Line winner: the runs of messages where a line other than A delivered first, i.e. where a correct
 * arbiter switched over. The ranges come from {@link FeedLine#firstDelivered()}; runs with their time and
 * frames are kept while streaming (bounded per line) for the findings.
 */
public final class WinnerCheck extends IsolatedCheck {

	/** check id as contributed in plugin.xml */
	public static final String ID = "io.feedscope.analysis.winner";

	private static final class Run {
		FeedLine fLine;
		long fFrom;
		long fTo;
		long fStart;
		long fEnd;
		long fFirstRef;
		long fLastRef;
		int fPackets;

		Run(FeedLine line, long from, long to, PacketView e) {
			fLine = line;
			set(line, from, to, e);
		}

		Run set(FeedLine line, long from, long to, PacketView e) {
			fLine = line;
			fFrom = from;
			fTo = to;
			fStart = e.timeNanos();
			fEnd = fStart;
			fFirstRef = Util.ref(e);
			fLastRef = fFirstRef;
			fPackets = 1;
			return this;
		}
	}

	private static final class State {
		@Nullable Run fCurrent;
		/**
		 * a run closed when its line's list was full: the next run reuses it. Two lines of equal latency trade
		 * the lead packet by packet, and a run per packet made garbage per packet on the checks' thread.
		 */
		@Nullable Run fSpare;
		final List<List<Run>> fRuns = new ArrayList<>();
	}


	private State state(FeedSession s) {
		return s.checkState(fSlot, State::new);
	}

	/**
	 * Whether {@link #onPacket} may have something to do with the packet: line data with something new for the session.
	 * The analysis calls it only then (a test small enough for the client compiler to inline, weaker than onPacket's own).
	 */
	public static boolean acts(PacketRole role, PacketFacts facts) {
		return role == PacketRole.LINE_DATA && facts.newForSession() != 0;
	}

	@Override
	public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
			PacketFacts facts) {
		if (role != PacketRole.LINE_DATA || session == null || line == null || facts.newForSession() == 0) {
			return;
		}
		State st = state(session);
		Run r = st.fCurrent;
		// the run covers what this line delivered first, not the packet's older messages after them
		long to = facts.lastNewForSession();
		if (r != null && r.fLine == line && facts.firstNewForSession() <= r.fTo + 1) {
			r.fTo = Math.max(r.fTo, to);
			r.fEnd = e.timeNanos();
			r.fLastRef = Util.ref(e);
			r.fPackets++;
			return;
		}
		close(st);
		Run spare = st.fSpare;
		st.fSpare = null;
		st.fCurrent = spare != null ? spare.set(line, facts.firstNewForSession(), to, e)
				: new Run(line, facts.firstNewForSession(), to, e);
	}

	private void close(State st) {
		Run r = st.fCurrent;
		if (r == null) {
			return;
		}
		int i = r.fLine.index();
		while (st.fRuns.size() <= i) {
			st.fRuns.add(new ArrayList<>());
		}
		List<Run> runs = st.fRuns.get(i);
		if (runs.size() < fContext.options().listLimit()) {
			runs.add(r);
		} else {
			st.fSpare = r;
		}
		st.fCurrent = null;
	}

	@Override
	public void finish() {
		for (FeedSession s : fContext.sessions()) {
			State st = state(s);
			close(st);
			for (FeedLine line : s.lines()) {
				if (line.name().equals("A") || line.index() >= st.fRuns.size()) {
					continue;
				}
				for (Run r : st.fRuns.get(line.index())) {
					Finding.Builder b = fContext.finding(Severity.INFO).session(s).line(line).range(r.fFrom, r.fTo)
							.time(r.fStart, r.fEnd).frames(r.fFirstRef, r.fLastRef)
							.message("line " + line.name() + " delivered " + Util.range(r.fFrom, r.fTo) + " first ("
									+ Util.plural(r.fPackets, "packet") + ")");
					if (line != s.line(0)) {
						// line A (named for delivering first most often) leading is the normal case: only the other
						// lines' leads are worth a band
						b.annotate(Annotation.sequenceRange(Annotation.Kind.LINE_LEAD, Severity.INFO, line, r.fFrom,
								r.fTo, "{line} first"));
					}
					fContext.report(b.build());
				}
			}
		}
	}

	/** @return the ranges where B delivered first (empty without a line B); a copy */
	public RangeList bFirst(FeedSession s) {
		FeedLine b = s.line("B");
		return b == null ? new RangeList() : b.firstDelivered().copy();
	}

	@Override
	public void writeSession(FeedSession s, JsonWriter json) {
		FeedLine b = s.line("B");
		json.name("b_first").ranges(bFirst(s));
		json.member("b_first_messages", b == null ? 0 : b.firstDeliveredCount());
		if (b != null && b.firstDeliveredTruncated()) {
			json.member("b_first_truncated", true);
		}
	}

	@Override
	public void summarize(FeedSession s, Summary summary) {
		for (FeedLine line : s.lines()) {
			if (!line.name().equals("A") && line.firstDeliveredCount() > 0) {
				summary.detail("line " + line.name() + " delivered first for "
						+ Util.plural(line.firstDeliveredCount(), "message") + " in "
						+ Util.plural(line.firstDelivered().size(), "run"));
			}
		}
	}
}
