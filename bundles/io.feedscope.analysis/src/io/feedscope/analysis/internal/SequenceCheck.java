package io.feedscope.analysis.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.FeedLine;
import io.feedscope.analysis.FeedSession;
import io.feedscope.analysis.JsonWriter;
import io.feedscope.analysis.PacketView;
import io.feedscope.analysis.PacketFacts;
import io.feedscope.analysis.PacketRole;
import io.feedscope.analysis.Severity;
import io.feedscope.analysis.Summary;

/**
 * Duplicates and reordering within a line (judged per tap point, so the same line captured at two taps
 * is not a duplicate), sequence resets, and session changes on a destination.
 * <ul>
 * <li>duplicate: a packet carrying messages this tap already saw on this line</li>
 * <li>reordered: a packet filling a hole below the highest sequence this tap already saw: it came late</li>
 * <li>sequence reset: a packet starting at 1 (or 0) after the line had gone beyond it, within one session
 * (MoldUDP64 starts a new session instead; a reset inside a session breaks every handler)</li>
 * <li>session change: a destination that carried one session now carries another</li>
 * </ul>
 */
public final class SequenceCheck extends IsolatedCheck {

	/** check id as contributed in plugin.xml */
	public static final String ID = "io.feedscope.analysis.sequence";

	/** A session change on a destination. */
	public record SessionChange(String destination, FeedSession from, FeedSession to, long ref, long timeNanos) {
	}

	private final List<SessionChange> fChanges = new ArrayList<>();
	private long fResets;

	/**
	 * Whether {@link #onPacket} may have something to do with the packet: line data that starts at 1 or below (a
	 * reset), repeats messages or comes late; not the usual packet. The analysis calls it only then (a test small
	 * enough for the client compiler to inline, weaker than onPacket's own).
	 */
	public static boolean acts(PacketView e, PacketRole role, PacketFacts facts) {
		return role == PacketRole.LINE_DATA && (e.firstSeq() <= 1 || facts.duplicatesAtTap() != 0 || facts.reorderedAtTap());
	}

	@Override
	public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
			PacketFacts facts) {
		if (role != PacketRole.LINE_DATA || line == null || e.messageCount() <= 0) {
			return;
		}
		long from = e.firstSeq();
		long to = e.lastSeq();
		long t = e.timeNanos();
		if (from <= 1 && facts.tapMaxBefore() > 1) {
			fResets++;
			fContext.report(fContext.finding(Severity.ERROR).session(session).line(line).range(from, to).time(t, t)
					.frames(Util.ref(e)).message("line {line} sequence reset to " + from + " after " + facts.tapMaxBefore()
							+ " within session " + line.session().displayName() + " (frame " + e.frame() + ")")
					.build());
			return;
		}
		if (facts.duplicatesAtTap() > 0) {
			fContext.report(fContext.finding(Severity.WARNING).session(session).line(line).range(from, to).time(t, t)
					.frames(Util.ref(e)).message("line {line} repeated " + Util.plural(facts.duplicatesAtTap(), "message")
							+ " of " + Util.range(from, to) + " at frame " + e.frame())
					.build());
		}
		if (facts.reorderedAtTap()) {
			fContext.report(fContext.finding(Severity.WARNING).session(session).line(line).range(from, to).time(t, t)
					.frames(Util.ref(e)).message("line {line} delivered " + Util.range(from, to) + " late, after "
							+ facts.tapMaxBefore() + " (frame " + e.frame() + ")")
					.build());
		}
	}

	@Override
	public void onSessionChange(PacketView e, FeedLine previous, FeedLine next) {
		if (fChanges.size() < fContext.options().listLimit()) {
			fChanges.add(new SessionChange(next.destination(), previous.session(), next.session(), Util.ref(e),
					e.timeNanos()));
		}
		fContext.report(fContext.finding(Severity.INFO).line(next).range(e.firstSeq(), e.firstSeq())
				.time(e.timeNanos(), e.timeNanos()).frames(Util.ref(e))
				.message(next.destination() + " changed from session " + previous.session().displayName() + " to "
						+ next.session().displayName() + " at frame " + e.frame())
				.build());
	}

	/** @return session changes seen, in time order */
	public List<SessionChange> sessionChanges() {
		return List.copyOf(fChanges);
	}

	/** @return sequence resets seen */
	public long resets() {
		return fResets;
	}

	@Override
	public void writeSession(FeedSession s, JsonWriter json) {
		json.name("session_changes").beginArray();
		for (SessionChange c : fChanges) {
			if (c.to() == s) {
				json.beginObject().member("destination", c.destination()).member("from_session", c.from().displayName())
						.member("to_session", c.to().displayName()).member("time_ns", c.timeNanos());
				Util.frameMembers(json, "", c.ref());
				json.endObject();
			}
		}
		json.endArray();
	}

	@Override
	public void summarize(FeedSession s, Summary summary) {
		for (FeedLine l : s.lines()) {
			if (l.duplicatePackets() + l.duplicateMessages() + l.reorderedPackets() > 0) {
				summary.detail("line " + l.name() + ": " + Util.plural(l.duplicatePackets(), "duplicate packet") + ", "
						+ Util.plural(l.duplicateMessages(), "duplicate message") + ", "
						+ Util.plural(l.reorderedPackets(), "late packet"));
			}
		}
	}
}
