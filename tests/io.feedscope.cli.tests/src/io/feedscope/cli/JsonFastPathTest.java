package io.feedscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.filter.packet.PacketRecord;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.feed.UdpFrames;
import io.feedscope.testdata.TestData;

/**
 * decode's JSON fast path (a packet's leading columns rendered once, cached members, numbers and plain ASCII
 * straight into the line) writes the bytes of the general code ({@code RecordWriter.Json(..., general = true)},
 * the code every record went through before), on every capture at hand: the generator's presets (damage,
 * loss, malformed frames), the real NASDAQ captures, the bundled samples (gzip), two captures merged (the
 * capture column, frames of equal number and time from two files), and a hand-built packet whose text fields
 * hold every byte that needs escaping (quote, backslash, control characters, DEL, bytes above 0x7f).
 */
class JsonFastPathTest {

	@TempDir
	Path fDir;

	private static byte[] decode(List<Path> files, boolean general) throws Exception {
		ProtocolSet set = Bindings.parse(List.of(), List.of()).protocols();
		List<CaptureFile> captures = new ArrayList<>();
		List<String> names = new ArrayList<>();
		try {
			for (Path f : files) {
				captures.add(Captures.open(f));
				names.add(f.toString());
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			RecordWriter w = new RecordWriter.Json(out, set, captures.size() > 1, null, general);
			DecodeCommand.decode(captures, names, set, new PacketRecord(set), null, w,
					new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
			return out.toByteArray();
		} finally {
			for (CaptureFile c : captures) {
				c.close();
			}
		}
	}

	private static void assertSameBytes(List<Path> files) throws Exception {
		byte[] general = decode(files, true);
		byte[] fast = decode(files, false);
		assertArrayEquals(general, fast, "decode of " + files);
	}

	private Path generate(String preset, long seed, int frames) throws Exception {
		Path f = fDir.resolve(preset + "-" + seed + ".pcap");
		new Generator(Scenario.preset(preset).seed(seed).frames(frames).build()).format(CaptureFormat.PCAP).write(f);
		return f;
	}

	@Test
	void everyPresetDecodesToTheGeneralCodesBytes() throws Exception {
		for (String preset : Scenario.PRESETS) {
			Path f = generate(preset, 7, 20_000);
			byte[] general = decode(List.of(f), true);
			assertTrue(general.length > 100_000, preset + " decodes to records");
			assertArrayEquals(general, decode(List.of(f), false), preset);
		}
	}

	@Test
	void realCapturesAndSamplesDecodeToTheGeneralCodesBytes() throws Exception {
		for (Path f : TestData.nasdaqPcaps()) {
			assertSameBytes(List.of(f));
		}
		Path samples = Path.of(System.getProperty("feedscope.repo", "../..")).resolve("features/io.feedscope.feature/rootfiles/samples");
		assertSameBytes(List.of(samples.resolve("incident-demo.pcap.gz")));
		assertSameBytes(List.of(samples.resolve("nasdaq-itch50-sample.pcap")));
	}

	@Test
	void mergedCapturesKeepTheirOwnLeadingColumns() throws Exception {
		// two captures of one scenario with different seeds: equal frame numbers at close times, other addresses
		// and sequences; the second one's packets must not reuse the first one's leading columns
		Path a = generate("incident", 1, 5_000);
		Path b = generate("demo", 2, 5_000);
		assertSameBytes(List.of(a, b));
		assertSameBytes(List.of(a, a));
	}

	@Test
	void textThatNeedsEscapingTakesTheGeneralCode() throws Exception {
		// ITCH 5.0 Add Order (type 'A', 36 bytes): locate u16, tracking u16, timestamp u48, order ref u64, side
		// char, shares u32, stock alpha 8, price u32 (4 decimals). Stock and side hold the bytes JSON escapes
		// (or, above 0x7f, encodes in two bytes); one message per odd byte, and a plain one between them.
		byte[][] stocks = { "A\"B     ".getBytes(StandardCharsets.ISO_8859_1), "A\\B     ".getBytes(StandardCharsets.ISO_8859_1),
				{ 'A', 1, 'B', ' ', ' ', ' ', ' ', ' ' }, { 'A', 0x7f, ' ', ' ', ' ', ' ', ' ', ' ' },
				{ 'A', (byte) 0xe9, ' ', ' ', ' ', ' ', ' ', ' ' }, "PLAIN   ".getBytes(StandardCharsets.ISO_8859_1),
				{ ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ' }, { 'A', ' ', 'B', ' ', ' ', ' ', ' ', 0 } };
		byte[] sides = { '"', '\\', 2, 0x7f, (byte) 0xff, 'B', 'S', ' ' };
		ByteArrayOutputStream messages = new ByteArrayOutputStream();
		for (int i = 0; i < stocks.length; i++) {
			ByteBuffer m = ByteBuffer.allocate(2 + 36);
			m.putShort((short) 36).put((byte) 'A').putShort((short) (i + 1)).putShort((short) 0).putShort((short) 0)
					.putInt(1_000 * i).putLong(900_000L + i).put(sides[i]).putInt(100 * i).put(stocks[i]).putInt(1_234_500 + i);
			messages.write(m.array());
		}
		ByteBuffer p = ByteBuffer.allocate(20 + messages.size());
		p.put("SESS\"ON\\01".getBytes(StandardCharsets.ISO_8859_1)).putLong(1).putShort((short) stocks.length)
				.put(messages.toByteArray());
		byte[] frame = UdpFrames.frame(0x0a000001, 40001, 0xe9010101, 26477, 1, p.array());
		ByteArrayOutputStream pcap = new ByteArrayOutputStream();
		ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
		h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
		pcap.write(h.array());
		for (int k = 0; k < 3; k++) { // the same packet three times: the leading columns are reused within a packet only
			ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
			r.putInt(1_700_000_000 + k).putInt(k).putInt(frame.length).putInt(frame.length);
			pcap.write(r.array());
			pcap.write(frame);
		}
		Path f = fDir.resolve("hostile.pcap");
		Files.write(f, pcap.toByteArray());
		byte[] general = decode(List.of(f), true);
		String text = new String(general, StandardCharsets.UTF_8);
		assertTrue(text.contains("\"itch50.stock\":\"A\\\"B\""), text);
		assertTrue(text.contains("\"itch50.stock\":\"A\\u0001B\""), text);
		assertTrue(text.contains("\"itch50.buy_sell_indicator\":\"\\\\\""), text);
		assertTrue(text.contains("\"itch50.stock\":\"A\u00e9\""), text);
		assertArrayEquals(general, decode(List.of(f), false));
	}
}
