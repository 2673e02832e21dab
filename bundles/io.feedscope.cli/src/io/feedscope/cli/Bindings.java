package io.feedscope.cli;

import java.util.ArrayList;
import java.util.List;

import io.feedscope.dissect.Binding;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;

/**
 * The user's {@code --bind} options, Wireshark "Decode As" style ({@link Binding}: {@code udp.port==N[-M]},
 * {@code ip.dst==CIDR} or {@code group==CIDR}, optionally {@code ,protocol}), shared by the commands that
 * dissect: they force a framing protocol (the one named, else the installed descriptions' default) on that traffic, for feeds the strict
 * heuristic rightly refuses (zeroed sessions, malformed packets, requests to a re-request server).
 *
 * @param bindings the parsed options, in the order given
 */
record Bindings(List<Binding> bindings) {

	/**
	 * Parses and checks the option values; a bad one is a usage error naming it. A binding that names no protocol
	 * gets the installed descriptions' default framing in {@link #protocols()} ({@link ProtocolSet#defaultFraming()}).
	 */
	static Bindings parse(List<String> specs) throws UsageException {
		List<Binding> out = new ArrayList<>();
		for (String b : specs) {
			try {
				out.add(Binding.parse(b, ""));
			} catch (IllegalArgumentException e) {
				throw new UsageException("--bind " + b + ": " + e.getMessage());
			}
		}
		return new Bindings(List.copyOf(out));
	}

	/**
	 * @return the built-in protocols with these bindings added
	 * @throws UnknownProtocol if a binding names a protocol that is not a framing protocol here
	 */
	ProtocolSet protocols() {
		ProtocolSet set = ProtocolRegistry.getDefault().compile();
		if (bindings.isEmpty()) {
			return set;
		}
		ProtocolSet.Builder builder = set.toBuilder();
		String framing = set.defaultFraming();
		for (Binding given : bindings) {
			Binding b = given.protocol().isEmpty() && framing != null
					? new Binding(framing, given.portLow(), given.portHigh(), given.group())
					: given;
			io.feedscope.dissect.Protocol p = set.protocol(b.protocol());
			if (p == null || !p.isFraming()) {
				// as tshark -d does: a binding to nothing would silently change nothing
				List<String> known = set.framingProtocols().stream().map(io.feedscope.dissect.Protocol::name).toList();
				throw new UnknownProtocol("--bind " + b + ": no framing protocol '" + b.protocol() + "' (known: "
						+ String.join(", ", known) + ")");
			}
			b.applyTo(builder);
		}
		return builder.build();
	}

	/** A binding names a protocol FeedScope has no framing protocol for (a usage error, exit 2). */
	static final class UnknownProtocol extends IllegalArgumentException {
		private static final long serialVersionUID = 1L;

		UnknownProtocol(String message) {
			super(message);
		}
	}
}
