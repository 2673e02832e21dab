package io.feedscope.generator.feed;

/**
 * How a framing protocol lays a packet's header and message blocks into a UDP payload, for one session: the
 * generator's engine and contributed presets ({@link Framing}) write packets through it and know no framing's
 * layout themselves. MoldUDP64 prefixes each message with its length; other framings carry messages that start
 * with their own (e.g. Cboe's Sequenced Unit Header). Implementations write into the caller's buffer and allocate
 * nothing.
 */
public interface FramingEncoder {

	/** @return the header's size: the first block starts this far after the payload's start */
	int headerLength();

	/**
	 * Writes one message as a block.
	 *
	 * @param frame the packet buffer
	 * @param at where the block starts
	 * @param message the bytes holding the message
	 * @param offset where the message starts in them
	 * @param length the message's length
	 * @return where the next block starts
	 */
	int block(byte[] frame, int at, byte[] message, int offset, int length);

	/**
	 * Writes the header of the packet whose payload runs from {@code at} to {@code end} (blocks written first, so
	 * a header that states the packet's length can).
	 *
	 * @param sequence the first message's sequence number (or, for a packet without messages, the next one)
	 * @param count the message count field as it is to read (a heartbeat's 0, MoldUDP64's end of session 0xFFFF)
	 */
	void header(byte[] frame, int at, int end, long sequence, int count);

	/** Rewrites the header's message count (a malformed packet: a count beyond its blocks). */
	void count(byte[] frame, int at, int count);

	/** @return the bytes a block adds before its message (a length field), 0 when a message carries its own */
	int blockPrefix();

	/** Rewrites the length a block states (a malformed block running past the packet); nothing when blocks state none. */
	void blockLength(byte[] frame, int blockAt, int length);
}
