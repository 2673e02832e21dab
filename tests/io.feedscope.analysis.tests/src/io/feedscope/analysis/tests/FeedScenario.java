package io.feedscope.analysis.tests;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.CaptureMerger;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.analysis.PacketEvent;
import io.feedscope.dissect.PacketKind;
import io.feedscope.analysis.PacketSource;

/**
 * Test data builder: packets of a MoldUDP64 A/B feed, by line, time, sequence and count, with valid
 * defaults (session {@value #SESSION}, line A on {@value #GROUP_A_TEXT}, line B on {@value #GROUP_B_TEXT},
 * port {@value #PORT}). Packets are sorted by time per capture and numbered 1.. when the sources are built,
 * so a test can ask for the frame number of a packet it added.
 */
final class FeedScenario {

	static final String SESSION = "SESSION001";
	static final String GROUP_A_TEXT = "233.54.12.111";
	static final String GROUP_B_TEXT = "233.49.196.111";
	static final int GROUP_A = PacketEvent.ip(GROUP_A_TEXT);
	static final int GROUP_B = PacketEvent.ip(GROUP_B_TEXT);
	static final int PORT = 26477;
	static final int SOURCE = PacketEvent.ip("10.0.0.1");
	static final int HANDLER = PacketEvent.ip("10.1.1.5");
	static final int REREQUEST_SERVER = PacketEvent.ip("10.0.0.9");

	/** one packet added; {@link #frame()} is known once the sources are built */
	static final class Packet {
		final PacketEvent fEvent = new PacketEvent();
		final int fOrder;
		int fFrame;

		Packet(int order) {
			fOrder = order;
		}

		int frame() {
			if (fFrame == 0) {
				throw new IllegalStateException("build the sources first");
			}
			return fFrame;
		}
	}

	/** A capture replayed from memory through the same flyweight contract as a real adapter. */
	static final class ListSource implements PacketSource {
		private final String fName;
		private final List<PacketEvent> fEvents;
		private final PacketEvent fCurrent = new PacketEvent();
		private int fNext;

		ListSource(String name, List<PacketEvent> events) {
			fName = name;
			fEvents = events;
		}

		@Override
		public String name() {
			return fName;
		}

		@Override
		public String path() {
			return "/captures/" + fName;
		}

		@Override
		public String format() {
			return "pcapng";
		}

		@Override
		public boolean advance() {
			if (fNext == fEvents.size()) {
				return false;
			}
			fCurrent.copyFrom(fEvents.get(fNext++));
			return true;
		}

		@Override
		public PacketEvent current() {
			return fCurrent;
		}
	}

	private final List<List<Packet>> fCaptures = new ArrayList<>();
	private int fOrder;
	private String fSession = SESSION;
	private int fInterface;
	private boolean fBuilt;

	FeedScenario() {
		this(1);
	}

	FeedScenario(int captures) {
		for (int i = 0; i < captures; i++) {
			fCaptures.add(new ArrayList<>());
		}
	}

	/** Following packets carry this session (10 characters, padded). */
	FeedScenario session(String session) {
		fSession = String.format("%-10s", session);
		return this;
	}

	/** Following packets arrive on this capture interface. */
	FeedScenario onInterface(int interfaceId) {
		fInterface = interfaceId;
		return this;
	}

	static int group(char line) {
		return line == 'A' ? GROUP_A : GROUP_B;
	}

	private Packet add(int capture, long timeNanos) {
		Packet p = new Packet(fOrder++);
		p.fEvent.setFrame(0, timeNanos).setSource(SOURCE, 40000).setInterfaceId(fInterface).setSession(fSession)
				.setProtocol("moldudp64");
		fCaptures.get(capture).add(p);
		return p;
	}

	/** DATA on line 'A' or 'B': messages seq..seq+count-1, type codes from {@link #typeOf(long)}. */
	Packet data(int capture, char line, long timeNanos, long seq, int count) {
		Packet p = add(capture, timeNanos);
		p.fEvent.setKind(PacketKind.DATA).setDestination(group(line), PORT).setFirstSeq(seq).setMessageCount(count);
		for (int i = 0; i < count; i++) {
			p.fEvent.setMessageType(i, typeOf(seq + i));
		}
		return p;
	}

	Packet data(char line, long timeNanos, long seq, int count) {
		return data(0, line, timeNanos, seq, count);
	}

	Packet heartbeat(int capture, char line, long timeNanos, long nextSeq) {
		Packet p = add(capture, timeNanos);
		p.fEvent.setKind(PacketKind.HEARTBEAT).setDestination(group(line), PORT).setFirstSeq(nextSeq);
		return p;
	}

	Packet endOfSession(int capture, char line, long timeNanos, long nextSeq) {
		Packet p = add(capture, timeNanos);
		p.fEvent.setKind(PacketKind.END_OF_SESSION).setDestination(group(line), PORT).setFirstSeq(nextSeq);
		return p;
	}

	/** A re-request from the handler to the re-request server (unicast). */
	Packet request(int capture, long timeNanos, long seq, int count) {
		Packet p = add(capture, timeNanos);
		p.fEvent.setKind(PacketKind.REQUEST).setSource(HANDLER, 40001).setDestination(REREQUEST_SERVER, 26478)
				.setRequest(seq, count).setFirstSeq(seq).setUnicast(true);
		return p;
	}

	/** The re-request server's answer: a normal DATA packet by unicast to the handler. */
	Packet answer(int capture, long timeNanos, long seq, int count) {
		Packet p = add(capture, timeNanos);
		p.fEvent.setKind(PacketKind.DATA).setSource(REREQUEST_SERVER, 26478).setDestination(HANDLER, 40001)
				.setFirstSeq(seq).setMessageCount(count).setUnicast(true);
		for (int i = 0; i < count; i++) {
			p.fEvent.setMessageType(i, typeOf(seq + i));
		}
		return p;
	}

	Packet malformed(int capture, char line, long timeNanos, String problem) {
		Packet p = add(capture, timeNanos);
		p.fEvent.setKind(PacketKind.MALFORMED).setDestination(group(line), PORT).setProblem(problem);
		return p;
	}

	Packet notFeed(int capture, long timeNanos) {
		Packet p = add(capture, timeNanos);
		p.fEvent.setKind(PacketKind.NOT_FEED).setDestination(PacketEvent.ip("10.9.9.9"), 53).setSession("");
		return p;
	}

	/**
	 * ITCH type codes by sequence number, a fixed pattern the tests count independently: every 4th message
	 * (seq % 4 == 0) is 'E' (executed), seq % 4 == 1 is 'A' (add order), the rest 'D' (delete).
	 */
	static int typeOf(long seq) {
		int r = (int) (seq % 4);
		return r == 0 ? 'E' : r == 1 ? 'A' : 'D';
	}

	/** Sorts each capture by time (stable: insertion order on ties), numbers frames 1.., returns sources. */
	List<PacketSource> sources() {
		List<PacketSource> out = new ArrayList<>();
		for (int c = 0; c < fCaptures.size(); c++) {
			List<Packet> ps = fCaptures.get(c);
			if (!fBuilt) {
				ps.sort(Comparator.comparingLong((Packet p) -> p.fEvent.timeNanos()).thenComparingInt(p -> p.fOrder));
				for (int i = 0; i < ps.size(); i++) {
					ps.get(i).fFrame = i + 1;
					ps.get(i).fEvent.setFrame(i + 1, ps.get(i).fEvent.timeNanos());
				}
			}
			List<PacketEvent> events = new ArrayList<>();
			for (Packet p : ps) {
				events.add(p.fEvent);
			}
			out.add(new ListSource("cap" + c + ".pcapng", events));
		}
		fBuilt = true;
		return out;
	}

	AnalysisResult analyze() {
		return analyze(AnalysisOptions.DEFAULTS);
	}

	AnalysisResult analyze(AnalysisOptions options) {
		try (CaptureMerger m = new CaptureMerger(sources())) {
			return FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(), options);
		}
	}

	/** messages per source packet k, cycling: 15 messages every 5 packets, "1-5 msgs/packet" */
	static final int[] COUNTS = { 3, 1, 4, 2, 5 };
	private static final int[] PREFIX = { 0, 3, 4, 8, 10 };

	/** @return messages in source packet k (0-based) */
	static int count(int k) {
		return COUNTS[k % 5];
	}

	/** @return first sequence number of source packet k: packets 0.. carry 1, 2..4, 5, ... */
	static long start(int k) {
		return 1 + 15L * (k / 5) + PREFIX[k % 5];
	}

	/** @return last sequence number of source packet k */
	static long end(int k) {
		return start(k) + count(k) - 1;
	}

	/** Source packet k on a line at {@code k * interval + lag}. */
	Packet live(int capture, char line, int k, long interval, long lag) {
		return data(capture, line, k * interval + lag, start(k), count(k));
	}

	static long ms(double millis) {
		return Math.round(millis * 1_000_000);
	}

	static long us(double micros) {
		return Math.round(micros * 1_000);
	}
}
