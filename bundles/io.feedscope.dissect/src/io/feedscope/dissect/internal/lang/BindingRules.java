package io.feedscope.dissect.internal.lang;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.dissect.Ipv4Cidr;
import io.feedscope.dissect.PortRange;

/**
 * The rules of a {@code bindings} section: ports and groups choose framing protocols, groups are multicast blocks,
 * {@code carried by} is for message protocols and names another protocol, a heuristic belongs to a framing protocol,
 * scores 1..100 and makes at least two tests. Each rule answers whether the binding may go into the model.
 */
public final class BindingRules {

	private BindingRules() {
	}

	/** A port or group binding on a messages protocol. @return whether it may be kept */
	public static <P> boolean trafficBinding(String bindingWord, boolean messagesProtocol, String protocolName, P at, RuleReport<P> report) {
		if (messagesProtocol) {
			report.error(at, "'" + bindingWord + "' bindings choose framing protocols: a messages protocol is found through"
					+ " 'carried by' (bind the framing protocol's ports or groups instead, e.g. --bind udp.port==N,framing/"
					+ protocolName + ")");
			return false;
		}
		return true;
	}

	/** @return the range, or null after reporting why it is none */
	public static <P> @Nullable PortRange portRange(long low, long high, String written, P at, RuleReport<P> report) {
		if (!PortRange.valid(low, high)) {
			report.error(at, "bad UDP port range " + written + " (0..65535, low first)");
			return null;
		}
		return new PortRange((int) low, (int) high);
	}

	/**
	 * @param dottedQuad the address as the language's token has it
	 * @param prefix the prefix length (32 when none is written)
	 * @return the multicast block, or null after reporting why it is none
	 */
	public static <P> @Nullable Ipv4Cidr group(String dottedQuad, int prefix, String written, P at, RuleReport<P> report) {
		Ipv4Cidr cidr = null;
		try {
			cidr = Ipv4Cidr.of(dottedQuad, prefix);
		} catch (IllegalArgumentException e) {
			// said below, in the language's words
		}
		if (cidr == null || prefix < 4) {
			report.error(at, "bad group " + written + " (dotted quad, prefix 4..32)");
			return null;
		}
		if (!cidr.isMulticast()) {
			report.error(at, "group " + written + " is not an IPv4 multicast address (224.0.0.0/4)");
			return null;
		}
		return cidr;
	}

	/** 'carried by' on a protocol that is a framing one (declared so, or with packets). */
	public static <P> void carriedByOnFraming(boolean framing, P at, RuleReport<P> report) {
		if (framing) {
			report.error(at, "'carried by' is for message protocols; a framing protocol carries others");
		}
	}

	/** @return whether the carrier named may be kept (a protocol is not carried by itself) */
	public static <P> boolean carrier(String carrier, String protocolName, P at, RuleReport<P> report) {
		if (carrier.equals(protocolName)) {
			report.error(at, "a protocol cannot be carried by itself");
			return false;
		}
		return true;
	}

	/** A heuristic on a protocol without packet layouts (heuristics look into UDP payloads). */
	public static <P> void heuristicOwner(boolean hasPackets, P at, RuleReport<P> report) {
		if (!hasPackets) {
			report.error(at, "heuristics belong to framing protocols (the ones found in UDP payloads)");
		}
	}

	/** @param score the score written, 0 when none is */
	public static <P> void heuristicScore(long score, P at, RuleReport<P> report) {
		if (score < 1 || score > 100) {
			report.error(at, "heuristic score must be 1..100");
		}
	}

	/** @param tests how many tests the heuristic's condition makes */
	public static <P> void heuristicTests(int tests, P at, RuleReport<P> report) {
		if (tests < 2) {
			report.warning(at, "a heuristic with fewer than two tests accepts too much");
		}
	}
}
