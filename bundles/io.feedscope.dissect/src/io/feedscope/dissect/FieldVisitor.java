package io.feedscope.dissect;

/**
 * Receives every field of a packet or a message, in wire order, for detail trees and text output.
 * <p>
 * The {@link FieldValue} passed in is a reused flyweight: read what you need during the call, do not
 * keep it. Groups nest: a packet visits its framing protocol as a group, each message block as a
 * group inside it, and the feed message as a group inside the block.
 */
public interface FieldVisitor {

	/**
	 * A group opens (protocol, message block, message); its {@link FieldValue#offset()} and
	 * {@link FieldValue#length()} span the group, {@link FieldValue#display()} is its title.
	 */
	default void beginGroup(FieldValue group) {
	}

	/** One field (wire or derived, see {@link FieldValue#isDerived()}). */
	void field(FieldValue field);

	/** The group opened last is complete. */
	default void endGroup() {
	}
}
