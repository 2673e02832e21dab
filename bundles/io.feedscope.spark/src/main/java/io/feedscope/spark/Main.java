package io.feedscope.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.eclipse.jdt.annotation.Nullable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code feedscope-spark analyze-archive [--master M] --out DIR [--group-by session|file] GLOB...}, run by
 * {@code releng/feedscope-spark} (embedded Spark, {@code local[*]} by default) or by {@code spark-submit
 * --class io.feedscope.spark.Main} (the cluster's master then, unless {@code --master} names another).
 * <p>
 * Exit codes as {@code feedscope}'s: 0 every capture set analyzed (or skipped as unchanged), 1 some capture
 * set failed (named in {@code runs} and on standard error), 2 wrong arguments.
 */
@Command(name = "feedscope-spark", mixinStandardHelpOptions = true, version = "feedscope-spark (FeedScope on Apache Spark)",
		subcommands = { Main.AnalyzeArchive.class, CommandLine.HelpCommand.class },
		description = "The FeedScope analysis of a capture archive on Apache Spark; findings as Parquet tables.")
public final class Main implements Callable<Integer> {

	private final PrintStream fOut;
	private final PrintStream fErr;

	private Main(PrintStream out, PrintStream err) {
		fOut = out;
		fErr = err;
	}

	@Override
	public Integer call() {
		CommandLine.usage(this, fErr);
		return 2;
	}

	/** The one command. */
	@Command(name = "analyze-archive", mixinStandardHelpOptions = true, description = {
			"Analyzes every capture set of an archive (the files of one feed session at its tap points on one day, merged "
					+ "as `feedscope analyze FILE...` merges them) on Spark, one task per set, and writes the tables findings, "
					+ "sessions and runs as Parquet under --out. Capture sets analyzed before by the same FeedScope version "
					+ "whose files are unchanged (size, modification time, checksum of the first and last MB) are skipped.",
			"" }, footer = { "exit codes: 0 done, 1 a capture set failed (see the runs table), 2 wrong arguments",
					"example: feedscope-spark analyze-archive --out /data/feedscope '/archive/2026-11-*/*/*.pcap'" })
	static final class AnalyzeArchive implements Callable<Integer> {

		@ParentCommand
		@Nullable
		Main fParent;

		@Option(names = "--master", paramLabel = "URL", description = {
				"Spark master: local[*] (embedded, the default unless spark-submit set one), local[N], spark://HOST:PORT ..." })
		@Nullable
		String fMaster;

		@Option(names = "--out", required = true, paramLabel = "DIR", description = "where the tables go (any Hadoop path)")
		String fOut = "";

		@Option(names = "--group-by", paramLabel = "G", description = {
				"session (default): a capture set is a feed session's files on one day; file: every file alone" })
		String fGroupBy = "session";

		@Parameters(paramLabel = "GLOB", arity = "1..*", description = "captures: Hadoop paths or globs (local, hdfs://, s3a://)")
		List<String> fGlobs = new ArrayList<>();

		@Override
		public Integer call() {
			ArchiveJob.Grouping grouping = switch (fGroupBy) {
			case "session" -> ArchiveJob.Grouping.SESSION;
			case "file" -> ArchiveJob.Grouping.FILE;
			default -> null;
			};
			Main parent = fParent;
			PrintStream out = parent == null ? System.out : parent.fOut;
			PrintStream err = parent == null ? System.err : parent.fErr;
			if (grouping == null) {
				err.println("feedscope-spark: --group-by must be session or file, not '" + fGroupBy + "'");
				return 2;
			}
			return ArchiveJob.run(new ArchiveJob.Request(fMaster, fOut, grouping, List.copyOf(fGlobs)), out, err);
		}
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/** @return the exit code (tests call this) */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		CommandLine cl = new CommandLine(new Main(out, err));
		cl.setParameterExceptionHandler((ex, a) -> {
			err.println("feedscope-spark: " + ex.getMessage());
			ex.getCommandLine().usage(err);
			return 2;
		});
		return cl.execute(args);
	}
}
