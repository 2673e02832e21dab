package io.feedscope.capture.internal;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.List;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.CaptureInterface;

/**
 * Classic libpcap: 24-byte global header, then 16-byte record headers. Both timestamp resolutions and
 * both byte orders.
 */
final class PcapParser extends CaptureParser {
	static final int MAGIC_US = 0xa1b2c3d4;
	static final int MAGIC_NS = 0xa1b23c4d;
	private static final int GLOBAL_HEADER = 24;
	private static final int RECORD_HEADER = 16;
	/** Larger than any real snaplen; a bigger record length means the file is damaged there. */
	static final int MAX_RECORD = 256 * 1024;

	private final CaptureFormat fFormat;
	private ByteOrder fOrder = ByteOrder.BIG_ENDIAN;
	private long fFracToNs = 1000;

	/** The caller checked the magic ({@link #isMagic(int)}). */
	PcapParser(RecordInput in, Sink sink, RecordHook hook) {
		super(in, sink, hook);
		in.ensure(0, GLOBAL_HEADER);
		int magic = in.getInt(0, ByteOrder.BIG_ENDIAN);
		int swapped = Integer.reverseBytes(magic);
		fFormat = magic == MAGIC_NS || swapped == MAGIC_NS ? CaptureFormat.PCAP_NS : CaptureFormat.PCAP;
		if (fSize < GLOBAL_HEADER) {
			problem(0, 0, "file cut inside the pcap header (" + fSize + " of 24 bytes)");
			fDone = true;
			return;
		}
		fOrder = magic == MAGIC_US || magic == MAGIC_NS ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
		boolean nanos = fFormat == CaptureFormat.PCAP_NS;
		fFracToNs = nanos ? 1 : 1000;
		int snaplen = in.getInt(16, fOrder);
		// the upper 16 bits hold the FCS length flags, not the link type
		int linkType = in.getInt(20, fOrder) & 0xffff;
		interfaceAdded(new CaptureInterface(0, 0, 0, linkType, snaplen, nanos ? 9 : 6, 0, null, null, List.of()));
		fPos = GLOBAL_HEADER;
	}

	static boolean isPcapMagic(int magic) {
		int swapped = Integer.reverseBytes(magic);
		return magic == MAGIC_US || magic == MAGIC_NS || swapped == MAGIC_US || swapped == MAGIC_NS;
	}

	@Override
	public CaptureFormat format() {
		return fFormat;
	}

	/**
	 * The record headers read from a copy of the file (array loads and shifts), with {@link #next()}'s tests of a
	 * record that {@link #next()} would read without a word: its header and bytes within the file, its captured
	 * length within {@link #MAX_RECORD}, below {@link CaptureParser#MAX_FRAMES} frames. Anything else stops the run
	 * before it, for {@link #next()} to read and report. RecordWalkTest holds the frames it walks to those of
	 * {@link #next()}, damage included.
	 */
	@Override
	public int nextPlain(byte[] b, long base, int available, int max, Records r, int at) {
		if (!plainRunMayStart(base)) {
			return 0;
		}
		long pos = fPos;
		long end = base + Math.min(available, fSize - base); // the copy, within the file
		int frames = fFrames;
		boolean little = fOrder == ByteOrder.LITTLE_ENDIAN;
		long fracToNs = fFracToNs;
		int[] frame = r.frame;
		long[] time = r.time;
		int[] capLen = r.capLen;
		int[] origLen = r.origLen;
		long[] offset = r.offset;
		boolean[] hasTime = r.hasTime;
		int[] localInterface = r.localInterface;
		int[] linkType = r.linkType;
		int iface = fLocalIds[0];
		int link = fLinkTypes[0];
		int n = 0;
		while (n < max && frames < MAX_FRAMES) {
			if (pos + RECORD_HEADER > end) {
				fPlainNeed = pos + RECORD_HEADER <= fSize ? pos + RECORD_HEADER : 0;
				break;
			}
			int i = (int) (pos - base);
			// the record header's words read here, not through a helper per word: C1 (the launcher's compiler)
			// inlines no helper with a branch, and those calls were a third of this walk's time under it
			int w0, w1, cap, orig;
			if (little) {
				w0 = b[i] & 0xff | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | b[i + 3] << 24;
				w1 = b[i + 4] & 0xff | (b[i + 5] & 0xff) << 8 | (b[i + 6] & 0xff) << 16 | b[i + 7] << 24;
				cap = b[i + 8] & 0xff | (b[i + 9] & 0xff) << 8 | (b[i + 10] & 0xff) << 16 | b[i + 11] << 24;
				orig = b[i + 12] & 0xff | (b[i + 13] & 0xff) << 8 | (b[i + 14] & 0xff) << 16 | b[i + 15] << 24;
			} else {
				w0 = b[i] << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | b[i + 3] & 0xff;
				w1 = b[i + 4] << 24 | (b[i + 5] & 0xff) << 16 | (b[i + 6] & 0xff) << 8 | b[i + 7] & 0xff;
				cap = b[i + 8] << 24 | (b[i + 9] & 0xff) << 16 | (b[i + 10] & 0xff) << 8 | b[i + 11] & 0xff;
				orig = b[i + 12] << 24 | (b[i + 13] & 0xff) << 16 | (b[i + 14] & 0xff) << 8 | b[i + 15] & 0xff;
			}
			long sec = w0 & 0xffffffffL;
			long frac = w1 & 0xffffffffL;
			if (cap < 0 || cap > MAX_RECORD) {
				break;
			}
			long next = pos + RECORD_HEADER + cap;
			if (next > end) {
				fPlainNeed = next <= fSize ? next : 0;
				break;
			}
			int k = at + n;
			frame[k] = ++frames;
			time[k] = sec * 1_000_000_000L + frac * fracToNs;
			capLen[k] = cap;
			origLen[k] = orig < cap ? cap : orig;
			offset[k] = pos + RECORD_HEADER;
			hasTime[k] = true;
			localInterface[k] = iface; // the file's only interface
			linkType[k] = link;
			pos = next;
			n++;
		}
		if (n > 0) {
			int k = at + n - 1; // the parser stands after the last one, as next() leaves it
			fDataOffset = offset[k];
			fTime = time[k];
			fCapLen = capLen[k];
			fOrigLen = origLen[k];
			fFrames = frames;
			fPos = pos;
		}
		return n;
	}

	/** The hot loop of both readers: absolute reads, no allocation per record. */
	@Override
	public boolean next() throws IOException {
		long pos = fPos;
		long size = fSize;
		if (fDone || pos >= size) {
			fDone = fDone || !fFollow; // following: more may come
			return false;
		}
		fHook.at(pos);
		RecordInput f = fIn;
		ByteOrder order = fOrder;
		f.ensure(pos, RECORD_HEADER);
		fDone = true; // until the record proves whole
		if (size - pos < RECORD_HEADER) {
			if (fFollow) {
				fDone = false; // the writer is not done with it yet
				return false;
			}
			problem(pos, fFrames + 1, "file cut inside a record header (" + (size - pos) + " of 16 bytes)");
			return false;
		}
		long sec = f.getInt(pos, order) & 0xffffffffL;
		long frac = f.getInt(pos + 4, order) & 0xffffffffL;
		int capLen = f.getInt(pos + 8, order);
		int origLen = f.getInt(pos + 12, order);
		if (capLen < 0 || capLen > MAX_RECORD) {
			problem(pos, fFrames + 1,
					"record length " + Integer.toUnsignedString(capLen) + " is not plausible; reading stops here");
			return false;
		}
		if (size - pos - RECORD_HEADER < capLen) {
			if (fFollow) {
				fDone = false;
				return false;
			}
			problem(pos, fFrames + 1,
					"file cut inside frame data (" + (size - pos - RECORD_HEADER) + " of " + capLen + " bytes present)");
			return false;
		}
		if (fFrames >= MAX_FRAMES) {
			problem(pos, 0, "more than " + MAX_FRAMES + " frames; reading stops here");
			return false;
		}
		f.ensure(pos, RECORD_HEADER + capLen);
		fDone = false;
		fDataOffset = pos + RECORD_HEADER;
		fTime = sec * 1_000_000_000L + frac * fFracToNs;
		fCapLen = capLen;
		// an original length below the captured one is a writer's bug: the bytes are there, trust them
		fOrigLen = origLen < capLen ? capLen : origLen;
		fFrames++;
		fPos = pos + RECORD_HEADER + capLen;
		return true;
	}
}
