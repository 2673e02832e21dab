package io.feedscope.analysis;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A feed stream: protocol + session. Its lines carry the same messages; together they define what was
 * delivered at all. Owned and updated by {@link FeedAnalyzer}; checks read it.
 */
public final class FeedSession extends CheckStates {

	private final String fProtocol;
	private final String fSession;
	final List<FeedLine> fLines = new ArrayList<>(2);
	/**
	 * {@link #fLines} as an array, for {@link #lineCount()} and {@link #line(int)}, which checks call per packet: under
	 * the client compiler (the launcher's) a call through {@code List} is an interface call it cannot inline
	 */
	private FeedLine[] fLineArray = new FeedLine[0];
	final RangeList fDelivered = new RangeList();
	/** what checks get: a view that follows the list but cannot change it */
	private final Ranges fDeliveredView = fDelivered.readOnly();
	/** distinct messages per type code (index), grown to the highest code seen: codes may take two bytes */
	long[] fMessageTypes = new long[256];
	/** messages whose type was counted from a retransmission answer because no line had delivered them yet */
	final RangeList fTypedByRetransmission = new RangeList();
	/** false once a packet of the session said its type codes are numbers, not characters */
	boolean fTypeLetters = true;
	/** distinct messages with no room for a type code */
	long fUntypedMessages;
	long fFirstDeliveredTotal;
	long fAnnouncedNext = Long.MIN_VALUE;
	long fRetransmissionPackets;
	long fRequests;
	long fFirstTime = Long.MIN_VALUE;
	long fLastTime = Long.MIN_VALUE;

	FeedSession(String protocol, String session, int slots) {
		super(slots);
		fProtocol = protocol;
		fSession = session;
	}

	public String protocol() {
		return fProtocol;
	}

	/** @return the session as the adapter gave it (the description's formatting: trimmed text, or a number) */
	public String session() {
		return fSession;
	}

	/** @return the session without trailing padding, for people */
	public String displayName() {
		return fSession.stripTrailing();
	}

	/** @return the number of lines so far (per-packet code: no copy, unlike {@link #lines()}) */
	public int lineCount() {
		return fLineArray.length;
	}

	/** @return line {@code i} of {@link #lines()}, without copying the list */
	public FeedLine line(int i) {
		return fLineArray[i];
	}

	/** Adds a line (a new one, index = the count so far). */
	void addLine(FeedLine line) {
		fLines.add(line);
		fLineArray = fLines.toArray(new FeedLine[0]);
	}

	/** Puts the lines in {@code order} (the naming at the end). */
	void sortLines(java.util.Comparator<FeedLine> order) {
		fLines.sort(order);
		fLineArray = fLines.toArray(new FeedLine[0]);
	}

	/** @return lines in order of first appearance (sorted A, B, ... once the analysis finished) */
	public List<FeedLine> lines() {
		return List.copyOf(fLines);
	}

	/** @return the line named {@code name}, or null */
	public @Nullable FeedLine line(String name) {
		for (FeedLine l : fLines) {
			if (l.name().equals(name)) {
				return l;
			}
		}
		return null;
	}

	/** @return messages delivered by at least one line (retransmissions excluded); live read-only view */
	public Ranges delivered() {
		return fDeliveredView;
	}

	/** @return true once any message or heartbeat gave the session a sequence range */
	public boolean hasSpan() {
		return !fDelivered.isEmpty() || fAnnouncedNext != Long.MIN_VALUE;
	}

	/** @return lowest sequence number delivered (or announced by heartbeat when nothing was delivered) */
	public long firstSeq() {
		if (!fDelivered.isEmpty()) {
			return fDelivered.min();
		}
		return fAnnouncedNext;
	}

	/**
	 * @return highest sequence number known to exist: the last one delivered, or one less than a
	 *         heartbeat's or end-of-session's next sequence number if that is higher (tail loss)
	 */
	public long lastSeq() {
		long last = fDelivered.isEmpty() ? Long.MIN_VALUE : fDelivered.max();
		if (fAnnouncedNext != Long.MIN_VALUE) {
			last = Math.max(last, fAnnouncedNext - 1);
		}
		return last;
	}

	/**
	 * @param typeCode a message type code as the description reads it (0..65535), or -1 for messages with no room
	 *        for one
	 * @return distinct messages of this type code, counted once at first delivery by a line or by a
	 *         retransmission answer (so the counts add up to {@link #distinctMessages()} +
	 *         {@link #retransmissionOnlyMessages()})
	 */
	public long messageTypeCount(int typeCode) {
		if (typeCode < 0) {
			return fUntypedMessages;
		}
		return typeCode < fMessageTypes.length ? fMessageTypes[typeCode] : 0;
	}

	/** @return true when the description's message type is a character (codes shown as letters, ITCH 'A') */
	public boolean messageTypeLetters() {
		return fTypeLetters;
	}

	/** @return one more than the highest type code counted (for iterating {@link #messageTypeCount(int)}) */
	public int messageTypeLimit() {
		return fMessageTypes.length;
	}

	void countMessageType(int typeCode) {
		if (typeCode < 0) {
			fUntypedMessages++;
			return;
		}
		if (typeCode >= fMessageTypes.length) {
			fMessageTypes = java.util.Arrays.copyOf(fMessageTypes, Math.max(typeCode + 1, fMessageTypes.length * 2));
		}
		fMessageTypes[typeCode]++;
	}

	/** @return distinct messages delivered by the lines */
	public long distinctMessages() {
		return fFirstDeliveredTotal;
	}

	/** @return distinct messages only a retransmission answer delivered (no line did) */
	public long retransmissionOnlyMessages() {
		return fTypedByRetransmission.minus(fDelivered).cardinality();
	}

	public long retransmissionPackets() {
		return fRetransmissionPackets;
	}

	public long requests() {
		return fRequests;
	}

	public long firstTimeNanos() {
		return fFirstTime;
	}

	public long lastTimeNanos() {
		return fLastTime;
	}

	@Override
	public String toString() {
		return fProtocol + " " + displayName();
	}
}
