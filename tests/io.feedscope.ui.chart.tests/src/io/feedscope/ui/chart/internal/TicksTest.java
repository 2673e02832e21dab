package io.feedscope.ui.chart.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Axis arithmetic; expected strings written out by hand. */
class TicksTest {

	private static final long OPEN = Instant.parse("2026-11-23T14:30:00Z").getEpochSecond() * Ticks.S;

	@ParameterizedTest
	@CsvSource({ "0.3, 1", "1, 1", "1.01, 2", "2, 2", "2.5, 5", "5, 5", "7, 10", "10, 10", "11, 20", "130000, 200000",
			"4999999, 5000000" })
	void niceStepsAreOneTwoFive(double raw, long expected) {
		assertEquals(expected, Ticks.niceStep(raw));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "0|0", "999|999", "1000|1,000", "1234567|1,234,567", "-1000|-1,000",
			"-999|-999", "100000|100,000", "9223372036854775807|9,223,372,036,854,775,807" })
	void sequenceNumbersHaveThousandsSeparators(long v, String expected) {
		assertEquals(expected, Ticks.formatSeq(v));
	}

	@Test
	void firstTickIsTheFirstMultipleAtOrAfter() {
		assertEquals(200, Ticks.firstTick(101, 100));
		assertEquals(100, Ticks.firstTick(100, 100));
		assertEquals(-100, Ticks.firstTick(-150, 100));
	}

	@Test
	void timeOfDay() {
		assertEquals("14:30:00", Ticks.formatTimeOfDay(OPEN, 0, 0));
		assertEquals("14:30:00.123", Ticks.formatTimeOfDay(OPEN + 123_456_789, 0, 3));
		assertEquals("14:30:00.123456789", Ticks.formatTimeOfDay(OPEN + 123_456_789, 0, 9));
		assertEquals("09:30:00.000", Ticks.formatTimeOfDay(OPEN, -5 * 3600 * Ticks.S, 3), "New York in winter");
		assertEquals("23:59:59.999", Ticks.formatTimeOfDay(-1_000_000, 0, 3), "before the epoch wraps the day");
	}

	@Test
	void labelsSwitchFromTimeOfDayToOffsetsBelowAMillisecond() {
		assertEquals("14:30:01", Ticks.timeLabel(OPEN + Ticks.S, Ticks.S, 0, 0));
		assertEquals("14:30:00.200", Ticks.timeLabel(OPEN + 200 * Ticks.MS, 200 * Ticks.MS, 0, 0));
		assertEquals("14:30:00.005", Ticks.timeLabel(OPEN + 5 * Ticks.MS, Ticks.MS, 0, 0));
		long anchor = Ticks.anchorFor(OPEN + 499_700_000L);
		assertEquals(OPEN + 499_000_000L, anchor);
		assertEquals("+700 µs", Ticks.timeLabel(OPEN + 499_700_000L, 100 * Ticks.US, anchor, 0));
		assertEquals("+1,200 µs", Ticks.timeLabel(OPEN + 500_200_000L, 100 * Ticks.US, anchor, 0));
		assertEquals("+12.5 µs", Ticks.timeLabel(OPEN + 499_012_500L, 500, anchor, 0));
		assertEquals("+12.05 µs", Ticks.timeLabel(OPEN + 499_012_050L, 50, anchor, 0));
		assertEquals("+12.005 µs", Ticks.timeLabel(OPEN + 499_012_005L, 5, anchor, 0));
	}

	@Test
	void durations() {
		assertEquals("850 ns", Ticks.formatDuration(850));
		assertEquals("12.3 µs", Ticks.formatDuration(12_300));
		assertEquals("100 ms", Ticks.formatDuration(100_000_000));
		assertEquals("1.50 s", Ticks.formatDuration(1_500_000_000));
		assertEquals("1.00 ms", Ticks.formatDuration(999_999), "rounding up promotes the unit");
		assertEquals("1.00 s", Ticks.formatDuration(999_999_000));
		assertEquals("999 µs", Ticks.formatDuration(999_000));
	}
}
