package io.feedscope.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.Finding;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.chart.ChartOverlays;
import io.feedscope.ui.chart.ChartOverlays.PacketHighlight;
import io.feedscope.ui.chart.ChartOverlays.SeqBand;
import io.feedscope.ui.chart.ChartOverlays.SeqBandKind;
import io.feedscope.ui.chart.ChartOverlays.TimeBand;

/** Turns the analysis findings into what the sequence chart draws over the packets. */
final class ChartOverlayBuilder {

	static final String GAPS = "io.feedscope.analysis.gaps";
	static final String LOSS = "io.feedscope.analysis.loss";
	static final String ARBITRATION = "io.feedscope.analysis.arbitration";
	static final String FREEZES = "io.feedscope.analysis.freezes";
	static final String WINNER = "io.feedscope.analysis.winner";

	private ChartOverlayBuilder() {
	}

	static ChartOverlays build(FeedModel model) {
		return build(model, f -> true);
	}

	/** @param shown which findings to draw (those about the one capture shown, when only one is) */
	static ChartOverlays build(FeedModel model, java.util.function.Predicate<Finding> shown) {
		AnalysisResult r = model.result();
		if (r == null) {
			return ChartOverlays.NONE;
		}
		List<SeqBand> seq = new ArrayList<>();
		List<TimeBand> time = new ArrayList<>();
		List<PacketHighlight> marks = new ArrayList<>();
		for (Finding f : r.findings()) {
			if (!shown.test(f)) {
				continue;
			}
			int line = lineIndex(model, f.lineName());
			switch (f.checkId()) {
			case LOSS -> {
				if (f.fromSeq() != Finding.NO_SEQ) {
					seq.add(new SeqBand(f.fromSeq(), f.toSeq() + 1, SeqBandKind.GAP, -1, "lost " + count(f)));
				}
			}
			case GAPS -> {
				if (f.fromSeq() != Finding.NO_SEQ) {
					seq.add(new SeqBand(f.fromSeq(), f.toSeq() + 1, SeqBandKind.LINE_GAP, line,
							f.lineName() + " gap " + count(f)));
				}
			}
			case WINNER -> {
				// line A delivering first is the normal case; only the other lines' leads are worth a band
				if (line > 0 && f.fromSeq() != Finding.NO_SEQ) {
					seq.add(new SeqBand(f.fromSeq(), f.toSeq() + 1, SeqBandKind.LINE_FIRST, line,
							f.lineName() + " first"));
				}
			}
			case FREEZES -> time.add(new TimeBand(f.startNanos(), Math.max(f.endNanos(), f.startNanos() + 1), line,
					"line " + f.lineName() + " frozen"));
			case ARBITRATION -> {
				if (f.message().startsWith("first-seq-only") && f.fromSeq() != Finding.NO_SEQ) {
					seq.add(new SeqBand(f.fromSeq(), f.toSeq() + 1, SeqBandKind.GAP, -1,
							"first-seq-only lost " + count(f)));
				}
			}
			default -> {
				// other checks (latency, bursts, sequence) have no chart overlay; the findings view lists them
			}
			}
		}
		// packets a first-seq-only handler throws away although they carry new messages: the handler's
		// mistake even when the other line covers the messages later, so they are marked whether or not
		// a loss followed (the arbitration check reports them in its JSON only)
		for (FrameRef ref : trashedWithNewData(r)) {
			int idx = model.chartIndex(ref);
			if (idx >= 0) {
				marks.add(new PacketHighlight(idx, ChartOverlays.Severity.ERROR,
						"first-seq-only drops it, new messages in it"));
			}
		}
		return new ChartOverlays(seq, time, marks);
	}

	private static final Pattern TRASHED = Pattern.compile("\"trashed_packets_with_new_data\"\\s*:\\s*\\[([^\\]]*)\\]");
	private static final Pattern OBJECT = Pattern.compile("\\{[^}]*\\}");
	private static final Pattern CAPTURE = Pattern.compile("\"capture\"\\s*:\\s*(\\d+)");
	private static final Pattern FRAME = Pattern.compile("\"frame\"\\s*:\\s*(\\d+)");

	/**
	 * @return the packets first-seq-only arbitration trashed although they carried new messages, read from
	 *         the analysis report (the check's JSON is its public contract; its class is internal)
	 */
	static List<FrameRef> trashedWithNewData(AnalysisResult r) {
		List<FrameRef> out = new ArrayList<>();
		Matcher m = TRASHED.matcher(r.toJson());
		while (m.find()) {
			Matcher o = OBJECT.matcher(m.group(1));
			while (o.find()) {
				Matcher c = CAPTURE.matcher(o.group());
				Matcher f = FRAME.matcher(o.group());
				if (f.find()) {
					out.add(new FrameRef(c.find() ? Integer.parseInt(c.group(1)) : 0, Integer.parseInt(f.group(1))));
				}
			}
		}
		return out;
	}

	private static String count(Finding f) {
		long n = f.toSeq() - f.fromSeq() + 1;
		return n + (n == 1 ? " msg" : " msgs");
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
