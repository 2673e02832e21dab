package io.feedscope.protocols.pitch.generator;

import io.feedscope.generator.feed.FramingEncoder;

/**
 * The Cboe Sequenced Unit Header (Cboe US Equities Multicast PITCH Specification, "Sequenced Unit Header"): an
 * 8-byte little-endian header (Hdr Length u16, the whole packet; Hdr Count u8; Hdr Unit u8; Hdr Sequence u32), then
 * the messages as they are, each starting with its own Length byte.
 */
public final class SequencedUnitHeaderEncoder implements FramingEncoder {

	/** the header's size */
	public static final int HEADER = 8;

	private final int fUnit;

	/** @param unit 1..255 */
	public SequencedUnitHeaderEncoder(int unit) {
		fUnit = unit;
	}

	@Override
	public int headerLength() {
		return HEADER;
	}

	@Override
	public int block(byte[] frame, int at, byte[] message, int offset, int length) {
		System.arraycopy(message, offset, frame, at, length);
		return at + length;
	}

	@Override
	public void header(byte[] frame, int at, int end, long sequence, int count) {
		int len = end - at;
		frame[at] = (byte) len;
		frame[at + 1] = (byte) (len >>> 8);
		count(frame, at, count);
		frame[at + 3] = (byte) fUnit;
		frame[at + 4] = (byte) sequence;
		frame[at + 5] = (byte) (sequence >>> 8);
		frame[at + 6] = (byte) (sequence >>> 16);
		frame[at + 7] = (byte) (sequence >>> 24);
	}

	@Override
	public void count(byte[] frame, int at, int count) {
		frame[at + 2] = (byte) count;
	}

	@Override
	public int blockPrefix() {
		return 0;
	}

	@Override
	public void blockLength(byte[] frame, int blockAt, int length) {
		// a PITCH message's length is its own first byte: no block field to rewrite
	}
}
