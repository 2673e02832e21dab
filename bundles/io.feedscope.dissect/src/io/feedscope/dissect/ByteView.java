package io.feedscope.dissect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A reusable view of one frame's bytes, read by index from the frame's first byte: unsigned integers of
 * 1, 2, 4, 6 and 8 bytes in either byte order, and byte ranges. The shape of SBE's {@code DirectBuffer}: one
 * object per dissector, pointed at the next frame by {@link #wrap(ByteBuffer)}, nothing allocated per read.
 * <p>
 * Two backings, chosen once per frame: a frame in a heap array (a frame copied out of a compressed or
 * streamed capture, a test's bytes) is read with array loads through byte-array views (one load and a byte
 * swap per field in compiled code, few calls in cold code); a frame in a mapped file or any other buffer
 * without an accessible array (a slice of the mapping: nothing copied) with the buffer's absolute gets.
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

	private ByteBuffer fBuffer = EMPTY;
	/** the frame's array when it has one; else reads go to fBuffer */
	private byte @Nullable [] fArray;
	/** index of the frame's first byte in fArray */
	private int fArrayOffset;
	private int fLength;

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

	/** @return the buffer wrapped (absolute indices are this view's) */
	public ByteBuffer buffer() {
		return fBuffer;
	}

	/** @return the number of bytes of the frame */
	public int length() {
		return fLength;
	}

	/** @return true if the frame is read from a heap array (copied), false if in place from a buffer (mapped) */
	public boolean isArray() {
		return fArray != null;
	}

	public int u8(int i) {
		return (int) read(i, 1);
	}

	/** @return the big-endian unsigned 16-bit value at i */
	public int u16(int i) {
		return (int) read(i, 2);
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
		return a != null ? read(a, fArrayOffset + i, reader) : read(fBuffer, i, reader);
	}

	/** Copies [i, i + length) of the frame into dst at dstOffset. */
	public void getBytes(int i, byte[] dst, int dstOffset, int length) {
		byte[] a = fArray;
		if (a != null) {
			System.arraycopy(a, fArrayOffset + i, dst, dstOffset, length);
		} else {
			fBuffer.get(i, dst, dstOffset, length);
		}
	}

	/** {@link #read(int, int)} of an array at an index of the array. */
	static long read(byte[] a, int at, int reader) {
		return switch (reader) {
		case 1, 1 | LITTLE -> a[at] & 0xffL;
		case 2 -> (short) BE16.get(a, at) & 0xffffL;
		case 2 | LITTLE -> (short) LE16.get(a, at) & 0xffffL;
		case 4 -> (int) BE32.get(a, at) & 0xffffffffL;
		case 4 | LITTLE -> (int) LE32.get(a, at) & 0xffffffffL;
		case 6 -> ((short) BE16.get(a, at) & 0xffffL) << 32 | (int) BE32.get(a, at + 2) & 0xffffffffL;
		case 6 | LITTLE -> (int) LE32.get(a, at) & 0xffffffffL | ((short) LE16.get(a, at + 4) & 0xffffL) << 32;
		case 8 -> (long) BE64.get(a, at);
		case 8 | LITTLE -> (long) LE64.get(a, at);
		default -> 0;
		};
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

	private static final VarHandle BE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
	private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
	private static final VarHandle BE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
	private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
	private static final VarHandle BE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
	private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
}
