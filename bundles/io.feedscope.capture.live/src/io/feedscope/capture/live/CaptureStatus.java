package io.feedscope.capture.live;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The state of a live capture as its capture process reported it.
 *
 * @param packets packets captured so far (the capture process' own count)
 * @param packetsPerSecond captured over about the last second
 * @param drops packets the kernel or the interface dropped so far, as the capture process reported them: at
 *        each ring switch (the closed file's statistics block), from the pcap4j process every half second when
 *        they change, and at the end; -1 while nothing was reported yet
 * @param files the capture files written, oldest first (the ring may have deleted the first ones)
 * @param running false once the capture process ended
 * @param error what went wrong, for people (naming the capability when it was a permission), or null
 */
public record CaptureStatus(long packets, double packetsPerSecond, long drops, List<Path> files, boolean running,
		@Nullable String error) {

	/** @return e.g. {@code 1234 packets, 250/s, drops 0}, for a status bar */
	public String text() {
		StringBuilder b = new StringBuilder();
		b.append(packets).append(" packets, ").append(Math.round(packetsPerSecond)).append("/s, drops ")
				.append(drops < 0 ? "n/a yet" : String.valueOf(drops));
		if (!running) {
			b.append(" (stopped)");
		}
		return b.toString();
	}
}
