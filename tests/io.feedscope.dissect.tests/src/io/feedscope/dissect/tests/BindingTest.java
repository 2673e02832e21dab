package io.feedscope.dissect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.feedscope.dissect.Binding;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.ProtocolSet;

/** The "Decode As" binding syntax shared by --bind and the preferences (Wireshark's and tshark -d's forms). */
class BindingTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"udp.port==26477|udp.port==26477,moldudp64",
			"udp.port == 26477|udp.port==26477,moldudp64",
			"udp.port==26400-26499|udp.port==26400-26499,moldudp64",
			"udp.port==26477,moldudp|udp.port==26477,moldudp",
			"udp.port==26477 moldudp|udp.port==26477,moldudp",
			"ip.dst==233.54.12.0/24|ip.dst==233.54.12.0/24,moldudp64",
			"group==233.54.12.111|ip.dst==233.54.12.111,moldudp64",
			"  ip.dst==233.54.12.111 moldudp64  |ip.dst==233.54.12.111,moldudp64" })
	void goodBindingsParseAndPrintBackInTsharkForm(String spec, String printed) {
		Binding b = Binding.parse(spec, "moldudp64");
		assertEquals(printed, b.toString());
		assertEquals(b, Binding.parse(printed, "other"), "the printed form reads back the same");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"udp.port==70000|a port or range N-M within 0..65535 expected",
			"udp.port==9-3|a port or range N-M within 0..65535 expected",
			"udp.port==1-2-3|a port or range N-M within 0..65535 expected",
			"udp.port==x|a port or range N-M within 0..65535 expected",
			"ip.dst==300.1.1.1|an IPv4 group or CIDR expected, e.g. 233.54.12.0/24",
			"group==10.0.0.0/33|an IPv4 group or CIDR expected, e.g. 233.54.12.0/24",
			"group==10.0.0|an IPv4 group or CIDR expected, e.g. 233.54.12.0/24",
			"tcp.port==1|expected udp.port==N[-M] or ip.dst==CIDR (group==CIDR), optionally followed by the protocol and feed (udp.port==26477,moldudp64 or udp.port==11002,moldudp64/itch50)",
			"udp.port==1 two words|expected udp.port==N[-M] or ip.dst==CIDR (group==CIDR), optionally followed by the protocol and feed (udp.port==26477,moldudp64 or udp.port==11002,moldudp64/itch50)" })
	void badBindingsSayWhatIsWrong(String spec, String message) {
		assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Binding.parse(spec, "moldudp64")).getMessage());
	}

	@ParameterizedTest
	@CsvSource({ "udp.port==40000", "udp.port==39990-40010", "ip.dst==239.1.0.0/16" })
	void anAppliedBindingMakesAPacketOfThatTrafficMoldUdp64(String spec) {
		// a heartbeat with a NUL session: the strict heuristic refuses it, a binding does not
		byte[] frame = MoldPacketBuilder.udpFrame(MoldPacketBuilder.mold64().session("\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000").count(0).payload(), 1, 40000,
				"239.1.2.3");
		ProtocolSet plain = TestProtocols.standard();
		assertEquals(PacketKind.NOT_FEED, new io.feedscope.dissect.FeedDissector(plain)
				.dissect(java.nio.ByteBuffer.wrap(frame), io.feedscope.capture.LinkType.ETHERNET, 1).kind());
		ProtocolSet bound = Binding.parse(spec, "moldudp64").applyTo(plain.toBuilder()).build();
		assertEquals(PacketKind.HEARTBEAT, new io.feedscope.dissect.FeedDissector(bound)
				.dissect(java.nio.ByteBuffer.wrap(frame), io.feedscope.capture.LinkType.ETHERNET, 1).kind());
	}
}
