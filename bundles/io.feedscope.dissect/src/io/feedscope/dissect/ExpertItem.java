package io.feedscope.dissect;

/**
 * Something wrong or notable in a frame, attached to the field at fault (Wireshark's expert info).
 *
 * @param severity how bad
 * @param id stable id in the dotted namespace, e.g. {@code moldudp64.count.invalid},
 *        {@code moldudp64.msglen.invalid}, {@code itch50.message_type.unknown}, {@code itch50.message.short}
 * @param field the field at fault ({@code moldudp64.count}); the protocol name if no single field
 * @param frame 1-based frame number (0 if the bytes did not come from a capture)
 * @param offset offset of the field at fault in the frame
 * @param length its length in bytes (0 if it is missing altogether)
 * @param message 0-based message index in the packet, -1 for the packet itself
 * @param reason what is wrong, claimed vs. found, for a person
 */
public record ExpertItem(Severity severity, String id, String field, int frame, int offset, int length, int message, String reason) {

	@Override
	public String toString() {
		return "frame " + frame + (message >= 0 ? " message " + message : "") + ": " + severity.name().toLowerCase(java.util.Locale.ROOT)
				+ " " + id + " [" + field + " @" + offset + "+" + length + "]: " + reason;
	}
}
