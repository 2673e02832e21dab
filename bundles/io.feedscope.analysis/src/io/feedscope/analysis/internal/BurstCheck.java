package io.feedscope.analysis.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
 * Catch-up bursts and batching anomalies.
 * <p>
 * A line's norm is its mean messages per packet and message rate over the packets that were not part of a
 * burst. After a silence of at least {@link io.feedscope.analysis.AnalysisOptions#freezeNanos()} on the
 * line, consecutive DATA packets with at least {@code burstFactor} &times; the norm (and at least 2)
 * messages form a catch-up burst: a backlog flushed at once. The burst ends at the first packet back
 * under the threshold. Outside a burst, a packet with twice that many messages (and at least 20) is a
 * batching anomaly: counted, and listed up to the finding limit. A norm needs 5 packets of history.
 */
public final class BurstCheck extends IsolatedCheck {

	/** check id as contributed in plugin.xml */
	public static final String ID = "io.feedscope.analysis.bursts";

	private static final int MIN_HISTORY = 5;
	private static final int MIN_ANOMALY = 20;

	/** One catch-up burst. */
	public static final class Burst {
		final FeedLine fLine;
		final long fSilenceNanos;
		final double fNormPerPacket;
		final double fNormRate;
		long fStart;
		long fEnd;
		long fFirstSeq;
		long fLastSeq;
		long fPackets;
		long fMessages;
		int fMax;
		long fStartRef;
		long fEndRef;

		Burst(FeedLine line, long silence, double normPerPacket, double normRate) {
			fLine = line;
			fSilenceNanos = silence;
			fNormPerPacket = normPerPacket;
			fNormRate = normRate;
		}

		public FeedLine line() {
			return fLine;
		}

		public long packets() {
			return fPackets;
		}

		public long messages() {
			return fMessages;
		}

		public long firstSeq() {
			return fFirstSeq;
		}

		public long lastSeq() {
			return fLastSeq;
		}

		public int maxPerPacket() {
			return fMax;
		}

		/** @return messages per second over the burst, NaN for a one-packet burst */
		public double rate() {
			return fEnd > fStart ? fMessages * 1e9 / (fEnd - fStart) : Double.NaN;
		}
	}

	private static final class LineState {
		long fLastTime = Long.MIN_VALUE;
		long fNormPackets;
		long fNormMessages;
		long fNormFirstTime = Long.MIN_VALUE;
		long fNormLastTime;
		long fSilence;
		long fAnomalies;
		@Nullable Burst fBurst;
	}

	private final List<Burst> fBursts = new ArrayList<>();
	/** the options read per packet, kept from the start */
	private long fFreezeNanos;
	private double fBurstFactor;
	/** {@link #generalPaths()} */
	private boolean fGeneral;

	/** For the tests that hold the usual packets' path in {@link #onPacket} to the general code. Call before {@link #start}. */
	public void generalPaths() {
		fGeneral = true;
	}

	@Override
	public void start(CheckContext context) {
		super.start(context);
		fFreezeNanos = context.options().freezeNanos();
		fBurstFactor = context.options().burstFactor();
	}

	@Override
	public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
			PacketFacts facts) {
		if (line == null) {
			return;
		}
		LineState st = line.checkState(fSlot, LineState::new);
		long t = e.timeNanos();
		if (st.fLastTime != Long.MIN_VALUE && t - st.fLastTime >= fFreezeNanos) {
			st.fSilence = t - st.fLastTime;
		}
		st.fLastTime = t;
		if (role != PacketRole.LINE_DATA || facts.copyFromOtherTap()) {
			return;
		}
		int n = e.messageCount();
		// below any threshold (never under 2): neither a burst nor a batch, only the norm learns from it; this
		// spares the division below for most packets of a quiet feed (one message per packet). So is a packet of
		// fewer than MIN_ANOMALY messages with no burst open and no silence before it, whatever the norm: it can
		// neither start a burst (that needs a silence) nor be a batch (that needs MIN_ANOMALY), which is most
		// packets of a busy feed too (several() works that out with a division; FastPathsTest holds the two
		// together through generalPaths())
		if (n < 2 || n < MIN_ANOMALY && st.fSilence == 0 && st.fBurst == null && !fGeneral) {
			st.fSilence = 0;
			if (st.fBurst != null) {
				close(st);
			}
			// learn(st, n, t), written out: a call per packet under the client compiler, which does not inline it
			if (st.fNormPackets == 0) {
				st.fNormFirstTime = t;
			}
			st.fNormPackets++;
			st.fNormMessages += n;
			st.fNormLastTime = t;
			return;
		}
		several(e, session, line, st, n, t);
	}

	/** A packet of several messages: part of a burst, a batch, or a norm packet (a method of its own keeps onPacket inlinable). */
	private void several(PacketView e, @Nullable FeedSession session, FeedLine line, LineState st, int n, long t) {
		boolean hasNorm = st.fNormPackets >= MIN_HISTORY;
		double norm = hasNorm ? (double) st.fNormMessages / st.fNormPackets : 0;
		double threshold = Math.max(2, fBurstFactor * norm);
		Burst b = st.fBurst;
		if (hasNorm && n >= threshold && (b != null || st.fSilence > 0)) {
			if (b == null) {
				long span = st.fNormLastTime - st.fNormFirstTime;
				b = new Burst(line, st.fSilence, norm, span > 0 ? st.fNormMessages * 1e9 / span : Double.NaN);
				b.fStart = t;
				b.fFirstSeq = e.firstSeq();
				b.fStartRef = Util.ref(e);
				st.fBurst = b;
			}
			b.fEnd = t;
			b.fEndRef = Util.ref(e);
			b.fLastSeq = Math.max(b.fLastSeq, e.lastSeq());
			b.fPackets++;
			b.fMessages += n;
			b.fMax = Math.max(b.fMax, n);
			st.fSilence = 0;
			return;
		}
		st.fSilence = 0;
		if (b != null) {
			close(st);
		}
		if (hasNorm && n >= 2 * threshold && n >= MIN_ANOMALY) {
			st.fAnomalies++;
			fContext.report(fContext.finding(Severity.INFO).session(session).line(line).range(e.firstSeq(), e.lastSeq())
					.time(t, t).frames(Util.ref(e)).message(String.format(Locale.ROOT,
							"line %s batched %d messages in one packet (norm %.1f)", line.name(), n, norm))
					.build());
			return;
		}
		learn(st, n, t);
	}

	private static void learn(LineState st, int n, long t) {
		if (st.fNormPackets == 0) {
			st.fNormFirstTime = t;
		}
		st.fNormPackets++;
		st.fNormMessages += n;
		st.fNormLastTime = t;
	}

	private void close(LineState st) {
		Burst b = st.fBurst;
		if (b != null && fBursts.size() < fContext.options().listLimit()) {
			fBursts.add(b);
		}
		st.fBurst = null;
	}

	@Override
	public void finish() {
		for (FeedSession s : fContext.sessions()) {
			for (FeedLine l : s.lines()) {
				LineState st = (LineState) l.checkState(fSlot);
				if (st != null) {
					close(st);
				}
			}
		}
		for (Burst b : fBursts) {
			fContext.report(fContext.finding(Severity.INFO).line(b.fLine).range(b.fFirstSeq, b.fLastSeq)
					.time(b.fStart, b.fEnd).frames(b.fStartRef, b.fEndRef).message(String.format(Locale.ROOT,
							"catch-up burst on line %s after %s silence: %d packets, %d messages, %.1f messages/packet"
									+ " (norm %.1f), %,.0f messages/s (norm %,.0f)",
							b.fLine.name(), Util.duration(b.fSilenceNanos), b.fPackets, b.fMessages,
							(double) b.fMessages / b.fPackets, b.fNormPerPacket, b.rate(), b.fNormRate))
					.build());
		}
	}

	/** @return the catch-up bursts of a session */
	public List<Burst> bursts(FeedSession s) {
		return fBursts.stream().filter(b -> b.fLine.session() == s).toList();
	}

	@Override
	public void writeSession(FeedSession s, JsonWriter json) {
		json.name("bursts").beginArray();
		for (Burst b : bursts(s)) {
			json.beginObject().member("line", b.fLine.name()).member("start_ns", b.fStart).member("end_ns", b.fEnd)
					.member("silence_before_ns", b.fSilenceNanos).member("first_seq", b.fFirstSeq)
					.member("last_seq", b.fLastSeq).member("packets", b.fPackets).member("messages", b.fMessages)
					.member("max_messages_per_packet", b.fMax)
					.member("mean_messages_per_packet", (double) b.fMessages / b.fPackets)
					.member("norm_messages_per_packet", b.fNormPerPacket).member("rate_msgs_per_s", b.rate())
					.member("norm_rate_msgs_per_s", b.fNormRate);
			Util.frameMembers(json, "start_", b.fStartRef);
			Util.frameMembers(json, "end_", b.fEndRef);
			json.endObject();
		}
		json.endArray();
		long anomalies = 0;
		for (FeedLine l : s.lines()) {
			LineState st = (LineState) l.checkState(fSlot);
			anomalies += st == null ? 0 : st.fAnomalies;
		}
		json.member("batching_anomalies", anomalies);
	}

	@Override
	public void summarize(FeedSession s, Summary summary) {
		for (Burst b : bursts(s)) {
			summary.detail(String.format(Locale.ROOT,
					"line %s caught up after %s: %d messages in %d packets (%.0f/packet, norm %.1f)", b.fLine.name(),
					Util.duration(b.fSilenceNanos), b.fMessages, b.fPackets, (double) b.fMessages / b.fPackets,
					b.fNormPerPacket));
		}
	}
}
