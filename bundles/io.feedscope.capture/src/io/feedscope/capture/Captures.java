package io.feedscope.capture;

import java.io.IOException;
import java.nio.file.Path;

import io.feedscope.capture.internal.CaptureOpener;

/** Opens capture files of any supported format. */
public final class Captures {

	private Captures() {
	}

	/**
	 * Opens and indexes a capture file, detecting its format from its first bytes; same as
	 * {@code open(file, IndexMonitor.NONE)}.
	 *
	 * @param file the capture
	 * @return the indexed capture; damage after the header is reported in {@link CaptureFile#problems()}
	 * @throws IOException if the file cannot be read or is not a capture at all (the message names the file)
	 */
	public static CaptureFile open(Path file) throws IOException {
		return CaptureOpener.open(file, IndexMonitor.NONE);
	}

	/**
	 * Opens and indexes a capture file, reporting progress and checking for cancellation as it goes.
	 * <p>
	 * Formats: pcap (both magics and byte orders), pcapng, NASDAQ BinaryFILE (by the extension
	 * {@code .NASDAQ_ITCH50} or by content), and any of them gzip-compressed (decompressed into a file,
	 * never into the heap, kept in the user's private cache {@code $XDG_CACHE_HOME/feedscope/gzip} or
	 * {@code ~/.cache/feedscope/gzip} and used again only after checking it against the source; the system
	 * property {@code feedscope.gzipCache} names another directory, or {@code off}).
	 *
	 * @param file the capture
	 * @param monitor told of progress; asked whether to stop
	 * @return the indexed capture; damage after the header is reported in {@link CaptureFile#problems()}
	 * @throws java.io.InterruptedIOException if the monitor canceled (nothing stays open)
	 * @throws IOException if the file cannot be read or is not a capture at all (the message names the file)
	 */
	public static CaptureFile open(Path file, IndexMonitor monitor) throws IOException {
		return CaptureOpener.open(file, monitor);
	}

	/**
	 * Opens a pcap or pcapng file to be read once, front to back, in flat memory: the same frames,
	 * numbers, times and problems as {@link #open(Path)}, without an index.
	 *
	 * @param file a pcap or pcapng file ({@link #canStream(Path)}), not compressed
	 * @return the stream, before its first frame
	 * @throws IOException if the file cannot be read or is not pcap/pcapng (the message names the file)
	 */
	public static StreamedCapture stream(Path file) throws IOException {
		return StreamedCapture.open(file);
	}

	/**
	 * @return true if {@link #stream(Path)} reads the file: it starts like a pcap or pcapng file (not gzip,
	 *         not BinaryFILE)
	 */
	public static boolean canStream(Path file) {
		return StreamedCapture.canStream(file);
	}
}
