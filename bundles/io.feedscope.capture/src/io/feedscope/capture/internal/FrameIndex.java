package io.feedscope.capture.internal;

import java.util.Arrays;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Column-wise frame index: one primitive array per attribute, so that ten million frames cost
 * about 250 MB less than objects would and the index is built without allocation per frame.
 * <p>
 * 24 bytes per frame; the interface column is only allocated once a frame has an interface other
 * than 0, so single-interface captures do not pay for it.
 * <p>
 * <b>Reading while indexing.</b> One thread (the indexer) {@link #add}s; readers on any thread see the
 * frames up to the last {@link #publish()}. A publication is one immutable {@link Columns} (the arrays
 * and the count) stored through a volatile field after the frames were written: a reader that took it
 * sees those frames completely, and a later grow of the arrays (a copy into new arrays) never changes
 * what an older publication points to below its count.
 */
public final class FrameIndex {
	/** Java arrays stop a little below Integer.MAX_VALUE elements. */
	static final int MAX_FRAMES = Integer.MAX_VALUE - 16;

	/** What readers see: the columns and how many frames of them are valid. */
	private static final class Columns {
		final long[] fOffset;
		final long[] fTime;
		final int[] fCapLen;
		final int[] fOrigLen;
		final int @Nullable [] fInterface;
		final int fCount;

		Columns(long[] offset, long[] time, int[] capLen, int[] origLen, int @Nullable [] iface, int count) {
			fOffset = offset;
			fTime = time;
			fCapLen = capLen;
			fOrigLen = origLen;
			fInterface = iface;
			fCount = count;
		}
	}

	// the indexer's side: plain fields, touched by the indexing thread only
	private long[] fOffset = new long[1024];
	private long[] fTime = new long[1024];
	private int[] fCapLen = new int[1024];
	private int[] fOrigLen = new int[1024];
	private int @Nullable [] fInterface;
	private int fCount;

	/** the readers' side */
	private volatile Columns fPublished = new Columns(fOffset, fTime, fCapLen, fOrigLen, null, 0);

	/** @return true if no more frames fit (frame numbers are ints) */
	public boolean isFull() {
		return fCount >= MAX_FRAMES;
	}

	/**
	 * Appends a frame; returns its 1-based number. The caller checks {@link #isFull()} first. Readers see
	 * it after the next {@link #publish()}.
	 */
	public int add(long offset, long timeNs, int capLen, int origLen, int iface) {
		if (fCount == fOffset.length) {
			grow();
		}
		fOffset[fCount] = offset;
		fTime[fCount] = timeNs;
		fCapLen[fCount] = capLen;
		fOrigLen[fCount] = origLen;
		if (iface != 0 || fInterface != null) {
			if (fInterface == null) {
				fInterface = new int[fOffset.length];
			}
			fInterface[fCount] = iface;
		}
		return ++fCount;
	}

	private void grow() {
		int n = (int) Math.min(MAX_FRAMES, fCount * 2L);
		fOffset = Arrays.copyOf(fOffset, n);
		fTime = Arrays.copyOf(fTime, n);
		fCapLen = Arrays.copyOf(fCapLen, n);
		fOrigLen = Arrays.copyOf(fOrigLen, n);
		if (fInterface != null) {
			fInterface = Arrays.copyOf(fInterface, n);
		}
	}

	/** Makes every frame added so far visible to readers (a release store); indexer thread only. */
	public void publish() {
		if (fPublished.fCount != fCount || fPublished.fOffset != fOffset || fPublished.fInterface != fInterface) {
			fPublished = new Columns(fOffset, fTime, fCapLen, fOrigLen, fInterface, fCount);
		}
	}

	/** @return frames added so far, published or not; for the indexer (frame numbers of problems) */
	public int written() {
		return fCount;
	}

	/** @return frames published to readers */
	public int count() {
		return fPublished.fCount;
	}

	private static int idx(Columns c, int frame) {
		if (frame < 1 || frame > c.fCount) {
			throw new IndexOutOfBoundsException("frame " + frame + " not in 1.." + c.fCount);
		}
		return frame - 1;
	}

	public long offset(int frame) {
		Columns c = fPublished;
		return c.fOffset[idx(c, frame)];
	}

	public long time(int frame) {
		Columns c = fPublished;
		return c.fTime[idx(c, frame)];
	}

	public int capturedLength(int frame) {
		Columns c = fPublished;
		return c.fCapLen[idx(c, frame)];
	}

	public int originalLength(int frame) {
		Columns c = fPublished;
		return c.fOrigLen[idx(c, frame)];
	}

	public int interfaceId(int frame) {
		Columns c = fPublished;
		int i = idx(c, frame);
		int[] ifaces = c.fInterface;
		return ifaces == null ? 0 : ifaces[i];
	}

	/**
	 * Copies the columns of frames [first, first + n) into {@code r} from {@code at} on (interfaces as indexed: global
	 * ids), what {@link #offset}, {@link #time}, ... give one by one.
	 */
	void copy(int first, int n, CaptureParser.Records r, int at) {
		Columns c = fPublished;
		int i = idx(c, first);
		idx(c, first + n - 1);
		System.arraycopy(c.fOffset, i, r.offset, at, n);
		System.arraycopy(c.fTime, i, r.time, at, n);
		System.arraycopy(c.fCapLen, i, r.capLen, at, n);
		System.arraycopy(c.fOrigLen, i, r.origLen, at, n);
		int[] ifaces = c.fInterface;
		if (ifaces == null) {
			java.util.Arrays.fill(r.localInterface, at, at + n, 0);
		} else {
			System.arraycopy(ifaces, i, r.localInterface, at, n);
		}
	}
}
