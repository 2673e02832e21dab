package io.feedscope.protocols.pitch.generator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.feedscope.generator.feed.FramingEncoder;

/**
 * Cboe Multicast PITCH messages and the Sequenced Unit Header packets that carry them (the frame around them:
 * {@link io.feedscope.generator.feed.UdpFrames}). Written from the published layouts (Cboe US Equities/Options
 * Multicast Depth of Book (PITCH) Specification v2.41), not from FeedScope's description of them, so a decode of
 * what it writes tests the description:
 * <pre>
 * Sequenced Unit Header (8 bytes, little-endian): Hdr Length u16 (whole packet), Hdr Count u8, Hdr Unit u8,
 *                                                 Hdr Sequence u32 (first message; a heartbeat: next expected)
 * every message: Length u8 (counting itself), Message Type u8, then its fields (little-endian binary,
 *                ASCII right padded with spaces)
 * </pre>
 */
public final class PitchEncoder {

	/** Message types written (0x20 Time, 0x21 Add Order Long, ...). */
	public static final int TIME = 0x20, ADD_LONG = 0x21, ADD_SHORT = 0x22, EXECUTED = 0x23, REDUCE_SHORT = 0x26,
			MODIFY_SHORT = 0x28, DELETE = 0x29, TRADE_SHORT = 0x2B, UNIT_CLEAR = 0x97;

	/** Sequenced Unit Header length. */
	public static final int HEADER = 8;

	private PitchEncoder() {
	}

	/**
	 * One PITCH message's bytes.
	 *
	 * @param type message type
	 * @param timeOffset ns since the unit's last Time message (ignored for Time)
	 * @param seconds seconds since midnight (Time only)
	 * @param order order id
	 * @param side 'B' or 'S'
	 * @param quantity shares
	 * @param symbol up to 6 characters
	 * @param price for long prices 4 implied decimals, short prices 2
	 * @param execution execution id
	 * @return the message, its Length byte first
	 */
	public static byte[] message(int type, long timeOffset, long seconds, long order, char side, long quantity, String symbol,
			long price, long execution) {
		int len = switch (type) {
		case TIME -> 6;
		case ADD_LONG -> 34;
		case ADD_SHORT -> 26;
		case EXECUTED -> 26;
		case REDUCE_SHORT -> 16;
		case MODIFY_SHORT -> 19;
		case DELETE -> 14;
		case TRADE_SHORT -> 33;
		case UNIT_CLEAR -> 6;
		default -> throw new IllegalArgumentException("message type " + type);
		};
		ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) len).put((byte) type);
		if (type == TIME) {
			b.putInt((int) seconds);
			return b.array();
		}
		b.putInt((int) timeOffset);
		switch (type) {
		case ADD_LONG -> b.putLong(order).put((byte) side).putInt((int) quantity).put(symbol(symbol)).putLong(price).put((byte) 1);
		case ADD_SHORT -> b.putLong(order).put((byte) side).putShort((short) quantity).put(symbol(symbol)).putShort((short) price)
				.put((byte) 1);
		case EXECUTED -> b.putLong(order).putInt((int) quantity).putLong(execution);
		case REDUCE_SHORT -> b.putLong(order).putShort((short) quantity);
		case MODIFY_SHORT -> b.putLong(order).putShort((short) quantity).putShort((short) price).put((byte) 1);
		case DELETE -> b.putLong(order);
		case TRADE_SHORT -> b.putLong(order).put((byte) side).putShort((short) quantity).put(symbol(symbol)).putShort((short) price)
				.putLong(execution);
		default -> {
			// Unit Clear: the time offset only
		}
		}
		return b.array();
	}

	private static byte[] symbol(String s) {
		byte[] out = "      ".getBytes(StandardCharsets.US_ASCII);
		byte[] in = s.getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(in, 0, out, 0, Math.min(6, in.length));
		return out;
	}

	/**
	 * The UDP payload: a Sequenced Unit Header and the messages.
	 *
	 * @param suh the unit's Sequenced Unit Header encoder (the feed's contributed framing)
	 * @param sequence first message's sequence number (a heartbeat: the next one expected)
	 * @param messages the messages (none: a heartbeat)
	 */
	public static byte[] packet(FramingEncoder suh, long sequence, List<byte[]> messages) {
		int len = suh.headerLength();
		for (byte[] m : messages) {
			len += m.length;
		}
		byte[] p = new byte[len];
		int at = suh.headerLength();
		for (byte[] m : messages) {
			at = suh.block(p, at, m, 0, m.length);
		}
		suh.header(p, 0, at, sequence, messages.size());
		return p;
	}
}
