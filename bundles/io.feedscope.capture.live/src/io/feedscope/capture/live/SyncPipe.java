package io.feedscope.capture.live;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Reads dumpcap's sync pipe: what a capture child ({@code -Z none}) writes on its standard error for its
 * parent, Wireshark's capture_sync protocol. Each message is a 4-byte header (an indicator byte, a 24-bit
 * big-endian length) and that many bytes of payload, a NUL-terminated string:
 * <ul>
 * <li>{@code F} a new capture file was started: its path</li>
 * <li>{@code P} packets captured since the previous report, in decimal</li>
 * <li>{@code D} the capture ended: drops in decimal, then {@code :} and the interface</li>
 * <li>{@code E} an error: two messages inside (the primary and the secondary text)</li>
 * <li>{@code B} the capture filter is wrong: {@code N:} (the interface's number) and the compiler's text</li>
 * <li>{@code R} the drops so far, in decimal: sent by FeedScope's pcap4j capture process whenever they change,
 * never by dumpcap (its drops while capturing are in the statistics block ending each ring file)</li>
 * <li>{@code S} success of a query (-D, -d); other indicators are ignored</li>
 * </ul>
 * Text that is not a message (a dumpcap without the sync pipe) is collected as an error text.
 */
final class SyncPipe {

	/** One message. */
	record Message(char indicator, String text, @Nullable String secondary) {
	}

	private final DataInputStream fIn;
	/** inside an E message: its two messages are plain texts, whatever their indicator */
	private final boolean fNested;

	SyncPipe(InputStream in) {
		this(in, false);
	}

	private SyncPipe(InputStream in, boolean nested) {
		fIn = new DataInputStream(in);
		fNested = nested;
	}

	/** @return the next message, or null at the end of the pipe (the process ended) */
	@Nullable
	Message next() throws IOException {
		int indicator;
		try {
			indicator = fIn.readUnsignedByte();
		} catch (EOFException e) {
			return null;
		}
		if (!Character.isUpperCase(indicator)) {
			// not the sync pipe protocol: plain text from the process, kept whole for the error message
			String rest = new String(fIn.readAllBytes(), StandardCharsets.UTF_8);
			return new Message('?', ((char) indicator + rest).strip(), null);
		}
		byte[] payload = payload();
		if (indicator == 'E' && !fNested) {
			// two nested messages: primary and secondary text
			SyncPipe inner = new SyncPipe(new java.io.ByteArrayInputStream(payload), true);
			Message primary = inner.next();
			Message secondary = inner.next();
			return new Message('E', primary == null ? "" : primary.text(), secondary == null ? null : secondary.text());
		}
		return new Message((char) indicator, text(payload), null);
	}

	private byte[] payload() throws IOException {
		int length = fIn.readUnsignedByte() << 16 | fIn.readUnsignedByte() << 8 | fIn.readUnsignedByte();
		byte[] b = new byte[length];
		fIn.readFully(b);
		return b;
	}

	private static String text(byte[] payload) {
		int n = payload.length;
		while (n > 0 && payload[n - 1] == 0) {
			n--;
		}
		return new String(payload, 0, n, StandardCharsets.UTF_8);
	}
}
