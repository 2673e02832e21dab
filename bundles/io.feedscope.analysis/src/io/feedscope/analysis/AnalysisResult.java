package io.feedscope.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.feedscope.capture.CaptureProblem;

/**
 * The outcome of one run: captures, sessions with their lines, findings, and the checks that produced
 * them (which write their own JSON members and summary text).
 */
public final class AnalysisResult {

	/**
	 * One capture (tap point) as read.
	 *
	 * @param problems what could not be read (a file cut short, damaged blocks skipped): the report covers the
	 *        frames read, and says so, since a reader of the report alone (JSON in a pipeline) never sees the
	 *        command's warnings
	 */
	public record Capture(int index, String name, String path, String format, long frames, long firstTimeNanos,
			long lastTimeNanos, List<CaptureProblem> problems) {

		public Capture {
			problems = List.copyOf(problems);
		}

		/** A capture read without problems. */
		public Capture(int index, String name, String path, String format, long frames, long firstTimeNanos,
				long lastTimeNanos) {
			this(index, name, path, format, frames, firstTimeNanos, lastTimeNanos, List.of());
		}
	}

	/**
	 * Problems of one capture the report lists (text and JSON); more are counted ({@code problem_count}).
	 * A damaged pcapng can skip a block per frame: its first problems say what is wrong and where it starts.
	 */
	public static final int LISTED_PROBLEMS = 20;

	/** A malformed feed frame. */
	public record Malformed(int captureIndex, int frame, long timeNanos, String problem) {
	}

	/**
	 * Name and version of the JSON report's format, its first member; the format is published as JSON Schema
	 * in this bundle's {@code schema/feedscope-analysis-2.schema.json}.
	 */
	public static final String SCHEMA = "feedscope-analysis/2";

	/** the JSON Schema of {@link #writeJson}, a resource of this bundle (and jar) */
	public static final String SCHEMA_RESOURCE = "schema/feedscope-analysis-2.schema.json";

	private final List<Capture> fCaptures;
	private final long fFrames;
	private final long fNotFeedFrames;
	private final long fMalformedCount;
	private final List<Malformed> fMalformed;
	private final List<FeedSession> fSessions;
	private final List<Finding> fFindings;
	private final long fDroppedFindings;
	private final List<FeedCheck> fChecks;
	private final List<String> fCheckIds;
	private final List<Annotation> fAnnotations;

	AnalysisResult(List<Capture> captures, long frames, long notFeed, long malformedCount, List<Malformed> malformed,
			List<FeedSession> sessions, List<Finding> findings, long dropped, List<FeedCheck> checks,
			List<String> checkIds, List<Annotation> annotations) {
		fAnnotations = List.copyOf(annotations);
		fCaptures = List.copyOf(captures);
		fFrames = frames;
		fNotFeedFrames = notFeed;
		fMalformedCount = malformedCount;
		fMalformed = List.copyOf(malformed);
		fSessions = List.copyOf(sessions);
		fFindings = List.copyOf(findings);
		fDroppedFindings = dropped;
		fChecks = List.copyOf(checks);
		fCheckIds = List.copyOf(checkIds);
	}

	public List<Capture> captures() {
		return fCaptures;
	}

	/**
	 * @param capture a capture's index
	 * @param problems what its reader could not read (found while the analysis read it, as for a streamed
	 *        capture, or when it was opened)
	 * @return this result with those problems added to that capture's
	 */
	public AnalysisResult withCaptureProblems(int capture, List<CaptureProblem> problems) {
		if (problems.isEmpty()) {
			return this;
		}
		List<Capture> captures = new ArrayList<>(fCaptures);
		Capture c = captures.get(capture);
		List<CaptureProblem> all = new ArrayList<>(c.problems());
		all.addAll(problems);
		captures.set(capture, new Capture(c.index(), c.name(), c.path(), c.format(), c.frames(), c.firstTimeNanos(),
				c.lastTimeNanos(), all));
		return new AnalysisResult(captures, fFrames, fNotFeedFrames, fMalformedCount, fMalformed, fSessions, fFindings,
				fDroppedFindings, fChecks, fCheckIds, fAnnotations);
	}

	/** @return frames over all captures */
	public long frames() {
		return fFrames;
	}

	public long notFeedFrames() {
		return fNotFeedFrames;
	}

	/** @return malformed feed frames (all of them; {@link #malformed()} lists a bounded number) */
	public long malformedCount() {
		return fMalformedCount;
	}

	public List<Malformed> malformed() {
		return fMalformed;
	}

	public List<FeedSession> sessions() {
		return fSessions;
	}

	/** @return findings, most severe first, then by time */
	public List<Finding> findings() {
		return fFindings;
	}

	/**
	 * @return what the checks gave the views to draw besides their findings ({@link CheckContext#annotate}), in
	 *         check order; a finding's own are {@link Finding#annotations()}
	 */
	public List<Annotation> annotations() {
		return fAnnotations;
	}

	/** @return every annotation: those of the findings (in finding order), then the run's */
	public List<Annotation> allAnnotations() {
		List<Annotation> out = new ArrayList<>();
		for (Finding f : fFindings) {
			out.addAll(f.annotations());
		}
		out.addAll(fAnnotations);
		return out;
	}

	/** @return the ids of the checks of this run, in run order */
	public List<String> checkIds() {
		return fCheckIds;
	}

	/** @return findings over a check's limit, counted but not kept */
	public long droppedFindings() {
		return fDroppedFindings;
	}

	/** @return the check instances of this run, to read their typed results */
	public List<FeedCheck> checks() {
		return fChecks;
	}

	/** @return the check of this run with the given id, or null */
	public <T extends FeedCheck> T check(String id, Class<T> type) {
		int i = fCheckIds.indexOf(id);
		if (i < 0) {
			throw new IllegalArgumentException("no check " + id + " in this run: " + fCheckIds);
		}
		return type.cast(fChecks.get(i));
	}

	/** @return the session with that name (padding ignored), or null */
	public @org.eclipse.jdt.annotation.Nullable FeedSession session(String name) {
		for (FeedSession s : fSessions) {
			if (s.displayName().equals(name.stripTrailing())) {
				return s;
			}
		}
		return null;
	}

	/** @return the summary built by the checks */
	public Summary summary() {
		Summary sum = new Summary();
		for (FeedSession s : fSessions) {
			sum.prefix(fSessions.size() > 1 ? s.displayName() + ": " : "");
			for (FeedCheck c : fChecks) {
				c.summarize(s, sum);
			}
		}
		sum.prefix("");
		return sum;
	}

	/** @return the text a person scans in ten seconds: headline first, then sessions, lines, top findings */
	public String summaryText() {
		Summary sum = summary();
		StringBuilder b = new StringBuilder();
		String head = sum.headlineText();
		b.append(head.isEmpty() ? "no feed sessions found" : head).append('\n');
		b.append('\n');
		for (Capture c : fCaptures) {
			b.append(String.format(Locale.ROOT, "capture %d %s: %,d frames%n", c.index(), c.name(), c.frames()));
			List<CaptureProblem> problems = c.problems();
			for (int i = 0; i < Math.min(problems.size(), LISTED_PROBLEMS); i++) {
				CaptureProblem p = problems.get(i);
				b.append(String.format(Locale.ROOT, "  not read: at byte %d%s: %s%n", p.offset(),
						p.frame() > 0 ? " (frame " + p.frame() + ")" : "", p.message()));
			}
			if (problems.size() > LISTED_PROBLEMS) {
				b.append(String.format(Locale.ROOT, "  ... %,d more problems%n", problems.size() - LISTED_PROBLEMS));
			}
		}
		if (fMalformedCount > 0) {
			b.append(String.format(Locale.ROOT, "%,d malformed feed frames%n", fMalformedCount));
		}
		for (FeedSession s : fSessions) {
			b.append(String.format(Locale.ROOT, "session %s (%s): messages %d..%d, %,d distinct%n", s.displayName(),
					s.protocol(), s.firstSeq(), s.lastSeq(), s.distinctMessages()));
			for (FeedLine l : s.fLines) {
				b.append(String.format(Locale.ROOT,
						"  line %s %s: %,d packets, %,d messages (%,d first), %,d heartbeats, max %d msgs/packet%n",
						l.name(), l.destination(), l.packets(), l.messages(), l.firstDeliveredCount(),
						l.heartbeats(), l.maxMessagesPerPacket()));
			}
		}
		for (String d : sum.details()) {
			b.append(d).append('\n');
		}
		int shown = 0;
		for (Finding f : fFindings) {
			if (shown++ == 10) {
				b.append(String.format(Locale.ROOT, "... %,d more findings%n", fFindings.size() + fDroppedFindings - 10));
				break;
			}
			b.append(f.severity()).append(' ').append(f.message()).append('\n');
		}
		return b.toString();
	}

	/** Writes the whole report as JSON; the format is described in this package's {@code package-info}. */
	public void writeJson(Appendable out) {
		JsonWriter j = new JsonWriter(out);
		j.beginObject();
		j.member("schema", SCHEMA);
		j.name("captures").beginArray();
		for (Capture c : fCaptures) {
			j.beginObject().member("index", c.index()).member("name", c.name()).member("path", c.path())
					.member("format", c.format()).member("frames", c.frames())
					.member("first_time_ns", c.firstTimeNanos()).member("last_time_ns", c.lastTimeNanos());
			// only a damaged capture has them: a clean capture's report stays as it was
			if (!c.problems().isEmpty()) {
				j.member("problem_count", c.problems().size());
				j.name("problems").beginArray();
				for (CaptureProblem p : c.problems().subList(0, Math.min(c.problems().size(), LISTED_PROBLEMS))) {
					j.beginObject().member("offset", p.offset());
					if (p.frame() > 0) {
						j.member("frame", p.frame());
					}
					j.member("message", p.message()).endObject();
				}
				j.endArray();
			}
			j.endObject();
		}
		j.endArray();
		j.member("frames", fFrames).member("not_feed_frames", fNotFeedFrames);
		j.member("malformed_count", fMalformedCount);
		j.name("malformed_frames").beginArray();
		for (Malformed m : fMalformed) {
			j.beginObject().member("capture", m.captureIndex()).member("frame", m.frame())
					.member("time_ns", m.timeNanos()).member("problem", m.problem()).endObject();
		}
		j.endArray();
		j.member("headline", summary().headlineText());
		j.name("sessions").beginArray();
		for (FeedSession s : fSessions) {
			writeSession(s, j);
		}
		j.endArray();
		j.name("findings").beginArray();
		for (Finding f : fFindings) {
			f.write(j);
		}
		j.endArray();
		j.member("dropped_findings", fDroppedFindings);
		j.endObject();
		j.finish();
	}

	/** @return {@link #writeJson(Appendable)} into a String */
	public String toJson() {
		StringBuilder b = new StringBuilder();
		writeJson(b);
		return b.toString();
	}

	private void writeSession(FeedSession s, JsonWriter j) {
		j.beginObject().member("protocol", s.protocol()).member("session", s.displayName());
		if (s.hasSpan()) {
			j.member("first_seq", s.firstSeq()).member("last_seq", s.lastSeq());
		}
		j.member("distinct_messages", s.distinctMessages());
		j.member("retransmission_only_messages", s.retransmissionOnlyMessages());
		j.name("message_types").beginObject();
		for (int t = 0; t < s.messageTypeLimit(); t++) {
			long n = s.messageTypeCount(t);
			if (n > 0) {
				// a printable one-byte code as its letter (ITCH 'A'), others in hex, two bytes when they need it
				boolean letter = s.messageTypeLetters() && t > 0x20 && t < 0x7f;
				j.member(letter ? String.valueOf((char) t) : String.format(t < 0x100 ? "0x%02x" : "0x%04x", t), n);
			}
		}
		if (s.messageTypeCount(-1) > 0) {
			j.member("none", s.messageTypeCount(-1));
		}
		j.endObject();
		j.member("retransmission_packets", s.retransmissionPackets()).member("requests", s.requests());
		j.name("lines").beginArray();
		for (FeedLine l : s.fLines) {
			j.beginObject().member("name", l.name()).member("destination", l.destination())
					.member("tap_count", l.taps()).member("packets", l.packets()).member("messages", l.messages())
					.member("heartbeats", l.heartbeats()).member("end_of_session", l.endOfSession())
					.member("duplicate_packets", l.duplicatePackets())
					.member("duplicate_messages", l.duplicateMessages())
					.member("reordered_packets", l.reorderedPackets())
					.member("max_messages_per_packet", l.maxMessagesPerPacket())
					.member("first_delivered", l.firstDeliveredCount());
			for (int i = 0; i < fChecks.size(); i++) {
				write(i, j, fChecks.get(i), c -> c.writeLine(l, j));
			}
			j.endObject();
		}
		j.endArray();
		for (int i = 0; i < fChecks.size(); i++) {
			write(i, j, fChecks.get(i), c -> c.writeSession(s, j));
		}
		j.endObject();
	}

	/** the built-in checks' id prefix: their members are the report's own, described one by one in the schema */
	static final String BUILT_IN = "io.feedscope.analysis.";

	/**
	 * Lets check {@code i} write its members; a check contributed by a plug-in writes them namespaced by its
	 * id ({@link JsonWriter#beginNamespace}), so {@code "count"} from check {@code com.example.x} becomes
	 * {@code "com.example.x.count"} and a member named {@code com.example.x} stays as it is.
	 */
	private void write(int i, JsonWriter j, FeedCheck check, java.util.function.Consumer<FeedCheck> writes) {
		String id = fCheckIds.get(i);
		if (id.startsWith(BUILT_IN)) {
			writes.accept(check);
			return;
		}
		j.beginNamespace(id);
		writes.accept(check);
		j.endNamespace();
	}
}
