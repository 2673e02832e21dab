package io.feedscope.capture.internal;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.CaptureInterface;
import io.feedscope.capture.CaptureSection;
import io.feedscope.capture.PcapngTime;

/**
 * pcapng (draft-ietf-opsawg-pcapng): sections in either byte order, several interfaces per section
 * with their own link type, time resolution and offset; Enhanced, Simple and Obsolete Packet Blocks;
 * comments. Other blocks (name resolution, statistics, decryption secrets, custom, unknown) are
 * skipped by their length.
 * <p>
 * Block framing is trusted only as far as it is consistent: a block whose length is impossible or
 * whose trailing length differs stops reading there (what follows cannot be located), while a packet
 * block that is well framed but wrong inside (undefined interface, captured length beyond the block)
 * is skipped with a problem and reading goes on.
 */
final class PcapngParser extends CaptureParser {
	static final int SHB = 0x0a0d0d0a;
	private static final int IDB = 1;
	private static final int OPB = 2;
	private static final int SPB = 3;
	private static final int EPB = 6;
	private static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
	private static final int OPT_END = 0;
	private static final int OPT_COMMENT = 1;
	private static final int IF_TSRESOL = 9;
	private static final int IF_TSOFFSET = 14;

	/** current section: byte order, number, first global interface id, number of its interfaces */
	private ByteOrder fOrder = ByteOrder.BIG_ENDIAN;
	private int fSection = -1;
	private int fSectionBase;
	private int fSectionInterfaces;
	/** per global interface: if_tsresol, if_tsoffset in ns, snaplen */
	private int[] fTsresol = new int[4];
	private long[] fTsoffsetNs = new long[4];
	private int[] fSnaplen = new int[4];

	/** options of the block being read (only touched for blocks that have options) */
	private final List<String> fOptComments = new ArrayList<>();
	private @Nullable String fOpt2;
	private @Nullable String fOpt3;
	private @Nullable String fOpt4;
	private int fOptTsresol;
	private long fOptTsoffset;

	PcapngParser(RecordInput in, Sink sink, RecordHook hook) {
		super(in, sink, hook);
	}

	static boolean isPcapngMagic(int firstInt) {
		return firstInt == SHB;
	}

	@Override
	public CaptureFormat format() {
		return CaptureFormat.PCAPNG;
	}

	@Override
	public boolean next() throws IOException {
		RecordInput f = fIn;
		long size = fSize;
		while (!fDone) {
			long pos = fPos;
			if (pos >= size) {
				fDone = !fFollow; // following: more may come
				return false;
			}
			fHook.at(pos);
			int frame = fFrames + 1;
			f.ensure(pos, 28);
			if (size - pos < 12) {
				return cut(pos, 0, "file cut inside a block header (" + (size - pos) + " bytes left)");
			}
			int type = f.getInt(pos, fOrder); // SHB's type reads the same in both orders
			if (type == SHB) {
				if (size - pos < 28) {
					return cut(pos, 0, "file cut inside a section header block (" + (size - pos) + " bytes left)");
				}
				int bom = f.getInt(pos + 8, ByteOrder.BIG_ENDIAN);
				if (bom == BYTE_ORDER_MAGIC) {
					fOrder = ByteOrder.BIG_ENDIAN;
				} else if (bom == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
					fOrder = ByteOrder.LITTLE_ENDIAN;
				} else {
					return stop(pos, 0, String.format("section header byte-order magic %08x is neither 1a2b3c4d nor "
							+ "4d3c2b1a; reading stops here", bom));
				}
			}
			ByteOrder o = fOrder;
			long len = f.getInt(pos + 4, o) & 0xffffffffL;
			int concerned = isPacket(type) ? frame : 0;
			if (len < 12 || (len & 3) != 0) {
				return stop(pos, concerned, "block length " + len + " is not a multiple of 4 of at least 12 (block type "
						+ hex(type) + "); reading stops here");
			}
			if (len > size - pos) {
				return cut(pos, concerned, "file cut inside a block (type " + hex(type) + ", " + (size - pos) + " of "
						+ len + " bytes present)");
			}
			f.ensure(pos, len);
			long trailer = f.getInt(pos + len - 4, o) & 0xffffffffL;
			if (trailer != len) {
				return stop(pos, concerned, "block length " + len + " but trailing length " + trailer + " (block type "
						+ hex(type) + "); reading stops here");
			}
			fPos = pos + len;
			boolean isFrame = false;
			switch (type) {
			case EPB:
				isFrame = packet(pos, len, frame, false);
				break;
			case SPB:
				isFrame = simplePacket(pos, len, frame);
				break;
			case OPB:
				isFrame = packet(pos, len, frame, true);
				break;
			case IDB:
				interfaceBlock(pos, len);
				break;
			case SHB:
				fDone = !section(pos, len);
				break;
			default:
				// name resolution, statistics, secrets, custom and unknown blocks: not needed here
			}
			if (isFrame) {
				fFrames = frame;
				if (fFrames >= MAX_FRAMES) {
					problem(pos + len, 0, "more than " + MAX_FRAMES + " frames; reading stops here");
					fDone = true;
				}
				return true;
			}
		}
		return false;
	}

	/**
	 * The blocks of one section read from a copy of the file (array loads), with {@link #next()}'s tests: Enhanced and
	 * Simple Packet Blocks that {@link #next()} would read without a word (framed, of a defined interface, their
	 * captured length within the block, no comment and no damaged option: options are walked only to find those) are
	 * frames, with their interface's link type, resolution and offset; the blocks {@link #next()} skips without a word
	 * (name resolution, statistics, custom) are skipped. Anything else stops the run before it, for {@link #next()} to
	 * read: a Section Header or Interface Description Block (new state: byte order, interfaces), an Obsolete Packet
	 * Block, and every block {@link #next()} has something to say about, so that its problems keep their message,
	 * offset and frame. PlainWalkTest holds the frames it walks to those of {@link #next()}.
	 */
	@Override
	public int nextPlain(byte[] b, long base, int available, int max, Records r, int at) {
		if (!plainRunMayStart(base)) {
			return 0;
		}
		long pos = fPos;
		long size = fSize;
		long end = base + Math.min(available, size - base); // the copy, within the file
		int frames = fFrames;
		boolean little = fOrder == ByteOrder.LITTLE_ENDIAN;
		int sectionBase = fSectionBase;
		int sectionInterfaces = fSectionInterfaces;
		int[] tsresol = fTsresol;
		long[] tsoffset = fTsoffsetNs;
		int n = 0;
		int iface = fInterface;
		while (n < max && frames + 1 < MAX_FRAMES) {
			if (pos + 12 > end) {
				fPlainNeed = pos + 12 <= size ? pos + 12 : 0;
				break;
			}
			int i = (int) (pos - base);
			// the block's words read here, not through a helper per word: C1 (the launcher's compiler) inlines no
			// helper with a branch, and those calls were most of this walk's time under it
			int type = (little
						? (b[i] & 0xff | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | b[i + 3] << 24)
						: (b[i] << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | b[i + 3] & 0xff));
			if (type == SHB) {
				break; // a new section: next() reads its header (byte order, version, options)
			}
			long len = (little
						? (b[i + 4] & 0xff | (b[i + 5] & 0xff) << 8 | (b[i + 6] & 0xff) << 16 | b[i + 7] << 24)
						: (b[i + 4] << 24 | (b[i + 5] & 0xff) << 16 | (b[i + 6] & 0xff) << 8 | b[i + 7] & 0xff)) & 0xffffffffL;
			if (len < 12 || (len & 3) != 0 || len > size - pos) {
				break; // next() reports it
			}
			if (len > end - pos) {
				fPlainNeed = pos + len;
				break;
			}
			int blockEnd = i + (int) len;
			int t4 = blockEnd - 4;
			if (((little
						? (b[t4] & 0xff | (b[t4 + 1] & 0xff) << 8 | (b[t4 + 2] & 0xff) << 16 | b[t4 + 3] << 24)
						: (b[t4] << 24 | (b[t4 + 1] & 0xff) << 16 | (b[t4 + 2] & 0xff) << 8 | b[t4 + 3] & 0xff)) & 0xffffffffL) != len) {
				break; // the trailing length differs: next() reports it
			}
			int k = at + n;
			if (type == EPB) {
				if (len < 32) {
					break;
				}
				int ifaceId = (little
						? (b[i + 8] & 0xff | (b[i + 9] & 0xff) << 8 | (b[i + 10] & 0xff) << 16 | b[i + 11] << 24)
						: (b[i + 8] << 24 | (b[i + 9] & 0xff) << 16 | (b[i + 10] & 0xff) << 8 | b[i + 11] & 0xff));
				int cap = (little
						? (b[i + 20] & 0xff | (b[i + 21] & 0xff) << 8 | (b[i + 22] & 0xff) << 16 | b[i + 23] << 24)
						: (b[i + 20] << 24 | (b[i + 21] & 0xff) << 16 | (b[i + 22] & 0xff) << 8 | b[i + 23] & 0xff));
				if (Integer.compareUnsigned(ifaceId, sectionInterfaces) >= 0 || cap < 0 || cap > len - 32) {
					break;
				}
				int optStart = i + 28 + ((cap + 3) & ~3);
				if (optStart < blockEnd - 4 && !plainOptions(b, optStart, blockEnd - 4, little)) {
					break; // a comment to keep, or an option to report: next() reads them
				}
				iface = sectionBase + ifaceId;
				long ticks = (long) (little
						? (b[i + 12] & 0xff | (b[i + 13] & 0xff) << 8 | (b[i + 14] & 0xff) << 16 | b[i + 15] << 24)
						: (b[i + 12] << 24 | (b[i + 13] & 0xff) << 16 | (b[i + 14] & 0xff) << 8 | b[i + 15] & 0xff)) << 32 | ((little
						? (b[i + 16] & 0xff | (b[i + 17] & 0xff) << 8 | (b[i + 18] & 0xff) << 16 | b[i + 19] << 24)
						: (b[i + 16] << 24 | (b[i + 17] & 0xff) << 16 | (b[i + 18] & 0xff) << 8 | b[i + 19] & 0xff)) & 0xffffffffL);
				int orig = (little
						? (b[i + 24] & 0xff | (b[i + 25] & 0xff) << 8 | (b[i + 26] & 0xff) << 16 | b[i + 27] << 24)
						: (b[i + 24] << 24 | (b[i + 25] & 0xff) << 16 | (b[i + 26] & 0xff) << 8 | b[i + 27] & 0xff));
				r.frame[k] = ++frames;
				// microseconds (the default) and nanoseconds, what nearly every file has, without the call; the rest as
				// PcapngTime says
				int res = tsresol[iface];
				r.time[k] = (res == 6 ? ticks * 1000 : res == 9 ? ticks : PcapngTime.toNanos(ticks, res)) + tsoffset[iface];
				r.hasTime[k] = true;
				r.localInterface[k] = fLocalIds[iface];
				r.linkType[k] = fLinkTypes[iface];
				r.capLen[k] = cap;
				r.origLen[k] = Integer.compareUnsigned(orig, cap) < 0 ? cap : orig;
				r.offset[k] = pos + 28;
				n++;
			} else if (type == SPB) {
				if (sectionInterfaces == 0 || len < 16) {
					break;
				}
				long orig = int32(b, i + 8, little) & 0xffffffffL;
				long cap = orig;
				int snaplen = fSnaplen[sectionBase];
				if (snaplen > 0) {
					cap = Math.min(cap, snaplen & 0xffffffffL);
				}
				if (cap > len - 16) {
					break; // next() keeps it as cut, and says so
				}
				iface = sectionBase;
				r.frame[k] = ++frames;
				r.time[k] = 0;
				r.hasTime[k] = false;
				r.localInterface[k] = fLocalIds[iface];
				r.linkType[k] = fLinkTypes[iface];
				r.capLen[k] = (int) cap;
				r.origLen[k] = (int) Math.min(Integer.MAX_VALUE, orig);
				r.offset[k] = pos + 12;
				n++;
			} else if (type == IDB || type == OPB) {
				break; // an interface to add, an obsolete block's own layout: next() reads them
			}
			// other blocks: skipped by their length, as next() skips them
			pos += len;
		}
		if (n > 0) {
			int k = at + n - 1; // the parser stands after the last one, as next() leaves it
			fDataOffset = r.offset[k];
			fTime = r.time[k];
			fHasTime = r.hasTime[k];
			fCapLen = r.capLen[k];
			fOrigLen = r.origLen[k];
			fInterface = iface;
			fComment = null;
			fFrames = frames;
		}
		fPos = pos; // after the blocks walked and skipped
		return n;
	}

	/**
	 * @return true if the options in [p, end) of a copy are ones {@link #readOptions} reads without a word and a packet
	 *         keeps nothing of: no comment, none running past the block
	 */
	private static boolean plainOptions(byte[] b, int p, int end, boolean little) {
		while (end - p >= 4) {
			int h = int32(b, p, little);
			int code = little ? h & 0xffff : h >>> 16;
			int olen = little ? h >>> 16 : h & 0xffff;
			if (code == OPT_END) {
				return true;
			}
			if (code == OPT_COMMENT || olen > end - p - 4) {
				return false;
			}
			p += 4 + ((olen + 3) & ~3);
		}
		return true;
	}

	private static int int32(byte[] b, int i, boolean little) {
		int v = b[i] << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | b[i + 3] & 0xff;
		return little ? Integer.reverseBytes(v) : v;
	}

	/** The end of the file cuts a block: damage, or in follow mode the writer is not done with it yet. */
	private boolean cut(long pos, int frame, String message) {
		return fFollow ? false : stop(pos, frame, message);
	}

	private boolean stop(long pos, int frame, String message) {
		problem(pos, frame, message);
		fDone = true;
		return false;
	}

	private static boolean isPacket(int type) {
		return type == EPB || type == SPB || type == OPB;
	}

	private static String hex(int type) {
		return String.format("0x%08x", type);
	}

	/**
	 * Enhanced or obsolete packet block: the same layout but for the interface id, 32 bits in an EPB,
	 * 16 bits (then 16 bits of drop count) in an OPB.
	 *
	 * @return true if the block is a frame
	 */
	private boolean packet(long pos, long len, int frame, boolean obsolete) {
		final int dataStart = 28;
		if (len < dataStart + 4) {
			problem(pos, frame, "packet block length " + len + " too short for its fields; block skipped");
			return false;
		}
		RecordInput f = fIn;
		ByteOrder o = fOrder;
		int ifaceId = obsolete ? f.getUnsignedShort(pos + 8, o) : f.getInt(pos + 8, o);
		if (Integer.compareUnsigned(ifaceId, fSectionInterfaces) >= 0) {
			problem(pos, frame, "packet block refers to interface " + Integer.toUnsignedString(ifaceId)
					+ ", but the section defines " + fSectionInterfaces + "; block skipped");
			return false;
		}
		int tsHigh = f.getInt(pos + 12, o);
		int tsLow = f.getInt(pos + 16, o);
		int capLen = f.getInt(pos + 20, o);
		int origLen = f.getInt(pos + 24, o);
		if (capLen < 0 || capLen > len - dataStart - 4) {
			problem(pos, frame, "captured length " + Integer.toUnsignedString(capLen) + " beyond the block ("
					+ (len - dataStart - 4) + " bytes of data room); block skipped");
			return false;
		}
		int iface = fSectionBase + ifaceId;
		long ticks = (long) tsHigh << 32 | (tsLow & 0xffffffffL);
		fDataOffset = pos + dataStart;
		fTime = PcapngTime.toNanos(ticks, fTsresol[iface]) + fTsoffsetNs[iface];
		fHasTime = true;
		fCapLen = capLen;
		fOrigLen = Integer.compareUnsigned(origLen, capLen) < 0 ? capLen : origLen;
		fInterface = iface;
		fComment = null;
		long optStart = pos + dataStart + ((capLen + 3L) & ~3L);
		if (optStart < pos + len - 4) {
			readOptions(optStart, pos + len - 4);
			if (!fOptComments.isEmpty()) {
				fComment = String.join("\n", fOptComments);
			}
		}
		return true;
	}

	private boolean simplePacket(long pos, long len, int frame) {
		if (fSectionInterfaces == 0) {
			problem(pos, frame, "simple packet block but the section defines no interface; block skipped");
			return false;
		}
		if (len < 16) {
			problem(pos, frame, "simple packet block length " + len + " too short; block skipped");
			return false;
		}
		int origLen = fIn.getInt(pos + 8, fOrder);
		// no captured length in an SPB: the smaller of the original length and the interface's snaplen
		long room = len - 16;
		long capLen = origLen & 0xffffffffL;
		int snaplen = fSnaplen[fSectionBase];
		if (snaplen > 0) {
			capLen = Math.min(capLen, snaplen & 0xffffffffL);
		}
		if (capLen > room) {
			// the block should hold that much; keep what it holds, the frame shows as cut
			problem(pos, frame, "simple packet block holds " + room + " bytes, less than the " + capLen
					+ " its original length and the snaplen call for; frame kept as cut");
			capLen = room;
		}
		fDataOffset = pos + 12;
		fTime = 0;
		fHasTime = false;
		fCapLen = (int) capLen;
		fOrigLen = (int) Math.min(Integer.MAX_VALUE, origLen & 0xffffffffL);
		fInterface = fSectionBase;
		fComment = null;
		return true;
	}

	private void interfaceBlock(long pos, long len) {
		if (len < 20) {
			problem(pos, 0, "interface description block length " + len + " too short; interface ignored");
			// the interface still counts for numbering, or every later packet would be misattributed
		}
		ByteOrder o = fOrder;
		int linkType = len < 20 ? -1 : fIn.getUnsignedShort(pos + 8, o);
		int snaplen = len < 20 ? 0 : fIn.getInt(pos + 12, o);
		readOptions(pos + 16, pos + len - 4);
		int id = fInterfaceCount;
		if (id == fTsresol.length) {
			fTsresol = Arrays.copyOf(fTsresol, id * 2);
			fTsoffsetNs = Arrays.copyOf(fTsoffsetNs, id * 2);
			fSnaplen = Arrays.copyOf(fSnaplen, id * 2);
		}
		fTsresol[id] = fOptTsresol;
		fTsoffsetNs[id] = fOptTsoffset * 1_000_000_000L;
		fSnaplen[id] = snaplen;
		interfaceAdded(new CaptureInterface(id, fSection, fSectionInterfaces, linkType, snaplen, fOptTsresol,
				fOptTsoffset, fOpt2, fOpt3, fOptComments));
		fSectionInterfaces++;
	}

	/** @return false if reading must stop (unknown version) */
	private boolean section(long pos, long len) {
		if (len < 28) {
			problem(pos, 0, "section header block length " + len + " too short; reading stops here");
			return false;
		}
		int major = fIn.getUnsignedShort(pos + 12, fOrder);
		int minor = fIn.getUnsignedShort(pos + 14, fOrder);
		if (major != 1) {
			problem(pos, 0, "pcapng version " + major + "." + minor + " unknown; reading stops here");
			return false;
		}
		readOptions(pos + 24, pos + len - 4);
		fSection++;
		fSink.addSection(new CaptureSection(fSection, pos, fOrder, major, minor, fOpt2, fOpt3, fOpt4, fOptComments));
		fSectionBase = fInterfaceCount;
		fSectionInterfaces = 0;
		return true;
	}

	/**
	 * Reads options into the fOpt* fields (codes 2, 3, 4 are strings whose meaning depends on the
	 * block). A damaged option list is ignored from the damage on: the block framing is sound, so it
	 * costs only that block's remaining options.
	 */
	private void readOptions(long start, long end) {
		fOptComments.clear();
		fOpt2 = fOpt3 = fOpt4 = null;
		fOptTsresol = 6;
		fOptTsoffset = 0;
		RecordInput f = fIn;
		ByteOrder o = fOrder;
		long p = start;
		while (end - p >= 4) {
			int code = f.getUnsignedShort(p, o);
			int olen = f.getUnsignedShort(p + 2, o);
			if (code == OPT_END) {
				break;
			}
			long value = p + 4;
			if (olen > end - value) {
				problem(p, 0, "option " + code + " of length " + olen + " runs past its block; options ignored");
				break;
			}
			switch (code) {
			case OPT_COMMENT:
				fOptComments.add(string(value, olen));
				break;
			case 2:
				fOpt2 = string(value, olen);
				break;
			case 3:
				fOpt3 = string(value, olen);
				break;
			case 4:
				fOpt4 = string(value, olen);
				break;
			case IF_TSRESOL:
				if (olen >= 1) {
					fOptTsresol = f.get(value) & 0xff;
				}
				break;
			case IF_TSOFFSET:
				if (olen >= 8) {
					long hi = f.getInt(value, o) & 0xffffffffL;
					long lo = f.getInt(value + 4, o) & 0xffffffffL;
					fOptTsoffset = o == ByteOrder.BIG_ENDIAN ? hi << 32 | lo : lo << 32 | hi;
				}
				break;
			default:
				break;
			}
			p = value + ((olen + 3) & ~3);
		}
	}

	private String string(long offset, int length) {
		byte[] b = new byte[length];
		fIn.copy(offset, b, 0, length);
		int n = length;
		while (n > 0 && b[n - 1] == 0) {
			n--; // some writers add a terminating NUL
		}
		return new String(b, 0, n, StandardCharsets.UTF_8);
	}
}
