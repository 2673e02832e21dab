package io.feedscope.cli.internal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.feedscope.cli.Main;

/**
 * The training run of the product's start-up cache (the JDK's AOT cache, made by the {@code feedscope} script with
 * {@code -XX:AOTCacheOutput}): {@code feedscope analyze} of a capture, as the text summary and then as the JSON
 * report, then the JSON report of each further capture, output discarded. The cache keeps the classes one JVM loaded
 * and linked; a training run of one report left the other's classes (the JSON writer and the lambdas it links, or
 * the summary's) to be loaded from the jars, verified and linked at every start of a run that asks for it. The
 * first run's arguments are read by picocli, the others' without it (as analyze's everyday command lines are,
 * {@code Main}): the other commands, and analyze with other options, are read by picocli, whose classes must be in
 * the cache too. The further captures are of other formats (the script passes a pcapng): the cache also keeps the
 * methods' profiles and which ones were compiled, and a format the training never read has its walk loaded, linked
 * and compiled cold at every start. Prints nothing; exit code 1 if a run failed.
 */
public final class StartupTraining {

	private StartupTraining() {
	}

	/** @param args the captures to analyze, the first one twice (text and JSON) */
	public static void main(String[] args) {
		if (args.length == 0) {
			System.err.println("usage: StartupTraining CAPTURE [CAPTURE...]");
			System.exit(2);
		}
		PrintStream none = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
		System.setProperty("feedscope.fastArguments", "false");
		boolean ok = Main.run(new String[] { "analyze", args[0] }, none, none) == 0;
		System.clearProperty("feedscope.fastArguments");
		for (String capture : args) {
			ok &= Main.run(new String[] { "analyze", "--format", "json", capture }, none, none) == 0;
		}
		System.exit(ok ? 0 : 1);
	}
}
