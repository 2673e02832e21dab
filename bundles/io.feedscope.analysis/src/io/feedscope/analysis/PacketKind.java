package io.feedscope.analysis;

/** What the dissector made of one frame; set by the adapter on each {@link PacketEvent}. */
public enum PacketKind {
	/** a downstream packet carrying one or more messages ({@code moldudp64.count} 1..0xFFFE) */
	DATA,
	/** a downstream packet with count 0: "nothing new; the next sequence number is {@code firstSeq}" */
	HEARTBEAT,
	/** a downstream packet with count 0xFFFF: the session ends, {@code firstSeq} is the next (unused) number */
	END_OF_SESSION,
	/** a 20-byte re-request sent to the re-request server ({@code requestSeq}, {@code requestCount}) */
	REQUEST,
	/** a feed packet cut short or inconsistent; contributes no messages, listed with its reason */
	MALFORMED,
	/** any other frame (other ports, ARP, ...): counted only */
	NOT_FEED
}
