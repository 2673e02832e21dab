package io.feedscope.dissect;

/**
 * What a framing field means to the faces and the analysis, whatever its name and type: the keyword after
 * {@code role} in a description. Faces find the session, the sequence number and the count of a packet by
 * role, never by a protocol's field name.
 */
public enum FieldRole {
	/** no role */
	NONE(""),
	/**
	 * the sequence space the packet's numbers belong to (MoldUDP64 session, PITCH unit): of any type; shown
	 * with {@link FieldInfo#format(long)} (numbers) or as trimmed text (ASCII)
	 */
	SESSION("session"),
	/** sequence number of the packet's first message */
	SEQUENCE("sequence"),
	/** number of messages in the packet; special values may mark heartbeats or the end of the session */
	COUNT("count"),
	/** length of a message block (the compiler applies the description's adjustment, e.g. a length that counts itself) */
	MESSAGE_LENGTH("msglen"),
	/** the derived sequence number of each message (packet sequence + index), not on the wire ({@code moldudp64.msgseq}) */
	MESSAGE_SEQUENCE("msgseq"),
	/**
	 * a messages protocol's time of day carried by every message (ITCH 5.0 {@code timestamp}): what times the
	 * records of a record file (NASDAQ BinaryFILE), which have no capture time of their own
	 */
	TIMESTAMP("timestamp");

	private final String fKeyword;

	FieldRole(String keyword) {
		fKeyword = keyword;
	}

	/** @return the keyword a description writes after {@code role}, empty for {@link #NONE} */
	public String keyword() {
		return fKeyword;
	}

	/**
	 * @param keyword as written after {@code role} (empty: none)
	 * @return the role
	 * @throws IllegalArgumentException for a keyword no role has (the compiler rejects those first)
	 */
	public static FieldRole of(String keyword) {
		for (FieldRole r : values()) {
			if (r.fKeyword.equals(keyword)) {
				return r;
			}
		}
		throw new IllegalArgumentException("unknown field role '" + keyword + "'");
	}
}
