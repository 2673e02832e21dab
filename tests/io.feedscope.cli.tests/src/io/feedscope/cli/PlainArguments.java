package io.feedscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import picocli.CommandLine;

/**
 * What {@link FastArgumentsTest} and {@link DecodeFastArgumentsTest} hold a command's plain reading of its command
 * line ({@link CliCommand#readPlain}) to: the fields picocli sets from the same line, and a whole run with picocli
 * reading it ({@code -Dfeedscope.fastArguments=false}).
 */
final class PlainArguments {

	private PlainArguments() {
	}

	/**
	 * Asserts that each line is read by {@code plain} and that every instance field of the command it gives is
	 * what picocli sets from the line: all of them, so that an option added to the model later must be read the
	 * same way by the plain path too.
	 */
	static void assertFieldsAsPicocliSets(List<String[]> lines, Function<String[], ? extends CliCommand> plain)
			throws IllegalAccessException {
		for (String[] args : lines) {
			CliCommand fast = plain.apply(args);
			assertNotNull(fast, () -> "not read by the fast path: " + Arrays.toString(args));
			CommandLine cl = Main.commandLine(args[0]);
			cl.parseArgs(args);
			Object picocli = cl.getSubcommands().get(args[0]).getCommand();
			assertEquals(fast.getClass(), picocli.getClass(), args[0]);
			assertEquals(fields(picocli), fields(fast), () -> "fields after " + Arrays.toString(args));
		}
	}

	/** @return every instance field of the command, name=value, as it runs with them */
	private static List<String> fields(Object c) throws IllegalAccessException {
		List<String> out = new ArrayList<>();
		for (Field f : c.getClass().getDeclaredFields()) {
			if (!Modifier.isStatic(f.getModifiers())) {
				f.setAccessible(true);
				out.add(f.getName() + "=" + f.get(c));
			}
		}
		return out;
	}

	/** @return exit code, standard output and standard error of a run, with the command line read plainly or by picocli */
	static String run(String[] args, boolean fast) {
		ByteArrayOutputStream o = new ByteArrayOutputStream();
		ByteArrayOutputStream e = new ByteArrayOutputStream();
		String before = System.getProperty("feedscope.fastArguments");
		System.setProperty("feedscope.fastArguments", String.valueOf(fast));
		int code;
		try {
			code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
		} finally {
			if (before == null) {
				System.clearProperty("feedscope.fastArguments");
			} else {
				System.setProperty("feedscope.fastArguments", before);
			}
		}
		return "exit " + code + "\n--- out\n" + o.toString(StandardCharsets.UTF_8) + "--- err\n" + e.toString(StandardCharsets.UTF_8);
	}
}
