package io.feedscope.dissect.tests;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds ITCH 5.0 messages per the spec layout, valid by default, one method per field.
 * Offsets below are the spec's (message type at 0, stock locate 1, tracking number 3, timestamp 5).
 */
final class ItchBuilder {

	private final ByteBuffer fBuf;
	private int fLength;

	private ItchBuilder(char type, int length) {
		fBuf = ByteBuffer.allocate(64);
		fLength = length;
		fBuf.put(0, (byte) type);
		stockLocate(1).trackingNumber(0).timestamp(34_200_000_000_000L);
	}

	/** Add Order No MPID Attribution ('A', 36 bytes): ref 8 @11, side @19, shares @20, stock @24, price @32. */
	static ItchBuilder addOrder() {
		return new ItchBuilder('A', 36).orderReferenceNumber(1).buySell('B').shares(100).stock("AAPL").price(1_234_500);
	}

	/** System Event ('S', 12 bytes): event code @11. */
	static ItchBuilder systemEvent(char code) {
		ItchBuilder b = new ItchBuilder('S', 12);
		b.fBuf.put(11, (byte) code);
		return b;
	}

	/** MWCB Decline Level ('V', 35 bytes): three u64 levels with 8 decimals @11, @19, @27. */
	static ItchBuilder mwcbDecline(long l1, long l2, long l3) {
		ItchBuilder b = new ItchBuilder('V', 35);
		b.fBuf.putLong(11, l1).putLong(19, l2).putLong(27, l3);
		return b;
	}

	/** Stock Trading Action ('H', 25 bytes): stock @11, state @19, reserved @20, reason @21 (4). */
	static ItchBuilder tradingAction(String stock, char state, String reason) {
		ItchBuilder b = new ItchBuilder('H', 25);
		b.ascii(11, 8, stock);
		b.fBuf.put(19, (byte) state).put(20, (byte) ' ');
		b.ascii(21, 4, reason);
		return b;
	}

	ItchBuilder type(char c) {
		fBuf.put(0, (byte) c);
		return this;
	}

	ItchBuilder stockLocate(int v) {
		fBuf.putShort(1, (short) v);
		return this;
	}

	ItchBuilder trackingNumber(int v) {
		fBuf.putShort(3, (short) v);
		return this;
	}

	/** 6-byte nanoseconds since midnight. */
	ItchBuilder timestamp(long ns) {
		fBuf.putShort(5, (short) (ns >>> 32)).putInt(7, (int) ns);
		return this;
	}

	ItchBuilder orderReferenceNumber(long v) {
		fBuf.putLong(11, v);
		return this;
	}

	ItchBuilder buySell(char c) {
		fBuf.put(19, (byte) c);
		return this;
	}

	ItchBuilder shares(int v) {
		fBuf.putInt(20, v);
		return this;
	}

	ItchBuilder stock(String s) {
		return ascii(24, 8, s);
	}

	/** Price as u32 with 4 implied decimals. */
	ItchBuilder price(int unscaled) {
		fBuf.putInt(32, unscaled);
		return this;
	}

	/** Changes the message length (cut short or padded with zeros). */
	ItchBuilder length(int n) {
		fLength = n;
		return this;
	}

	private ItchBuilder ascii(int off, int width, String s) {
		byte[] b = Arrays.copyOf(s.getBytes(StandardCharsets.US_ASCII), width);
		for (int k = s.length(); k < width; k++) {
			b[k] = ' ';
		}
		fBuf.put(off, b);
		return this;
	}

	byte[] build() {
		return Arrays.copyOf(fBuf.array(), fLength);
	}
}
