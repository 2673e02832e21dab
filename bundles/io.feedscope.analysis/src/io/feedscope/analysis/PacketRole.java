package io.feedscope.analysis;

/** How the analysis classified a packet before handing it to the checks. */
public enum PacketRole {
	/** multicast DATA on a line of a session */
	LINE_DATA,
	/** multicast heartbeat on a line */
	LINE_HEARTBEAT,
	/** multicast end-of-session on a line */
	LINE_END_OF_SESSION,
	/** unicast DATA: a re-request server's answer; not a line, its messages do not count as delivered */
	RETRANSMISSION,
	/** a re-request sent to the server */
	REQUEST,
	/** unicast heartbeat or end-of-session: seen, counted nowhere */
	OTHER_UNICAST,
	/** a malformed feed frame; no messages */
	MALFORMED,
	/** a packet outside the sequence space ({@link io.feedscope.dissect.PacketKind#UNSEQUENCED}): seen, counted nowhere */
	UNSEQUENCED
}
