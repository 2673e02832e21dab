package io.feedscope.ui;

import java.util.List;
import java.util.PriorityQueue;

import io.feedscope.capture.CaptureFile;

/**
 * The order in which the views list the frames of several captures (tap points): merged by capture
 * time, each capture's frames kept in file order, ties broken by capture index so the order is
 * stable. One capture needs no table: row i is frame i + 1.
 * <p>
 * Several captures cost 8 bytes per frame (capture index and frame number packed into a long), built
 * once by a k-way merge of the per-capture sequences, which are already in file order.
 * <p>
 * A capture still being indexed grows: an order describes the frames each capture had when it was built
 * (its counts are taken once, in the constructor), and a view builds a new order to show more.
 */
public final class FrameOrder {

	private final List<CaptureFile> fCaptures;
	private final int[] fSelected;
	/** frames of each capture when this order was built */
	private final int[] fCounts;
	private final long[] fMerged;
	private final int fCount;

	/**
	 * @param captures the open captures
	 * @param selected indices of the captures to show; all of them when merged, one for "one at a time"
	 */
	public FrameOrder(List<CaptureFile> captures, int... selected) {
		fCaptures = List.copyOf(captures);
		fSelected = selected.clone();
		fCounts = new int[fCaptures.size()];
		for (int c = 0; c < fCounts.length; c++) {
			fCounts[c] = fCaptures.get(c).frameCount();
		}
		fCount = total(fSelected, fCounts);
		fMerged = fSelected.length <= 1 ? new long[0] : merge(new long[fCount], 0, new int[fCaptures.size()]);
	}

	/** @return the rows of the selected captures */
	private static int total(int[] selected, int[] counts) {
		long total = 0;
		for (int c : selected) {
			total += counts[c];
		}
		if (total > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("more than 2^31 frames in one view: " + total);
		}
		return (int) total;
	}

	/** The order of {@link #grown()}: this one's merge kept up to the first row a new frame goes before. */
	private FrameOrder(FrameOrder old, int[] counts) {
		fCaptures = old.fCaptures;
		fSelected = old.fSelected;
		fCounts = counts;
		fCount = total(fSelected, fCounts);
		if (fSelected.length <= 1) {
			fMerged = new long[0];
			return;
		}
		// The old merge and a merge over the grown captures take the same steps until a capture that was
		// exhausted in the old one offers its first new frame: up to the first old row, after that capture's
		// last old row, whose key (time, capture) is above that new frame's. Keep the rows before the earliest
		// such point and merge from there.
		int cut = old.fCount;
		for (int c : fSelected) {
			if (fCounts[c] == old.fCounts[c]) {
				continue;
			}
			long t = fCaptures.get(c).timestampNanos(old.fCounts[c] + 1);
			int r = old.fCount;
			if (old.fCounts[c] > 0) {
				while (r > 0 && (int) (old.fMerged[r - 1] >>> 32) != c) {
					r--;
				}
			} else {
				r = 0;
			}
			while (r < cut && !after(old.fMerged[r], t, c)) {
				r++;
			}
			cut = Math.min(cut, r);
		}
		// where each capture stands at the cut: its old count less its rows in the old tail
		int[] done = old.fCounts.clone();
		for (int r = cut; r < old.fCount; r++) {
			done[(int) (old.fMerged[r] >>> 32)]--;
		}
		long[] out = new long[fCount];
		System.arraycopy(old.fMerged, 0, out, 0, cut);
		fMerged = merge(out, cut, done);
	}

	/** @return true if the merged row value comes after frame time t of capture c in merge order */
	private boolean after(long merged, long t, int c) {
		int mc = (int) (merged >>> 32);
		long mt = fCaptures.get(mc).timestampNanos((int) merged);
		return mt > t || mt == t && mc > c;
	}

	/**
	 * @return an order over the same captures and selection with the frames they have now (captures being
	 *         indexed grew); this one if nothing grew. The merge of this order is reused up to the first row a
	 *         new frame goes before, so growing costs about the rows after that point, not a whole new merge.
	 */
	public FrameOrder grown() {
		int[] counts = new int[fCaptures.size()];
		boolean grew = false;
		for (int c = 0; c < counts.length; c++) {
			counts[c] = fCaptures.get(c).frameCount();
			if (counts[c] < fCounts[c]) {
				return new FrameOrder(fCaptures, fSelected); // frames never go away; if they did, start over
			}
			grew |= counts[c] != fCounts[c];
		}
		return grew ? new FrameOrder(this, counts) : this;
	}

	/** All captures of the list, merged. */
	public static FrameOrder merged(List<CaptureFile> captures) {
		int[] all = new int[captures.size()];
		for (int i = 0; i < all.length; i++) {
			all[i] = i;
		}
		return new FrameOrder(captures, all);
	}

	/**
	 * Merges the selected captures' frames after {@code done[c]} (frames of capture c already in out) into
	 * out from index n.
	 */
	private long[] merge(long[] out, int from, int[] done) {
		// heads of the per-capture sequences, ordered by time of their next frame, then capture index
		PriorityQueue<int[]> heads = new PriorityQueue<>((a, b) -> {
			int c = Long.compare(fCaptures.get(a[0]).timestampNanos(a[1]), fCaptures.get(b[0]).timestampNanos(b[1]));
			return c != 0 ? c : Integer.compare(a[0], b[0]);
		});
		for (int c : fSelected) {
			if (fCounts[c] > done[c]) {
				heads.add(new int[] { c, done[c] + 1 });
			}
		}
		int n = from;
		while (!heads.isEmpty()) {
			int[] h = heads.poll();
			out[n++] = (long) h[0] << 32 | h[1];
			if (h[1] < fCounts[h[0]]) {
				h[1]++;
				heads.add(h);
			}
		}
		return out;
	}

	/** @return frames of a capture when this order was built (captures being indexed grow later) */
	public int frameCount(int capture) {
		return fCounts[capture];
	}

	/** @return true if every capture still has the frame count this order was built with */
	public boolean isCurrent() {
		for (int c = 0; c < fCounts.length; c++) {
			if (fCaptures.get(c).frameCount() != fCounts[c]) {
				return false;
			}
		}
		return true;
	}

	/** @return the captures this order was built over */
	public List<CaptureFile> captures() {
		return fCaptures;
	}

	/** @return the indices of the captures shown */
	public int[] selected() {
		return fSelected.clone();
	}

	/** @return number of rows */
	public int size() {
		return fCount;
	}

	/** @return the frame in a row (0-based) */
	public FrameRef frame(int row) {
		if (row < 0 || row >= fCount) {
			throw new IndexOutOfBoundsException("row " + row + " of " + fCount);
		}
		if (fSelected.length == 1) {
			return new FrameRef(fSelected[0], row + 1);
		}
		long v = fMerged[row];
		return new FrameRef((int) (v >>> 32), (int) v);
	}

	/** @return the row of a frame, or -1 if this order does not show it */
	public int row(FrameRef ref) {
		if (ref.capture() < 0 || ref.capture() >= fCaptures.size() || ref.frame() < 1
				|| ref.frame() > fCounts[ref.capture()]) {
			return -1;
		}
		if (fSelected.length == 1) {
			return ref.capture() == fSelected[0] ? ref.frame() - 1 : -1;
		}
		// the merged order is sorted by time: binary search the time, then scan the equal-time run
		long t = fCaptures.get(ref.capture()).timestampNanos(ref.frame());
		int lo = 0;
		int hi = fCount - 1;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (time(mid) < t) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		long key = (long) ref.capture() << 32 | ref.frame();
		for (int r = lo; r < fCount && time(r) == t; r++) {
			if (fMerged[r] == key) {
				return r;
			}
		}
		// a capture whose own frames are out of time order: fall back to a scan
		for (int r = 0; r < fCount; r++) {
			if (fMerged[r] == key) {
				return r;
			}
		}
		return -1;
	}

	/** @return capture time of the frame in a row, ns since the epoch */
	public long time(int row) {
		FrameRef f = frame(row);
		return fCaptures.get(f.capture()).timestampNanos(f.frame());
	}

	/** @return the capture a frame belongs to */
	public CaptureFile capture(FrameRef ref) {
		return fCaptures.get(ref.capture());
	}
}
