package io.feedscope.dissect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.feedscope.dissect.Binding;
import io.feedscope.dissect.Ipv4Cidr;
import io.feedscope.dissect.PortRange;
import io.feedscope.dissect.ProtocolDiagnostic;
import io.feedscope.dissect.internal.ContributionChecks;

/**
 * The port-range and CIDR value types the command line's --bind, plug-in contributions and the compiler share:
 * expected values computed here by hand (233.54.12.0 = 0xE9360C00), and each caller's own wording kept.
 */
class BindingValuesTest {

	@Test
	void portRanges() {
		assertEquals(new PortRange(26477, 26477), PortRange.parse("26477", false));
		assertEquals(new PortRange(26400, 26499), PortRange.parse("26400-26499", false));
		assertEquals(new PortRange(26400, 26499), PortRange.parse(" 26400 .. 26499 ", true));
		assertEquals(new PortRange(0, 65535), PortRange.parse("0-65535", false));
		for (String bad : List.of("26400..26499", "9-3", "65536", "-1", "1-2-3", "x", "", "5-")) {
			assertThrows(IllegalArgumentException.class, () -> PortRange.parse(bad, false), bad);
		}
		assertThrows(IllegalArgumentException.class, () -> PortRange.parse("9..3", true));
		assertThrows(IllegalArgumentException.class, () -> new PortRange(3, 2));
		PortRange r = new PortRange(10, 12);
		assertFalse(r.contains(9));
		assertTrue(r.contains(10) && r.contains(12));
		assertFalse(r.contains(13));
		assertEquals("10-12", r.toString());
		assertEquals("7", new PortRange(7, 7).toString());
	}

	@Test
	void cidrBlocks() {
		Ipv4Cidr c = Ipv4Cidr.parse("233.54.12.0/24");
		assertEquals(0xE9360C00, c.address());
		assertEquals(24, c.prefix());
		assertTrue(c.isMulticast());
		assertTrue(c.contains(0xE9360C6F)); // 233.54.12.111
		assertFalse(c.contains(0xE9360D01)); // 233.54.13.1
		assertEquals(new Ipv4Cidr(0xE9360C6F, 32), Ipv4Cidr.parse("233.54.12.111"));
		assertEquals("233.54.12.0/24", c.toString());
		assertEquals("233.54.12.111", Ipv4Cidr.parse("233.54.12.111").toString());
		assertFalse(Ipv4Cidr.parse("10.0.0.1").isMulticast());
		assertTrue(Ipv4Cidr.contains(0, 0, 0x0A000001), "prefix 0 holds everything");
		assertTrue(Ipv4Cidr.contains(0xE0000000, 4, 0xEFFFFFFF));
		assertFalse(Ipv4Cidr.contains(0xE0000000, 4, 0xF0000000));
		for (String bad : List.of("256.1.1.1", "1.2.3", "1.2.3.4/33", "1.2.3.4/", "1.2.3.4.5", "a.b.c.d", "1234.1.1.1")) {
			assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parse(bad), bad);
		}
		// the description language's token: digit runs of any length, each octet at most 255
		assertEquals(0xE9360C00, Ipv4Cidr.of("0233.54.12.0", 24).address());
		assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.of("233.54.12.256", 24));
		assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.of("233.54.12.0", 33));
	}

	/** --bind and plugin.xml keep their own messages around the shared parsers. */
	@Test
	void callersKeepTheirWords() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Binding.parse("udp.port==9-3", "moldudp64"));
		assertEquals("a port or range N-M within 0..65535 expected", e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Binding.parse("ip.dst==233.54.12.0/40", "moldudp64"));
		assertEquals("an IPv4 group or CIDR expected, e.g. 233.54.12.0/24", e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Binding.parse("ip.dst==300.54.12.0", "moldudp64"));
		assertEquals("an IPv4 group or CIDR expected, e.g. 233.54.12.0/24", e.getMessage());
		assertEquals(new Binding("moldudp64", 26400, 26499, null), Binding.parse("udp.port==26400-26499", "moldudp64"));
		assertEquals(new Binding("moldudp", -1, -1, "233.54.12.0/24", "itch50"), Binding.parse("ip.dst==233.54.12.0/24,moldudp/itch50", "x"));

		List<int[]> ports = new java.util.ArrayList<>();
		List<String> groups = new java.util.ArrayList<>();
		List<ProtocolDiagnostic> problems = new java.util.ArrayList<>();
		ContributionChecks.bindings("plugin.xml", "p", List.of(Map.of("udpPorts", "100..102, 7, 9-3", "groups", "233.1.1.0/24, 999.1.1.1")),
				ports, groups, problems);
		assertEquals(List.of("100-102", "7-7"), ports.stream().map(a -> a[0] + "-" + a[1]).toList());
		assertEquals(List.of("233.1.1.0/24"), groups);
		assertEquals(List.of("plugin.xml: error: protocol 'p': bad udpPorts '9-3' (N or N..M within 0..65535); that binding is left out",
				"plugin.xml: error: protocol 'p': bad group '999.1.1.1': an IPv4 group or CIDR expected, e.g. 233.54.12.0/24; that binding is left out"),
				problems.stream().map(ProtocolDiagnostic::toString).toList());
	}
}
