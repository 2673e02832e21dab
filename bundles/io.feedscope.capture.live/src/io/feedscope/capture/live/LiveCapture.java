package io.feedscope.capture.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureClosedException;
import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.CaptureInterface;
import io.feedscope.capture.CaptureLease;
import io.feedscope.capture.CaptureProblem;
import io.feedscope.capture.CaptureSection;
import io.feedscope.capture.GrowingCapture;

/**
 * The frames of a live capture as one capture: the ring's files one after the other, each followed as it
 * grows ({@link GrowingCapture}), frames numbered across them from 1.
 * <p>
 * <b>Growth in steps.</b> {@link #frameCount()} changes only at {@link #refresh()}: an analysis sizes its
 * tables by the count it starts with, so the owner refreshes between analyses (the CLI and the workbench
 * once a second) and every reader sees a count that stays put while it works.
 * <p>
 * Files the ring deletes stay readable here (they are mapped): the capture shows everything captured since
 * it started, while the ring bounds the disk. All ring files of one capture process carry the same
 * interfaces, so {@link #interfaces()} are the first file's.
 */
public final class LiveCapture implements CaptureFile {

	private record Snapshot(GrowingCapture[] parts, int[] before, int total) {
	}

	private final Path fPath;
	private final String fName;
	private final List<GrowingCapture> fParts = new CopyOnWriteArrayList<>();
	private volatile Snapshot fSnapshot = new Snapshot(new GrowingCapture[0], new int[0], 0);
	private final Object fLeaseLock = new Object();
	private final List<CaptureLease> fLeases = new ArrayList<>();
	private volatile boolean fClosing;

	LiveCapture(Path directory, String name) {
		fPath = directory;
		fName = name;
	}

	void addPart(GrowingCapture part) {
		fParts.add(part);
	}

	/** Makes the frames indexed so far visible ({@link #frameCount()}); call between readings. */
	public void refresh() {
		GrowingCapture[] parts = fParts.toArray(new GrowingCapture[0]);
		int[] before = new int[parts.length];
		long total = 0;
		for (int i = 0; i < parts.length; i++) {
			before[i] = (int) Math.min(Integer.MAX_VALUE - 16, total);
			total += parts[i].frameCount();
		}
		fSnapshot = new Snapshot(parts, before, (int) Math.min(Integer.MAX_VALUE - 16, total));
	}

	/** @return true once the capture process ended and every file was read to its end */
	public boolean isComplete() {
		Snapshot s = fSnapshot;
		for (GrowingCapture g : s.parts()) {
			if (!g.isFinished()) {
				return false;
			}
		}
		return s.parts().length == fParts.size() && s.parts().length > 0;
	}

	/** @return the files of the capture, oldest first */
	public List<Path> files() {
		List<Path> out = new ArrayList<>();
		for (GrowingCapture g : fParts) {
			out.add(g.path());
		}
		return out;
	}

	private Snapshot snap(int frame) {
		Snapshot s = fSnapshot;
		if (frame < 1 || frame > s.total()) {
			throw new IndexOutOfBoundsException("frame " + frame + " not in 1.." + s.total());
		}
		return s;
	}

	/** @return index of the part holding frame (checked) */
	private static int part(Snapshot s, int frame) {
		int i = Arrays.binarySearch(s.before(), frame - 1);
		if (i < 0) {
			i = -i - 2; // the last part starting before the frame
		} else {
			// parts starting at the same place: the first non-empty one holds it
			while (i + 1 < s.before().length && s.before()[i + 1] == frame - 1) {
				i++;
			}
		}
		return i;
	}

	private GrowingCapture partOf(int frame) {
		Snapshot s = snap(frame);
		return s.parts()[part(s, frame)];
	}

	private int local(int frame) {
		Snapshot s = snap(frame);
		return frame - s.before()[part(s, frame)];
	}

	@Override
	public Path path() {
		return fPath;
	}

	@Override
	public String name() {
		return fName;
	}

	@Override
	public CaptureFormat format() {
		return CaptureFormat.PCAPNG;
	}

	@Override
	public int frameCount() {
		return fSnapshot.total();
	}

	@Override
	public long timestampNanos(int frame) {
		return partOf(frame).timestampNanos(local(frame));
	}

	@Override
	public boolean hasTimestamp(int frame) {
		return partOf(frame).hasTimestamp(local(frame));
	}

	@Override
	public int capturedLength(int frame) {
		return partOf(frame).capturedLength(local(frame));
	}

	@Override
	public int originalLength(int frame) {
		return partOf(frame).originalLength(local(frame));
	}

	@Override
	public int linkType(int frame) {
		return partOf(frame).linkType(local(frame));
	}

	@Override
	public int interfaceId(int frame) {
		return partOf(frame).interfaceId(local(frame));
	}

	@Override
	public CaptureInterface frameInterface(int frame) {
		return partOf(frame).frameInterface(local(frame));
	}

	@Override
	public @Nullable String comment(int frame) {
		return partOf(frame).comment(local(frame));
	}

	@Override
	public ByteBuffer frameData(int frame) {
		return partOf(frame).frameData(local(frame));
	}

	@Override
	public List<CaptureProblem> problems() {
		List<CaptureProblem> out = new ArrayList<>();
		for (GrowingCapture g : fSnapshot.parts()) {
			out.addAll(g.problems());
		}
		return out;
	}

	@Override
	public List<CaptureInterface> interfaces() {
		GrowingCapture[] parts = fSnapshot.parts();
		return parts.length == 0 ? List.of() : parts[0].interfaces();
	}

	@Override
	public List<CaptureSection> sections() {
		GrowingCapture[] parts = fSnapshot.parts();
		return parts.length == 0 ? List.of() : parts[0].sections();
	}

	@Override
	public CaptureLease lease(@Nullable Runnable onCancel) {
		synchronized (fLeaseLock) {
			if (fClosing) {
				throw new CaptureClosedException(fName + ": capture closed");
			}
			CaptureLease l = new CaptureLease() {
				@Override
				public boolean isCanceled() {
					return fClosing;
				}

				@Override
				public void close() {
					synchronized (fLeaseLock) {
						if (fLeases.remove(this)) {
							fLeaseLock.notifyAll();
						}
					}
				}
			};
			fLeases.add(l);
			return l;
		}
	}

	/** Waits for the leases held (as every capture does), then closes the files. Stop the capture first. */
	@Override
	public void close() throws IOException {
		synchronized (fLeaseLock) {
			fClosing = true;
			while (!fLeases.isEmpty()) {
				try {
					fLeaseLock.wait();
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new java.io.InterruptedIOException(fName + ": interrupted while waiting for its readers");
				}
			}
		}
		IOException first = null;
		for (GrowingCapture g : fParts) {
			try {
				g.close();
			} catch (IOException e) {
				first = first == null ? e : first;
			}
		}
		if (first != null) {
			throw first;
		}
	}

	@Override
	public String toString() {
		return fName + " (live, " + frameCount() + " frames in " + fParts.size() + " file(s))";
	}
}
