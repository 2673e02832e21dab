package io.feedscope.ui.chart.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * How the chart writes capture times, on the axis and in the readout, without SWT: times of day in a zone
 * (default UTC, as capture timestamps are), or seconds since an origin (the capture set's first frame, or 0
 * for seconds since the epoch), the way the packet table shows them.
 */
public final class ChartTimeFormat {

	private ZoneId fZone = ZoneOffset.UTC;
	/** Long.MIN_VALUE: times of day; else times are seconds since this capture time (0: since the epoch) */
	private long fOrigin = Long.MIN_VALUE;

	public void setZone(ZoneId zone) {
		fZone = zone;
	}

	/** @param origin {@code Long.MIN_VALUE} for times of day, else the time seconds are counted from */
	public void setOrigin(long origin) {
		fOrigin = origin;
	}

	/** @return whether times are shown as times of day (no origin) */
	public boolean timeOfDay() {
		return fOrigin == Long.MIN_VALUE;
	}

	/** @return the zone's offset at capture time {@code t}, ns */
	public long zoneOffset(long t) {
		if (fZone == ZoneOffset.UTC) {
			return 0;
		}
		return fZone.getRules().getOffset(Instant.ofEpochSecond(Math.floorDiv(t, Ticks.S))).getTotalSeconds()
				* Ticks.S;
	}

	/** @return the zone's name as the axis caption shows it */
	public String zoneName() {
		return fZone == ZoneOffset.UTC ? "UTC" : fZone.getId();
	}

	/** @return a capture time as the readout shows it: time of day with ns, or seconds since the origin */
	public String readout(long t) {
		if (fOrigin == Long.MIN_VALUE) {
			return Ticks.formatTimeOfDay(t, zoneOffset(t), 9);
		}
		long d = t - fOrigin;
		// relative times with µs as the table shows them; epoch seconds with ns
		int digits = fOrigin == 0 ? 9 : 6;
		return seconds(d, digits);
	}

	/** @return the label of the time axis's tick at {@code t} */
	public String tickLabel(long t, long step, long anchor, long offset) {
		return fOrigin == Long.MIN_VALUE ? Ticks.timeLabel(t, step, anchor, offset)
				: seconds(t - fOrigin, Math.max(Ticks.fractionDigitsFor(step), 0));
	}

	/** @return the time axis's caption for a tick step */
	public String caption(long step, long anchor, long offset) {
		return fOrigin != Long.MIN_VALUE
				? Messages.format(fOrigin == 0 ? Messages.AXIS_TIME_EPOCH : Messages.AXIS_TIME_RELATIVE,
						Ticks.formatDuration(step))
				: step >= Ticks.MS ? Messages.format(Messages.AXIS_TIME, zoneName(), Ticks.formatDuration(step))
				: Messages.format(Messages.AXIS_TIME_OFFSET, Ticks.formatTimeOfDay(anchor, offset, 3), zoneName(),
						Ticks.formatDuration(step));
	}

	/** @return {@code d} ns as seconds with {@code digits} fraction digits (truncated) */
	public static String seconds(long d, int digits) {
		long frac = Math.abs(d) % Ticks.S;
		String f = Long.toString(frac + Ticks.S).substring(1, 1 + digits);
		return (d < 0 ? "-" : "") + Math.abs(d) / Ticks.S + (digits > 0 ? "." + f : "");
	}
}
