package io.feedscope.filter.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.filter.DisplayFilter;
import io.feedscope.filter.FieldType;
import io.feedscope.filter.FieldVocabulary;
import io.feedscope.filter.FilterSyntaxException;
import io.feedscope.filter.packet.PacketFields;
import io.feedscope.filter.packet.PacketFilter;
import io.feedscope.filter.packet.PacketRecord;

/**
 * Every form of the filter language against {@link HandBuiltCapture}, whose bytes are known: the
 * expected frames are worked out by hand from the frame table in its comment, not by running anything.
 * Frame mode (the workbench, analyze --filter): a field of the MoldUDP64 messages occurs once per
 * message, and Wireshark's rule for repeated fields applies.
 */
class PacketFilterTest {

	private static Path sDir;
	private static CaptureFile sCapture;
	private static ProtocolSet sProtocols;
	private static FieldVocabulary sFields;

	@BeforeAll
	static void open() throws IOException {
		sDir = Files.createTempDirectory("filter-test");
		sCapture = Captures.open(HandBuiltCapture.write(sDir));
		sProtocols = ProtocolRegistry.getDefault().compile().toBuilder().bindPorts("moldudp64", 26477, 26478).build();
		sFields = PacketFields.vocabulary(sProtocols);
	}

	@AfterAll
	static void close() throws IOException {
		sCapture.close();
		try (var s = Files.list(sDir)) {
			for (Path p : s.toList()) {
				Files.delete(p);
			}
		}
		Files.delete(sDir);
	}

	/** @return the frames passing, "1 2", "" for none */
	private static String frames(String filter, ZoneId zone) throws FilterSyntaxException {
		PacketFilter f = new PacketFilter(DisplayFilter.compile(filter, sFields, zone), new FeedDissector(sProtocols));
		List<Integer> pass = new ArrayList<>();
		for (int frame = 1; frame <= sCapture.frameCount(); frame++) {
			// the analysis's line names, for feedscope.line: frame 1 on line A, frame 2 on B, others none
			if (f.matches(sCapture, frame, frame == 1 ? "A" : frame == 2 ? "B" : "")) {
				pass.add(frame);
			}
		}
		return pass.stream().map(String::valueOf).collect(Collectors.joining(" "));
	}

	@Test
	void theCaptureIsWhatItsTableSays() {
		assertEquals(4, sCapture.frameCount());
		assertEquals(List.of(142, 108, 47, 60), List.of(sCapture.originalLength(1), sCapture.originalLength(2),
				sCapture.originalLength(3), sCapture.originalLength(4)));
		assertEquals(42, sCapture.capturedLength(4));
		FeedPacket p = new FeedDissector(sProtocols).dissect(sCapture, 1);
		assertEquals("moldudp64", p.protocolName());
		assertEquals(2, p.messageCount());
	}

	@ParameterizedTest(name = "{0} => {1}")
	@CsvSource(delimiterString = " => ", quoteCharacter = '`', emptyValue = "", value = {
			// IPv4 addresses, CIDR, either direction, sets and ranges
			"ip.dst == 233.54.12.111 => 1",
			"ip.src eq 10.1.1.10 => 1",
			"ip.addr == 10.1.1.10 => 1 3",
			"ip.addr == 233.54.12.111 => 1 3",
			"ip.dst == 233.54.12.0/24 => 1 2",
			"ip.dst != 233.54.12.0/24 => 3",
			"!(ip.dst == 233.54.12.0/24) => 3 4",
			"ip.src == 10.1.1.10/32 => 1",
			"ip.src > 10.1.1.10 => 2 3",
			"ip.addr in {10.1.1.10 .. 10.1.1.11} => 1 2 3",
			"ip.dst in {233.54.12.0/24, 10.0.0.0/8} => 1 2 3",
			"ip.proto == 17 => 1 2 3",
			"ip.ttl == 64 and ip.len == 33 => 3",
			// several occurrences: == any, != all (all_ne), === all, !== / ~= any not equal, any/all
			"ip.addr != 10.1.1.10 => 2",
			"ip.addr ne 10.1.1.10 => 2",
			"ip.addr !== 10.1.1.10 => 1 2 3",
			"ip.addr ~= 10.1.1.10 => 1 2 3",
			"ip.addr any_ne 10.1.1.10 => 1 2 3",
			"ip.addr === 10.1.1.10 => ",
			"ip.addr all_eq 10.1.1.10 => ",
			"all ip.addr > 10.1.1.10 => 2",
			"any ip.addr != 10.1.1.10 => 1 2 3",
			// MAC addresses, in every form Wireshark reads, and slices of them
			"eth.src == 00:1b:21:3a:0a:10 => 1",
			"eth.src == 00-1b-21-3a-0a-10 => 1",
			"eth.src == 001b.213a.0a10 => 1",
			"eth.src == 00.1b.21.3a.0a.10 => 1",
			"eth.src == 001b213a0a10 => 1",
			"eth.addr == 00:1b:21:3a:0a:10 => 1 3",
			"eth.addr != 00:1b:21:3a:0a:10 => 2 4",
			"eth.dst == ff:ff:ff:ff:ff:ff => 4",
			"eth.src > 00:1b:21:3a:0a:10 => 2 3 4",
			"eth.src[0:3] == 00:1b:21 => 1 2",
			"eth.src[-2:] == 0a:11 => 2",
			"eth.src[3] == 3a => 1 2",
			"eth.src contains 3a:0a => 1 2",
			"eth.type == 0x8100 => 1",
			"eth.type == 0x88a8 => 2",
			"eth.type == 0x0806 => 4",
			// VLAN tags: 802.1Q (vlan) and 802.1ad (ieee8021ad), as Wireshark names them
			"vlan => 1 2",
			"!vlan => 3 4",
			"vlan.id == 100 => 1",
			"vlan.id == 141 => 2",
			"vlan.id != 141 => 1",
			"vlan.id == 200 => ",
			"ieee8021ad.id == 200 => 2",
			"count(vlan.id) == 1 => 1 2",
			// UDP, either port
			"udp => 1 2 3",
			"udp.port == 26477 => 1",
			"udp.port == 40000 => 1 3",
			"udp.port != 40000 => 2",
			"udp.srcport == 9999 => 3",
			"udp.dstport in {26477, 26478} => 1 2",
			"udp.dstport in {26470..26480} => 1 2",
			"udp.dstport in {26470 .. 26477} => 1",
			"udp.length == 13 => 3",
			"udp.port not in {26477, 26478} => 3 4",
			"not ip => 4",
			// frame lengths (decimal, hex, octal as in Wireshark) and times
			"frame.len == 142 => 1",
			"frame.len == 0x3c => 4",
			"frame.len == 074 => 4",
			"frame.cap_len == 42 => 4",
			"frame.len > frame.cap_len => 4",
			"frame.len != frame.cap_len => 4",
			"frame.number in {1 3} => 1 3",
			"frame.time_relative == 0.5 => 2",
			"frame.time_relative >= 1 => 3 4",
			"frame.time_delta == 0.5 => 2",
			"frame.time_delta == 0.50025 => 3",
			"frame.time_delta < 0.001 => 1 4",
			"frame.time_delta == 0.00001 => 4",
			"frame.time_epoch >= 1767260040.5 => 2 3 4",
			"frame.time_epoch == 1767260041.00025 => 3",
			"frame.time >= \"2026-01-01 09:34:00.5Z\" => 2 3 4",
			"frame.time >= \"2026-01-01T09:34:00.500000001Z\" => 3 4",
			"frame.time == \"2026-01-01 09:34:01.000250 UTC\" => 3",
			"frame.time == \"2026-01-01 09:34:01.00026+00:00\" => 4",
			"frame.time < \"Jan  1, 2026 09:34:00.5 UTC\" => 1",
			"frame.time >= \"Jan 1, 2026 09:34:01 UTC\" => 3 4",
			// local time: the test's zone is UTC+1 (Europe/Paris in January)
			"frame.time >= \"2026-01-01 10:34:00.5\" => 2 3 4",
			"frame.time < \"Jan  1, 2026 10:34:01\" => 1 2",
			"frame[12:2] == 81:00 => 1",
			"frame[12:2] == 88:a8 => 2",
			"frame[-2:] == 01:02 => 4",
			"frame[100-107] => 1 2",
			"frame[100-199] => ",
			// text, regular expressions (case-insensitive unless (?-i), as Wireshark), slices, functions
			"moldudp64.session == \"Feed0001ab\" => 1 2",
			"moldudp64.session == r\"Feed0001ab\" => 1 2",
			"moldudp64.session matches \"AB$\" => 1 2",
			"moldudp64.session matches \"(?-i)AB$\" => ",
			"moldudp64.session ~ \"(?-i)ab$\" => 1 2",
			"moldudp64.session ~ \"(?i)^FEED\" => 1 2",
			"itch50.stock matches \"^AA\" => 1 2",
			"itch50.stock matches \"^MS\" => 1",
			"itch50.stock[0:2] == \"AA\" => 1 2",
			"itch50.stock[1-3] == \"SFT\" => 1",
			"itch50.stock[-1:] == \"T\" => 1",
			"itch50.stock[0] == 4d => 1",
			"itch50.stock[:2] == \"MS\" => 1",
			"itch50.stock[1:] == \"APL\" => 1 2",
			"itch50.stock[0,2-3] == \"APL\" => 1 2",
			"len(itch50.stock) == 4 => 1 2",
			"len(moldudp64.session) == 10 => 1 2",
			"len(eth.src) == 6 => 1 2 3 4",
			"upper(moldudp64.session) == \"FEED0001AB\" => 1 2",
			"lower(itch50.stock) == \"msft\" => 1",
			"lower(itch50.stock) contains \"ap\" => 1 2",
			"string(frame.number) matches \"^[13]$\" => 1 3",
			"string(ip.dst) == \"233.54.12.112\" => 2",
			"string(eth.src) contains \"0a:11\" => 2",
			// fields of the messages: once per message in a frame
			"itch50.stock == \"AAPL\" => 1 2",
			"itch50.stock != \"AAPL\" => ",
			"itch50.stock != \"MSFT\" => 2",
			"itch50.stock !== \"AAPL\" => 1",
			"itch50.stock === \"AAPL\" => 2",
			"all itch50.shares >= 100 => 2",
			"any itch50.shares < 100 => 1",
			"itch50.shares > 200 => 1",
			"itch50.price == 400 => 1",
			"itch50.price >= 227.6 => 1 2",
			"itch50.price > 227.6 => 1",
			"itch50.buy_sell_indicator == \"S\" => 1 2",
			"itch50.buy_sell_indicator == 'B' => 1",
			"count(itch50.stock) == 2 => 1",
			"itch50.stock in {\"MSFT\" \"IBM\"} => 1",
			// a frame is one packet: the two tests may hold in different messages (Wireshark's rule)
			"itch50.stock == \"AAPL\" and itch50.shares == 50 => 1",
			"moldudp64.msgseq == 101 => 1",
			"moldudp64.msgseq != 101 => 2",
			"moldudp64.msglen == 36 => 1 2",
			"moldudp64.count == 2 => 1",
			"moldudp64.msgdata[0] == 41 => 1 2",
			"moldudp64 => 1 2",
			"itch50 => 1 2",
			"!moldudp64 and udp => 3",
			// the analysis's line (given by the test for frames 1 and 2)
			"feedscope.line == \"A\" => 1",
			"feedscope.line => 1 2",
			// precedence: not, and, or
			"frame.number == 1 or frame.number == 2 and frame.number == 3 => 1",
			"not vlan.id == 141 => 1 3 4" })
	void formsSelectTheHandComputedFrames(String filter, String expected) throws FilterSyntaxException {
		assertEquals(expected == null ? "" : expected, frames(filter, ZoneId.of("Europe/Paris")), filter);
	}

	/** decode's records: one message with its frame; a message's fields occur once. */
	@Test
	void messageModeSeesOneMessage() throws FilterSyntaxException {
		FeedPacket p = new FeedDissector(sProtocols).dissect(sCapture, 1);
		PacketRecord r = new PacketRecord(sProtocols);
		r.setFrame(sCapture, 1, p);
		DisplayFilter same = DisplayFilter.compile("itch50.stock == \"MSFT\" and itch50.shares == 50", sFields);
		DisplayFilter mixed = DisplayFilter.compile("itch50.stock == \"AAPL\" and itch50.shares == 50", sFields);
		DisplayFilter seq = DisplayFilter.compile("moldudp64.msgseq == 101 and ip.dst == 233.54.12.111 and count(itch50.stock) == 1",
				sFields);
		assertTrue(mixed.test(r), "frame mode: AAPL in one message, 50 in the other");
		List<Boolean> got = new ArrayList<>();
		FeedMessage m = p.messages();
		while (m.next()) {
			r.setMessage(m);
			got.add(same.test(r));
			got.add(mixed.test(r));
			got.add(seq.test(r));
		}
		assertEquals(List.of(false, false, false, true, false, true), got);
	}

	@Test
	void everyFieldHasATypeAndTheProtocolFieldsComeFromTheDescriptions() {
		assertEquals(FieldType.IPV4, sFields.get("ip.addr").type());
		assertEquals(FieldType.ETHER, sFields.get("eth.src").type());
		assertEquals(FieldType.ABSOLUTE_TIME, sFields.get("frame.time").type());
		assertEquals(FieldType.RELATIVE_TIME, sFields.get("frame.time_delta").type());
		assertEquals(FieldType.DECIMAL, sFields.get("itch50.price").type());
		assertEquals(FieldType.STRING, sFields.get("itch50.stock").type());
		assertEquals(FieldType.CHAR, sFields.get("itch50.buy_sell_indicator").type());
		assertEquals(FieldType.BYTES, sFields.get("moldudp64.msgdata").type());
		assertEquals(FieldType.PROTOCOL, sFields.get("itch50").type());
		assertNotNull(sFields.get("feedscope.line"));
		// every field the descriptions declare is in the vocabulary, with its label
		for (io.feedscope.dissect.Protocol p : sProtocols.protocols()) {
			for (io.feedscope.dissect.FieldInfo f : p.fields()) {
				assertNotNull(sFields.get(f.name()), f.name());
				assertEquals(f.displayName(), sFields.get(f.name()).label());
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
			"ip.dst == 233.54.12 => 11 => '233.54.12' at column 11 is not an IPv4 address (a.b.c.d, or a.b.c.d/n for a network; host names are not looked up)",
			"ip.dst < 233.54.12.0/24 => 10 => network '233.54.12.0/24' at column 10 can only be compared with == or != (or in {...})",
			"eth.src == 00:1b:21 => 12 => '00:1b:21' at column 12 is not a MAC address (00:1b:21:3a:0a:10, 00-1b-21-3a-0a-10 or 001b.213a.0a10)",
			"ip.src == ip.sr => 11 => 'ip.sr' at column 11 is not an IPv4 address (a.b.c.d, or a.b.c.d/n for a network; host names are not looked up): did you mean 'ip.src'?",
			"ip.dts == 10.1.1.1 => 1 => unknown field 'ip.dts' at column 1: did you mean 'ip.dst'?",
			"udp.srcport[0:1] == 9c => 1 => 'udp.srcport' at column 1 is an unsigned integer and cannot be sliced into bytes (slices take text, bytes and addresses)",
			"itch50.shares contains \"3\" => 1 => 'itch50.shares' at column 1 is an unsigned integer: contains works on text and bytes",
			"frame.number matches \"1\" => 1 => 'frame.number' at column 1 is an unsigned integer: matches works on text (string(frame.number) makes text of it)",
			"itch50.stock matches \"(AA\" => 22 => regular expression at column 22 is not valid: Unclosed group",
			"lenn(itch50.stock) == 4 => 1 => unknown function 'lenn' at column 1: did you mean 'len'?",
			"len(udp.port) == 2 => 5 => 'udp.port' at column 5 is an unsigned integer: len() takes text, bytes or an address",
			"frame.time > 1767260040 => 14 => '1767260040' at column 14: frame.time is a date and time: write it in double quotes, \"2026-01-01 09:34:00\" or \"Jan  1, 2026 09:34:00\" (frame.time_epoch takes seconds since 1970)",
			"frame.time > \"2026-13-01 09:00:00\" => 14 => date '\"2026-13-01 09:00:00\"' at column 14 is not valid: write \"2026-01-01 09:34:00[.fraction]\" or \"Jan  1, 2026 09:34:00[.fraction]\" (local time; append Z or UTC for UTC)",
			"itch50.stock == AAPL => 17 => 'AAPL' at column 17: itch50.stock is text: write the value in double quotes (\"AAPL\")",
			"itch50.shares == \"300\" => 18 => '\"300\"' at column 18: itch50.shares is an unsigned integer, not text: write it without quotes",
			"ip.src == frame.len => 11 => 'frame.len' at column 11 is an unsigned integer and cannot be compared with 'ip.src' (an IPv4 address)",
			"eth.src[0:x] == 00 => 9 => slice '0:x' at column 9 is not a range: use [i:length], [i-end], [i], [:length] or [i:]",
			"ip.dst == 10.1.1.1 && => 22 => the filter ends too early at column 22: expected a field name",
			"udp.port in {1, ip.src} => 17 => 'ip.src' at column 17: a set holds values, not fields" })
	void errorsNameTheirColumnOnce(String filter, int column, String message) {
		FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> DisplayFilter.compile(filter, sFields));
		assertEquals(message, e.getMessage());
		assertEquals(column, e.column());
		// the column is said once: a view showing the message adds nothing ("Column 17: ... at column 17" was a fault)
		assertEquals(1, e.getMessage().split("column", -1).length - 1, e.getMessage());
	}

	@Test
	void absentFieldsMakeEveryComparisonFalse() throws FilterSyntaxException {
		// frame 4 (ARP) has no IP: ==, != and their variants are all false there, their negation true
		for (String f : new String[] { "ip.src == 10.1.1.1", "ip.src != 10.1.1.1", "ip.src === 10.1.1.1", "ip.src !== 10.1.1.1",
				"ip.src in {10.1.1.1}", "len(itch50.stock) > 0", "itch50.stock[0:1] == \"A\"" }) {
			assertFalse(frames(f, ZoneId.of("UTC")).contains("4"), f);
			assertTrue(frames("!(" + f + ")", ZoneId.of("UTC")).contains("4"), f);
		}
	}
}
