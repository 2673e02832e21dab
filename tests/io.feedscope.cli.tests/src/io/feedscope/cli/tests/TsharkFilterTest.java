package io.feedscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.filter.DisplayFilter;
import io.feedscope.filter.packet.PacketFields;
import io.feedscope.filter.packet.PacketFilter;
import io.feedscope.generator.FrameTable;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;

/**
 * Cross-check of the display-filter language with Wireshark: for filters that both accept (frame,
 * Ethernet, VLAN, IPv4, UDP and MoldUDP64 framing fields; address, CIDR, MAC and date literals; slices,
 * functions, regular expressions; ==, !=, ===, !== and any/all over repeated fields), {@code tshark -Y
 * FILTER -T fields -e frame.number -d udp.port==N,moldudp64} on a generated capture selects exactly the
 * frames FeedScope's frame filter keeps (the workbench's filter bar and {@code analyze --filter} use it).
 * Skipped when tshark is not installed.
 */
class TsharkFilterTest {

	@TempDir
	Path fDir;

	private static Scenario scenario(String name) {
		return switch (name) {
		// unicast re-requests and answers (either-direction fields), one 802.1Q tag
		case "loss-vlan" -> Scenario.preset("loss").seed(41).frames(3_000).vlans(100).build();
		// 802.1ad outer tag + 802.1Q inner tag, heartbeats, nanosecond pcapng
		case "demo-qinq" -> Scenario.preset("demo").seed(42).frames(3_000).vlans(100, 141).build();
		// cut frames (frame.len != frame.cap_len), bad counts and lengths
		case "malformed" -> Scenario.preset("malformed").seed(43).frames(3_000).vlans(7).build();
		default -> throw new IllegalArgumentException(name);
		};
	}

	/** Filters valid in both, with this capture's addresses, ports, session and times filled in. */
	private static List<String> filters(Scenario s, long firstNanos) {
		String a = s.groupA();
		String b = s.groupB();
		String srv = s.requestServer();
		String net24 = a.substring(0, a.lastIndexOf('.')) + ".0/24";
		String session = s.session();
		ZoneId local = ZoneId.systemDefault(); // tshark reads dates without a zone in local time too
		Instant oneSecondIn = Instant.ofEpochSecond(0, firstNanos + 1_000_000_000L);
		String iso = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT).format(oneSecondIn.atZone(local));
		String legacy = DateTimeFormatter.ofPattern("MMM d, yyyy HH:mm:ss.SSS", Locale.ROOT).format(oneSecondIn.atZone(ZoneId.of("UTC")))
				+ " UTC";
		String epoch = BigDecimal.valueOf(firstNanos + 1_500_000_000L, 9).toPlainString();
		return List.of(
				// IPv4: addresses, CIDR, either direction, repeated-field operators
				"ip.dst == " + a, "ip.dst eq " + b + " or ip.src == " + srv, "ip.dst == " + net24, "ip.dst != " + net24,
				"ip.addr == " + srv, "ip.addr != " + srv, "ip.addr !== " + srv, "ip.addr ~= " + srv, "ip.addr === " + srv,
				"all ip.addr != " + srv, "ip.src > " + srv, "ip.addr in {" + a + ", " + srv + "}", "ip.dst in {" + net24 + "}",
				"ip.proto == 17 && ip.ttl == 32", "ip.len > 500",
				// Ethernet: MAC forms, either direction, slices
				"eth.src == 00:1b:21:3a:0a:10", "eth.src == 00-1b-21-3a-0b-10", "eth.src == 001b.213a.0a10",
				"eth.addr == 00:1b:21:3a:0a:10", "eth.addr != 00:1b:21:3a:0a:10", "eth.dst[0:3] == 01:00:5e",
				"eth.src[-2:] == 0b:10", "eth.src[4] == 0a", "eth.dst[3-5] == 00:1b:21", "eth.type == 0x8100", "len(eth.src) == 6",
				// VLAN tags
				"vlan", "!vlan", "vlan.id == 100", "vlan.id == 141", "vlan.id != 141", "ieee8021ad.id == 100", "count(vlan.id) == 1",
				// UDP: either port
				"udp.port == " + s.portA(), "udp.port == " + s.requestPort(), "udp.srcport == " + s.requestPort(),
				"udp.port != " + s.portA(), "udp.port !== " + s.portB(), "udp.dstport in {" + s.portA() + ", " + s.portB() + "}",
				"udp.dstport in {" + (s.portA() - 5) + ".." + (s.portA() + 5) + "}", "udp.length < 100", "udp.port not in {" + s.portA() + "}",
				// frame lengths and times
				"frame.len > 200", "frame.len < 100 or frame.len >= 1000", "frame.cap_len < frame.len", "frame.len == 0x5c",
				"frame.time_delta < 0.0001", "frame.time_delta > 0.01", "frame.time_relative >= 0.75",
				"frame.time_relative < 0.25 and frame.time_delta == 0", "frame.time_epoch >= " + epoch,
				"frame.time >= \"" + iso + "\"", "frame.time < \"" + legacy + "\"", "string(frame.number) matches \"7$\"",
				"frame[12:2] == 81:00", "frame[-1] == 00",
				// MoldUDP64 framing: text, regular expressions (case-insensitive by default), slices, functions
				"moldudp64", "!moldudp64 && udp", "moldudp64.session == \"" + session + "\"",
				"moldudp64.session matches \"" + session.toLowerCase(Locale.ROOT).substring(5) + "$\"",
				"moldudp64.session matches \"(?-i)" + session.toLowerCase(Locale.ROOT).substring(5) + "$\"",
				"moldudp64.session ~ \"^" + session.substring(0, 4) + "\"", "moldudp64.session[0:3] == \"" + session.substring(0, 3) + "\"",
				"upper(moldudp64.session) == \"" + session.toUpperCase(Locale.ROOT) + "\"",
				"lower(moldudp64.session) contains \"" + session.substring(6).toLowerCase(Locale.ROOT) + "\"",
				"moldudp64.count > 5", "moldudp64.count == 0", "moldudp64.msgseq == 1000", "moldudp64.msgseq != 1000",
				"moldudp64.msgseq >= 1000 and moldudp64.msgseq <= 1003", "moldudp64.sequence in {990..1010}",
				"moldudp64.msglen == 36", "all moldudp64.msglen > 20", "count(moldudp64.msgseq) > 3",
				"moldudp64.msgdata[0] == 41", "moldudp64.msgdata contains 41");
	}

	@ParameterizedTest
	@ValueSource(strings = { "loss-vlan", "demo-qinq", "malformed" })
	void filtersKeepTheFramesTsharkKeeps(String name) throws Exception {
		Scenario s = scenario(name);
		CaptureFormat format = name.equals("demo-qinq") ? CaptureFormat.PCAPNG : CaptureFormat.PCAP;
		Path capture = fDir.resolve(name + "." + format.id());
		new Generator(s).format(format).write(capture);
		ProtocolSet protocols = ProtocolRegistry.getDefault().compile().toBuilder().bindPorts("moldudp64", s.portA(), s.portA())
				.bindPorts("moldudp64", s.portB(), s.portB()).bindPorts("moldudp64", s.requestPort(), s.requestPort()).build();
		List<String> differ = new ArrayList<>();
		int checked = 0;
		int selective = 0;
		try (CaptureFile c = Captures.open(capture)) {
			for (String filter : filters(s, c.timestampNanos(1))) {
				String ours = feedScope(c, protocols, filter);
				String theirs = tshark(capture, s, filter);
				checked++;
				if (!ours.equals(theirs)) {
					differ.add(filter + "\n  tshark:    " + abbreviate(theirs) + "\n  FeedScope: " + abbreviate(ours));
				}
				if (!theirs.isEmpty() && theirs.split(" ").length < c.frameCount()) {
					selective++;
				}
			}
			assertTrue(c.frameCount() >= 3_000, "frames: " + c.frameCount());
		}
		assertEquals(List.of(), differ, name + ": " + differ.size() + " of " + checked + " filters select other frames than tshark");
		// the comparison means something only if many filters keep some frames and drop others (each
		// capture lacks some things: no tags, no re-requests, no cut frames)
		System.out.println("TsharkFilterTest " + name + ": " + checked + " filters agree with tshark, " + selective
				+ " of them keep some frames and drop others");
		assertTrue(selective >= checked / 3, name + ": only " + selective + " of " + checked + " filters are selective");
	}

	private static String feedScope(CaptureFile c, ProtocolSet protocols, String filter) throws Exception {
		PacketFilter f = new PacketFilter(DisplayFilter.compile(filter, PacketFields.vocabulary(protocols)), new FeedDissector(protocols));
		List<Integer> keep = new ArrayList<>();
		for (int frame = 1; frame <= c.frameCount(); frame++) {
			if (f.matches(c, frame, "")) {
				keep.add(frame);
			}
		}
		return keep.stream().map(String::valueOf).collect(Collectors.joining(" "));
	}

	private static String tshark(Path capture, Scenario s, String filter) throws IOException, InterruptedException {
		List<String> args = new ArrayList<>(FrameTable.decodeAsMoldUdp64(s.portA(), s.portB(), s.requestPort()));
		args.add("-Y");
		args.add(filter);
		FrameTable t = FrameTable.tshark(capture, args, List.of(FrameTable.KEY));
		Assumptions.assumeTrue(t != null, "tshark is not installed");
		List<String> frames = new ArrayList<>();
		for (int i = 0; i < t.size(); i++) {
			frames.add(t.value(i, FrameTable.KEY));
		}
		return String.join(" ", frames);
	}

	private static String abbreviate(String frames) {
		String[] f = frames.isEmpty() ? new String[0] : frames.split(" ");
		return f.length + " frames" + (f.length == 0 ? "" : ": " + String.join(" ", java.util.Arrays.copyOf(f, Math.min(f.length, 12)))
				+ (f.length > 12 ? " ..." : ""));
	}
}
