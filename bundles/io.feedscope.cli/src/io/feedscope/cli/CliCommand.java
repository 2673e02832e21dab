package io.feedscope.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A {@code feedscope} subcommand: picocli fills its options and parameters from the command line (one parser for
 * every command: the same option syntax, help and usage errors everywhere), {@link Main} hands it the output
 * streams and calls it. Its options are declared by annotations on its fields, or in code by {@link #model()}
 * (the commands that must start fast: see {@link CommandModel}); the layout of the help and the standard help
 * options are the same for all ({@link CommandModel#subcommandLayout}). Exit codes: 0 success, 1 failure while
 * working, 2 wrong arguments; a check that picocli's syntax cannot express throws {@link UsageException}, which
 * {@link Main} prints as it prints picocli's own usage errors.
 * <p>
 * Register a new command in {@link Main.Commands#ALL}.
 */
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
	 * picocli's model of this command, bound to its fields: by default read from the annotations of its class
	 * (its {@code @Command}, {@code @Option} and {@code @Parameters}); {@link Main} adds the shared layout.
	 */
	CommandSpec model() {
		return CommandSpec.forAnnotatedObject(this);
	}

	/**
	 * Adds what the model cannot hold (help text computed at run time, only when help is shown).
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
