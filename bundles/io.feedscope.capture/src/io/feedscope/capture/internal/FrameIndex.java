package io.feedscope.capture.internal;

import java.util.Arrays;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Column-wise frame index: one primitive array per attribute, so that ten million frames cost
 * about 250 MB less than objects would and the index is built without allocation per frame.
 * <p>
 * 24 bytes per frame; the interface column is only allocated once a frame has an interface other
 * than 0, so single-interface captures do not pay for it.
 */
public final class FrameIndex {
	/** Java arrays stop a little below Integer.MAX_VALUE elements. */
	static final int MAX_FRAMES = Integer.MAX_VALUE - 16;

	private long[] fOffset = new long[1024];
	private long[] fTime = new long[1024];
	private int[] fCapLen = new int[1024];
	private int[] fOrigLen = new int[1024];
	private int @Nullable [] fInterface;
	private int fCount;

	/** @return true if no more frames fit (frame numbers are ints) */
	public boolean isFull() {
		return fCount >= MAX_FRAMES;
	}

	/** Appends a frame; returns its 1-based number. The caller checks {@link #isFull()} first. */
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

	public int count() {
		return fCount;
	}

	private int idx(int frame) {
		if (frame < 1 || frame > fCount) {
			throw new IndexOutOfBoundsException("frame " + frame + " not in 1.." + fCount);
		}
		return frame - 1;
	}

	public long offset(int frame) {
		return fOffset[idx(frame)];
	}

	public long time(int frame) {
		return fTime[idx(frame)];
	}

	public int capturedLength(int frame) {
		return fCapLen[idx(frame)];
	}

	public int originalLength(int frame) {
		return fOrigLen[idx(frame)];
	}

	public int interfaceId(int frame) {
		int i = idx(frame);
		int[] ifaces = fInterface;
		return ifaces == null ? 0 : ifaces[i];
	}
}
