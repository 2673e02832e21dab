package io.feedscope.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * {@code feedscope <command> [options]}. Commands are looked up in {@link #COMMANDS}; {@code help} and
 * {@code --help} print the usage. Exit codes: 0 success, 1 failure while working, 2 wrong arguments.
 */
public final class Main {

	/** The subcommands, in the order the usage lists them. */
	public static final List<Command> COMMANDS = List.of(new GenerateCommand(), new DecodeCommand(), new AnalyzeCommand(),
			new BenchCommand(), new FilterFieldsCommand(), new ProtocolsCommand(), new ExportLuaCommand());

	private Main() {
	}

	public static void main(String[] args) {
		int code = run(args, System.out, System.err);
		System.out.flush();
		System.exit(code);
	}

	/** Runs a command line without exiting the JVM (tests call this). @return the exit code */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		if (args.length == 0) {
			err.print(usage());
			return 2;
		}
		String name = args[0];
		if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
			if (args.length > 1) {
				Command c = find(args[1]);
				if (c != null) {
					out.print(c.usage());
					return 0;
				}
			}
			out.print(usage());
			return 0;
		}
		Command c = find(name);
		if (c == null) {
			err.println("feedscope: unknown command '" + name + "'");
			err.print(usage());
			return 2;
		}
		List<String> rest = Arrays.asList(args).subList(1, args.length);
		if (rest.contains("--help") || rest.contains("-h")) {
			out.print(c.usage());
			return 0;
		}
		try {
			return c.run(rest, out, err);
		} catch (UsageException e) {
			err.println("feedscope " + c.name() + ": " + e.getMessage());
			err.println("(feedscope " + c.name() + " --help shows the options)");
			return 2;
		}
	}

	private static @Nullable Command find(String name) {
		for (Command c : COMMANDS) {
			if (c.name().equals(name)) {
				return c;
			}
		}
		return null;
	}

	static String usage() {
		StringBuilder b = new StringBuilder();
		b.append("usage: feedscope <command> [options]\n\ncommands:\n");
		for (Command c : COMMANDS) {
			b.append(String.format("  %-13s %s%n", c.name(), c.summary()));
		}
		b.append("\nfeedscope <command> --help shows a command's options.\n");
		return b.toString();
	}
}
