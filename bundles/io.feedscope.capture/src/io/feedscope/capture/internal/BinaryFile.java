package io.feedscope.capture.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.CaptureInterface;
import io.feedscope.capture.LinkType;
import io.feedscope.capture.RecordClock;
import io.feedscope.capture.RecordRun;

/**
 * NASDAQ BinaryFILE day file ({@code MMDDYYYY.NASDAQ_ITCH50}): length-prefixed records (2-byte big-endian
 * length + record), no packets, no capture times. Each record becomes a frame of link type
 * {@link LinkType#FEEDSCOPE_BINARY_FILE} whose data is the record without its length prefix; what a record
 * means is the dissector's business (it dispatches on that link type to the feed the file holds).
 * <p>
 * This layer knows the framing and the file's day only. A record's time of day is read by the
 * {@link RecordClock} the file is opened with (the dissection layer's, from the feed description's
 * timestamp field), so frames sort and show like captured ones: when the file name starts with the NASDAQ
 * MMDDYYYY date, midnight America/New_York of that day is added, giving true epoch times; otherwise the
 * time is the time of day counted from the epoch (1970-01-01T00:00Z). A record the clock cannot time
 * takes the time of the record before it (the day's midnight for the first).
 * <p>
 * A reader walking the whole file takes the records in runs ({@link #records}): one buffer and the records' places
 * in it per few thousand records, instead of a look-up and a buffer per frame.
 */
final class BinaryFile extends AbstractCapture {
	static final String EXTENSION = ".nasdaq_itch50";
	/** longest ITCH 5.0 message is 50 bytes (NOII); the heuristic allows some room */
	private static final int MAX_PLAUSIBLE = 64;
	private static final Pattern DATE = Pattern.compile("^(\\d\\d)(\\d\\d)(\\d\\d\\d\\d)\\..*");
	private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
	/**
	 * Bytes of the file one run of records ({@link #records}) is cut from: below the mapping's overlap, so the run
	 * is a view of the mapping and never a copy, and big enough (thousands of records) that the run's set-up
	 * is nothing per record.
	 */
	private static final int RUN_BYTES = 1 << 18;

	private final RecordClock fClock;

	BinaryFile(Opened opened, RecordClock clock) throws IOException {
		super(opened, CaptureFormat.BINARY_FILE);
		fClock = clock;
		addInterface(new CaptureInterface(0, 0, 0, LinkType.FEEDSCOPE_BINARY_FILE, 0, 9, 0, null, null, List.of()));
		index(midnight(GzipCache.stripGz(opened.name())), new Progress(this, opened.monitor(), opened.file().size()));
	}

	/** @return true if the name (without .gz) ends with .NASDAQ_ITCH50, any case */
	static boolean hasExtension(String name) {
		return name.toLowerCase(Locale.ROOT).endsWith(EXTENSION);
	}

	/**
	 * Strict content test for files not named like BinaryFILE: a day file starts with the System Event
	 * message 'S' (12 bytes) whose event code is one of O S Q M E C, and the lengths that follow must be
	 * plausible ITCH lengths (the first 16, or up to the end of the file).
	 */
	static boolean looksLikeBinaryFile(MappedFile f) {
		long size = f.size();
		if (size < 14 || f.getUnsignedShort(0, ByteOrder.BIG_ENDIAN) != 12 || f.get(2) != 'S'
				|| "OSQMEC".indexOf(f.get(13)) < 0) {
			return false;
		}
		long pos = 14;
		for (int i = 0; i < 16 && size - pos >= 2; i++) {
			int len = f.getUnsignedShort(pos, ByteOrder.BIG_ENDIAN);
			if (len < 1 || len > MAX_PLAUSIBLE) {
				return false;
			}
			pos += 2 + len;
		}
		return true;
	}

	/** @return epoch ns of midnight New York on the MMDDYYYY date the name starts with, else 0 */
	static long midnight(String name) {
		Matcher m = DATE.matcher(name);
		if (!m.matches()) {
			return 0;
		}
		try {
			LocalDate d = LocalDate.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(1)),
					Integer.parseInt(m.group(2)));
			return d.atStartOfDay(NEW_YORK).toEpochSecond() * 1_000_000_000L;
		} catch (DateTimeException e) {
			return 0; // not a date after all
		}
	}

	/**
	 * The records from {@code frame} on, walked again from their length prefixes: every indexed frame is a
	 * whole record (indexing stops at the first record that is not: length 0, or cut by the end of the file), and
	 * they lie back to back, so the walk over the indexed frames finds what the index holds, each record's bytes
	 * being what {@link #frameData(int)} gives. A run ends at the run's capacity, at the last indexed frame, or
	 * at the last record wholly inside the bytes cut out for it (a record is at most 2 + 65535 bytes: the first
	 * always fits).
	 */
	@Override
	public int records(int frame, RecordRun run) {
		int frames = frameCount();
		if (frame < 1 || frame > frames) {
			throw new IndexOutOfBoundsException("frame " + frame + " not in 1.." + frames);
		}
		int max = Math.min(run.capacity(), frames - frame + 1);
		long start = fIndex.offset(frame) - 2;
		int last = frame + max - 1;
		// the bytes up to the end of the last record the run may hold, at most RUN_BYTES of them
		ByteBuffer b = fFile.slice(start, (int) Math.min(RUN_BYTES, fIndex.offset(last) + fIndex.capturedLength(last) - start));
		return run.walk(b, max);
	}

	private void index(long base, Progress progress) throws IOException {
		MappedFile f = fFile;
		FrameIndex index = fIndex;
		long size = f.size();
		long pos = 0;
		long time = base;
		RecordClock clock = fClock;
		while (pos < size) {
			if (progress.due(pos)) {
				progress.report(pos);
			}
			if (size - pos < 2) {
				problem(pos, index.written() + 1, "file cut inside a message length (1 of 2 bytes)");
				break;
			}
			int len = f.getUnsignedShort(pos, ByteOrder.BIG_ENDIAN);
			if (len == 0) {
				problem(pos, index.written() + 1, "message length 0; reading stops here");
				break;
			}
			if (size - pos - 2 < len) {
				problem(pos, index.written() + 1,
						"file cut inside a message (" + (size - pos - 2) + " of " + len + " bytes present)");
				break;
			}
			if (index.isFull()) {
				indexFull(pos);
				break;
			}
			long ofDay = clock == RecordClock.NONE ? -1 : clock.timeOfDayNanos(f.slice(pos + 2, len));
			if (ofDay >= 0) {
				time = base + ofDay;
			}
			index.add(pos + 2, time, len, len, 0);
			pos += 2 + len;
		}
		progress.done();
	}
}
