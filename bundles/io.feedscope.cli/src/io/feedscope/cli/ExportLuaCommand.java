package io.feedscope.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import io.feedscope.dissect.CompileResult;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolCompiler;
import io.feedscope.dissect.ProtocolDiagnostic;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.wireshark.LuaExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code feedscope export-lua}: one Wireshark Lua dissector from the compiled descriptions (issue 12 §1). */
@Command(name = "export-lua", description = { "Write a Wireshark Lua dissector from the protocol descriptions.", "",
		"Writes ONE Lua dissector for Wireshark/tshark from the same compiled descriptions FeedScope decodes with: each "
				+ "framing PROTOCOL (default: every framing protocol installed) with the feed protocol it carries (naming a "
				+ "feed protocol, e.g. itch50, exports it with its framing).",
		"",
		"Field names are FeedScope's (itch50.price, fs.moldudp64.sequence); values as `feedscope decode` prints them "
				+ "(prices \"123.4500\", times as ns since midnight with the time of day in the tree, enum labels in "
				+ "FIELD_name); the same expert items for the same malformations. Registered on the descriptions' UDP "
				+ "ports, in Decode As (udp.port), and as a UDP heuristic." },
		footer = "example: feedscope export-lua -o feedscope.lua && tshark -X lua_script:feedscope.lua -r a.pcap")
final class ExportLuaCommand extends CliCommand {

	@Option(names = "--fsp", paramLabel = "FILE", description = {
			"also compile a protocol description of your own (a feed protocol in it is carried by the framing protocols "
					+ "its \"carried by\" names)" })
	List<String> fFsps = new ArrayList<>();

	@Option(names = { "-o", "--output" }, paramLabel = "FILE",
			description = "write to FILE (default: standard output); an existing FILE is kept unless --force")
	@org.eclipse.jdt.annotation.Nullable
	String fOutput;

	@Option(names = "--force", description = "replace an existing -o FILE")
	boolean fForce;

	@Option(names = "--prefix-all", description = {
			"prefix every protocol with \"fs.\" (by default only those whose names Wireshark has built in: moldudp64 -> "
					+ "fs.moldudp64.sequence, moldudp -> fs.moldudp.*)" })
	boolean fPrefixAll;

	@Parameters(paramLabel = "PROTOCOL", arity = "0..*", description = "the framing (or feed) protocols to export (default: all)")
	List<String> fProtocols = new ArrayList<>();

	@Override
	int run(PrintStream out, PrintStream err) throws UsageException {
		List<String> protocols = fProtocols;
		List<String> fsps = fFsps;
		String output = fOutput;
		boolean force = fForce;
		boolean prefixAll = fPrefixAll;
		ProtocolSet.Builder builder = ProtocolRegistry.getDefault().compile().toBuilder();
		for (String f : fsps) {
			Path path = Path.of(f);
			CompileResult r;
			try {
				r = ProtocolCompiler.compile(path.toUri().toURL());
			} catch (IOException e) {
				err.println("feedscope export-lua: cannot read " + f + ": " + e.getMessage());
				return 1;
			}
			for (ProtocolDiagnostic d : r.diagnostics()) {
				err.println(d);
			}
			Protocol p = r.protocol();
			if (p == null) {
				err.println("feedscope export-lua: " + f + " does not compile (see above)");
				return 1;
			}
			builder.add(p);
			if (!p.isFraming()) {
				for (String framing : p.carriedBy()) {
					builder.carry(framing, p.name());
				}
			}
		}
		ProtocolSet set = builder.build();
		String lua;
		try {
			lua = LuaExporter.export(set, protocols, new LuaExporter.Options(prefixAll));
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		if (output == null) {
			out.print(lua);
			return 0;
		}
		Path target = Path.of(output);
		try {
			if (force) {
				Files.writeString(target, lua, StandardCharsets.UTF_8);
			} else {
				Files.writeString(target, lua, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
			}
		} catch (FileAlreadyExistsException e) {
			err.println("feedscope export-lua: " + output + " exists; not overwritten (--force to replace it)");
			return 1;
		} catch (IOException e) {
			err.println("feedscope export-lua: cannot write " + output + ": " + e.getMessage());
			return 1;
		}
		return 0;
	}
}
