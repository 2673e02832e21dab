package io.feedscope.generator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The unicast re-request traffic: when both lines have passed a range they both lost (a true loss), a client
 * re-requests it from the server and the server answers with the messages, as MoldUDP64's request/response
 * exchange. Holds the planned true losses (the lines ask it whether a packet falls into one) and a small queue
 * of scheduled frames; writes them through the engine's framing when they are due.
 */
final class RetransmissionServer {

	static final int REQUEST = 4;
	static final int RESPONSE = 5;

	private final Engine fE;
	private final long[] fTime = new long[64];
	private final int[] fKind = new int[64];
	private final long[] fSeq = new long[64];
	private final int[] fCount = new int[64];
	private int fSize;
	private long fMinSeq = Engine.NEVER;
	/** {from, to, scheduled, fromA, toA, fromB, toB}: what each line really lost around the range */
	private final List<long[]> fTrueLosses = new ArrayList<>();
	private long fLastRequestFrame;

	RetransmissionServer(Engine e) {
		fE = e;
	}

	/** Plans a range both lines lose. */
	void planTrueLoss(long from, long to) {
		fTrueLosses.add(new long[] { from, to, 0, Engine.NEVER, -1, Engine.NEVER, -1 });
	}

	/**
	 * @return whether the packet [seq, seq+n) of a line touches a range both lines lose (it is then not captured;
	 *         what it covered is remembered for the re-request)
	 */
	boolean lostOnBothLines(int line, long seq, int n) {
		for (long[] tl : fTrueLosses) {
			if (seq <= tl[1] && seq + n - 1 >= tl[0]) {
				int o = 3 + 2 * line;
				tl[o] = Math.min(tl[o], seq);
				tl[o + 1] = Math.max(tl[o + 1], seq + n - 1);
				return true;
			}
		}
		return false;
	}

	/** @return the time of the next scheduled frame, {@link Engine#NEVER} when none is */
	long nextTime() {
		return fSize > 0 ? fTime[0] : Engine.NEVER;
	}

	/** @return the oldest sequence a scheduled response still needs from the stream */
	long oldestNeeded() {
		return fMinSeq;
	}

	/** Schedules a request and its response for each true loss both lines have now passed. */
	void schedule(long now, long nextA, long nextB) {
		for (long[] tl : fTrueLosses) {
			if (tl[2] == 0 && nextA > tl[1] && nextB > tl[1]) {
				tl[2] = 1;
				long from = Math.max(tl[3], tl[5]);
				long to = Math.min(tl[4], tl[6]);
				if (from > to) {
					continue;
				}
				long tq = now + 250_000 + fE.fRandom.nextInt(100_000);
				add(tq, REQUEST, from, (int) (to - from + 1));
				add(tq + 150_000 + fE.fRandom.nextInt(250_000), RESPONSE, from, (int) (to - from + 1));
				fMinSeq = Math.min(fMinSeq, from);
			}
		}
	}

	private void add(long t, int kind, long seq, int count) {
		int i = fSize++;
		while (i > 0 && fTime[i - 1] > t) {
			fTime[i] = fTime[i - 1];
			fKind[i] = fKind[i - 1];
			fSeq[i] = fSeq[i - 1];
			fCount[i] = fCount[i - 1];
			i--;
		}
		fTime[i] = t;
		fKind[i] = kind;
		fSeq[i] = seq;
		fCount[i] = count;
	}

	/** Writes the next scheduled frame (a request from the client or the server's response). */
	void commit() throws IOException {
		long t = fTime[0];
		int kind = fKind[0];
		long seq = fSeq[0];
		int count = fCount[0];
		fSize--;
		System.arraycopy(fTime, 1, fTime, 0, fSize);
		System.arraycopy(fKind, 1, fKind, 0, fSize);
		System.arraycopy(fSeq, 1, fSeq, 0, fSize);
		System.arraycopy(fCount, 1, fCount, 0, fSize);
		Scenario s = fE.fS;
		TruthRecorder truth = fE.fTruth;
		int client = Scenario.parseIp(s.fClient);
		int server = Scenario.parseIp(s.fRequestServer);
		byte[] f = fE.frameBuffer();
		int p = fE.payloadStart();
		int h = fE.fFraming.headerLength();
		if (kind == REQUEST) {
			fE.fFraming.header(f, p, p + h, seq, count);
			int len = fE.finish(p + h, 0x02, client, server, s.fClientPort, s.fRequestPort, 64, 0);
			long ft = fE.write(t, len, len, 2, "re-request of " + count + " messages from " + seq);
			fLastRequestFrame = fE.fFrameNo;
			truth.fLineFrames[2]++;
			fE.table(seq, count, 0, 0);
			fE.fNow = ft;
		} else {
			int end = fE.fStream.blocks(fE.fFraming, f, p + h, seq, count);
			fE.fFraming.header(f, p, end, seq, count);
			int len = fE.finish(end, 0x03, server, client, s.fRequestPort, s.fClientPort, 64, 0);
			long ft = fE.write(t, len, len, 2, "retransmission of " + count + " messages from " + seq);
			truth.fLineFrames[2]++;
			truth.account(2, seq, count, fE.fFrameNo);
			fE.table(seq, count, seq, count);
			TruthRecorder.comma(truth.fRetrans).append("{\"requestFrame\": ").append(fLastRequestFrame).append(", \"responseFrame\": ")
					.append(fE.fFrameNo).append(", \"sequence\": ").append(seq).append(", \"count\": ").append(count)
					.append(", \"server\": \"").append(s.fRequestServer).append(':').append(s.fRequestPort)
					.append("\", \"client\": \"").append(s.fClient).append(':').append(s.fClientPort).append("\"}");
			fE.fNow = ft;
			if (fSize == 0) {
				fMinSeq = Engine.NEVER;
			}
		}
	}
}
