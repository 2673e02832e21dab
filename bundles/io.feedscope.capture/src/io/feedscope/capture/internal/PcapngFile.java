package io.feedscope.capture.internal;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.CaptureInterface;
import io.feedscope.capture.CaptureSection;

/**
 * pcapng (draft-ietf-opsawg-pcapng): sections in either byte order, several interfaces per section
 * with their own link type, time resolution and offset; Enhanced, Simple and obsolete Packet Blocks;
 * comments. Other blocks (name resolution, statistics, decryption secrets, custom, unknown) are
 * skipped by their length.
 * <p>
 * Block framing is trusted only as far as it is consistent: a block whose length is impossible or
 * whose trailing length differs stops reading there (what follows cannot be located), while a packet
 * block that is well framed but wrong inside (undefined interface, captured length beyond the block)
 * is skipped with a problem and reading goes on.
 */
final class PcapngFile extends AbstractCapture {
	static final int SHB = 0x0a0d0d0a;
	private static final int IDB = 1;
	private static final int OPB = 2;
	private static final int SPB = 3;
	private static final int EPB = 6;
	private static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
	private static final int OPT_END = 0;
	private static final int OPT_COMMENT = 1;
	private static final int SHB_HARDWARE = 2;
	private static final int SHB_OS = 3;
	private static final int SHB_USERAPPL = 4;
	private static final int IF_NAME = 2;
	private static final int IF_DESCRIPTION = 3;
	private static final int IF_TSRESOL = 9;
	private static final int IF_TSOFFSET = 14;

	/** current section: byte order, first global interface id, number of its interfaces */
	private ByteOrder fOrder = ByteOrder.BIG_ENDIAN;
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

	PcapngFile(Opened opened) throws IOException {
		super(opened, CaptureFormat.PCAPNG);
		index(new Progress(this, opened.monitor(), opened.file().size()));
	}

	static boolean isMagic(int firstInt) {
		return firstInt == SHB;
	}

	private void index(Progress progress) throws IOException {
		MappedFile f = fFile;
		long size = f.size();
		long pos = 0;
		while (pos < size) {
			if (progress.due(pos)) {
				progress.report(pos);
			}
			int frame = fIndex.written() + 1;
			if (size - pos < 12) {
				problem(pos, 0, "file cut inside a block header (" + (size - pos) + " bytes left)");
				break;
			}
			int type = f.getInt(pos, fOrder); // SHB's type reads the same in both orders
			if (type == SHB) {
				if (size - pos < 28) {
					problem(pos, 0, "file cut inside a section header block (" + (size - pos) + " bytes left)");
					break;
				}
				int bom = f.getInt(pos + 8, ByteOrder.BIG_ENDIAN);
				if (bom == BYTE_ORDER_MAGIC) {
					fOrder = ByteOrder.BIG_ENDIAN;
				} else if (bom == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
					fOrder = ByteOrder.LITTLE_ENDIAN;
				} else {
					problem(pos, 0, String.format("section header byte-order magic %08x is neither 1a2b3c4d nor "
							+ "4d3c2b1a; reading stops here", bom));
					break;
				}
			}
			ByteOrder o = fOrder;
			long len = f.getInt(pos + 4, o) & 0xffffffffL;
			int concerned = isPacket(type) ? frame : 0;
			if (len < 12 || (len & 3) != 0) {
				problem(pos, concerned, "block length " + len + " is not a multiple of 4 of at least 12 (block type "
						+ hex(type) + "); reading stops here");
				break;
			}
			if (len > size - pos) {
				problem(pos, concerned, "file cut inside a block (type " + hex(type) + ", " + (size - pos) + " of "
						+ len + " bytes present)");
				break;
			}
			long trailer = f.getInt(pos + len - 4, o) & 0xffffffffL;
			if (trailer != len) {
				problem(pos, concerned, "block length " + len + " but trailing length " + trailer + " (block type "
						+ hex(type) + "); reading stops here");
				break;
			}
			boolean stop = false;
			switch (type) {
			case EPB:
				packet(pos, len, frame, false);
				break;
			case SPB:
				simplePacket(pos, len, frame);
				break;
			case OPB:
				packet(pos, len, frame, true);
				break;
			case IDB:
				interfaceBlock(pos, len);
				break;
			case SHB:
				stop = !section(pos, len);
				break;
			default:
				// name resolution, statistics, secrets, custom and unknown blocks: not needed here
			}
			if (stop || fIndex.isFull()) {
				if (!stop) {
					indexFull(pos + len);
				}
				break;
			}
			pos += len;
		}
		progress.done();
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
	 */
	private void packet(long pos, long len, int frame, boolean obsolete) {
		final int dataStart = 28;
		if (len < dataStart + 4) {
			problem(pos, frame, "packet block length " + len + " too short for its fields; block skipped");
			return;
		}
		ByteOrder o = fOrder;
		int ifaceId = obsolete ? fFile.getUnsignedShort(pos + 8, o) : fFile.getInt(pos + 8, o);
		if (Integer.compareUnsigned(ifaceId, fSectionInterfaces) >= 0) {
			problem(pos, frame, "packet block refers to interface " + Integer.toUnsignedString(ifaceId)
					+ ", but the section defines " + fSectionInterfaces + "; block skipped");
			return;
		}
		int tsHigh = fFile.getInt(pos + 12, o);
		int tsLow = fFile.getInt(pos + 16, o);
		int capLen = fFile.getInt(pos + 20, o);
		int origLen = fFile.getInt(pos + 24, o);
		if (capLen < 0 || capLen > len - dataStart - 4) {
			problem(pos, frame, "captured length " + Integer.toUnsignedString(capLen) + " beyond the block ("
					+ (len - dataStart - 4) + " bytes of data room); block skipped");
			return;
		}
		int iface = fSectionBase + ifaceId;
		long ticks = (long) tsHigh << 32 | (tsLow & 0xffffffffL);
		long ns = io.feedscope.capture.PcapngTime.toNanos(ticks, fTsresol[iface]) + fTsoffsetNs[iface];
		int n = fIndex.add(pos + dataStart, ns, capLen, Integer.compareUnsigned(origLen, capLen) < 0 ? capLen : origLen,
				iface);
		long optStart = pos + dataStart + ((capLen + 3L) & ~3L);
		if (optStart < pos + len - 4) {
			frameOptions(optStart, pos + len - 4, n);
		}
	}

	private void simplePacket(long pos, long len, int frame) {
		if (fSectionInterfaces == 0) {
			problem(pos, frame, "simple packet block but the section defines no interface; block skipped");
			return;
		}
		if (len < 16) {
			problem(pos, frame, "simple packet block length " + len + " too short; block skipped");
			return;
		}
		int origLen = fFile.getInt(pos + 8, fOrder);
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
		int n = fIndex.add(pos + 12, 0, (int) capLen, (int) Math.min(Integer.MAX_VALUE, origLen & 0xffffffffL),
				fSectionBase);
		BitSet noTime = fNoTime;
		if (noTime == null) {
			fNoTime = noTime = new BitSet();
		}
		noTime.set(n - 1);
	}

	private void interfaceBlock(long pos, long len) {
		if (len < 20) {
			problem(pos, 0, "interface description block length " + len + " too short; interface ignored");
			// the interface still counts for numbering, or every later packet would be misattributed
		}
		ByteOrder o = fOrder;
		int linkType = len < 20 ? -1 : fFile.getUnsignedShort(pos + 8, o);
		int snaplen = len < 20 ? 0 : fFile.getInt(pos + 12, o);
		readOptions(pos + 16, pos + len - 4);
		int id = fInterfaces.size();
		if (id == fTsresol.length) {
			fTsresol = java.util.Arrays.copyOf(fTsresol, id * 2);
			fTsoffsetNs = java.util.Arrays.copyOf(fTsoffsetNs, id * 2);
			fSnaplen = java.util.Arrays.copyOf(fSnaplen, id * 2);
		}
		fTsresol[id] = fOptTsresol;
		fTsoffsetNs[id] = fOptTsoffset * 1_000_000_000L;
		fSnaplen[id] = snaplen;
		addInterface(new CaptureInterface(id, fSections.size() - 1, fSectionInterfaces, linkType, snaplen, fOptTsresol,
				fOptTsoffset, fOpt2, fOpt3, fOptComments));
		fSectionInterfaces++;
	}

	/** @return false if reading must stop (unknown version) */
	private boolean section(long pos, long len) {
		if (len < 28) {
			problem(pos, 0, "section header block length " + len + " too short; reading stops here");
			return false;
		}
		int major = fFile.getUnsignedShort(pos + 12, fOrder);
		int minor = fFile.getUnsignedShort(pos + 14, fOrder);
		if (major != 1) {
			problem(pos, 0, "pcapng version " + major + "." + minor + " unknown; reading stops here");
			return false;
		}
		readOptions(pos + 24, pos + len - 4);
		fSections.add(new CaptureSection(fSections.size(), pos, fOrder, major, minor, fOpt2, fOpt3, fOpt4, fOptComments));
		fSectionBase = fInterfaces.size();
		fSectionInterfaces = 0;
		return true;
	}

	/** Reads a packet block's options: only the comments matter here. */
	private void frameOptions(long start, long end, int frame) {
		readOptions(start, end);
		if (!fOptComments.isEmpty()) {
			fComments.put(frame, String.join("\n", fOptComments));
		}
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
		ByteOrder o = fOrder;
		long p = start;
		while (end - p >= 4) {
			int code = fFile.getUnsignedShort(p, o);
			int olen = fFile.getUnsignedShort(p + 2, o);
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
					fOptTsresol = fFile.get(value) & 0xff;
				}
				break;
			case IF_TSOFFSET:
				if (olen >= 8) {
					long hi = fFile.getInt(value, o) & 0xffffffffL;
					long lo = fFile.getInt(value + 4, o) & 0xffffffffL;
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
		fFile.copy(offset, b, 0, length);
		int n = length;
		while (n > 0 && b[n - 1] == 0) {
			n--; // some writers add a terminating NUL
		}
		return new String(b, 0, n, StandardCharsets.UTF_8);
	}
}
