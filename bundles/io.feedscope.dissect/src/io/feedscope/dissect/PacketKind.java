package io.feedscope.dissect;

/** What a frame is, as far as the feed is concerned. */
public enum PacketKind {
	/** a downstream packet carrying messages (possibly with expert items) */
	DATA,
	/** a downstream packet with no messages that keeps the session alive (MoldUDP64 count 0) */
	HEARTBEAT,
	/** the session is over (MoldUDP64 count 0xFFFF) */
	END_OF_SESSION,
	/** a re-request to the retransmission server (session, sequence, count); answers are DATA */
	REQUEST,
	/**
	 * not a feed packet: not UDP (or an IP fragment, or link layers too broken to reach UDP: see
	 * {@code FeedPacket.layers().problem()}), or no binding and no heuristic claimed it
	 */
	NOT_FEED,
	/** claimed by a feed protocol (binding) but its header is cut short; see the expert items */
	MALFORMED
}
