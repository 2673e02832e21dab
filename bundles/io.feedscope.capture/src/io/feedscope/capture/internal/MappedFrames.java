package io.feedscope.capture.internal;

/**
 * An indexed capture whose frames are ranges of one mapped file (pcap and pcapng, BinaryFILE, and any of them
 * gzip-compressed: the decompressed copy is mapped): what lets FrameChunks copy a chunk's frames into one array
 * instead of handing out a buffer per frame.
 */
public interface MappedFrames {
	/** @return the mapping the frames' bytes are in ({@code frameData} are slices of it) */
	MappedFile mappedFile();

	/** @return the file offset of the frame's bytes in {@link #mappedFile()} */
	long frameOffset(int frame);
}
