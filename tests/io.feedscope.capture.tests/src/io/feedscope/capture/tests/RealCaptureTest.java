package io.feedscope.capture.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.capture.LinkType;
import io.feedscope.capture.PacketLayers;
import io.feedscope.capture.PacketLayers.Kind;
import io.feedscope.testdata.TestData;

/** The real NASDAQ captures of tests/data (see {@link TestData}; a missing one fails). */
class RealCaptureTest {

	/** @param relative e.g. {@code nasdaq-itch50/unaltered/Multiple.Packets.pcap}, under tests/data */
	static Path shared(String relative) {
		String prefix = "nasdaq-itch50/";
		assertTrue(relative.startsWith(prefix), relative);
		return TestData.nasdaq(relative.substring(prefix.length()));
	}

	/** The pcapng files made from the real captures with editcap (see data/README.md). */
	static Path data() {
		return Path.of(System.getProperty("feedscope.repo", "../.."), "tests/io.feedscope.capture.tests/data");
	}

	static Path data(String name) {
		Path p = data().resolve(name);
		assertTrue(Files.isRegularFile(p), "test data missing: " + p);
		return p;
	}

	/**
	 * Every shared capture opens without problem; frame count, first time, first frame length and last
	 * time as given by: tshark -r F -T fields -e frame.number -e frame.time_epoch -e frame.len
	 * (Wireshark 4.0.17).
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({ //
			"unaltered/AddOrderNoMpidAttributionMessage.pcap, 1, 1692711000.000059094, 104, 1692711000.000059094",
			"unaltered/MarketParticipantPositionMessage.pcap, 1, 1692711024.494967428, 94, 1692711024.494967428",
			"unaltered/Multiple.Packets.pcap, 2, 1692711000.007661955, 87, 1692711038.952561782",
			"unaltered/NetOrderImbalanceIndicatorMessage.pcap, 1, 1692711000.000434142, 118, 1692711000.000434142",
			"unaltered/OrderDeleteMessage.pcap, 1, 1692711000.000059938, 87, 1692711000.000059938",
			"unaltered/OrderExecutedMessage.pcap, 1, 1692711000.000100490, 99, 1692711000.000100490",
			"unaltered/OrderReplaceMessage.pcap, 1, 1692711000.000001318, 103, 1692711000.000001318",
			"unaltered/StockTradingActionMessage.pcap, 1, 1692711563.322630726, 93, 1692711563.322630726",
			"sanitized/AddOrderNoMPID.pcap, 5, 1692711000.000059094, 104, 1692711000.000249889",
			"sanitized/AddOrderWithMPID.pcap, 5, 1692711000.000143875, 108, 1692711000.000367992",
			"sanitized/CrossTrade.pcap, 5, 1692711000.000652593, 108, 1692711000.001338283",
			"sanitized/LULDAuctionCollar.pcap, 5, 1692711015.592597169, 103, 1692711316.303945004",
			"sanitized/MarketParticipantPosition.pcap, 5, 1692711024.468229936, 94, 1692711243.930496985",
			"sanitized/NetOrderImbalanceIndicator.pcap, 5, 1692711000.000259495, 118, 1692711000.000567062",
			"sanitized/NonCrossTrade.pcap, 5, 1692711000.000851123, 112, 1692711000.001176907",
			"sanitized/OrderCancel.pcap, 5, 1692711000.002571976, 91, 1692711000.007354792",
			"sanitized/OrderDelete.pcap, 5, 1692711000.000054592, 87, 1692711000.000086540",
			"sanitized/OrderExecuted.pcap, 5, 1692711000.000100490, 99, 1692711000.000733092",
			"sanitized/OrderExecutedWithPrice.pcap, 5, 1692711000.001338283, 104, 1692711000.008448916",
			"sanitized/OrderReplace.pcap, 5, 1692711000.000001318, 103, 1692711000.000016609",
			"sanitized/RegSHORestriction.pcap, 5, 1692711000.116699349, 88, 1692711000.161803290",
			"sanitized/StockTradingAction.pcap, 5, 1692711015.592319924, 93, 1692711060.850066510",
			"sanitized/SystemEvent.pcap, 1, 1692711000.000239038, 80, 1692711000.000239038" })
	void everySharedCaptureAsTsharkSeesIt(String file, int frames, String firstTime, int firstLength, String lastTime)
			throws IOException {
		try (CaptureFile c = Captures.open(shared("nasdaq-itch50/" + file))) {
			assertEquals(List.of(), c.problems());
			assertEquals(CaptureFormat.PCAP_NS, c.format());
			assertEquals(frames, c.frameCount());
			assertEquals(nanos(firstTime), c.timestampNanos(1));
			assertEquals(nanos(lastTime), c.timestampNanos(frames));
			assertEquals(firstLength, c.originalLength(1));
			PacketLayers l = new PacketLayers();
			for (int f = 1; f <= frames; f++) {
				assertEquals(LinkType.ETHERNET, c.linkType(f));
				assertFalse(c.isTruncated(f));
				// every frame of these captures is MoldUDP64 over UDP on VLAN 141 (tshark: -e vlan.id)
				assertEquals(Kind.UDP, l.decode(c, f), file + " frame " + f);
				assertEquals(141, l.vlan(0));
			}
		}
	}

	/** "1692711000.000059094" to epoch nanoseconds, without floating point. */
	static long nanos(String epoch) {
		String[] p = epoch.split("\\.");
		return Long.parseLong(p[0]) * 1_000_000_000L + Long.parseLong((p[1] + "000000000").substring(0, 9));
	}

	/** The pcapng made by editcap -F pcapng reads exactly as the pcap it came from. */
	@ParameterizedTest(name = "{0}")
	@CsvSource({ "unaltered/Multiple.Packets.pcap, Multiple.Packets.pcapng",
			"sanitized/AddOrderNoMPID.pcap, AddOrderNoMPID.pcapng", "sanitized/OrderCancel.pcap, OrderCancel-commented.pcapng" })
	void editcapPcapngMatchesThePcapFrameByFrame(String pcap, String pcapng) throws IOException {
		try (CaptureFile a = Captures.open(shared("nasdaq-itch50/" + pcap)); CaptureFile b = Captures.open(data(pcapng))) {
			assertEquals(CaptureFormat.PCAPNG, b.format());
			assertEquals(List.of(), b.problems());
			assertEquals(a.frameCount(), b.frameCount());
			for (int f = 1; f <= a.frameCount(); f++) {
				assertEquals(a.timestampNanos(f), b.timestampNanos(f), "frame " + f);
				assertEquals(a.capturedLength(f), b.capturedLength(f), "frame " + f);
				assertEquals(a.originalLength(f), b.originalLength(f), "frame " + f);
				assertEquals(a.linkType(f), b.linkType(f), "frame " + f);
				assertEquals(a.frameData(f), b.frameData(f), "frame " + f);
			}
		}
	}

	/**
	 * Two editcap outputs concatenated: two sections. Expected from tshark -r two-sections.pcapng -T fields
	 * -e frame.number -e frame.time_epoch -e frame.interface_id -e frame.len -e frame.comment: 7 frames;
	 * interface id 0 in both sections; comments on frames 4 and 5.
	 */
	@Test
	void twoSectionsAsTsharkSeesThem() throws IOException {
		try (CaptureFile c = Captures.open(data("two-sections.pcapng"))) {
			assertEquals(List.of(), c.problems());
			assertEquals(7, c.frameCount());
			assertEquals(2, c.sections().size());
			assertEquals(2, c.interfaces().size());
			String[] times = { "1692711000.007661955", "1692711038.952561782", "1692711000.002571976",
					"1692711000.002634509", "1692711000.003392766", "1692711000.007080128", "1692711000.007354792" };
			int[] lengths = { 87, 1518, 91, 91, 91, 91, 91 };
			for (int f = 1; f <= 7; f++) {
				assertEquals(nanos(times[f - 1]), c.timestampNanos(f), "frame " + f);
				assertEquals(lengths[f - 1], c.originalLength(f), "frame " + f);
				assertEquals(0, c.interfaceId(f), "frame " + f);
				assertEquals(f <= 2 ? 0 : 1, c.frameInterface(f).section(), "frame " + f);
			}
			assertEquals("second frame, commented by editcap", c.comment(4));
			assertEquals("third frame", c.comment(5));
			assertNull(c.comment(3));
		}
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
