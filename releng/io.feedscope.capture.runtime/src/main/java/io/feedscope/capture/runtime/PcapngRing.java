package io.feedscope.capture.runtime;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The pcapng files of a capture, as dumpcap writes them: one file ({@code -w FILE}) or a ring
 * ({@code -b filesize:KB -b files:N}) named {@code PREFIX_NNNNN_YYYYMMDDHHMMSS.pcapng}, the oldest deleted
 * when there are more than N. Each file is a section header, one interface description (nanosecond
 * timestamps) and enhanced packet blocks; when a file is closed an interface statistics block with the packets
 * received and dropped so far ends it (dumpcap does the same at each ring switch), which is how the reader
 * learns of drops while the capture still runs.
 */
final class PcapngRing implements AutoCloseable {
	/** what the reader is told about each new file */
	interface Listener {
		void fileStarted(Path file);
	}

	private final Path fTemplate;
	private final long fFileBytes;
	private final int fFiles;
	private final String fDevice;
	private final String fFilter;
	private final int fLinkType;
	private final int fSnaplen;
	private final Listener fListener;
	private final Deque<Path> fWritten = new ArrayDeque<>();
	private int fNumber;
	private OutputStream fOut;
	private long fBytes;

	/**
	 * @param fileBytes switch files past this size, 0 for one file
	 * @param files how many ring files to keep, 0 for all
	 */
	PcapngRing(Path template, long fileBytes, int files, String device, String filter, int linkType, int snaplen,
			Listener listener) throws IOException {
		fTemplate = template;
		fFileBytes = fileBytes;
		fFiles = files;
		fDevice = device;
		fFilter = filter;
		fLinkType = linkType;
		fSnaplen = snaplen;
		fListener = listener;
		fOut = open();
	}

	private Path nextPath() {
		if (fFileBytes <= 0) {
			return fTemplate;
		}
		String name = fTemplate.getFileName().toString();
		int dot = name.lastIndexOf('.');
		String stem = dot > 0 ? name.substring(0, dot) : name;
		String ext = dot > 0 ? name.substring(dot) : ".pcapng";
		String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
		return fTemplate.resolveSibling(String.format("%s_%05d_%s%s", stem, ++fNumber, stamp, ext));
	}

	private OutputStream open() throws IOException {
		Path p = nextPath();
		OutputStream out = new BufferedOutputStream(Files.newOutputStream(p, StandardOpenOption.CREATE_NEW,
				StandardOpenOption.WRITE), 1 << 16);
		fBytes = 0;
		write(out, sectionHeader());
		write(out, interfaceDescription());
		out.flush(); // the reader waits for the header before it follows the file
		fWritten.add(p);
		while (fFiles > 0 && fWritten.size() > fFiles) {
			Files.deleteIfExists(fWritten.removeFirst());
		}
		fListener.fileStarted(p);
		return out;
	}

	private void write(OutputStream out, byte[] block) throws IOException {
		out.write(block);
		fBytes += block.length;
	}

	/**
	 * Appends one packet; switches to the next ring file first if this one is full.
	 *
	 * @param nanos time since the epoch
	 * @param stats the statistics so far, for the statistics block of a file that is closed
	 */
	void packet(long nanos, byte[] data, int originalLength, Stats stats) throws IOException {
		if (fFileBytes > 0 && fBytes >= fFileBytes) {
			write(fOut, statistics(nanos, stats));
			fOut.close();
			fOut = open();
		}
		int padded = (data.length + 3) & ~3;
		ByteBuffer b = block(6, 20 + padded);
		b.putInt(0); // interface 0
		b.putInt((int) (nanos >>> 32));
		b.putInt((int) nanos);
		b.putInt(data.length);
		b.putInt(originalLength);
		b.put(data);
		b.position(b.position() + padded - data.length);
		write(fOut, end(b));
	}

	void flush() throws IOException {
		fOut.flush();
	}

	/** packets received and dropped as libpcap counts them (pcap_stats) */
	record Stats(long received, long dropped) {
	}

	/** Ends the last file with the final statistics and closes it. */
	void close(long nanos, Stats stats) throws IOException {
		write(fOut, statistics(nanos, stats));
		fOut.close();
	}

	@Override
	public void close() throws IOException {
		fOut.close();
	}

	private static ByteBuffer block(int type, int bodyLength) {
		ByteBuffer b = ByteBuffer.allocate(12 + bodyLength).order(ByteOrder.nativeOrder());
		b.putInt(type);
		b.putInt(12 + bodyLength);
		return b;
	}

	private static byte[] end(ByteBuffer b) {
		b.putInt(b.capacity());
		return b.array();
	}

	private static byte[] option(int code, byte[] value) {
		int padded = (value.length + 3) & ~3;
		ByteBuffer b = ByteBuffer.allocate(4 + padded).order(ByteOrder.nativeOrder());
		b.putShort((short) code);
		b.putShort((short) value.length);
		b.put(value);
		return b.array();
	}

	private static byte[] options(byte[]... options) {
		int n = 4;
		for (byte[] o : options) {
			n += o.length;
		}
		ByteBuffer b = ByteBuffer.allocate(n);
		for (byte[] o : options) {
			b.put(o);
		}
		return b.array(); // ends with opt_endofopt (4 zero bytes)
	}

	private static byte[] text(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] u64(long v) {
		return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(v).array();
	}

	private byte[] sectionHeader() {
		byte[] opts = options(option(4, text("FeedScope capture process (pcap4j)"))); // shb_userappl
		ByteBuffer b = block(0x0A0D0D0A, 16 + opts.length);
		b.putInt(0x1A2B3C4D);
		b.putShort((short) 1);
		b.putShort((short) 0);
		b.putLong(-1); // section length not known
		b.put(opts);
		return end(b);
	}

	private byte[] interfaceDescription() {
		byte[] opts = fFilter.isBlank()
				? options(option(2, text(fDevice)), option(9, new byte[] { 9 }))
				: options(option(2, text(fDevice)), option(9, new byte[] { 9 }), option(11, filterOption()));
		ByteBuffer b = block(1, 8 + opts.length);
		b.putShort((short) fLinkType);
		b.putShort((short) 0);
		b.putInt(fSnaplen);
		b.put(opts);
		return end(b);
	}

	/** if_filter: a first byte 0 says the filter is a libpcap filter string */
	private byte[] filterOption() {
		byte[] f = text(fFilter);
		byte[] v = new byte[f.length + 1];
		System.arraycopy(f, 0, v, 1, f.length);
		return v;
	}

	private static byte[] statistics(long nanos, Stats stats) {
		byte[] opts = options(option(4, u64(stats.received())), option(5, u64(stats.dropped()))); // isb_ifrecv, isb_ifdrop
		ByteBuffer b = block(5, 12 + opts.length);
		b.putInt(0);
		b.putInt((int) (nanos >>> 32));
		b.putInt((int) nanos);
		b.put(opts);
		return end(b);
	}
}
