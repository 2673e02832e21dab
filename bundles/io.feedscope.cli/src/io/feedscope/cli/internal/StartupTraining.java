package io.feedscope.cli.internal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.feedscope.cli.Main;

/**
 * The training run of the product's start-up cache (the JDK's AOT cache, made by the {@code feedscope} script with
 * {@code -XX:AOTCacheOutput}): {@code feedscope analyze} of a capture, as the text summary and then as the JSON
 * report, output discarded. The cache keeps the classes one JVM loaded and linked; a training run of one report
 * left the other's classes (the JSON writer and the lambdas it links, or the summary's) to be loaded from the jars,
 * verified and linked at every start of a run that asks for it. The first run's arguments are read by picocli, the
 * second's without it (as analyze's everyday command lines are, {@code Main}): the other commands, and analyze
 * with other options, are read by picocli, whose classes must be in the cache too. Prints nothing; exit code 1 if
 * a run failed.
 */
public final class StartupTraining {

	private StartupTraining() {
	}

	/** @param args the capture to analyze */
	public static void main(String[] args) {
		if (args.length != 1) {
			System.err.println("usage: StartupTraining CAPTURE");
			System.exit(2);
		}
		PrintStream none = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
		System.setProperty("feedscope.fastArguments", "false");
		int text = Main.run(new String[] { "analyze", args[0] }, none, none);
		System.clearProperty("feedscope.fastArguments");
		int json = Main.run(new String[] { "analyze", "--format", "json", args[0] }, none, none);
		System.exit(text == 0 && json == 0 ? 0 : 1);
	}
}
