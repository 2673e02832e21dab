package io.feedscope.capture.internal;

import java.nio.ByteOrder;

/**
 * The bytes of a capture file as the record parser ({@link CaptureParser}) reads them: absolute offsets
 * into a file of known size. Two front ends: the whole file mapped ({@link MappedFile}, for the index) and
 * a read buffer sliding along the file ({@link StreamInput}, for a single pass in flat memory).
 * <p>
 * The parser reads forward: before it reads a record it calls {@link #ensure(long, long)} with the range
 * it is about to read, which lets a streaming input load it in one go. Reads outside that range still
 * work (a streaming input serves them from the file), only slower.
 */
public interface RecordInput {

	/** @return the file size in bytes */
	long size();

	/** @return the 4 bytes at offset in the given byte order; offset + 4 &lt;= {@link #size()} */
	int getInt(long offset, ByteOrder order);

	/** @return the 2 bytes at offset, unsigned */
	int getUnsignedShort(long offset, ByteOrder order);

	byte get(long offset);

	/** Copies [offset, offset + length) of the file into dst at dstOffset. */
	void copy(long offset, byte[] dst, int dstOffset, int length);

	/**
	 * The parser is about to read [offset, offset + length) (clipped to the file) and nothing before
	 * offset any more. A mapping has nothing to do.
	 */
	default void ensure(long offset, long length) {
		// everything is mapped
	}
}
