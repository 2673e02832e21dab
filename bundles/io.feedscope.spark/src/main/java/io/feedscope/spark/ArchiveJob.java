package io.feedscope.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.BundleVersion;
import io.feedscope.analysis.FeedAnalyzer;

/**
 * The driver of {@code analyze-archive}: lists the archive, has tasks fingerprint and probe every file, forms
 * the capture sets, leaves out those an earlier run analyzed with the same FeedScope version over unchanged
 * files, has one task analyze each remaining set, and writes the tables.
 * <p>
 * {@code findings} and {@code sessions} hold the latest rows of every capture set: a run replaces the rows
 * of the sets it analyzed (writing the new tables beside the old and then swapping them, so a failed run leaves
 * the old ones), and keeps the others. {@code runs} is appended to: one row per capture set per run.
 */
final class ArchiveJob {

	enum Grouping {
		SESSION, FILE
	}

	record Request(@Nullable String master, String out, Grouping grouping, List<String> globs) {
	}

	private ArchiveJob() {
	}

	/** @return the exit code */
	static int run(Request request, PrintStream out, PrintStream err) {
		SparkConf conf = new SparkConf().setAppName("feedscope-spark analyze-archive");
		String master = request.master();
		if (master != null) {
			conf.setMaster(master);
		} else if (!conf.contains("spark.master")) {
			// not under spark-submit: the embedded Spark on this machine's cores
			conf.setMaster("local[*]");
		}
		if (conf.get("spark.master").startsWith("local")) {
			conf.setIfMissing("spark.ui.enabled", "false");
		}
		conf.set("spark.sql.datetime.java8API.enabled", "true");
		conf.setIfMissing("spark.sql.session.timeZone", "UTC");
		SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
		try {
			return run(spark, request, out, err);
		} catch (RuntimeException e) {
			// Spark's own failures (a lost executor, a full disk): said in a line, its log has the rest
			Throwable root = e;
			while (root.getCause() != null && root.getCause() != root) {
				root = root.getCause();
			}
			err.println("feedscope-spark: the Spark job failed: " + e.getMessage()
					+ (root != e ? " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")" : ""));
			return 1;
		} finally {
			spark.stop();
		}
	}

	static int run(SparkSession spark, Request request, PrintStream out, PrintStream err) {
		JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
		Configuration hadoop = jsc.hadoopConfiguration();
		String runId = Instant.now().toString().replace(':', '-') + "-" + UUID.randomUUID().toString().substring(0, 8);
		Instant started = Instant.now();
		String version = version();
		String master = jsc.master();
		String sparkVersion = spark.version();
		String groupBy = request.grouping().name().toLowerCase(Locale.ROOT);

		// 1. the archive's files (directories and names starting with '.' or '_' are not captures)
		List<FileStatus> listed = new ArrayList<>();
		try {
			for (String g : request.globs()) {
				org.apache.hadoop.fs.Path p = hadoopPath(g);
				FileStatus[] found = p.getFileSystem(hadoop).globStatus(p);
				if (found == null || found.length == 0) {
					err.println("feedscope-spark: " + g + ": no such file");
					return 2;
				}
				for (FileStatus s : found) {
					if (s.isFile() && !s.getPath().getName().startsWith(".") && !s.getPath().getName().startsWith("_")) {
						listed.add(s);
					}
				}
			}
		} catch (IOException | IllegalArgumentException e) {
			err.println("feedscope-spark: cannot list the archive: " + e.getMessage());
			return 2;
		}
		Map<String, long[]> byPath = new TreeMap<>();
		for (FileStatus s : listed) {
			byPath.put(s.getPath().toString(), new long[] { s.getLen(), s.getModificationTime() });
		}
		if (byPath.isEmpty()) {
			err.println("feedscope-spark: no files in " + String.join(" ", request.globs()));
			return 2;
		}

		// 2. fingerprints and sessions, in tasks (reads the first and last MB and the first packets of each file)
		List<String> paths = new ArrayList<>(byPath.keySet());
		List<FileFacts> facts = jsc.parallelize(paths, Math.max(1, Math.min(paths.size(), jsc.defaultParallelism() * 4)))
				.map(p -> CaptureSetTask.probe(p, byPath.get(p)[0], byPath.get(p)[1])).collect();

		// 3. capture sets; those unchanged since a run of this version are skipped
		List<CaptureSet> sets = group(facts, request.grouping());
		Map<String, String> previous = previousFingerprints(spark, request.out(), version, hadoop);
		List<CaptureSet> todo = new ArrayList<>();
		List<CaptureSet> skipped = new ArrayList<>();
		for (CaptureSet s : sets) {
			(fingerprint(s).equals(previous.get(s.key())) ? skipped : todo).add(s);
		}
		out.printf(Locale.ROOT, "feedscope-spark: %d files, %d capture sets: %d to analyze, %d unchanged since an earlier run "
				+ "(FeedScope %s, Spark %s, master %s)%n", paths.size(), sets.size(), todo.size(), skipped.size(), version,
				sparkVersion, master);

		// 4. one task per capture set, the largest first (they take the longest)
		todo.sort(Comparator.comparingLong(CaptureSet::bytes).reversed());
		List<Row> runRows = new ArrayList<>();
		int failed = 0;
		if (!todo.isEmpty()) {
			JavaRDD<SetOutcome> outcomes = jsc.parallelize(todo, todo.size())
					.map(s -> CaptureSetTask.analyze(s, runId, version, started, sparkVersion, master, groupBy))
					.persist(StorageLevel.MEMORY_AND_DISK());
			try {
				Set<String> redone = new HashSet<>();
				for (CaptureSet s : todo) {
					redone.add(s.key());
				}
				int partitions = Math.max(1, todo.size() / 64);
				Dataset<Row> findings = spark.createDataFrame(outcomes.flatMap(o -> o.findings().iterator()), Tables.FINDINGS_SCHEMA);
				Dataset<Row> sessions = spark.createDataFrame(outcomes.flatMap(o -> o.sessions().iterator()), Tables.SESSIONS_SCHEMA);
				replace(spark, request.out(), Tables.FINDINGS, findings, redone, partitions, runId, hadoop);
				replace(spark, request.out(), Tables.SESSIONS, sessions, redone, partitions, runId, hadoop);
				runRows.addAll(outcomes.map(SetOutcome::run).collect());
			} catch (IOException e) {
				err.println("feedscope-spark: cannot write the tables under " + request.out() + ": " + e.getMessage());
				return 1;
			} finally {
				outcomes.unpersist();
			}
		}
		for (CaptureSet s : skipped) {
			runRows.add(CaptureSetTask.runRow(s, runId, version, started, sparkVersion, master, groupBy, "skipped", List.of(),
					List.of(), 0, 0, 0, 0));
		}
		for (Row r : runRows) {
			if ("failed".equals(r.getString(10))) {
				failed++;
				for (Row f : r.<Row>getList(11)) {
					err.println("feedscope-spark: capture set " + r.getString(6) + " failed: " + f.getString(0) + ": " + f.getString(1));
				}
			}
		}
		spark.createDataFrame(runRows, Tables.RUNS_SCHEMA).coalesce(1).write().mode(SaveMode.Append)
				.parquet(table(request.out(), Tables.RUNS));
		out.printf(Locale.ROOT, "feedscope-spark: run %s: %d analyzed, %d failed, %d skipped; tables in %s%n", runId,
				todo.size() - failed, failed, skipped.size(), request.out());
		return failed == 0 ? 0 : 1;
	}

	/** A local path without a scheme is made absolute (tasks may run elsewhere); others are taken as they are. */
	static org.apache.hadoop.fs.Path hadoopPath(String g) {
		URI u;
		try {
			u = new org.apache.hadoop.fs.Path(g).toUri();
		} catch (IllegalArgumentException e) {
			u = null;
		}
		if (u == null || u.getScheme() == null) {
			return new org.apache.hadoop.fs.Path("file://" + Path.of(g).toAbsolutePath().normalize());
		}
		return new org.apache.hadoop.fs.Path(g);
	}

	static String table(String out, String name) {
		return hadoopPath(out).toString() + "/" + name;
	}

	/**
	 * The capture sets: with {@link Grouping#SESSION} the files whose first frame is on the same UTC day and whose
	 * first packets carry the same feed session(s). A file that cannot be read (its header damaged, say) cannot
	 * say its day or session; it is placed by path convention instead ({@link #pathStem}): with the readable files
	 * in its directory whose names share its stem ({@code feed2.pcap}, {@code feed2.tap1.pcap}: the tap naming
	 * of FeedScope's generator), if those are all in one set. That set then fails, as {@code feedscope analyze}
	 * refuses to report on part of the tap points, and keeps its name: the other taps are not analyzed alone as
	 * if they were the whole set. A file no readable file shares a stem with, or whose stem is in several sets,
	 * and a readable file with no frame, are each a set of their own, named by their path. With
	 * {@link Grouping#FILE}, every file alone.
	 */
	static List<CaptureSet> group(List<FileFacts> facts, Grouping grouping) {
		Map<String, List<FileFacts>> byKey = new TreeMap<>();
		Map<String, String[]> meta = new HashMap<>();
		// the sets of the readable files, by path stem: where an unreadable file with that stem goes
		Map<String, Set<String>> keysByStem = new HashMap<>();
		List<FileFacts> unreadable = new ArrayList<>();
		for (FileFacts f : facts) {
			String sessions = String.join("+", f.sessions());
			String key;
			if (grouping == Grouping.SESSION && f.error() != null) {
				unreadable.add(f);
				continue;
			}
			if (grouping == Grouping.FILE || f.day() == null) {
				key = f.path();
			} else {
				key = f.day() + " " + (sessions.isEmpty() ? "(no feed session)" : sessions);
				keysByStem.computeIfAbsent(pathStem(f.path()), k -> new HashSet<>()).add(key);
			}
			byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
			meta.put(key, new String[] { f.day(), sessions });
		}
		for (FileFacts f : unreadable) {
			Set<String> keys = keysByStem.getOrDefault(pathStem(f.path()), Set.of());
			String key = keys.size() == 1 ? keys.iterator().next() : f.path();
			byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
			meta.putIfAbsent(key, new String[] { f.day(), String.join("+", f.sessions()) });
		}
		List<CaptureSet> sets = new ArrayList<>();
		for (Map.Entry<String, List<FileFacts>> e : byKey.entrySet()) {
			List<FileFacts> files = new ArrayList<>(e.getValue());
			files.sort(Comparator.comparing(FileFacts::path));
			String[] m = meta.get(e.getKey());
			sets.add(new CaptureSet(e.getKey(), m[0], m[1], List.copyOf(files)));
		}
		return sets;
	}

	/**
	 * @return the path up to the first '.' of its file name: the same for a capture and its taps
	 *         ({@code /a/2026-11-24/feed2.pcap}, {@code .../feed2.tap1.pcap}, {@code .../feed2.tap1.pcap.gz} give
	 *         {@code /a/2026-11-24/feed2}), as {@code TapPath.tapPath} names them
	 */
	static String pathStem(String path) {
		int slash = path.lastIndexOf('/');
		int dot = path.indexOf('.', slash + 1);
		return dot < 0 ? path : path.substring(0, dot);
	}

	static String fingerprint(CaptureSet s) {
		StringBuilder b = new StringBuilder();
		for (FileFacts f : s.files()) {
			b.append(f.fingerprint()).append('\n');
		}
		return b.toString();
	}

	/**
	 * @return per capture set, the files' fingerprint of its latest run by this FeedScope version that analyzed
	 *         it (done or failed: the same bytes fail the same way)
	 */
	static Map<String, String> previousFingerprints(SparkSession spark, String out, String version, Configuration hadoop) {
		String runs = table(out, Tables.RUNS);
		Map<String, String> latest = new LinkedHashMap<>();
		try {
			org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(runs);
			if (!p.getFileSystem(hadoop).exists(p)) {
				return latest;
			}
		} catch (IOException e) {
			return latest;
		}
		List<Row> rows = spark.read().parquet(runs)
				.where("status in ('done', 'failed') and feedscope_version = '" + version.replace("'", "''") + "'")
				.orderBy("started").select("capture_set", "files").collectAsList();
		for (Row r : rows) {
			StringBuilder b = new StringBuilder();
			for (Row f : r.<Row>getList(1)) {
				b.append(f.getString(0)).append('|').append(f.getLong(1)).append('|').append(f.getLong(2)).append('|')
						.append(f.getString(3)).append('\n');
			}
			latest.put(r.getString(0), b.toString());
		}
		return latest;
	}

	/**
	 * Writes table {@code name}: the fresh rows and the existing rows of the capture sets not analyzed again,
	 * into a new directory, which then takes the old one's place.
	 */
	private static void replace(SparkSession spark, String out, String name, Dataset<Row> fresh, Set<String> redone, int partitions,
			String runId, Configuration hadoop) throws IOException {
		String target = table(out, name);
		org.apache.hadoop.fs.Path targetPath = new org.apache.hadoop.fs.Path(target);
		FileSystem fs = targetPath.getFileSystem(hadoop);
		Dataset<Row> all = fresh;
		if (fs.exists(targetPath)) {
			Dataset<Row> kept = spark.read().parquet(target)
					.filter((org.apache.spark.api.java.function.FilterFunction<Row>) r -> !redone.contains(r.<String>getAs("capture_set")));
			all = kept.unionByName(fresh);
		}
		org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(target + ".new-" + runId);
		all.coalesce(partitions).write().mode(SaveMode.ErrorIfExists).parquet(staging.toString());
		org.apache.hadoop.fs.Path old = new org.apache.hadoop.fs.Path(target + ".old-" + runId);
		if (fs.exists(targetPath) && !fs.rename(targetPath, old)) {
			throw new IOException("cannot move " + target + " aside");
		}
		if (!fs.rename(staging, targetPath)) {
			throw new IOException("cannot move " + staging + " to " + target);
		}
		fs.delete(old, true);
	}

	/**
	 * @return the FeedScope version that analyzes: the Bundle-Version of the io.feedscope.analysis jar (its
	 *         qualifier is the build's time stamp, so a rebuilt analysis counts as another version)
	 */
	static String version() {
		String v = BundleVersion.of(FeedAnalyzer.class);
		return v == null ? "unknown" : v;
	}
}
