package io.feedscope.capture;

import java.nio.ByteBuffer;

/**
 * A run of consecutive records of a record file (NASDAQ BinaryFILE) in one buffer: where each record's bytes
 * are, without their length prefix, as {@link CaptureFile#frameData(int)} would give them one by one
 * ({@link CaptureFile#records(int, RecordRun)} fills it). For a reader that walks a day file front to back:
 * one call per run instead of a frame index look-up, a buffer and a dissection per record. Reused: each fill
 * overwrites it.
 */
public final class RecordRun {

	private final int[] fOffset;
	private final int[] fLength;
	private int fCount;
	private ByteBuffer fBuffer = ByteBuffer.allocate(0);

	/** @param capacity the most records a run holds, at least 1 */
	public RecordRun(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity " + capacity);
		}
		fOffset = new int[capacity];
		fLength = new int[capacity];
	}

	/** @return the most records a run holds */
	public int capacity() {
		return fOffset.length;
	}

	/** @return the records of the last fill */
	public int count() {
		return fCount;
	}

	/** @return the bytes the records lie in (read-only, big-endian; read with absolute gets) */
	public ByteBuffer buffer() {
		return fBuffer;
	}

	/** @return where the i-th record's first byte (after its length prefix) is in {@link #buffer()} */
	public int offset(int i) {
		return fOffset[i];
	}

	/** @return the i-th record's length (its frame's captured length) */
	public int length(int i) {
		return fLength[i];
	}

	/** For the readers that fill it: a new run over these bytes, no records yet. */
	public void start(ByteBuffer buffer) {
		fBuffer = buffer;
		fCount = 0;
	}

	/** For the readers that fill it: one more record (the caller keeps within {@link #capacity()}). */
	public void add(int offset, int length) {
		int n = fCount;
		fOffset[n] = offset;
		fLength[n] = length;
		fCount = n + 1;
	}
}
