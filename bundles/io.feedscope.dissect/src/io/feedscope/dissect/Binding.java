package io.feedscope.dissect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A user's "Decode As" binding, written as Wireshark users write them: traffic on a UDP port (range) or to
 * a multicast group (CIDR block) is dissected with a framing protocol, before any heuristic. One syntax for
 * the command line ({@code --bind}) and the workbench's preferences:
 * <ul>
 * <li>{@code udp.port==26477}, {@code udp.port==26400-26499}</li>
 * <li>{@code ip.dst==233.54.12.111}, {@code ip.dst==233.54.12.0/24} ({@code group==} is the same)</li>
 * <li>followed by the protocol, as tshark's {@code -d} ({@code udp.port==26477,moldudp64}) or after a space
 * ({@code udp.port==26477 moldudp64}); without one, the default protocol of the caller;</li>
 * <li>the framing may name the feed its messages are: {@code udp.port==11002,moldudp64/xyz} (when several
 * message protocols ride on one framing, each feed's traffic gets its own).</li>
 * </ul>
 *
 * @param protocol the framing protocol
 * @param portLow first UDP port, -1 for a group binding
 * @param portHigh last UDP port, -1 for a group binding
 * @param group the group or CIDR block, null for a port binding
 * @param feed the messages protocol of this traffic, "" for the one the framing carries by default
 */
public record Binding(String protocol, int portLow, int portHigh, @Nullable String group, String feed) {

	private static final Pattern SPEC = Pattern.compile(
			"(udp\\.port|ip\\.dst|group)\\s*==\\s*([^\\s,]+)(?:\\s*,\\s*|\\s+)?([A-Za-z_][A-Za-z0-9_]*)?(?:/([A-Za-z_][A-Za-z0-9_]*))?");

	/** A binding without a feed choice (the framing's default feed). */
	public Binding(String protocol, int portLow, int portHigh, @Nullable String group) {
		this(protocol, portLow, portHigh, group, "");
	}

	/**
	 * @param spec the binding as written
	 * @param defaultProtocol the protocol when the spec names none
	 * @return the binding
	 * @throws IllegalArgumentException with what is wrong, for a person (the caller adds where it was written)
	 */
	public static Binding parse(String spec, String defaultProtocol) {
		Matcher m = SPEC.matcher(spec.strip());
		if (!m.matches()) {
			throw new IllegalArgumentException("expected udp.port==N[-M] or ip.dst==CIDR (group==CIDR), optionally followed by"
					+ " the protocol and feed (udp.port==26477,moldudp64 or udp.port==11002,moldudp64/itch50)");
		}
		String protocol = m.group(3) != null ? m.group(3) : defaultProtocol;
		String feed = m.group(4) != null ? m.group(4) : "";
		String value = m.group(2);
		if (m.group(1).equals("udp.port")) {
			PortRange r;
			try {
				r = PortRange.parse(value, false); // Wireshark's form only: N or N-M
			} catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("a port or range N-M within 0..65535 expected");
			}
			return new Binding(protocol, r.low(), r.high(), null, feed);
		}
		// checked here, kept as written (the builder parses it again where it binds)
		try {
			Ipv4Cidr.parse(value);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("an IPv4 group or CIDR expected, e.g. 233.54.12.0/24");
		}
		return new Binding(protocol, -1, -1, value, feed);
	}

	/** Adds this binding to a set being built. */
	public ProtocolSet.Builder applyTo(ProtocolSet.Builder builder) {
		String g = group;
		return g != null ? builder.bindGroup(protocol, feed, g) : builder.bindPorts(protocol, feed, portLow, portHigh);
	}

	/** @return the binding as {@link #parse} reads it, protocol included ({@code udp.port==26477,moldudp64}) */
	@Override
	public String toString() {
		return (group != null ? "ip.dst==" + group : "udp.port==" + portLow + (portHigh != portLow ? "-" + portHigh : ""))
				+ "," + protocol + (feed.isEmpty() ? "" : "/" + feed);
	}
}
