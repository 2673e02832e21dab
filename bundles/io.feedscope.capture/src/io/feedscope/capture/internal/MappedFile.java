package io.feedscope.capture.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only memory mapping of a whole file, in chunks so that files beyond 2 GiB work.
 * <p>
 * Chunks overlap by {@link #OVERLAP} bytes, so any range shorter than that lies inside one chunk and
 * can be handed out as a slice without copying, and a header field never straddles two chunks. The
 * chunk size is a power of two so that locating an offset is a shift and a mask, not a division: the
 * indexers call {@link #getInt(long, ByteOrder)} several times per frame.
 */
public final class MappedFile implements Closeable, RecordInput {
	/** Longest range served without copy; larger than any frame a capture may hold (256 KiB snaplen). */
	public static final int OVERLAP = 1 << 20;
	/** 1 GiB chunks: few mappings even for huge files, well below the 2 GiB limit of a buffer. */
	static final int CHUNK_SHIFT = 30;

	private final Path fPath;
	private final FileChannel fChannel;
	private final long fSize;
	private final int fShift;
	private final long fMask;
	/** the chunks, big-endian, and the same chunks as little-endian views (absolute gets need no swap) */
	private final ByteBuffer[] fBig;
	private final ByteBuffer[] fLittle;

	public MappedFile(Path path) throws IOException {
		this(path, CHUNK_SHIFT, OVERLAP);
	}

	/**
	 * For tests of the chunk boundaries with tiny chunks.
	 *
	 * @param chunkShift log2 of the chunk size
	 * @param overlap bytes each chunk extends into the next, at least 8 (a header field), at most a chunk
	 */
	MappedFile(Path path, int chunkShift, int overlap) throws IOException {
		if (chunkShift < 3 || chunkShift > 30 || overlap < 8 || overlap > 1 << chunkShift) {
			throw new IllegalArgumentException("chunk 2^" + chunkShift + " overlap " + overlap);
		}
		fPath = path;
		fShift = chunkShift;
		long chunk = 1L << chunkShift;
		fMask = chunk - 1;
		fChannel = FileChannel.open(path, StandardOpenOption.READ);
		try {
			fSize = fChannel.size();
			int n = (int) Math.max(1, (fSize + chunk - 1) >>> chunkShift);
			fBig = new ByteBuffer[n];
			fLittle = new ByteBuffer[n];
			for (int i = 0; i < n; i++) {
				long start = i * chunk;
				long len = Math.max(0, Math.min(fSize - start, chunk + overlap));
				MappedByteBuffer m = fChannel.map(FileChannel.MapMode.READ_ONLY, start, len);
				fBig[i] = m;
				fLittle[i] = m.duplicate().order(ByteOrder.LITTLE_ENDIAN);
			}
		} catch (IOException | RuntimeException e) {
			fChannel.close();
			throw e;
		}
	}

	public Path path() {
		return fPath;
	}

	@Override
	public long size() {
		return fSize;
	}

	/** @return the 4 bytes at offset (which must be at most size - 4) in the given byte order */
	@Override
	public int getInt(long offset, ByteOrder order) {
		ByteBuffer[] chunks = order == ByteOrder.LITTLE_ENDIAN ? fLittle : fBig;
		return chunks[(int) (offset >>> fShift)].getInt((int) (offset & fMask));
	}

	/** @return the 2 bytes at offset, unsigned */
	@Override
	public int getUnsignedShort(long offset, ByteOrder order) {
		ByteBuffer[] chunks = order == ByteOrder.LITTLE_ENDIAN ? fLittle : fBig;
		return chunks[(int) (offset >>> fShift)].getShort((int) (offset & fMask)) & 0xffff;
	}

	@Override
	public byte get(long offset) {
		return fBig[(int) (offset >>> fShift)].get((int) (offset & fMask));
	}

	/** Copies [offset, offset+length) into dst at dstOffset, across chunks if need be. */
	@Override
	public void copy(long offset, byte[] dst, int dstOffset, int length) {
		checkRange(offset, length);
		int done = 0;
		while (done < length) {
			long at = offset + done;
			ByteBuffer b = fBig[(int) (at >>> fShift)];
			int pos = (int) (at & fMask);
			int n = Math.min(length - done, b.capacity() - pos);
			b.get(pos, dst, dstOffset + done, n);
			done += n;
		}
	}

	/**
	 * Copies [offset, offset+length) into dst at dstOffset as {@link #copy} does, but with positional reads of the
	 * file (the kernel copies from the page cache) instead of through the mapping: for a reader that copies most of a
	 * file once, such as a chunk walk, where the mapping's first touch of each 4 KB page is what the copy costs on a
	 * virtual machine with nested paging (measured on a 2 GB capture in the page cache: 1.07-1.2 s through a mapping,
	 * 0.23-0.40 s by positional reads of 256 KB). Unlike the mapping, a file that shrank since it was opened is an
	 * IOException here, not a crash.
	 *
	 * @throws IOException if the file cannot be read, ends before offset+length, or its channel was closed (also by
	 *         an interrupt of a thread reading it)
	 */
	public void read(long offset, byte[] dst, int dstOffset, int length) throws IOException {
		checkRange(offset, length);
		ByteBuffer b = ByteBuffer.wrap(dst, dstOffset, length);
		while (b.hasRemaining()) {
			long at = offset + b.position() - dstOffset;
			if (fChannel.read(b, at) < 0) {
				throw new IOException(fPath + ": ends at byte " + at + " of the " + fSize + " it had when opened");
			}
		}
	}

	/** @return a read-only big-endian view of [offset, offset+length); a copy only if longer than {@link #OVERLAP} */
	public ByteBuffer slice(long offset, int length) {
		checkRange(offset, length);
		ByteBuffer b = fBig[(int) (offset >>> fShift)];
		int pos = (int) (offset & fMask);
		if (pos + length <= b.capacity()) {
			return b.slice(pos, length); // the mapping is read-only and slices are big-endian
		}
		byte[] copy = new byte[length];
		copy(offset, copy, 0, length);
		return ByteBuffer.wrap(copy).asReadOnlyBuffer();
	}

	private void checkRange(long offset, int length) {
		if (offset < 0 || length < 0 || offset + length > fSize) {
			throw new IndexOutOfBoundsException(fPath + ": range " + offset + "+" + length + " beyond size " + fSize);
		}
	}

	@Override
	public void close() throws IOException {
		// the mappings stay valid until collected (the JDK cannot unmap on demand); slices handed out
		// keep working, which is what concurrent readers of a closing capture need
		fChannel.close();
	}
}
