package io.feedscope.spark;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The three tables under {@code --out}, as Parquet: their columns, in the order the rows give them. Every row
 * names its capture set ({@code capture_set}), the run that made it and the FeedScope version; times are
 * nanoseconds since the epoch as the JSON report gives them, plus timestamps for SQL. {@code feed} names a feed
 * across days: the destinations (group:port) of its session's lines, A first (a MoldUDP64 session's name
 * changes every day, its lines do not); {@code protocol} is the session's framing.
 */
final class Tables {

	static final String FINDINGS = "findings";
	static final String SESSIONS = "sessions";
	static final String RUNS = "runs";

	private Tables() {
	}

	/** An array column's value: a Scala Seq, what Spark's Row encoder takes for arrays (a java.util.List it refuses). */
	static <T> scala.collection.Seq<T> seq(java.util.List<T> list) {
		return scala.jdk.javaapi.CollectionConverters.asScala(list);
	}

	private static StructField f(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
		return createStructField(name, type, nullable);
	}

	/** capture index (into {@code files}) and 1-based frame number, as the JSON report's [capture, frame] pairs */
	static final StructType FRAME = createStructType(List.of(f("capture", IntegerType, false), f("frame", IntegerType, false)));

	/**
	 * One row per finding, in the order of the report's {@code findings} array ({@code finding_index}); the
	 * columns are the JSON members: severity, check, label, session, line, range, start_ns, end_ns, frames,
	 * message.
	 */
	static final StructType FINDINGS_SCHEMA = createStructType(List.of(
			f("capture_set", StringType, false), f("day", DateType, true), f("files", createArrayType(StringType, false), false),
			f("feed", StringType, true), f("protocol", StringType, true), f("session", StringType, true),
			f("line", StringType, true), f("finding_index", IntegerType, false), f("severity", StringType, false), f("check_id", StringType, false),
			f("label", StringType, false), f("from_seq", LongType, true), f("to_seq", LongType, true),
			f("start_ns", LongType, false), f("end_ns", LongType, false), f("start_time", TimestampType, true),
			f("frames", createArrayType(FRAME, false), false), f("message", StringType, false),
			f("run_id", StringType, false), f("feedscope_version", StringType, false)));

	/** a line of a session: the report's {@code lines[]} members, plus its gaps */
	static final StructType LINE = createStructType(List.of(f("name", StringType, false), f("destination", StringType, false),
			f("taps", IntegerType, false), f("packets", LongType, false), f("messages", LongType, false),
			f("heartbeats", LongType, false), f("first_delivered", LongType, false),
			f("duplicate_packets", LongType, false), f("duplicate_messages", LongType, false),
			f("reordered_packets", LongType, false), f("gaps", LongType, true), f("gap_messages", LongType, true)));

	/**
	 * One row per feed session of a capture set, its lines in {@code lines}. Losses per policy: true loss
	 * (messages no line delivered nor a retransmission recovered), and what the first-seq-only and seq+count
	 * arbitration replays lose. A/B latency ({@code B - A} at the same message, ns) as percentiles and as two
	 * mergeable HdrHistograms ({@code latency_hdr}: the values at or above zero; {@code latency_hdr_below}: the
	 * magnitudes of those below), each in HdrHistogram's compressed encoding; {@link LatencySql} merges them.
	 */
	static final StructType SESSIONS_SCHEMA = createStructType(List.of(
			f("capture_set", StringType, false), f("day", DateType, true), f("files", createArrayType(StringType, false), false),
			f("feed", StringType, false), f("protocol", StringType, false), f("session", StringType, false),
			f("first_seq", LongType, true),
			f("last_seq", LongType, true), f("distinct_messages", LongType, false), f("packets", LongType, false),
			f("messages", LongType, false), f("gaps", LongType, true), f("gap_messages", LongType, true),
			f("true_loss_messages", LongType, true), f("recovered_messages", LongType, true),
			f("first_seq_only_lost_messages", LongType, true), f("seq_and_count_lost_messages", LongType, true),
			f("latency_samples", LongType, false), f("latency_p50_ns", LongType, true), f("latency_p99_ns", LongType, true),
			f("latency_min_ns", LongType, true), f("latency_max_ns", LongType, true), f("latency_hdr", BinaryType, true),
			f("latency_hdr_below", BinaryType, true), f("lines", createArrayType(LINE, false), false),
			f("run_id", StringType, false), f("feedscope_version", StringType, false)));

	static final StructType FILE = createStructType(List.of(f("path", StringType, false), f("size", LongType, false),
			f("mtime", LongType, false), f("checksum", StringType, false)));

	static final StructType FAILURE = createStructType(List.of(f("file", StringType, false), f("reason", StringType, false)));

	/**
	 * One row per capture set per run (appended, never rewritten): what was analyzed (the files with their
	 * fingerprints), by which FeedScope version, how it went ({@code done}, {@code failed} with the failures
	 * per file and their reasons, {@code skipped} when an earlier run analyzed the same files with the same
	 * version), warnings of the reader, counts and time.
	 */
	static final StructType RUNS_SCHEMA = createStructType(List.of(f("run_id", StringType, false),
			f("started", TimestampType, false), f("feedscope_version", StringType, false), f("spark_version", StringType, false),
			f("master", StringType, false), f("group_by", StringType, false), f("capture_set", StringType, false),
			f("day", DateType, true), f("sessions", StringType, false), f("files", createArrayType(FILE, false), false),
			f("status", StringType, false), f("failures", createArrayType(FAILURE, false), false),
			f("warnings", createArrayType(StringType, false), false), f("frames", LongType, false),
			f("findings", IntegerType, false), f("feed_sessions", IntegerType, false), f("elapsed_ms", LongType, false)));
}
