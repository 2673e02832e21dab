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
 * decode's JSON and CSV fast paths (a packet's leading columns rendered once, cached members and cells, each
 * message type's plan writing numbers and plain ASCII straight into the line) write the bytes of the general code
 * ({@code RecordWriter.Json/Csv(..., general = true)}, the code every record went through before), on every
 * capture at hand (and every ITCH 5.0 message type is among them): the generator's presets (damage,
 * loss, malformed frames), the real NASDAQ captures, the bundled samples (gzip), two captures merged (the
 * capture column, frames of equal number and time from two files), and a hand-built packet whose text fields
 * hold every byte that needs escaping (quote, backslash, control characters, DEL, bytes above 0x7f).
 */
class JsonFastPathTest {

	@TempDir
	Path fDir;

	private static byte[] decode(List<Path> files, boolean general) throws Exception {
		return decode(files, general, false);
	}

	private static byte[] decode(List<Path> files, boolean general, boolean csv) throws Exception {
		ProtocolSet set = Bindings.parse(List.of(), List.of()).protocols();
		return OpenedCaptures.decode(files, (captures, names) -> {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			RecordWriter w = csv ? new RecordWriter.Csv(out, set, captures.size() > 1, null, general)
					: new RecordWriter.Json(out, set, captures.size() > 1, null, general);
			DecodeCommand.decodeSerial(captures, names, set, new PacketRecord(set), null, w,
					new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
			return out.toByteArray();
		});
	}

	private static void assertSameBytes(List<Path> files) throws Exception {
		byte[] general = decode(files, true);
		byte[] fast = decode(files, false);
		assertArrayEquals(general, fast, "decode of " + files);
		assertArrayEquals(decode(files, true, true), decode(files, false, true), "decode --format csv of " + files);
	}

	/** @return the ITCH 5.0 message type names the JSON records hold */
	private static java.util.Set<String> types(byte[] jsonl) {
		java.util.Set<String> types = new java.util.TreeSet<>();
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"type\":\"([a-z_]+)\"").matcher(new String(jsonl,
				StandardCharsets.UTF_8));
		while (m.find()) {
			types.add(m.group(1));
		}
		return types;
	}

	private Path generate(String preset, long seed, int frames) throws Exception {
		Path f = fDir.resolve(preset + "-" + seed + ".pcap");
		new Generator(Scenario.preset(preset).seed(seed).frames(frames).build()).format(CaptureFormat.PCAP).write(f);
		return f;
	}

	@Test
	void everyPresetDecodesToTheGeneralCodesBytes() throws Exception {
		java.util.Set<String> seen = new java.util.TreeSet<>();
		for (String preset : Scenario.PRESETS) {
			Path f = generate(preset, 7, 20_000);
			byte[] general = decode(List.of(f), true);
			assertTrue(general.length > 100_000, preset + " decodes to records");
			assertArrayEquals(general, decode(List.of(f), false), preset);
			byte[] csv = decode(List.of(f), true, true);
			assertTrue(csv.length > 100_000, preset + " decodes to CSV records");
			assertArrayEquals(csv, decode(List.of(f), false, true), preset + " as CSV");
			seen.addAll(types(general));
		}
		assertTrue(seen.size() >= 15, "the presets' message types: " + seen);
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

	/** @return an Ethernet/IPv4/UDP frame carrying payload (the generator's framing, IP id 1) */
	static byte[] udpFrame(int srcIp, int srcPort, int dstIp, int dstPort, byte[] payload) {
		return UdpFrames.frame(srcIp, srcPort, dstIp, dstPort, 1, payload);
	}

	/** @return a pcap (Ethernet, microseconds) of the frames, one per second */
	private Path pcap(String name, List<byte[]> frames) throws Exception {
		ByteArrayOutputStream pcap = new ByteArrayOutputStream();
		ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
		h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
		pcap.write(h.array());
		int k = 0;
		for (byte[] frame : frames) {
			ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
			r.putInt(1_700_000_000 + k).putInt(k++).putInt(frame.length).putInt(frame.length);
			pcap.write(r.array());
			pcap.write(frame);
		}
		Path f = fDir.resolve(name);
		Files.write(f, pcap.toByteArray());
		return f;
	}

	/**
	 * Every message type of the ITCH 5.0 description, filled with bytes of three kinds: printable ASCII (every
	 * value goes the plan's way), any byte (numbers above 2^63, bytes to escape or quote, unknown enum codes: the
	 * general code's way, field by field or record by record) and the codes each enum names (its labels). Whole
	 * messages, messages cut short, longer than their type and of an unknown type, on two lines (A/B) so that
	 * each message comes twice.
	 */
	@Test
	void everyMessageTypeWithAnyBytesDecodesToTheGeneralCodesBytes() throws Exception {
		ProtocolSet set = Bindings.parse(List.of(), List.of()).protocols();
		io.feedscope.dissect.Protocol itch = set.protocol("itch50");
		org.junit.jupiter.api.Assertions.assertNotNull(itch);
		java.util.Random random = new java.util.Random(14);
		List<byte[]> messages = new ArrayList<>();
		for (int t = 0; t < itch.messageTypeCount(); t++) {
			int length = itch.messageTypeLength(t);
			List<io.feedscope.dissect.FieldInfo> fields = itch.messageTypeFields(t);
			for (int i = 0; i < 180; i++) {
				int kind = i % 3;
				byte[] m = new byte[i % 60 == 57 ? length - 1 - random.nextInt(Math.max(1, length - 2)) : i % 60 == 58 ? length + 3
						: length];
				for (int j = 0; j < m.length; j++) {
					m[j] = (byte) (kind == 0 ? 0x30 + random.nextInt(0x4b) : random.nextInt(256));
				}
				if (kind == 2) {
					// each one-byte field a code its enum names, if it has one (a label to write), else a letter
					int at = 0;
					for (io.feedscope.dissect.FieldInfo f : fields) {
						if (f.width() == 1 && at < m.length) {
							byte code = (byte) ('A' + random.nextInt(26));
							for (int c = 0; c < 256 && f.hasEnum(); c++) {
								int guess = random.nextInt(128);
								if (f.enumLabel(guess) != null) {
									code = (byte) guess;
									break;
								}
							}
							m[at] = code;
						}
						at += Math.max(0, f.width());
					}
				}
				m[0] = (byte) itch.messageTypeCode(t);
				messages.add(m);
			}
		}
		messages.add(new byte[] { '~', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }); // a type the description does not know
		List<byte[]> frames = new ArrayList<>();
		long seq = 1;
		for (int from = 0; from < messages.size();) {
			ByteArrayOutputStream blocks = new ByteArrayOutputStream();
			int count = 0;
			while (from < messages.size() && blocks.size() < 1200) {
				byte[] m = messages.get(from++);
				blocks.write(m.length >>> 8);
				blocks.write(m.length);
				blocks.write(m);
				count++;
			}
			ByteBuffer p = ByteBuffer.allocate(20 + blocks.size());
			p.put("SESSION001".getBytes(StandardCharsets.ISO_8859_1)).putLong(seq).putShort((short) count).put(blocks.toByteArray());
			seq += count;
			frames.add(udpFrame(0xcec8020b, 25477, 0xe9360c6f, 26477, p.array()));
			frames.add(udpFrame(0xcec8820b, 25478, 0xe931c46f, 26477, p.array()));
		}
		Path f = pcap("every-type.pcap", frames);
		byte[] general = decode(List.of(f), true);
		java.util.Set<String> all = new java.util.TreeSet<>();
		for (int t = 0; t < itch.messageTypeCount(); t++) {
			all.add(itch.messageTypeName(t));
		}
		assertTrue(types(general).containsAll(all), "every type decoded: " + types(general));
		assertArrayEquals(general, decode(List.of(f), false));
		byte[] csv = decode(List.of(f), true, true);
		assertTrue(csv.length > 100_000, "CSV records");
		assertArrayEquals(csv, decode(List.of(f), false, true), "as CSV");
	}

	@Test
	void textThatNeedsEscapingTakesTheGeneralCode() throws Exception {
		// ITCH 5.0 Add Order (type 'A', 36 bytes): locate u16, tracking u16, timestamp u48, order ref u64, side
		// char, shares u32, stock alpha 8, price u32 (4 decimals). Stock and side hold the bytes JSON escapes
		// (or, above 0x7f, encodes in two bytes); one message per odd byte, and a plain one between them.
		byte[][] stocks = { "A\"B     ".getBytes(StandardCharsets.ISO_8859_1), "A\\B     ".getBytes(StandardCharsets.ISO_8859_1),
				{ 'A', 1, 'B', ' ', ' ', ' ', ' ', ' ' }, { 'A', 0x7f, ' ', ' ', ' ', ' ', ' ', ' ' },
				{ 'A', (byte) 0xe9, ' ', ' ', ' ', ' ', ' ', ' ' }, "PLAIN   ".getBytes(StandardCharsets.ISO_8859_1),
				{ ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ' }, { 'A', ' ', 'B', ' ', ' ', ' ', ' ', 0 },
				"A,B     ".getBytes(StandardCharsets.ISO_8859_1), { 'A', '\r', 'B', '\n', ' ', ' ', ' ', ' ' } };
		byte[] sides = { '"', '\\', 2, 0x7f, (byte) 0xff, 'B', 'S', ' ', ',', '\n' };
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
		byte[] frame = udpFrame(0x0a000001, 40001, 0xe9010101, 26477, p.array());
		// the same packet three times: the leading columns are reused within a packet only
		Path f = pcap("hostile.pcap", List.of(frame, frame, frame));
		byte[] general = decode(List.of(f), true);
		String text = new String(general, StandardCharsets.UTF_8);
		assertTrue(text.contains("\"itch50.stock\":\"A\\\"B\""), text);
		assertTrue(text.contains("\"itch50.stock\":\"A\\u0001B\""), text);
		assertTrue(text.contains("\"itch50.buy_sell_indicator\":\"\\\\\""), text);
		assertTrue(text.contains("\"itch50.stock\":\"A\u00e9\""), text);
		assertArrayEquals(general, decode(List.of(f), false));
		String csv = new String(decode(List.of(f), true, true), StandardCharsets.UTF_8);
		assertTrue(csv.contains(",\"A,B\","), csv);
		assertTrue(csv.contains(",\"A\rB\n\","), csv);
		assertArrayEquals(decode(List.of(f), true, true), decode(List.of(f), false, true), "as CSV");
	}

	/** bytes that make a field take another way: escapes, quoting, non-ASCII, top bits set (numbers above 2^63) */
	private static final byte[] HOSTILE = { '"', '\\', ',', '\r', '\n', 0, 0x1f, 0x7f, (byte) 0x80, (byte) 0xe9, (byte) 0xff, ' ' };

	/**
	 * Seeded damage on the frames of every real capture, both samples and a generated one: each frame comes once
	 * sound and three times damaged, each damage aimed at a message the dissector finds (so that it lands in a
	 * field, not in padding): a message's bytes overwritten with hostile bytes (JSON escapes, CSV quoting, bytes
	 * above 0x7f in alpha fields, prices and u64 fields of all ones: huge and, as a signed long, negative), its type
	 * code replaced (unknown types), its block length changed by a few bytes (odd lengths, messages cut short or
	 * overrunning) and the frame cut anywhere. The fast paths must write the general code's bytes, JSON and CSV;
	 * the output shows that the damage reached the general code's ways.
	 */
	@Test
	void seededDamageOnRealFramesDecodesToTheGeneralCodesBytes() throws Exception {
		ProtocolSet set = Bindings.parse(List.of(), List.of()).protocols();
		io.feedscope.dissect.FeedDissector d = new io.feedscope.dissect.FeedDissector(set);
		java.util.Random random = new java.util.Random(1414);
		List<Path> sources = new ArrayList<>(TestData.nasdaqPcaps());
		Path samples = Path.of(System.getProperty("feedscope.repo", "../..")).resolve("features/io.feedscope.feature/rootfiles/samples");
		sources.add(samples.resolve("nasdaq-itch50-sample.pcap"));
		sources.add(generate("demo", 3, 3_000));
		List<byte[]> frames = new ArrayList<>();
		for (Path source : sources) {
			try (CaptureFile c = Captures.open(source)) {
				for (int f = 1; f <= c.frameCount(); f++) {
					ByteBuffer data = c.frameData(f);
					byte[] sound = new byte[data.remaining()];
					data.duplicate().get(sound);
					frames.add(sound);
					io.feedscope.dissect.FeedPacket p = d.dissect(ByteBuffer.wrap(sound), c.linkType(f), f);
					if (!p.kind().carriesMessages() || p.messageCount() == 0) {
						continue;
					}
					for (int kind = 0; kind < 3; kind++) {
						byte[] bad = sound.clone();
						int target = random.nextInt(p.messageCount());
						io.feedscope.dissect.FeedMessage m = p.messages();
						while (m.next() && m.index() < target) {
							// to the message the damage aims at
						}
						int off = m.offset(), length = Math.min(m.length(), bad.length - off);
						switch (random.nextInt(4)) {
						case 0 -> {
							// hostile bytes over a run of the message (never its type code), or all ones over 8 bytes
							int from = off + 1 + random.nextInt(Math.max(1, length - 1));
							int run = 1 + random.nextInt(8);
							boolean ones = random.nextBoolean();
							for (int j = from; j < Math.min(from + run, off + length); j++) {
								bad[j] = ones ? (byte) 0xff : HOSTILE[random.nextInt(HOSTILE.length)];
							}
						}
						case 1 -> bad[off] = (byte) (random.nextBoolean() ? '~' : random.nextInt(256));
						case 2 -> {
							// the block's length (the two bytes before the message) a few bytes off
							int len = (bad[off - 2] & 0xff) << 8 | bad[off - 1] & 0xff;
							len = Math.max(0, len + random.nextInt(9) - 4);
							bad[off - 2] = (byte) (len >>> 8);
							bad[off - 1] = (byte) len;
						}
						default -> bad = java.util.Arrays.copyOf(bad, off + random.nextInt(Math.max(1, length)));
						}
						frames.add(bad);
					}
				}
			}
		}
		Path f = pcap("damaged.pcap", frames);
		byte[] general = decode(List.of(f), true);
		String text = new String(general, StandardCharsets.UTF_8);
		// the damage reached the general code's ways: escapes, non-ASCII text, unknown types, numbers above 2^63
		assertTrue(text.contains("\\u00"), "control characters escaped");
		assertTrue(text.contains("\u00e9") || text.contains("\u00ff"), "bytes above 0x7f in text");
		assertTrue(text.contains("\"type\":\"unknown\""), "unknown types");
		assertTrue(java.util.regex.Pattern.compile(":1[0-9]{19}[,}]").matcher(text).find(), "numbers above 2^63");
		assertTrue(frames.size() > 10_000, frames.size() + " frames");
		assertArrayEquals(general, decode(List.of(f), false), "JSON");
		byte[] csv = decode(List.of(f), true, true);
		assertTrue(new String(csv, StandardCharsets.UTF_8).contains("\"\""), "CSV quotes doubled");
		assertArrayEquals(csv, decode(List.of(f), false, true), "CSV");
	}
}
