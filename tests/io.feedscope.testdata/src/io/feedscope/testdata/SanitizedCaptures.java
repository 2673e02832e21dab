package io.feedscope.testdata;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.capture.PacketLayers;

/**
 * Captures as a publisher sanitizes them before sharing (NASDAQ's public samples have their MoldUDP64 sessions
 * zeroed): the analysis must still find the feed in them. One copy for the analysis's and the command line's tests.
 */
public final class SanitizedCaptures {

	private SanitizedCaptures() {
	}

	/**
	 * Copies a capture into a pcap (nanosecond) file with the first ten payload bytes (a MoldUDP64 session) of every
	 * UDP frame set to zero; timestamps and lengths are kept.
	 */
	public static void zeroSessions(Path in, Path out) throws IOException {
		try (CaptureFile c = Captures.open(in); OutputStream o = Files.newOutputStream(out)) {
			ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
			h.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
					.putInt(c.linkType(1));
			o.write(h.array());
			PacketLayers layers = new PacketLayers();
			for (int f = 1; f <= c.frameCount(); f++) {
				ByteBuffer data = c.frameData(f);
				byte[] bytes = new byte[data.remaining()];
				data.get(bytes);
				if (layers.decode(ByteBuffer.wrap(bytes), c.linkType(f)) == PacketLayers.Kind.UDP) {
					Arrays.fill(bytes, layers.payloadOffset(), layers.payloadOffset() + 10, (byte) 0);
				}
				long t = c.timestampNanos(f);
				ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
				rec.putInt((int) (t / 1_000_000_000L)).putInt((int) (t % 1_000_000_000L)).putInt(bytes.length)
						.putInt(c.originalLength(f));
				o.write(rec.array());
				o.write(bytes);
			}
		}
	}
}
