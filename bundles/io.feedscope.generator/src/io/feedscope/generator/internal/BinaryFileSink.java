package io.feedscope.generator.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a message stream as a NASDAQ BinaryFILE day file: per message a 2-byte big-endian length, then the
 * message, in sequence order (message i of the file is sequence i). gzip-compressed when the name ends in
 * {@code .gz}, as NASDAQ publishes them.
 * <p>
 * For tests of timestamp anomalies it can set chosen messages' ITCH timestamp (bytes 5..10) 1 ms before the
 * previous message's: a non-monotonic timestamp at a known sequence.
 */
public final class BinaryFileSink implements AutoCloseable {

	/** ITCH 5.0: the 6-byte timestamp at offset 5 of every message */
	private static final int TS_OFFSET = 5;
	private static final long BACKWARD_NANOS = 1_000_000;

	private final OutputStream fOut;
	private final long[] fBackward;
	private long fMessages;
	private long fPreviousTs = -1;
	private long fBytes;
	private final byte[] fScratch = new byte[2 + 256];

	/**
	 * @param file the day file (.gz: compressed)
	 * @param backward sequences whose timestamp is set 1 ms before their predecessor's (sorted or not)
	 * @param overwrite replace an existing file (else refuse)
	 */
	public BinaryFileSink(Path file, long[] backward, boolean overwrite) throws IOException {
		OutputStream out = overwrite
				? Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
						StandardOpenOption.WRITE)
				: Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
		if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
			out = new GZIPOutputStream(out, 1 << 16);
		}
		fOut = new BufferedOutputStream(out, 1 << 20);
		fBackward = backward.clone();
		Arrays.sort(fBackward);
	}

	/**
	 * Appends message {@code seq} (the next one: sequences come in order from 1).
	 *
	 * @throws UncheckedIOException when writing fails (called from the generator's message loop)
	 */
	public void message(long seq, byte[] buf, int off, int len) {
		byte[] b = fScratch;
		b[0] = (byte) (len >>> 8);
		b[1] = (byte) len;
		System.arraycopy(buf, off, b, 2, len);
		int at = 2 + TS_OFFSET;
		long ts = (b[at] & 0xffL) << 40 | (b[at + 1] & 0xffL) << 32 | (b[at + 2] & 0xffL) << 24 | (b[at + 3] & 0xffL) << 16
				| (b[at + 4] & 0xffL) << 8 | b[at + 5] & 0xffL;
		if (Arrays.binarySearch(fBackward, seq) >= 0 && fPreviousTs >= 0) {
			ts = Math.max(0, fPreviousTs - BACKWARD_NANOS);
			BigEndian.put6(b, at, ts);
		}
		fPreviousTs = ts;
		try {
			fOut.write(b, 0, 2 + len);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		fMessages++;
		fBytes += 2 + len;
	}

	/** @return messages written */
	public long messages() {
		return fMessages;
	}

	/** @return bytes written before compression */
	public long bytes() {
		return fBytes;
	}

	@Override
	public void close() throws IOException {
		fOut.close();
	}
}
