package io.feedscope.ui.chart;

import java.util.Arrays;

import io.feedscope.dissect.PacketKind;

/**
 * The packets of a sequence chart, as parallel primitive arrays (no object per packet), in capture-time
 * order. Packet {@code i} covers message sequence numbers {@code [firstSeq(i), firstSeq(i) + count(i))}.
 * <p>
 * <b>Growth while indexing.</b> One producer thread may {@link #append} while the UI thread reads: the
 * size is published last through a volatile write, and the columns only ever grow (a grown column holds a
 * copy of everything before it), so a reader that takes {@link #size()} first and then reads indices below
 * it always sees complete packets. After appending, the producer tells the widget on the UI thread
 * ({@link SequenceChart#dataChanged()}), ideally once per batch rather than per packet.
 * <p>
 * <b>Time order.</b> The chart finds the visible window by binary search, so times must not decrease. A
 * capture timestamp that goes backwards (clock step, merged captures) is stored at the previous packet's
 * time and counted in {@link #clampedTimes()}; the frame id still leads to the real frame.
 * <p>
 * <b>Summaries.</b> For every block of {@link #BLOCK} consecutive packets the minimum first sequence and
 * maximum end sequence per line are kept as they are appended, so a zoomed-out redraw can skip whole
 * blocks that fall into one pixel column (the "multi-resolution" path of the renderer).
 */
public final class ChartData {

	/** Packets per summary block; a power of two. */
	public static final int BLOCK = 64;
	/** Lines a chart distinguishes by colour and summaries; higher line indices are stored as given and share summaries modulo this. */
	public static final int MAX_LINES = 8;

	private volatile int fSize;
	private volatile long[] fTime = new long[0];
	private volatile long[] fFirstSeq = new long[0];
	private volatile int[] fCount = new int[0];
	private volatile byte[] fLine = new byte[0];
	private volatile byte[] fKind = new byte[0];
	private volatile long[] fFrameId = new long[0];
	/* per block and line: [block * MAX_LINES + line] */
	private volatile long[] fBlockMinSeq = new long[0];
	private volatile long[] fBlockMaxEnd = new long[0];
	/* per block: bit set of kinds (1 << ordinal) and lines (1 << 16 + line) present */
	private volatile int[] fBlockMask = new int[0];
	private volatile int fLineCount;
	private volatile long fMinSeq = Long.MAX_VALUE;
	private volatile long fMaxEnd = Long.MIN_VALUE;
	private int fClamped;

	/** An empty data set; columns grow on demand. */
	public ChartData() {
		this(1024);
	}

	/** @param expected packets expected, to size the columns once */
	public ChartData(int expected) {
		ensureCapacity(Math.max(16, expected));
	}

	/**
	 * Builds a frame id from the capture's index in a capture set and its 1-based frame number.
	 *
	 * @return {@code captureIndex << 32 | frame}
	 */
	public static long frameId(int captureIndex, int frame) {
		return ((long) captureIndex << 32) | (frame & 0xFFFF_FFFFL);
	}

	/** @return the capture index part of a {@link #frameId(int, int)} */
	public static int captureIndexOf(long frameId) {
		return (int) (frameId >>> 32);
	}

	/** @return the 1-based frame number part of a {@link #frameId(int, int)} */
	public static int frameOf(long frameId) {
		return (int) frameId;
	}

	/**
	 * Appends one packet. Only one thread may append.
	 *
	 * @param timeNanos capture time, ns since the Unix epoch; not less than the previous packet's (see class comment)
	 * @param firstSeq  sequence number of the first message (for heartbeats and end of session: the next expected one)
	 * @param count     messages in the packet (0 for heartbeat/end of session; for requests the requested count)
	 * @param line      0 = A, 1 = B, ...
	 * @param kind      what to draw
	 * @param frameId   {@link #frameId(int, int)} of the frame that carried it
	 * @return the packet's index
	 */
	public int append(long timeNanos, long firstSeq, int count, int line, PacketKind kind, long frameId) {
		int n = fSize;
		if (n == fTime.length) {
			ensureCapacity(n + (n >> 1) + 16);
		}
		long t = timeNanos;
		if (n > 0 && t < fTime[n - 1]) {
			t = fTime[n - 1];
			fClamped++;
		}
		int c = Math.max(0, count);
		int ln = Math.max(0, Math.min(127, line));
		fTime[n] = t;
		fFirstSeq[n] = firstSeq;
		fCount[n] = c;
		fLine[n] = (byte) ln;
		fKind[n] = (byte) kind.ordinal();
		fFrameId[n] = frameId;
		int slot = (n / BLOCK) * MAX_LINES + (ln % MAX_LINES);
		long end = firstSeq + c;
		if (n % BLOCK == 0) {
			int b = n / BLOCK;
			Arrays.fill(fBlockMinSeq, b * MAX_LINES, (b + 1) * MAX_LINES, Long.MAX_VALUE);
			Arrays.fill(fBlockMaxEnd, b * MAX_LINES, (b + 1) * MAX_LINES, Long.MIN_VALUE);
			fBlockMask[b] = 0;
		}
		fBlockMask[n / BLOCK] |= (1 << kind.ordinal()) | (1 << (16 + (ln % MAX_LINES)));
		if (ln + 1 > fLineCount) {
			fLineCount = ln + 1;
		}
		// a malformed packet's sequence is only a claim (one damaged header said 99,000,000 in a feed at
		// 1,000,000): it sets neither the axis range nor the block summaries the zoomed-out marks are drawn from
		if (kind != PacketKind.MALFORMED) {
			fBlockMinSeq[slot] = Math.min(fBlockMinSeq[slot], firstSeq);
			fBlockMaxEnd[slot] = Math.max(fBlockMaxEnd[slot], end);
			if (firstSeq < fMinSeq) {
				fMinSeq = firstSeq;
			}
			if (end > fMaxEnd) {
				fMaxEnd = end;
			}
		}
		fSize = n + 1; // publish last: readers see complete packets only
		return n;
	}

	private void ensureCapacity(int capacity) {
		if (capacity <= fTime.length) {
			return;
		}
		int blocks = (capacity + BLOCK - 1) / BLOCK;
		fBlockMinSeq = Arrays.copyOf(fBlockMinSeq, blocks * MAX_LINES);
		fBlockMaxEnd = Arrays.copyOf(fBlockMaxEnd, blocks * MAX_LINES);
		fBlockMask = Arrays.copyOf(fBlockMask, blocks);
		fFirstSeq = Arrays.copyOf(fFirstSeq, capacity);
		fCount = Arrays.copyOf(fCount, capacity);
		fLine = Arrays.copyOf(fLine, capacity);
		fKind = Arrays.copyOf(fKind, capacity);
		fFrameId = Arrays.copyOf(fFrameId, capacity);
		fTime = Arrays.copyOf(fTime, capacity);
	}

	/** @return packets appended so far */
	public int size() {
		return fSize;
	}

	/** @return capture time of packet {@code i}, ns since the Unix epoch (non-decreasing in {@code i}) */
	public long time(int i) {
		return fTime[i];
	}

	/** @return first message sequence number of packet {@code i} */
	public long firstSeq(int i) {
		return fFirstSeq[i];
	}

	/** @return message count of packet {@code i} (0 for heartbeats) */
	public int count(int i) {
		return fCount[i];
	}

	/** @return {@code firstSeq(i) + count(i)}, exclusive */
	public long endSeq(int i) {
		return fFirstSeq[i] + fCount[i];
	}

	/** @return line index of packet {@code i} (0 = A) */
	public int line(int i) {
		return fLine[i];
	}

	/** @return kind of packet {@code i} */
	public PacketKind kind(int i) {
		return PacketKind.ofOrdinal(fKind[i]);
	}

	/** @return frame id of packet {@code i}, see {@link #frameId(int, int)} */
	public long frameIdOf(int i) {
		return fFrameId[i];
	}

	/** @return 1 + the highest line index appended, 0 when empty */
	public int lineCount() {
		return fLineCount;
	}

	/** @return the lowest first sequence number of the packets that are not malformed, or Long.MAX_VALUE when none */
	public long minSeq() {
		return fMinSeq;
	}

	/** @return the highest end sequence (exclusive) of the packets that are not malformed, or Long.MIN_VALUE when none */
	public long maxEndSeq() {
		return fMaxEnd;
	}

	/** @return how many appended times were raised to the previous packet's time */
	public int clampedTimes() {
		return fClamped;
	}

	/**
	 * @return the first index {@code i < size} with {@code time(i) >= t}, or {@code size}
	 */
	public int lowerBound(long t, int size) {
		long[] time = fTime;
		int lo = 0;
		int hi = size;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (time[mid] < t) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		return lo;
	}

	/**
	 * @return the first index {@code i < size} with {@code time(i) > t}, or {@code size}
	 */
	public int upperBound(long t, int size) {
		long[] time = fTime;
		int lo = 0;
		int hi = size;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (time[mid] <= t) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		return lo;
	}

	// Raw columns for the renderer: read size() first, then the arrays (see class comment).
	long[] timeColumn() {
		return fTime;
	}

	long[] firstSeqColumn() {
		return fFirstSeq;
	}

	int[] countColumn() {
		return fCount;
	}

	byte[] lineColumn() {
		return fLine;
	}

	byte[] kindColumn() {
		return fKind;
	}

	long[] blockMinSeqColumn() {
		return fBlockMinSeq;
	}

	long[] blockMaxEndColumn() {
		return fBlockMaxEnd;
	}

	int[] blockMaskColumn() {
		return fBlockMask;
	}
}
