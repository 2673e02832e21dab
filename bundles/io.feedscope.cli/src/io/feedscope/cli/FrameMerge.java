package io.feedscope.cli;

import java.util.List;

import io.feedscope.capture.CaptureFile;

/**
 * Frames of several captures merged by capture time: a k-way merge over one cursor per file. Each
 * file is read in its own frame order (a file whose clock steps back stays in frame order), and at
 * equal times the earlier file on the command line comes first, so the order is stable and total.
 * Kept in the cli bundle on purpose: decode must not depend on the analysis bundle.
 */
final class FrameMerge {

	private final CaptureFile[] fFiles;
	private final int[] fNext;
	private final long[] fHeadTime;
	private int fCapture = -1;
	private int fFrame;

	FrameMerge(List<CaptureFile> files) {
		fFiles = files.toArray(new CaptureFile[0]);
		fNext = new int[fFiles.length];
		fHeadTime = new long[fFiles.length];
		for (int i = 0; i < fFiles.length; i++) {
			fNext[i] = 1;
			fHeadTime[i] = fFiles[i].frameCount() >= 1 ? fFiles[i].timestampNanos(1) : 0;
		}
	}

	/** Moves to the next frame in time order. @return false when every file is exhausted */
	boolean next() {
		int best = -1;
		long bestTime = 0;
		// a linear scan: a decode merges a handful of files, so a heap would not pay for itself
		for (int i = 0; i < fFiles.length; i++) {
			if (fNext[i] <= fFiles[i].frameCount() && (best < 0 || fHeadTime[i] < bestTime)) {
				best = i;
				bestTime = fHeadTime[i];
			}
		}
		if (best < 0) {
			fCapture = -1;
			return false;
		}
		fCapture = best;
		fFrame = fNext[best]++;
		if (fNext[best] <= fFiles[best].frameCount()) {
			fHeadTime[best] = fFiles[best].timestampNanos(fNext[best]);
		}
		return true;
	}

	/** @return index of the current frame's capture in the list given */
	int capture() {
		return fCapture;
	}

	/** @return the current frame's 1-based number in its capture */
	int frame() {
		return fFrame;
	}

	/** @return the current frame's capture time, ns since the epoch */
	long time() {
		return fFiles[fCapture].timestampNanos(fFrame);
	}
}
