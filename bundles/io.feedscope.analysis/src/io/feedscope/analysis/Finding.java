package io.feedscope.analysis;

import java.util.Arrays;

import org.eclipse.jdt.annotation.Nullable;

/**
 * One thing a check found, with everything a view needs to jump to it: session, line, message range,
 * time range and the frames involved (a bounded list).
 * <p>
 * The line is held by reference because lines are named A/B only when the analysis finishes; read the
 * name with {@link #lineName()} after that.
 */
public final class Finding {

	/** {@link #fromSeq()} / {@link #toSeq()} value when the finding has no message range */
	public static final long NO_SEQ = -1;

	private final Severity fSeverity;
	private final String fCheckId;
	private final @Nullable FeedSession fSession;
	private final @Nullable FeedLine fLine;
	private final long fFromSeq;
	private final long fToSeq;
	private final long fStartNanos;
	private final long fEndNanos;
	private final long[] fFrames;
	private final String fMessage;
	private final String fLabel;

	private final java.util.List<Annotation> fAnnotations;

	private Finding(Builder b) {
		fSeverity = b.fSeverity;
		fCheckId = b.fCheckId;
		String label = b.fLabel;
		fLabel = label != null ? label : fCheckId.substring(fCheckId.lastIndexOf('.') + 1);
		fSession = b.fSession;
		fLine = b.fLine;
		fFromSeq = b.fFromSeq;
		fToSeq = b.fToSeq;
		fStartNanos = b.fStartNanos;
		fEndNanos = b.fEndNanos;
		fFrames = b.fFrames.clone();
		fMessage = b.fMessage;
		fAnnotations = java.util.List.copyOf(b.fAnnotations);
	}

	/**
	 * Starts a finding; {@link CheckContext#finding(Severity)} gives one with the check's id already set.
	 *
	 * @param checkId the reporting check's id (from its contribution)
	 */
	public static Builder builder(Severity severity, String checkId) {
		return new Builder(severity, checkId);
	}

	/**
	 * Builds a {@link Finding}: severity and check id are required, everything else is optional (no session,
	 * no line, no message range ({@link #NO_SEQ}), time 0, no frames, empty message, label from the check id).
	 * Not thread-safe; one finding per builder.
	 */
	public static final class Builder {
		final Severity fSeverity;
		final String fCheckId;
		@Nullable String fLabel;
		@Nullable FeedSession fSession;
		@Nullable FeedLine fLine;
		long fFromSeq = NO_SEQ;
		long fToSeq = NO_SEQ;
		long fStartNanos;
		long fEndNanos;
		long[] fFrames = new long[0];
		String fMessage = "";
		final java.util.List<Annotation> fAnnotations = new java.util.ArrayList<>(1);

		Builder(Severity severity, String checkId) {
			fSeverity = severity;
			fCheckId = checkId;
		}

		/**
		 * @param label what a findings table shows in its check column when the check's id alone does not say
		 *        enough: the arbitration policy ("first-seq-only", "seq+count"), the hop between two tap points
		 */
		public Builder label(String label) {
			fLabel = label;
			return this;
		}

		/** @param session the session concerned, or null */
		public Builder session(@Nullable FeedSession session) {
			fSession = session;
			return this;
		}

		/** @param line the line concerned (also sets the session when none was set), or null */
		public Builder line(@Nullable FeedLine line) {
			fLine = line;
			if (line != null && fSession == null) {
				fSession = line.session();
			}
			return this;
		}

		/** @param from first message (inclusive), @param to last message (inclusive) */
		public Builder range(long from, long to) {
			fFromSeq = from;
			fToSeq = to;
			return this;
		}

		/** @param startNanos capture time where it starts, @param endNanos where it ends (ns since the epoch) */
		public Builder time(long startNanos, long endNanos) {
			fStartNanos = startNanos;
			fEndNanos = endNanos;
			return this;
		}

		/** @param frames frame references made with {@link Finding#frameRef(int, int)}; copied */
		public Builder frames(long... frames) {
			fFrames = frames.clone();
			return this;
		}

		/**
		 * @param message one sentence for people; {@code {line}} is replaced by the line's final name when
		 *        read
		 */
		public Builder message(String message) {
			fMessage = message;
			return this;
		}

		/** Adds what the views should draw for this finding (a band, a marked packet, a glyph). */
		public Builder annotate(Annotation annotation) {
			fAnnotations.add(annotation);
			return this;
		}

		public Finding build() {
			return new Finding(this);
		}
	}

	/** @return a frame reference: capture index in the high 32 bits, 1-based frame number in the low */
	public static long frameRef(int captureIndex, int frame) {
		return ((long) captureIndex << 32) | (frame & 0xffffffffL);
	}

	/** @return the capture index of a {@link #frameRef(int, int) frame reference} */
	public static int refCapture(long ref) {
		return (int) (ref >>> 32);
	}

	/** @return the frame number of a {@link #frameRef(int, int) frame reference} */
	public static int refFrame(long ref) {
		return (int) ref;
	}

	public Severity severity() {
		return fSeverity;
	}

	public String checkId() {
		return fCheckId;
	}

	/**
	 * @return the short name for a findings table's check column: the last segment of the check id
	 *         ("gaps", "freezes"), or what the check named more precisely ("first-seq-only", "seq+count")
	 */
	public String label() {
		return fLabel;
	}

	public @Nullable FeedSession session() {
		return fSession;
	}

	public @Nullable FeedLine line() {
		return fLine;
	}

	/** @return the line's name (A, B, ...) once the analysis finished, "" when no line */
	public String lineName() {
		FeedLine l = fLine;
		return l == null ? "" : l.name();
	}

	/** @return first message of the range (inclusive), {@link #NO_SEQ} if none */
	public long fromSeq() {
		return fFromSeq;
	}

	/** @return last message of the range (inclusive), {@link #NO_SEQ} if none */
	public long toSeq() {
		return fToSeq;
	}

	/** @return capture time where the finding starts, ns since the epoch (0 if unknown) */
	public long startNanos() {
		return fStartNanos;
	}

	/** @return capture time where it ends, ns (0 if unknown) */
	public long endNanos() {
		return fEndNanos;
	}

	/** @return frame references ({@link #frameRef}), bounded by {@link AnalysisOptions#framesPerFinding()} */
	public long[] frames() {
		return fFrames.clone();
	}

	/**
	 * @return one sentence for people; {@code {line}} in the text given to the constructor is replaced by
	 *         the line's final name, for checks that report while streaming, before lines are named
	 */
	public String message() {
		return fLine != null && fMessage.contains("{line}") ? fMessage.replace("{line}", lineName()) : fMessage;
	}

	/** @return what the views should draw for this finding, as the check stated it (possibly none) */
	public java.util.List<Annotation> annotations() {
		return fAnnotations;
	}

	/** Writes this finding as a JSON object. */
	public void write(JsonWriter json) {
		json.beginObject().member("severity", fSeverity.name()).member("check", fCheckId).member("label", fLabel);
		FeedSession s = fSession;
		if (s != null) {
			json.member("session", s.displayName());
		}
		if (fLine != null) {
			json.member("line", lineName());
		}
		if (fFromSeq != NO_SEQ) {
			json.name("range").beginInlineArray().value(fFromSeq).value(fToSeq).endArray();
		}
		json.member("start_ns", fStartNanos).member("end_ns", fEndNanos);
		json.name("frames").beginInlineArray();
		for (long ref : fFrames) {
			json.beginInlineArray().value(refCapture(ref)).value(refFrame(ref)).endArray();
		}
		json.endArray();
		json.member("message", message()).endObject();
	}

	@Override
	public String toString() {
		return fSeverity + " " + fCheckId + (fLine != null ? " line " + lineName() : "")
				+ (fFromSeq != NO_SEQ ? " [" + fFromSeq + "," + fToSeq + "]" : "") + " frames "
				+ Arrays.toString(Arrays.stream(fFrames).mapToObj(r -> refCapture(r) + ":" + refFrame(r)).toArray())
				+ ": " + message();
	}
}
