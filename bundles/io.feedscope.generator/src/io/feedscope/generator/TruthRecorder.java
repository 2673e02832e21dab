package io.feedscope.generator;

import io.feedscope.generator.feed.IntervalSet;

/**
 * What the run really did, recorded as it writes frames, for the truth sidecar: what each line (and the unicast
 * retransmission, "R") delivered, the high-water mark and the packets that straddle it, frame counts, and the
 * incident records (freezes, losses, duplicates, reorderings, malformed frames, quiet periods, retransmissions)
 * as JSON members the {@link Generator} lists.
 */
final class TruthRecorder {

	final IntervalSet[] fDelivered = { new IntervalSet(), new IntervalSet(), new IntervalSet() };
	final long[] fLineFrames = new long[3];
	final long[] fHeartbeats = new long[2];
	final int[] fEosFrames = new int[2];
	/** the highest sequence delivered by any line so far */
	long fHigh;
	final StringBuilder fStraddles = new StringBuilder();
	final StringBuilder fDuplicates = new StringBuilder();
	final StringBuilder fReorders = new StringBuilder();
	final StringBuilder fMalformed = new StringBuilder();
	final StringBuilder fFreezes = new StringBuilder();
	final StringBuilder fLosses = new StringBuilder();
	final StringBuilder fRetrans = new StringBuilder();
	final StringBuilder fQuiet = new StringBuilder();
	final StringBuilder fHeartbeatFrames = new StringBuilder();
	int fHeartbeatListed;
	int fStraddleCount;
	long fFirstTime = -1;
	long fLastTime;
	long fMessagesInFrames;

	static StringBuilder comma(StringBuilder b) {
		if (b.length() > 0) {
			b.append(",\n    ");
		}
		return b;
	}

	static String lineName(int line) {
		return line == 0 ? "A" : line == 1 ? "B" : "R";
	}

	/** A frame was written at capture time ft. */
	void frame(long ft) {
		if (fFirstTime < 0) {
			fFirstTime = ft;
		}
		fLastTime = ft;
	}

	/** A heartbeat went out on a line as frame {@code frame}. */
	void heartbeat(int line, int frame) {
		fHeartbeats[line]++;
		if (fHeartbeatListed++ < 1000) {
			comma(fHeartbeatFrames).append(frame);
		}
	}

	/** Records the complete messages [seq, seq+n) of frame {@code frame} just written, for line (2 = unicast). */
	void account(int line, long seq, int n, int frame) {
		if (n <= 0) {
			return;
		}
		long last = seq + n - 1;
		if (line < 2 && seq <= fHigh && last > fHigh) {
			fStraddleCount++;
			comma(fStraddles).append("{\"frame\": ").append(frame).append(", \"line\": \"").append(lineName(line))
					.append("\", \"sequence\": ").append(seq).append(", \"count\": ").append(n)
					.append(", \"alreadyDeliveredThrough\": ").append(fHigh).append(", \"newFrom\": ").append(fHigh + 1)
					.append(", \"timeNs\": ").append(fLastTime).append('}');
		}
		fDelivered[line].add(seq, last);
		fHigh = Math.max(fHigh, last);
		fMessagesInFrames += n;
	}
}
