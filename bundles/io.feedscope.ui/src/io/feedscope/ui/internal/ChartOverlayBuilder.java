package io.feedscope.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.Annotation;
import io.feedscope.analysis.FeedLine;
import io.feedscope.analysis.Finding;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.chart.ChartOverlays;
import io.feedscope.ui.chart.ChartOverlays.Glyph;
import io.feedscope.ui.chart.ChartOverlays.GlyphShape;
import io.feedscope.ui.chart.ChartOverlays.PacketHighlight;
import io.feedscope.ui.chart.ChartOverlays.SeqBand;
import io.feedscope.ui.chart.ChartOverlays.SeqBandKind;
import io.feedscope.ui.chart.ChartOverlays.TimeBand;

/**
 * Turns what the checks stated for the views ({@link Annotation}s on their findings and on the run) into what
 * the sequence chart draws over the packets. Generic: it knows the annotation types and kinds, never a check
 * id, a message text or the JSON report, so a plug-in's check is drawn exactly as a built-in one. Runs on the
 * UI thread over data only (no parsing).
 */
final class ChartOverlayBuilder {

	/** the freeze check's id, for tests that look for its findings */
	static final String FREEZES = "io.feedscope.analysis.freezes";

	private ChartOverlayBuilder() {
	}

	static ChartOverlays build(FeedModel model) {
		return build(model, f -> true);
	}

	/**
	 * @param shown which findings to draw (those about the one capture shown, when only one is); the run's own
	 *        annotations are packets, drawn when the chart shows them
	 */
	static ChartOverlays build(FeedModel model, Predicate<Finding> shown) {
		AnalysisResult r = model.result();
		if (r == null) {
			return ChartOverlays.NONE;
		}
		List<SeqBand> seq = new ArrayList<>();
		List<TimeBand> time = new ArrayList<>();
		List<PacketHighlight> marks = new ArrayList<>();
		List<Glyph> glyphs = new ArrayList<>();
		for (Finding f : r.findings()) {
			if (!shown.test(f)) {
				continue;
			}
			for (Annotation a : f.annotations()) {
				add(model, a, seq, time, marks, glyphs);
			}
		}
		for (Annotation a : r.annotations()) {
			add(model, a, seq, time, marks, glyphs);
		}
		return new ChartOverlays(seq, time, marks, glyphs);
	}

	private static void add(FeedModel model, Annotation a, List<SeqBand> seq, List<TimeBand> time,
			List<PacketHighlight> marks, List<Glyph> glyphs) {
		int line = line(model, a.line());
		String text = a.text();
		switch (a) {
		case Annotation.SequenceRange s -> {
			SeqBandKind kind = switch (s.kind()) {
			case LOSS -> SeqBandKind.GAP;
			case LINE_GAP -> SeqBandKind.LINE_GAP;
			case LINE_LEAD -> SeqBandKind.LINE_FIRST;
			case FREEZE, NOTE -> SeqBandKind.NOTE;
			};
			// a loss is the session's, drawn across every line
			seq.add(new SeqBand(s.fromSeq(), s.toSeq() + 1, kind, kind == SeqBandKind.GAP ? -1 : line, text));
		}
		case Annotation.TimeRange t -> time.add(new TimeBand(t.startNanos(), t.endNanos(), line, text));
		case Annotation.PacketMark p -> {
			int idx = model.chartIndex(new FrameRef(Finding.refCapture(p.frameRef()), Finding.refFrame(p.frameRef())));
			if (idx >= 0) {
				marks.add(new PacketHighlight(idx, severity(p.severity()), text));
			}
		}
		case Annotation.Glyph g -> glyphs.add(new Glyph(g.timeNanos(), g.seq(), shape(g.shape()), severity(g.severity()),
				line, text));
		}
	}

	private static ChartOverlays.Severity severity(io.feedscope.analysis.Severity s) {
		return s == io.feedscope.analysis.Severity.ERROR ? ChartOverlays.Severity.ERROR : ChartOverlays.Severity.WARNING;
	}

	private static GlyphShape shape(Annotation.Shape s) {
		return switch (s) {
		case TRIANGLE -> GlyphShape.TRIANGLE;
		case DIAMOND -> GlyphShape.DIAMOND;
		case CROSS -> GlyphShape.CROSS;
		case CIRCLE -> GlyphShape.CIRCLE;
		};
	}

	/** @return the chart's line index of an annotation's line (its name in the model), -1 for none */
	private static int line(FeedModel model, @Nullable FeedLine l) {
		return l == null ? -1 : lineIndex(model, l.name());
	}

	/**
	 * @return the packets the checks marked with the given severity and label, as frames (what tests compare
	 *         with the generator's truth)
	 */
	static List<FrameRef> markedPackets(AnalysisResult r, String label) {
		List<FrameRef> out = new ArrayList<>();
		for (Annotation a : r.allAnnotations()) {
			if (a instanceof Annotation.PacketMark p && p.text().equals(label)) {
				out.add(new FrameRef(Finding.refCapture(p.frameRef()), Finding.refFrame(p.frameRef())));
			}
		}
		return out;
	}

	static int lineIndex(FeedModel model, String name) {
		String[] names = model.lineNames();
		for (int i = 0; i < names.length; i++) {
			if (names[i].equals(name)) {
				return i;
			}
		}
		return -1;
	}
}
