package io.feedscope.capture.internal;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.List;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.CaptureInterface;

/**
 * Classic libpcap file: 24-byte global header, then 16-byte record headers. Both timestamp
 * resolutions and both byte orders.
 */
final class PcapFile extends AbstractCapture {
	static final int MAGIC_US = 0xa1b2c3d4;
	static final int MAGIC_NS = 0xa1b23c4d;
	private static final int GLOBAL_HEADER = 24;
	private static final int RECORD_HEADER = 16;
	/** Larger than any real snaplen; a bigger record length means the file is damaged there. */
	static final int MAX_RECORD = 256 * 1024;

	PcapFile(Opened opened) throws IOException {
		super(opened, format(opened));
		MappedFile file = opened.file();
		if (file.size() < GLOBAL_HEADER) {
			problem(0, 0, "file cut inside the pcap header (" + file.size() + " of 24 bytes)");
			return;
		}
		int magic = file.getInt(0, ByteOrder.BIG_ENDIAN);
		ByteOrder order = magic == MAGIC_US || magic == MAGIC_NS ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
		boolean nanos = format() == CaptureFormat.PCAP_NS;
		int snaplen = file.getInt(16, order);
		// the upper 16 bits hold the FCS length flags, not the link type
		int linkType = file.getInt(20, order) & 0xffff;
		addInterface(new CaptureInterface(0, 0, 0, linkType, snaplen, nanos ? 9 : 6, 0, null, null, List.of()));
		index(order, nanos, new Progress(this, opened.monitor(), file.size()));
	}

	private static CaptureFormat format(Opened opened) throws IOException {
		int magic = opened.file().getInt(0, ByteOrder.BIG_ENDIAN); // the opener made sure of 4 bytes
		int swapped = Integer.reverseBytes(magic);
		if (magic == MAGIC_NS || swapped == MAGIC_NS) {
			return CaptureFormat.PCAP_NS;
		}
		if (magic == MAGIC_US || swapped == MAGIC_US) {
			return CaptureFormat.PCAP;
		}
		throw new IOException(opened.path() + ": not a pcap file (magic " + Integer.toHexString(magic) + ")");
	}

	static boolean isMagic(int magic) {
		int swapped = Integer.reverseBytes(magic);
		return magic == MAGIC_US || magic == MAGIC_NS || swapped == MAGIC_US || swapped == MAGIC_NS;
	}

	/** The hot loop: absolute reads on the mapping, no allocation per record. */
	private void index(ByteOrder order, boolean nanos, Progress progress) throws IOException {
		MappedFile f = fFile;
		FrameIndex index = fIndex;
		long fracToNs = nanos ? 1 : 1000;
		long size = f.size();
		long pos = GLOBAL_HEADER;
		while (pos < size) {
			if (progress.due(pos)) {
				progress.report(pos);
			}
			if (size - pos < RECORD_HEADER) {
				problem(pos, index.written() + 1, "file cut inside a record header (" + (size - pos) + " of 16 bytes)");
				break;
			}
			long sec = f.getInt(pos, order) & 0xffffffffL;
			long frac = f.getInt(pos + 4, order) & 0xffffffffL;
			int capLen = f.getInt(pos + 8, order);
			int origLen = f.getInt(pos + 12, order);
			if (capLen < 0 || capLen > MAX_RECORD) {
				problem(pos, index.written() + 1, "record length " + Integer.toUnsignedString(capLen)
						+ " is not plausible; reading stops here");
				break;
			}
			if (size - pos - RECORD_HEADER < capLen) {
				problem(pos, index.written() + 1, "file cut inside frame data (" + (size - pos - RECORD_HEADER) + " of "
						+ capLen + " bytes present)");
				break;
			}
			if (index.isFull()) {
				indexFull(pos);
				break;
			}
			// an original length below the captured one is a writer's bug: the bytes are there, trust them
			index.add(pos + RECORD_HEADER, sec * 1_000_000_000L + frac * fracToNs, capLen,
					origLen < capLen ? capLen : origLen, 0);
			pos += RECORD_HEADER + capLen;
		}
		progress.done();
	}
}
