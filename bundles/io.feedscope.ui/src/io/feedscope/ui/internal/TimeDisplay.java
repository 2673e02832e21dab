package io.feedscope.ui.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.eclipse.core.runtime.Platform;

import io.feedscope.capture.CaptureFile;
import io.feedscope.ui.CaptureSet;

/**
 * The one time format of every view (the preference "Time display"): time of day in UTC with nanoseconds,
 * seconds since the first frame of the capture set, or seconds since the epoch. The packet table, the
 * findings and the capture set all format through here, so a time reads the same wherever it is shown.
 */
final class TimeDisplay {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.").withZone(ZoneOffset.UTC);

	private TimeDisplay() {
	}

	/** @return the preference's format: {@link FeedScopePreferences#TIME_ABSOLUTE} and the others */
	static String format() {
		return Platform.getPreferencesService().getString(OpenCaptureHandler.PLUGIN_ID, FeedScopePreferences.TIME_FORMAT,
				FeedScopePreferences.TIME_ABSOLUTE, null);
	}

	/** @return the capture time of the capture set's first frame (the origin of relative times), 0 if none */
	static long origin() {
		long first = Long.MAX_VALUE;
		for (CaptureFile c : CaptureSet.getDefault().captures()) {
			if (c.frameCount() > 0) {
				first = Math.min(first, c.timestampNanos(1));
			}
		}
		return first == Long.MAX_VALUE ? 0 : first;
	}

	/** Formats a capture time in the preference's format, relative times from {@link #origin()}. */
	static String time(long ns) {
		return time(ns, format(), origin());
	}

	/**
	 * @param ns     capture time, ns since the epoch
	 * @param format one of the preference's values
	 * @param origin the time relative times count from
	 */
	static String time(long ns, String format, long origin) {
		if (FeedScopePreferences.TIME_RELATIVE.equals(format)) {
			return seconds(ns - origin, 6);
		}
		if (FeedScopePreferences.TIME_EPOCH.equals(format)) {
			return Math.floorDiv(ns, 1_000_000_000L) + "." + String.format("%09d", Math.floorMod(ns, 1_000_000_000L));
		}
		return TIME.format(Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L)))
				+ String.format("%09d", Math.floorMod(ns, 1_000_000_000L));
	}

	/** @return a duration in seconds with {@code digits} decimals (3, 6 or 9), e.g. "-0.000250" */
	static String seconds(long ns, int digits) {
		long div = digits >= 9 ? 1 : digits >= 6 ? 1000 : 1_000_000;
		return (ns < 0 ? "-" : "") + Math.abs(ns) / 1_000_000_000L + "."
				+ String.format("%0" + Math.min(9, digits) + "d", Math.abs(ns) % 1_000_000_000L / div);
	}
}
