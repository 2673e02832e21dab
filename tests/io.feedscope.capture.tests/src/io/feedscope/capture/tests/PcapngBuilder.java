package io.feedscope.capture.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds pcapng files block by block (draft-ietf-opsawg-pcapng layouts), each section in the byte
 * order given, and remembers where each block starts so tests can cut or break the file there.
 */
final class PcapngBuilder {
	static final int SHB = 0x0a0d0d0a;
	static final int IDB = 1;
	static final int OPB = 2;
	static final int SPB = 3;
	static final int ISB = 5;
	static final int EPB = 6;

	private final ByteArrayOutputStream fOut = new ByteArrayOutputStream();
	private ByteOrder fOrder = ByteOrder.LITTLE_ENDIAN;
	private final List<Integer> fBlockOffsets = new ArrayList<>();

	/**
	 * Options of a block: code, length, value padded to 4 bytes; {@link #bytes(ByteOrder)} adds
	 * opt_endofopt. Rendered when the block is written, in that block's byte order.
	 */
	static final class Options {
		private final List<Object[]> fOpts = new ArrayList<>();

		/** @param value a byte[], or a Long for a 64-bit value in the block's byte order */
		Options add(int code, Object value) {
			fOpts.add(new Object[] { code, value });
			return this;
		}

		Options string(int code, String value) {
			return add(code, value.getBytes(StandardCharsets.UTF_8));
		}

		/** opt_comment (code 1), UTF-8 */
		Options comment(String c) {
			return string(1, c);
		}

		/** if_tsresol (code 9): one byte, bit 7 clear = 10^-n s, set = 2^-n s */
		Options tsresol(int value) {
			return add(9, new byte[] { (byte) value });
		}

		/** if_tsoffset (code 14): signed 64-bit seconds added to the timestamps */
		Options tsoffset(long seconds) {
			return add(14, Long.valueOf(seconds));
		}

		byte[] bytes(ByteOrder order) {
			if (fOpts.isEmpty()) {
				return new byte[0];
			}
			ByteArrayOutputStream b = new ByteArrayOutputStream();
			for (Object[] o : fOpts) {
				byte[] value = o[1] instanceof Long l ? ByteBuffer.allocate(8).order(order).putLong(l).array()
						: (byte[]) o[1];
				ByteBuffer h = ByteBuffer.allocate(4).order(order);
				h.putShort((short) (int) (Integer) o[0]); // option code
				h.putShort((short) value.length); // option length, without padding
				b.writeBytes(h.array());
				b.writeBytes(value);
				b.writeBytes(new byte[pad(value.length)]); // padding to 32 bits
			}
			b.writeBytes(new byte[4]); // opt_endofopt: code 0, length 0
			return b.toByteArray();
		}
	}

	Options options() {
		return new Options();
	}

	static int pad(int n) {
		return (4 - (n & 3)) & 3;
	}

	/** Section Header Block in the given byte order; later blocks use that order. */
	PcapngBuilder section(ByteOrder order, Options... opts) {
		fOrder = order;
		ByteBuffer b = ByteBuffer.allocate(16).order(order);
		b.putInt(0x1a2b3c4d); // byte-order magic, written in the section's order
		b.putShort((short) 1).putShort((short) 0); // major version 1, minor 0
		b.putLong(-1); // section length: not given
		return block(SHB, b.array(), opts);
	}

	/** Interface Description Block. */
	PcapngBuilder iface(int linkType, int snaplen, Options... opts) {
		ByteBuffer b = ByteBuffer.allocate(8).order(fOrder);
		b.putShort((short) linkType); // LinkType
		b.putShort((short) 0); // reserved
		b.putInt(snaplen); // SnapLen, 0 = no limit
		return block(IDB, b.array(), opts);
	}

	/** Enhanced Packet Block; ticks in the interface's if_tsresol units. */
	PcapngBuilder epb(int ifaceId, long ticks, byte[] data, int origLen, Options... opts) {
		ByteBuffer b = ByteBuffer.allocate(20 + data.length + pad(data.length)).order(fOrder);
		b.putInt(ifaceId); // Interface ID
		b.putInt((int) (ticks >>> 32)); // Timestamp (upper 32 bits)
		b.putInt((int) ticks); // Timestamp (lower 32 bits)
		b.putInt(data.length); // Captured Packet Length
		b.putInt(origLen); // Original Packet Length
		b.put(data); // Packet Data, then padding (zeros)
		return block(EPB, b.array(), opts);
	}

	PcapngBuilder epb(int ifaceId, long ticks, byte[] data, Options... opts) {
		return epb(ifaceId, ticks, data, data.length, opts);
	}

	/** Simple Packet Block: no interface id (0), no timestamp, no captured length. */
	PcapngBuilder spb(byte[] data, int origLen) {
		ByteBuffer b = ByteBuffer.allocate(4 + data.length + pad(data.length)).order(fOrder);
		b.putInt(origLen); // Original Packet Length
		b.put(data); // Packet Data, then padding
		return block(SPB, b.array());
	}

	/** Obsolete Packet Block (type 2). */
	PcapngBuilder opb(int ifaceId, long ticks, byte[] data, int origLen) {
		ByteBuffer b = ByteBuffer.allocate(20 + data.length + pad(data.length)).order(fOrder);
		b.putShort((short) ifaceId); // Interface ID, 16 bits
		b.putShort((short) 0); // Drops Count
		b.putInt((int) (ticks >>> 32)); // Timestamp (upper 32 bits)
		b.putInt((int) ticks); // Timestamp (lower 32 bits)
		b.putInt(data.length); // Captured Len
		b.putInt(origLen); // Packet Len
		b.put(data); // Packet Data, then padding
		return block(OPB, b.array());
	}

	/** Any block: type, total length, body + options, total length again. */
	PcapngBuilder block(int type, byte[] body, Options... opts) {
		byte[] options = opts.length == 0 ? new byte[0] : opts[0].bytes(fOrder);
		int total = 12 + body.length + pad(body.length) + options.length;
		ByteBuffer b = ByteBuffer.allocate(total).order(fOrder);
		b.putInt(type); // Block Type
		b.putInt(total); // Block Total Length
		b.put(body); // Block Body
		b.put(new byte[pad(body.length)]);
		b.put(options); // Options
		b.putInt(total); // Block Total Length, repeated
		fBlockOffsets.add(fOut.size());
		fOut.writeBytes(b.array());
		return this;
	}

	PcapngBuilder raw(byte[] b) {
		fOut.writeBytes(b);
		return this;
	}

	/** @return byte offsets of the blocks written, in order */
	List<Integer> blockOffsets() {
		return fBlockOffsets;
	}

	int size() {
		return fOut.size();
	}

	byte[] bytes() {
		return fOut.toByteArray();
	}

	Path write(Path dir, String name) throws IOException {
		return Files.write(dir.resolve(name), bytes());
	}
}
