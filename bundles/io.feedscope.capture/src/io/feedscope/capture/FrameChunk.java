package io.feedscope.capture;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.internal.CaptureParser;

/**
 * The records of a run of consecutive frames of one capture, without their bytes: what a reading thread
 * finds walking the file's record headers ({@link FrameChunks#next(FrameChunk)}), for other threads to
 * fetch the bytes of and dissect ({@link FrameChunks.Reader}). Reused: a chunk is filled again once its
 * frames were consumed.
 * <p>
 * Why only the records: walking the headers is the part of reading that is serial (where the next record
 * starts depends on the length of this one); fetching the bytes and dissecting them is not, and is where
 * the time goes, so that part is what several threads share.
 */
public final class FrameChunk {

	private final int fCapacity;
	int fSize;
	final int[] fFrame;
	final long[] fTime;
	final boolean[] fHasTime;
	final int[] fInterfaceId;
	final int[] fLinkType;
	final int[] fCapturedLength;
	final int[] fOriginalLength;
	/** file offset of each frame's bytes (streamed files); unused for an indexed capture */
	final long[] fOffset;
	/**
	 * the frames' bytes once a reader loaded them ({@link FrameChunks.Reader#load}), frame i at {@link #fByteOffset}
	 * [i]; grown to the largest chunk loaded, kept for the next
	 */
	byte[] fBytes = new byte[0];
	final int[] fByteOffset;
	/** the walk copied the frames' bytes into {@link #fBytes} already (a mapped pcap's plain records) */
	boolean fLoaded;

	private CaptureParser.@Nullable Records fRecords;

	/** @return the chunk's record arrays, for the parser to fill ({@link CaptureParser#nextPlain}) */
	CaptureParser.Records records() {
		CaptureParser.Records r = fRecords;
		if (r == null) {
			r = new CaptureParser.Records(fFrame, fTime, fHasTime, fInterfaceId, fLinkType,
					fCapturedLength, fOriginalLength, fOffset);
			fRecords = r;
		}
		return r;
	}

	/** @param capacity the most frames it holds */
	public FrameChunk(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity " + capacity);
		}
		fCapacity = capacity;
		fFrame = new int[capacity];
		fTime = new long[capacity];
		fHasTime = new boolean[capacity];
		fInterfaceId = new int[capacity];
		fLinkType = new int[capacity];
		fCapturedLength = new int[capacity];
		fOriginalLength = new int[capacity];
		fOffset = new long[capacity];
		fByteOffset = new int[capacity];
	}

	/**
	 * @return the array the chunk's frames were loaded into ({@link FrameChunks.Reader#load(FrameChunk)} returned
	 *         true): frame i is [{@link #byteOffset(int) byteOffset(i)}, + {@link #capturedLength(int)}) of it
	 */
	public byte[] bytes() {
		return fBytes;
	}

	/** @return where the i-th frame's first byte is in {@link #bytes()}, once loaded */
	public int byteOffset(int i) {
		return fByteOffset[i];
	}

	public int capacity() {
		return fCapacity;
	}

	/** @return the frames held, 0 after the last chunk */
	public int size() {
		return fSize;
	}

	/** @return the 1-based number of the i-th frame of the chunk, as {@link StreamedCapture#frame()} numbers it */
	public int frame(int i) {
		return fFrame[i];
	}

	/** @return capture time in ns since the epoch, 0 when the file has none for the frame */
	public long timestampNanos(int i) {
		return fTime[i];
	}

	public boolean hasTimestamp(int i) {
		return fHasTime[i];
	}

	/** @return the pcapng interface id within the frame's section (0 for pcap) */
	public int interfaceId(int i) {
		return fInterfaceId[i];
	}

	/** @return a {@link LinkType} constant */
	public int linkType(int i) {
		return fLinkType[i];
	}

	public int capturedLength(int i) {
		return fCapturedLength[i];
	}

	public int originalLength(int i) {
		return fOriginalLength[i];
	}
}
