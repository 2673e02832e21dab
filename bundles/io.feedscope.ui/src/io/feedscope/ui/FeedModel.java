package io.feedscope.ui;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.AnalysisResult;
import io.feedscope.capture.CaptureFile;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.LearnedBindings;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.ui.chart.ChartData;

/**
 * What the analysis job learnt about every frame of the open captures, shared by the views so that none of
 * them parses bytes to draw a row or a mark. Columnar: one primitive array per column and capture, indexed
 * by {@code frame - 1}; no object per frame: 22 bytes per frame, plus ~30 per feed packet in {@link #chart()}.
 * <p>
 * Immutable once published: the analysis job builds a new model and the views swap it on the UI thread
 * ({@link #getDefault()} / {@link #addListener}).
 */
public final class FeedModel {

	/** {@link #line(FrameRef)} for frames on no line (requests, answers, other traffic). */
	public static final byte NO_LINE = -1;

	private static final FeedModel EMPTY = new FeedModel(List.of(), new Column[0], new String[0], new String[0],
			new ChartData(16), null);
	private static volatile FeedModel sCurrent = EMPTY;
	private static final List<Runnable> LISTENERS = new java.util.concurrent.CopyOnWriteArrayList<>();

	/** The columns of one capture, indexed by frame - 1. */
	public static final class Column {
		final byte[] fKind;
		final byte[] fLine;
		final int[] fSession;
		final long[] fFirstSeq;
		final int[] fCount;
		final int[] fChartIndex;

		public Column(int frames) {
			fKind = new byte[frames];
			// the kind is dissect's one PacketKind, kept as its ordinal (a byte per frame, no reference)
			java.util.Arrays.fill(fKind, (byte) PacketKind.NOT_FEED.ordinal());
			fLine = new byte[frames];
			java.util.Arrays.fill(fLine, NO_LINE);
			fSession = new int[frames];
			java.util.Arrays.fill(fSession, -1);
			fFirstSeq = new long[frames];
			fCount = new int[frames];
			fChartIndex = new int[frames];
			java.util.Arrays.fill(fChartIndex, -1);
		}

		/** Sets what the dissector and analysis said of a frame (1-based). */
		public void set(int frame, PacketKind kind, int session, long firstSeq, int count) {
			fKind[frame - 1] = (byte) kind.ordinal();
			fSession[frame - 1] = session;
			fFirstSeq[frame - 1] = firstSeq;
			fCount[frame - 1] = count;
		}

		public void setLine(int frame, byte line) {
			fLine[frame - 1] = line;
		}

		public void setChartIndex(int frame, int index) {
			fChartIndex[frame - 1] = index;
		}

		public PacketKind kind(int frame) {
			return PacketKind.ofOrdinal(fKind[frame - 1]);
		}

		public long firstSeq(int frame) {
			return fFirstSeq[frame - 1];
		}

		public int count(int frame) {
			return fCount[frame - 1];
		}

		public int session(int frame) {
			return fSession[frame - 1];
		}
	}

	private final List<CaptureFile> fCaptures;
	private final Column[] fColumns;
	private final String[] fSessions;
	private final String[] fLineNames;
	private final ChartData fChart;
	private final @Nullable AnalysisResult fResult;
	private final @Nullable ProtocolSet fProtocols;
	private final @Nullable LearnedBindings fLearned;

	/**
	 * @param captures  the capture set analysed, in {@link CaptureSet} order
	 * @param columns   one per capture
	 * @param sessions  session names, indexed by the session column
	 * @param lineNames line names, indexed by the line column ("A", "B")
	 * @param chart     the chart's packets, in capture-time order, frame ids from {@link ChartData#frameId}
	 * @param result    the analysis
	 */
	public FeedModel(List<CaptureFile> captures, Column[] columns, String[] sessions, String[] lineNames,
			ChartData chart, @Nullable AnalysisResult result) {
		this(captures, columns, sessions, lineNames, chart, result, null, null);
	}

	/**
	 * @param protocols the protocols the analysis dissected with, null if unknown
	 * @param learned   the ports the analysis bound while reading the captures front to back, null if none
	 * @see #FeedModel(List, Column[], String[], String[], ChartData, AnalysisResult)
	 */
	public FeedModel(List<CaptureFile> captures, Column[] columns, String[] sessions, String[] lineNames,
			ChartData chart, @Nullable AnalysisResult result, @Nullable ProtocolSet protocols,
			@Nullable LearnedBindings learned) {
		fProtocols = protocols;
		fLearned = learned;
		fCaptures = List.copyOf(captures);
		fColumns = columns;
		fSessions = sessions;
		fLineNames = lineNames;
		fChart = chart;
		fResult = result;
	}

	/** @return the model the views show; an empty one before any analysis */
	public static FeedModel getDefault() {
		return sCurrent;
	}

	/** Publishes a model; call on the UI thread (listeners touch widgets). */
	public static void publish(FeedModel model) {
		sCurrent = model;
		for (Runnable l : LISTENERS) {
			l.run();
		}
	}

	/** Resets to the empty model (capture set cleared). */
	public static void clear() {
		publish(EMPTY);
	}

	public static void addListener(Runnable l) {
		LISTENERS.add(l);
	}

	public static void removeListener(Runnable l) {
		LISTENERS.remove(l);
	}

	public List<CaptureFile> captures() {
		return fCaptures;
	}

	/** @return true if the model describes exactly these captures (same objects, same order) */
	public boolean covers(List<CaptureFile> captures) {
		if (captures.size() != fCaptures.size()) {
			return false;
		}
		for (int i = 0; i < captures.size(); i++) {
			if (captures.get(i) != fCaptures.get(i)) {
				return false;
			}
		}
		return true;
	}

	private @Nullable Column column(FrameRef ref) {
		if (ref.capture() < 0 || ref.capture() >= fColumns.length || ref.frame() < 1
				|| ref.frame() > fColumns[ref.capture()].fKind.length) {
			return null;
		}
		return fColumns[ref.capture()];
	}

	/**
	 * @return what the frame is ({@link PacketKind#ANSWER} for a retransmission server's unicast DATA),
	 *         {@link PacketKind#NOT_FEED} for frames the model does not know
	 */
	public PacketKind kind(FrameRef ref) {
		Column c = column(ref);
		return c == null ? PacketKind.NOT_FEED : PacketKind.ofOrdinal(c.fKind[ref.frame() - 1]);
	}

	/** @return the line index (0 = A), or {@link #NO_LINE} */
	public int line(FrameRef ref) {
		Column c = column(ref);
		return c == null ? NO_LINE : c.fLine[ref.frame() - 1];
	}

	/** @return the line's name ("A"), or "" */
	public String lineName(FrameRef ref) {
		int l = line(ref);
		return l >= 0 && l < fLineNames.length ? fLineNames[l] : "";
	}

	/** @return the session name, or "" */
	public String session(FrameRef ref) {
		Column c = column(ref);
		int s = c == null ? -1 : c.fSession[ref.frame() - 1];
		return s >= 0 && s < fSessions.length ? fSessions[s] : "";
	}

	/** @return the first sequence number (requests: the requested one) */
	public long firstSeq(FrameRef ref) {
		Column c = column(ref);
		return c == null ? 0 : c.fFirstSeq[ref.frame() - 1];
	}

	/** @return messages in the packet (requests: the requested count) */
	public int count(FrameRef ref) {
		Column c = column(ref);
		return c == null ? 0 : c.fCount[ref.frame() - 1];
	}

	/** @return the frame's packet index in {@link #chart()}, -1 if the chart does not show it */
	public int chartIndex(FrameRef ref) {
		Column c = column(ref);
		return c == null ? -1 : c.fChartIndex[ref.frame() - 1];
	}

	/** @return the frame a chart packet stands for */
	public FrameRef frameOfChartPacket(int packetIndex) {
		long id = fChart.frameIdOf(packetIndex);
		return new FrameRef(ChartData.captureIndexOf(id), ChartData.frameOf(id));
	}

	public ChartData chart() {
		return fChart;
	}

	public String[] lineNames() {
		return fLineNames.clone();
	}

	private volatile java.util.@Nullable Map<Long, String> fProblems; // built on first use

	/**
	 * @return why the analysis found this frame malformed (the framing protocol's reason, as the JSON report's
	 *         {@code malformed_frames} give it), or "" when it did not. A damaged packet of a stream the
	 *         dissector recognised by its neighbours may look like no feed at all when dissected alone; the
	 *         analysis saw it in its stream, so its word is the one the views show.
	 */
	public String problem(FrameRef ref) {
		java.util.Map<Long, String> m = fProblems;
		if (m == null) {
			m = new java.util.HashMap<>();
			if (fResult != null) {
				for (AnalysisResult.Malformed x : fResult.malformed()) {
					m.put(ChartData.frameId(x.captureIndex(), x.frame()), x.problem());
				}
			}
			fProblems = m;
		}
		return m.getOrDefault(ChartData.frameId(ref.capture(), ref.frame()), "");
	}

	/**
	 * A dissector for random access to frames of these captures (table, details, filter), dissecting as the
	 * analysis did: with its protocols and the ports it learned, so a malformed frame on a feed's port shows
	 * the framing protocol's layer and reason in every view, not "Data". Not thread-safe: one per user.
	 *
	 * @param captures  the captures the caller shows
	 * @param protocols the protocols to use when this model does not describe those captures
	 * @return a new dissector
	 */
	public FeedDissector dissector(List<CaptureFile> captures, ProtocolSet protocols) {
		ProtocolSet p = fProtocols;
		LearnedBindings l = fLearned;
		if (p != null && l != null && covers(captures)) {
			return new FeedDissector(p).useLearned(l);
		}
		return new FeedDissector(protocols);
	}

	/** @return the ports the analysis learned, null if it learned none (or none ran) */
	public @Nullable LearnedBindings learned() {
		return fLearned;
	}

	/** @return the analysis, null before one ran */
	public @Nullable AnalysisResult result() {
		return fResult;
	}

	/** packet notes by frame reference, made on first use (a view that shows none pays nothing) */
	private volatile java.util.@Nullable Map<Long, List<io.feedscope.analysis.Annotation.PacketMark>> fNotes;

	/**
	 * @return what the checks noted on this frame ({@link io.feedscope.analysis.Annotation.PacketMark}s of
	 *         their findings and of the run), for a packet table's row; empty for most frames
	 */
	public List<io.feedscope.analysis.Annotation.PacketMark> notes(FrameRef ref) {
		java.util.Map<Long, List<io.feedscope.analysis.Annotation.PacketMark>> notes = fNotes;
		if (notes == null) {
			notes = new java.util.HashMap<>();
			AnalysisResult r = fResult;
			if (r != null) {
				for (io.feedscope.analysis.Annotation a : r.allAnnotations()) {
					if (a instanceof io.feedscope.analysis.Annotation.PacketMark p) {
						notes.computeIfAbsent(p.frameRef(), k -> new java.util.ArrayList<>()).add(p);
					}
				}
			}
			fNotes = notes;
		}
		return notes.getOrDefault(io.feedscope.analysis.Finding.frameRef(ref.capture(), ref.frame()), List.of());
	}
}
