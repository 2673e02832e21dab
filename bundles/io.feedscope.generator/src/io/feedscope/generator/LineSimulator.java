package io.feedscope.generator;

import java.io.IOException;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.generator.Scenario.Malformation;

/**
 * One line (A or B) of the feed: a sender with its own batching, delay and IP ids that sends the message stream in
 * packets through the engine's framing, and the line's incidents as the schedule fires them (a freeze and its
 * catch-up, dropped packets, a duplicate, a reordering, malformed packets). It proposes when its next frame goes
 * out; the engine writes the earliest proposal of all senders, so the capture is in time order.
 */
final class LineSimulator {
	private final Engine fE;
	private final Scenario fS;
	private final MessageStream fStream;
	private final TruthRecorder fTruth;
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
	long fPendTime = Engine.NEVER;
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

	LineSimulator(Engine e, int id, int maxBatch, int src, int group, int port) {
		fE = e;
		fS = e.fS;
		fStream = e.fStream;
		fTruth = e.fTruth;
		fId = id;
		fMaxBatch = maxBatch;
		fSrc = src;
		fGroup = group;
		fPort = port;
		fLastSent = fS.fStartEpochNanos;
		fIpId = fE.fRandom.nextInt(65536);
	}

	void invalidate() {
		fValid = false;
	}

	private long delay() {
		if (fJitter < 0) {
			fJitter = fId == 0 ? Engine.DELAY_A + fE.fRandom.nextInt(2_000)
					: Engine.DELAY_A + fS.fLagMinNanos + (long) (fE.fRandom.nextDouble() * (fS.fLagMaxNanos - fS.fLagMinNanos));
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
			fPropKind = Engine.PENDING;
			return;
		}
		if (fBatch == 0) {
			fBatch = 1 + fE.fRandom.nextInt(fMaxBatch);
		}
		if (fPendValid && fPendHeld && fStream.stopped() && fNext > fStream.last()) {
			// nothing left to overtake the held packet: it goes out late all the same
			fPendHeld = false;
			fPendTime = fLastSent + 1_000;
			fPropTime = fPendTime;
			fPropKind = Engine.PENDING;
			return;
		}
		fStream.ensure(fNext + fBatch - 1);
		if (fNext > fStream.last()) {
			// the stream has ended and this line sent all of it
			if (fS.fEndOfSession && !fEosSent && fStream.stopped()) {
				fPropTime = fLastSent + 1_000_000 + fId * 20_000;
				fPropKind = Engine.EOS;
			} else {
				fPropTime = Engine.NEVER;
			}
			return;
		}
		if (fCatchingUp) {
			long t = Math.max(fFrozenUntil, fLastSent + fS.fCatchUpSpacingNanos);
			// only look at the next message: generating up to the freeze's end now would run the
			// stream 100 ms ahead of the capture (closing and quiet periods would come too late)
			if (fStream.time(fNext) <= t - Engine.DELAY_A) {
				fPropTime = t;
				fPropKind = Engine.DATA;
				return;
			}
			// nothing waited during the freeze (a quiet feed): no catch-up to do
			fCatchingUp = false;
			fFrozenFrom = -1;
		}
		long first = fStream.time(fNext);
		long hi = Math.min(fNext + fBatch - 1, fStream.last());
		if (fCap >= fNext) {
			hi = Math.min(hi, fCap);
		}
		long last = fNext;
		while (last < hi && fStream.time(last + 1) <= first + Engine.FLUSH_WINDOW) {
			last++;
		}
		long t = Math.max(fStream.time(last) + delay(), fLastSent + 100);
		if (fFrozenFrom >= 0 && t >= fFrozenUntil) {
			fFrozenFrom = -1; // the freeze passed while the line had nothing to send
		}
		if (fFrozenFrom >= 0 && t >= fFrozenFrom) {
			fCatchingUp = true;
			fPropTime = fFrozenUntil;
			fPropKind = Engine.DATA;
			return;
		}
		if (t > fLastSent + fS.fHeartbeatNanos) {
			fPropTime = fLastSent + fS.fHeartbeatNanos;
			fPropKind = Engine.HEARTBEAT;
			return;
		}
		fPropTime = t;
		fPropKind = Engine.DATA;
		fPropCount = (int) (last - fNext + 1);
	}

	void commit() throws IOException {
		fValid = false;
		long t = fPropTime;
		switch (fPropKind) {
		case Engine.PENDING:
			commitPending();
			return;
		case Engine.HEARTBEAT:
		case Engine.EOS: {
			int p = fE.payloadStart();
			boolean eos = fPropKind == Engine.EOS;
			int h = fE.fFraming.headerLength();
			fE.fFraming.header(fE.frameBuffer(), p, p + h, fNext, eos ? 0xffff : 0);
			int len = fE.finish(p + h, 0x0a + fId, fSrc, fGroup, fPort - 1000 + fId, fPort, 32, fIpId++);
			long ft = fE.write(t, len, len, fId, eos ? "end of session" : null);
			lastFrameOfLine = fE.fFrameNo;
			fTruth.fLineFrames[fId]++;
			fE.table(fNext, eos ? 0xffff : 0, 0, 0);
			if (eos) {
				fEosSent = true;
				fTruth.fEosFrames[fId] = fE.fFrameNo;
			} else {
				fTruth.heartbeat(fId, fE.fFrameNo);
			}
			fLastSent = ft;
			fE.fNow = ft;
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
				comment = "line " + TruthRecorder.lineName(fId) + " resumes after freeze: catch-up";
			}
		} else {
			n = fPropCount;
		}
		fBatch = 0;
		fJitter = -1;
		long seq = fNext;
		fNext += n;
		// true loss: a packet touching a range both lines lose is not captured on either
		if (fE.fRetransmission.lostOnBothLines(fId, seq, n)) {
			lost(t, seq, n, "both lines", catchUp);
			return;
		}
		if (fDropPackets > 0) {
			fDropPackets--;
			lost(t, seq, n, "line " + TruthRecorder.lineName(fId), catchUp);
			return;
		}
		int p = fE.payloadStart();
		byte[] frame = fE.frameBuffer();
		int end = fStream.blocks(fE.fFraming, frame, p + fE.fFraming.headerLength(), seq, n);
		fE.fFraming.header(frame, p, end, seq, n);
		int len = fE.finish(end, 0x0a + fId, fSrc, fGroup, fPort - 1000 + fId, fPort, 32, fIpId++);
		int captured = len;
		int complete = n;
		int shown = n;
		Malformation m = n >= 2 ? fMalform.poll() : null;
		if (m != null) {
			int lastLength = fStream.length(seq + n - 1);
			int lastBlock = end - fE.fFraming.blockPrefix() - lastLength;
			switch (m) {
			case COUNT_BEYOND_BLOCKS:
				fE.fFraming.count(frame, p, n + 2);
				break;
			case BLOCK_OVERRUN:
				fE.fFraming.blockLength(frame, lastBlock, lastLength + 10);
				complete = n - 1;
				break;
			case SNAPLEN_TRUNCATED:
				captured = lastBlock + fE.fFraming.blockPrefix() + lastLength / 2;
				complete = n - 1;
				break;
			default:
				break;
			}
			if (m != Malformation.SNAPLEN_TRUNCATED) {
				// the damage is in the payload: the UDP checksum must still match the bytes sent
				fE.finish(end, 0x0a + fId, fSrc, fGroup, fPort - 1000 + fId, fPort, 32, fIpId - 1);
			}
			comment = "malformed: " + m.id();
		}
		if (fReorderNext) {
			fReorderNext = false;
			hold(t, len, seq, n);
			fLastSent = t;
			return;
		}
		long ft = fE.write(t, captured, len, fId, comment);
		lastFrameOfLine = fE.fFrameNo;
		fTruth.fLineFrames[fId]++;
		fTruth.account(fId, seq, complete, fE.fFrameNo);
		fE.table(seq, m == Malformation.COUNT_BEYOND_BLOCKS ? n + 2 : n, seq, shown);
		if (m != null) {
			TruthRecorder.comma(fTruth.fMalformed).append("{\"frame\": ").append(fE.fFrameNo).append(", \"line\": \"").append(TruthRecorder.lineName(fId))
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
			fPendTime = ft + 500 + fE.fRandom.nextInt(2_000);
			fOpenReorder = new StringBuilder().append("{\"line\": \"").append(TruthRecorder.lineName(fId)).append("\", \"overtakingFrame\": ")
					.append(fE.fFrameNo).append(", \"overtakingSequence\": ").append(seq).append(", \"lateSequence\": ")
					.append(fPendSeq);
		}
		if (fDupNext) {
			fDupNext = false;
			System.arraycopy(fE.frameBuffer(), 0, fPend, 0, captured);
			fPendLen = captured;
			fPendValid = true;
			fPendHeld = false;
			fPendTime = ft + 2_000 + fE.fRandom.nextInt(4_000);
			fPendSeq = seq;
			fPendCount = n;
			fPendOfFrame = fE.fFrameNo;
		}
		fLastSent = ft;
		fE.fNow = ft;
	}

	private void hold(long t, int len, long seq, int n) {
		System.arraycopy(fE.frameBuffer(), 0, fPend, 0, len);
		fPendLen = len;
		fPendValid = true;
		fPendHeld = true;
		fPendTime = Engine.NEVER;
		fPendSeq = seq;
		fPendCount = n;
		fPendOfFrame = 0;
	}

	private void commitPending() throws IOException {
		fPendValid = false;
		boolean dup = fPendOfFrame > 0;
		long ft = fE.writeBytes(fPendTime, fPend, fPendLen, fPendLen, fId,
				dup ? "duplicate of frame " + fPendOfFrame : "reordered: arrives after a later packet");
		lastFrameOfLine = fE.fFrameNo;
		fTruth.fLineFrames[fId]++;
		fTruth.account(fId, fPendSeq, fPendCount, fE.fFrameNo);
		fE.table(fPendSeq, fPendCount, fPendSeq, fPendCount);
		if (dup) {
			TruthRecorder.comma(fTruth.fDuplicates).append("{\"frame\": ").append(fE.fFrameNo).append(", \"line\": \"").append(TruthRecorder.lineName(fId))
					.append("\", \"duplicateOfFrame\": ").append(fPendOfFrame).append(", \"sequence\": ")
					.append(fPendSeq).append(", \"count\": ").append(fPendCount).append('}');
		} else if (fOpenReorder != null) {
			TruthRecorder.comma(fTruth.fReorders).append(fOpenReorder).append(", \"lateFrame\": ").append(fE.fFrameNo).append('}');
			fOpenReorder = null;
		}
		fLastSent = Math.max(fLastSent, ft);
		fE.fNow = ft;
	}

	private void lost(long t, long seq, int n, String scope, boolean catchUp) {
		TruthRecorder.comma(fTruth.fLosses).append("{\"line\": \"").append(TruthRecorder.lineName(fId)).append("\", \"scope\": \"").append(scope)
				.append("\", \"sequence\": ").append(seq).append(", \"count\": ").append(n).append(", \"timeNs\": ")
				.append(t).append(", \"afterFrame\": ").append(fE.fFrameNo).append('}');
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
		long avail = fStream.availableThrough(t - Engine.DELAY_A);
		long old = fTruth.fHigh - fNext + 1;
		if (old > cb + fMaxBatch) {
			return cb;
		}
		if (old >= 1) {
			// the last catch-up packet: the rest of the backlog plus messages the other line has not
			// sent yet, so it straddles old and new data as real backlogs do
			fStream.ensure(fTruth.fHigh + 1);
			if (fTruth.fHigh + 1 > fStream.last()) {
				fCatchingUp = false;
				return (int) (fStream.last() - fNext + 1);
			}
			fCatchUpTime = Math.max(t, fStream.time(fTruth.fHigh + 1) + Engine.DELAY_A);
			long last = Math.min(fStream.availableThrough(fCatchUpTime - Engine.DELAY_A), fNext + 2L * cb - 1);
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
			fFreezeFirstFrame = fE.fFrameNo;
			fOpenFreeze = new StringBuilder().append("{\"line\": \"").append(TruthRecorder.lineName(fId)).append("\", \"startNs\": ")
					.append(fFreezeLastTimeBefore).append(", \"endNs\": ").append(ft)
					.append(", \"lastFrameBefore\": ").append(fFreezeLastFrameBefore)
					.append(", \"firstFrameAfter\": ").append(fE.fFrameNo).append(", \"plannedNs\": ")
					.append(fFreezePlanned)
					.append(", \"catchUpFromSequence\": ").append(fCatchUpFrom);
		}
		fCatchUpFrames++;
		if (!fCatchingUp && fOpenFreeze != null) {
			TruthRecorder.comma(fTruth.fFreezes).append(fOpenFreeze).append(", \"catchUpFrames\": ").append(fCatchUpFrames).append(", \"catchUpLastFrame\": ")
					.append(fE.fFrameNo).append(", \"catchUpThroughSequence\": ").append(seq + n - 1).append('}');
			fFreezeFirstFrame = 0;
			fCatchUpFrames = 0;
			fOpenFreeze = null;
		}
	}

	/** Records still open when the run ended (a catch-up or a reordering cut by the end) are closed. */
	void closeOpenRecords() {
		StringBuilder f = fOpenFreeze;
		if (f != null) {
			TruthRecorder.comma(fTruth.fFreezes).append(f).append(", \"catchUpFrames\": ").append(fCatchUpFrames)
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
