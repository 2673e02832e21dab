package io.feedscope.capture.live;

import java.util.Locale;

/**
 * A ring buffer of capture files: the capture process starts a new file when one reaches {@code fileKilobytes}
 * and deletes the oldest when there would be more than {@code files} (dumpcap's {@code -b filesize: -b files:}).
 *
 * @param fileKilobytes size of one file in kB of 1000 bytes, as dumpcap counts them
 * @param files how many files the ring keeps, at least 2
 */
public record RingSpec(long fileKilobytes, int files) {

	public RingSpec {
		if (fileKilobytes < 1 || fileKilobytes > 2_000_000_000L) {
			throw new IllegalArgumentException("ring file size must be between 1 kB and 2 TB, not " + fileKilobytes + " kB");
		}
		if (files < 2 || files > 100_000) {
			throw new IllegalArgumentException("a ring keeps between 2 and 100000 files, not " + files);
		}
	}

	/**
	 * Parses {@code SIZE,FILES}: SIZE is a number with an optional unit {@code kB}, {@code MB} (the default) or
	 * {@code GB}, in powers of 1000 as dumpcap counts, e.g. {@code 100MB,10}, {@code 500kB,4}, {@code 2,5}.
	 *
	 * @throws IllegalArgumentException with a message saying what is wrong
	 */
	public static RingSpec parse(String text) {
		String[] parts = text.split(",");
		if (parts.length != 2) {
			throw new IllegalArgumentException("ring '" + text + "' is not SIZE,FILES (e.g. 100MB,10)");
		}
		String size = parts[0].trim().toLowerCase(Locale.ROOT);
		long unit = 1000;
		if (size.endsWith("kb") || size.endsWith("k")) {
			unit = 1;
		} else if (size.endsWith("gb") || size.endsWith("g")) {
			unit = 1_000_000;
		}
		String digits = size.replaceAll("[a-z]+$", "");
		if (!size.equals(digits) && !size.matches("\\d+(k|kb|m|mb|g|gb)")) {
			throw new IllegalArgumentException("ring file size '" + parts[0] + "' is not a number with kB, MB or GB");
		}
		long n;
		int files;
		try {
			n = Long.parseLong(digits);
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("ring file size '" + parts[0] + "' is not a whole number (with kB, MB or GB)");
		}
		try {
			files = Integer.parseInt(parts[1].trim());
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("ring file count '" + parts[1] + "' is not a whole number");
		}
		return new RingSpec(Math.multiplyExact(n, unit), files);
	}

	@Override
	public String toString() {
		return fileKilobytes % 1000 == 0 ? fileKilobytes / 1000 + "MB," + files : fileKilobytes + "kB," + files;
	}
}
