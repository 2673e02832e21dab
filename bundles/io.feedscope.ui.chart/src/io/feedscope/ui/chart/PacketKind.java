package io.feedscope.ui.chart;

/**
 * What a packet is, as far as the chart draws it. Stored in {@link ChartData} as the ordinal byte, so the
 * order of constants is part of the data format: append new kinds at the end.
 */
public enum PacketKind {
	/** MoldUDP64 downstream packet carrying {@code count >= 1} messages: a vertical mark over its sequence range. */
	DATA,
	/** Heartbeat (count 0): a small diamond at the next expected sequence number. */
	HEARTBEAT,
	/** End of session (count 0xFFFF): a square at the next expected sequence number. */
	END_OF_SESSION,
	/** Re-request sent to the retransmission server: an open triangle over the requested range. */
	REQUEST,
	/** Retransmission server's answer (unicast downstream packet): a mark in the answer colour with a filled triangle. */
	ANSWER,
	/** A packet the dissector could not fully read; drawn as a cross at the sequence it claimed, if any. */
	MALFORMED;

	private static final PacketKind[] VALUES = values();

	/** @return the kind for an ordinal stored in {@link ChartData}; out-of-range values read as MALFORMED */
	public static PacketKind ofOrdinal(int ordinal) {
		return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : MALFORMED;
	}
}
