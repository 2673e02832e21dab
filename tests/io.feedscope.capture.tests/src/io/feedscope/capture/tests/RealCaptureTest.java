package io.feedscope.capture.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.capture.PacketLayers;
import io.feedscope.capture.PacketLayers.Kind;

/** The real NASDAQ captures in shared/captures (skipped where that folder is absent). */
class RealCaptureTest {

	static Path shared(String relative) {
		String base = System.getProperty("feedscope.shared.captures", "../../../shared/captures");
		Path p = Path.of(base).resolve(relative);
		assumeTrue(Files.isRegularFile(p), "real capture not present: " + p);
		return p;
	}

	@Test
	void multiplePacketsAsTsharkSeesThem() throws IOException {
		// expected values from: tshark -r Multiple.Packets.pcap -T fields -e frame.time_epoch -e ip.src ...
		try (CaptureFile c = Captures.open(shared("nasdaq-itch50/unaltered/Multiple.Packets.pcap"))) {
			assertEquals(CaptureFormat.PCAP_NS, c.format());
			assertEquals(2, c.frameCount());
			assertEquals(1_692_711_000_007_661_955L, c.timestampNanos(1));
			assertEquals(1_692_711_038_952_561_782L, c.timestampNanos(2));
			assertEquals(87, c.originalLength(1));
			assertEquals(1518, c.originalLength(2));
			PacketLayers l = new PacketLayers();
			assertEquals(Kind.UDP, l.decode(c.frameData(2), c.linkType(2)));
			assertEquals(141, l.vlan(0));
			assertEquals("206.200.127.138", PacketLayers.formatIp(l.ipSource()));
			assertEquals("233.54.12.111", PacketLayers.formatIp(l.ipDestination()));
			assertEquals(49653, l.sourcePort());
			assertEquals(26477, l.destinationPort());
		}
	}
}
