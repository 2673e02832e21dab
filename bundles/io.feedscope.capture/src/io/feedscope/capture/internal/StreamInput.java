package io.feedscope.capture.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A capture file read front to back through one reused buffer: the streaming front end of
 * {@link CaptureParser}. Memory stays flat whatever the file's size.
 * <p>
 * The buffer holds a window [base, base + limit) of the file; {@link #ensure(long, long)} slides it to
 * the record the parser is about to read (keeping what is left of the previous read, refilling the rest).
 * A record larger than {@value #MAX_WINDOW} bytes (only ever damage) is not buffered: reads outside the
 * window go to the file by position, so the parser behaves exactly as on a mapping, only slower there.
 * <p>
 * A read error of the file becomes an {@link UncheckedIOException} (the parser's reads return values, as a
 * mapping's do); {@link io.feedscope.capture.StreamedCapture} turns it into a problem.
 */
public final class StreamInput implements RecordInput, Closeable {
	/**
	 * Read buffer size: small enough to stay in the CPU's level-2 cache between the kernel's copy into it
	 * and the frames' copy out of it (4 MB made reading 40% slower per frame than 256 KB), large enough
	 * to keep system calls few.
	 */
	static final int BUFFER = 256 << 10;
	/** Largest range buffered; a pcap record is at most 256 KiB, real pcapng blocks are as small. */
	static final int MAX_WINDOW = 16 << 20;

	private final Path fPath;
	private final FileChannel fChannel;
	private final long fSize;
	private final int fMaxWindow;
	private byte[] fBuf;
	private ByteBuffer fWrap;
	/** file offset of fBuf[0] */
	private long fBase;
	/** valid bytes in fBuf */
	private int fLimit;
	private final ByteBuffer fScratch = ByteBuffer.allocate(8);

	public StreamInput(Path path) throws IOException {
		this(path, BUFFER, MAX_WINDOW);
	}

	/**
	 * For tests: tiny sizes move the window at every record and send large records to the file.
	 *
	 * @param buffer initial buffer size
	 * @param maxWindow largest range buffered
	 */
	public StreamInput(Path path, int buffer, int maxWindow) throws IOException {
		fPath = path;
		fMaxWindow = maxWindow;
		fChannel = FileChannel.open(path, StandardOpenOption.READ);
		try {
			fSize = fChannel.size();
		} catch (IOException e) {
			fChannel.close();
			throw e;
		}
		fBuf = new byte[buffer];
		fWrap = ByteBuffer.wrap(fBuf);
	}

	public Path path() {
		return fPath;
	}

	@Override
	public long size() {
		return fSize;
	}

	@Override
	public void ensure(long offset, long length) {
		long end = Math.min(fSize, offset + length);
		if (offset >= fBase && end <= fBase + fLimit) {
			return;
		}
		if (end - offset > fMaxWindow) {
			return; // damage-sized: served by position
		}
		slide(offset, (int) (end - offset));
	}

	/** Moves the window to start at offset and holds at least n bytes (the file has them). */
	private void slide(long offset, int n) {
		long keepFrom = offset - fBase;
		if (keepFrom >= 0 && keepFrom < fLimit) {
			int keep = (int) (fLimit - keepFrom);
			System.arraycopy(fBuf, (int) keepFrom, fBuf, 0, keep);
			fLimit = keep;
		} else {
			fLimit = 0;
		}
		fBase = offset;
		if (n > fBuf.length) {
			byte[] bigger = new byte[Math.max(n, fBuf.length * 2)];
			System.arraycopy(fBuf, 0, bigger, 0, fLimit);
			fBuf = bigger;
			fWrap = ByteBuffer.wrap(fBuf);
		}
		// fill the buffer (not only n bytes) to keep system calls few, never beyond the size opened with
		int want = (int) Math.min(fBuf.length, fSize - fBase);
		try {
			while (fLimit < want) {
				fWrap.limit(want).position(fLimit);
				int r = fChannel.read(fWrap, fBase + fLimit);
				if (r < 0) {
					break;
				}
				fLimit += r;
			}
		} catch (IOException e) {
			throw new UncheckedIOException(fPath + ": " + e.getMessage(), e);
		}
	}

	@Override
	public int getInt(long offset, ByteOrder order) {
		long i = offset - fBase;
		if (i >= 0 && i <= fLimit - 4) {
			byte[] a = fBuf;
			int at = (int) i;
			// plain array loads: record headers are read for every frame, also by cold code
			int v = (a[at] & 0xff) << 24 | (a[at + 1] & 0xff) << 16 | (a[at + 2] & 0xff) << 8 | a[at + 3] & 0xff;
			return order == ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v);
		}
		return read(offset, 4).order(order).getInt(0);
	}

	@Override
	public int getUnsignedShort(long offset, ByteOrder order) {
		long i = offset - fBase;
		if (i >= 0 && i <= fLimit - 2) {
			int at = (int) i;
			int v = (fBuf[at] & 0xff) << 8 | fBuf[at + 1] & 0xff;
			return order == ByteOrder.BIG_ENDIAN ? v : Short.reverseBytes((short) v) & 0xffff;
		}
		return read(offset, 2).order(order).getShort(0) & 0xffff;
	}

	@Override
	public byte get(long offset) {
		long i = offset - fBase;
		if (i >= 0 && i < fLimit) {
			return fBuf[(int) i];
		}
		return read(offset, 1).get(0);
	}

	@Override
	public void copy(long offset, byte[] dst, int dstOffset, int length) {
		long i = offset - fBase;
		if (i >= 0 && i + length <= fLimit) {
			System.arraycopy(fBuf, (int) i, dst, dstOffset, length);
			return;
		}
		checkRange(offset, length);
		try {
			ByteBuffer b = ByteBuffer.wrap(dst, dstOffset, length);
			while (b.hasRemaining()) {
				if (fChannel.read(b, offset + b.position() - dstOffset) < 0) {
					throw new UncheckedIOException(new java.io.EOFException(fPath + ": file shorter than when opened"));
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(fPath + ": " + e.getMessage(), e);
		}
	}

	/** Reads n (at most 8) bytes at offset by position, outside the window. */
	private ByteBuffer read(long offset, int n) {
		checkRange(offset, n);
		ByteBuffer b = fScratch.clear().limit(n);
		try {
			while (b.hasRemaining()) {
				if (fChannel.read(b, offset + b.position()) < 0) {
					throw new UncheckedIOException(new java.io.EOFException(fPath + ": file shorter than when opened"));
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(fPath + ": " + e.getMessage(), e);
		}
		return b.order(ByteOrder.BIG_ENDIAN);
	}

	private void checkRange(long offset, int length) {
		if (offset < 0 || length < 0 || offset + length > fSize) {
			throw new IndexOutOfBoundsException(fPath + ": range " + offset + "+" + length + " beyond size " + fSize);
		}
	}

	@Override
	public void close() throws IOException {
		fChannel.close();
	}
}
