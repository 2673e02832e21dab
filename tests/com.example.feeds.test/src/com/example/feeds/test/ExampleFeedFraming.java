package com.example.feeds.test;

import java.nio.charset.StandardCharsets;

import io.feedscope.generator.feed.Framing;
import io.feedscope.generator.feed.FramingEncoder;

/**
 * The Example Feed framing (protocols/exfeed.fsp) as the generator writes it, contributed in plugin.xml: a data
 * packet is stream (4 ASCII) + sequence (u32) + count (u8), then per message a u8 length and the message; big-endian.
 */
public final class ExampleFeedFraming implements Framing {

	@Override
	public FramingEncoder encoder(String session) {
		if (session.length() != 4) {
			throw new IllegalArgumentException("an Example Feed stream is 4 characters, not '" + session + "'");
		}
		byte[] stream = session.getBytes(StandardCharsets.US_ASCII);
		return new FramingEncoder() {
			@Override
			public int headerLength() {
				return 9;
			}

			@Override
			public int block(byte[] frame, int at, byte[] message, int offset, int length) {
				frame[at] = (byte) length;
				System.arraycopy(message, offset, frame, at + 1, length);
				return at + 1 + length;
			}

			@Override
			public void header(byte[] frame, int at, int end, long sequence, int count) {
				System.arraycopy(stream, 0, frame, at, 4);
				frame[at + 4] = (byte) (sequence >>> 24);
				frame[at + 5] = (byte) (sequence >>> 16);
				frame[at + 6] = (byte) (sequence >>> 8);
				frame[at + 7] = (byte) sequence;
				count(frame, at, count);
			}

			@Override
			public void count(byte[] frame, int at, int count) {
				frame[at + 8] = (byte) count;
			}

			@Override
			public int blockPrefix() {
				return 1;
			}

			@Override
			public void blockLength(byte[] frame, int blockAt, int length) {
				frame[blockAt] = (byte) length;
			}
		};
	}
}
