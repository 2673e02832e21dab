package io.feedscope.analysis.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.Annotation;
import io.feedscope.analysis.CheckContext;
import io.feedscope.analysis.FeedCheck;
import io.feedscope.analysis.FeedLine;
import io.feedscope.analysis.FeedSession;
import io.feedscope.analysis.Finding;
import io.feedscope.analysis.JsonWriter;
import io.feedscope.analysis.PacketView;
import io.feedscope.analysis.PacketFacts;
import io.feedscope.analysis.PacketRole;
import io.feedscope.analysis.Severity;
import io.feedscope.analysis.Summary;

/**
 * Freezes: a line that had delivered messages sends nothing at all (not even a heartbeat) for at least
 * {@link io.feedscope.analysis.AnalysisOptions#freezeNanos()} while the other lines of its session deliver
 * new messages. Both lines quiet together (a quiet market with heartbeats) is not a freeze: nobody
 * delivered anything new. The other lines must have been delivering new messages for at least half of the
 * silence (from their first new message after the line's last packet): at the end of a quiet period both
 * lines resume together and one is ahead by microseconds, which is not a freeze of the other, however
 * long both were quiet. Start is the line's last packet before the silence, end its first packet after.
 * A silence still open when the capture ends is reported as an open freeze: its end is the session's last
 * packet and it has no end frame. This is how a line that died before the capture ended shows up at all,
 * since its gaps are judged only up to its own last message.
 */
public final class FreezeCheck implements FeedCheck {

	/** check id as contributed in plugin.xml */
	public static final String ID = "io.feedscope.analysis.freezes";

	/** One freeze; {@code endRef} is 0 and {@code open} true when the capture ended first. */
	public record Freeze(FeedLine line, long startNanos, long endNanos, long startRef, long endRef, long otherMessages,
			boolean open) {
	}

	private static final class LineState {
		long fLastTime = Long.MIN_VALUE;
		long fLastRef;
		long fOthersAtLast;
		/** when another line first delivered a message new to the session since this line's last packet */
		long fBehindSince = Long.MIN_VALUE;
	}

	private CheckContext fContext = CheckContext.UNSTARTED;
	/** the context's {@link CheckContext#slot()}, read per packet: a field, not an interface call (-1 before the start) */
	private int fSlot = -1;
	private final List<Freeze> fFreezes = new ArrayList<>();
	/** {@link io.feedscope.analysis.AnalysisOptions#freezeNanos()}, read per packet */
	private long fFreezeNanos;

	@Override
	public void start(CheckContext context) {
		fContext = context;
		fSlot = context.slot();
		fFreezeNanos = context.options().freezeNanos();
	}

	@Override
	public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
			PacketFacts facts) {
		if (line == null || session == null) {
			return;
		}
		LineState st = line.checkState(fSlot, LineState::new);
		long others = session.distinctMessages() - line.firstDeliveredCount();
		long t = e.timeNanos();
		if (role == PacketRole.LINE_DATA && facts.newForSession() > 0) {
			for (int i = 0; i < session.lineCount(); i++) {
				FeedLine other = session.line(i);
				LineState os = other == line ? null : (LineState) other.checkState(fSlot);
				if (os != null && os.fBehindSince == Long.MIN_VALUE) {
					os.fBehindSince = t;
				}
			}
		}
		// the silence test first, here: frozen() is a call under the client compiler, and most packets end at it
		if (st.fLastTime != Long.MIN_VALUE && t - st.fLastTime >= fFreezeNanos && frozen(st, t)
				&& others > st.fOthersAtLast && line.messages() > e.messageCount()
				&& fFreezes.size() < fContext.options().listLimit()) {
			fFreezes.add(new Freeze(line, st.fLastTime, t, st.fLastRef, Util.ref(e), others - st.fOthersAtLast, false));
		}
		st.fLastTime = t;
		st.fLastRef = Util.ref(e);
		st.fOthersAtLast = others;
		st.fBehindSince = Long.MIN_VALUE;
	}

	/** silent long enough, and the others were ahead of it for at least half of the silence */
	private boolean frozen(LineState st, long now) {
		long silence = now - st.fLastTime;
		return silence >= fFreezeNanos && st.fBehindSince != Long.MIN_VALUE
				&& now - st.fBehindSince >= silence / 2;
	}

	@Override
	public void finish() {
		for (FeedSession s : fContext.sessions()) {
			for (FeedLine line : s.lines()) {
				LineState st = (LineState) line.checkState(fSlot);
				if (st == null || line.messages() == 0) {
					continue;
				}
				long others = s.distinctMessages() - line.firstDeliveredCount();
				if (frozen(st, s.lastTimeNanos()) && others > st.fOthersAtLast
						&& fFreezes.size() < fContext.options().listLimit()) {
					fFreezes.add(new Freeze(line, st.fLastTime, s.lastTimeNanos(), st.fLastRef, 0,
							others - st.fOthersAtLast, true));
				}
			}
		}
		for (Freeze f : fFreezes) {
			FeedLine l = f.line();
			String frames = f.open() ? " (from frame " + Finding.refFrame(f.startRef()) + " to the end of the capture)"
					: " (frames " + Finding.refFrame(f.startRef()) + " to " + Finding.refFrame(f.endRef()) + ")";
			fContext.report(fContext.finding(Severity.WARNING).line(l).time(f.startNanos(), f.endNanos())
					.frames(f.open() ? new long[] { f.startRef() } : new long[] { f.startRef(), f.endRef() })
					.message("line " + l.name() + " silent for " + (f.open() ? "at least " : "")
							+ Util.duration(f.endNanos() - f.startNanos()) + frames + " while line "
							+ Util.others(l.session(), l) + " delivered " + Util.plural(f.otherMessages(), "new message"))
					.annotate(Annotation.timeRange(Annotation.Kind.FREEZE, Severity.WARNING, l, f.startNanos(),
							Math.max(f.endNanos(), f.startNanos() + 1), "line {line} frozen"))
					.build());
		}
	}

	/** @return the freezes of a session, in time order */
	public List<Freeze> freezes(FeedSession s) {
		return fFreezes.stream().filter(f -> f.line().session() == s).toList();
	}

	@Override
	public void writeSession(FeedSession s, JsonWriter json) {
		json.name("freezes").beginArray();
		for (Freeze f : freezes(s)) {
			json.beginObject().member("line", f.line().name()).member("start_ns", f.startNanos())
					.member("end_ns", f.endNanos()).member("duration_ns", f.endNanos() - f.startNanos());
			Util.frameMembers(json, "start_", f.startRef());
			if (f.open()) {
				json.name("end_frame").nullValue().member("open", true);
			} else {
				Util.frameMembers(json, "end_", f.endRef());
			}
			json.member("new_messages_on_other_lines", f.otherMessages()).endObject();
		}
		json.endArray();
	}

	@Override
	public void summarize(FeedSession s, Summary summary) {
		List<Freeze> fs = freezes(s);
		if (fs.isEmpty()) {
			return;
		}
		Freeze longest = fs.get(0);
		for (Freeze f : fs) {
			if (f.endNanos() - f.startNanos() > longest.endNanos() - longest.startNanos()) {
				longest = f;
			}
		}
		String d = Util.duration(longest.endNanos() - longest.startNanos());
		d = (longest.open() ? "at least " : "") + d + (longest.open() ? " until the capture ended" : "");
		summary.headline(Summary.PRIORITY_LINE, fs.size() == 1 ? "line " + longest.line().name() + " froze for " + d
				: Util.plural(fs.size(), "freeze") + ", longest line " + longest.line().name() + " " + d);
	}
}
