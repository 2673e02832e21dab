package io.feedscope.capture;

import java.io.IOException;
import java.nio.file.Path;

import io.feedscope.capture.internal.CaptureOpener;

/** Opens capture files of any supported format. */
public final class Captures {

	private static volatile RecordClock sRecordClock = RecordClock.NONE;

	private Captures() {
	}

	/**
	 * Sets the clock record files (BinaryFILE) are opened with by {@link #open(Path)} and
	 * {@link #open(Path, IndexMonitor)}: the faces install the one of their protocol set (the dissection
	 * layer's {@code ProtocolSet.recordClock()}) before they open captures, so the capture layer stays
	 * free of any feed's format.
	 *
	 * @param clock the clock; {@link RecordClock#NONE} to time every record by the file's day alone
	 */
	public static void recordClock(RecordClock clock) {
		sRecordClock = clock;
	}

	/** @return the clock {@link #open(Path)} gives record files */
	public static RecordClock recordClock() {
		return sRecordClock;
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
		return CaptureOpener.open(file, IndexMonitor.NONE, sRecordClock);
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
		return CaptureOpener.open(file, monitor, sRecordClock);
	}

	/**
	 * {@link #open(Path, IndexMonitor)} with the clock that times the records of a record file (BinaryFILE):
	 * a record's time is the file's midnight (from a name starting MMDDYYYY, New York time; else the epoch)
	 * plus the time of day the clock reads from it. Other formats ignore the clock.
	 */
	public static CaptureFile open(Path file, IndexMonitor monitor, RecordClock clock) throws IOException {
		return CaptureOpener.open(file, monitor, clock);
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
