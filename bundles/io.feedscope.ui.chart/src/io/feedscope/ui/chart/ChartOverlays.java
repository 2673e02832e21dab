package io.feedscope.ui.chart;

import java.util.Arrays;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * What the analysis found, in the chart's terms: sequence bands drawn across the whole time axis, time
 * bands drawn across the whole sequence axis, and highlighted packets. Immutable; build a new one and
 * hand it to {@link SequenceChart#setOverlays(ChartOverlays)} when findings change.
 *
 * @param seqBands   horizontal bands (gaps, "line B delivered first")
 * @param timeBands  vertical shaded ranges (line freezes)
 * @param highlights packets to mark (trashed packet with new data, duplicates), any order
 * @param glyphs     symbols at a point of time and sequence, any order
 */
public record ChartOverlays(List<SeqBand> seqBands, List<TimeBand> timeBands, List<PacketHighlight> highlights,
		List<Glyph> glyphs) {

	/** No overlays. */
	public static final ChartOverlays NONE = new ChartOverlays(List.of(), List.of(), List.of(), List.of());

	/** Overlays without glyphs. */
	public ChartOverlays(List<SeqBand> seqBands, List<TimeBand> timeBands, List<PacketHighlight> highlights) {
		this(seqBands, timeBands, highlights, List.of());
	}

	/** Copies the lists, sorting bands by start, highlights by packet index and glyphs by time. */
	public ChartOverlays {
		Glyph[] g = glyphs.toArray(Glyph[]::new);
		Arrays.sort(g, (a, b) -> Long.compare(a.timeNanos(), b.timeNanos()));
		glyphs = List.of(g);
		SeqBand[] seq = seqBands.toArray(SeqBand[]::new);
		Arrays.sort(seq, (a, b) -> Long.compare(a.firstSeq(), b.firstSeq()));
		seqBands = List.of(seq);
		TimeBand[] time = timeBands.toArray(TimeBand[]::new);
		Arrays.sort(time, (a, b) -> Long.compare(a.startNanos(), b.startNanos()));
		timeBands = List.of(time);
		PacketHighlight[] sorted = highlights.toArray(PacketHighlight[]::new);
		// sorted by packet index so the renderer can binary search the visible ones
		Arrays.sort(sorted, (a, b) -> Integer.compare(a.packetIndex(), b.packetIndex()));
		highlights = List.of(sorted);
	}

	/** Kinds of sequence band. */
	public enum SeqBandKind {
		/** Messages no line delivered (a loss, until recovered): red band. */
		GAP,
		/** Messages a line skipped and the other line covered: pale red band. */
		LINE_GAP,
		/** Messages the band's {@code line} delivered first while another line lagged: tint of that line's colour. */
		LINE_FIRST,
		/** Anything else a check marks: pale warning colour. */
		NOTE
	}

	/**
	 * Messages {@code [firstSeq, endSeq)} drawn as a band across the time axis.
	 *
	 * @param line  the line concerned (for LINE_GAP and LINE_FIRST), -1 for none
	 * @param label short text shown at the band's left end, or null
	 */
	public record SeqBand(long firstSeq, long endSeq, SeqBandKind kind, int line, @Nullable String label) {
	}

	/**
	 * Capture time {@code [startNanos, endNanos)} shaded across the sequence axis, e.g. a line freeze.
	 *
	 * @param line  the line concerned, -1 for all
	 * @param label short text shown at the band's top, or null
	 */
	public record TimeBand(long startNanos, long endNanos, int line, @Nullable String label) {
	}

	/** How loud a highlight is. */
	public enum Severity {
		/** Worth a look: orange outline. */
		WARNING,
		/** A fault, e.g. a packet dropped by the handler although it carried new messages: red. */
		ERROR
	}

	/**
	 * A packet drawn over its normal mark in the severity's colour.
	 *
	 * @param packetIndex index into the chart's {@link ChartData}
	 * @param category    a short name of the finding (e.g. "trashed packet with new data"), shown on hover
	 */
	public record PacketHighlight(int packetIndex, Severity severity, String category) {
	}

	/** Shapes of a {@link Glyph}. */
	public enum GlyphShape {
		TRIANGLE, DIAMOND, CROSS, CIRCLE
	}

	/**
	 * A symbol at capture time {@code timeNanos} and sequence {@code seq}, in the severity's colour.
	 *
	 * @param line  the line concerned, -1 for none
	 * @param label short text shown on hover, or null
	 */
	public record Glyph(long timeNanos, long seq, GlyphShape shape, Severity severity, int line, @Nullable String label) {
	}
}
