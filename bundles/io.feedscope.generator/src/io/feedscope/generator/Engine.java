package io.feedscope.generator;

import java.io.IOException;
import java.io.Writer;
import java.util.SplittableRandom;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.generator.Scenario.Event;
import io.feedscope.generator.internal.BigEndian;
import io.feedscope.generator.internal.BinaryFileSink;
import io.feedscope.generator.feed.CaptureSink;
import io.feedscope.generator.feed.FramingEncoder;
import io.feedscope.generator.internal.ItchSource;
import io.feedscope.generator.internal.MoldUdp64Encoder;

/**
 * The generation loop, and the frames it writes. Its parts: one {@link MessageStream} (a ring of fixed 64-byte
 * slots, no objects per message) sent by two {@link LineSimulator}s A and B with their own batching and delay,
 * plus the {@link RetransmissionServer}'s unicast re-request traffic; the loop always writes the earliest
 * proposed frame, so the capture is in time order. The {@link IncidentSchedule} fires incidents when the run's
 * progress reaches their position; packets are laid out by a {@link FramingEncoder} (MoldUDP64 here) inside the
 * Ethernet/IP/UDP headers this class writes; every written frame is accounted in the {@link TruthRecorder}.
 * All parts draw from one random source in the order they always did: one seed, the same bytes.
 */
final class Engine {

	static final int DATA = 0;
	static final int HEARTBEAT = 1;
	static final int EOS = 2;
	static final int PENDING = 3;
	static final long NEVER = Long.MAX_VALUE;

	static final long FLUSH_WINDOW = 15_000; // a line waits at most this for more messages
	static final long DELAY_A = 3_000;
	private static final int ETH = 14;
	private static final int IP = 20;
	private static final int UDP = 8;

	final Scenario fS;
	final SplittableRandom fRandom;
	final MessageStream fStream;
	final FramingEncoder fFraming;
	final TruthRecorder fTruth = new TruthRecorder();
	final RetransmissionServer fRetransmission;
	private final IncidentSchedule fSchedule;
	private final CaptureSink fSink;
	private final @Nullable Writer fTable;
	private final int fVlanBytes;

	final LineSimulator[] fLines = new LineSimulator[2];
	private final byte[] fFrame = new byte[65536];
	int fFrameNo;
	long fNow;

	Engine(Scenario s, CaptureSink sink, @Nullable Writer table) {
		fS = s;
		fSink = sink;
		fTable = table;
		fRandom = new SplittableRandom(s.fSeed);
		fRetransmission = new RetransmissionServer(this);
		// the stream keeps every message a line or a scheduled response still needs
		fStream = new MessageStream(s, fRandom, new ItchSource(s.fSeed, s.fSymbols),
				() -> Math.min(Math.min(fLines[0].fNext, fLines[1].fNext), fRetransmission.oldestNeeded()));
		fFraming = new MoldUdp64Encoder(s.fSession);
		fSchedule = new IncidentSchedule(s.fEvents);
		fVlanBytes = 4 * s.fVlans.length;
		fNow = s.fStartEpochNanos;
		fLines[0] = new LineSimulator(this, 0, s.fMaxBatchA, Scenario.parseIp(s.fSourceA), Scenario.parseIp(s.fGroupA), s.fPortA);
		fLines[1] = new LineSimulator(this, 1, s.fMaxBatchB, Scenario.parseIp(s.fSourceB), Scenario.parseIp(s.fGroupB), s.fPortB);
	}

	ItchSource itch() {
		return fStream.itch();
	}

	void dayFile(@Nullable BinaryFileSink sink) {
		fStream.dayFile(sink);
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
			if (fRetransmission.nextTime() < best) {
				best = fRetransmission.nextTime();
				who = 2;
			}
			if (who < 0) {
				break;
			}
			if (who == 2) {
				fRetransmission.commit();
			} else {
				fLines[who].commit();
			}
			if (fS.fRetransmit) {
				fRetransmission.schedule(fNow, fLines[0].fNext, fLines[1].fNext);
			}
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
		for (Event e = fSchedule.due(p); e != null; e = fSchedule.due(p)) {
			fire(e);
		}
		if (!fStream.closing() && (fS.fFrames > 0 ? fFrameNo >= fS.fFrames - 8 : p >= 1.0)) {
			fStream.close(fNow);
			fLines[0].invalidate();
			fLines[1].invalidate();
		}
	}

	/** Applies an incident to the line, the stream or the retransmission server it concerns. */
	private void fire(Event e) {
		LineSimulator l = fLines[e.line().ordinal()];
		switch (e.kind()) {
		case FREEZE:
			l.fFrozenFrom = fNow;
			l.fFrozenUntil = fNow + e.amount();
			l.fFreezePlanned = e.amount();
			// the other line ends a packet exactly where the frozen line stopped, so the freeze itself
			// makes no straddling packet: only the catch-up does, as in the incident it models
			LineSimulator other = fLines[1 - e.line().ordinal()];
			if (other.fNext <= l.fNext - 1) {
				other.fCap = l.fNext - 1;
			}
			break;
		case LOSS:
			l.fDropPackets += (int) e.amount();
			break;
		case TRUE_LOSS: {
			long from = Math.max(Math.max(fLines[0].fNext, fLines[1].fNext), fTruth.fHigh + 1) + 3;
			fRetransmission.planTrueLoss(from, from + e.amount() - 1);
			break;
		}
		case DUPLICATE:
			l.fDupNext = true;
			break;
		case REORDER:
			l.fReorderNext = true;
			break;
		case QUIET: {
			long[] gap = fStream.quiet(fNow, e.amount());
			if (gap != null) {
				TruthRecorder.comma(fTruth.fQuiet).append("{\"startNs\": ").append(gap[0]).append(", \"endNs\": ").append(gap[1])
						.append(", \"afterSequence\": ").append(fStream.last()).append('}');
			}
			break;
		}
		case MALFORMED:
			l.fMalform.add(e.malformation());
			break;
		default:
			break;
		}
		fLines[0].invalidate();
		fLines[1].invalidate();
	}

	// ---------------------------------------------------------------- frames

	int payloadStart() {
		return ETH + fVlanBytes + IP + UDP;
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
		long ft = fSink.quantize(Math.max(t, fTruth.fLastTime));
		fFrameNo++;
		fSink.frame(ft, fFrame, captured, original, iface, comment);
		fTruth.frame(ft);
		return ft;
	}

	long writeBytes(long t, byte[] data, int captured, int original, int iface, @Nullable String comment) throws IOException {
		System.arraycopy(data, 0, fFrame, 0, captured);
		return write(t, captured, original, iface, comment);
	}

	byte[] frameBuffer() {
		return fFrame;
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

}
