package io.feedscope.capture.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.CaptureProblem;

/**
 * Classic libpcap file: 24-byte global header, then 16-byte record headers. Both timestamp
 * resolutions and both byte orders.
 */
public final class PcapFile implements CaptureFile {
	static final int MAGIC_US = 0xa1b2c3d4;
	static final int MAGIC_NS = 0xa1b23c4d;
	private static final int GLOBAL_HEADER = 24;
	private static final int RECORD_HEADER = 16;
	/** Larger than any real snaplen; a bigger record length means the file is damaged there. */
	private static final int MAX_RECORD = 256 * 1024;

	private final MappedFile fFile;
	private final String fName;
	private final CaptureFormat fFormat;
	private final int fLinkType;
	private final FrameIndex fIndex = new FrameIndex();
	private final List<CaptureProblem> fProblems = new ArrayList<>();

	public PcapFile(MappedFile file, String name) throws IOException {
		fFile = file;
		fName = name;
		Path path = file.path();
		if (file.size() < GLOBAL_HEADER) {
			throw new IOException(path + ": too short for a pcap header (" + file.size() + " bytes)");
		}
		ByteBuffer h = file.slice(0, GLOBAL_HEADER);
		int magic = h.getInt(0);
		ByteOrder order = ByteOrder.BIG_ENDIAN;
		if (magic != MAGIC_US && magic != MAGIC_NS) {
			order = ByteOrder.LITTLE_ENDIAN;
			magic = Integer.reverseBytes(magic);
		}
		if (magic != MAGIC_US && magic != MAGIC_NS) {
			throw new IOException(path + ": not a pcap file (magic " + Integer.toHexString(h.getInt(0)) + ")");
		}
		h.order(order);
		boolean nanos = magic == MAGIC_NS;
		fFormat = nanos ? CaptureFormat.PCAP_NS : CaptureFormat.PCAP;
		fLinkType = h.getInt(20) & 0x0fffffff; // upper bits: FCS length flags
		index(order, nanos);
	}

	private void index(ByteOrder order, boolean nanos) {
		long size = fFile.size();
		long pos = GLOBAL_HEADER;
		while (pos < size) {
			if (pos + RECORD_HEADER > size) {
				fProblems.add(new CaptureProblem(fFile.path(), pos, fIndex.count() + 1,
						"file cut inside a record header (" + (size - pos) + " of 16 bytes)"));
				return;
			}
			ByteBuffer r = fFile.slice(pos, RECORD_HEADER).order(order);
			long sec = r.getInt(0) & 0xffffffffL;
			long frac = r.getInt(4) & 0xffffffffL;
			int capLen = r.getInt(8);
			int origLen = r.getInt(12);
			if (capLen < 0 || capLen > MAX_RECORD) {
				fProblems.add(new CaptureProblem(fFile.path(), pos, fIndex.count() + 1,
						"record length " + Integer.toUnsignedString(capLen) + " is not plausible; reading stops here"));
				return;
			}
			if (pos + RECORD_HEADER + capLen > size) {
				fProblems.add(new CaptureProblem(fFile.path(), pos, fIndex.count() + 1, "file cut inside frame data ("
						+ (size - pos - RECORD_HEADER) + " of " + capLen + " bytes present)"));
				return;
			}
			long ns = sec * 1_000_000_000L + (nanos ? frac : frac * 1000);
			fIndex.add(pos + RECORD_HEADER, ns, capLen, Math.max(origLen, capLen), 0);
			pos += RECORD_HEADER + capLen;
		}
	}

	@Override
	public Path path() {
		return fFile.path();
	}

	@Override
	public String name() {
		return fName;
	}

	@Override
	public CaptureFormat format() {
		return fFormat;
	}

	@Override
	public int frameCount() {
		return fIndex.count();
	}

	@Override
	public long timestampNanos(int frame) {
		return fIndex.time(frame);
	}

	@Override
	public int capturedLength(int frame) {
		return fIndex.capturedLength(frame);
	}

	@Override
	public int originalLength(int frame) {
		return fIndex.originalLength(frame);
	}

	@Override
	public int linkType(int frame) {
		return fLinkType;
	}

	@Override
	public int interfaceId(int frame) {
		return 0;
	}

	@Override
	public @Nullable String comment(int frame) {
		return null;
	}

	@Override
	public ByteBuffer frameData(int frame) {
		return fFile.slice(fIndex.offset(frame), fIndex.capturedLength(frame));
	}

	@Override
	public List<CaptureProblem> problems() {
		return List.copyOf(fProblems);
	}

	@Override
	public void close() throws IOException {
		fFile.close();
	}
}
