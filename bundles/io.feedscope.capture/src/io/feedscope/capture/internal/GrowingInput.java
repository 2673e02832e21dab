package io.feedscope.capture.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bytes of a file that is still being appended to, for {@link FollowingCapture}: a read-only mapping
 * cannot reach past the size it was made with, so the file is mapped again when it grew. Readers of older
 * frames keep the older mapping's slices, which stay valid (the JDK unmaps on collection only).
 * <p>
 * The parser reads through {@link #size()} and the get methods on the following thread only; frame data is
 * sliced on any thread from the mapping current at that time, which covers every published frame.
 */
final class GrowingInput implements RecordInput, Closeable {
	private final Path fPath;
	private volatile MappedFile fMap;

	GrowingInput(MappedFile map) {
		fPath = map.path();
		fMap = map;
	}

	MappedFile mapping() {
		return fMap;
	}

	/**
	 * Maps the file again if it grew.
	 *
	 * @return the size now mapped
	 */
	long remap() throws IOException {
		long now;
		try (FileChannel c = FileChannel.open(fPath, StandardOpenOption.READ)) {
			now = c.size();
		}
		MappedFile old = fMap;
		if (now > old.size()) {
			fMap = new MappedFile(fPath);
			old.close(); // closes its channel; its mapping lives on for slices handed out
		}
		return fMap.size();
	}

	ByteBuffer slice(long offset, int length) {
		return fMap.slice(offset, length);
	}

	@Override
	public long size() {
		return fMap.size();
	}

	@Override
	public int getInt(long offset, ByteOrder order) {
		return fMap.getInt(offset, order);
	}

	@Override
	public int getUnsignedShort(long offset, ByteOrder order) {
		return fMap.getUnsignedShort(offset, order);
	}

	@Override
	public byte get(long offset) {
		return fMap.get(offset);
	}

	@Override
	public void copy(long offset, byte[] dst, int dstOffset, int length) {
		fMap.copy(offset, dst, dstOffset, length);
	}

	@Override
	public void close() throws IOException {
		fMap.close();
	}
}
