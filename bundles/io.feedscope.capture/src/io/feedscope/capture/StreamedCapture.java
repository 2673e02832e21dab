package io.feedscope.capture;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A pcap or pcapng file read once, front to back, one frame at a time, for analyses of captures of any
 * size: memory stays flat (one read buffer and one frame buffer, both reused) where an indexed
 * {@link io.feedscope.capture.CaptureFile} keeps about 25 bytes per frame on the heap (1.5 GB for 60 million
 * frames). No random access and no comments; frame numbers, timestamps, interface ids and link types are
 * the ones the indexed reader gives.
 * <p>
 * Damage after the header (a record cut by the end of the file, an impossible length) ends the reading
 * and is listed in {@link #problems()}, as the indexed reader does. gzip and BinaryFILE are not streamed:
 * {@link #open(Path)} refuses them ({@link #canStream(Path)} tells beforehand).
 */
public final class StreamedCapture implements Closeable {

	private static final int PCAP_US = 0xa1b2c3d4;
	private static final int PCAP_NS = 0xa1b23c4d;
	private static final int PCAPNG_SHB = 0x0A0D0D0A;
	private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
	/** largest frame or block accepted; beyond this a length field is damage */
	private static final int MAX_RECORD = 1 << 24;
	/**
	 * Read buffer size: small enough to stay in the CPU's level-2 cache between the kernel's copy into it
	 * and the frames' copy out of it (4 MB made reading 40% slower per frame than 256 KB), large enough
	 * to keep system calls few.
	 */
	private static final int BUFFER = 256 << 10;

	private final Path fPath;
	private final FileChannel fChannel;
	private final CaptureFormat fFormat;
	private final List<CaptureProblem> fProblems = new ArrayList<>();
	/** read buffer: [position, limit) not consumed yet; fBase = file offset of index 0 */
	private ByteBuffer fIn = ByteBuffer.allocate(BUFFER);
	private long fBase;
	private boolean fEof;
	private ByteOrder fOrder = ByteOrder.LITTLE_ENDIAN;

	// pcap
	private boolean fNanos;
	private int fPcapLinkType;

	// pcapng: per interface of the current section
	private int[] fLinkTypes = new int[4];
	private int[] fTsResol = new int[4];
	private long[] fTsOffsetNanos = new long[4];
	private int fInterfaces;

	// the current frame
	private byte[] fFrame = new byte[65536];
	private ByteBuffer fFrameBuffer = ByteBuffer.wrap(fFrame);
	private int fNumber;
	private long fTime;
	private int fCapLen;
	private int fOrigLen;
	private int fLinkType;
	private int fInterface;

	private StreamedCapture(Path path, FileChannel channel) throws IOException {
		fPath = path;
		fChannel = channel;
		fIn.limit(0);
		if (!fill(24)) {
			throw new IOException(path + ": too short for a capture file (" + fIn.remaining() + " bytes)");
		}
		int magic = fIn.getInt(0);
		int swapped = Integer.reverseBytes(magic);
		if (magic == PCAP_US || magic == PCAP_NS || swapped == PCAP_US || swapped == PCAP_NS) {
			fOrder = magic == PCAP_US || magic == PCAP_NS ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
			fNanos = magic == PCAP_NS || swapped == PCAP_NS;
			fFormat = fNanos ? CaptureFormat.PCAP_NS : CaptureFormat.PCAP;
			fIn.order(fOrder);
			fPcapLinkType = fIn.getInt(20) & 0x0fffffff; // the upper bits are the FCS length
			fIn.position(24);
		} else if (magic == PCAPNG_SHB) {
			fFormat = CaptureFormat.PCAPNG;
		} else {
			throw new IOException(path + ": not a pcap or pcapng file (magic " + Integer.toHexString(magic) + ")");
		}
	}

	/**
	 * @return true if {@code file} starts like a pcap or pcapng file (not gzip, not BinaryFILE)
	 */
	public static boolean canStream(Path file) {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			ByteBuffer b = ByteBuffer.allocate(4);
			while (b.hasRemaining() && ch.read(b) > 0) {
				// read the magic
			}
			if (b.hasRemaining()) {
				return false;
			}
			int magic = b.getInt(0);
			int swapped = Integer.reverseBytes(magic);
			return magic == PCAP_US || magic == PCAP_NS || swapped == PCAP_US || swapped == PCAP_NS || magic == PCAPNG_SHB;
		} catch (IOException e) {
			return false;
		}
	}

	/**
	 * @throws IOException if the file cannot be read or is not pcap/pcapng (the message names the file)
	 */
	public static StreamedCapture open(Path file) throws IOException {
		FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
		try {
			return new StreamedCapture(file, ch);
		} catch (IOException | RuntimeException e) {
			ch.close();
			throw e;
		}
	}

	public Path path() {
		return fPath;
	}

	public String name() {
		Path n = fPath.getFileName();
		return n == null ? fPath.toString() : n.toString();
	}

	public CaptureFormat format() {
		return fFormat;
	}

	/** @return what ended the reading early, with file offset and frame; empty for a sound file */
	public List<CaptureProblem> problems() {
		return fProblems;
	}

	/**
	 * Moves to the next frame.
	 *
	 * @return false at the end of the file (or at damage, then listed in {@link #problems()})
	 */
	public boolean next() {
		try {
			return fFormat == CaptureFormat.PCAPNG ? nextPcapng() : nextPcap();
		} catch (IOException e) {
			problem(e.toString());
			return false;
		}
	}

	/** @return 1-based number of the current frame */
	public int frame() {
		return fNumber;
	}

	public long timestampNanos() {
		return fTime;
	}

	public int capturedLength() {
		return fCapLen;
	}

	public int originalLength() {
		return fOrigLen;
	}

	public int linkType() {
		return fLinkType;
	}

	/** @return the pcapng interface id within the section (0 for pcap) */
	public int interfaceId() {
		return fInterface;
	}

	/** @return the current frame's bytes, position 0, limit the captured length; reused by the next frame */
	public ByteBuffer data() {
		return fFrameBuffer;
	}

	@Override
	public void close() throws IOException {
		fChannel.close();
	}

	// ---- reading

	/** Makes at least n bytes available from the position; false if the file ends first. */
	private boolean fill(int n) throws IOException {
		if (fIn.remaining() >= n) {
			return true;
		}
		if (fEof) {
			return false;
		}
		long consumed = fBase + fIn.position();
		if (fIn.capacity() < n) {
			ByteBuffer bigger = ByteBuffer.allocate(Math.max(n, fIn.capacity() * 2)).order(fIn.order());
			bigger.put(fIn);
			fIn = bigger;
		} else {
			fIn.compact();
		}
		fBase = consumed;
		while (fIn.position() < n) {
			int r = fChannel.read(fIn);
			if (r < 0) {
				fEof = true;
				break;
			}
		}
		// read more while the buffer has room, to keep system calls few
		while (!fEof && fIn.hasRemaining()) {
			int r = fChannel.read(fIn);
			if (r <= 0) {
				fEof = r < 0;
				break;
			}
		}
		fIn.flip();
		return fIn.remaining() >= n;
	}

	private long offset() {
		return fBase + fIn.position();
	}

	private void problem(String message) {
		fProblems.add(new CaptureProblem(fPath, offset(), fNumber + 1, message));
	}

	private boolean nextPcap() throws IOException {
		if (!fill(16)) {
			if (fIn.hasRemaining()) {
				problem("file ends inside a record header (" + fIn.remaining() + " of 16 bytes)");
			}
			return false;
		}
		int p = fIn.position();
		long sec = i32(p) & 0xffffffffL;
		long frac = i32(p + 4) & 0xffffffffL;
		int capLen = i32(p + 8);
		int origLen = i32(p + 12);
		if (capLen < 0 || capLen > MAX_RECORD) {
			problem("impossible captured length " + Integer.toUnsignedString(capLen) + "; reading stops here");
			return false;
		}
		if (!fill(16 + capLen)) {
			problem("file ends inside frame " + (fNumber + 1) + " (" + (fIn.remaining() - 16) + " of " + capLen
					+ " bytes)");
			return false;
		}
		p = fIn.position();
		frame(p + 16, capLen);
		fTime = sec * 1_000_000_000L + (fNanos ? frac : frac * 1000);
		fCapLen = capLen;
		fOrigLen = origLen;
		fLinkType = fPcapLinkType;
		fInterface = 0;
		fIn.position(p + 16 + capLen);
		fNumber++;
		return true;
	}

	private void frame(int at, int length) {
		if (fFrame.length < length) {
			fFrame = new byte[Math.max(length, fFrame.length * 2)];
			fFrameBuffer = ByteBuffer.wrap(fFrame);
		}
		System.arraycopy(fIn.array(), at, fFrame, 0, length);
		fFrameBuffer.limit(length).position(0);
	}

	/**
	 * An int of the read buffer in the file's byte order, from its array: record headers are read for
	 * every frame, mostly by cold code, where buffer accessors cost several calls each.
	 */
	private int i32(int at) {
		byte[] a = fIn.array();
		int v = (a[at] & 0xff) << 24 | (a[at + 1] & 0xff) << 16 | (a[at + 2] & 0xff) << 8 | a[at + 3] & 0xff;
		return fOrder == ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v);
	}

	private boolean nextPcapng() throws IOException {
		while (true) {
			if (!fill(12)) {
				if (fIn.hasRemaining()) {
					problem("file ends inside a block header (" + fIn.remaining() + " bytes)");
				}
				return false;
			}
			int p = fIn.position();
			int type = fIn.order(fOrder).getInt(p);
			if (type == PCAPNG_SHB) {
				int bom = fIn.getInt(p + 8);
				if (bom == BYTE_ORDER_MAGIC) {
					// order unchanged
				} else if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
					fOrder = fOrder == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
					fIn.order(fOrder);
				} else {
					problem("section header without byte-order magic; reading stops here");
					return false;
				}
				fInterfaces = 0;
			}
			int length = fIn.getInt(p + 4);
			if (length < 12 || length > MAX_RECORD || (length & 3) != 0) {
				problem("impossible block length " + Integer.toUnsignedString(length) + "; reading stops here");
				return false;
			}
			if (!fill(length)) {
				problem("file ends inside a block (" + fIn.remaining() + " of " + length + " bytes)");
				return false;
			}
			p = fIn.position();
			boolean isFrame = false;
			switch (type) {
			case 1 -> interfaceBlock(p, length);
			case 6 -> isFrame = enhancedPacket(p, length, false);
			case 2 -> isFrame = enhancedPacket(p, length, true); // obsolete packet block: frames of old writers
			case 3 -> isFrame = simplePacket(p, length);
			default -> {
				// section header (handled above), statistics, name resolution, custom blocks: nothing to analyze
			}
			}
			fIn.position(p + length);
			if (isFrame) {
				fNumber++;
				return true;
			}
		}
	}

	private void interfaceBlock(int p, int length) {
		int n = fInterfaces;
		if (n == fLinkTypes.length) {
			fLinkTypes = Arrays.copyOf(fLinkTypes, n * 2);
			fTsResol = Arrays.copyOf(fTsResol, n * 2);
			fTsOffsetNanos = Arrays.copyOf(fTsOffsetNanos, n * 2);
		}
		fLinkTypes[n] = fIn.getShort(p + 8) & 0xffff;
		fTsResol[n] = 6;
		fTsOffsetNanos[n] = 0;
		int o = p + 16;
		int end = p + length - 4;
		while (o + 4 <= end) {
			int code = fIn.getShort(o) & 0xffff;
			int len = fIn.getShort(o + 2) & 0xffff;
			if (code == 0 || o + 4 + len > end) {
				break;
			}
			if (code == 9 && len >= 1) {
				fTsResol[n] = fIn.get(o + 4) & 0xff;
			} else if (code == 14 && len >= 8) {
				fTsOffsetNanos[n] = fIn.getLong(o + 4) * 1_000_000_000L;
			}
			o += 4 + ((len + 3) & ~3);
		}
		fInterfaces = n + 1;
	}

	/** Enhanced or obsolete packet block: one layout but the interface id, 16 bits in an OPB (then drops). */
	private boolean enhancedPacket(int p, int length, boolean obsolete) {
		int iface = obsolete ? fIn.getShort(p + 8) & 0xffff : i32(p + 8);
		if (iface < 0 || iface >= fInterfaces) {
			problem("packet on interface " + iface + " that no interface block described; skipped");
			return false;
		}
		long ticks = (i32(p + 12) & 0xffffffffL) << 32 | (i32(p + 16) & 0xffffffffL);
		int capLen = i32(p + 20);
		int origLen = i32(p + 24);
		if (capLen < 0 || capLen > length - 32) {
			problem("captured length " + Integer.toUnsignedString(capLen) + " beyond its block; skipped");
			return false;
		}
		frame(p + 28, capLen);
		fTime = io.feedscope.capture.PcapngTime.toNanos(ticks, fTsResol[iface]) + fTsOffsetNanos[iface];
		fCapLen = capLen;
		fOrigLen = origLen;
		fLinkType = fLinkTypes[iface];
		fInterface = iface;
		return true;
	}

	private boolean simplePacket(int p, int length) {
		if (fInterfaces == 0) {
			problem("simple packet block before any interface block; skipped");
			return false;
		}
		int origLen = fIn.getInt(p + 8);
		int capLen = Math.min(origLen, length - 16);
		frame(p + 12, capLen);
		fTime = 0; // simple packet blocks carry no timestamp
		fCapLen = capLen;
		fOrigLen = origLen;
		fLinkType = fLinkTypes[0];
		fInterface = 0;
		return true;
	}
}
