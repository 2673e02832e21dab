package io.feedscope.protocols.pitch;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

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
 * "Unit sequence reset without a Unit Clear": a Cboe unit restarts its sequence numbers only after a Unit
 * Clear message (type 0x97, "clear every order of the unit"), so a line whose unit starts again at a lower
 * sequence number with no Unit Clear at the start of that packet means a feed handler that keeps the unit's
 * book would apply the new messages on top of orders the exchange has dropped. Reported per line, once per
 * reset (a Unit Clear anywhere in the first packet after the reset counts).
 * <p>
 * Runs only on sessions of the Cboe Sequenced Unit Header framing (its protocol name from the description),
 * whose sessions are units; the Unit Clear code is the PITCH description's {@code unit_clear}.
 */
public final class UnitClearCheck implements FeedCheck {

	/** check id as contributed in plugin.xml */
	public static final String ID = "io.feedscope.protocols.pitch.unit-clear";
	/** the framing protocol whose sessions are Cboe units (cboe_suh.fsp) */
	static final String FRAMING = "cboe_suh";
	/** PITCH Unit Clear (pitch.fsp: 0x97 unit_clear) */
	static final int UNIT_CLEAR = 0x97;

	/** A reset without a Unit Clear. */
	public record Reset(long ref, long timeNanos, FeedLine line, long fromSeq, long afterSeq) {
	}

	private CheckContext fContext = CheckContext.UNSTARTED;
	private final List<Reset> fResets = new ArrayList<>();
	private long fClears;

	@Override
	public void start(CheckContext context) {
		fContext = context;
	}

	@Override
	public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
			PacketFacts facts) {
		if (role != PacketRole.LINE_DATA || session == null || line == null || !FRAMING.equals(session.protocol())
				|| e.messageCount() <= 0) {
			return;
		}
		boolean clear = false;
		for (int i = 0; i < e.messageCount() && !clear; i++) {
			clear = e.messageType(i) == UNIT_CLEAR;
		}
		if (clear) {
			fClears++;
		}
		long before = facts.tapMaxBefore();
		// a reset: the unit starts again at 1 on a line that had already delivered beyond this packet (on the wire
		// that is also what a copy of the unit's first packet would look like long after: the same mistake to a
		// handler keeping the unit's book)
		if (e.firstSeq() != 1 || before == Long.MIN_VALUE || before <= e.lastSeq() || clear) {
			return;
		}
		long ref = Finding.frameRef(e.captureIndex(), e.frame());
		if (fResets.size() < fContext.options().listLimit()) {
			fResets.add(new Reset(ref, e.timeNanos(), line, e.firstSeq(), before));
		}
		fContext.report(fContext.finding(Severity.ERROR).session(session).line(line).range(e.firstSeq(), e.lastSeq())
				.time(e.timeNanos(), e.timeNanos()).frames(ref)
				.message("unit " + session.displayName() + " on line {line} restarted at sequence " + e.firstSeq()
						+ " after " + before + " without a Unit Clear (frame " + e.frame() + ")")
				.build());
	}

	/** @return resets seen without a Unit Clear (bounded list) */
	public List<Reset> resets() {
		return List.copyOf(fResets);
	}

	@Override
	public void writeSession(FeedSession s, JsonWriter json) {
		if (!FRAMING.equals(s.protocol())) {
			return;
		}
		// members namespaced by the check's id: a contributed check must not collide with the built-in ones
		json.name(ID).beginObject().member("resets_without_unit_clear", count(s)).member("unit_clear_packets", fClears)
				.endObject();
	}

	private long count(FeedSession s) {
		long n = 0;
		for (Reset r : fResets) {
			if (r.line().session() == s) {
				n++;
			}
		}
		return n;
	}

	@Override
	public void summarize(FeedSession s, Summary summary) {
		long n = count(s);
		if (n > 0) {
			summary.detail("unit " + s.displayName() + ": " + n + " sequence reset(s) without a Unit Clear");
		}
	}
}
