package io.feedscope.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.TapPath;

/**
 * Issue 20's "must show": {@code analyze-archive} in local mode over a generated archive of three days, two
 * feeds, two tap points each (the generator's tap path: the second tap sees the frames later and misses some),
 * one of the twelve files damaged. The oracle is the command line itself: {@code feedscope analyze --format
 * json} run in-process on each capture set's files; the {@code findings} rows must be its findings, row for row,
 * member for member. The damaged file is placed in its capture set by its name (the set fails, in {@code runs}
 * with the reader's reason, and its other tap is not analyzed alone), every other set done, and a second run
 * over the same archive skips every set and leaves the tables as they were.
 */
class AnalyzeArchiveTest {

	private static final String[] DAYS = { "2026-11-23", "2026-11-24", "2026-11-25" };
	private static final ObjectMapper JSON = new ObjectMapper();

	/** feed 1: the incident preset (a freeze); feed 2: the loss preset (losses on A, B, both) */
	private static Scenario feed(int feed, int day) {
		LocalDateTime start = LocalDateTime.parse(DAYS[day] + "T09:30:00");
		Scenario.Builder b = feed == 1 ? Scenario.preset("incident").session(String.format("FEED1DAY%02d", day))
				: Scenario.preset("loss").session(String.format("FEED2DAY%02d", day)).lineA("233.54.12.121", 26478).lineB("233.49.196.121", 26479);
		return b.seed(17 * day + feed).start(start, ZoneId.of("America/New_York")).build();
	}

	@Test
	void findingsAreTheCommandLinesPerCaptureSetAndASecondRunSkipsAll(@TempDir Path tmp) throws Exception {
		Path archive = Files.createDirectories(tmp.resolve("archive"));
		Map<String, List<Path>> expectedSets = new TreeMap<>();
		Path damaged = null;
		for (int d = 0; d < DAYS.length; d++) {
			Path dir = Files.createDirectories(archive.resolve(DAYS[d]));
			for (int feed = 1; feed <= 2; feed++) {
				Path base = dir.resolve("feed" + feed + ".pcap");
				TapPath.Hop hop = new TapPath.Hop(20_000, 40_000, List.of(new TapPath.Drop(0.3, Scenario.Line.A, 2)),
						List.of(new TapPath.Drop(0.6, Scenario.Line.B, 1)));
				new Generator(feed(feed, d)).taps(List.of(hop)).write(base);
				Files.delete(Generator.truthPath(base)); // the archive holds captures only
				expectedSets.put(DAYS[d] + " " + feed(feed, d).session(), List.of(base, TapPath.tapPath(base, 1)));
			}
		}
		// the damaged file: day 2's second tap of feed 2, its header overwritten (no reader takes it)
		damaged = TapPath.tapPath(archive.resolve(DAYS[1]).resolve("feed2.pcap"), 1);
		try (RandomAccessFile f = new RandomAccessFile(damaged.toFile(), "rw")) {
			f.write("this is no capture".getBytes(StandardCharsets.US_ASCII));
		}
		// it cannot say its day and session: its name places it in its set, beside its base capture
		String damagedSet = DAYS[1] + " " + feed(2, 1).session();
		assertEquals(List.of(archive.resolve(DAYS[1]).resolve("feed2.pcap"), damaged), expectedSets.get(damagedSet));

		Path out = tmp.resolve("out");
		String glob = archive + "/*/*.pcap";
		ByteArrayOutputStream err1 = new ByteArrayOutputStream();
		int code = Main.run(new String[] { "analyze-archive", "--master", "local[2]", "--out", out.toString(), glob },
				new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err1, true, StandardCharsets.UTF_8));
		assertEquals(1, code, "a capture set failed, so exit 1: " + err1);

		try (SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
				.config("spark.sql.datetime.java8API.enabled", "true").config("spark.sql.session.timeZone", "UTC").getOrCreate()) {
			LatencySql.register(spark);
			List<Row> runs = spark.read().parquet(out.resolve("runs").toString()).collectAsList();
			// the sets: each feed session on each day with both its taps (the damaged one too, in its feed's set)
			Map<String, List<String>> setFiles = new TreeMap<>();
			for (Row r : runs) {
				List<String> files = new ArrayList<>();
				for (Row f : r.<Row>getList(r.fieldIndex("files"))) {
					files.add(f.getString(0));
				}
				setFiles.put(r.getString(r.fieldIndex("capture_set")), files);
			}
			Map<String, List<String>> expected = new TreeMap<>();
			expectedSets.forEach((k, v) -> expected.put(k, v.stream().map(AnalyzeArchiveTest::uri).sorted().toList()));
			assertEquals(expected, setFiles);
			assertEquals(expected.size(), runs.size());
			for (Row r : runs) {
				String set = r.getString(r.fieldIndex("capture_set"));
				String status = r.getString(r.fieldIndex("status"));
				List<Row> failures = r.getList(r.fieldIndex("failures"));
				if (set.equals(damagedSet)) {
					assertEquals("failed", status);
					assertEquals(1, failures.size());
					assertEquals(uri(damaged), failures.get(0).getString(0));
					// the reason is the command line's for that file
					String reason = failures.get(0).getString(1);
					assertFalse(reason.isBlank());
					ByteArrayOutputStream cliErr = new ByteArrayOutputStream();
					int cli = io.feedscope.cli.Main.run(new String[] { "analyze", damaged.toString() },
							new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
							new PrintStream(cliErr, true, StandardCharsets.UTF_8));
					assertEquals(1, cli);
					assertTrue(cliErr.toString(StandardCharsets.UTF_8).contains("cannot read " + damaged + ": " + reason),
							"runs says '" + reason + "', feedscope analyze: " + cliErr);
					assertTrue(err1.toString(StandardCharsets.UTF_8).contains(reason), err1.toString());
				} else {
					assertEquals("done", status, set + ": " + failures);
					assertEquals(List.of(), failures);
				}
			}

			// the oracle: feedscope analyze --format json of each capture set's files, in the set's order
			List<Row> findings = spark.read().parquet(out.resolve("findings").toString()).orderBy("capture_set", "finding_index")
					.collectAsList();
			List<Row> sessions = spark.read().parquet(out.resolve("sessions").toString()).collectAsList();
			List<String> expectedFindings = new ArrayList<>();
			List<String> expectedSessions = new ArrayList<>();
			int latencyChecked = 0;
			// one feed session per feed and day here, so the README's merged p99 per feed and day is the report's
			Map<String, Long> expectedP99 = new TreeMap<>();
			for (Map.Entry<String, List<String>> e : expected.entrySet()) {
				if (e.getKey().equals(damagedSet)) {
					continue; // failed: no rows
				}
				JsonNode report = analyze(e.getValue());
				for (JsonNode f : report.get("findings")) {
					expectedFindings.add(e.getKey() + " " + finding(f));
				}
				for (JsonNode s : report.get("sessions")) {
					expectedSessions.add(e.getKey() + " " + session(s));
					// the histograms in the table give the report's p99 back, within HdrHistogram's precision
					JsonNode lat = s.get("ab_latency_ns");
					if (lat != null && lat.has("p99")) {
						Row row = sessions.stream().filter(r -> r.getString(r.fieldIndex("capture_set")).equals(e.getKey())
								&& r.getString(r.fieldIndex("session")).equals(s.get("session").asText())).findFirst().orElseThrow();
						long p99 = lat.get("p99").asLong();
						assertNull(expectedP99.put(feed(s) + " " + e.getKey().substring(0, 10), p99), "one session per feed and day");
						assertEquals(p99, row.getLong(row.fieldIndex("latency_p99_ns")));
						Long merged = LatencySql.percentile(List.of((byte[]) row.get(row.fieldIndex("latency_hdr"))),
								List.of((byte[]) row.get(row.fieldIndex("latency_hdr_below"))), 0.99);
						assertNotNull(merged);
						assertTrue(Math.abs(merged - p99) <= Math.abs(p99) / 1000 + 1, "p99 " + p99 + " from the histograms " + merged);
						latencyChecked++;
					}
				}
			}
			assertTrue(latencyChecked >= 4, "sessions with A/B latency: " + latencyChecked);
			List<String> actualFindings = findings.stream().map(r -> r.getString(r.fieldIndex("capture_set")) + " " + finding(r)).toList();
			assertFalse(expectedFindings.isEmpty());
			assertEquals(String.join("\n", expectedFindings), String.join("\n", actualFindings));
			List<String> actualSessions = sessions.stream().map(r -> r.getString(r.fieldIndex("capture_set")) + " " + session(r))
					.sorted().toList();
			assertEquals(String.join("\n", expectedSessions.stream().sorted().toList()), String.join("\n", actualSessions));

			// the three questions, as the README's SQL asks them (the first without its "last week")
			spark.read().parquet(out.resolve("findings").toString()).createOrReplaceTempView("findings");
			spark.read().parquet(out.resolve("sessions").toString()).createOrReplaceTempView("sessions");
			long firstSeqOnly = spark.sql("SELECT day, session, from_seq, to_seq, start_time, message FROM findings "
					+ "WHERE label = 'first-seq-only' AND severity = 'ERROR' ORDER BY day, session, from_seq").count();
			assertEquals(expectedFindings.stream().filter(s -> s.contains(" severity=ERROR ") && s.contains(" label=first-seq-only ")).count(),
					firstSeqOnly);
			assertTrue(firstSeqOnly > 0);
			Map<String, Long> lostByTap = new TreeMap<>();
			for (Row r : spark.sql("SELECT element_at(files, CAST(regexp_extract(label, '\u2192([0-9]+)', 1) AS INT) + 1) AS tap, "
					+ "sum(to_seq - from_seq + 1) AS messages_lost FROM findings "
					+ "WHERE check_id = 'io.feedscope.analysis.taps' AND severity = 'WARNING' GROUP BY tap ORDER BY messages_lost DESC")
					.collectAsList()) {
				lostByTap.put(r.getString(0), r.getLong(1));
			}
			assertEquals(lostByTap(expected, damagedSet), lostByTap);
			Map<String, Long> p99s = new TreeMap<>();
			for (Row r : spark.sql("SELECT feed, day, latency_percentile(collect_list(latency_hdr), collect_list(latency_hdr_below), 0.99) "
					+ "AS p99_ns FROM sessions GROUP BY feed, day ORDER BY feed, day").collectAsList()) {
				p99s.put(r.getString(0) + " " + r.get(1), r.getLong(2));
			}
			assertEquals(expectedP99.keySet(), p99s.keySet());
			expectedP99.forEach((k, p99) -> assertTrue(Math.abs(p99s.get(k) - p99) <= Math.abs(p99) / 1000 + 1, k + ": p99 " + p99
					+ ", merged " + p99s.get(k)));
		}

		// the second run: nothing changed, nothing analyzed, the tables as they were
		long findingsBefore = countRows(out.resolve("findings"));
		ByteArrayOutputStream err2 = new ByteArrayOutputStream();
		ByteArrayOutputStream out2 = new ByteArrayOutputStream();
		code = Main.run(new String[] { "analyze-archive", "--master", "local[2]", "--out", out.toString(), glob },
				new PrintStream(out2, true, StandardCharsets.UTF_8), new PrintStream(err2, true, StandardCharsets.UTF_8));
		assertEquals(0, code, err2.toString(StandardCharsets.UTF_8));
		assertTrue(out2.toString(StandardCharsets.UTF_8).contains("0 to analyze, " + expectedSets.size() + " unchanged"), out2.toString());
		try (SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate()) {
			List<Row> runs = spark.read().parquet(out.resolve("runs").toString()).collectAsList();
			assertEquals(2 * expectedSets.size(), runs.size());
			Map<String, Long> statusOfSecond = runs.stream().collect(Collectors.groupingBy(r -> r.getString(r.fieldIndex("run_id")),
					TreeMap::new, Collectors.counting()));
			assertEquals(2, statusOfSecond.size());
			String second = ((TreeMap<String, Long>) statusOfSecond).lastKey();
			assertTrue(runs.stream().filter(r -> r.getString(r.fieldIndex("run_id")).equals(second))
					.allMatch(r -> r.getString(r.fieldIndex("status")).equals("skipped")));
			assertEquals(findingsBefore, spark.read().parquet(out.resolve("findings").toString()).count());
		}
	}

	/** from the reports: the messages each hop lost (the taps check's warnings), by its downstream tap's file */
	private static Map<String, Long> lostByTap(Map<String, List<String>> sets, String failedSet) throws IOException {
		Map<String, Long> lost = new TreeMap<>();
		for (Map.Entry<String, List<String>> e : sets.entrySet()) {
			if (e.getKey().equals(failedSet)) {
				continue;
			}
			for (JsonNode f : analyze(e.getValue()).get("findings")) {
				if (f.get("check").asText().equals("io.feedscope.analysis.taps") && f.get("severity").asText().equals("WARNING")) {
					String label = f.get("label").asText();
					String tap = e.getValue().get(Integer.parseInt(label.substring(label.indexOf('\u2192') + 1)));
					lost.merge(tap, f.get("range").get(1).asLong() - f.get("range").get(0).asLong() + 1, Long::sum);
				}
			}
		}
		return lost;
	}

	private static long countRows(Path table) throws IOException {
		try (SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate()) {
			return spark.read().parquet(table.toString()).count();
		}
	}

	private static String uri(Path p) {
		return "file:" + p.toAbsolutePath().normalize();
	}

	/** {@code feedscope analyze --format json FILE...}, in this JVM */
	private static JsonNode analyze(List<String> uris) throws IOException {
		List<String> args = new ArrayList<>(List.of("analyze", "--format", "json"));
		for (String u : uris) {
			args.add(u.substring("file:".length()));
		}
		ByteArrayOutputStream o = new ByteArrayOutputStream();
		ByteArrayOutputStream e = new ByteArrayOutputStream();
		int code = io.feedscope.cli.Main.run(args.toArray(String[]::new), new PrintStream(o, true, StandardCharsets.UTF_8),
				new PrintStream(e, true, StandardCharsets.UTF_8));
		assertEquals(0, code, "feedscope " + args + ": " + e);
		return JSON.readTree(o.toByteArray());
	}

	/** a finding of the JSON report, every member */
	private static String finding(JsonNode f) {
		JsonNode range = f.get("range");
		StringBuilder frames = new StringBuilder();
		for (JsonNode fr : f.get("frames")) {
			frames.append(fr.get(0).asInt()).append(':').append(fr.get(1).asInt()).append(',');
		}
		return "severity=" + f.get("severity").asText() + " check=" + f.get("check").asText() + " label=" + f.get("label").asText()
				+ " session=" + text(f.get("session")) + " line=" + text(f.get("line")) + " range="
				+ (range == null ? "none" : range.get(0).asLong() + ".." + range.get(1).asLong()) + " time=" + f.get("start_ns").asLong()
				+ ".." + f.get("end_ns").asLong() + " frames=" + frames + " message=" + f.get("message").asText();
	}

	/** the same of a findings row */
	private static String finding(Row r) {
		StringBuilder frames = new StringBuilder();
		for (Row fr : r.<Row>getList(r.fieldIndex("frames"))) {
			frames.append(fr.getInt(0)).append(':').append(fr.getInt(1)).append(',');
		}
		Object from = r.get(r.fieldIndex("from_seq"));
		return "severity=" + r.getString(r.fieldIndex("severity")) + " check=" + r.getString(r.fieldIndex("check_id")) + " label="
				+ r.getString(r.fieldIndex("label")) + " session=" + text(r.get(r.fieldIndex("session"))) + " line="
				+ text(r.get(r.fieldIndex("line"))) + " range=" + (from == null ? "none" : from + ".." + r.get(r.fieldIndex("to_seq")))
				+ " time=" + r.getLong(r.fieldIndex("start_ns")) + ".." + r.getLong(r.fieldIndex("end_ns")) + " frames=" + frames
				+ " message=" + r.getString(r.fieldIndex("message"));
	}

	/** a session of the JSON report: the counts the sessions table carries, line by line */
	private static String session(JsonNode s) {
		StringBuilder b = new StringBuilder("session=" + s.get("session").asText() + " feed=" + feed(s) + " protocol="
				+ s.get("protocol").asText() + " distinct=" + s.get("distinct_messages").asLong());
		for (JsonNode l : s.get("lines")) {
			b.append(" line ").append(l.get("name").asText()).append(' ').append(l.get("destination").asText()).append(" packets=")
					.append(l.get("packets").asLong()).append(" messages=").append(l.get("messages").asLong()).append(" taps=")
					.append(l.get("tap_count").asInt()).append(" first=").append(l.get("first_delivered").asLong());
		}
		return b.toString();
	}

	private static String session(Row r) {
		StringBuilder b = new StringBuilder("session=" + r.getString(r.fieldIndex("session")) + " feed=" + r.getString(r.fieldIndex("feed"))
				+ " protocol=" + r.getString(r.fieldIndex("protocol")) + " distinct=" + r.getLong(r.fieldIndex("distinct_messages")));
		for (Row l : r.<Row>getList(r.fieldIndex("lines"))) {
			b.append(" line ").append(l.getString(0)).append(' ').append(l.getString(1)).append(" packets=").append(l.getLong(3))
					.append(" messages=").append(l.getLong(4)).append(" taps=").append(l.getInt(2)).append(" first=").append(l.getLong(6));
		}
		return b.toString();
	}

	/** a feed across days: its lines' destinations, line A's first */
	private static String feed(JsonNode session) {
		Map<String, String> byName = new TreeMap<>();
		for (JsonNode l : session.get("lines")) {
			byName.put(l.get("name").asText(), l.get("destination").asText());
		}
		return String.join(" ", byName.values());
	}

	private static String text(Object o) {
		if (o instanceof JsonNode n) {
			return n.asText();
		}
		return o == null ? "-" : o.toString();
	}
}
