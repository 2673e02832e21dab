package io.feedscope.capture.internal;

import java.util.Arrays;

/**
 * Column-wise frame index: one primitive array per attribute, so that ten million frames cost
 * about 250 MB less than objects would and the index is built without allocation per frame.
 */
public final class FrameIndex {
	private long[] fOffset = new long[1024];
	private long[] fTime = new long[1024];
	private int[] fCapLen = new int[1024];
	private int[] fOrigLen = new int[1024];
	private int[] fInterface = new int[1024];
	private int fCount;

	/** Appends a frame; returns its 1-based number. */
	public int add(long offset, long timeNs, int capLen, int origLen, int iface) {
		if (fCount == fOffset.length) {
			int n = fCount * 2;
			fOffset = Arrays.copyOf(fOffset, n);
			fTime = Arrays.copyOf(fTime, n);
			fCapLen = Arrays.copyOf(fCapLen, n);
			fOrigLen = Arrays.copyOf(fOrigLen, n);
			fInterface = Arrays.copyOf(fInterface, n);
		}
		fOffset[fCount] = offset;
		fTime[fCount] = timeNs;
		fCapLen[fCount] = capLen;
		fOrigLen[fCount] = origLen;
		fInterface[fCount] = iface;
		return ++fCount;
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
		return fInterface[idx(frame)];
	}
}
