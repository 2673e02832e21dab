package io.feedscope.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.feedscope.dissect.Binding;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolDiagnostic;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.dissect.Severity;

/**
 * The protocols a dissecting command uses and the user's choices about them, shared by {@code decode},
 * {@code analyze}, {@code bench} and {@code protocols}:
 * <ul>
 * <li>where descriptions come from: the plug-ins (plugin.xml), the site's and the user's protocols folders, and
 * each {@code --protocol FILE} (repeatable), all compiled at start through the protocol cache and used alike;</li>
 * <li>{@code --bind} options, Wireshark "Decode As" style ({@link Binding}: {@code udp.port==N[-M]},
 * {@code ip.dst==CIDR} or {@code group==CIDR}, optionally {@code ,framing} or {@code ,framing/feed}): they force
 * a framing protocol (the one named, else the installed descriptions' default) on that traffic, and with
 * {@code /feed} the messages protocol its messages are.</li>
 * </ul>
 *
 * @param bindings the parsed {@code --bind} options, in the order given
 * @param protocolFiles the {@code --protocol} files, in the order given
 */
record Bindings(List<Binding> bindings, List<Path> protocolFiles) {

	Bindings(List<Binding> bindings) {
		this(bindings, List.of());
	}

	/** {@link #parse(List, List)} without protocol files. */
	static Bindings parse(List<String> specs) throws UsageException {
		return parse(specs, List.of());
	}

	/**
	 * Parses and checks the option values; a bad one is a usage error naming it. A binding that names no protocol
	 * gets the installed descriptions' default framing in {@link #protocols()} ({@link ProtocolSet#defaultFraming()}).
	 *
	 * @param files the {@code --protocol} values: each must be a readable file
	 */
	static Bindings parse(List<String> specs, List<String> files) throws UsageException {
		List<Binding> out = new ArrayList<>();
		for (String b : specs) {
			try {
				out.add(Binding.parse(b, ""));
			} catch (IllegalArgumentException e) {
				throw new UsageException("--bind " + b + ": " + e.getMessage());
			}
		}
		List<Path> paths = new ArrayList<>();
		for (String f : files) {
			Path p = Path.of(f);
			if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
				throw new UsageException("--protocol " + f + ": " + (Files.exists(p) ? "not a readable file" : "no such file"));
			}
			paths.add(p);
		}
		return new Bindings(List.copyOf(out), List.copyOf(paths));
	}

	/** @return where the descriptions come from: plug-ins, then the site's and the user's folders, then {@code --protocol} files */
	ProtocolRegistry registry() {
		ProtocolRegistry r = ProtocolRegistry.getDefault(); // plug-ins, then the site's and the user's folders
		for (Path f : protocolFiles) {
			r.addFile(f, "--protocol " + f);
		}
		return r;
	}

	/**
	 * @return every protocol (plug-ins, folders, {@code --protocol} files) with these bindings added; a description
	 *         that does not compile is left out, its diagnostics in {@link ProtocolSet#diagnostics()}
	 * @throws UnknownProtocol if a binding names a framing or feed protocol that is not here
	 */
	ProtocolSet protocols() {
		ProtocolSet set = withBindings(registry().compile());
		// record files (BinaryFILE) opened from now on are timed by the feed this set says they hold
		io.feedscope.capture.Captures.recordClock(set.recordClock());
		return set;
	}

	private ProtocolSet withBindings(ProtocolSet set) {
		if (bindings.isEmpty()) {
			return set;
		}
		ProtocolSet.Builder builder = set.toBuilder();
		String framing = set.defaultFraming();
		for (Binding given : bindings) {
			Binding b = given.protocol().isEmpty() && framing != null
					? new Binding(framing, given.portLow(), given.portHigh(), given.group(), given.feed())
					: given;
			Protocol p = set.protocol(b.protocol());
			if (p == null || !p.isFraming()) {
				// as tshark -d does: a binding to nothing would silently change nothing
				List<String> known = set.framingProtocols().stream().map(Protocol::name).toList();
				String hint = p != null ? " ('" + p.name() + "' is a messages protocol: name its framing, e.g. "
						+ (p.carriedBy().isEmpty() ? "FRAMING" : p.carriedBy().get(0)) + "/" + p.name() + ")" : "";
				throw new UnknownProtocol("--bind " + given + ": no framing protocol '" + b.protocol() + "' (known: "
						+ String.join(", ", known) + ")" + hint);
			}
			if (!b.feed().isEmpty()) {
				Protocol f = set.protocol(b.feed());
				if (f == null || f.isFraming()) {
					List<String> feeds = set.protocols().stream().filter(x -> !x.isFraming()).map(Protocol::name).toList();
					throw new UnknownProtocol("--bind " + given + ": no messages protocol '" + b.feed() + "' (known: "
							+ String.join(", ", feeds) + ")");
				}
			}
			b.applyTo(builder);
		}
		return builder.build();
	}

	/**
	 * Prints the protocols' diagnostics on standard error, one per line as compilers do
	 * ({@code file:line:column: error: ...}), each once.
	 *
	 * @return true if one is an error: a description or contribution was left out (the command still runs with
	 *         the others, and ends with exit code 1)
	 */
	static boolean report(ProtocolSet set, PrintStream err) {
		boolean errors = false;
		for (ProtocolDiagnostic d : set.diagnostics()) {
			err.println(d);
			errors |= d.severity() == Severity.ERROR;
		}
		return errors;
	}

	/** The help of {@code --protocol FILE} (an annotation's constant). */
	static final String PROTOCOL_HELP = "also use this protocol description (.fsp; repeatable), as if it were installed; "
			+ "descriptions in ~/.config/feedscope/protocols ($XDG_CONFIG_HOME honoured) and in protocols/ beside the product "
			+ "are always used. A broken one is left out, its errors printed as FILE:LINE:COLUMN: error: ..., and the exit "
			+ "code is 1.";

	/** The help of {@code --bind SPEC} (an annotation's constant). */
	static final String BIND_HELP = "udp.port==N[-M]: dissect UDP ports N..M as the default framing protocol (the installed "
			+ "descriptions' first); ip.dst==CIDR: dissect destination group(s) likewise, e.g. 233.54.12.0/24 (group==CIDR "
			+ "is the same); \",NAME\" after any binding picks framing NAME instead, as tshark -d does, and "
			+ "\",FRAMING/FEED\" also the messages protocol FEED (when several feeds ride on one framing). Repeatable.";

	/** A binding names a protocol FeedScope has no framing protocol for (a usage error, exit 2). */
	static final class UnknownProtocol extends IllegalArgumentException {
		private static final long serialVersionUID = 1L;

		UnknownProtocol(String message) {
			super(message);
		}
	}
}
