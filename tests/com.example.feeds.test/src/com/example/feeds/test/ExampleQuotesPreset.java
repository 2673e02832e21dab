package com.example.feeds.test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;

import io.feedscope.generator.Generator;
import io.feedscope.generator.feed.CaptureSink;
import io.feedscope.generator.feed.FeedPreset;
import io.feedscope.generator.feed.FramingEncoder;
import io.feedscope.generator.feed.Json;
import io.feedscope.generator.feed.UdpFrames;

/**
 * {@code feedscope generate --preset example-quotes} (contributed in plugin.xml, a team's own preset): one line of
 * Example Feed packets (stream EXQ1, UDP port 30017, the port exfeed.fsp binds) carrying 1..3 Example Quotes
 * Quote messages each, 100 packets, every packet's sequence the one after the last; the seed picks instruments,
 * sides, prices and quantities. The truth says how many frames and messages were written.
 */
public final class ExampleQuotesPreset implements FeedPreset {

	/** packets written */
	public static final int PACKETS = 100;
	/** the line's group and port */
	public static final String GROUP = "239.1.1.17";
	public static final int PORT = 30017;
	private static final String[] INSTRUMENTS = { "ABCD", "WXYZ", "EXMP" };

	@Override
	public Result write(Path capture, Settings settings) throws IOException {
		Long seed = settings.seed();
		SplittableRandom rnd = new SplittableRandom(seed == null ? 1 : seed);
		FramingEncoder framing = settings.framing().encoder("EXQ1");
		Path truth = Generator.truthPath(capture);
		if (!settings.overwrite() && Files.exists(truth)) {
			throw new java.nio.file.FileAlreadyExistsException(truth.toString());
		}
		long start = 1_796_135_400_000_000_000L;
		long seq = 1;
		long messages = 0;
		long bytes;
		int src = UdpFrames.ipv4("10.1.1.17"), dst = UdpFrames.ipv4(GROUP);
		try (CaptureSink sink = new CaptureSink(capture, settings.format(), "example-quotes",
				List.of(new CaptureSink.Interface("line", "Example Feed line")), settings.overwrite())) {
			for (int i = 0; i < PACKETS; i++) {
				int n = 1 + rnd.nextInt(3);
				byte[] payload = new byte[framing.headerLength() + n * (framing.blockPrefix() + 14)];
				int at = framing.headerLength();
				for (int k = 0; k < n; k++) {
					ByteBuffer q = ByteBuffer.allocate(14); // exquote Quote: type, instrument, side, price, quantity
					q.put((byte) 'Q').put(INSTRUMENTS[rnd.nextInt(INSTRUMENTS.length)].getBytes(StandardCharsets.US_ASCII))
							.put((byte) (rnd.nextBoolean() ? 'B' : 'S')).putInt(100 + rnd.nextInt(100_000)).putInt(1 + rnd.nextInt(1000));
					at = framing.block(payload, at, q.array(), 0, 14);
				}
				framing.header(payload, 0, at, seq, n);
				byte[] f = UdpFrames.frame(src, PORT, dst, PORT, i + 1, payload);
				sink.frame(sink.quantize(start + i * 1_000_000L), f, f.length, f.length, 0, null);
				seq += n;
				messages += n;
			}
			sink.close();
			bytes = sink.bytes();
		}
		Files.writeString(truth, "{\"format\": \"feedscope-generator-truth\", \"preset\": \"example-quotes\", \"capture\": "
				+ Json.str(capture.getFileName().toString()) + ", \"frames\": " + PACKETS + ", \"messages\": " + messages + "}\n",
				StandardCharsets.UTF_8, settings.overwrite() ? new StandardOpenOption[0]
						: new StandardOpenOption[] { StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE });
		return new Result(capture, truth, PACKETS, messages, bytes);
	}
}
