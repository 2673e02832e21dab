package io.feedscope.analysis.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.Annotation;
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
 * Per-line gaps: message ranges inside a line's span (see {@link FeedLine#span()}) that the line never
 * delivered, whoever else did. Gaps are computed from the line's range list at the end, so a hole later
 * filled by a late packet is not a gap; while streaming, each forward jump is remembered (bounded) to
 * give the gap its time range and the frames on either side.
 */
public final class GapsCheck extends IsolatedCheck {

	/** check id as contributed in plugin.xml */
	public static final String ID = "io.feedscope.analysis.gaps";

	/** one forward jump on a line: [from, to] missing between two packets */
	private record Jump(long from, long to, long startNanos, long endNanos, long beforeRef, long afterRef) {
	}

	private static final class LineState {
		final List<Jump> fJumps = new ArrayList<>();
		long fLastTime;
		long fLastRef;
		RangeList fGaps = new RangeList();
	}


	private LineState state(FeedLine line) {
		return line.checkState(fSlot, LineState::new);
	}

	/**
	 * Whether {@link #onPacket} may have something to do with a packet of this role: the analysis calls it only then
	 * (a test small enough for the client compiler to inline, weaker than onPacket's own).
	 */
	public static boolean acts(PacketRole role) {
		return role == PacketRole.LINE_DATA;
	}

	@Override
	public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
			PacketFacts facts) {
		if (role != PacketRole.LINE_DATA || line == null || e.messageCount() <= 0) {
			return;
		}
		LineState st = state(line);
		if (facts.lineMaxBefore() != Long.MIN_VALUE && e.firstSeq() > facts.lineMaxBefore() + 1
				&& st.fJumps.size() < fContext.options().listLimit()) {
			st.fJumps.add(new Jump(facts.lineMaxBefore() + 1, e.firstSeq() - 1, st.fLastTime, e.timeNanos(), st.fLastRef,
					Util.ref(e)));
		}
		st.fLastTime = e.timeNanos();
		st.fLastRef = Util.ref(e);
	}

	@Override
	public void finish() {
		for (FeedSession s : fContext.sessions()) {
			for (FeedLine line : s.lines()) {
				LineState st = state(line);
				long[] span = line.span();
				st.fGaps = line.delivered().missingIn(span[0], span[1]);
				for (int i = 0; i < st.fGaps.size(); i++) {
					long from = st.fGaps.from(i);
					long to = st.fGaps.to(i);
					Jump j = null;
					// only findings that can still be kept get a time range: the scan is O(jumps)
					for (Jump x : i < fContext.options().findingsPerCheck() ? st.fJumps : List.<Jump> of()) {
						if (x.from() <= to && x.to() >= from) {
							j = x;
							break;
						}
					}
					long byOthers = s.delivered().countIn(from, to);
					String who = byOthers == to - from + 1 ? "; line " + Util.others(s, line) + " delivered them"
							: byOthers == 0 ? "; no line delivered them" : "; other lines delivered " + byOthers;
					fContext.report(fContext.finding(Severity.WARNING).session(s).line(line).range(from, to)
							.time(j == null ? 0 : j.startNanos(), j == null ? 0 : j.endNanos())
							.frames(j == null ? new long[0] : new long[] { j.beforeRef(), j.afterRef() })
							.message("line " + line.name() + " never delivered " + Util.range(from, to) + who)
							.annotate(Annotation.sequenceRange(Annotation.Kind.LINE_GAP, Severity.WARNING, line, from, to,
									"{line} gap " + Util.msgs(to - from + 1)))
							.build());
				}
			}
		}
	}

	/** @return the gaps of a line after {@link #finish()} */
	public RangeList gaps(FeedLine line) {
		return state(line).fGaps;
	}

	@Override
	public void writeLine(FeedLine line, JsonWriter json) {
		RangeList g = gaps(line);
		json.name("gaps").ranges(g);
		json.member("gap_messages", g.cardinality());
	}

	@Override
	public void summarize(FeedSession session, Summary summary) {
		for (FeedLine line : session.lines()) {
			RangeList g = gaps(line);
			if (!g.isEmpty()) {
				summary.headline(Summary.PRIORITY_LINE, "line " + line.name() + " missed "
						+ Util.plural(g.cardinality(), "message") + " in " + Util.plural(g.size(), "gap"));
			}
		}
	}
}
