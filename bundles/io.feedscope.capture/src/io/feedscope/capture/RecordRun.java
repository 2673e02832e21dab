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

	/**
	 * For the record file readers: the run becomes the records found walking {@code buffer} from its start, each
	 * a 2-byte big-endian length and that many bytes (NASDAQ BinaryFILE's framing), up to {@code max} records (and
	 * the capacity) or the last record wholly inside the buffer. One loop with the arrays and the count in locals:
	 * it runs once per record of every day file read this way.
	 *
	 * @return the records found
	 */
	public int walk(ByteBuffer buffer, int max) {
		int[] offset = fOffset;
		int[] length = fLength;
		int n = Math.min(max, offset.length);
		int end = buffer.limit();
		int pos = 0;
		int k = 0;
		for (; k < n && pos + 2 <= end; k++) {
			int len = buffer.getShort(pos) & 0xffff;
			if (len > end - pos - 2) {
				break;
			}
			offset[k] = pos + 2;
			length[k] = len;
			pos += 2 + len;
		}
		fBuffer = buffer;
		fCount = k;
		return k;
	}
}
