package io.feedscope.ui.chart.tests;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import io.feedscope.ui.chart.ChartData;
import io.feedscope.ui.chart.ChartOverlays;
import io.feedscope.ui.chart.ChartOverlays.PacketHighlight;
import io.feedscope.ui.chart.ChartOverlays.SeqBand;
import io.feedscope.ui.chart.ChartOverlays.SeqBandKind;
import io.feedscope.ui.chart.ChartOverlays.Severity;
import io.feedscope.ui.chart.ChartOverlays.TimeBand;
import io.feedscope.dissect.PacketKind;

/**
 * Builds the feed-handler incident as chart data, with every number chosen here and exposed, so tests
 * compute expected values from the builder's own parameters rather than from the widget.
 * <p>
 * Story (defaults): lines A and B carry the same packets, one every {@code spacing} ns with 1-4 messages,
 * B {@code bLag} ns behind A. At {@code freezeAt} line A stops for {@code freeze} ns while B keeps
 * delivering. Then A's backlog arrives in 70-message packets {@code burstSpacing} apart, faster than live.
 * The burst catches up with live traffic inside one packet: its first messages were already delivered by
 * B, the rest are new. The handler trashed that packet (the bug), re-requested the new part, and got an
 * answer. After that a quiet stretch with heartbeats, and an end of session on both lines.
 */
public final class IncidentDataBuilder {

	/** 2026-11-23 14:30:00 UTC (09:30 New York), ns since the epoch. */
	public static final long OPEN = Instant.parse("2026-11-23T14:30:00Z").getEpochSecond() * 1_000_000_000L;

	private long fStart = OPEN;
	private long fFirstSeq = 1_000_000;
	private long fSpacing = 200_000; // 200 µs
	private long fBLag = 30_000; // 30 µs
	private long fFreezeAt = 400_000_000; // 400 ms after start
	private long fFreeze = 100_000_000; // 100 ms
	private long fBurstSpacing = 8_000; // 8 µs
	private int fBurstCount = 70;
	private long fLiveUntil = 850_000_000;
	private long fEnd = 1_000_000_000;
	private long fSeed = 42;

	/** Result: the data, its overlays, and the story's landmarks. */
	public record Incident(ChartData data, ChartOverlays overlays, long start, long freezeStart, long freezeEnd,
			long freezeSeq, int firstBurstIndex, int lastBurstIndex, int trashedIndex, long liveSeqAtTrash,
			int requestIndex, int answerIndex, int malformedIndex, int firstHeartbeatIndex) {
	}

	/** @param spacing ns between live packets on a line */
	public IncidentDataBuilder spacing(long spacing) {
		fSpacing = spacing;
		return this;
	}

	/** @param freeze ns line A stays silent */
	public IncidentDataBuilder freeze(long freeze) {
		fFreeze = freeze;
		return this;
	}

	/** @param seed random seed for message counts */
	public IncidentDataBuilder seed(long seed) {
		fSeed = seed;
		return this;
	}

	private record P(long time, long seq, int count, int line, PacketKind kind, int tag) {
	}

	private static final int TAG_NONE = 0, TAG_BURST = 1, TAG_TRASHED = 2, TAG_REQUEST = 3, TAG_ANSWER = 4,
			TAG_MALFORMED = 5, TAG_HEARTBEAT = 6;

	/** @return the incident */
	public Incident build() {
		SplittableRandom rnd = new SplittableRandom(fSeed);
		List<P> ps = new ArrayList<>();
		long seq = fFirstSeq;
		long freezeStart = fStart + fFreezeAt;
		long freezeEnd = freezeStart + fFreeze;
		long freezeSeq = -1;
		// live packets: A and B identical; A silent during the freeze and while its backlog drains
		long t = fStart;
		long aResumesLive = Long.MAX_VALUE;
		long aFrom = Long.MIN_VALUE;
		long burstSeqStart = -1;
		long burstTime = freezeEnd;
		long liveSeqAtTrash = -1;
		long trashedSeq = -1;
		long malformedAt = fStart + 700_000_000;
		boolean malformedDone = false;
		while (t < fStart + fLiveUntil) {
			int count = 1 + rnd.nextInt(4);
			if (t >= freezeStart && freezeSeq < 0) {
				freezeSeq = seq;
				burstSeqStart = seq;
			}
			boolean aSilent = t >= freezeStart && t < aResumesLive;
			if (!aSilent && seq + count > aFrom) {
				// right after the burst A sends only what its burst did not carry
				long from = Math.max(seq, aFrom);
				ps.add(new P(t, from, (int) (seq + count - from), 0, PacketKind.DATA, TAG_NONE));
			}
			if (!malformedDone && t >= malformedAt) {
				ps.add(new P(t + fBLag, seq, count, 1, PacketKind.MALFORMED, TAG_MALFORMED));
				malformedDone = true;
			} else {
				ps.add(new P(t + fBLag, seq, count, 1, PacketKind.DATA, TAG_NONE));
			}
			seq += count;
			t += fSpacing;
			if (t >= freezeEnd && aResumesLive == Long.MAX_VALUE) {
				// A's backlog: 70-message packets from where it froze until one straddles the live sequence
				long s = burstSeqStart;
				long bt = burstTime;
				while (true) {
					// live sequence (next new message) when this burst packet arrives: B has delivered up to seq
					long live = seq + (bt - freezeEnd) / fSpacing * 2; // B keeps going at ~2.5 msgs/packet
					if (s + fBurstCount <= live) {
						ps.add(new P(bt, s, fBurstCount, 0, PacketKind.DATA, TAG_BURST));
						s += fBurstCount;
						bt += fBurstSpacing;
						continue;
					}
					// straddles: [s, live) seen via B, [live, s + 70) new
					ps.add(new P(bt, s, fBurstCount, 0, PacketKind.DATA, TAG_TRASHED));
					trashedSeq = s;
					liveSeqAtTrash = live;
					bt += fBurstSpacing;
					break;
				}
				// live traffic resumes on A once its burst is out, from the burst's end
				aResumesLive = bt;
				aFrom = trashedSeq + fBurstCount;
				long burstEnd = aFrom;
				// the handler re-requests what it threw away and the server answers
				ps.add(new P(bt + 1_500_000, liveSeqAtTrash, (int) (burstEnd - liveSeqAtTrash), 0, PacketKind.REQUEST,
						TAG_REQUEST));
				ps.add(new P(bt + 3_200_000, liveSeqAtTrash, (int) (burstEnd - liveSeqAtTrash), 0, PacketKind.ANSWER,
						TAG_ANSWER));
			}
		}
		// quiet: heartbeats on both lines, then end of session
		long hb = fStart + fLiveUntil + 20_000_000;
		boolean firstHb = true;
		while (hb < fStart + fEnd) {
			ps.add(new P(hb, seq, 0, 0, PacketKind.HEARTBEAT, firstHb ? TAG_HEARTBEAT : TAG_NONE));
			ps.add(new P(hb + fBLag, seq, 0, 1, PacketKind.HEARTBEAT, TAG_NONE));
			firstHb = false;
			hb += 30_000_000;
		}
		ps.add(new P(fStart + fEnd, seq, 0, 0, PacketKind.END_OF_SESSION, TAG_NONE));
		ps.add(new P(fStart + fEnd + fBLag, seq, 0, 1, PacketKind.END_OF_SESSION, TAG_NONE));

		ps.sort(Comparator.comparingLong(P::time).thenComparingInt(P::line));
		ChartData data = new ChartData(ps.size());
		int firstBurst = -1, lastBurst = -1, trashed = -1, request = -1, answer = -1, malformed = -1, heartbeat = -1;
		for (P p : ps) {
			int frame = data.size() + 1;
			int i = data.append(p.time(), p.seq(), p.count(), p.line(), p.kind(), ChartData.frameId(0, frame));
			switch (p.tag()) {
			case TAG_BURST -> {
				if (firstBurst < 0) {
					firstBurst = i;
				}
				lastBurst = i;
			}
			case TAG_TRASHED -> trashed = i;
			case TAG_REQUEST -> request = i;
			case TAG_ANSWER -> answer = i;
			case TAG_MALFORMED -> malformed = i;
			case TAG_HEARTBEAT -> heartbeat = i;
			default -> {
				// plain packet
			}
			}
		}
		long burstEnd = trashedSeq + fBurstCount;
		ChartOverlays overlays = new ChartOverlays(
				List.of(new SeqBand(freezeSeq, liveSeqAtTrash, SeqBandKind.LINE_FIRST, 1, "B delivered first"),
						new SeqBand(liveSeqAtTrash, burstEnd, SeqBandKind.GAP, -1,
								"new data trashed (" + (burstEnd - liveSeqAtTrash) + " msgs)")),
				List.of(new TimeBand(freezeStart, freezeEnd, 0, "A frozen " + fFreeze / 1_000_000 + " ms")),
				List.of(new PacketHighlight(trashed, Severity.ERROR, "trashed packet with new data")));
		return new Incident(data, overlays, fStart, freezeStart, freezeEnd, freezeSeq, firstBurst, lastBurst, trashed,
				liveSeqAtTrash, request, answer, malformed, heartbeat);
	}

	/**
	 * A large regular data set for level-of-detail checks and benchmarks: two lines, packets {@code spacing}
	 * ns apart alternating A/B, 1-3 messages each; no object per packet.
	 */
	public static ChartData uniform(int packets, long spacing) {
		ChartData data = new ChartData(packets);
		long seq = 1_000_000;
		long t = OPEN;
		int c = 1;
		for (int i = 0; i < packets; i++) {
			int line = i & 1;
			data.append(t, seq, c, line, PacketKind.DATA, ChartData.frameId(0, i + 1));
			if (line == 1) {
				seq += c;
				c = 1 + (i >> 1) % 3;
			}
			t += spacing;
		}
		return data;
	}
}
