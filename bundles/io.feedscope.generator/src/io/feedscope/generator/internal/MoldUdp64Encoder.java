package io.feedscope.generator.internal;

import io.feedscope.generator.feed.FramingEncoder;

/**
 * MoldUDP64 (NASDAQ MoldUDP64 Protocol Specification v1.00): a 20-byte header (session, 10 ASCII characters;
 * sequence number, u64; message count, u16; big-endian) and blocks of a u16 length and the message.
 */
public final class MoldUdp64Encoder implements FramingEncoder {

	/** the header's size */
	public static final int HEADER = 20;

	private final byte[] fSession = new byte[10];

	/** @param session the session, 10 characters (space-padded by the scenario) */
	public MoldUdp64Encoder(String session) {
		for (int i = 0; i < 10; i++) {
			fSession[i] = (byte) session.charAt(i);
		}
	}

	@Override
	public int headerLength() {
		return HEADER;
	}

	@Override
	public int block(byte[] frame, int at, byte[] message, int offset, int length) {
		BigEndian.put2(frame, at, length);
		System.arraycopy(message, offset, frame, at + 2, length);
		return at + 2 + length;
	}

	@Override
	public void header(byte[] frame, int at, int end, long sequence, int count) {
		System.arraycopy(fSession, 0, frame, at, 10);
		BigEndian.put8(frame, at + 10, sequence);
		count(frame, at, count);
	}

	@Override
	public void count(byte[] frame, int at, int count) {
		BigEndian.put2(frame, at + 18, count);
	}

	@Override
	public int blockPrefix() {
		return 2;
	}

	@Override
	public void blockLength(byte[] frame, int blockAt, int length) {
		BigEndian.put2(frame, blockAt, length);
	}
}
