package io.feedscope.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.eclipse.jdt.annotation.Nullable;

import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import io.feedscope.analysis.BundleVersion;

/**
 * {@code feedscope <command> [options]}, parsed by picocli: every command's options are declared once, in its
 * picocli model (annotated fields of its class, or built in code by {@link CliCommand#model()} for the commands
 * that must start fast), so options, usage errors and help cannot drift apart command by command, and the shell
 * completion and the man page of the product are generated from the same models at build time
 * ({@code releng/io.feedscope.product/CliDocs.java}).
 * <p>
 * Exit codes: 0 success, 1 failure while working, 2 wrong arguments (the message names the option).
 * {@code --help} and {@code --version} work on {@code feedscope} and on every command;
 * {@code feedscope help COMMAND} prints a command's help.
 * <p>
 * Start-up: a run builds the model of the one command it runs (and of all of them only for help, completion and
 * unknown commands). {@code feedscope} and the commands on data (analyze, decode, generate, capture) build
 * theirs in code: reading
 * annotations costs about 60 ms the first time (the JDK makes a proxy class per annotation type at run time,
 * which no cache keeps; see {@link CommandModel}). picocli's own classes come from the JDK's AOT cache like ours:
 * the product ships picocli compiled for Java 21 ({@code bundles/info.picocli}; the published jar's Java 5
 * classes were refused by the cache and loaded and verified at every start).
 */
public final class Main {

	/**
	 * The subcommands, in the order the usage lists them: name and how to make one. In a class of its own, made when
	 * picocli reads a command line: as a field of Main it was made before any command line was read, which loaded and
	 * verified every command's class (and what their verification loads: the capture, analysis and filter classes
	 * they name) and spun a lambda class per command, for runs of analyze and decode that read their arguments
	 * without picocli and need none of it.
	 */
	static final class Commands {
		static final List<Entry> ALL = List.of(new Entry("generate", GenerateCommand::new),
				new Entry("decode", DecodeCommand::new), new Entry("analyze", AnalyzeCommand::new),
				new Entry("bench", BenchCommand::new), new Entry("filter-fields", FilterFieldsCommand::new),
				new Entry("protocols", ProtocolsCommand::new), new Entry("export-lua", ExportLuaCommand::new),
				new Entry("capture", CaptureCommand::new));

		private Commands() {
		}
	}

	/** One subcommand: its name (as in its model) and a factory. */
	record Entry(String name, Supplier<CliCommand> factory) {
	}

	private Main() {
	}

	/** the stdout main() was started with: the process's fd 1 ({@link #isProcessOut}) */
	private static volatile @Nullable PrintStream sProcessOut;

	public static void main(String[] args) {
		sProcessOut = System.out;
		int code = run(args, System.out, System.err);
		System.out.flush();
		System.exit(code);
	}

	/**
	 * @return true if {@code out} is the stdout of the process's main(): a command may write to fd 1 itself (decode's
	 *         records), which a stream a test or another caller passes, or one set by System.setOut, is not
	 */
	static boolean isProcessOut(PrintStream out) {
		return out == sProcessOut;
	}

	/** Runs a command line without exiting the JVM (tests call this). @return the exit code */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		StartTrace.mark("main");
		CliCommand plain = fastArguments() ? plainArguments(args) : null;
		if (plain != null) {
			StartTrace.mark("arguments parsed (without picocli)");
			return runPlain(plain, "feedscope " + args[0], out, err);
		}
		// picocli's factory looks for Groovy's closure class once (Class.forName("groovy.lang.Closure")); on the
		// command line's class path that miss searches every jar: 15-45 ms of start-up measured (under load 6-10)
		// for a class FeedScope never has. picocli's own switch turns the look-up off. (The first miss is what
		// costs: analyze's next one, the checks registry's probe for OSGi, now pays for opening the jars.)
		if (System.getProperty("picocli.disable.closures") == null) {
			System.setProperty("picocli.disable.closures", "true");
		}
		CommandLine cl = commandLine(args.length > 0 ? args[0] : null);
		StartTrace.mark("models built");
		PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
		PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
		cl.setOut(o);
		cl.setErr(e);
		cl.setParameterExceptionHandler((ex, a) -> usageError(ex, a));
		cl.setExecutionExceptionHandler((ex, cmd, parsed) -> failure(ex, cmd));
		cl.setExecutionStrategy(parsed -> {
			StartTrace.mark("arguments parsed");
			for (CommandLine c : parsed.asCommandLineList()) {
				if (c.getCommand() instanceof CliCommand command) {
					command.streams(out, err);
				}
			}
			o.flush();
			return new CommandLine.RunLast().execute(parsed);
		});
		try {
			return cl.execute(args);
		} finally {
			o.flush();
			e.flush();
			out.flush();
			err.flush();
		}
	}

	/** @return analyze's or decode's command read without picocli, or null when picocli must read the line */
	private static @Nullable CliCommand plainArguments(String[] args) {
		if (args.length == 0) {
			return null;
		}
		return switch (args[0]) {
		case "analyze" -> AnalyzeCommand.plainArguments(args);
		case "decode" -> DecodeCommand.plainArguments(args);
		default -> null;
		};
	}

	/**
	 * Whether analyze's and decode's everyday command lines skip picocli ({@link AnalyzeCommand#plainArguments},
	 * {@link DecodeCommand#plainArguments}); the system property {@code feedscope.fastArguments=false} has picocli
	 * read every command line (tests compare the two).
	 */
	static boolean fastArguments() {
		return !"false".equals(System.getProperty("feedscope.fastArguments"));
	}

	/**
	 * Runs a command whose arguments were read without picocli, as picocli's execution runs it: the same streams,
	 * exit codes and messages for a {@link UsageException} or a failure.
	 */
	static int runPlain(CliCommand command, String name, PrintStream out, PrintStream err) {
		command.streams(out, err);
		try {
			return command.call();
		} catch (Exception ex) {
			return failure(ex, name, new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
		} finally {
			out.flush();
			err.flush();
		}
	}

	/**
	 * The parser of {@code feedscope} with all its subcommands, as help, the completion script and the man page
	 * need them.
	 */
	public static CommandLine commandLine() {
		return commandLine(null);
	}

	/**
	 * @param first the first argument: when it names a command, only that one is modelled (start-up cost);
	 *        otherwise all are
	 */
	static CommandLine commandLine(@Nullable String first) {
		FeedScope root = new FeedScope();
		CommandSpec rootSpec = root.model();
		StartTrace.mark("model of feedscope");
		CommandLine cl = new CommandLine(rootSpec);
		StartTrace.mark("command line of feedscope");
		for (Entry c : Commands.ALL) {
			if (first == null || !isCommand(first) || c.name().equals(first)) {
				CliCommand command = c.factory().get();
				CommandSpec spec = command.model();
				CommandModel.subcommandLayout(spec);
				StartTrace.mark("model of " + c.name());
				CommandLine sub = new CommandLine(spec);
				command.customize(sub);
				cl.addSubcommand(c.name(), sub);
				StartTrace.mark("command line of " + c.name());
			}
		}
		if (first == null || !isCommand(first)) {
			cl.addSubcommand("help", new CommandLine.HelpCommand());
		}
		// as the hand-written parsers did: an option given twice takes the last value
		cl.setOverwrittenOptionsAllowed(true);
		return cl;
	}

	private static boolean isCommand(String name) {
		return Commands.ALL.stream().anyMatch(c -> c.name().equals(name));
	}

	/** A usage error found by the parser: the command, what is wrong (naming the option), where help is. */
	private static int usageError(ParameterException ex, String[] args) {
		CommandLine cmd = ex.getCommandLine();
		PrintWriter err = cmd.getErr();
		if (cmd.getParent() == null && ex instanceof UnmatchedArgumentException && args.length > 0 && !args[0].startsWith("-")) {
			err.println("feedscope: unknown command '" + args[0] + "'");
			cmd.usage(err);
			err.flush();
			return 2;
		}
		String name = cmd.getCommandSpec().qualifiedName(" ");
		err.println(name + ": " + ex.getMessage());
		err.println("(" + name + " --help shows the options)");
		err.flush();
		return 2;
	}

	/**
	 * An exception out of a command: a {@link UsageException} is a usage error (exit 2); anything else is a
	 * failure said in one line (exit 1), its stack trace only with {@code -Dfeedscope.debug=true}.
	 */
	private static int failure(Exception ex, CommandLine cmd) {
		return failure(ex, cmd.getCommandSpec().qualifiedName(" "), cmd.getErr());
	}

	private static int failure(Exception ex, String name, PrintWriter err) {
		if (ex instanceof UsageException) {
			err.println(name + ": " + ex.getMessage());
			err.println("(" + name + " --help shows the options)");
			err.flush();
			return 2;
		}
		err.println(name + ": " + (ex.getMessage() == null ? ex.toString() : ex.getMessage() + " (" + ex.getClass().getSimpleName() + ")"));
		if (Boolean.getBoolean("feedscope.debug")) {
			ex.printStackTrace(err);
		}
		err.flush();
		return 1;
	}

	/** {@code feedscope} itself: without a command it prints the usage on stderr (exit 2). */
	static final class FeedScope implements Callable<Integer> {

		private final CommandSpec fSpec = CommandModel.command("feedscope", this,
				// names only what the product ships: a feed family's plug-in (Cboe PITCH) is installed apart
				"FeedScope's command line: market-data feed captures (NASDAQ ITCH 5.0 over MoldUDP64, A/B lines, "
						+ "and the feeds of installed plug-ins) decoded, analyzed and generated, without the workbench.");

		/** The model of {@code feedscope} without its commands, in code (start-up: see {@link CommandModel}). */
		CommandSpec model() {
			fSpec.usageMessage().synopsisHeading("usage: ").customSynopsis("feedscope [--help | --version] COMMAND [options]")
					.descriptionHeading("%n").optionListHeading("%noptions:%n").autoWidth(false).width(100)
					.commandListHeading("%ncommands:%n").footer("", "feedscope COMMAND --help shows a command's options.",
							"Exit codes: 0 success, 1 failure while working, 2 wrong arguments.");
			CommandModel.standardHelpOptions(fSpec);
			return fSpec;
		}

		@Override
		public Integer call() {
			CommandLine cl = fSpec.commandLine();
			cl.usage(cl.getErr());
			cl.getErr().flush();
			return 2;
		}
	}

	/**
	 * {@code --version}: the product's version, which is the Bundle-Version of this bundle (the product and its
	 * bundles are built together, Tycho puts the build time in for "qualifier"), and the Java that runs it.
	 */
	static final class Version implements IVersionProvider {

		@Override
		public String[] getVersion() {
			return new String[] { "feedscope " + version(),
					"Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ", " + System.getProperty("java.home", "?") + ")" };
		}
	}

	/**
	 * @return the Bundle-Version of the io.feedscope.cli jar (or source tree) this class was loaded from;
	 *         "unknown" when no manifest says it
	 */
	public static String version() {
		String v = BundleVersion.of(Main.class);
		if (v == null) {
			return "unknown";
		}
		return v.endsWith(".qualifier") ? v.substring(0, v.length() - ".qualifier".length()) + " (development build from the sources)" : v;
	}
}
