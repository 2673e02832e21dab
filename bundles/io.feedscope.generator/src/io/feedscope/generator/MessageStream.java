package io.feedscope.generator;

import java.util.SplittableRandom;
import java.util.function.LongSupplier;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.generator.internal.BinaryFileSink;
import io.feedscope.generator.feed.FramingEncoder;
import io.feedscope.generator.internal.ItchSource;

/**
 * The one message stream both lines and the retransmission server send: ITCH messages in sequence order with
 * their times (Poisson arrivals, bursts of book updates, the scripted opening and closing), kept in a ring of
 * fixed 64-byte slots (no object per message) that grows while a line or a pending retransmission still needs
 * its oldest messages. Shares the run's random source with the lines: the draws keep the order they always had,
 * so one seed gives the same bytes.
 */
final class MessageStream {

	private static final int SLOT = 64;

	private final Scenario fS;
	private final SplittableRandom fRandom;
	private final ItchSource fItch;
	/** the oldest sequence any sender still needs (lines' next, pending retransmissions) */
	private final LongSupplier fOldestNeeded;
	private int fCap = 1 << 16;
	private byte[] fMsg = new byte[fCap * SLOT];
	private byte[] fLen = new byte[fCap];
	private long[] fTime = new long[fCap];
	private long fLast;
	private long fNextTime;
	private int fBurstLeft;
	private boolean fClosing;
	private boolean fStopped;
	/** every message generated, in sequence order, also goes to this day file (null: none) */
	private @Nullable BinaryFileSink fDayFile;

	MessageStream(Scenario s, SplittableRandom random, ItchSource itch, LongSupplier oldestNeeded) {
		fS = s;
		fRandom = random;
		fItch = itch;
		fOldestNeeded = oldestNeeded;
		fNextTime = s.fStartEpochNanos + 1_000;
	}

	void dayFile(@Nullable BinaryFileSink sink) {
		fDayFile = sink;
	}

	ItchSource itch() {
		return fItch;
	}

	/** @return the last sequence generated */
	long last() {
		return fLast;
	}

	/** @return whether the stream has ended (the closing messages are out) */
	boolean stopped() {
		return fStopped;
	}

	boolean closing() {
		return fClosing;
	}

	private int slot(long seq) {
		return (int) (seq & (fCap - 1));
	}

	long time(long seq) {
		return fTime[slot(seq)];
	}

	/** @return the length of message seq */
	int length(long seq) {
		return fLen[slot(seq)];
	}

	/** Generates messages until seq exists (or the stream has ended). */
	void ensure(long seq) {
		while (fLast < seq && !fStopped) {
			generateOne();
		}
	}

	/** @return the last sequence whose message time is at or before t (generating as needed) */
	long availableThrough(long t) {
		while (!fStopped && fNextTime <= t) {
			generateOne();
		}
		return fLast;
	}

	/** Copies messages [seq, seq+n) as the framing's blocks into frame at p; @return the end offset */
	int blocks(FramingEncoder framing, byte[] frame, int p, long seq, int n) {
		for (long q = seq; q < seq + n; q++) {
			int sl = slot(q);
			p = framing.block(frame, p, fMsg, sl * SLOT, fLen[sl]);
		}
		return p;
	}

	/** The run is ending: the closing messages follow now, even when a quiet period had pushed the next one away. */
	void close(long now) {
		fClosing = true;
		fItch.close();
		fNextTime = Math.max(fLast > 0 ? time(fLast) : now, now) + 1_000;
	}

	/**
	 * A quiet period: no message for {@code nanos} from now (or from the last message, if later).
	 *
	 * @return {start, end} of the gap, or null when the stream has ended
	 */
	long @Nullable [] quiet(long now, long nanos) {
		if (fStopped) {
			return null;
		}
		long start = Math.max(now, time(fLast));
		fNextTime = Math.max(fNextTime, start) + nanos;
		return new long[] { start, fNextTime };
	}

	private void generateOne() {
		long seq = fLast + 1;
		if (seq - fOldestNeeded.getAsLong() >= fCap) {
			grow();
		}
		int sl = slot(seq);
		long t = fNextTime;
		fLen[sl] = (byte) fItch.next(fMsg, sl * SLOT, t - fS.fMidnightEpochNanos);
		fTime[sl] = t;
		fLast = seq;
		BinaryFileSink day = fDayFile;
		if (day != null) {
			day.message(seq, fMsg, sl * SLOT, fLen[sl] & 0xff);
		}
		if (fItch.scripted()) {
			fNextTime = t + 500 + fRandom.nextInt(2_500); // opening/closing come in a quick run
		} else if (fClosing) {
			fStopped = true;
			fNextTime = Engine.NEVER;
		} else if (fBurstLeft > 0) {
			fBurstLeft--;
			fNextTime = t + 200 + fRandom.nextInt(1_500);
		} else {
			if (fRandom.nextInt(100) < 3) {
				fBurstLeft = 5 + fRandom.nextInt(25); // a cascade of book updates
			}
			// bursts (3% start one of ~17 messages) add about half again: keep the mean rate as asked
			double mean = 1.5e9 / fS.fRate;
			fNextTime = t + 1 + (long) (-StrictMath.log(1.0 - fRandom.nextDouble()) * mean); // StrictMath: same bytes on every JVM
		}
	}

	private void grow() {
		int cap = fCap * 2;
		byte[] msg = new byte[cap * SLOT];
		byte[] len = new byte[cap];
		long[] time = new long[cap];
		long from = Math.max(1, fLast - fCap + 1);
		for (long q = from; q <= fLast; q++) {
			int o = slot(q);
			int n = (int) (q & (cap - 1));
			System.arraycopy(fMsg, o * SLOT, msg, n * SLOT, SLOT);
			len[n] = fLen[o];
			time[n] = fTime[o];
		}
		fCap = cap;
		fMsg = msg;
		fLen = len;
		fTime = time;
	}
}
