package io.feedscope.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

import org.eclipse.jdt.annotation.Nullable;

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
	 * Reads an everyday command line without picocli, for the commands whose start-up that matters to (analyze's and
	 * decode's {@code plainArguments}): FILEs and the options the command names in {@link #plainFlag} and
	 * {@link #plainValued}, in any order. Anything else (any other option, {@code --}, an {@code @file}, "", a
	 * value that starts with '-' or '@', no FILE, a syntax picocli reads its own way such as {@code -oFILE} or
	 * {@code --format=json}) returns null, and picocli reads the whole line, with its usage errors and help.
	 *
	 * @param args the whole command line, {@code args[0]} being the command's name
	 * @param c a new command, its fields at picocli's defaults
	 * @param files the command's list of FILE arguments
	 * @return c with its fields set as picocli sets them, or null when picocli must read these arguments
	 */
	static <C extends CliCommand> @Nullable C readPlain(String[] args, C c, List<String> files) {
		for (int i = 1; i < args.length; i++) {
			String a = args[i];
			if (a.isEmpty() || a.charAt(0) == '@') {
				return null; // picocli reads an @file's arguments; "" is left to it too
			}
			if (a.charAt(0) != '-') {
				files.add(a);
				continue;
			}
			if (c.plainFlag(a)) {
				continue;
			}
			if (!c.plainValued(a) || i + 1 >= args.length || !plainValue(args[i + 1])) {
				return null; // not an everyday option, no value, or one picocli might read as an option: its message then
			}
			c.setPlain(a, args[++i]);
		}
		return files.isEmpty() ? null : c;
	}

	private static boolean plainValue(String v) {
		return !v.isEmpty() && v.charAt(0) != '-' && v.charAt(0) != '@';
	}

	/**
	 * @return whether {@link #readPlain} takes the flag {@code name}, which this call then sets as picocli does
	 *         (none by default)
	 */
	boolean plainFlag(String name) {
		return false;
	}

	/** @return whether {@link #readPlain} takes the option {@code name} with one value (none by default) */
	boolean plainValued(String name) {
		return false;
	}

	/** Sets option {@code name}, one that {@link #plainValued} takes, to {@code value} as picocli does. */
	void setPlain(String name, String value) {
		throw new IllegalArgumentException(name);
	}

	/**
	 * Runs the command with the options picocli set.
	 *
	 * @return exit code: 0 success, 1 failure while working, 2 wrong arguments
	 * @throws UsageException for wrong arguments (exit code 2, the message names the argument)
	 */
	abstract int run(PrintStream out, PrintStream err) throws UsageException;
}
