package io.feedscope.cli;

import java.io.PrintStream;
import java.util.List;

/** A subcommand of {@code feedscope}: register it in {@link Main#COMMANDS}. */
public interface Command {

	/** @return the word that selects the command, e.g. "generate" */
	String name();

	/** @return one line for the command list */
	String summary();

	/** @return the command's usage text, options included */
	String usage();

	/**
	 * Runs the command.
	 *
	 * @param args the arguments after the command name
	 * @return exit code: 0 success, 1 failure while working, 2 wrong arguments
	 * @throws UsageException for wrong arguments (Main prints it with the usage, exit code 2)
	 */
	int run(List<String> args, PrintStream out, PrintStream err) throws UsageException;
}
