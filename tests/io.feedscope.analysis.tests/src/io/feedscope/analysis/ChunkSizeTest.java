package io.feedscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The parallel reading's default chunk size by file size: small chunks below a gigabyte (a short capture needs
 * many chunks for both cores to start at once), large ones from there (each chunk's hand-off shared by more
 * frames). That any chunk size gives the serial reading's events is ParallelPacketSourceTest's.
 */
class ChunkSizeTest {

	@Test
	void largeFilesGetLargeChunks() {
		assertEquals(ParallelPacketSource.CHUNK, ParallelPacketSource.defaultChunkFrames(0), "size unknown");
		assertEquals(ParallelPacketSource.CHUNK, ParallelPacketSource.defaultChunkFrames(39L << 20), "the 30 s capture");
		assertEquals(ParallelPacketSource.CHUNK, ParallelPacketSource.defaultChunkFrames((1L << 30) - 1), "just under 1 GiB");
		assertEquals(ParallelPacketSource.LARGE_CHUNK, ParallelPacketSource.defaultChunkFrames(1L << 30), "1 GiB");
		assertEquals(ParallelPacketSource.LARGE_CHUNK, ParallelPacketSource.defaultChunkFrames(10L << 30), "a 10 GB tap file");
		assertEquals(4096, ParallelPacketSource.CHUNK);
		assertEquals(16384, ParallelPacketSource.LARGE_CHUNK);
	}
}
