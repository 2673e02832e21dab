package io.feedscope.capture.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes Wireshark's sync pipe protocol on the capture process' standard error, as dumpcap does with
 * {@code -Z none}: an indicator byte, a 24-bit big-endian length, a NUL-terminated text. FeedScope's
 * LiveSession reads it the same way whichever capture process runs.
 */
final class SyncPipeWriter {
	private final OutputStream fOut;

	SyncPipeWriter(OutputStream out) {
		fOut = out;
	}

	/** One message; the whole message in one write so that two threads never interleave. */
	synchronized void send(char indicator, String text) {
		try {
			fOut.write(message(indicator, text.getBytes(StandardCharsets.UTF_8)));
			fOut.flush();
		} catch (IOException e) {
			// the parent is gone: nothing to tell any more
		}
	}

	/** An error: dumpcap nests two messages (the primary and the secondary text) in one 'E'. */
	void error(String primary, String secondary) {
		byte[] p = message('E', primary.getBytes(StandardCharsets.UTF_8));
		byte[] s = message('E', secondary.getBytes(StandardCharsets.UTF_8));
		byte[] both = new byte[p.length + s.length];
		System.arraycopy(p, 0, both, 0, p.length);
		System.arraycopy(s, 0, both, p.length, s.length);
		synchronized (this) {
			try {
				fOut.write(header('E', both.length));
				fOut.write(both);
				fOut.flush();
			} catch (IOException e) {
				// the parent is gone
			}
		}
	}

	private static byte[] message(char indicator, byte[] text) {
		byte[] m = new byte[4 + text.length + 1];
		System.arraycopy(header(indicator, text.length + 1), 0, m, 0, 4);
		System.arraycopy(text, 0, m, 4, text.length);
		return m; // the last byte stays 0: the NUL
	}

	private static byte[] header(char indicator, int length) {
		return new byte[] { (byte) indicator, (byte) (length >>> 16), (byte) (length >>> 8), (byte) length };
	}
}
