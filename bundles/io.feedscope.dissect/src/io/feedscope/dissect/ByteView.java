package io.feedscope.dissect;

import java.nio.ByteBuffer;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A reusable view of one frame's bytes, read by index from the frame's first byte: unsigned integers of
 * 1, 2, 4, 6 and 8 bytes in either byte order, and byte ranges. The shape of SBE's {@code DirectBuffer}: one
 * object per dissector, pointed at the next frame by {@link #wrap(ByteBuffer)}, nothing allocated per read.
 * <p>
 * Two backings, chosen once per frame: a frame in a heap array (a frame copied out of a compressed or
 * streamed capture, a chunk of frames copied out of a mapped file at once, a test's bytes) is read with byte
 * loads and shifts (plain loads in cold code too: C1, the launcher's only compiler, neither inlines nor
 * intrinsifies a byte-array VarHandle's or a direct buffer's layers); a frame in a mapped file or any other
 * buffer without an accessible array (a slice of the mapping: nothing copied) with the buffer's absolute gets.
 * Both read the same values (ReadPathTest).
 * <p>
 * <b>Bounds are stated once, by the caller:</b> a read of width w at index i requires
 * {@code 0 <= i && i + w <= length()}. The dissector checks each field or block against the payload once,
 * where it decides what the packet holds (a field beyond the bytes present is damage, reported, and never
 * read); the view does not check again per read. What the backing itself checks still holds: a read past
 * the backing array or buffer throws, it never returns bytes of another object.
 * <p>
 * Lifetime: the view keeps a reference to the buffer it wraps, so a view of a mapped file keeps the mapping
 * alive (the JDK unmaps only once no buffer refers to it); it is valid until the next {@link #wrap}. Not
 * thread-safe; frames in a read-only mapping may be viewed by several views on several threads at once.
 */
public final class ByteView {

	/** Reader codes: the width in bytes, {@code | LITTLE} if little-endian (as {@link Protocol}'s readers). */
	public static final int LITTLE = 0x10;

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	/** the buffer wrapped; null for an array wrapped without one until {@link #buffer()} asks */
	private @Nullable ByteBuffer fBuffer = EMPTY;
	/** the frame's array when it has one; else reads go to fBuffer */
	private byte @Nullable [] fArray;
	/** index of the frame's first byte in fArray */
	private int fArrayOffset;
	private int fLength;
	/** {@link #whole()}'s buffer and the array it is over (kept while the view reads that array) */
	private @Nullable ByteBuffer fWhole;
	private byte @Nullable [] fWholeArray;

	/**
	 * Points the view at a frame: its bytes are [0, limit) of the buffer (absolute indices; the buffer's
	 * position and byte order are ignored and left alone).
	 *
	 * @return this view
	 */
	public ByteView wrap(ByteBuffer frame) {
		fBuffer = frame;
		if (frame.hasArray()) {
			fArray = frame.array();
			fArrayOffset = frame.arrayOffset();
		} else {
			fArray = null;
			fArrayOffset = 0;
		}
		fLength = frame.limit();
		return this;
	}

	/**
	 * Points the view at a frame held in an array: its bytes are [offset, offset + length) of the array, index 0
	 * at offset. No buffer is made: a reader of a capture's chunk (one array for thousands of frames) dissects
	 * each frame with nothing allocated and nothing but array loads ({@link #buffer()} makes one on demand).
	 *
	 * @return this view
	 */
	public ByteView wrap(byte[] array, int offset, int length) {
		fBuffer = null;
		fArray = array;
		fArrayOffset = offset;
		fLength = length;
		return this;
	}

	/** @return the buffer wrapped (absolute indices are this view's); of an array, a buffer made over it */
	public ByteBuffer buffer() {
		ByteBuffer b = fBuffer;
		if (b == null) {
			byte[] a = fArray;
			b = a == null ? EMPTY : ByteBuffer.wrap(a, fArrayOffset, fLength).slice();
			fBuffer = b;
		}
		return b;
	}

	/**
	 * @return a buffer in which index {@link #wholeBase()} + i is the frame's byte i: of a frame in an array wrapped
	 *         without a buffer, one over the whole array, made once per array (the chunk a reader copied thousands of
	 *         frames into); else {@link #buffer()}. Read at most the frame's bytes through it: the rest of the array is
	 *         other frames.
	 */
	ByteBuffer whole() {
		byte[] a = fArray;
		if (fBuffer != null || a == null) {
			return buffer();
		}
		ByteBuffer w = fWhole;
		if (w == null || fWholeArray != a) {
			fWhole = w = ByteBuffer.wrap(a);
			fWholeArray = a;
		}
		return w;
	}

	/** @return the index of the frame's byte 0 in {@link #whole()} (read both before the view is wrapped again) */
	int wholeBase() {
		return fBuffer == null && fArray != null ? fArrayOffset : 0;
	}

	/** @return the number of bytes of the frame */
	public int length() {
		return fLength;
	}

	/** @return true if the frame is read from a heap array (copied), false if in place from a buffer (mapped) */
	public boolean isArray() {
		return fArray != null;
	}

	/** @return the array the view reads, null when it reads a buffer with none: for loops that read it themselves */
	byte @Nullable [] array() {
		return fArray;
	}

	/** @return the array index of the view's byte 0 (with {@link #array()}) */
	int arrayOffset() {
		return fArrayOffset;
	}

	public int u8(int i) {
		byte[] a = fArray;
		return a != null ? a[fArrayOffset + i] & 0xff : (int) read(buffer(), i, 1);
	}

	/** @return the big-endian unsigned 16-bit value at i */
	public int u16(int i) {
		byte[] a = fArray;
		if (a != null) {
			int at = fArrayOffset + i;
			return (a[at] & 0xff) << 8 | a[at + 1] & 0xff;
		}
		return (int) read(buffer(), i, 2);
	}

	public int u16le(int i) {
		return (int) read(i, 2 | LITTLE);
	}

	/** @return the big-endian unsigned 32-bit value at i */
	public long u32(int i) {
		return read(i, 4);
	}

	public long u32le(int i) {
		return read(i, 4 | LITTLE);
	}

	/** @return the big-endian unsigned 48-bit value at i (ITCH timestamps) */
	public long u48(int i) {
		return read(i, 6);
	}

	public long u48le(int i) {
		return read(i, 6 | LITTLE);
	}

	/** @return the big-endian 64-bit value at i (unsigned: compare with {@link Long#compareUnsigned}) */
	public long u64(int i) {
		return read(i, 8);
	}

	public long u64le(int i) {
		return read(i, 8 | LITTLE);
	}

	/**
	 * Reads an unsigned integer with a reader code: width 1, 2, 4, 6 or 8, {@code | LITTLE} if little-endian.
	 * Other codes (widths the descriptions do not compile to a reader) read 0.
	 */
	public long read(int i, int reader) {
		byte[] a = fArray;
		return a != null ? read(a, fArrayOffset + i, reader) : read(buffer(), i, reader);
	}

	/** Copies [i, i + length) of the frame into dst at dstOffset. */
	public void getBytes(int i, byte[] dst, int dstOffset, int length) {
		byte[] a = fArray;
		if (a != null) {
			System.arraycopy(a, fArrayOffset + i, dst, dstOffset, length);
		} else {
			buffer().get(i, dst, dstOffset, length);
		}
	}

	/**
	 * {@link #read(int, int)} of an array at an index of the array: byte loads and shifts, which the interpreter
	 * and C1 (the launcher's compiler) run as plain loads, where a byte-array VarHandle was several calls deep in
	 * cold code (its guards, Unsafe's unaligned reads and byte swaps); C2 compiles either to a few instructions.
	 */
	static long read(byte[] a, int at, int reader) {
		return switch (reader) {
		case 1, 1 | LITTLE -> a[at] & 0xffL;
		case 2 -> (a[at] & 0xff) << 8 | a[at + 1] & 0xff;
		case 2 | LITTLE -> (a[at + 1] & 0xff) << 8 | a[at] & 0xff;
		case 4 -> be32(a, at) & 0xffffffffL;
		case 4 | LITTLE -> Integer.reverseBytes(be32(a, at)) & 0xffffffffL;
		case 6 -> ((a[at] & 0xffL) << 8 | a[at + 1] & 0xffL) << 32 | be32(a, at + 2) & 0xffffffffL;
		case 6 | LITTLE -> Integer.reverseBytes(be32(a, at)) & 0xffffffffL | ((a[at + 5] & 0xffL) << 8 | a[at + 4] & 0xffL) << 32;
		case 8 -> (long) be32(a, at) << 32 | be32(a, at + 4) & 0xffffffffL;
		case 8 | LITTLE -> Long.reverseBytes((long) be32(a, at) << 32 | be32(a, at + 4) & 0xffffffffL);
		default -> 0;
		};
	}

	private static int be32(byte[] a, int at) {
		return a[at] << 24 | (a[at + 1] & 0xff) << 16 | (a[at + 2] & 0xff) << 8 | a[at + 3] & 0xff;
	}

	/** {@link #read(int, int)} of a big-endian buffer at an absolute index (byte order given by the reader, not the buffer's). */
	static long read(ByteBuffer b, int abs, int reader) {
		return switch (reader) {
		case 1, 1 | LITTLE -> b.get(abs) & 0xffL;
		case 2 -> b.getShort(abs) & 0xffffL;
		case 2 | LITTLE -> Short.reverseBytes(b.getShort(abs)) & 0xffffL;
		case 4 -> b.getInt(abs) & 0xffffffffL;
		case 4 | LITTLE -> Integer.reverseBytes(b.getInt(abs)) & 0xffffffffL;
		case 6 -> (b.getShort(abs) & 0xffffL) << 32 | b.getInt(abs + 2) & 0xffffffffL;
		case 6 | LITTLE -> Integer.reverseBytes(b.getInt(abs)) & 0xffffffffL | (Short.reverseBytes(b.getShort(abs + 4)) & 0xffffL) << 32;
		case 8 -> b.getLong(abs);
		case 8 | LITTLE -> Long.reverseBytes(b.getLong(abs));
		default -> 0;
		};
	}
}
