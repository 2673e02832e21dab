package io.feedscope.generator;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.generator.Scenario.Event;
import io.feedscope.generator.Scenario.Malformation;
import io.feedscope.generator.internal.BigEndian;
import io.feedscope.generator.internal.CaptureSink;
import io.feedscope.generator.internal.IntervalSet;
import io.feedscope.generator.internal.BinaryFileSink;
import io.feedscope.generator.internal.ItchSource;

/**
 * The generation loop. One message stream (a ring of fixed 64-byte slots, no objects per message) is
 * sent by two line cursors A and B with their own batching and delay, plus a third cursor for the
 * unicast re-request traffic; the loop always writes the earliest proposed frame, so the capture is in
 * time order. Incidents fire when the run's progress reaches their position. Every written frame is
 * accounted in the truth (what each line delivered, high-water mark, straddles).
 */
final class Engine {

	static final int DATA = 0;
	static final int HEARTBEAT = 1;
	static final int EOS = 2;
	static final int PENDING = 3;
	static final int REQUEST = 4;
	static final int RESPONSE = 5;
	static final long NEVER = Long.MAX_VALUE;

	private static final int SLOT = 64;
	private static final long FLUSH_WINDOW = 15_000; // a line waits at most this for more messages
	private static final long DELAY_A = 3_000;
	private static final int ETH = 14;
	private static final int IP = 20;
	private static final int UDP = 8;
	private static final int MOLD = 20;

	final Scenario fS;
	private final SplittableRandom fRandom;
	private final ItchSource fItch;
	private final CaptureSink fSink;
	private final @Nullable Writer fTable;
	private final int fVlanBytes;

	// message ring
	private int fCap = 1 << 16;
	private byte[] fMsg = new byte[fCap * SLOT];
	private byte[] fLen = new byte[fCap];
	private long[] fTime = new long[fCap];
	long fGenSeq;
	private long fNextMsgTime;
	private int fBurstLeft;
	private boolean fClosing;
	private boolean fStopped;

	final LineCursor[] fLines = new LineCursor[2];
	private final byte[] fFrame = new byte[65536];
	int fFrameNo;
	long fNow;
	private int fNextEvent;

	// re-request traffic: small queue of scheduled frames
	private final long[] fRtTime = new long[64];
	private final int[] fRtKind = new int[64];
	private final long[] fRtSeq = new long[64];
	private final int[] fRtCount = new int[64];
	private int fRtSize;
	private long fRtMinSeq = NEVER;
	private final List<long[]> fTrueLosses = new ArrayList<>(); // {from, to, scheduled, fromA, toA, fromB, toB}

	// truth
	final IntervalSet[] fDelivered = { new IntervalSet(), new IntervalSet(), new IntervalSet() };
	final long[] fLineFrames = new long[3];
	final long[] fHeartbeats = new long[2];
	final int[] fEosFrames = new int[2];
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

	Engine(Scenario s, CaptureSink sink, @Nullable Writer table) {
		fS = s;
		fSink = sink;
		fTable = table;
		fRandom = new SplittableRandom(s.fSeed);
		fItch = new ItchSource(s.fSeed, s.fSymbols);
		fVlanBytes = 4 * s.fVlans.length;
		fNextMsgTime = s.fStartEpochNanos + 1_000;
		fNow = s.fStartEpochNanos;
		fLines[0] = new LineCursor(0, s.fMaxBatchA, Scenario.parseIp(s.fSourceA), Scenario.parseIp(s.fGroupA), s.fPortA);
		fLines[1] = new LineCursor(1, s.fMaxBatchB, Scenario.parseIp(s.fSourceB), Scenario.parseIp(s.fGroupB), s.fPortB);
	}

	ItchSource itch() {
		return fItch;
	}

	/** every message generated, in sequence order, also goes to this day file (null: none) */
	private @Nullable BinaryFileSink fDayFile;

	void dayFile(@Nullable BinaryFileSink sink) {
		fDayFile = sink;
	}

	// ---------------------------------------------------------------- message stream

	private int slot(long seq) {
		return (int) (seq & (fCap - 1));
	}

	long time(long seq) {
		return fTime[slot(seq)];
	}

	/** Generates messages until seq exists (or the stream has ended). */
	void ensure(long seq) {
		while (fGenSeq < seq && !fStopped) {
			generateOne();
		}
	}

	/** @return the last sequence whose message time is at or before t (generating as needed) */
	long availableThrough(long t) {
		while (!fStopped && fNextMsgTime <= t) {
			generateOne();
		}
		return fGenSeq;
	}

	private void generateOne() {
		long seq = fGenSeq + 1;
		long keep = Math.min(Math.min(fLines[0].fNext, fLines[1].fNext), fRtMinSeq);
		if (seq - keep >= fCap) {
			grow();
		}
		int sl = slot(seq);
		long t = fNextMsgTime;
		fLen[sl] = (byte) fItch.next(fMsg, sl * SLOT, t - fS.fMidnightEpochNanos);
		fTime[sl] = t;
		fGenSeq = seq;
		BinaryFileSink day = fDayFile;
		if (day != null) {
			day.message(seq, fMsg, sl * SLOT, fLen[sl] & 0xff);
		}
		if (fItch.scripted()) {
			fNextMsgTime = t + 500 + fRandom.nextInt(2_500); // opening/closing come in a quick run
		} else if (fClosing) {
			fStopped = true;
			fNextMsgTime = NEVER;
		} else if (fBurstLeft > 0) {
			fBurstLeft--;
			fNextMsgTime = t + 200 + fRandom.nextInt(1_500);
		} else {
			if (fRandom.nextInt(100) < 3) {
				fBurstLeft = 5 + fRandom.nextInt(25); // a cascade of book updates
			}
			// bursts (3% start one of ~17 messages) add about half again: keep the mean rate as asked
			double mean = 1.5e9 / fS.fRate;
			fNextMsgTime = t + 1 + (long) (-StrictMath.log(1.0 - fRandom.nextDouble()) * mean); // StrictMath: same bytes on every JVM
		}
	}

	private void grow() {
		int cap = fCap * 2;
		byte[] msg = new byte[cap * SLOT];
		byte[] len = new byte[cap];
		long[] time = new long[cap];
		long from = Math.max(1, fGenSeq - fCap + 1);
		for (long q = from; q <= fGenSeq; q++) {
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

	// ---------------------------------------------------------------- main loop

	void run() throws IOException {
		while (true) {
			fireEvents();
			long best = NEVER;
			int who = -1;
			for (int i = 0; i < 2; i++) {
				long t = fLines[i].proposal();
				if (t < best) {
					best = t;
					who = i;
				}
			}
			if (fRtSize > 0 && fRtTime[0] < best) {
				best = fRtTime[0];
				who = 2;
			}
			if (who < 0) {
				break;
			}
			if (who == 2) {
				commitRetransmission();
			} else {
				fLines[who].commit();
			}
			scheduleRetransmissions();
		}
		fLines[0].closeOpenRecords();
		fLines[1].closeOpenRecords();
	}

	private double progress() {
		if (fS.fFrames > 0) {
			return (double) fFrameNo / fS.fFrames;
		}
		return (double) (fNow - fS.fStartEpochNanos) / fS.fDurationNanos;
	}

	private void fireEvents() {
		double p = progress();
		while (fNextEvent < fS.fEvents.size() && fS.fEvents.get(fNextEvent).at() <= p) {
			fire(fS.fEvents.get(fNextEvent++));
		}
		if (!fClosing && (fS.fFrames > 0 ? fFrameNo >= fS.fFrames - 8 : p >= 1.0)) {
			fClosing = true;
			fItch.close();
			// the closing events follow now, even when a quiet period had pushed the next message away
			fNextMsgTime = Math.max(fGenSeq > 0 ? time(fGenSeq) : fNow, fNow) + 1_000;
			fLines[0].invalidate();
			fLines[1].invalidate();
		}
	}

	private void fire(Event e) {
		LineCursor l = fLines[e.line().ordinal()];
		switch (e.kind()) {
		case FREEZE:
			l.fFrozenFrom = fNow;
			l.fFrozenUntil = fNow + e.amount();
			l.fFreezePlanned = e.amount();
			// the other line ends a packet exactly where the frozen line stopped, so the freeze itself
			// makes no straddling packet: only the catch-up does, as in the incident it models
			LineCursor other = fLines[1 - e.line().ordinal()];
			if (other.fNext <= l.fNext - 1) {
				other.fCap = l.fNext - 1;
			}
			break;
		case LOSS:
			l.fDropPackets += (int) e.amount();
			break;
		case TRUE_LOSS: {
			long from = Math.max(Math.max(fLines[0].fNext, fLines[1].fNext), fHigh + 1) + 3;
			long to = from + e.amount() - 1;
			fTrueLosses.add(new long[] { from, to, 0, NEVER, -1, NEVER, -1 });
			break;
		}
		case DUPLICATE:
			l.fDupNext = true;
			break;
		case REORDER:
			l.fReorderNext = true;
			break;
		case QUIET:
			if (!fStopped) {
				long start = Math.max(fNow, time(fGenSeq));
				fNextMsgTime = Math.max(fNextMsgTime, start) + e.amount();
				comma(fQuiet).append("{\"startNs\": ").append(start).append(", \"endNs\": ").append(fNextMsgTime)
						.append(", \"afterSequence\": ").append(fGenSeq).append('}');
			}
			break;
		case MALFORMED:
			l.fMalform.add(e.malformation());
			break;
		default:
			break;
		}
		fLines[0].invalidate();
		fLines[1].invalidate();
	}

	static StringBuilder comma(StringBuilder b) {
		if (b.length() > 0) {
			b.append(",\n    ");
		}
		return b;
	}

	// ---------------------------------------------------------------- retransmission

	private void scheduleRetransmissions() {
		if (!fS.fRetransmit) {
			return;
		}
		for (long[] tl : fTrueLosses) {
			if (tl[2] == 0 && fLines[0].fNext > tl[1] && fLines[1].fNext > tl[1]) {
				tl[2] = 1;
				// what both lines really lost around the range (their packets covered more than it)
				long from = Math.max(tl[3], tl[5]);
				long to = Math.min(tl[4], tl[6]);
				if (from > to) {
					continue;
				}
				long tq = fNow + 250_000 + fRandom.nextInt(100_000);
				addRt(tq, REQUEST, from, (int) (to - from + 1));
				addRt(tq + 150_000 + fRandom.nextInt(250_000), RESPONSE, from, (int) (to - from + 1));
				fRtMinSeq = Math.min(fRtMinSeq, from);
			}
		}
	}

	private void addRt(long t, int kind, long seq, int count) {
		int i = fRtSize++;
		while (i > 0 && fRtTime[i - 1] > t) {
			fRtTime[i] = fRtTime[i - 1];
			fRtKind[i] = fRtKind[i - 1];
			fRtSeq[i] = fRtSeq[i - 1];
			fRtCount[i] = fRtCount[i - 1];
			i--;
		}
		fRtTime[i] = t;
		fRtKind[i] = kind;
		fRtSeq[i] = seq;
		fRtCount[i] = count;
	}

	private long fLastRequestFrame;

	private void commitRetransmission() throws IOException {
		long t = fRtTime[0];
		int kind = fRtKind[0];
		long seq = fRtSeq[0];
		int count = fRtCount[0];
		fRtSize--;
		System.arraycopy(fRtTime, 1, fRtTime, 0, fRtSize);
		System.arraycopy(fRtKind, 1, fRtKind, 0, fRtSize);
		System.arraycopy(fRtSeq, 1, fRtSeq, 0, fRtSize);
		System.arraycopy(fRtCount, 1, fRtCount, 0, fRtSize);
		int client = Scenario.parseIp(fS.fClient);
		int server = Scenario.parseIp(fS.fRequestServer);
		if (kind == REQUEST) {
			int p = payloadStart();
			moldHeader(p, seq, count);
			int len = finish(p + MOLD, 0x02, client, server, fS.fClientPort, fS.fRequestPort, 64, 0);
			long ft = write(t, len, len, 2, "re-request of " + count + " messages from " + seq);
			fLastRequestFrame = fFrameNo;
			fLineFrames[2]++;
			table(seq, count, 0, 0);
			fNow = ft;
		} else {
			int p = payloadStart();
			moldHeader(p, seq, count);
			int end = blocks(p + MOLD, seq, count);
			int len = finish(end, 0x03, server, client, fS.fRequestPort, fS.fClientPort, 64, 0);
			long ft = write(t, len, len, 2, "retransmission of " + count + " messages from " + seq);
			fLineFrames[2]++;
			account(2, seq, count);
			table(seq, count, seq, count);
			comma(fRetrans).append("{\"requestFrame\": ").append(fLastRequestFrame).append(", \"responseFrame\": ")
					.append(fFrameNo).append(", \"sequence\": ").append(seq).append(", \"count\": ").append(count)
					.append(", \"server\": \"").append(fS.fRequestServer).append(':').append(fS.fRequestPort)
					.append("\", \"client\": \"").append(fS.fClient).append(':').append(fS.fClientPort).append("\"}");
			fNow = ft;
			if (fRtSize == 0) {
				fRtMinSeq = NEVER;
			}
		}
	}

	// ---------------------------------------------------------------- frames

	private int payloadStart() {
		return ETH + fVlanBytes + IP + UDP;
	}

	private void moldHeader(int p, long seq, int count) {
		for (int i = 0; i < 10; i++) {
			fFrame[p + i] = (byte) fS.fSession.charAt(i);
		}
		BigEndian.put8(fFrame, p + 10, seq);
		BigEndian.put2(fFrame, p + 18, count);
	}

	/** Copies messages [seq, seq+n) as length-prefixed blocks; @return end offset */
	private int blocks(int p, long seq, int n) {
		for (long q = seq; q < seq + n; q++) {
			int sl = slot(q);
			int len = fLen[sl];
			BigEndian.put2(fFrame, p, len);
			System.arraycopy(fMsg, sl * SLOT, fFrame, p + 2, len);
			p += 2 + len;
		}
		return p;
	}

	/** Fills Ethernet, VLAN, IPv4 and UDP headers for a payload ending at end; @return frame length */
	int finish(int end, int macId, int srcIp, int dstIp, int srcPort, int dstPort, int ttl, int ipId) {
		byte[] f = fFrame;
		if ((dstIp >>> 28) == 0xe) {
			f[0] = 0x01;
			f[1] = 0x00;
			f[2] = 0x5e;
			f[3] = (byte) ((dstIp >>> 16) & 0x7f);
			f[4] = (byte) (dstIp >>> 8);
			f[5] = (byte) dstIp;
		} else {
			f[0] = 0x00;
			f[1] = 0x1b;
			f[2] = 0x21;
			f[3] = 0x3a;
			f[4] = (byte) (macId ^ 0x01);
			f[5] = (byte) 0x20;
		}
		f[6] = 0x00;
		f[7] = 0x1b;
		f[8] = 0x21;
		f[9] = 0x3a;
		f[10] = (byte) macId;
		f[11] = 0x10;
		int p = 12;
		int[] vl = fS.fVlans;
		for (int i = 0; i < vl.length; i++) {
			BigEndian.put2(f, p, i == 0 && vl.length > 1 ? 0x88a8 : 0x8100);
			BigEndian.put2(f, p + 2, vl[i]);
			p += 4;
		}
		BigEndian.put2(f, p, 0x0800);
		p += 2;
		int ip = p;
		int total = end - ip;
		f[ip] = 0x45;
		f[ip + 1] = 0;
		BigEndian.put2(f, ip + 2, total);
		BigEndian.put2(f, ip + 4, ipId & 0xffff);
		BigEndian.put2(f, ip + 6, 0x4000); // don't fragment
		f[ip + 8] = (byte) ttl;
		f[ip + 9] = 17;
		BigEndian.put2(f, ip + 10, 0);
		BigEndian.put4(f, ip + 12, srcIp);
		BigEndian.put4(f, ip + 16, dstIp);
		BigEndian.put2(f, ip + 10, ~sum(f, ip, IP, 0) & 0xffff);
		int udp = ip + IP;
		int udpLen = end - udp;
		BigEndian.put2(f, udp, srcPort);
		BigEndian.put2(f, udp + 2, dstPort);
		BigEndian.put2(f, udp + 4, udpLen);
		BigEndian.put2(f, udp + 6, 0);
		if (fS.fUdpChecksums) {
			long pseudo = (srcIp >>> 16) + (srcIp & 0xffff) + (dstIp >>> 16) + (dstIp & 0xffff) + 17 + udpLen;
			int c = ~sum(f, udp, udpLen, pseudo) & 0xffff;
			BigEndian.put2(f, udp + 6, c == 0 ? 0xffff : c);
		}
		return end;
	}

	private static final java.lang.invoke.VarHandle INT_BE = java.lang.invoke.MethodHandles
			.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);

	/**
	 * RFC 1071 one's-complement sum, 32 bits at a time (the checksum was the hottest spot): a 32-bit
	 * word is two 16-bit words, and folding the wide sum back to 16 bits gives the same result.
	 */
	private static int sum(byte[] b, int off, int len, long start) {
		long s = start;
		int i = off;
		int end = off + len;
		for (; i + 3 < end; i += 4) {
			s += (int) INT_BE.get(b, i) & 0xffffffffL;
		}
		for (; i + 1 < end; i += 2) {
			s += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
		}
		if (i < end) {
			s += (b[i] & 0xff) << 8;
		}
		s = (s & 0xffffffffL) + (s >>> 32);
		s = (s & 0xffffffffL) + (s >>> 32);
		while ((s >>> 16) != 0) {
			s = (s & 0xffff) + (s >>> 16);
		}
		return (int) s;
	}

	/** Writes the frame in fFrame; @return the capture time as stored */
	long write(long t, int captured, int original, int iface, @Nullable String comment) throws IOException {
		long ft = fSink.quantize(Math.max(t, fLastTime));
		fFrameNo++;
		fSink.frame(ft, fFrame, captured, original, iface, comment);
		if (fFirstTime < 0) {
			fFirstTime = ft;
		}
		fLastTime = ft;
		return ft;
	}

	long writeBytes(long t, byte[] data, int captured, int original, int iface, @Nullable String comment) throws IOException {
		System.arraycopy(data, 0, fFrame, 0, captured);
		return write(t, captured, original, iface, comment);
	}

	byte[] frameBuffer() {
		return fFrame;
	}

	/** Records the complete messages [seq, seq+n) of the frame just written, for line (2 = unicast). */
	void account(int line, long seq, int n) {
		if (n <= 0) {
			return;
		}
		long last = seq + n - 1;
		if (line < 2 && seq <= fHigh && last > fHigh) {
			fStraddleCount++;
			comma(fStraddles).append("{\"frame\": ").append(fFrameNo).append(", \"line\": \"").append(lineName(line))
					.append("\", \"sequence\": ").append(seq).append(", \"count\": ").append(n)
					.append(", \"alreadyDeliveredThrough\": ").append(fHigh).append(", \"newFrom\": ").append(fHigh + 1)
					.append(", \"timeNs\": ").append(fLastTime).append('}');
		}
		fDelivered[line].add(seq, last);
		fHigh = Math.max(fHigh, last);
		fMessagesInFrames += n;
	}

	static String lineName(int line) {
		return line == 0 ? "A" : line == 1 ? "B" : "R";
	}

	/**
	 * One row of the optional frame table: what a MoldUDP64 dissector must show for the frame just
	 * written (msgseq lists the sequence of every message block whose length field is present).
	 */
	void table(long seq, int count, long firstBlockSeq, int blocksShown) throws IOException {
		Writer w = fTable;
		if (w == null) {
			return;
		}
		StringBuilder b = new StringBuilder(64);
		b.append(fFrameNo).append('\t').append(fS.fSession.strip()).append('\t').append(seq).append('\t').append(count)
				.append('\t');
		for (int i = 0; i < blocksShown; i++) {
			if (i > 0) {
				b.append(',');
			}
			b.append(firstBlockSeq + i);
		}
		w.write(b.append('\n').toString());
	}

	// ---------------------------------------------------------------- one line

	final class LineCursor {
		final int fId;
		final int fMaxBatch;
		final int fSrc;
		final int fGroup;
		final int fPort;
		long fNext = 1;
		long fLastSent;
		int fIpId;
		long fFrozenFrom = -1;
		long fFrozenUntil;
		boolean fCatchingUp;
		int fDropPackets;
		boolean fDupNext;
		boolean fReorderNext;
		/** malformations waiting for a packet of at least two messages (so one block stays whole) */
		final java.util.ArrayDeque<Malformation> fMalform = new java.util.ArrayDeque<>();
		boolean fEosSent;

		// pending copy (duplicate) or held packet (reorder)
		final byte[] fPend = new byte[65536];
		int fPendLen;
		long fPendTime = NEVER;
		boolean fPendHeld;
		boolean fPendValid;
		long fPendSeq;
		int fPendCount;
		int fPendOfFrame;

		// cached proposal
		boolean fValid;
		long fPropTime;
		int fPropKind;
		int fPropCount;
		int fBatch;
		long fJitter = -1;

		LineCursor(int id, int maxBatch, int src, int group, int port) {
			fId = id;
			fMaxBatch = maxBatch;
			fSrc = src;
			fGroup = group;
			fPort = port;
			fLastSent = fS.fStartEpochNanos;
			fIpId = fRandom.nextInt(65536);
		}

		void invalidate() {
			fValid = false;
		}

		private long delay() {
			if (fJitter < 0) {
				fJitter = fId == 0 ? DELAY_A + fRandom.nextInt(2_000)
						: DELAY_A + fS.fLagMinNanos + (long) (fRandom.nextDouble() * (fS.fLagMaxNanos - fS.fLagMinNanos));
			}
			return fJitter;
		}

		long proposal() {
			if (!fValid) {
				propose();
				fValid = true;
			}
			return fPropTime;
		}

		private void propose() {
			if (fPendValid && !fPendHeld) {
				fPropTime = fPendTime;
				fPropKind = PENDING;
				return;
			}
			if (fBatch == 0) {
				fBatch = 1 + fRandom.nextInt(fMaxBatch);
			}
			if (fPendValid && fPendHeld && fStopped && fNext > fGenSeq) {
				// nothing left to overtake the held packet: it goes out late all the same
				fPendHeld = false;
				fPendTime = fLastSent + 1_000;
				fPropTime = fPendTime;
				fPropKind = PENDING;
				return;
			}
			ensure(fNext + fBatch - 1);
			if (fNext > fGenSeq) {
				// the stream has ended and this line sent all of it
				if (fS.fEndOfSession && !fEosSent && fStopped) {
					fPropTime = fLastSent + 1_000_000 + fId * 20_000;
					fPropKind = EOS;
				} else {
					fPropTime = NEVER;
				}
				return;
			}
			if (fCatchingUp) {
				long t = Math.max(fFrozenUntil, fLastSent + fS.fCatchUpSpacingNanos);
				// only look at the next message: generating up to the freeze's end now would run the
				// stream 100 ms ahead of the capture (closing and quiet periods would come too late)
				if (time(fNext) <= t - DELAY_A) {
					fPropTime = t;
					fPropKind = DATA;
					return;
				}
				// nothing waited during the freeze (a quiet feed): no catch-up to do
				fCatchingUp = false;
				fFrozenFrom = -1;
			}
			long first = time(fNext);
			long hi = Math.min(fNext + fBatch - 1, fGenSeq);
			if (fCap >= fNext) {
				hi = Math.min(hi, fCap);
			}
			long last = fNext;
			while (last < hi && time(last + 1) <= first + FLUSH_WINDOW) {
				last++;
			}
			long t = Math.max(time(last) + delay(), fLastSent + 100);
			if (fFrozenFrom >= 0 && t >= fFrozenUntil) {
				fFrozenFrom = -1; // the freeze passed while the line had nothing to send
			}
			if (fFrozenFrom >= 0 && t >= fFrozenFrom) {
				fCatchingUp = true;
				fPropTime = fFrozenUntil;
				fPropKind = DATA;
				return;
			}
			if (t > fLastSent + fS.fHeartbeatNanos) {
				fPropTime = fLastSent + fS.fHeartbeatNanos;
				fPropKind = HEARTBEAT;
				return;
			}
			fPropTime = t;
			fPropKind = DATA;
			fPropCount = (int) (last - fNext + 1);
		}

		void commit() throws IOException {
			fValid = false;
			long t = fPropTime;
			switch (fPropKind) {
			case PENDING:
				commitPending();
				return;
			case HEARTBEAT:
			case EOS: {
				int p = payloadStart();
				boolean eos = fPropKind == EOS;
				moldHeader(p, fNext, eos ? 0xffff : 0);
				int len = finish(p + MOLD, 0x0a + fId, fSrc, fGroup, fPort - 1000 + fId, fPort, 32, fIpId++);
				long ft = write(t, len, len, fId, eos ? "end of session" : null);
				lastFrameOfLine = fFrameNo;
				fLineFrames[fId]++;
				table(fNext, eos ? 0xffff : 0, 0, 0);
				if (eos) {
					fEosSent = true;
					fEosFrames[fId] = fFrameNo;
				} else {
					fHeartbeats[fId]++;
					if (fHeartbeatListed++ < 1000) {
						comma(fHeartbeatFrames).append(fFrameNo);
					}
				}
				fLastSent = ft;
				fNow = ft;
				return;
			}
			default:
				break;
			}
			int n;
			String comment = null;
			boolean catchUp = fCatchingUp;
			if (catchUp) {
				n = catchUpCount(t);
				t = Math.max(t, fCatchUpTime);
				if (fFreezeFirstFrame == 0) {
					comment = "line " + lineName(fId) + " resumes after freeze: catch-up";
				}
			} else {
				n = fPropCount;
			}
			fBatch = 0;
			fJitter = -1;
			long seq = fNext;
			fNext += n;
			// true loss: a packet touching a range both lines lose is not captured on either
			for (long[] tl : fTrueLosses) {
				if (seq <= tl[1] && seq + n - 1 >= tl[0]) {
					int o = 3 + 2 * fId;
					tl[o] = Math.min(tl[o], seq);
					tl[o + 1] = Math.max(tl[o + 1], seq + n - 1);
					lost(t, seq, n, "both lines", catchUp);
					return;
				}
			}
			if (fDropPackets > 0) {
				fDropPackets--;
				lost(t, seq, n, "line " + lineName(fId), catchUp);
				return;
			}
			int p = payloadStart();
			moldHeader(p, seq, n);
			int end = blocks(p + MOLD, seq, n);
			int len = finish(end, 0x0a + fId, fSrc, fGroup, fPort - 1000 + fId, fPort, 32, fIpId++);
			int captured = len;
			int complete = n;
			int shown = n;
			Malformation m = n >= 2 ? fMalform.poll() : null;
			if (m != null) {
				int lastBlock = end - 2 - fLen[slot(seq + n - 1)];
				switch (m) {
				case COUNT_BEYOND_BLOCKS:
					BigEndian.put2(fFrame, p + 18, n + 2);
					break;
				case BLOCK_OVERRUN:
					BigEndian.put2(fFrame, lastBlock, fLen[slot(seq + n - 1)] + 10);
					complete = n - 1;
					break;
				case SNAPLEN_TRUNCATED:
					captured = lastBlock + 2 + fLen[slot(seq + n - 1)] / 2;
					complete = n - 1;
					break;
				default:
					break;
				}
				if (m != Malformation.SNAPLEN_TRUNCATED) {
					// the damage is in the payload: the UDP checksum must still match the bytes sent
					finish(end, 0x0a + fId, fSrc, fGroup, fPort - 1000 + fId, fPort, 32, fIpId - 1);
				}
				comment = "malformed: " + m.id();
			}
			if (fReorderNext) {
				fReorderNext = false;
				hold(t, len, seq, n);
				fLastSent = t;
				return;
			}
			long ft = write(t, captured, len, fId, comment);
			lastFrameOfLine = fFrameNo;
			fLineFrames[fId]++;
			account(fId, seq, complete);
			table(seq, m == Malformation.COUNT_BEYOND_BLOCKS ? n + 2 : n, seq, shown);
			if (m != null) {
				comma(fMalformed).append("{\"frame\": ").append(fFrameNo).append(", \"line\": \"").append(lineName(fId))
						.append("\", \"kind\": \"").append(m.id()).append("\", \"sequence\": ").append(seq)
						.append(", \"countField\": ").append(m == Malformation.COUNT_BEYOND_BLOCKS ? n + 2 : n)
						.append(", \"blocksPresent\": ").append(n).append(", \"completeMessages\": ").append(complete)
						.append(", \"capturedLength\": ").append(captured).append(", \"originalLength\": ").append(len)
						.append('}');
			}
			if (catchUp) {
				noteCatchUp(ft, seq, n);
			}
			if (fPendValid && fPendHeld) {
				// the held packet follows the one that overtook it
				fPendHeld = false;
				fPendTime = ft + 500 + fRandom.nextInt(2_000);
				fOpenReorder = new StringBuilder().append("{\"line\": \"").append(lineName(fId)).append("\", \"overtakingFrame\": ")
						.append(fFrameNo).append(", \"overtakingSequence\": ").append(seq).append(", \"lateSequence\": ")
						.append(fPendSeq);
			}
			if (fDupNext) {
				fDupNext = false;
				System.arraycopy(fFrame, 0, fPend, 0, captured);
				fPendLen = captured;
				fPendValid = true;
				fPendHeld = false;
				fPendTime = ft + 2_000 + fRandom.nextInt(4_000);
				fPendSeq = seq;
				fPendCount = n;
				fPendOfFrame = fFrameNo;
			}
			fLastSent = ft;
			fNow = ft;
		}

		private void hold(long t, int len, long seq, int n) {
			System.arraycopy(fFrame, 0, fPend, 0, len);
			fPendLen = len;
			fPendValid = true;
			fPendHeld = true;
			fPendTime = NEVER;
			fPendSeq = seq;
			fPendCount = n;
			fPendOfFrame = 0;
		}

		private void commitPending() throws IOException {
			fPendValid = false;
			boolean dup = fPendOfFrame > 0;
			long ft = writeBytes(fPendTime, fPend, fPendLen, fPendLen, fId,
					dup ? "duplicate of frame " + fPendOfFrame : "reordered: arrives after a later packet");
			lastFrameOfLine = fFrameNo;
			fLineFrames[fId]++;
			account(fId, fPendSeq, fPendCount);
			table(fPendSeq, fPendCount, fPendSeq, fPendCount);
			if (dup) {
				comma(fDuplicates).append("{\"frame\": ").append(fFrameNo).append(", \"line\": \"").append(lineName(fId))
						.append("\", \"duplicateOfFrame\": ").append(fPendOfFrame).append(", \"sequence\": ")
						.append(fPendSeq).append(", \"count\": ").append(fPendCount).append('}');
			} else if (fOpenReorder != null) {
				comma(fReorders).append(fOpenReorder).append(", \"lateFrame\": ").append(fFrameNo).append('}');
				fOpenReorder = null;
			}
			fLastSent = Math.max(fLastSent, ft);
			fNow = ft;
		}

		private void lost(long t, long seq, int n, String scope, boolean catchUp) {
			comma(fLosses).append("{\"line\": \"").append(lineName(fId)).append("\", \"scope\": \"").append(scope)
					.append("\", \"sequence\": ").append(seq).append(", \"count\": ").append(n).append(", \"timeNs\": ")
					.append(t).append(", \"afterFrame\": ").append(fFrameNo).append('}');
			fLastSent = t;
			if (catchUp) {
				noteCatchUp(t, seq, n);
			}
		}

		// ---- catch-up after a freeze
		private long fCatchUpTime;
		private int fFreezeFirstFrame;
		private int fFreezeLastFrameBefore;
		private long fFreezeLastTimeBefore;
		private long fCatchUpFrom;
		private int fCatchUpFrames;

		/** Decides how many messages the next catch-up packet carries, at commit time. */
		private int catchUpCount(long t) {
			if (fFreezeFirstFrame == 0) {
				fFreezeLastFrameBefore = lastFrameOfLine;
				fFreezeLastTimeBefore = fLastSent;
				fCatchUpFrom = fNext;
			}
			fCatchUpTime = t;
			int cb = fS.fCatchUpBatch;
			long avail = availableThrough(t - DELAY_A);
			long old = fHigh - fNext + 1;
			if (old > cb + fMaxBatch) {
				return cb;
			}
			if (old >= 1) {
				// the last catch-up packet: the rest of the backlog plus messages the other line has not
				// sent yet, so it straddles old and new data as real backlogs do
				ensure(fHigh + 1);
				if (fHigh + 1 > fGenSeq) {
					fCatchingUp = false;
					return (int) (fGenSeq - fNext + 1);
				}
				fCatchUpTime = Math.max(t, time(fHigh + 1) + DELAY_A);
				long last = Math.min(availableThrough(fCatchUpTime - DELAY_A), fNext + 2L * cb - 1);
				fCatchingUp = false;
				fFrozenFrom = -1;
				return (int) (last - fNext + 1);
			}
			long n = Math.min(cb, avail - fNext + 1);
			if (n <= fMaxBatch) {
				fCatchingUp = false;
				fFrozenFrom = -1;
			}
			return (int) Math.max(1, n);
		}

		private void noteCatchUp(long ft, long seq, int n) {
			if (fFreezeFirstFrame == 0) {
				fFreezeFirstFrame = fFrameNo;
				fOpenFreeze = new StringBuilder().append("{\"line\": \"").append(lineName(fId)).append("\", \"startNs\": ")
						.append(fFreezeLastTimeBefore).append(", \"endNs\": ").append(ft)
						.append(", \"lastFrameBefore\": ").append(fFreezeLastFrameBefore)
						.append(", \"firstFrameAfter\": ").append(fFrameNo).append(", \"plannedNs\": ")
						.append(fFreezePlanned)
						.append(", \"catchUpFromSequence\": ").append(fCatchUpFrom);
			}
			fCatchUpFrames++;
			if (!fCatchingUp && fOpenFreeze != null) {
				comma(fFreezes).append(fOpenFreeze).append(", \"catchUpFrames\": ").append(fCatchUpFrames).append(", \"catchUpLastFrame\": ")
						.append(fFrameNo).append(", \"catchUpThroughSequence\": ").append(seq + n - 1).append('}');
				fFreezeFirstFrame = 0;
				fCatchUpFrames = 0;
				fOpenFreeze = null;
			}
		}

		/** Records still open when the run ended (a catch-up or a reordering cut by the end) are closed. */
		void closeOpenRecords() {
			StringBuilder f = fOpenFreeze;
			if (f != null) {
				comma(fFreezes).append(f).append(", \"catchUpFrames\": ").append(fCatchUpFrames)
						.append(", \"complete\": false}");
				fOpenFreeze = null;
			}
		}

		@Nullable
		StringBuilder fOpenReorder;
		@Nullable
		StringBuilder fOpenFreeze;

		int lastFrameOfLine;
		/** highest sequence the next packets may carry (0: no limit) */
		long fCap;
		long fFreezePlanned;
	}
}
