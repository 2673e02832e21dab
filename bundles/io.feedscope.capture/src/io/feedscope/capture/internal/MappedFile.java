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
 * can be handed out as a slice without copying.
 */
public final class MappedFile implements Closeable {
	/** Longest range served without copy; larger than any frame a capture may hold (256 KiB snaplen). */
	public static final int OVERLAP = 1 << 20;
	private static final long CHUNK = 1L << 30;

	private final Path fPath;
	private final FileChannel fChannel;
	private final long fSize;
	private final MappedByteBuffer[] fChunks;

	public MappedFile(Path path) throws IOException {
		fPath = path;
		fChannel = FileChannel.open(path, StandardOpenOption.READ);
		fSize = fChannel.size();
		int n = (int) Math.max(1, (fSize + CHUNK - 1) / CHUNK);
		fChunks = new MappedByteBuffer[n];
		for (int i = 0; i < n; i++) {
			long start = i * CHUNK;
			long len = Math.min(fSize - start, CHUNK + OVERLAP);
			fChunks[i] = fChannel.map(FileChannel.MapMode.READ_ONLY, start, Math.max(0, len));
		}
	}

	public Path path() {
		return fPath;
	}

	public long size() {
		return fSize;
	}

	/** @return a read-only big-endian view of [offset, offset+length) */
	public ByteBuffer slice(long offset, int length) {
		if (offset < 0 || length < 0 || offset + length > fSize) {
			throw new IndexOutOfBoundsException(fPath + ": range " + offset + "+" + length + " beyond size " + fSize);
		}
		int chunk = (int) (offset / CHUNK);
		int pos = (int) (offset - chunk * CHUNK);
		ByteBuffer b = fChunks[chunk];
		if (pos + length <= b.capacity()) {
			return b.slice(pos, length).asReadOnlyBuffer().order(ByteOrder.BIG_ENDIAN);
		}
		// longer than the overlap: copy (never happens for frames)
		ByteBuffer copy = ByteBuffer.allocate(length);
		for (int i = 0; i < length; i++) {
			copy.put(get(offset + i));
		}
		return copy.flip().asReadOnlyBuffer();
	}

	public byte get(long offset) {
		int chunk = (int) (offset / CHUNK);
		return fChunks[chunk].get((int) (offset - chunk * CHUNK));
	}

	@Override
	public void close() throws IOException {
		fChannel.close();
	}
}
