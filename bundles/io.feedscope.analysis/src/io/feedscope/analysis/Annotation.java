package io.feedscope.analysis;

import org.eclipse.jdt.annotation.NonNull;
import org.eclipse.jdt.annotation.Nullable;

/**
 * What a check tells the views to draw, as data: the typed channel from checks to views. A check attaches
 * annotations to a {@link Finding} ({@link Finding.Builder#annotate}) or to the run
 * ({@link CheckContext#annotate}) for things that are not findings of their own (the packets a handler
 * would trash). Views draw them generically by their type, {@link #kind()} and {@link #severity()}: the
 * sequence chart never asks which check made an annotation, and no view parses a finding's message or the
 * JSON report to find out what to draw.
 * <p>
 * Four shapes, after what the chart can show: a {@link SequenceRange} (a band across the time axis), a
 * {@link TimeRange} (a band across the sequence axis), a {@link PacketMark} (one packet highlighted, and a
 * note a packet table can show in the frame's row) and a {@link Glyph} (a symbol at a point of time and sequence). Labels are
 * short, for people; {@code {line}} in a label is replaced by the line's final name ({@link #text()}), for
 * checks that annotate while streaming, before lines are named A, B, ...
 * <p>
 * Immutable. Annotations cost memory per item, so a check keeps their number bounded as it does its findings
 * (the run keeps at most {@link AnalysisOptions#listLimit()} run-level annotations per check).
 */
public sealed interface Annotation permits Annotation.SequenceRange, Annotation.TimeRange, Annotation.PacketMark,
		Annotation.Glyph {

	/**
	 * What an annotation means; a view picks its look from this (and the line), never from the check's id.
	 */
	enum Kind {
		/** messages no line delivered, or a handler lost: the loudest band */
		LOSS,
		/** messages one line skipped that another line covered */
		LINE_GAP,
		/** messages the annotation's line delivered first while another line lagged */
		LINE_LEAD,
		/** a time a line was silent while others delivered */
		FREEZE,
		/** anything else a check wants seen; drawn in its severity's colour */
		NOTE
	}

	/** Shapes of a {@link Glyph}. */
	enum Shape {
		TRIANGLE, DIAMOND, CROSS, CIRCLE
	}

	Kind kind();

	Severity severity();

	/** @return the label as the check gave it, possibly with {@code {line}} in it */
	String label();

	/** @return the line concerned, or null for the whole session (or none) */
	@Nullable
	FeedLine line();

	/** @return {@link #label()} with {@code {line}} replaced by the line's name (final once the analysis finished) */
	default String text() {
		FeedLine l = line();
		String label = label();
		return l != null && label.contains("{line}") ? label.replace("{line}", l.name()) : label;
	}

	/**
	 * Messages {@code [fromSeq, toSeq]} (inclusive) of the line's (or, with no line, the session's) sequence.
	 */
	// the components say @NonNull although the package default says it: ECJ's null analysis does not apply the
	// default to implicit record accessors, which then clash with the interface's methods
	record SequenceRange(@NonNull Kind kind, @NonNull Severity severity, @Nullable FeedLine line, long fromSeq,
			long toSeq, @NonNull String label) implements Annotation {
		public SequenceRange {
			if (toSeq < fromSeq) {
				throw new IllegalArgumentException("empty sequence range [" + fromSeq + ", " + toSeq + "]");
			}
		}
	}

	/** Capture time {@code [startNanos, endNanos)}, ns since the epoch. */
	record TimeRange(@NonNull Kind kind, @NonNull Severity severity, @Nullable FeedLine line, long startNanos,
			long endNanos, @NonNull String label) implements Annotation {
		public TimeRange {
			if (endNanos <= startNanos) {
				throw new IllegalArgumentException("empty time range [" + startNanos + ", " + endNanos + ")");
			}
		}
	}

	/**
	 * One packet, highlighted in the chart; a packet table finds the notes of a row through the workbench's
	 * model ({@code FeedModel.notes}).
	 *
	 * @param frameRef the frame, made with {@link Finding#frameRef(int, int)}
	 */
	record PacketMark(@NonNull Kind kind, @NonNull Severity severity, @Nullable FeedLine line, long frameRef,
			@NonNull String label) implements Annotation {
	}

	/**
	 * A symbol at a point of the chart: capture time and sequence number (the message a request asked for, the
	 * point where a sequence reset).
	 */
	record Glyph(@NonNull Kind kind, @NonNull Severity severity, @Nullable FeedLine line, long timeNanos, long seq,
			@NonNull Shape shape, @NonNull String label) implements Annotation {
	}

	/** @return a band over messages [from, to] */
	static SequenceRange sequenceRange(Kind kind, Severity severity, @Nullable FeedLine line, long from, long to,
			String label) {
		return new SequenceRange(kind, severity, line, from, to, label);
	}

	/** @return a band over capture time [start, end) */
	static TimeRange timeRange(Kind kind, Severity severity, @Nullable FeedLine line, long startNanos, long endNanos,
			String label) {
		return new TimeRange(kind, severity, line, startNanos, endNanos, label);
	}

	/** @return one packet marked */
	static PacketMark packet(Severity severity, @Nullable FeedLine line, long frameRef, String label) {
		return new PacketMark(Kind.NOTE, severity, line, frameRef, label);
	}
}
