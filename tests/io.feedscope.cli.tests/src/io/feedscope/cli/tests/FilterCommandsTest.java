package io.feedscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.capture.PacketLayers;
import io.feedscope.dissect.FieldInfo;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.testdata.outputs.Records;

/** {@code feedscope filter-fields}, Wireshark-style {@code decode --filter} forms and {@code analyze --filter}. */
class FilterCommandsTest {

	@TempDir
	Path fDir;

	private Scenario loss() {
		return Scenario.preset("loss").seed(51).frames(3_000).vlans(100).build();
	}

	private Path write(Scenario s, String name) throws Exception {
		Path f = fDir.resolve(name);
		new Generator(s).format(CaptureFormat.PCAP).write(f);
		return f;
	}

	@Test
	void filterFieldsListsEveryFieldWithItsType() {
		Records r = Records.run("filter-fields");
		assertEquals(0, r.exit, r.err);
		List<String> names = new ArrayList<>();
		for (String line : r.out.split("\n")) {
			String[] c = line.split("\t", -1);
			assertTrue(c[0].equals("P") && c.length == 3 || c[0].equals("F") && c.length == 7, line);
			names.add(c[2]);
			if (c[0].equals("F")) {
				assertTrue(c[3].startsWith("FT_"), line);
			}
		}
		// Wireshark's names and types for the link fields FeedScope reads
		for (String expected : new String[] { "F\tDestination Address\tip.dst\tFT_IPv4\tip\tIPv4 address\t",
				"F\tAddress\teth.addr\tFT_ETHER\teth\t", "F\tID\tvlan.id\tFT_UINT64\tvlan\t", "F\tArrival Time\tframe.time\tFT_ABSOLUTE_TIME\t",
				"F\tTime delta from previous captured frame\tframe.time_delta\tFT_RELATIVE_TIME\tframe\t",
				"F\tSource or Destination Port\tudp.port\tFT_UINT64\tudp\t", "P\tEthernet\teth" }) {
			assertTrue(r.out.contains(expected), expected);
		}
		// every field of the compiled descriptions, with its label, from the descriptions themselves
		ProtocolSet set = ProtocolRegistry.getDefault().compile();
		for (Protocol p : set.protocols()) {
			assertTrue(r.out.contains("P\t" + p.displayName() + "\t" + p.name() + "\n"), p.name());
			for (FieldInfo f : p.fields()) {
				assertTrue(r.out.contains("F\t" + f.displayName() + "\t" + f.name() + "\tFT_"), f.name());
			}
		}
		assertEquals(names.size(), new java.util.HashSet<>(names).size(), "each name once");
		Records ip = Records.run("filter-fields", "ip");
		assertTrue(ip.out.lines().allMatch(l -> l.split("\t")[2].equals("ip") || l.split("\t")[2].startsWith("ip.")), ip.out);
		assertEquals(2, Records.run("filter-fields", "nosuch").exit);
	}

	@Test
	void decodeTakesWiresharkForms() throws Exception {
		Scenario s = loss();
		Path f = write(s, "loss.pcap");
		List<Map<String, String>> all = Records.run("decode", "--bind", "udp.port==" + s.requestPort(), f.toString()).json();
		assertTrue(all.size() > 1_000, "messages: " + all.size());
		String srv = s.requestServer();
		check(f, s, all, "ip.dst == " + s.groupA(), m -> m.get("dst").startsWith(s.groupA() + ":"));
		check(f, s, all, "ip.addr == " + srv, m -> m.get("src").startsWith(srv + ":") || m.get("dst").startsWith(srv + ":"));
		check(f, s, all, "udp.port == " + s.requestPort(),
				m -> m.get("src").endsWith(":" + s.requestPort()) || m.get("dst").endsWith(":" + s.requestPort()));
		check(f, s, all, "ip.dst != " + s.groupA().substring(0, s.groupA().lastIndexOf('.')) + ".0/24",
				m -> !m.get("dst").startsWith(s.groupA().substring(0, s.groupA().lastIndexOf('.') + 1)));
		// line A's frames leave from the MAC 00:1b:21:3a:0a:10 (the generator's line A, macId 0x0a)
		check(f, s, all, "eth.src == 00-1b-21-3a-0a-10 and vlan.id == 100", m -> m.get("dst").startsWith(s.groupA() + ":"));
		check(f, s, all, "itch50.stock matches \"^a\"", m -> m.get("itch50.stock") != null && m.get("itch50.stock").startsWith("A"));
		check(f, s, all, "itch50.stock[0:2] == \"AA\"", m -> m.get("itch50.stock") != null && m.get("itch50.stock").startsWith("AA"));
		check(f, s, all, "len(itch50.stock) == 4", m -> m.get("itch50.stock") != null && m.get("itch50.stock").length() == 4);
		check(f, s, all, "lower(itch50.stock) == \"" + firstStock(all).toLowerCase(java.util.Locale.ROOT) + "\"",
				m -> firstStock(all).equals(m.get("itch50.stock")));
		// in decode a record is one message: its fields occur once (msgseq is this message's)
		String seq = all.get(all.size() / 2).get("moldudp64.msgseq");
		check(f, s, all, "moldudp64.msgseq != " + seq, m -> !seq.equals(m.get("moldudp64.msgseq")));
	}

	private static String firstStock(List<Map<String, String>> all) {
		return all.stream().map(m -> m.get("itch50.stock")).filter(x -> x != null).findFirst().orElseThrow();
	}

	private static void check(Path f, Scenario s, List<Map<String, String>> all, String filter, Predicate<Map<String, String>> expected) {
		List<Map<String, String>> want = all.stream().filter(expected).toList();
		Records r = Records.run("decode", "--bind", "udp.port==" + s.requestPort(), "--filter", filter, f.toString());
		assertEquals(0, r.exit, r.err);
		List<Map<String, String>> got = r.json();
		assertEquals(want.size(), got.size(), filter);
		assertEquals(want, got, filter);
		assertTrue(!want.isEmpty(), "the filter keeps something: " + filter);
	}

	@Test
	void filterErrorsShowTheColumnOnceWithACaret() throws Exception {
		Path f = write(loss(), "e.pcap");
		String text = "udp.port == 1 and ip.dst == 233.54.12";
		Records r = Records.run("decode", "--filter", text, f.toString());
		assertEquals(2, r.exit);
		String[] lines = r.err.split("\n");
		assertEquals("feedscope decode: --filter: '233.54.12' at column 29 is not an IPv4 address (a.b.c.d, or a.b.c.d/n for a network; "
				+ "host names are not looked up)", lines[0]);
		assertEquals("  " + text, lines[1]);
		assertEquals("  " + " ".repeat(28) + "^^^^^^^^^", lines[2]);
		Records a = Records.run("analyze", "--filter", "eth.src == 00:1b", f.toString());
		assertEquals(2, a.exit);
		assertTrue(a.err.startsWith("feedscope analyze: --filter: '00:1b' at column 12 is not a MAC address"), a.err);
	}

	/** The analysis sees only the kept frames: its frame count is the number of frames to line A's group. */
	@Test
	void analyzeFilterRestrictsTheAnalysisToMatchingFrames() throws Exception {
		Scenario s = loss();
		Path f = write(s, "a.pcap");
		int toA = 0;
		int total;
		long groupA = 0;
		for (String part : s.groupA().split("\\.")) {
			groupA = groupA << 8 | Integer.parseInt(part);
		}
		try (CaptureFile c = Captures.open(f)) {
			total = c.frameCount();
			PacketLayers l = new PacketLayers();
			for (int i = 1; i <= total; i++) {
				l.decode(c, i);
				if (l.ipOffset() >= 0 && (l.ipDestination() & 0xffffffffL) == groupA) {
					toA++;
				}
			}
		}
		assertTrue(toA > 100 && toA < total, toA + " of " + total);
		Records all = Records.run("analyze", f.toString());
		assertEquals(0, all.exit, all.err);
		assertTrue(all.out.contains(": " + String.format("%,d", total) + " frames"), all.out);
		Records r = Records.run("analyze", "--filter", "ip.dst == " + s.groupA(), f.toString());
		assertEquals(0, r.exit, r.err);
		assertTrue(r.out.contains(": " + String.format("%,d", toA) + " frames"), r.out);
	}
}
