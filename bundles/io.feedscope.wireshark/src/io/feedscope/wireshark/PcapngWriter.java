package io.feedscope.wireshark;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Writes pcapng (little-endian sections): a Section Header Block with the application's name, one
 * Interface Description Block per interface (link type, snap length, {@code if_name}, nanosecond
 * {@code if_tsresol}), and Enhanced Packet Blocks with {@code opt_comment} options, one per comment, which
 * Wireshark shows as frame comments ({@code frame.comment}). Only what annotated exports need; the capture
 * bundle reads, this writes.
 */
public final class PcapngWriter implements Closeable {

	private static final int SHB = 0x0A0D0D0A;
	private static final int IDB = 0x00000001;
	private static final int EPB = 0x00000006;
	private static final int OPT_COMMENT = 1;
	private static final int SHB_USERAPPL = 4;
	private static final int IF_NAME = 2;
	private static final int IF_DESCRIPTION = 3;
	private static final int IF_TSRESOL = 9;

	private final OutputStream fOut;
	private int fInterfaces;

	/**
	 * @param out where to write (buffered here, closed by {@link #close()})
	 * @param comment an optional comment of the whole file (shown in Wireshark's capture properties)
	 */
	public PcapngWriter(OutputStream out, @Nullable String comment) throws IOException {
		fOut = new BufferedOutputStream(out, 1 << 16);
		Options o = new Options();
		if (comment != null && !comment.isEmpty()) {
			o.add(OPT_COMMENT, comment.getBytes(StandardCharsets.UTF_8));
		}
		o.add(SHB_USERAPPL, "FeedScope".getBytes(StandardCharsets.UTF_8));
		ByteBuffer body = le(16);
		body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
		block(SHB, body.array(), o.bytes());
	}

	/**
	 * @param linkType e.g. 1 (Ethernet)
	 * @param snaplen the interface's snap length (0: none)
	 * @param name the interface name to keep (if_name), or null
	 * @return the interface id for {@link #packet}
	 */
	public int addInterface(int linkType, int snaplen, @Nullable String name) throws IOException {
		return addInterface(linkType, snaplen, name, null);
	}

	/**
	 * @param description if_description (e.g. the capture file the frames came from), or null
	 * @return the interface id for {@link #packet}
	 */
	public int addInterface(int linkType, int snaplen, @Nullable String name, @Nullable String description) throws IOException {
		Options o = new Options();
		if (name != null && !name.isEmpty()) {
			o.add(IF_NAME, name.getBytes(StandardCharsets.UTF_8));
		}
		if (description != null && !description.isEmpty()) {
			o.add(IF_DESCRIPTION, description.getBytes(StandardCharsets.UTF_8));
		}
		o.add(IF_TSRESOL, new byte[] { 9 });
		ByteBuffer body = le(8);
		body.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
		block(IDB, body.array(), o.bytes());
		return fInterfaces++;
	}

	/**
	 * @param iface an id from {@link #addInterface}
	 * @param timeNanos capture time, ns since the Unix epoch
	 * @param data the captured bytes
	 * @param originalLength the length on the wire (&gt;= data.length)
	 * @param comments frame comments, one opt_comment each (may be empty)
	 */
	public void packet(int iface, long timeNanos, byte[] data, int originalLength, List<String> comments) throws IOException {
		if (iface < 0 || iface >= fInterfaces) {
			throw new IllegalArgumentException("interface " + iface + " was not added");
		}
		Options o = new Options();
		for (String c : comments) {
			o.add(OPT_COMMENT, c.getBytes(StandardCharsets.UTF_8));
		}
		int padded = data.length + pad(data.length);
		ByteBuffer body = le(20 + padded);
		body.putInt(iface).putInt((int) (timeNanos >>> 32)).putInt((int) timeNanos).putInt(data.length)
				.putInt(Math.max(originalLength, data.length)).put(data);
		block(EPB, body.array(), o.bytes());
	}

	private void block(int type, byte[] body, byte[] options) throws IOException {
		int total = 12 + body.length + options.length;
		ByteBuffer head = le(8);
		head.putInt(type).putInt(total);
		fOut.write(head.array());
		fOut.write(body);
		fOut.write(options);
		ByteBuffer tail = le(4);
		tail.putInt(total);
		fOut.write(tail.array());
	}

	private static int pad(int n) {
		return (4 - (n & 3)) & 3;
	}

	private static ByteBuffer le(int n) {
		return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
	}

	/** options, padded to 32 bits, ended by opt_endofopt when there are any */
	private static final class Options {
		private final java.io.ByteArrayOutputStream fBytes = new java.io.ByteArrayOutputStream();

		void add(int code, byte[] value) {
			ByteBuffer h = le(4);
			h.putShort((short) code).putShort((short) value.length);
			fBytes.writeBytes(h.array());
			fBytes.writeBytes(value);
			fBytes.writeBytes(new byte[pad(value.length)]);
		}

		byte[] bytes() {
			if (fBytes.size() == 0) {
				return new byte[0];
			}
			byte[] b = fBytes.toByteArray();
			byte[] out = new byte[b.length + 4];
			System.arraycopy(b, 0, out, 0, b.length);
			return out;
		}
	}

	@Override
	public void close() throws IOException {
		fOut.close();
	}
}
