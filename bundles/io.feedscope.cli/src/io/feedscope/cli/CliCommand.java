package io.feedscope.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A {@code feedscope} subcommand: picocli fills its annotated options and parameters from the command line
 * (one parser for every command: the same option syntax, help and usage errors everywhere), {@link Main}
 * hands it the output streams and calls it. Exit codes: 0 success, 1 failure while working, 2 wrong
 * arguments; a check that picocli's syntax cannot express throws {@link UsageException}, which {@link Main}
 * prints as it prints picocli's own usage errors.
 * <p>
 * Register a new command in {@link Main#COMMANDS}.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = Main.Version.class, synopsisHeading = "usage: ",
		abbreviateSynopsis = true, separator = " ", sortOptions = false, descriptionHeading = "%n",
		parameterListHeading = "%narguments:%n", optionListHeading = "%noptions:%n", footerHeading = "%n",
		usageHelpAutoWidth = false, usageHelpWidth = 100)
abstract class CliCommand implements Callable<Integer> {

	private PrintStream fOut = System.out;
	private PrintStream fErr = System.err;

	/** Called by {@link Main} before {@link #call()}. */
	final void streams(PrintStream out, PrintStream err) {
		fOut = out;
		fErr = err;
	}

	@Override
	public final Integer call() throws UsageException {
		return run(fOut, fErr);
	}

	/**
	 * Adds what the annotations cannot hold (help text computed at run time, only when help is shown).
	 */
	void customize(CommandLine cl) {
		// nothing by default
	}

	/**
	 * Runs the command with the options picocli set.
	 *
	 * @return exit code: 0 success, 1 failure while working, 2 wrong arguments
	 * @throws UsageException for wrong arguments (exit code 2, the message names the argument)
	 */
	abstract int run(PrintStream out, PrintStream err) throws UsageException;
}
