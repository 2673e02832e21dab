package io.feedscope.dissect;

import org.eclipse.jdt.annotation.Nullable;

/**
 * What a frame is, as far as the feed is concerned: the one vocabulary from dissection to the chart. The
 * dissector gives the kinds its framing description can tell ({@link #DATA}, {@link #HEARTBEAT},
 * {@link #END_OF_SESSION}, {@link #REQUEST}, {@link #UNSEQUENCED}, {@link #MALFORMED}, {@link #NOT_FEED});
 * {@link #ANSWER} is given where the addressing is judged (the analysis: a downstream packet sent unicast is
 * a retransmission server's answer, not a line).
 * <p>
 * The chart stores kinds by ordinal: the order of the constants is part of that format, so new kinds go at
 * the end.
 */
public enum PacketKind {
	/** a downstream packet carrying messages (possibly with expert items); a vertical mark over its sequence range */
	DATA,
	/** a downstream packet with no messages that keeps the session alive (a count the description marks HEARTBEAT) */
	HEARTBEAT,
	/** the session is over (a count the description marks END_OF_SESSION); next expected sequence only */
	END_OF_SESSION,
	/** a re-request to the retransmission server (session, sequence, count) */
	REQUEST,
	/** a retransmission server's answer: a downstream packet sent unicast (judged by the analysis, not the dissector) */
	ANSWER,
	/** claimed by a feed protocol (binding) but its header is cut short or inconsistent; see the expert items */
	MALFORMED,
	/**
	 * not a feed packet: not UDP (or an IP fragment, or link layers too broken to reach UDP: see
	 * {@code FeedPacket.layers().problem()}), or no binding and no heuristic claimed it
	 */
	NOT_FEED,
	/**
	 * a packet whose messages are outside the session's sequence space (a sequence value the description marks
	 * UNSEQUENCED, e.g. PITCH sequence 0): decoded, but neither a gap nor a delivery
	 */
	UNSEQUENCED;

	private static final PacketKind[] VALUES = values();

	/** @return true for the kinds whose messages are decoded and shown (DATA, ANSWER, UNSEQUENCED) */
	public boolean carriesMessages() {
		return this == DATA || this == ANSWER || this == UNSEQUENCED;
	}

	/** @return the kind for an ordinal (as the chart stores it); out-of-range values read as MALFORMED */
	public static PacketKind ofOrdinal(int ordinal) {
		return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : MALFORMED;
	}

	/**
	 * @param name the kind as a description writes it ({@code -> HEARTBEAT}, {@code kind REQUEST})
	 * @return the kind, or null if there is none of that name
	 */
	public static @Nullable PacketKind named(String name) {
		for (PacketKind k : VALUES) {
			if (k.name().equals(name)) {
				return k;
			}
		}
		return null;
	}
}
