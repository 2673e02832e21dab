package io.feedscope.filter;

/**
 * One name a display filter may use: {@code ip.dst}, {@code itch50.price}, or a protocol
 * ({@code moldudp64}).
 *
 * @param name the filter name, Wireshark style ({@code protocol.field}, or the protocol alone)
 * @param type what its values are
 * @param label the name for people ("Destination Address")
 * @param description what it is, one line for people; may be empty
 */
public record FilterField(String name, FieldType type, String label, String description) {

	/** @return the protocol the field belongs to: the name up to its first dot */
	public String protocol() {
		int dot = name.indexOf('.');
		return dot < 0 ? name : name.substring(0, dot);
	}
}
