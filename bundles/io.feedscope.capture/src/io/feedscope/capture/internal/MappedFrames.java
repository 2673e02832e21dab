package io.feedscope.capture.internal;

/**
 * An indexed capture whose frames are ranges of one mapped file (pcap and pcapng, BinaryFILE, and any of them
 * gzip-compressed: the decompressed copy is mapped): what lets FrameChunks copy a chunk's frames into one array
 * instead of handing out a buffer per frame.
 */
public interface MappedFrames {
	/** @return the mapping the frames' bytes are in ({@code frameData} are slices of it) */
	MappedFile mappedFile();

	/**
	 * The records of frames [first, first + n) into {@code r} from {@code at} on (all but {@link CaptureParser.Records#frame}):
	 * what the capture's accessors give frame by frame, copied column by column.
	 */
	void records(int first, int n, CaptureParser.Records r, int at);
}
