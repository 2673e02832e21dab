package io.feedscope.ui.internal.wireshark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.Finding;
import io.feedscope.capture.CaptureFile;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameOrder;
import io.feedscope.ui.FrameRef;
import io.feedscope.wireshark.AnnotatedExport;

/**
 * Which frames go to Wireshark, and writing them: the frames picked in a view (table rows, a chart mark, a
 * finding's frames) plus a context of N frames before and after each, in the order the views list the open
 * captures (merged by time), written as one annotated pcapng ({@link AnnotatedExport}: every frame with a
 * comment per finding it belongs to, interface and capture names kept). No widgets here.
 */
public final class WiresharkFrames {

	/** preference: frames of context before and after each picked frame */
	public static final String CONTEXT_FRAMES = "wiresharkContextFrames";
	public static final int DEFAULT_CONTEXT = 10;

	/** What a view offers to Wireshark: frames, the one to show first, and words for the file. */
	public record Pick(List<FrameRef> frames, String title, String fileName) {

		/** @return the frame Wireshark should select: the first picked one */
		public @Nullable FrameRef focus() {
			return frames.isEmpty() ? null : frames.get(0);
		}

		/** @return a pick of frames (table rows, a chart mark), named after the first one's capture and number */
		public static Pick ofFrames(List<FrameRef> frames, List<String> captureNames) {
			if (frames.isEmpty()) {
				return new Pick(List.of(), "", "frames.pcapng");
			}
			FrameRef f = frames.get(0);
			String capture = f.capture() < captureNames.size() ? captureNames.get(f.capture()) : "capture";
			String what = (frames.size() == 1 ? "frame " : frames.size() + " frames from ") + capture + ":" + f.frame();
			return new Pick(List.copyOf(frames), "FeedScope selection: " + what, safe(stem(capture) + "-frame-" + f.frame()) + ".pcapng");
		}

		/** @return the pick of a finding: its frames, the first one shown */
		public static Pick ofFinding(Finding f) {
			List<FrameRef> frames = new ArrayList<>();
			for (long r : f.frames()) {
				frames.add(new FrameRef(Finding.refCapture(r), Finding.refFrame(r)));
			}
			String check = f.checkId().substring(f.checkId().lastIndexOf('.') + 1);
			return new Pick(frames, "FeedScope finding: " + f.checkId() + ": " + f.message(), safe("finding-" + check) + ".pcapng");
		}
	}

	/** A written file and the frame in it to show. */
	public record Written(Path file, int focusFrame, List<FrameRef> frames) {
	}

	private static @Nullable FrameOrder sOrder;

	private WiresharkFrames() {
	}

	/**
	 * @param order the order frames are listed in
	 * @param picked the picked frames
	 * @param context frames before and after each (0: none)
	 * @return the picked frames and their context, each once, in the order's order (picked frames the order
	 *         does not list are kept, last)
	 */
	public static List<FrameRef> withContext(FrameOrder order, List<FrameRef> picked, int context) {
		int n = Math.max(0, context);
		Set<FrameRef> out = new java.util.TreeSet<>((a, b) -> Integer.compare(rowOr(order, a), rowOr(order, b)) != 0
				? Integer.compare(rowOr(order, a), rowOr(order, b))
				: a.capture() != b.capture() ? Integer.compare(a.capture(), b.capture()) : Integer.compare(a.frame(), b.frame()));
		for (FrameRef f : picked) {
			int row = order.row(f);
			if (row < 0) {
				out.add(f);
				continue;
			}
			for (int r = Math.max(0, row - n); r <= Math.min(order.size() - 1, (long) row + n); r++) {
				out.add(order.frame(r));
			}
		}
		return new ArrayList<>(out);
	}

	private static int rowOr(FrameOrder order, FrameRef f) {
		int r = order.row(f);
		return r < 0 ? Integer.MAX_VALUE : r;
	}

	/** @return every open capture merged by time, as the views list them; reused while the captures stay the same */
	static synchronized FrameOrder order(List<CaptureFile> captures) {
		FrameOrder o = sOrder;
		if (o == null || o.captures().size() != captures.size() || !identical(o.captures(), captures) || !o.isCurrent()) {
			o = FrameOrder.merged(captures);
			sOrder = o;
		}
		return o;
	}

	private static boolean identical(List<CaptureFile> a, List<CaptureFile> b) {
		for (int i = 0; i < a.size(); i++) {
			if (a.get(i) != b.get(i)) {
				return false;
			}
		}
		return true;
	}

	/** @return the findings of an analysis as frame annotations, as {@code analyze --export-frames} writes them */
	public static List<AnnotatedExport.Marked> marked(@Nullable AnalysisResult result) {
		List<AnnotatedExport.Marked> marked = new ArrayList<>();
		if (result != null) {
			for (Finding f : result.findings()) {
				List<AnnotatedExport.FrameRef> refs = new ArrayList<>();
				for (long r : f.frames()) {
					refs.add(new AnnotatedExport.FrameRef(Finding.refCapture(r), Finding.refFrame(r)));
				}
				marked.add(new AnnotatedExport.Marked(f.checkId(), f.message(), refs));
			}
		}
		return marked;
	}

	/**
	 * Writes a pick with its context as one annotated pcapng.
	 *
	 * @param names the captures' names (kept in the interfaces)
	 * @param force replace the file if it exists
	 * @return the file, the frame number of the pick's focus in it (1-based; 0 if not written) and its frames
	 */
	public static Written write(Path file, FeedModel model, List<String> names, Pick pick, int context, boolean force)
			throws IOException {
		List<CaptureFile> captures = model.captures();
		List<FrameRef> frames = withContext(order(captures), pick.frames(), context);
		List<AnnotatedExport.FrameRef> refs = new ArrayList<>(frames.size());
		for (FrameRef f : frames) {
			refs.add(new AnnotatedExport.FrameRef(f.capture(), f.frame()));
		}
		List<AnnotatedExport.FrameRef> written = AnnotatedExport.writeFrames(file, captures, names, refs, marked(model.result()),
				pick.title(), force);
		FrameRef focus = pick.focus();
		int at = focus == null ? -1 : written.indexOf(new AnnotatedExport.FrameRef(focus.capture(), focus.frame()));
		List<FrameRef> out = new ArrayList<>(written.size());
		for (AnnotatedExport.FrameRef r : written) {
			out.add(new FrameRef(r.capture(), r.frame()));
		}
		return new Written(file, at + 1, out);
	}

	private static String stem(String name) {
		String n = name;
		for (String ext : new String[] { ".gz", ".pcapng", ".pcap" }) {
			if (n.toLowerCase(Locale.ROOT).endsWith(ext)) {
				n = n.substring(0, n.length() - ext.length());
			}
		}
		return n;
	}

	/** @return a file name part without separators or shell-hostile characters */
	static String safe(String s) {
		String t = s.replaceAll("[^A-Za-z0-9_.+-]+", "_");
		return t.isEmpty() ? "frames" : t;
	}

	/** @return the captures' names, in the model's order */
	static List<String> names(FeedModel model, java.util.function.Function<CaptureFile, String> name) {
		List<String> names = new ArrayList<>();
		for (CaptureFile c : model.captures()) {
			names.add(name.apply(c));
		}
		return names;
	}
}
