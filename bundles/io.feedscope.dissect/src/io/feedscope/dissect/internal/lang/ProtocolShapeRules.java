package io.feedscope.dissect.internal.lang;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The rules of a protocol's sections, checked once the model builder has read them: a framing protocol has packet
 * layouts (one of them the fallback, without {@code when}), a messages protocol has a {@code messages} section,
 * never both, and a declared {@code kind} agrees with what is there.
 */
public final class ProtocolShapeRules {

	private ProtocolShapeRules() {
	}

	/**
	 * @param name the protocol's name
	 * @param declaredKind the {@code kind} it declares ("framing" or "messages"), null when it declares none
	 * @param hasPackets whether it has packet layouts
	 * @param hasMessages whether it has a messages section
	 * @param hasFallbackPacket whether one packet layout has no {@code when}
	 * @param at where the protocol is named (every problem here is the protocol's as a whole)
	 * @return the protocol's kind: the declared one, else the one its sections make it
	 */
	public static <P> String check(String name, @Nullable String declaredKind, boolean hasPackets, boolean hasMessages,
			boolean hasFallbackPacket, P at, RuleReport<P> report) {
		if (hasPackets && hasMessages) {
			report.error(at, "a protocol has either packets (framing) or messages, not both");
		}
		String kind = declaredKind;
		if (kind == null) {
			kind = hasPackets ? "framing" : "messages";
		} else if (kind.equals("framing") && hasMessages || kind.equals("messages") && hasPackets) {
			report.error(at, "protocol kind '" + kind + "' does not match its " + (hasPackets ? "packet" : "messages") + " section");
		}
		if (!hasPackets && !hasMessages) {
			report.error(at, "protocol '" + name + "' has neither a 'packet' nor a 'messages' section");
		}
		if (hasPackets && !hasFallbackPacket) {
			report.error(at, "no packet without 'when': one packet layout must be the fallback");
		}
		return kind;
	}
}
