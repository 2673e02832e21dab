package io.feedscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.Truth;
import io.feedscope.testdata.TestData;
import io.feedscope.testdata.outputs.Records;

class DecodeCommandTest {

	@TempDir
	Path fDir;

	private Path generate(String name, String preset, long seed, int frames) throws Exception {
		Path f = fDir.resolve(name);
		new Generator(Scenario.preset(preset).seed(seed).frames(frames).build()).format(CaptureFormat.PCAP).write(f);
		return f;
	}

	// ------------------------------------------------------------------ the real capture

	/**
	 * Multiple.Packets.pcap (two frames, 39 messages: Order Delete, Add Order, Add Order with MPID).
	 * Expected values are decoded here from the bytes, independently of FeedScope, per the NASDAQ
	 * TotalView-ITCH 5.0 spec (D: type, locate u16, tracking u16, timestamp u48 ns, order ref u64;
	 * A: + side char, shares u32, stock alpha 8, price u32 with 4 decimals; F: + attribution alpha 4)
	 * and the MoldUDP64 header (session 10, sequence u64, count u16, then u16 length + message).
	 */
	@Test
	void realCaptureRecordsMatchTheSpec() throws Exception {
		Path f = TestData.nasdaq("unaltered/Multiple.Packets.pcap");
		List<Map<String, String>> expected = specDecode(Files.readAllBytes(f));
		assertEquals(39, expected.size());
		Records r = Records.run("decode", f.toString());
		assertEquals(0, r.exit, r.err);
		assertEquals("", r.err);
		List<Map<String, String>> actual = r.json();
		assertEquals(expected.size(), actual.size());
		for (int i = 0; i < expected.size(); i++) {
			for (Map.Entry<String, String> e : expected.get(i).entrySet()) {
				assertEquals(e.getValue(), actual.get(i).get(e.getKey()), "record " + i + " " + e.getKey());
			}
		}
		// stable key order: the leading columns, then the message's fields in wire order
		Map<String, String> first = actual.get(0);
		assertEquals(List.of("frame.number", "frame.time_ns", "src", "dst", "moldudp64.session", "moldudp64.sequence",
				"moldudp64.msgseq", "type", "itch50.message_type", "itch50.message_type_name", "itch50.stock_locate",
				"itch50.tracking_number", "itch50.timestamp", "itch50.order_reference_number"), List.copyOf(first.keySet()));
		// the first record in full (values from the spec decode above; enum label from the spec's message name)
		assertEquals("1", first.get("frame.number"));
		assertEquals("D", first.get("itch50.message_type"));
		assertEquals("Order Delete Message", first.get("itch50.message_type_name"));
		assertEquals("order_delete", first.get("type"));
		assertEquals("000010059B", first.get("moldudp64.session"));
		assertEquals("233.54.12.111:26477", first.get("dst"));
		// an Add Order: side as code + label, price as exact decimal text
		Map<String, String> add = actual.get(1);
		assertEquals("add_order", add.get("type"));
		assertEquals("B".equals(add.get("itch50.buy_sell_indicator")) ? "Buy Order" : "Sell Order",
				add.get("itch50.buy_sell_indicator_name"));
		assertTrue(add.get("itch50.price").matches("\\d+\\.\\d{4}"), add.get("itch50.price"));
		long withMpid = actual.stream().filter(m -> "F".equals(m.get("itch50.message_type"))).count();
		assertEquals(expected.stream().filter(m -> "F".equals(m.get("itch50.message_type"))).count(), withMpid);
	}

	/**
	 * itch50.price of every complete message of every MoldUDP64 frame of a pcap, keyed "frame#msgseq", decoded
	 * per the ITCH 5.0 spec: Price(4) at offset 32 of Add Order (A), Add Order with MPID (F) and Trade (P),
	 * at 31 of Order Replace (U); "" for the other types. Frames: Ethernet (+ VLAN tags), IPv4, UDP to or from
	 * port 26477 or 18001 (lines and re-request server of the generated captures), MoldUDP64 header, then
	 * exactly as many length-prefixed blocks as the count says, filling the payload.
	 */
	static Map<String, String> specPrices(byte[] file) {
		ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(0xa1b2c3d4, b.getInt(0), "generated pcap, microseconds, little-endian");
		Map<String, String> out = new LinkedHashMap<>();
		int pos = 24;
		int frame = 0;
		while (pos + 16 <= file.length) {
			frame++;
			int incl = b.getInt(pos + 8);
			ByteBuffer d = ByteBuffer.wrap(file, pos + 16, incl).slice().order(ByteOrder.BIG_ENDIAN);
			pos += 16 + incl;
			int ip = 14;
			while ((d.getShort(ip - 2) & 0xffff) == 0x8100 || (d.getShort(ip - 2) & 0xffff) == 0x88a8) {
				ip += 4;
			}
			if ((d.getShort(ip - 2) & 0xffff) != 0x0800 || d.get(ip + 9) != 17) {
				continue;
			}
			int udp = ip + (d.get(ip) & 0xf) * 4;
			int sport = d.getShort(udp) & 0xffff;
			int dport = d.getShort(udp + 2) & 0xffff;
			if (sport != 26477 && dport != 26477 && sport != 18001) {
				continue;
			}
			int mold = udp + 8;
			int end = Math.min(incl, udp + (d.getShort(udp + 4) & 0xffff)); // without Ethernet padding
			if (mold + 20 > end) {
				continue;
			}
			long seq = d.getLong(mold + 10);
			int count = d.getShort(mold + 18) & 0xffff;
			Map<String, String> frameOut = new LinkedHashMap<>();
			int o = mold + 20;
			for (int k = 0; k < count && count != 0xffff && o + 2 <= end; k++) {
				int len = d.getShort(o) & 0xffff;
				int m = o + 2;
				if (len == 0 || m + len > end) {
					break;
				}
				o = m + len;
				char type = (char) d.get(m);
				int at = type == 'A' || type == 'F' || type == 'P' ? 32 : type == 'U' ? 31 : -1;
				frameOut.put(frame + "#" + (seq + k),
						at < 0 || at + 4 > len ? "" : BigDecimal.valueOf(d.getInt(m + at) & 0xffffffffL, 4).toPlainString());
			}
			// only sound packets are feed data without a --bind (the strict heuristic declines a malformed
			// one; with a binding its errors are reported, see malformedFramesAreReportedAndDecodingGoesOn)
			if (frameOut.size() == count && o == end) {
				out.putAll(frameOut);
			}
		}
		return out;
	}

	/** The independent decoder of the test above: pcap (us or ns, either byte order), Ethernet (+ VLAN tags), IPv4, UDP, MoldUDP64, ITCH. */
	static List<Map<String, String>> specDecode(byte[] file) {
		ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
		int magic = b.getInt(0);
		if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
			b.order(ByteOrder.BIG_ENDIAN);
			magic = b.getInt(0);
		}
		long fracUnit = magic == 0xa1b23c4d ? 1 : 1000;
		List<Map<String, String>> out = new ArrayList<>();
		int pos = 24;
		int frame = 0;
		while (pos + 16 <= file.length) {
			frame++;
			long secs = b.getInt(pos) & 0xffffffffL;
			long frac = b.getInt(pos + 4) & 0xffffffffL;
			int incl = b.getInt(pos + 8);
			int p = pos + 16;
			pos += 16 + incl;
			ByteBuffer d = ByteBuffer.wrap(file, p, incl).slice().order(ByteOrder.BIG_ENDIAN);
			int ip = 14;
			while ((d.getShort(ip - 2) & 0xffff) == 0x8100 || (d.getShort(ip - 2) & 0xffff) == 0x88a8) {
				ip += 4; // 802.1Q / 802.1ad tag
			}
			assertEquals(0x0800, d.getShort(ip - 2) & 0xffff, "IPv4");
			assertEquals(17, d.get(ip + 9), "UDP");
			int ihl = (d.get(ip) & 0xf) * 4;
			int udp = ip + ihl;
			int mold = udp + 8;
			String session = new String(file, p + mold, 10, StandardCharsets.US_ASCII).strip();
			long seq = d.getLong(mold + 10);
			int count = d.getShort(mold + 18) & 0xffff;
			int o = mold + 20;
			for (int k = 0; k < count; k++) {
				int len = d.getShort(o) & 0xffff;
				int m = o + 2;
				o = m + len;
				Map<String, String> r = new LinkedHashMap<>();
				r.put("frame.number", String.valueOf(frame));
				r.put("frame.time_ns", String.valueOf(secs * 1_000_000_000L + frac * fracUnit));
				r.put("moldudp64.session", session);
				r.put("moldudp64.sequence", String.valueOf(seq));
				r.put("moldudp64.msgseq", String.valueOf(seq + k));
				char type = (char) d.get(m);
				r.put("itch50.message_type", String.valueOf(type));
				r.put("itch50.stock_locate", String.valueOf(d.getShort(m + 1) & 0xffff));
				r.put("itch50.tracking_number", String.valueOf(d.getShort(m + 3) & 0xffff));
				r.put("itch50.timestamp", String.valueOf((d.getShort(m + 5) & 0xffffL) << 32 | d.getInt(m + 7) & 0xffffffffL));
				r.put("itch50.order_reference_number", Long.toUnsignedString(d.getLong(m + 11)));
				if (type == 'A' || type == 'F') {
					r.put("itch50.buy_sell_indicator", String.valueOf((char) d.get(m + 19)));
					r.put("itch50.shares", String.valueOf(d.getInt(m + 20) & 0xffffffffL));
					r.put("itch50.stock", new String(file, p + m + 24, 8, StandardCharsets.US_ASCII).stripTrailing());
					r.put("itch50.price", BigDecimal.valueOf(d.getInt(m + 32) & 0xffffffffL, 4).toPlainString());
					if (type == 'F') {
						r.put("itch50.attribution", new String(file, p + m + 36, 4, StandardCharsets.US_ASCII).stripTrailing());
					}
				} else if (type != 'D') {
					throw new IllegalStateException("the test decodes D, A and F only, found " + type);
				}
				out.add(r);
			}
		}
		return out;
	}

	// ------------------------------------------------------------------ formats

	@Test
	void csvHasAFixedHeaderAndQuotesPerRfc4180() throws Exception {
		Path a = generate("a,\"q\".pcap", "demo", 1, 3000);
		Path b = generate("b.pcap", "demo", 2, 3000);
		Records one = Records.run("decode", "--format", "csv", b.toString());
		assertEquals(0, one.exit, one.err);
		Records two = Records.run("decode", "--format", "csv", a.toString(), b.toString());
		assertEquals(0, two.exit, two.err);
		List<List<String>> rows = two.csv();
		List<String> header = rows.get(0);
		// the header does not depend on the data: same for one file and two
		assertEquals(header, one.csv().get(0));
		assertEquals(List.of("frame.number", "frame.time_ns", "capture", "src", "dst"), header.subList(0, 5));
		assertTrue(header.contains("itch50.price") && header.contains("itch50.stock") && header.contains("itch50.cross_type_name"));
		assertEquals(header.size(), new HashSet<>(header).size(), "columns are unique");
		int capture = header.indexOf("capture");
		int frame = header.indexOf("frame.number");
		int msgseq = header.indexOf("moldudp64.msgseq");
		int price = header.indexOf("itch50.price");
		// the price of every message, decoded here from the bytes (specPrices); "" for types without one
		Map<String, String> prices = new LinkedHashMap<>();
		for (Path f : List.of(a, b)) {
			specPrices(Files.readAllBytes(f)).forEach((k, v) -> prices.put(f + "#" + k, v));
		}
		Set<String> captures = new HashSet<>();
		int priced = 0;
		for (List<String> row : rows.subList(1, rows.size())) {
			assertEquals(header.size(), row.size());
			captures.add(row.get(capture));
			String key = row.get(capture) + "#" + row.get(frame) + "#" + row.get(msgseq);
			assertTrue(prices.containsKey(key), "no message " + key + " in the test's own decode");
			assertEquals(prices.get(key), row.get(price), key);
			priced += row.get(price).isEmpty() ? 0 : 1;
		}
		assertEquals(prices.size(), rows.size() - 1, "one row per message");
		assertEquals(prices.values().stream().filter(v -> !v.isEmpty()).count(), priced);
		assertEquals(Set.of(a.toString(), b.toString()), captures);
		// the raw text: the name with a comma and quotes is quoted, its quotes doubled
		assertTrue(two.out.contains(",\"" + a.toString().replace("\"", "\"\"") + "\","), "quoted capture name");
		assertEquals(one.csv().size() - 1 + Records.run("decode", a.toString()).json().size(), rows.size() - 1);
	}

	@Test
	void jsonEscapesStrings() throws Exception {
		Path a = generate("q\"uote\\back.pcap", "demo", 3, 500);
		Path b = generate("plain.pcap", "demo", 4, 500);
		Records r = Records.run("decode", a.toString(), b.toString());
		assertEquals(0, r.exit, r.err);
		Set<String> names = new HashSet<>();
		for (Map<String, String> m : r.json()) { // the strict reader fails on a bad escape
			names.add(m.get("capture"));
		}
		assertEquals(Set.of(a.toString(), b.toString()), names);
		assertTrue(r.out.contains("q\\\"uote\\\\back.pcap"), "escaped quote and backslash");
	}

	// ------------------------------------------------------------------ filter

	/** The filter keeps exactly the records a second, filter-free pass selects by the same condition. */
	@Test
	void filterSelectsTheRightRecords() throws Exception {
		Path f = generate("f.pcap", "demo", 5, 20_000);
		List<Map<String, String>> all = Records.run("decode", f.toString()).json();
		String stock = all.stream().map(m -> m.get("itch50.stock")).filter(s -> s != null).findFirst().orElseThrow();
		long expected = all.stream().filter(m -> stock.equals(m.get("itch50.stock")) && m.get("itch50.shares") != null
				&& Long.parseLong(m.get("itch50.shares")) > 100).count();
		assertTrue(expected > 10, "enough to count: " + expected);
		Records r = Records.run("decode", f.toString(), "--filter",
				"itch50.stock == \"" + stock + "\" and itch50.shares > 100");
		assertEquals(0, r.exit, r.err);
		List<Map<String, String>> got = r.json();
		assertEquals(expected, got.size());
		for (Map<String, String> m : got) {
			assertEquals(stock, m.get("itch50.stock"));
		}
		// decimals compare exactly; characters compare as text; framing and frame fields are there
		BigDecimal limit = new BigDecimal("100.5");
		long priced = all.stream().filter(m -> m.get("itch50.price") != null && new BigDecimal(m.get("itch50.price")).compareTo(limit) >= 0
				&& "S".equals(m.get("itch50.buy_sell_indicator"))).count();
		assertEquals(priced, Records.run("decode", f.toString(), "--filter",
				"itch50.price >= 100.5 && itch50.buy_sell_indicator == \"S\"").json().size());
		Map<String, String> pick = all.get(all.size() / 2);
		List<Map<String, String>> one = Records.run("decode", f.toString(), "--filter",
				"moldudp64.msgseq == " + pick.get("moldudp64.msgseq") + " and frame.number == " + pick.get("frame.number")).json();
		assertEquals(List.of(pick), one);
		long line = all.stream().filter(m -> m.get("dst").endsWith(":" + pick.get("dst").split(":")[1])).count();
		assertEquals(line, Records.run("decode", f.toString(), "--filter", "udp.dstport == " + pick.get("dst").split(":")[1]).json().size());
	}

	@Test
	void filterSyntaxErrorShowsTheColumnAndExits2() throws Exception {
		Path f = generate("s.pcap", "demo", 6, 200);
		String text = "itch50.shares > 100 and itch50.stock = \"AAPL\"";
		Records r = Records.run("decode", f.toString(), "--filter", text);
		assertEquals(2, r.exit);
		assertEquals("", r.out);
		Matcher m = Pattern.compile("column (\\d+)").matcher(r.err);
		assertTrue(m.find(), r.err);
		int column = Integer.parseInt(m.group(1));
		assertEquals(text.indexOf(" = ") + 2, column, "the '=' is where the error is");
		String[] lines = r.err.split("\n");
		int t = -1;
		for (int i = 0; i < lines.length; i++) {
			if (lines[i].endsWith(text)) {
				t = i;
			}
		}
		assertTrue(t >= 0 && t + 1 < lines.length, r.err);
		int caret = lines[t + 1].indexOf('^');
		assertEquals(lines[t].indexOf(text) + column - 1, caret, r.err);
		// an unknown field is an error too
		assertEquals(2, Records.run("decode", f.toString(), "--filter", "itch50.nosuchfield > 1").exit);
	}

	// ------------------------------------------------------------------ damage

	/** Malformed frames (the generator's truth lists them) are reported with file and frame; decoding goes on. */
	@Test
	void malformedFramesAreReportedAndDecodingGoesOn() throws Exception {
		Path f = fDir.resolve("m.pcap");
		new Generator(Scenario.preset("malformed").seed(7).frames(20_000).build()).format(CaptureFormat.PCAP).write(f);
		List<Long> bad = Truth.read(Generator.truthPath(f)).malformedFrames();
		assertFalse(bad.isEmpty());
		// a frame whose count disagrees with its blocks is not MoldUDP64 to the heuristic: bind the feed ports
		// (as tshark needs -d udp.port==P,moldudp64) so that the damage is decoded and reported
		Scenario s = Scenario.preset("malformed").build();
		Records r = Records.run("decode", "--bind", "udp.port==" + s.portA(), "--bind", "udp.port==" + s.portB(), f.toString());
		assertEquals(0, r.exit, r.err);
		for (long frame : bad) {
			assertTrue(r.err.contains(f + ": frame " + frame + ": error: "), "frame " + frame + " reported:\n" + r.err);
		}
		long last = bad.stream().mapToLong(Long::longValue).max().orElseThrow();
		List<Map<String, String>> recs = r.json();
		assertTrue(recs.stream().anyMatch(m -> Long.parseLong(m.get("frame.number")) > last), "records after the last bad frame");
		// the complete messages of a malformed frame are still decoded
		assertTrue(recs.stream().anyMatch(m -> Long.parseLong(m.get("frame.number")) == bad.get(0)));
	}

	/** A file cut in the middle of a record: the damage is reported (file, frame), the frames before it decoded. */
	@Test
	void cutFileIsReportedAndTheRestDecoded() throws Exception {
		Path whole = generate("whole.pcap", "demo", 8, 2000);
		byte[] bytes = Files.readAllBytes(whole);
		Path cut = fDir.resolve("cut.pcap");
		Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
		Records full = Records.run("decode", whole.toString());
		Records r = Records.run("decode", cut.toString(), whole.toString());
		assertEquals(0, r.exit, r.err);
		assertTrue(r.err.contains(cut + ": frame "), r.err);
		List<Map<String, String>> recs = r.json();
		long fromCut = recs.stream().filter(m -> cut.toString().equals(m.get("capture"))).count();
		assertTrue(fromCut > 0 && fromCut < full.json().size(), "part of the cut file: " + fromCut);
		assertEquals(full.json().size(), recs.stream().filter(m -> whole.toString().equals(m.get("capture"))).count());
	}

	@Test
	void missingFileExits1NamingItAfterDecodingTheOthers() throws Exception {
		Path f = generate("ok.pcap", "demo", 9, 500);
		Path missing = fDir.resolve("no-such.pcap");
		Records r = Records.run("decode", missing.toString(), f.toString());
		assertEquals(1, r.exit);
		assertTrue(r.err.contains("cannot open " + missing), r.err);
		assertEquals(Records.run("decode", f.toString()).json().size(), r.json().size());
		assertTrue(r.json().size() > 0);
	}

	// ------------------------------------------------------------------ several files

	/** Two files: records merged by capture time, each file's own order kept, nothing lost. */
	@Test
	void twoFilesAreMergedByTime() throws Exception {
		Path a = fDir.resolve("early.pcap");
		Path b = fDir.resolve("late.pcap");
		new Generator(Scenario.preset("demo").seed(10).frames(3000).build()).format(CaptureFormat.PCAP_NS).write(a);
		// the same session start, another seed: the two files interleave in time
		new Generator(Scenario.preset("demo").seed(11).frames(3000).build()).format(CaptureFormat.PCAPNG).write(b);
		List<Map<String, String>> ra = Records.run("decode", a.toString()).json();
		List<Map<String, String>> rb = Records.run("decode", b.toString()).json();
		Records r = Records.run("decode", a.toString(), b.toString());
		assertEquals(0, r.exit, r.err);
		List<Map<String, String>> merged = r.json();
		assertEquals(ra.size() + rb.size(), merged.size());
		long prev = Long.MIN_VALUE;
		List<Map<String, String>> onlyA = new ArrayList<>();
		List<Map<String, String>> onlyB = new ArrayList<>();
		boolean switched = false;
		String last = null;
		int switches = 0;
		for (Map<String, String> m : merged) {
			long t = Long.parseLong(m.get("frame.time_ns"));
			assertTrue(t >= prev, "time order");
			prev = t;
			String c = m.remove("capture");
			if (last != null && !last.equals(c)) {
				switches++;
			}
			last = c;
			(c.equals(a.toString()) ? onlyA : onlyB).add(m);
		}
		switched = switches > 10;
		assertTrue(switched, "the files interleave: " + switches + " switches");
		assertEquals(ra, onlyA);
		assertEquals(rb, onlyB);
	}

	@Test
	void bindingsAndArguments() throws Exception {
		Path f = generate("b.pcap", "demo", 12, 500);
		int n = Records.run("decode", f.toString()).json().size();
		// bound, the complete messages of frames the heuristic turns down (malformed ones) are decoded too
		int bound = Records.run("decode", "--bind", "udp.port==26400-26500", f.toString()).json().size();
		assertTrue(bound >= n && n > 0, bound + " " + n);
		assertEquals(bound, Records.run("decode", "--bind", "group==233.0.0.0/8", f.toString()).json().size());
		assertEquals(2, Records.run("decode", "--bind", "udp.port==70000", f.toString()).exit);
		assertEquals(2, Records.run("decode", "--bind", "group==300.1.1.1", f.toString()).exit);
		assertEquals(2, Records.run("decode", "--format", "xml", f.toString()).exit);
		assertEquals(2, Records.run("decode").exit);
		Records help = Records.run("decode", "--help");
		assertEquals(0, help.exit);
		assertTrue(help.out.contains("frame.time_ns"), help.out);
	}
}
