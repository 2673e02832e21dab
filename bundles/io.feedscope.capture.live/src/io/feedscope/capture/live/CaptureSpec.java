package io.feedscope.capture.live;

import java.nio.file.Path;

import org.eclipse.jdt.annotation.Nullable;

/**
 * What to capture and where to write it.
 *
 * @param device the interface ({@link CaptureDevice#name()})
 * @param filter a BPF capture filter (pcap-filter(7)), empty for all packets
 * @param directory where the capture files go; must exist; nothing in it is overwritten (names carry the
 *        start time)
 * @param ring a ring of files, or null for one file that grows as long as the capture runs
 * @param durationSeconds stop by itself after this many seconds, 0 for never
 */
public record CaptureSpec(String device, String filter, Path directory, @Nullable RingSpec ring, long durationSeconds) {
}
