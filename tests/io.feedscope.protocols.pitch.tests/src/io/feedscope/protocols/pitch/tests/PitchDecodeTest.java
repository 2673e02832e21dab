package io.feedscope.protocols.pitch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.protocols.pitch.generator.PitchGenerator;
import io.feedscope.testdata.outputs.Records;

/**
 * {@code feedscope decode} of a generated Cboe PITCH capture against a decoder written here from the published
 * layouts (Cboe US Equities/Options Multicast Depth of Book (PITCH) Specification v2.41): the Sequenced Unit
 * Header (Hdr Length u16, Hdr Count u8, Hdr Unit u8, Hdr Sequence u32, little-endian) and each message's
 * fields by offset, not FeedScope's descriptions. The keys come from the installed descriptions; decode knows
 * no PITCH name.
 */
class PitchDecodeTest {

	@TempDir
	Path fDir;

	/** name, offset, width, kind (u = unsigned LE, c = char, a = ASCII trimmed, p4/p2 = price with 4/2 decimals) */
	private record F(String name, int offset, int width, String kind) {
	}

	private static final Map<Integer, String> TYPE_NAMES = new HashMap<>();
	private static final Map<Integer, List<F>> LAYOUTS = new HashMap<>();
	static {
		layout(0x20, "time", new F("time", 2, 4, "u"));
		layout(0x21, "add_order_long", new F("time_offset", 2, 4, "u"), new F("order_id", 6, 8, "u"),
				new F("side_indicator", 14, 1, "c"), new F("quantity", 15, 4, "u"), new F("symbol", 19, 6, "a"),
				new F("price", 25, 8, "p4"), new F("add_flags", 33, 1, "u"));
		layout(0x22, "add_order_short", new F("time_offset", 2, 4, "u"), new F("order_id", 6, 8, "u"),
				new F("side_indicator", 14, 1, "c"), new F("quantity_short", 15, 2, "u"), new F("symbol", 17, 6, "a"),
				new F("price_short", 23, 2, "p2"), new F("add_flags", 25, 1, "u"));
		layout(0x23, "order_executed", new F("time_offset", 2, 4, "u"), new F("order_id", 6, 8, "u"),
				new F("executed_quantity", 14, 4, "u"), new F("execution_id", 18, 8, "u"));
		layout(0x26, "reduce_size_short", new F("time_offset", 2, 4, "u"), new F("order_id", 6, 8, "u"),
				new F("canceled_quantity_short", 14, 2, "u"));
		layout(0x28, "modify_order_short", new F("time_offset", 2, 4, "u"), new F("order_id", 6, 8, "u"),
				new F("quantity_short", 14, 2, "u"), new F("price_short", 16, 2, "p2"), new F("modify_flags", 18, 1, "u"));
		layout(0x29, "delete_order", new F("time_offset", 2, 4, "u"), new F("order_id", 6, 8, "u"));
		layout(0x2B, "trade_short", new F("time_offset", 2, 4, "u"), new F("order_id", 6, 8, "u"),
				new F("side_indicator", 14, 1, "c"), new F("quantity_short", 15, 2, "u"), new F("symbol", 17, 6, "a"),
				new F("price_short", 23, 2, "p2"), new F("execution_id", 25, 8, "u"));
	}

	private static void layout(int type, String name, F... fields) {
		TYPE_NAMES.put(type, name);
		LAYOUTS.put(type, List.of(fields));
	}

	/** PITCH's records and ITCH's from two files in one run: each line follows the published schema, with its capture. */
	@Test
	void pitchAndItchRecordsTogetherFollowTheSchema() {
		Path itch = fDir.resolve("i.pcap");
		assertEquals(0, Records.run("generate", "--preset", "incident", "--seed", "4", "--frames", "2000", "-o", itch.toString()).exit);
		Path pitch = fDir.resolve("p.pcap");
		assertEquals(0, Records.run("generate", "--preset", "pitch", "--duration", "0.2", "-o", pitch.toString()).exit);
		// json() validates every line against the schema
		assertTrue(Records.run("decode", pitch.toString()).json().size() > 100);
		List<Map<String, String>> both = Records.run("decode", itch.toString(), pitch.toString()).json();
		assertTrue(both.stream().allMatch(r -> r.containsKey("capture")));
		assertTrue(both.stream().anyMatch(r -> r.keySet().stream().anyMatch(k -> k.startsWith("pitch."))), "PITCH records");
		assertTrue(both.stream().anyMatch(r -> r.keySet().stream().anyMatch(k -> k.startsWith("itch50."))), "ITCH records");
	}

	@Test
	void decodeEqualsTheSpecDecoder() throws Exception {
		Path f = fDir.resolve("pitch.pcap");
		new PitchGenerator().seed(5).durationNanos(600_000_000L).format(CaptureFormat.PCAP).write(f);
		List<Map<String, String>> expected = specDecode(Files.readAllBytes(f));
		assertTrue(expected.size() > 5_000, "messages: " + expected.size());
		Records r = Records.run("decode", f.toString());
		assertEquals(0, r.exit, r.err);
		assertEquals("", r.err);
		List<Map<String, String>> actual = r.json();
		assertEquals(expected.size(), actual.size());
		Set<String> types = new TreeSet<>();
		for (int i = 0; i < expected.size(); i++) {
			Map<String, String> e = expected.get(i);
			Map<String, String> a = actual.get(i);
			for (Map.Entry<String, String> x : e.entrySet()) {
				assertEquals(x.getValue(), a.get(x.getKey()), "record " + i + " " + x.getKey() + " in " + a);
			}
			// nothing the spec decode does not know, but enum labels
			for (String k : a.keySet()) {
				assertTrue(e.containsKey(k) || k.endsWith("_name"), "record " + i + ": extra " + k);
			}
			types.add(e.get("type"));
		}
		assertEquals(new TreeSet<>(TYPE_NAMES.values()), types, "every generated message type decoded");
		// the key order: leading columns (framing fields found by role), then the message's fields in wire order
		assertEquals(List.of("frame.number", "frame.time_ns", "src", "dst", "cboe_suh.hdr_unit", "cboe_suh.hdr_sequence",
				"cboe_suh.msgseq", "type", "pitch.length", "pitch.message_type", "pitch.message_type_name", "pitch.time",
				"pitch.timestamp"),
				List.copyOf(actual.get(0).keySet()));
	}

	/**
	 * decode on several threads gives, byte for byte, what one thread gives, although PITCH's time of a message comes
	 * from an earlier frame's Time message: PITCH alone, PITCH merged with ITCH (whose frames do go to the workers),
	 * JSON Lines and CSV (one protocol's records, the other's "left out" said once), in chunks of 1, 7 and 97 frames
	 * with the workers taking over at the first frame. Both the stdout bytes and the stderr text are compared.
	 */
	@Test
	void severalThreadsGiveWhatOneThreadGives() throws Exception {
		Path pitch = fDir.resolve("p.pcap");
		new PitchGenerator().seed(7).durationNanos(200_000_000L).format(CaptureFormat.PCAP).write(pitch);
		Path itch = fDir.resolve("i.pcap");
		assertEquals(0, Records.run("generate", "--preset", "incident", "--seed", "4", "--frames", "3000", "-o", itch.toString()).exit);
		String p = pitch.toString();
		String i = itch.toString();
		List<String[]> commands = List.of(new String[] { "decode", p }, new String[] { "decode", "--format", "csv", p },
				new String[] { "decode", i, p }, new String[] { "decode", p, i }, new String[] { "decode", "--format", "csv", p, i });
		for (String[] command : commands) {
			String what = String.join(" ", command).replace(fDir.toString() + "/", "");
			Records one = withThreads("1", "2048", command);
			assertEquals(0, one.exit, what + ": " + one.err);
			// PITCH's records with their times, or (a CSV whose first message is ITCH's) PITCH's said to be left out
			assertTrue(one.out.contains("pitch.timestamp") || one.err.contains("pitch messages are left out"), what + ": PITCH");
			for (String chunk : List.of("1", "7", "97")) {
				Records many = withThreads("3", chunk, command);
				assertEquals(one.exit, many.exit, what + ", 3 threads, chunks of " + chunk);
				assertEquals(one.err, many.err, what + ", 3 threads, chunks of " + chunk + ": stderr");
				if (!one.out.equals(many.out)) {
					String[] a = one.out.split("\n", -1);
					String[] b = many.out.split("\n", -1);
					int k = 0;
					while (k < Math.min(a.length, b.length) && a[k].equals(b[k])) {
						k++;
					}
					throw new AssertionError(what + ", 3 threads, chunks of " + chunk + ": stdout differs at line " + (k + 1)
							+ "\n one thread: " + (k < a.length ? a[k] : "(end)") + "\n 3 threads:  " + (k < b.length ? b[k] : "(end)"));
				}
			}
		}
	}

	/** Runs the command with -Dfeedscope.threads, decode's chunk size and the workers from the first frame. */
	private static Records withThreads(String threads, String chunk, String... command) {
		String[] keys = { "feedscope.threads", "feedscope.decode.chunk", "feedscope.decode.warm" };
		String[] before = new String[keys.length];
		for (int k = 0; k < keys.length; k++) {
			before[k] = System.getProperty(keys[k]);
		}
		System.setProperty(keys[0], threads);
		System.setProperty(keys[1], chunk);
		System.setProperty(keys[2], "0");
		try {
			return Records.run(command);
		} finally {
			for (int k = 0; k < keys.length; k++) {
				if (before[k] == null) {
					System.clearProperty(keys[k]);
				} else {
					System.setProperty(keys[k], before[k]);
				}
			}
		}
	}

	@Test
	void csvHoldsOneProtocolWithItsOwnHeader() throws Exception {
		Path f = fDir.resolve("pitch.pcap");
		new PitchGenerator().seed(6).durationNanos(50_000_000L).write(f);
		Records r = Records.run("decode", "--format", "csv", f.toString());
		assertEquals(0, r.exit, r.err);
		String header = r.out.substring(0, r.out.indexOf("\r\n"));
		assertTrue(header.startsWith("frame.number,frame.time_ns,capture,src,dst,cboe_suh.hdr_unit,cboe_suh.hdr_sequence,"
				+ "cboe_suh.msgseq,type,pitch.length,pitch.message_type,pitch.message_type_name,"), header);
		assertTrue(!header.contains("itch50."), "no other protocol's columns: " + header);
		Records named = Records.run("decode", "--format", "csv", "--protocol-fields", "pitch", f.toString());
		assertEquals(r.out, named.out);
		// asking for another protocol's fields leaves PITCH out, and says so
		Records other = Records.run("decode", "--protocol-fields", "itch50", f.toString());
		assertEquals(0, other.exit, other.err);
		assertEquals("", other.out);
		assertTrue(other.err.contains("pitch messages are left out"), other.err);
		Records bad = Records.run("decode", "--protocol-fields", "cboe_suh", f.toString());
		assertEquals(2, bad.exit, bad.err);
	}

	/** The independent decoder: pcap (microseconds), Ethernet, IPv4, UDP, Sequenced Unit Header, PITCH messages. */
	static List<Map<String, String>> specDecode(byte[] file) {
		ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(0xa1b2c3d4, b.getInt(0));
		int pos = 24;
		int frame = 0;
		Map<Integer, Long> seconds = new HashMap<>();
		List<Map<String, String>> out = new ArrayList<>();
		while (pos + 16 <= file.length) {
			frame++;
			long sec = b.getInt(pos) & 0xffffffffL;
			long usec = b.getInt(pos + 4) & 0xffffffffL;
			int incl = b.getInt(pos + 8);
			int f = pos + 16;
			pos = f + incl;
			ByteBuffer n = ByteBuffer.wrap(file).order(ByteOrder.BIG_ENDIAN);
			int ihl = (file[f + 14] & 0x0f) * 4;
			int ip = f + 14;
			int udp = ip + ihl;
			String src = ip(n.getInt(ip + 12)) + ":" + (n.getShort(udp) & 0xffff);
			String dst = ip(n.getInt(ip + 16)) + ":" + (n.getShort(udp + 2) & 0xffff);
			int p = udp + 8;
			int count = file[p + 2] & 0xff;
			int unit = file[p + 3] & 0xff;
			long seq = b.getInt(p + 4) & 0xffffffffL;
			int m = p + 8;
			for (int k = 0; k < count; k++) {
				int len = file[m] & 0xff;
				int type = file[m + 1] & 0xff;
				Map<String, String> r = new LinkedHashMap<>();
				r.put("frame.number", Integer.toString(frame));
				r.put("frame.time_ns", Long.toString(sec * 1_000_000_000L + usec * 1000));
				r.put("src", src);
				r.put("dst", dst);
				r.put("cboe_suh.hdr_unit", Integer.toString(unit));
				r.put("cboe_suh.hdr_sequence", Long.toString(seq));
				r.put("cboe_suh.msgseq", Long.toString(seq + k));
				r.put("type", TYPE_NAMES.get(type));
				r.put("pitch.length", Integer.toString(len));
				r.put("pitch.message_type", Integer.toString(type));
				for (F x : LAYOUTS.get(type)) {
					int at = m + x.offset();
					String v = switch (x.kind()) {
					case "c" -> String.valueOf((char) file[at]);
					case "a" -> new String(file, at, x.width(), StandardCharsets.US_ASCII).stripTrailing();
					case "p4" -> new BigDecimal(Long.toUnsignedString(le(b, at, x.width())) ).movePointLeft(4).toPlainString();
					case "p2" -> new BigDecimal(le(b, at, x.width())).movePointLeft(2).toPlainString();
					default -> Long.toUnsignedString(le(b, at, x.width()));
					};
					r.put("pitch." + x.name(), v);
				}
				if (type == 0x20) {
					// a Time message is its own base: its time of day is its second
					seconds.put(unit, le(b, m + 2, 4));
					r.put("pitch.timestamp", Long.toString(seconds.get(unit) * 1_000_000_000L));
				} else if (seconds.containsKey(unit)) {
					// time of day: the unit's last Time message's seconds plus this message's offset (ns)
					r.put("pitch.timestamp", Long.toString(seconds.get(unit) * 1_000_000_000L + le(b, m + 2, 4)));
				}
				out.add(r);
				m += len;
			}
		}
		return out;
	}

	private static long le(ByteBuffer b, int at, int width) {
		long v = 0;
		for (int i = width - 1; i >= 0; i--) {
			v = v << 8 | b.get(at + i) & 0xff;
		}
		return v;
	}

	private static String ip(int a) {
		return (a >>> 24) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
	}
}
