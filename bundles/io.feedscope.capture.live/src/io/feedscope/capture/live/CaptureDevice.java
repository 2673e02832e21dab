package io.feedscope.capture.live;

import java.util.List;

/**
 * An interface the capture process can capture on, as {@code dumpcap -D -M} lists it.
 *
 * @param name the name to capture on ({@code -i}), e.g. {@code eth0}, {@code lo}
 * @param description a friendly name, may be empty
 * @param addresses its IPv4 and IPv6 addresses, as text, in the order listed
 * @param loopback true for the loopback interface
 */
public record CaptureDevice(String name, String description, List<String> addresses, boolean loopback) {

	/** @return e.g. {@code lo (Loopback): 127.0.0.1, ::1}, for lists shown to people */
	public String label() {
		StringBuilder b = new StringBuilder(name);
		if (!description.isEmpty()) {
			b.append(" (").append(description).append(')');
		}
		if (!addresses.isEmpty()) {
			b.append(": ").append(String.join(", ", addresses));
		}
		return b.toString();
	}
}
