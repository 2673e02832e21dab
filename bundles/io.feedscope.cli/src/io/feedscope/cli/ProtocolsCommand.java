package io.feedscope.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.feedscope.dissect.CompileResult;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolCompiler;
import io.feedscope.dissect.ProtocolDiagnostic;
import io.feedscope.dissect.ProtocolLayouts;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code feedscope protocols}: the protocols a run would use, where each came from and how it is bound;
 * {@code feedscope protocols check FILE...}: a description's diagnostics and its message layouts, for whoever
 * writes one (exit code 1 on errors), without a capture or a build.
 */
@Command(name = "protocols", customSynopsis = { "feedscope protocols [--protocol FILE]... [--bind SPEC]...",
		"       feedscope protocols check FILE..." }, description = {
				"List the protocols (source, bindings); 'protocols check FILE...' checks descriptions.", "",
				"Lists every protocol a decode or analyze would use: its name, kind, where it comes from (a plug-in, the "
						+ "site's protocols/ folder beside the product, the user's folder (${sys:feedscope.userProtocols}), or "
						+ "--protocol), and how traffic finds it (ports, groups, heuristics, \"carried by\"). Problems with "
						+ "descriptions and contributions go to stderr as FILE:LINE:COLUMN: error: ..., and the exit code is "
						+ "then 1.",
				"",
				"check: compiles each description FILE on its own and prints its diagnostics, then each message type with "
						+ "its code, name and length, and each field's offset and length (for a framing protocol, its packet "
						+ "layouts). Exit code 1 if a FILE has errors." })
final class ProtocolsCommand extends CliCommand {

	@Option(names = "--bind", paramLabel = "SPEC", description = "as for decode (shown in the bindings column)")
	List<String> fBinds = new ArrayList<>();

	@Option(names = "--protocol", paramLabel = "FILE", description = { Bindings.PROTOCOL_HELP })
	List<String> fFiles = new ArrayList<>();

	@Parameters(paramLabel = "check FILE", arity = "0..*", description = "check FILE...: the descriptions to check")
	List<String> fArgs = new ArrayList<>();

	/** The user's protocols folder, for the help (the annotation names it through a system property). */
	@Override
	void customize(picocli.CommandLine cl) {
		if (System.getProperty("feedscope.userProtocols") == null) {
			System.setProperty("feedscope.userProtocols", String.valueOf(ProtocolRegistry.userDirectory()));
		}
	}

	@Override
	int run(PrintStream out, PrintStream err) throws UsageException {
		if (!fArgs.isEmpty() && fArgs.get(0).equals("check")) {
			if (!fBinds.isEmpty() || !fFiles.isEmpty()) {
				throw new UsageException("check takes description FILEs only, no --bind or --protocol");
			}
			return check(fArgs.subList(1, fArgs.size()), out, err);
		}
		if (!fArgs.isEmpty()) {
			throw new UsageException("unexpected '" + fArgs.get(0) + "' (did you mean: feedscope protocols check " + fArgs.get(0) + "?)");
		}
		List<String> binds = fBinds;
		List<String> files = fFiles;
		ProtocolSet set;
		try {
			set = Bindings.parse(binds, files).protocols();
		} catch (Bindings.UnknownProtocol e) {
			throw new UsageException(e.getMessage());
		}
		boolean broken = Bindings.report(set, err);
		List<String[]> rows = new ArrayList<>();
		rows.add(new String[] { "NAME", "KIND", "SOURCE", "BINDINGS" });
		for (Protocol p : set.protocols()) {
			rows.add(new String[] { p.name(), p.kind().keyword(), set.originOf(p.name()), set.bindingsText(p) });
		}
		int[] w = new int[3];
		for (String[] r : rows) {
			for (int k = 0; k < 3; k++) {
				w[k] = Math.max(w[k], r[k].length());
			}
		}
		for (String[] r : rows) {
			out.printf("%-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %s%n", r[0], r[1], r[2], r[3]);
		}
		return broken ? 1 : 0;
	}

	/** {@code protocols check FILE...}: each description on its own, as its author needs it. */
	private static int check(List<String> files, PrintStream out, PrintStream err) throws UsageException {
		if (files.isEmpty()) {
			throw new UsageException("check needs at least one description FILE");
		}
		int exit = 0;
		for (String f : files) {
			String text;
			try {
				text = Files.readString(Path.of(f), StandardCharsets.UTF_8);
			} catch (IOException | RuntimeException e) {
				err.println(f + ": error: cannot read: " + e.getMessage());
				exit = 1;
				continue;
			}
			CompileResult r = ProtocolCompiler.compile(f, text);
			for (ProtocolDiagnostic d : r.diagnostics()) {
				err.println(d);
			}
			Protocol p = r.protocol();
			if (p == null) {
				out.println(f + ": " + r.diagnostics().stream().filter(d -> d.severity() == io.feedscope.dissect.Severity.ERROR).count()
						+ " error(s), not usable");
				exit = 1;
				continue;
			}
			out.println(f + ": ok" + (r.diagnostics().isEmpty() ? "" : " (" + r.diagnostics().size() + " warning(s))"));
			for (String line : ProtocolLayouts.describe(p)) {
				out.println(line);
			}
		}
		return exit;
	}
}
