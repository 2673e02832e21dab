package io.feedscope.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;
import java.util.concurrent.CompletableFuture;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.CaptureMerger;
import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.analysis.PacketSource;
import io.feedscope.analysis.ReadAheadSource;
import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureProblem;
import io.feedscope.capture.Captures;
import io.feedscope.capture.StreamedCapture;
import io.feedscope.dissect.ProtocolSet;
import org.eclipse.jdt.annotation.NonNullByDefault;
import org.eclipse.jdt.annotation.Nullable;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code feedscope analyze}: the feed analysis of one or several captures (tap points) as a text summary
 * or the JSON report.
 * <p>
 * A file that cannot be opened stops the run before any analysis (exit 1, naming the file): a report over
 * part of the tap points looks complete and can show loss that a missing tap point would have disproved.
 * {@code --keep-going} analyzes the rest anyway and says which files were left out.
 */
final class AnalyzeCommand extends CliCommand {

	/** the id prefix of the built-in checks, which --check may leave out */
	private static final String BUILT_IN_PREFIX = "io.feedscope.analysis.";

	// the options, as picocli sets them (model() says which is which)
	String fFormat = "text";
	List<String> fChecks = new ArrayList<>();
	List<String> fCheckOptions = new ArrayList<>();
	boolean fList;
	List<String> fBinds = new ArrayList<>();
	List<String> fProtocolFiles = new ArrayList<>();
	@Nullable
	String fFreezeMs;
	String fGapTimeout = "auto";
	@Nullable
	String fFilter;
	@Nullable
	String fOutput;
	boolean fForce;
	boolean fKeepGoing;
	@Nullable
	String fExportFrames;
	List<String> fFiles = new ArrayList<>();

	/** --freeze-ms when not given: the analysis' own default, which the help shows and picocli sets */
	static final String DEFAULT_FREEZE_MS = String.valueOf(AnalysisOptions.DEFAULTS.freezeNanos() / 1_000_000);

	/**
	 * The everyday command lines of analyze, read without picocli: {@code analyze [--format F] [-o|--output FILE]
	 * [--force] [--keep-going] [--freeze-ms N] [--gap-timeout D] FILE...} in any order ({@link #readPlain}). Making
	 * picocli's parser (its models, its built-in converters looked up by reflection for each command line) is 15-30
	 * ms of a run's start, about as long as the checks and the protocols take to load from their caches; these
	 * options are what scripts and the benchmarks give. Any other line is picocli's, as before. The fields are set as
	 * picocli sets them ({@code FastArgumentsTest} holds the two to each other).
	 *
	 * @param args the whole command line, {@code args[0]} being {@code analyze}
	 * @return the command with its fields set, or null when picocli must read these arguments
	 */
	static @Nullable AnalyzeCommand plainArguments(String[] args) {
		if (args.length < 2 || !args[0].equals("analyze")) {
			return null;
		}
		AnalyzeCommand c = new AnalyzeCommand();
		c.fFreezeMs = DEFAULT_FREEZE_MS;
		return readPlain(args, c, c.fFiles);
	}

	@Override
	boolean plainFlag(String name) {
		switch (name) {
		case "--force" -> fForce = true;
		case "--keep-going" -> fKeepGoing = true;
		default -> {
			return false;
		}
		}
		return true;
	}

	@Override
	boolean plainValued(String name) {
		return switch (name) {
		case "--format", "-o", "--output", "--freeze-ms", "--gap-timeout" -> true;
		default -> false;
		};
	}

	@Override
	void setPlain(String name, String value) {
		switch (name) {
		case "--format" -> fFormat = value;
		case "--freeze-ms" -> fFreezeMs = value;
		case "--gap-timeout" -> fGapTimeout = value;
		case "-o", "--output" -> fOutput = value;
		default -> super.setPlain(name, value);
		}
	}

	/** The command's options, arguments and help, in code (start-up: see {@link CommandModel}). */
	@Override
	CommandSpec model() {
		CommandSpec spec = CommandModel.command("analyze", this,
				"A/B feed analysis of captures: loss, arbitration, freezes, latency (text or JSON report).", "",
				"Reads each capture (one per tap point; pcap, pcapng, BinaryFILE, gzip) through the installed feed descriptions "
						+ "(a session per the framing's role session: a MoldUDP64 session, a Cboe unit), merges them by time and runs "
						+ "the feed checks: per-line gaps, true loss and its recovery by retransmission, the replay of first-seq-only "
						+ "versus seq+count A/B arbitration, line winner, freezes, catch-up bursts, A/B latency, duplicates and "
						+ "reordering. Prints the summary (headline first) or the JSON report.");
		spec.usageMessage().footer("exit codes: 0 analyzed, 1 a file could not be read or written, 2 wrong arguments",
				"example: feedscope analyze --format json -o report.json lineA.pcapng lineB.pcapng");
		spec.addOption(CommandModel.text(() -> fFormat, v -> fFormat = v, "--format").paramLabel("F")
				.completionCandidates(CommandModel.candidates("text", "json")).description("text (default) or json").build());
		spec.addOption(CommandModel.values(() -> fChecks, v -> fChecks = v, "--check").paramLabel("ID").parameterConsumer(new CheckIds())
				.completionCandidates(new CheckIdCandidates())
				.description("run only these checks (ids as listed by --list-checks; the io.feedscope.analysis. prefix may be "
						+ "left out); several ids may follow one --check, or be given comma-separated")
				.build());
		spec.addOption(CommandModel.values(() -> fCheckOptions, v -> fCheckOptions = v, "--check-option").paramLabel("ID.NAME=VALUE")
				.description("set option NAME of check ID (as --list-checks shows them; repeatable), e.g. "
						+ "com.example.feeds.test.bigpackets.min_messages=50")
				.build());
		spec.addOption(CommandModel.flag(() -> fList, v -> fList = v, "--list-checks")
				.description("list the known checks (and the options each declares) and exit").build());
		spec.addOption(CommandModel.values(() -> fBinds, v -> fBinds = v, "--bind").paramLabel("SPEC").description(Bindings.BIND_HELP).build());
		spec.addOption(CommandModel.values(() -> fProtocolFiles, v -> fProtocolFiles = v, "--protocol").paramLabel("FILE")
				.description(Bindings.PROTOCOL_HELP).build());
		// the default is the analysis' own
		spec.addOption(CommandModel.value(() -> fFreezeMs, v -> fFreezeMs = v, "--freeze-ms").paramLabel("N")
				.defaultValue(DEFAULT_FREEZE_MS)
				.description("silence that counts as a line freeze (default ${DEFAULT-VALUE})").build());
		spec.addOption(CommandModel.text(() -> fGapTimeout, v -> fGapTimeout = v, "--gap-timeout").paramLabel("D")
				.description("how long the arbitration replay waits for a missing range before declaring it lost: 0, 250us, 5ms, 1s ... or "
						+ "auto (default: the smallest timeout at which seq+count loses nothing a line delivered); every report "
						+ "also sweeps 0, 10us, 100us, 1ms, 10ms, 100ms and 1s")
				.build());
		spec.addOption(CommandModel.value(() -> fFilter, v -> fFilter = v, "--filter").paramLabel("EXPR")
				.description("analyze only the frames this display filter keeps (Wireshark's syntax, the fields of feedscope filter-fields), "
						+ "e.g. 'ip.dst == 233.54.12.0/24' or 'vlan.id == 100'; counts and findings are then those of the kept "
						+ "frames")
				.build());
		spec.addOption(CommandModel.value(() -> fOutput, v -> fOutput = v, "-o", "--output").paramLabel("FILE")
				.description("write the report to FILE instead of standard output").build());
		spec.addOption(CommandModel.flag(() -> fForce, v -> fForce = v, "--force").description("overwrite an existing output file").build());
		spec.addOption(CommandModel.flag(() -> fKeepGoing, v -> fKeepGoing = v, "--keep-going")
				.description("analyze the readable files when some cannot be opened (the report then lacks "
						+ "those tap points: exit code 1 all the same)")
				.build());
		spec.addOption(CommandModel.value(() -> fExportFrames, v -> fExportFrames = v, "--export-frames").paramLabel("DIR")
				.description("also write one pcapng per finding into DIR (finding-NNN-CHECK.pcapng): its frames, each with a frame comment "
						+ "naming the finding(s) it belongs to, interface and capture names kept (tshark -r F -T fields -e "
						+ "frame.comment shows them); existing files are kept unless --force")
				.build());
		spec.addPositional(CommandModel.parameters(() -> fFiles, v -> fFiles = v).paramLabel("FILE")
				.description("the captures, one per tap point").build());
		return spec;
	}

	/**
	 * The checks' ids (built-in ones without their prefix), for the completion script: those installed where the
	 * script is generated. Asked only when the candidates are listed, never when a command runs.
	 */
	static final class CheckIdCandidates implements Iterable<String> {
		@Override
		public Iterator<String> iterator() {
			List<String> ids = new ArrayList<>();
			try {
				for (CheckDescriptor d : CheckRegistry.load().checks()) {
					ids.add(d.id().startsWith(BUILT_IN_PREFIX) ? d.id().substring(BUILT_IN_PREFIX.length()) : d.id());
				}
			} catch (RuntimeException e) {
				// no completion for --check then: the checks could not be listed
			}
			return ids.iterator();
		}
	}

	/**
	 * --check ID...: the ids that follow, up to the next option or the first argument that looks like a capture
	 * (has a '/', '.pcap', ends in '.gz' or exists), as the command took them before picocli.
	 */
	@NonNullByDefault({}) // picocli's interface says nothing of nulls
	static final class CheckIds implements IParameterConsumer {
		@Override
		public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
			if (args.isEmpty() || args.peek().startsWith("-")) {
				throw new ParameterException(commandSpec.commandLine(), "--check needs a value");
			}
			List<String> ids = argSpec.getValue();
			ids.add(args.pop());
			while (!args.isEmpty() && !args.peek().startsWith("-") && !looksLikeFile(args.peek())) {
				ids.add(args.pop());
			}
		}
	}

	@Override
	int run(PrintStream out, PrintStream err) throws UsageException {
		Timer timer = new Timer(err);
		boolean json = switch (fFormat) {
		case "json" -> true;
		case "text" -> false;
		default -> throw new UsageException("--format must be text or json, not '" + fFormat + "'");
		};
		List<String> checks = fChecks;
		List<String> checkOptions = fCheckOptions;
		List<String> binds = fBinds;
		List<String> protocolFiles = fProtocolFiles;
		Long freezeMs = null;
		if (fFreezeMs != null) {
			String v = fFreezeMs;
			try {
				freezeMs = Long.parseLong(v);
			} catch (NumberFormatException e) {
				throw new UsageException("--freeze-ms needs a whole number of milliseconds, not '" + v + "'");
			}
			if (freezeMs < 1 || freezeMs > 3_600_000) {
				throw new UsageException("--freeze-ms must be between 1 and 3600000, not " + v);
			}
		}
		long gapTimeout;
		try {
			gapTimeout = AnalysisOptions.parseGapTimeout(fGapTimeout);
		} catch (IllegalArgumentException e) {
			throw new UsageException("--gap-timeout: " + e.getMessage());
		}
		String output = fOutput;
		boolean force = fForce;
		boolean keepGoing = fKeepGoing;
		boolean list = fList;
		String exportFrames = fExportFrames;
		String filterText = fFilter;
		List<Path> files = new ArrayList<>();
		for (String f : fFiles) {
			files.add(Path.of(f));
		}
		Bindings bindings = Bindings.parse(binds, protocolFiles);
		// compiling the protocol descriptions is the slowest step of start-up: it runs while the checks are
		// loaded and the captures indexed
		CompletableFuture<ProtocolSet> protocolsFuture = CompletableFuture.supplyAsync(() -> protocols(bindings), runnable -> {
					Thread t = new Thread(runnable, "feedscope-protocols");
					t.setDaemon(true);
					t.start();
				});
		// loaded here, not on another thread while the arguments are parsed: measured (alternated rounds, load 5-7),
		// that made the start to analyze slower (median 119 vs 84 ms, 12 rounds) and the analysis began no sooner
		// (first frame at 350 vs 340 ms, 15 rounds: the protocols, loading meanwhile, are what it waits for)
		CheckRegistry registry = CheckRegistry.load();
		timer.lap("checks registry");
		warnLeftOut(registry, err);
		StartTrace.mark("checks registry ready");
		if (list) {
			for (CheckDescriptor d : registry.checks()) {
				out.printf("%-36s %s%s%n", d.id(), d.name(), d.defaultEnabled() ? "" : " (not run by default)");
				for (io.feedscope.analysis.CheckOption o : d.options()) {
					out.printf("    --check-option %s.%s=%s  (%s, default) %s%n", d.id(), o.name(), o.defaultValue(),
							o.type().xmlName(), o.description());
				}
			}
			return 0;
		}
		if (files.isEmpty()) {
			throw new UsageException("no capture given: feedscope analyze [options] FILE...");
		}
		List<CheckDescriptor> selected = select(registry, checks);
		Map<String, String> optionValues = checkOptions(selected, registry, checkOptions);
		AnalysisOptions options = AnalysisOptions.DEFAULTS;
		if (freezeMs != null) {
			options = options.withFreezeNanos(freezeMs * 1_000_000L);
		}
		options = options.withGapTimeoutNanos(gapTimeout);
		Path outFile = output == null ? null : Path.of(output);
		if (outFile != null) {
			if (Files.exists(outFile) && !force) {
				throw new UsageException(outFile + " exists; give --force to overwrite it");
			}
			Path parent = outFile.toAbsolutePath().getParent();
			if (parent != null && !Files.isDirectory(parent)) {
				throw new UsageException("-o: directory " + parent + " does not exist");
			}
			for (Path f : files) {
				if (Files.exists(outFile) && Files.exists(f) && isSame(outFile, f)) {
					throw new UsageException("-o " + outFile + " is one of the captures to analyze");
				}
			}
		}
		List<DissectedPacketSource> sources = new ArrayList<>();
		List<java.io.Closeable> opened = new ArrayList<>();
		List<String> refused = new ArrayList<>();
		// by capture index (the order of `opened`): the report lists them too, not only the warnings here
		List<List<CaptureProblem>> openProblems = new ArrayList<>();
		try {
			for (Path f : files) {
				// pcap and pcapng are streamed (flat memory for any size); gzip and BinaryFILE are indexed
				java.io.Closeable c;
				List<CaptureProblem> problems;
				try {
					// a filter reads frames again by number: indexed captures only
					if (filterText == null && Captures.canStream(f)) {
						StreamedCapture sc = Captures.stream(f);
						c = sc;
						problems = List.of();
					} else {
						// a record file (BinaryFILE) is timed by the feed the protocols say it holds: wait for them
						CaptureFile cf = Captures.open(f, io.feedscope.capture.IndexMonitor.NONE, recordClock(protocolsFuture));
						c = cf;
						problems = cf.problems();
					}
				} catch (NoSuchFileException e) {
					refused.add(f + ": no such file");
					continue;
				} catch (IOException | RuntimeException e) {
					refused.add(f + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
					continue;
				}
				for (CaptureProblem p : problems) {
					err.println("feedscope analyze: warning: " + p);
				}
				opened.add(c);
				openProblems.add(problems);
			}
			timer.lap("open " + opened.size() + " capture(s)");
			StartTrace.mark("captures opened");
			ProtocolSet protocols;
			try {
				protocols = protocolsFuture.join();
			} catch (java.util.concurrent.CompletionException e) {
				Throwable cause = e.getCause() == null ? e : e.getCause();
				if (cause instanceof Bindings.UnknownProtocol u) {
					throw new UsageException(u.getMessage());
				}
				err.println("feedscope analyze: cannot load the protocol descriptions: " + cause);
				return 1;
			}
			timer.lap("protocols (rest of)");
			StartTrace.mark("protocols ready");
			// a broken description is left out and said (file:line:column); the analysis runs, exit code 1
			boolean brokenProtocols = Bindings.report(protocols, err);
			io.feedscope.filter.DisplayFilter filter = null;
			if (filterText != null) {
				filter = DecodeCommand.compileFilter("analyze", filterText, protocols, err);
				if (filter == null) {
					return 2;
				}
			}
			for (java.io.Closeable c : opened) {
				sources.add(c instanceof StreamedCapture sc ? new DissectedPacketSource(sc, protocols)
						: new DissectedPacketSource((CaptureFile) c, protocols));
			}
			opened.clear();
			for (String r : refused) {
				err.println("feedscope analyze: cannot read " + r);
			}
			if (!refused.isEmpty() && (!keepGoing || sources.isEmpty())) {
				err.println("feedscope analyze: nothing analyzed: a report without "
						+ (refused.size() == 1 ? "that tap point" : "those tap points")
						+ " could mislead (--keep-going analyzes the others)");
				return 1;
			}
			List<DissectedPacketSource> streamed = List.copyOf(sources);
			AnalysisResult result;
			// read and dissect on other threads while this one runs the checks
			List<PacketSource> merged = new ArrayList<>();
			for (DissectedPacketSource s : sources) {
				merged.add(ReadAheadSource.wrap(filter == null ? s : new FilteredSource(s, filter, protocols)));
			}
			try (CaptureMerger merger = new CaptureMerger(merged)) {
				sources = List.of(); // the merger owns and closes them now
				StartTrace.mark("analysis starts");
				StartTrace.print(err);
				result = FeedAnalyzer.analyze(merger, selected, options, optionValues);
			}
			timer.lap("analysis of " + result.frames() + " frames");
			if (result.sessions().isEmpty() && result.malformedCount() == 0 && filter == null) {
				hint(files, refused, protocols, err);
			}
			for (int i = 0; i < streamed.size(); i++) {
				List<CaptureProblem> read = streamed.get(i).streamProblems();
				for (CaptureProblem p : read) {
					err.println("feedscope analyze: warning: " + p);
				}
				if (i < result.captures().size()) {
					result = result.withCaptureProblems(i, openProblems.get(i)).withCaptureProblems(i, read);
				}
			}
			int code = write(result, json, outFile, force, out, err, refused);
			timer.lap("report");
			if (exportFrames != null && code == 0) {
				code = FindingFrames.export(result, Path.of(exportFrames), force, err);
				timer.lap("export of the findings' frames");
			}
			timer.total();
			return brokenProtocols ? Math.max(code, 1) : code;
		} finally {
			for (DissectedPacketSource s : sources) {
				s.close();
			}
			for (java.io.Closeable c : opened) {
				try {
					c.close();
				} catch (IOException e) {
					// read-only mapping: nothing to lose
				}
			}
		}
	}

	/**
	 * Says on stderr which contributed checks were left out and why (a bad {@code protocols}/{@code roles} scope, a
	 * class that does not load, an id contributed twice): without it the check would just be missing from the report,
	 * with nothing to tell its author that the plug-in's declaration is wrong. The registry keeps its problems in its
	 * cache, so a warm run says the same as the run that scanned the jars.
	 */
	static void warnLeftOut(CheckRegistry registry, PrintStream err) {
		for (String p : registry.problems()) {
			err.println("feedscope analyze: warning: " + p);
		}
	}

	/** Nothing was feed data: says on stderr what the captures held and which binding would decode it. */
	private static void hint(List<Path> files, List<String> refused, ProtocolSet protocols, PrintStream err) {
		List<CaptureFile> captures = new ArrayList<>();
		try {
			for (Path f : files) {
				if (refused.stream().noneMatch(r -> r.startsWith(f + ":"))) {
					captures.add(Captures.open(f));
				}
			}
			err.println("feedscope analyze: " + io.feedscope.analysis.FeedDataHint.of(captures, protocols, String.valueOf(protocols.defaultFraming())).text());
		} catch (IOException | RuntimeException e) {
			// the hint is a courtesy: the captures were read once already
		} finally {
			for (CaptureFile c : captures) {
				try {
					c.close();
				} catch (IOException e) {
					// read-only
				}
			}
		}
	}

	private static boolean looksLikeFile(String arg) {
		return arg.contains("/") || arg.contains(".pcap") || arg.endsWith(".gz") || Files.exists(Path.of(arg));
	}

	private static boolean isSame(Path a, Path b) {
		try {
			return Files.isSameFile(a, b);
		} catch (IOException e) {
			return false;
		}
	}

	private static int write(AnalysisResult result, boolean json, @Nullable Path outFile, boolean force, PrintStream out,
			PrintStream err, List<String> refused) {
		String leftOut = refused.isEmpty() ? ""
				: "NOTE: " + refused.size() + " capture(s) could not be read and are not in this report: "
						+ String.join("; ", refused) + "\n";
		if (outFile == null) {
			if (json) {
				Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
				result.writeJson(w);
				try {
					w.write('\n');
					w.flush();
				} catch (IOException e) {
					err.println("feedscope analyze: cannot write the report: " + e);
					return 1;
				}
			} else {
				out.print(leftOut);
				out.print(result.summaryText());
			}
			out.flush();
			return refused.isEmpty() ? 0 : 1;
		}
		StandardOpenOption[] opts = force
				? new StandardOpenOption[] { StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
						StandardOpenOption.WRITE }
				: new StandardOpenOption[] { StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE };
		try (Writer w = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8, opts)) {
			if (json) {
				result.writeJson(w);
				w.write('\n');
			} else {
				w.write(leftOut);
				w.write(result.summaryText());
			}
		} catch (java.nio.file.FileAlreadyExistsException e) {
			err.println("feedscope analyze: " + outFile + " exists; give --force to overwrite it");
			return 2;
		} catch (IOException e) {
			err.println("feedscope analyze: cannot write " + outFile + ": " + e);
			return 1;
		}
		out.print(leftOut);
		out.println(result.summary().headlineText());
		out.println("report written to " + outFile);
		return refused.isEmpty() ? 0 : 1;
	}

	/**
	 * Reads {@code --check-option ID.NAME=VALUE} arguments: the check must be one that runs and declare the
	 * option, and the value must fit its type.
	 *
	 * @return the values keyed {@code ID.NAME} (full check id)
	 */
	static Map<String, String> checkOptions(List<CheckDescriptor> selected, CheckRegistry registry, List<String> args)
			throws UsageException {
		Map<String, String> out = new LinkedHashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			int dot = eq < 0 ? -1 : arg.lastIndexOf('.', eq);
			if (eq < 0 || dot <= 0) {
				throw new UsageException("--check-option needs CHECK_ID.OPTION=VALUE, not '" + arg + "'");
			}
			String id = arg.substring(0, dot);
			String name = arg.substring(dot + 1, eq);
			CheckDescriptor d = null;
			for (CheckDescriptor c : registry.checks()) {
				if (c.id().equals(id) || c.id().equals(BUILT_IN_PREFIX + id)) {
					d = c;
				}
			}
			if (d == null) {
				throw new UsageException("--check-option " + arg + ": unknown check '" + id + "' (see --list-checks)");
			}
			if (!selected.contains(d)) {
				throw new UsageException("--check-option " + arg + ": check " + d.id()
						+ " does not run" + (d.defaultEnabled() ? "" : " by default") + "; add --check " + d.id());
			}
			io.feedscope.analysis.CheckOption o = d.option(name);
			if (o == null) {
				throw new UsageException("--check-option " + arg + ": check " + d.id() + " has no option '" + name
						+ "'" + (d.options().isEmpty() ? " (it declares none)"
								: "; its options: " + String.join(", ", d.options().stream().map(x -> x.name()).toList())));
			}
			try {
				out.put(d.id() + "." + name, o.validate(arg.substring(eq + 1)));
			} catch (IllegalArgumentException e) {
				throw new UsageException("--check-option " + arg + ": " + e.getMessage());
			}
		}
		return out;
	}

	/** The checks named, in registry order; all default ones when none are named. */
	static List<CheckDescriptor> select(CheckRegistry registry, List<String> names) throws UsageException {
		if (names.isEmpty()) {
			return registry.defaultChecks();
		}
		Map<String, CheckDescriptor> byId = new LinkedHashMap<>();
		for (CheckDescriptor d : registry.checks()) {
			byId.put(d.id(), d);
		}
		List<CheckDescriptor> chosen = new ArrayList<>();
		for (String n : names) {
			for (String part : n.split(",")) {
				if (part.isEmpty()) {
					continue;
				}
				CheckDescriptor d = byId.get(part);
				if (d == null) {
					d = byId.get(BUILT_IN_PREFIX + part);
				}
				if (d == null) {
					throw new UsageException("unknown check '" + part + "'; known checks: "
							+ String.join(", ", byId.keySet()));
				}
				if (!chosen.contains(d)) {
					chosen.add(d);
				}
			}
		}
		List<CheckDescriptor> ordered = new ArrayList<>();
		for (CheckDescriptor d : registry.checks()) {
			if (chosen.contains(d)) {
				ordered.add(d);
			}
		}
		return ordered;
	}

	/** @return the clock of the protocol set, or none when it failed (which is reported where the set is used) */
	private static io.feedscope.capture.RecordClock recordClock(CompletableFuture<ProtocolSet> protocols) {
		try {
			return protocols.join().recordClock();
		} catch (RuntimeException e) {
			return io.feedscope.capture.RecordClock.NONE;
		}
	}

	/** The installed protocols with the user's bindings; analysis needs at least one framing description. */
	private static ProtocolSet protocols(Bindings bindings) {
		ProtocolSet set = bindings.protocols();
		StartTrace.mark("protocols compiled (their thread)");
		if (set.framingProtocols().isEmpty()) {
			throw new IllegalStateException("no framing protocol description is installed");
		}
		return set;
	}

	/** Phase times on standard error with {@code -Dfeedscope.timing=true}: where a run's time goes. */
	private static final class Timer {
		private final PrintStream fErr;
		private final boolean fOn = Boolean.getBoolean("feedscope.timing");
		private long fLast;

		Timer(PrintStream err) {
			fErr = err;
			if (fOn) {
				long jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
				fErr.printf(Locale.ROOT, "timing: JVM start to analyze: %d ms%n", jvm);
			}
			// from here: loading the management classes for the uptime (10-30 ms) is not the first phase's time
			fLast = System.nanoTime();
		}

		void lap(String what) {
			if (fOn) {
				long now = System.nanoTime();
				fErr.printf(Locale.ROOT, "timing: %-40s %7.1f ms%n", what, (now - fLast) / 1e6);
				fLast = now;
			}
		}

		void total() {
			if (fOn) {
				long jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
				fErr.printf(Locale.ROOT, "timing: JVM uptime at the end: %d ms%n", jvm);
				// what the run keeps: the heap in use once the garbage is gone (the analysis state, not the capture)
				System.gc();
				Runtime rt = Runtime.getRuntime();
				fErr.printf(Locale.ROOT, "timing: heap after GC at the end: %.1f MB (max heap %.0f MB)%n",
						(rt.totalMemory() - rt.freeMemory()) / 1e6, rt.maxMemory() / 1e6);
			}
		}
	}
}
