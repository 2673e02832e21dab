package io.feedscope.analysis.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.FeedLine;
import io.feedscope.analysis.FeedSession;
import io.feedscope.analysis.Finding;
import io.feedscope.analysis.JsonWriter;
import io.feedscope.analysis.PacketFacts;
import io.feedscope.analysis.PacketRole;
import io.feedscope.analysis.PacketView;
import io.feedscope.analysis.Severity;
import io.feedscope.analysis.Summary;
import io.feedscope.dissect.FeedPacket;

/**
 * Message times of a record file (NASDAQ BinaryFILE): a day file has no packets and no capture times, so what
 * can be said of it is when its messages say they happened. Its frames are timed by their own ITCH timestamps
 * (the capture layer's record clock), so a frame's time is its message's time: this check gives the message
 * rate per second (mean over the file's span, and the busiest second) and every place where a message's
 * timestamp is before the previous message's (a non-monotonic timestamp: a publisher or a file-merging fault,
 * since a day file is in sequence order). Lines of captured packets are left alone: their times are arrival
 * times, which the other checks judge.
 * <p>
 * Per line, a bounded state: counters, the current second and a bounded list of backward steps.
 */
public final class MessageTimesCheck extends IsolatedCheck {

	/** check id as contributed in plugin.xml */
	public static final String ID = "io.feedscope.analysis.message_times";

	private static final long SECOND = 1_000_000_000L;

	/** one timestamp that went backwards */
	private record Backward(long seq, long timeNanos, long previousNanos, long ref) {
	}

	private static final class LineState {
		boolean fRecords;
		long fMessages;
		long fFirst = Long.MAX_VALUE;
		long fLast = Long.MIN_VALUE;
		long fPrevious = Long.MIN_VALUE;
		long fSecond = Long.MIN_VALUE;
		long fSecondCount;
		long fPeak;
		long fPeakSecond;
		long fBackwardCount;
		final List<Backward> fBackward = new ArrayList<>();
	}

	/** the last protocol name asked about and its answer: sources hand out one String per protocol */
	private @Nullable String fLastProtocol;
	private boolean fLastIsRecord;

	private boolean isRecord(String protocol) {
		if (protocol != fLastProtocol) {
			fLastProtocol = protocol;
			fLastIsRecord = FeedPacket.RECORD.equals(protocol);
		}
		return fLastIsRecord;
	}

	private LineState state(FeedLine line) {
		return line.checkState(fSlot, LineState::new);
	}

	/**
	 * Whether {@link #onPacket} may have something to do with the packet: line data but of a protocol known not to
	 * give message times (the last one asked about, by identity: a network capture's every packet). The analysis
	 * calls it only then (a test small enough for the client compiler to inline, weaker than onPacket's own).
	 */
	public boolean acts(PacketView e, PacketRole role) {
		return role == PacketRole.LINE_DATA && (e.protocol() != fLastProtocol || fLastIsRecord);
	}

	@Override
	public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
			PacketFacts facts) {
		if (role != PacketRole.LINE_DATA || line == null || e.messageCount() <= 0 || !isRecord(e.protocol())) {
			return;
		}
		LineState st = state(line);
		st.fRecords = true;
		long t = e.timeNanos();
		st.fMessages += e.messageCount();
		st.fFirst = Math.min(st.fFirst, t);
		st.fLast = Math.max(st.fLast, t);
		if (st.fPrevious != Long.MIN_VALUE && t < st.fPrevious) {
			st.fBackwardCount++;
			if (st.fBackward.size() < fContext.options().listLimit()) {
				st.fBackward.add(new Backward(e.firstSeq(), t, st.fPrevious, Util.ref(e)));
			}
		}
		st.fPrevious = t;
		// messages per second of the message times: a day file is in time order but for the backward steps,
		// so a second is counted while its messages come one after another
		long second = Math.floorDiv(t, SECOND);
		if (second != st.fSecond) {
			st.fSecond = second;
			st.fSecondCount = 0;
		}
		st.fSecondCount += e.messageCount();
		if (st.fSecondCount > st.fPeak) {
			st.fPeak = st.fSecondCount;
			st.fPeakSecond = second;
		}
	}

	@Override
	public void finish() {
		for (FeedSession s : fContext.sessions()) {
			for (FeedLine line : s.lines()) {
				LineState st = state(line);
				for (Backward b : st.fBackward) {
					fContext.report(fContext.finding(Severity.WARNING).session(s).line(line).range(b.seq(), b.seq())
							.time(b.previousNanos(), b.timeNanos()).frames(b.ref())
							.message("message " + b.seq() + "'s timestamp " + timeOfDay(b.timeNanos()) + " is "
									+ Util.duration(b.previousNanos() - b.timeNanos()) + " before message " + (b.seq() - 1)
									+ "'s (" + timeOfDay(b.previousNanos()) + "): timestamps go backwards")
							.build());
				}
			}
		}
	}

	/** @return mean messages per second over the span of the message times (one second at least) */
	private static double meanRate(LineState st) {
		double span = Math.max(SECOND, st.fLast - st.fFirst) / 1e9;
		return st.fMessages / span;
	}

	@Override
	public void writeLine(FeedLine line, JsonWriter json) {
		LineState st = state(line);
		if (!st.fRecords) {
			return;
		}
		json.name("message_times").beginObject();
		json.member("messages", st.fMessages).member("first_time_ns", st.fFirst).member("last_time_ns", st.fLast);
		json.member("mean_rate_per_s", meanRate(st)).member("peak_rate_per_s", st.fPeak)
				.member("peak_second_ns", st.fPeakSecond * SECOND);
		json.member("timestamps_backward", st.fBackwardCount);
		json.name("backward").beginArray();
		for (Backward b : st.fBackward) {
			json.beginObject().member("sequence", b.seq()).member("time_ns", b.timeNanos())
					.member("previous_time_ns", b.previousNanos());
			Util.frameMembers(json, "", b.ref());
			json.endObject();
		}
		json.endArray();
		json.endObject();
	}

	@Override
	public void summarize(FeedSession session, Summary summary) {
		for (FeedLine line : session.lines()) {
			LineState st = state(line);
			if (!st.fRecords) {
				continue;
			}
			summary.detail(String.format(Locale.ROOT,
					"message times: %,d messages from %s to %s, %,.0f messages/s on average, busiest second %s with %,d",
					st.fMessages, timeOfDay(st.fFirst), timeOfDay(st.fLast), meanRate(st), timeOfDay(st.fPeakSecond * SECOND),
					st.fPeak));
			if (st.fBackwardCount > 0) {
				Backward first = st.fBackward.isEmpty() ? null : st.fBackward.get(0);
				summary.headline(Summary.PRIORITY_LINE, Util.plural(st.fBackwardCount, "message timestamp")
						+ " before the previous message's" + (first == null ? "" : " (first: message " + first.seq() + ")"));
			}
		}
	}

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSSSSS", Locale.ROOT)
			.withZone(ZoneOffset.UTC);

	/** @return the time of day of a frame time: the file's midnight was added in New York time, so it is taken off the same way */
	private static String timeOfDay(long nanos) {
		// the capture added midnight New York of the file's date (or nothing): the time of day is the
		// message's own timestamp, whatever the zone offset of that day
		long ofDay = Math.floorMod(nanos + newYorkOffset(nanos), 86_400L * SECOND);
		return TIME.format(Instant.ofEpochSecond(0, ofDay));
	}

	private static long newYorkOffset(long nanos) {
		if (nanos < 86_400L * SECOND) {
			return 0; // no date in the file's name: times count from the epoch's midnight
		}
		return java.time.ZoneId.of("America/New_York").getRules().getOffset(Instant.ofEpochSecond(0, nanos)).getTotalSeconds()
				* SECOND;
	}
}
