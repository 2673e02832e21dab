package io.feedscope.capture.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The drops recorded in a closed pcapng file's interface statistics blocks: a capture process that switches
 * ring files (dumpcap, FeedScope's pcap4j process) ends each file with one block per interface holding
 * {@code isb_ifdrop}, the packets dropped since the capture began. Only block headers and that option are
 * read; the frames are the capture bundle's business.
 */
final class PcapngStatistics {
	private static final int SHB = 0x0A0D0D0A;
	private static final int ISB = 5;
	private static final int ISB_IFDROP = 5;
	/** a ring file is small; a larger one is not scanned (its drops come at the next switch or the end) */
	private static final long MAX_BYTES = 1L << 30;

	private PcapngStatistics() {
	}

	/**
	 * @return the drops of the last statistics block of each interface, added up; -1 if the file has none, is
	 *         no pcapng file or cannot be read (the ring may have deleted it already)
	 */
	static long drops(Path file) {
		byte[] bytes;
		try {
			if (Files.size(file) > MAX_BYTES) {
				return -1;
			}
			bytes = Files.readAllBytes(file);
		} catch (IOException e) {
			return -1;
		}
		return drops(ByteBuffer.wrap(bytes));
	}

	static long drops(ByteBuffer b) {
		Map<Integer, Long> last = new HashMap<>();
		ByteOrder order = ByteOrder.BIG_ENDIAN;
		int pos = 0;
		while (pos + 12 <= b.limit()) {
			// the section header's type reads the same in both byte orders
			if (b.order(ByteOrder.BIG_ENDIAN).getInt(pos) == SHB) {
				// the byte-order magic after the block length says how this section is written
				int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(pos + 8);
				order = magic == 0x1A2B3C4D ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
				last.clear(); // a new section numbers its interfaces anew
			}
			b.order(order);
			int type = b.getInt(pos);
			int length = b.getInt(pos + 4);
			if (length < 12 || (length & 3) != 0 || pos + length > b.limit()) {
				break; // cut or damaged: what was read stands
			}
			if (type == ISB && length >= 24) {
				int iface = b.getInt(pos + 8);
				long drops = option(b, pos + 20, pos + length - 4);
				if (drops >= 0) {
					last.put(iface, drops);
				}
			}
			pos += length;
		}
		return last.isEmpty() ? -1 : last.values().stream().mapToLong(Long::longValue).sum();
	}

	/** @return isb_ifdrop among the options in [from, to), or -1 */
	private static long option(ByteBuffer b, int from, int to) {
		int p = from;
		while (p + 4 <= to) {
			int code = Short.toUnsignedInt(b.getShort(p));
			int length = Short.toUnsignedInt(b.getShort(p + 2));
			if (code == 0) {
				break;
			}
			if (code == ISB_IFDROP && length == 8 && p + 12 <= to) {
				return b.getLong(p + 4);
			}
			p += 4 + ((length + 3) & ~3);
		}
		return -1;
	}
}
