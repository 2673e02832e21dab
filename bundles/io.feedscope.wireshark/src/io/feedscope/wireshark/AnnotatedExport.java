package io.feedscope.wireshark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureInterface;

/**
 * One annotated pcapng per finding (issue 12 §2): the finding's frames from the original captures, in
 * capture-time order, each with a frame comment per finding it belongs to ("arbitration: first-seq-only
 * trashed: 64 msgs, 3 new lost"), after the frame's own comments. Interfaces keep their names
 * ({@code if_name}; the capture's name when the file had none) and name their capture in
 * {@code if_description}; the section comment names the finding and the captures.
 */
public final class AnnotatedExport {

	/** a frame of one of the captures: index in the capture list, 1-based frame number */
	public record FrameRef(int capture, int frame) {
	}

	/**
	 * @param check the check that found it ("arbitration")
	 * @param text one sentence for people
	 * @param frames its frames
	 */
	public record Marked(String check, String text, List<FrameRef> frames) {
		/** @return the comment a frame of this finding carries */
		public String comment() {
			return check + ": " + text;
		}
	}

	private AnnotatedExport() {
	}

	/**
	 * @param dir the folder to write into (created if missing)
	 * @param captures the captures the references point into, by index
	 * @param captureNames their names (kept in the interfaces)
	 * @param findings the findings, each becoming {@code finding-NNN-CHECK.pcapng}
	 * @param force replace files that exist; otherwise an existing file stops the export before anything is written
	 * @return the files written, in finding order (findings without frames write none)
	 * @throws IOException naming the file that could not be written or that exists
	 */
	public static List<Path> write(Path dir, List<CaptureFile> captures, List<String> captureNames, List<Marked> findings, boolean force)
			throws IOException {
		Map<FrameRef, List<String>> commentsOf = new HashMap<>();
		for (Marked m : findings) {
			for (FrameRef r : m.frames()) {
				List<String> l = commentsOf.computeIfAbsent(r, k -> new ArrayList<>());
				if (!l.contains(m.comment())) {
					l.add(m.comment());
				}
			}
		}
		List<Path> files = new ArrayList<>();
		Map<Path, Marked> plan = new LinkedHashMap<>();
		for (int k = 0; k < findings.size(); k++) {
			Marked m = findings.get(k);
			if (m.frames().isEmpty()) {
				continue;
			}
			String safe = m.check().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "_");
			Path f = dir.resolve(String.format("finding-%03d-%s.pcapng", k + 1, safe));
			if (!force && Files.exists(f)) {
				throw new IOException(f + " exists; not overwritten (--force to replace it)");
			}
			plan.put(f, m);
		}
		Files.createDirectories(dir);
		for (Map.Entry<Path, Marked> e : plan.entrySet()) {
			write(e.getKey(), captures, captureNames, e.getValue(), commentsOf, force);
			files.add(e.getKey());
		}
		return files;
	}

	private static void write(Path file, List<CaptureFile> captures, List<String> names, Marked m, Map<FrameRef, List<String>> commentsOf,
			boolean force) throws IOException {
		write(file, captures, names, m.frames(), commentsOf, "FeedScope finding: " + m.comment(), force);
	}

	/**
	 * Writes chosen frames (a selection in the workbench and the frames around it) as one annotated pcapng:
	 * each frame with its own comments and one comment per finding it belongs to, as {@link #write(Path, List,
	 * List, List, boolean)} writes a finding's.
	 *
	 * @param file the pcapng to write
	 * @param frames the frames (any order; references outside the captures are left out, duplicates written once)
	 * @param findings every finding, so that each frame is annotated with all those it belongs to
	 * @param title the section comment's first line (e.g. what was selected)
	 * @param force replace the file if it exists
	 * @return the frames in the order written (capture time): frame i of the file is element i - 1
	 * @throws IOException naming the file when it exists (and not force) or cannot be written
	 */
	public static List<FrameRef> writeFrames(Path file, List<CaptureFile> captures, List<String> captureNames, List<FrameRef> frames,
			List<Marked> findings, String title, boolean force) throws IOException {
		if (!force && Files.exists(file)) {
			throw new IOException(file + " exists; not overwritten");
		}
		Map<FrameRef, List<String>> commentsOf = new HashMap<>();
		for (Marked m : findings) {
			for (FrameRef r : m.frames()) {
				List<String> l = commentsOf.computeIfAbsent(r, k -> new ArrayList<>());
				if (!l.contains(m.comment())) {
					l.add(m.comment());
				}
			}
		}
		return write(file, captures, captureNames, new ArrayList<>(new java.util.LinkedHashSet<>(frames)), commentsOf, title, force);
	}

	private static List<FrameRef> write(Path file, List<CaptureFile> captures, List<String> names, List<FrameRef> chosen,
			Map<FrameRef, List<String>> commentsOf, String title, boolean force) throws IOException {
		List<FrameRef> frames = new ArrayList<>(chosen);
		frames.removeIf(r -> r.capture() < 0 || r.capture() >= captures.size() || r.frame() < 1
				|| r.frame() > captures.get(r.capture()).frameCount());
		frames.sort(Comparator.<FrameRef>comparingLong(r -> captures.get(r.capture()).timestampNanos(r.frame()))
				.thenComparingInt(FrameRef::capture).thenComparingInt(FrameRef::frame));
		StringBuilder section = new StringBuilder(title).append("\ncaptures:");
		for (String n : names) {
			section.append(' ').append(n);
		}
		StandardOpenOption[] opts = force
				? new StandardOpenOption[] { StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE }
				: new StandardOpenOption[] { StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE };
		try (OutputStream o = Files.newOutputStream(file, opts); PcapngWriter w = new PcapngWriter(o, section.toString())) {
			// one output interface per (capture, interface) used
			Map<Long, Integer> ifaces = new HashMap<>();
			for (FrameRef r : frames) {
				CaptureFile c = captures.get(r.capture());
				CaptureInterface ci = c.frameInterface(r.frame());
				long key = (long) r.capture() << 32 | ci.id();
				Integer id = ifaces.get(key);
				if (id == null) {
					String capName = names.get(r.capture());
					id = w.addInterface(ci.linkType(), ci.snapLength(), ci.name() != null ? ci.name() : capName, "capture: " + capName);
					ifaces.put(key, id);
				}
				ByteBuffer data = c.frameData(r.frame());
				byte[] bytes = new byte[data.remaining()];
				data.duplicate().get(bytes);
				List<String> comments = new ArrayList<>();
				String own = c.comment(r.frame());
				if (own != null && !own.isEmpty()) {
					comments.addAll(List.of(own.split("\n")));
				}
				comments.addAll(commentsOf.getOrDefault(r, List.of()));
				w.packet(id, c.timestampNanos(r.frame()), bytes, c.originalLength(r.frame()), comments);
			}
		}
		return frames;
	}
}
