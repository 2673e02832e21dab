package io.feedscope.analysis;

import io.feedscope.dissect.PacketKind;

/**
 * A classified packet as a {@link FeedCheck} sees it: read only. The analysis hands every check the same
 * packet in turn, so a check must not be able to change what the next one sees; this interface has no
 * setters, and what a check receives is a view that is not a {@link PacketEvent} (a cast fails). Valid only
 * during the call it is given in: copy what you need ({@link PacketEvent#copyFrom(PacketView)}).
 * <p>
 * Addresses are IPv4 as {@code int} in network order (the high byte is the first octet), ports are
 * 0..65535, times are nanoseconds since the Unix epoch (capture time, not exchange time).
 */
public interface PacketView {

	/** @return index of the capture (tap point) this frame came from, 0-based, in the order captures were opened */
	int captureIndex();

	/** @return the capture's short name (file name) */
	String captureName();

	/** @return 1-based frame number within its capture, as in Wireshark */
	int frame();

	/** @return capture timestamp, ns since the Unix epoch */
	long timeNanos();

	/** @return IPv4 source address, network order in an int */
	int sourceIp();

	/** @return UDP source port */
	int sourcePort();

	/** @return IPv4 destination (the multicast group for a line), network order in an int */
	int destinationIp();

	/** @return UDP destination port */
	int destinationPort();

	/** @return the pcapng interface id (0 for pcap) */
	int interfaceId();

	/** @return the framing protocol's name as its description gives it ("moldudp64", "cboe_suh"); empty if none */
	String protocol();

	/** @return what the frame is */
	PacketKind kind();

	/** @return the session (the framing field with role session) as its description formats it */
	String session();

	/** @return the header's sequence: number of the first message (next expected for heartbeats) */
	long firstSeq();

	/** @return messages in the packet (0 unless {@link PacketKind#DATA}) */
	int messageCount();

	/** @return sequence number of the last message, {@code firstSeq + count - 1} (for DATA) */
	long lastSeq();

	/**
	 * @param i 0-based message index in the packet, less than {@link #messageCount()}
	 * @return the message's type code as its description reads it (up to two bytes), -1 if none
	 */
	int messageType(int i);

	/** @return true when the feed's description types its message type as a character (shown as the letter) */
	boolean messageTypeLetters();

	/** @return for {@link PacketKind#REQUEST}: first requested sequence number */
	long requestSeq();

	/** @return for {@link PacketKind#REQUEST}: number of messages requested */
	int requestCount();

	/** @return true when the destination is not multicast: a retransmission answer or a request */
	boolean unicast();

	/** @return for {@link PacketKind#MALFORMED}: what is wrong, naming the field (empty otherwise) */
	String problem();

	/**
	 * @param message 0-based message index, less than {@link #messageCount()}
	 * @param field a field slot from {@link CheckContext#field(String)}
	 * @return true when the message has the field (its type has it and its bytes are there)
	 */
	default boolean has(int message, int field) {
		return false;
	}

	/**
	 * @param message 0-based message index, less than {@link #messageCount()}
	 * @param field a field slot from {@link CheckContext#field(String)}
	 * @return the field's value as the dissector reads it ({@code FeedMessage.getLong}: unsigned integers,
	 *         unscaled decimals, char codes, up to 8 ASCII bytes packed big-endian); 0 when it has none
	 */
	default long value(int message, int field) {
		return 0;
	}

	/** @return a reference to this packet's frame for findings and annotations ({@link Finding#frameRef}) */
	default long frameRef() {
		return Finding.frameRef(captureIndex(), frame());
	}
}
