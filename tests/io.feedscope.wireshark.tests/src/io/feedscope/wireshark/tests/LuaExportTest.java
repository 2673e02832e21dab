package io.feedscope.wireshark.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.testdata.TestData;
import io.feedscope.wireshark.LuaExporter;

/**
 * {@code feedscope export-lua} round trips (issue 12 §1): tshark with the exported dissector prints, for
 * every message, what {@code feedscope decode} prints (every field of every ITCH type), and the same expert
 * items for malformed frames; a description written here (little-endian, int enums, u64 decimals, ms
 * times, special counts) gives the hand-computed values; a hostile description loads, shows its strings
 * as written and runs none of them.
 */
class LuaExportTest {

	private static final String ITCH = "itch50";
	private static final String MOLD = "fs.moldudp64";

	@TempDir
	static Path tmp;
	static String tshark;
	static Path lua;

	@BeforeAll
	static void export() {
		tshark = RoundTrip.tshark();
		Assumptions.assumeTrue(tshark != null, "tshark is not installed");
		lua = tmp.resolve("feedscope.lua");
		RoundTrip.feedscope("export-lua", "-o", lua.toString());
	}

	@Test
	void realCapturesDecodeAsFeedScopeDoes() throws Exception {
		int messages = 0;
		Map<String, Integer> types = new TreeMap<>();
		for (Path c : TestData.nasdaqPcaps()) {
			RoundTrip.Side ours = RoundTrip.decode(c);
			RoundTrip.Side theirs = RoundTrip.tshark(tshark, lua, c, MOLD, ITCH);
			assertEquals(List.of(), RoundTrip.compare(ours, theirs, ITCH), c.toString());
			assertEquals(List.of(), RoundTrip.compareFields(tshark, lua, c, ours, MOLD, ITCH), c.toString());
			messages += ours.messages().size();
			RoundTrip.types(ours, "itch50.message_type").forEach((k, v) -> types.merge(k, v, Integer::sum));
		}
		// the unaltered captures are found by the heuristic: 8 files, 46 messages of 7 types
		assertEquals(46, messages, "messages in the real captures " + types);
	}

	@Test
	void generatedCapturesEveryMessageTypeAndMalformedFrames() throws Exception {
		Map<String, Integer> types = new TreeMap<>();
		int experts = 0;
		for (String preset : List.of("demo", "malformed", "incident")) {
			Path c = tmp.resolve(preset + ".pcapng");
			RoundTrip.feedscope("generate", "--preset", preset, "--seed", "3", "--frames", "3000", "-o", c.toString());
			// bound to the feed port as tshark's -d: a malformed frame fails the strict heuristic in both
			RoundTrip.Side ours = RoundTrip.decode(c, "--bind", "udp.port==26477");
			RoundTrip.Side theirs = RoundTrip.tshark(tshark, lua, c, MOLD, ITCH, "-d", "udp.port==26477," + MOLD);
			assertEquals(List.of(), RoundTrip.compare(ours, theirs, ITCH), preset);
			assertEquals(List.of(), RoundTrip.compareFields(tshark, lua, c, ours, MOLD, ITCH, "-d", "udp.port==26477," + MOLD), preset);
			assertTrue(ours.messages().size() > 1000, preset + ": " + ours.messages().size() + " messages");
			RoundTrip.types(ours, "itch50.message_type").forEach((k, v) -> types.merge(k, v, Integer::sum));
			experts += ours.experts().size();
		}
		// every ITCH 5.0 message type of the description went through the comparison
		assertEquals(new TreeSet<>(List.of("A", "B", "C", "D", "E", "F", "H", "I", "J", "K", "L", "N", "O", "P", "Q", "R", "S", "U", "V",
				"W", "X", "Y", "h")), types.keySet());
		assertTrue(experts >= 4, "the malformed frames gave " + experts + " expert items");
	}

	@Test
	void aWrongDissectorIsCaught() throws Exception {
		// the comparison can fail: the same export with prices unscaled must differ
		Path broken = tmp.resolve("broken.lua");
		Files.writeString(broken, Files.readString(lua).replace("item = tree:add(f.pf, r, decimal(v, f.scale))",
				"item = tree:add(f.pf, r, decimal(v, 0))"));
		Path c = TestData.nasdaq("unaltered/Multiple.Packets.pcap");
		List<String> diffs = RoundTrip.compare(RoundTrip.decode(c), RoundTrip.tshark(tshark, broken, c, MOLD, ITCH), ITCH);
		assertFalse(diffs.isEmpty());
		assertFalse(RoundTrip.compareFields(tshark, broken, c, RoundTrip.decode(c), MOLD, ITCH).isEmpty());
		assertTrue(diffs.get(0).contains("itch50.price: decode '80.5200', tshark '805200'"), diffs.get(0));
	}

	// ------------------------------------------------------------------ a description written here

	private static final String TINY = """
			// a framing and a feed protocol unlike MoldUDP64/ITCH: little-endian, u8 count with a special value,
			// int-coded message types, u64 decimals with 8 places, times in ms, text enums
			protocol tinyframe "Tiny Frame" doc "test framing" {
			  byteorder little;
			  kind framing;
			  field seq : u32 "Seq" role sequence;
			  field n : u8 "N" role count special { 0 idle "Idle" -> HEARTBEAT; };
			  field len : u16 "Len" role msglen;
			  field data : bytes "Data";
			  packet main "Main" { seq, n, repeat n { len, data[len] -> feed } }
			  bindings { udp port %d; }
			}
			""";
	private static final String TINY_MSG = """
			protocol tinymsg "Tiny Msg" {
			  byteorder little;
			  kind messages;
			  enum kind : int { 1 quote "Quote"; 2 trade "Trade"; }
			  enum side : char { 'B' buy "Buy"; 'S' sell "Sell"; }
			  enum venue : string { "XN" nasdaq "Nasdaq"; "XY" nyse "NYSE"; }
			  field kind : u8 "Kind" enum kind;
			  field side : char "Side" enum side;
			  field px : decimal(u64, 8) "Px";
			  field t : time(u32, ms) "T";
			  field sym : ascii(4) "Sym";
			  field venue : ascii(2) "Venue" enum venue;
			  messages by kind {
			    case 1 length 20 { kind, side, px, t, sym, venue }
			    case 2 length 13 { kind, px, t }
			    else unknown "Unknown Tiny";
			  }
			  bindings { carried by tinyframe; }
			}
			""";

	/** a tinyframe packet: seq, count, then blocks (each: u16 length + bytes) */
	private static byte[] tiny(long seq, int count, byte[]... blocks) {
		int n = 5;
		for (byte[] b : blocks) {
			n += 2 + b.length;
		}
		ByteBuffer bb = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
		bb.putInt((int) seq).put((byte) count);
		for (byte[] b : blocks) {
			bb.putShort((short) b.length).put(b);
		}
		return bb.array();
	}

	private static byte[] quote(char side, long px, int t, String sym, String venue) {
		return ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).put((byte) side).putLong(px).putInt(t)
				.put(sym.getBytes(StandardCharsets.US_ASCII)).put(venue.getBytes(StandardCharsets.US_ASCII)).array();
	}

	private static byte[] trade(long px, int t, int extra) {
		return ByteBuffer.allocate(13 + extra).order(ByteOrder.LITTLE_ENDIAN).put((byte) 2).putLong(px).putInt(t).array();
	}

	private static Path tinyCapture(String name, int port) throws IOException {
		Path c = tmp.resolve(name);
		List<byte[]> frames = new ArrayList<>();
		frames.add(Frames.udp("10.0.0.1", "10.0.0.2", 40000, port,
				tiny(1000, 2, quote('S', 123456789012L, 34200123, "AB  ", "XN"), trade(5, 1, 0))));
		// count 3 but two blocks; an unknown kind 9; a trade two bytes too long
		frames.add(Frames.udp("10.0.0.1", "10.0.0.2", 40000, port, tiny(1002, 3, new byte[] { 9, 0, 0 }, trade(7, 2, 2))));
		frames.add(Frames.udp("10.0.0.1", "10.0.0.2", 40000, port, tiny(1004, 0))); // idle
		Frames.pcapng(c, frames);
		return c;
	}

	@Test
	void aDescriptionWrittenHereGivesTheHandComputedValues() throws Exception {
		Path fsp = tmp.resolve("tiny.fsp");
		Path msg = tmp.resolve("tinymsg.fsp");
		Files.writeString(fsp, TINY.formatted(30001));
		Files.writeString(msg, TINY_MSG);
		Path out = tmp.resolve("tiny.lua");
		RoundTrip.feedscope("export-lua", "tinyframe", "--fsp", fsp.toString(), "--fsp", msg.toString(), "-o", out.toString());
		RoundTrip.Side s = RoundTrip.tshark(tshark, out, tinyCapture("tiny.pcapng", 30001), "tinyframe", "tinymsg");
		List<Map<String, String>> m = s.messages().stream().map(RoundTrip.Message::fields).toList();
		assertEquals(4, m.size(), m.toString());
		assertEquals(Map.ofEntries(Map.entry("tinyframe.seq", "1000"), Map.entry("tinyframe.n", "2"), Map.entry("tinyframe.len", "20"),
				Map.entry("tinyframe.msgseq", "1000"), Map.entry("tinymsg.kind", "1"), Map.entry("tinymsg.kind_name", "Quote"),
				Map.entry("tinymsg.side", "S"), Map.entry("tinymsg.side_name", "Sell"), Map.entry("tinymsg.px", "1234.56789012"),
				Map.entry("tinymsg.t", "34200123"), Map.entry("tinymsg.sym", "AB"), Map.entry("tinymsg.venue", "XN"),
				Map.entry("tinymsg.venue_name", "Nasdaq")), m.get(0));
		assertEquals(Map.of("tinyframe.seq", "1000", "tinyframe.n", "2", "tinyframe.len", "13", "tinyframe.msgseq", "1001", "tinymsg.kind",
				"2", "tinymsg.kind_name", "Trade", "tinymsg.px", "0.00000005", "tinymsg.t", "1"), m.get(1));
		assertEquals(Map.of("tinyframe.seq", "1002", "tinyframe.n", "3", "tinyframe.len", "3", "tinyframe.msgseq", "1002", "tinymsg.kind",
				"9"), m.get(2));
		assertEquals("0.00000007", m.get(3).get("tinymsg.px"));
		assertEquals("1003", m.get(3).get("tinyframe.msgseq"));
		assertEquals(new TreeSet<>(List.of(new RoundTrip.Expert(2, "tinyframe.n.invalid", "count says 3, payload holds 2 message block(s)"),
				new RoundTrip.Expert(2, "tinymsg.kind.unknown", "unknown Kind 9: decoded as Unknown Tiny"),
				new RoundTrip.Expert(2, "tinymsg.message.long", "Trade is 13 bytes, the block holds 15 (trailing bytes ignored)"))),
				s.experts());
		// the tree text: time of day from ms, the special count's label
		String[] err = new String[1];
		String text = RoundTrip.run(List.of(tshark, "-n", "-X", "lua_script:" + out, "-r", tmp.resolve("tiny.pcapng").toString(), "-V"), err);
		assertTrue(text.contains("T: 09:30:00.123"), text);
		assertTrue(text.contains("N: Idle (0)"), text);
		assertTrue(text.contains("Side: Sell ('S')"), text);
	}

	@Test
	void everyBundledDescriptionExportsAndLoads() throws Exception {
		// the legacy MoldUDP framing too (little-endian, fs.moldudp), alone and with --prefix-all
		for (List<String> args : List.of(List.of("moldudp"), List.of("moldudp64", "moldudp"), List.of("itch50"), List.of("--prefix-all"))) {
			Path out = tmp.resolve("p" + args.hashCode() + ".lua");
			List<String> cmd = new ArrayList<>(List.of("export-lua", "-o", out.toString()));
			cmd.addAll(args);
			RoundTrip.feedscope(cmd.toArray(String[]::new));
			String[] err = new String[1];
			String fields = RoundTrip.run(List.of(tshark, "-G", "fields", "-X", "lua_script:" + out), err);
			assertFalse(err[0].contains("Lua"), err[0]);
			assertTrue(fields.contains(args.contains("--prefix-all") ? "\tfs.itch50.price\t" : args.contains("moldudp") && args.size() == 1
					? "\tfs.moldudp.sequence\t" : "\tfs.moldudp64.sequence\t"), args.toString());
		}
	}

	/**
	 * The names the exporter prefixes are the installed Wireshark's own: each one tshark registers (its
	 * {@code -G protocols} report, third column: the filter name), and every description of the repository whose
	 * name tshark registers is among them (else its dissector would clash with Wireshark's when loaded).
	 */
	@Test
	void theClashListIsWhatTsharkRegisters() throws Exception {
		String[] err = new String[1];
		java.util.Set<String> registered = new TreeSet<>();
		for (String line : RoundTrip.run(List.of(tshark, "-G", "protocols"), err).split("\n")) {
			String[] cols = line.split("\t");
			if (cols.length >= 3) {
				registered.add(cols[2]);
			}
		}
		assertTrue(registered.size() > 1000 && registered.contains("udp") && registered.contains("moldudp64"),
				"tshark's protocols: " + registered.size());
		List<String> notRegistered = LuaExporter.WIRESHARK_BUILT_INS.stream().filter(n -> !registered.contains(n)).sorted().toList();
		assertEquals(List.of(), notRegistered, "listed as Wireshark's but tshark registers no such protocol");
		java.util.regex.Pattern name = java.util.regex.Pattern.compile("(?m)^\\s*protocol\\s+([a-z_][a-z0-9_]*)\\b");
		int descriptions = 0;
		for (Path f : repositoryDescriptions()) {
			java.util.regex.Matcher m = name.matcher(Files.readString(f));
			while (m.find()) {
				descriptions++;
				String p = m.group(1);
				assertTrue(!registered.contains(p) || LuaExporter.WIRESHARK_BUILT_INS.contains(p),
						f + ": protocol " + p + " is Wireshark's too, but not in the clash list");
			}
		}
		assertTrue(descriptions >= 3, "descriptions read: " + descriptions);
	}

	/** every .fsp of the repository (bundled descriptions and the test suite's), target folders left out */
	private static List<Path> repositoryDescriptions() throws IOException {
		Path root = TestData.dir().toAbsolutePath().normalize().getParent().getParent();
		try (java.util.stream.Stream<Path> s = Files.walk(root)) {
			return s.filter(p -> p.toString().endsWith(".fsp") && !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
					.sorted().toList();
		}
	}

	@Test
	void everyDescriptionOfTheRepositoryExportsLoadsAndDecodes() throws Exception {
		List<Path> all = repositoryDescriptions();
		assertTrue(all.size() >= 5, all.toString());
		List<String> cmd = new ArrayList<>(List.of("export-lua", "-o", tmp.resolve("all.lua").toString()));
		List<String> names = new ArrayList<>();
		for (Path f : all) {
			String text = Files.readString(f);
			java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^protocol\\s+(\\w+)").matcher(text);
			assertTrue(m.find(), f.toString());
			names.add(m.group(1));
			// the protocols this fragment's runtime installs are already in the set; every other one is given
			if (!f.toString().contains("/io.feedscope.protocols.moldudp64/") && !f.toString().contains("/io.feedscope.protocols.itch50/")) {
				cmd.add("--fsp");
				cmd.add(f.toString());
			}
		}
		RoundTrip.feedscope(cmd.toArray(String[]::new));
		String[] err = new String[1];
		String fields = RoundTrip.run(List.of(tshark, "-G", "fields", "-X", "lua_script:" + tmp.resolve("all.lua")), err);
		assertFalse(err[0].contains("Lua"), err[0]);
		for (String n : names) {
			String abbrev = LuaExporter.prefixOf(n, LuaExporter.Options.DEFAULT) + n;
			assertTrue(fields.contains("\t" + abbrev + "\t"), "protocol " + abbrev + " of " + all);
		}
		// the test suite's example feed (exfeed/exquote, big-endian, u8 lengths) against hand-computed values
		assertTrue(names.contains("exfeed") && names.contains("exquote"), names.toString());
		{
			ByteBuffer b = ByteBuffer.allocate(4 + 4 + 1 + 1 + 14 + 1 + 13);
			b.put("ABCD".getBytes(StandardCharsets.US_ASCII)).putInt(77).put((byte) 2);
			b.put((byte) 14).put((byte) 'Q').put("XYZ ".getBytes(StandardCharsets.US_ASCII)).put((byte) 'B').putInt(12345).putInt(100);
			b.put((byte) 13).put((byte) 'T').put("XYZ ".getBytes(StandardCharsets.US_ASCII)).putInt(5).putInt(7);
			Path c = tmp.resolve("example.pcapng");
			Frames.pcapng(c, List.of(Frames.udp("10.0.0.1", "10.0.0.2", 40000, 30017, b.array())));
			RoundTrip.Side s = RoundTrip.tshark(tshark, tmp.resolve("all.lua"), c, "exfeed", "exquote");
			Map<String, String> first = s.messages().get(0).fields();
			Map.of("exfeed.stream", "ABCD", "exfeed.sequence", "77", "exfeed.count", "2", "exfeed.msglen", "14", "exfeed.msgseq", "77",
					"exquote.message_type", "Q", "exquote.message_type_name", "Quote", "exquote.instrument", "XYZ", "exquote.side", "B",
					"exquote.side_name", "Buy").forEach((k, v) -> assertEquals(v, first.get(k), k));
			assertEquals("123.45", s.messages().get(0).fields().get("exquote.price"));
			assertEquals("100", s.messages().get(0).fields().get("exquote.quantity"));
			assertEquals("78", s.messages().get(1).fields().get("exfeed.msgseq"));
			assertEquals("0.05", s.messages().get(1).fields().get("exquote.price"));
			assertEquals("Trade", s.messages().get(1).fields().get("exquote.message_type_name"));
			assertEquals(2, s.messages().size());
			assertTrue(s.experts().isEmpty(), s.experts().toString());
		}
	}

	// ------------------------------------------------------------------ hostile description

	@Test
	void aHostileDescriptionCannotInjectLua() throws Exception {
		Path pwned = tmp.resolve("PWNED");
		String p = pwned.toString();
		// every kind of string position gets quotes, long brackets, newlines, NUL, non-ASCII and code
		String inject1 = "\\\"); io.open(\\\"" + p + "\\\", \\\"w\\\"):close() --";
		String inject2 = "]] io.open(\\\"" + p + "\\\", \\\"w\\\"):close() --[[";
		String inject3 = "]==] os.execute(\\\"touch " + p + "\\\") --[==[";
		String framing = """
				protocol evilframe "Évil \\"frame\\" ]] ]=] %1$s" doc "doc %2$s\\nline two\\0nul" {
				  byteorder little;
				  kind framing;
				  field seq : u32 "Seq %1$s" role sequence doc "%3$s";
				  field n : u8 "N ünï\\ncode" role count special { 0 idle "Idle %2$s\\0" -> HEARTBEAT; };
				  field len : u16 "Len %3$s" role msglen;
				  field data : bytes "Data \\\\ backslash";
				  packet main "Main %2$s" { seq, n, repeat n { len, data[len] -> feed } }
				  bindings { udp port 30002; heuristic "h %1$s" score 50 when size >= 5 and blocks fill payload; }
				}
				""".formatted(inject1, inject2, inject3);
		String messages = TINY_MSG.replace("tinymsg", "evilmsg").replace("tinyframe", "evilframe")
				.replace("\"Quote\"", "\"Quote %s\"".formatted(inject1)).replace("\"Sell\"", "\"Sell 日本 %s\"".formatted(inject2))
				.replace("\"Unknown Tiny\"", "\"Unknown %s\"".formatted(inject3)).replace("\"Px\"", "\"Px \\\"]]\\\" \\0 €\"");
		Path f1 = tmp.resolve("evil.fsp");
		Path f2 = tmp.resolve("evilmsg.fsp");
		Files.writeString(f1, framing);
		Files.writeString(f2, messages);
		Path out = tmp.resolve("evil.lua");
		RoundTrip.feedscope("export-lua", "evilframe", "--fsp", f1.toString(), "--fsp", f2.toString(), "-o", out.toString());
		Path capture = tinyCapture("evil.pcapng", 30002);
		String[] err = new String[1];
		String text = RoundTrip.run(List.of(tshark, "-n", "-X", "lua_script:" + out, "-r", capture.toString(), "-V"), err);
		assertFalse(err[0].contains("Lua"), err[0]);
		assertFalse(Files.exists(pwned), "the description's text ran as Lua");
		String i1 = inject1.replace("\\\"", "\"");
		String i2 = inject2.replace("\\\"", "\"");
		String i3 = inject3.replace("\\\"", "\"");
		// shown as written (a NUL as U+2400: Wireshark's C strings end at NUL)
		assertTrue(text.contains("Évil \"frame\" ]] ]=] " + i1 + ", Main " + i2), text);
		assertTrue(text.contains("Seq " + i1 + ": 1000"), text);
		assertTrue(text.contains("Len " + i3 + ": 20"), text);
		assertTrue(text.contains("N ünï\ncode: 2"), text);
		assertTrue(text.contains("N ünï\ncode: Idle " + i2 + "\u2400 (0)"), text);
		assertTrue(text.contains("Kind: Quote " + i1 + " (1)"), text);
		assertTrue(text.contains("Side: Sell 日本 " + i2 + " ('S')"), text);
		assertTrue(text.contains("Px \"]]\" \u2400 €: 1234.56789012"), text);
		assertTrue(text.contains("Unknown " + i3), text);
		// the generated file itself: no description text outside a quoted, escaped literal
		String luaText = Files.readString(out);
		assertFalse(luaText.contains("io.open(\""), "an unescaped quote reached the Lua source");
		assertEquals("\"a\\034b]]\\010\\000\\195\\169\"", LuaExporter.quote("a\"b]]\n\0é"));
	}
}
