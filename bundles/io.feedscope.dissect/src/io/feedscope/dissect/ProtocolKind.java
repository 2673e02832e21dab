package io.feedscope.dissect;

/** What a protocol description describes: the keyword after {@code kind} in it. */
public enum ProtocolKind {
	/** packets on UDP (MoldUDP64, PITCH Sequenced Unit Header): header, message blocks, hand-over to a feed protocol */
	FRAMING("framing"),
	/** the messages a framing protocol carries (ITCH, PITCH messages): variants chosen by a type field */
	MESSAGES("messages");

	private final String fKeyword;

	ProtocolKind(String keyword) {
		fKeyword = keyword;
	}

	/** @return the keyword as a description writes it */
	public String keyword() {
		return fKeyword;
	}

	/**
	 * @param keyword as written after {@code kind}
	 * @return the kind
	 * @throws IllegalArgumentException for another keyword (the compiler rejects those first)
	 */
	public static ProtocolKind of(String keyword) {
		for (ProtocolKind k : values()) {
			if (k.fKeyword.equals(keyword)) {
				return k;
			}
		}
		throw new IllegalArgumentException("unknown protocol kind '" + keyword + "'");
	}
}
