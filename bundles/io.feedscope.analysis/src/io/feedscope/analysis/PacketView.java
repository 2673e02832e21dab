package io.feedscope.analysis;

import io.feedscope.dissect.PacketKind;

/**
 * A classified packet as a {@link FeedCheck} sees it: read only. The analysis hands every check the same
 * packet in turn, so a check must not be able to change what the next one sees; this type has no
 * setters, and what a check receives is a view that is not a {@link PacketEvent} (a cast fails). Valid only
 * during the call it is given in: copy what you need ({@link PacketEvent#copyFrom(PacketView)}).
 * <p>
 * Addresses are IPv4 as {@code int} in network order (the high byte is the first octet), ports are
 * 0..65535, times are nanoseconds since the Unix epoch (capture time, not exchange time).
 * <p>
 * A class with final accessors, not an interface: the checks call these ten or more times per packet, and
 * the launcher's JVM runs only the client compiler (C1), which inlines a call only when it can bind it
 * statically. Through an interface with two implementations (the event and the read-only face the checks
 * get) every accessor was an interface call there; a final method reading a field is inlined into the
 * check. Only this package makes views: the event itself, and {@code PacketEvent.ReadOnly}, which reads
 * the event it is pointed at. Source written against the interface compiles unchanged (a check only calls
 * these); a check compiled against the interface must be compiled again.
 */
public abstract class PacketView {

	/** the event whose fields the accessors read: the event itself, or the one a read-only view points at */
	PacketEvent fEvent;

	/** an event reads itself; a read-only view starts on an empty event until it is pointed at one */
	PacketView() {
		fEvent = this instanceof PacketEvent self ? self : new PacketEvent();
	}

	/** @return index of the capture (tap point) this frame came from, 0-based, in the order captures were opened */
	public final int captureIndex() {
		return fEvent.fCaptureIndex;
	}

	/** @return the capture's short name (file name) */
	public final String captureName() {
		return fEvent.fCaptureName;
	}

	/** @return 1-based frame number within its capture, as in Wireshark */
	public final int frame() {
		return fEvent.fFrame;
	}

	/** @return capture timestamp, ns since the Unix epoch */
	public final long timeNanos() {
		return fEvent.fTimeNanos;
	}

	/** @return IPv4 source address, network order in an int */
	public final int sourceIp() {
		return fEvent.fSourceIp;
	}

	/** @return UDP source port */
	public final int sourcePort() {
		return fEvent.fSourcePort;
	}

	/** @return IPv4 destination (the multicast group for a line), network order in an int */
	public final int destinationIp() {
		return fEvent.fDestinationIp;
	}

	/** @return UDP destination port */
	public final int destinationPort() {
		return fEvent.fDestinationPort;
	}

	/** @return the pcapng interface id (0 for pcap); distinguishes lines when one group is seen on two NICs */
	public final int interfaceId() {
		return fEvent.fInterfaceId;
	}

	/** @return the framing protocol's name as its description gives it ("moldudp64", "cboe_suh"); empty if none */
	public final String protocol() {
		return fEvent.fProtocol;
	}

	/** @return what the frame is */
	public final PacketKind kind() {
		return fEvent.fKind;
	}

	/**
	 * @return the session (the framing field with role session) as its description formats it: trimmed text
	 *         (MoldUDP64) or a number (a PITCH unit). Adapters should hand out the same String instance for the
	 *         same value: the analysis compares by identity first.
	 */
	public final String session() {
		return fEvent.fSession;
	}

	/** @return the header's sequence: number of the first message (next expected for heartbeats) */
	public final long firstSeq() {
		return fEvent.fFirstSeq;
	}

	/** @return messages in the packet (0 unless {@link PacketKind#DATA}) */
	public final int messageCount() {
		return fEvent.fMessageCount;
	}

	/** @return sequence number of the last message, {@code firstSeq + count - 1} (for DATA) */
	public final long lastSeq() {
		PacketEvent e = fEvent;
		return e.fFirstSeq + e.fMessageCount - 1;
	}

	/**
	 * @param i 0-based message index in the packet, less than {@link #messageCount()}
	 * @return the message's type code as its description reads it (the ITCH message type byte 'A'; up to two
	 *         bytes), -1 if the message has no room for one
	 * @throws IndexOutOfBoundsException for an index not below {@link #messageCount()} (the buffer beyond it holds
	 *         an earlier packet's types)
	 */
	public final int messageType(int i) {
		PacketEvent e = fEvent;
		if (i >= e.fMessageCount) {
			throw beyond(i, e.fMessageCount);
		}
		return e.fMessageTypes[i];
	}

	/** the exception of {@link #messageType}, built out of line: that method stays small enough for C1 to inline */
	private static IndexOutOfBoundsException beyond(int i, int count) {
		return new IndexOutOfBoundsException("message " + i + " of " + count);
	}

	/** @return true when the feed's description types its message type as a character (shown as the letter) */
	public final boolean messageTypeLetters() {
		return fEvent.fTypeLetters;
	}

	/** @return for {@link PacketKind#REQUEST}: first requested sequence number */
	public final long requestSeq() {
		return fEvent.fRequestSeq;
	}

	/** @return for {@link PacketKind#REQUEST}: number of messages requested */
	public final int requestCount() {
		return fEvent.fRequestCount;
	}

	/** @return true when the destination is not multicast: a retransmission answer or a request */
	public final boolean unicast() {
		return fEvent.fUnicast;
	}

	/** @return for {@link PacketKind#MALFORMED}: what is wrong, naming the field (empty otherwise) */
	public final String problem() {
		return fEvent.fProblem;
	}

	/**
	 * @param message 0-based message index, less than {@link #messageCount()}
	 * @param field a field slot from {@link CheckContext#field(String)}
	 * @return true when the message has the field (its type has it and its bytes are there)
	 */
	public final boolean has(int message, int field) {
		PacketEvent e = fEvent;
		return field >= 0 && field < e.fFields && message >= 0 && message < e.fMessageCount
				&& e.fHas[message * e.fFields + field];
	}

	/**
	 * @param message 0-based message index, less than {@link #messageCount()}
	 * @param field a field slot from {@link CheckContext#field(String)}
	 * @return the field's value as the dissector reads it ({@code FeedMessage.getLong}: unsigned integers,
	 *         unscaled decimals, char codes, up to 8 ASCII bytes packed big-endian); 0 when it has none
	 */
	public final long value(int message, int field) {
		return has(message, field) ? fEvent.fValues[message * fEvent.fFields + field] : 0;
	}

	/** @return a reference to this packet's frame for findings and annotations ({@link Finding#frameRef}) */
	public final long frameRef() {
		PacketEvent e = fEvent;
		return Finding.frameRef(e.fCaptureIndex, e.fFrame);
	}
}
