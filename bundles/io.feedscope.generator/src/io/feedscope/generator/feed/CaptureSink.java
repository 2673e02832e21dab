package io.feedscope.generator.feed;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.LinkType;

/**
 * Streams frames into a pcap (us or ns) or pcapng file through one large direct buffer, little-endian
 * as most capture tools write. pcapng gets a section header with a comment and one interface
 * description per tap point (nanosecond resolution); frames may carry a comment.
 */
public final class CaptureSink implements Closeable {

	/** One capture interface (pcapng IDB). */
	public record Interface(String name, String description) {
	}

	public static final int SNAPLEN = 65535;
	private static final int BUFFER = 4 << 20;

	private final FileChannel fChannel;
	private final ByteBuffer fBuf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
	private final CaptureFormat fFormat;
	private long fBytes;

	/**
	 * @param comment section comment (pcapng only)
	 * @param interfaces tap points; pcap files have one link and ignore the names
	 */
	public CaptureSink(Path file, CaptureFormat format, String comment, List<Interface> interfaces, boolean overwrite)
			throws IOException {
		if (format == CaptureFormat.BINARY_FILE) {
			throw new IllegalArgumentException("the generator writes pcap, pcap-ns or pcapng, not " + format.id());
		}
		fFormat = format;
		fChannel = overwrite
				? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
				: FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
		if (format == CaptureFormat.PCAPNG) {
			sectionHeader(comment);
			for (Interface i : interfaces) {
				interfaceDescription(i);
			}
		} else {
			fBuf.putInt(format == CaptureFormat.PCAP_NS ? 0xa1b23c4d : 0xa1b2c3d4);
			fBuf.putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(SNAPLEN).putInt(LinkType.ETHERNET);
		}
	}

	/** @return the time as the file will store it: microsecond pcap loses the nanoseconds */
	public long quantize(long epochNanos) {
		return fFormat == CaptureFormat.PCAP ? epochNanos - Math.floorMod(epochNanos, 1000L) : epochNanos;
	}

	/**
	 * Appends a frame.
	 *
	 * @param captured bytes present in the file (less than original when cut by the snaplen)
	 * @param original length on the wire
	 * @param iface pcapng interface index
	 */
	public void frame(long epochNanos, byte[] data, int captured, int original, int iface, @Nullable String comment)
			throws IOException {
		int pad = (4 - (captured & 3)) & 3;
		byte[] c = comment == null ? null : comment.getBytes(StandardCharsets.UTF_8);
		int need = 32 + captured + pad + (c == null ? 0 : 4 + c.length + 3 + 4) + 4;
		if (fBuf.remaining() < need) {
			flush();
			if (fBuf.remaining() < need) {
				throw new IOException("frame of " + captured + " bytes is larger than the write buffer");
			}
		}
		if (fFormat == CaptureFormat.PCAPNG) {
			int opts = c == null ? 0 : 4 + c.length + ((4 - (c.length & 3)) & 3) + 4;
			int total = 32 + captured + pad + opts;
			fBuf.putInt(6).putInt(total).putInt(iface);
			fBuf.putInt((int) (epochNanos >>> 32)).putInt((int) epochNanos);
			fBuf.putInt(captured).putInt(original);
			fBuf.put(data, 0, captured);
			for (int i = 0; i < pad; i++) {
				fBuf.put((byte) 0);
			}
			if (c != null) {
				option(1, c);
				fBuf.putInt(0); // opt_endofopt
			}
			fBuf.putInt(total);
		} else {
			long sec = Math.floorDiv(epochNanos, 1_000_000_000L);
			long frac = Math.floorMod(epochNanos, 1_000_000_000L);
			fBuf.putInt((int) sec).putInt((int) (fFormat == CaptureFormat.PCAP ? frac / 1000 : frac));
			fBuf.putInt(captured).putInt(original);
			fBuf.put(data, 0, captured);
		}
	}

	private void sectionHeader(String comment) {
		byte[] c = comment.getBytes(StandardCharsets.UTF_8);
		byte[] app = "FeedScope generator".getBytes(StandardCharsets.US_ASCII);
		int opts = optLen(c) + optLen(app) + 4;
		int total = 28 + opts;
		fBuf.putInt(0x0a0d0d0a).putInt(total).putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1L);
		option(1, c); // shb_comment
		option(4, app); // shb_userappl
		fBuf.putInt(0);
		fBuf.putInt(total);
	}

	private void interfaceDescription(Interface i) {
		byte[] name = i.name().getBytes(StandardCharsets.UTF_8);
		byte[] desc = i.description().getBytes(StandardCharsets.UTF_8);
		byte[] tsresol = { 9 }; // 10^-9: nanoseconds
		int opts = optLen(name) + optLen(desc) + optLen(tsresol) + 4;
		int total = 20 + opts;
		fBuf.putInt(1).putInt(total).putShort((short) LinkType.ETHERNET).putShort((short) 0).putInt(SNAPLEN);
		option(2, name); // if_name
		option(3, desc); // if_description
		option(9, tsresol); // if_tsresol
		fBuf.putInt(0);
		fBuf.putInt(total);
	}

	private static int optLen(byte[] v) {
		return 4 + v.length + ((4 - (v.length & 3)) & 3);
	}

	private void option(int code, byte[] v) {
		fBuf.putShort((short) code).putShort((short) v.length).put(v);
		for (int p = (4 - (v.length & 3)) & 3; p > 0; p--) {
			fBuf.put((byte) 0);
		}
	}

	private void flush() throws IOException {
		fBuf.flip();
		while (fBuf.hasRemaining()) {
			fBytes += fChannel.write(fBuf);
		}
		fBuf.clear();
	}

	/** @return bytes written so far (after {@link #close()}: the file size) */
	public long bytes() {
		return fBytes + fBuf.position();
	}

	@Override
	public void close() throws IOException {
		try {
			flush();
		} finally {
			fChannel.close();
		}
	}
}
