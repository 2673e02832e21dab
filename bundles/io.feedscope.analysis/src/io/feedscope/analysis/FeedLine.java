package io.feedscope.analysis;

import java.util.Arrays;


/**
 * One line of a feed session: a destination (multicast group and port, plus the interface when the same
 * group is seen on two NICs) that carried the session.
 * <p>
 * Owned and updated by {@link FeedAnalyzer}; checks read it. Lines are numbered by first appearance
 * ({@link #index()}) while streaming and named at the end ({@link #name()}): A is the line that delivered
 * first for the most messages. State is counters and range lists only.
 */
public final class FeedLine extends CheckStates {

	/**
	 * per tap point (capture) the line was seen at: duplicates and reordering are judged per tap. While a line
	 * has been seen at one tap point only (one capture: the usual run), what that tap delivered is what the
	 * line delivered: its list is the line's own ({@link #fDelivered}), so the analysis keeps one list instead
	 * of two equal ones per packet; a second tap point gives the first one a copy of its own ({@link #tap}).
	 */
	static final class Tap {
		RangeList fDelivered;
		long fMax = Long.MIN_VALUE;

		Tap(RangeList delivered) {
			fDelivered = delivered;
		}
	}

	private final FeedSession fSession;
	private final int fIndex;
	private final int fDestinationIp;
	private final int fDestinationPort;
	private int fInterfaceId;
	private String fName;

	long fPackets;
	long fMessages;
	long fHeartbeats;
	long fEndOfSession;
	long fDuplicatePackets;
	long fDuplicateMessages;
	long fReorderedPackets;
	int fMaxMessagesPerPacket;
	long fFirstDeliveredCount;
	long fFirstTime = Long.MIN_VALUE;
	long fLastTime = Long.MIN_VALUE;
	long fHeartbeatNext = Long.MIN_VALUE;
	final RangeList fDelivered = new RangeList();
	final RangeList fFirstDelivered = new RangeList();
	/** what checks get: views that follow the lists but cannot change them */
	private final Ranges fDeliveredView = fDelivered.readOnly();
	private final Ranges fFirstDeliveredView = fFirstDelivered.readOnly();
	private static final Ranges NONE = new RangeList().readOnly();
	boolean fFirstDeliveredTruncated;
	Tap[] fTaps = new Tap[1];

	FeedLine(FeedSession session, int index, int ip, int port, int interfaceId, int slots) {
		super(slots);
		fSession = session;
		fIndex = index;
		fDestinationIp = ip;
		fDestinationPort = port;
		fInterfaceId = interfaceId;
		fName = "line" + (index + 1);
	}

	Tap tap(int captureIndex) {
		if (captureIndex >= fTaps.length) {
			fTaps = Arrays.copyOf(fTaps, Math.max(captureIndex + 1, fTaps.length * 2));
		}
		Tap t = fTaps[captureIndex];
		if (t == null) {
			boolean first = true;
			for (Tap other : fTaps) {
				if (other != null && other.fDelivered == fDelivered) {
					// no longer the only tap: from now on the line's list and the first tap's differ
					RangeList own = new RangeList();
					own.addAll(fDelivered);
					other.fDelivered = own;
				}
				first &= other == null;
			}
			t = new Tap(first ? fDelivered : new RangeList());
			fTaps[captureIndex] = t;
		}
		return t;
	}

	void interfaceId(int interfaceId) {
		fInterfaceId = interfaceId;
	}

	void name(String name) {
		fName = name;
	}

	public FeedSession session() {
		return fSession;
	}

	/** @return 0-based order of first appearance within the session */
	public int index() {
		return fIndex;
	}

	/** @return "A", "B", ... after the analysis finished; "line1", "line2" before */
	public String name() {
		return fName;
	}

	public int destinationIp() {
		return fDestinationIp;
	}

	public int destinationPort() {
		return fDestinationPort;
	}

	/** @return the interface id that tells this line apart, or -1 when the destination alone does */
	public int interfaceId() {
		return fInterfaceId;
	}

	/** @return "233.54.12.1:26400", with "@if1" appended when the interface tells lines apart */
	public String destination() {
		return PacketEvent.ipText(fDestinationIp) + ":" + fDestinationPort
				+ (fInterfaceId >= 0 ? "@if" + fInterfaceId : "");
	}

	/** @return DATA packets received */
	public long packets() {
		return fPackets;
	}

	/** @return messages in DATA packets, duplicates included */
	public long messages() {
		return fMessages;
	}

	public long heartbeats() {
		return fHeartbeats;
	}

	public long endOfSession() {
		return fEndOfSession;
	}

	/** @return packets whose every message this tap point had already seen on this line */
	public long duplicatePackets() {
		return fDuplicatePackets;
	}

	/** @return messages this tap point had already seen on this line */
	public long duplicateMessages() {
		return fDuplicateMessages;
	}

	/** @return packets that filled a hole below the line's highest sequence (arrived late) */
	public long reorderedPackets() {
		return fReorderedPackets;
	}

	public int maxMessagesPerPacket() {
		return fMaxMessagesPerPacket;
	}

	/**
	 * @return tap points (captures) that saw this line; packet and message counts add up over them, so a
	 *         line captured at two taps counts each packet twice
	 */
	public int taps() {
		int n = 0;
		for (Tap t : fTaps) {
			n += t == null ? 0 : 1;
		}
		return n;
	}

	/** @return the capture indices (tap points) that saw this line's DATA, ascending */
	public int[] tapCaptures() {
		int n = 0;
		int[] out = new int[fTaps.length];
		for (int i = 0; i < fTaps.length; i++) {
			if (fTaps[i] != null) {
				out[n++] = i;
			}
		}
		return Arrays.copyOf(out, n);
	}

	/**
	 * @return the messages this line delivered at one tap point (capture); empty if none; a read-only view that
	 *         follows the tap's deliveries until another tap point of the line appears (ask again after that)
	 */
	public Ranges tapDelivered(int captureIndex) {
		Tap t = captureIndex >= 0 && captureIndex < fTaps.length ? fTaps[captureIndex] : null;
		return t == null ? NONE : t.fDelivered.readOnly();
	}

	/** @return messages this line delivered before any other line of the session */
	public long firstDeliveredCount() {
		return fFirstDeliveredCount;
	}

	/** @return the messages this line delivered (any tap point); live read-only view */
	public Ranges delivered() {
		return fDeliveredView;
	}

	/**
	 * @return runs of messages this line delivered first; bounded (see {@link #firstDeliveredTruncated()})
	 *         because two lines with equal latency alternate message by message
	 */
	public Ranges firstDelivered() {
		return fFirstDeliveredView;
	}

	/** @return true when {@link #firstDelivered()} hit its size limit and later runs were not kept */
	public boolean firstDeliveredTruncated() {
		return fFirstDeliveredTruncated;
	}

	/** @return capture time of the line's first packet (any kind), ns */
	public long firstTimeNanos() {
		return fFirstTime;
	}

	/** @return capture time of the line's last packet so far (any kind), ns */
	public long lastTimeNanos() {
		return fLastTime;
	}

	/**
	 * @return the messages this line is accountable for: from its first delivered message to the last
	 *         one it delivered or announced by heartbeat; empty range ({@code from > to}) if it delivered
	 *         nothing. Gaps are judged only inside it, because a capture starts and ends at arbitrary
	 *         points of each line.
	 */
	public long[] span() {
		if (fDelivered.isEmpty()) {
			return new long[] { 0, -1 };
		}
		long to = fDelivered.max();
		if (fHeartbeatNext != Long.MIN_VALUE) {
			to = Math.max(to, fHeartbeatNext - 1);
		}
		return new long[] { fDelivered.min(), to };
	}

	@Override
	public String toString() {
		return fSession.displayName() + " " + fName + " " + destination();
	}
}
