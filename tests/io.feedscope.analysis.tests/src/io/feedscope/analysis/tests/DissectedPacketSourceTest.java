package io.feedscope.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.analysis.PacketEvent;
import io.feedscope.dissect.PacketKind;
import io.feedscope.analysis.PacketSource;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.testdata.TestData;

/**
 * The adapter from the dissector gives the checks the same events as the independent MoldUDP64
 * header reader of these tests ({@link MoldUdp64CaptureSource}, checked against tshark), on every real
 * capture: kind, session, first sequence, message count and each message's type.
 */
@Timeout(30)
class DissectedPacketSourceTest {

	private static final ProtocolSet PROTOCOLS = ProtocolRegistry.getDefault().compile();
	/**
	 * The sanitized captures have session and ports zeroed, which the strict heuristic rightly refuses:
	 * a user binds such a feed by port ("Decode As"), as here.
	 */
	private static final ProtocolSet BOUND_TO_PORT_0 = PROTOCOLS.toBuilder().bindPorts("moldudp64", 0, 0).build();

	private static Path dir() {
		return TestData.nasdaqDir();
	}

	private static List<String> events(PacketSource s) {
		List<String> out = new ArrayList<>();
		try (s) {
			while (s.advance()) {
				PacketEvent e = s.current();
				StringBuilder b = new StringBuilder().append(e.frame()).append(' ').append(e.kind()).append(' ')
						.append(e.session()).append(' ').append(e.firstSeq()).append(' ').append(e.messageCount())
						.append(' ');
				for (int i = 0; i < e.messageCount(); i++) {
					b.append((char) e.messageType(i));
				}
				out.add(b.toString());
			}
		}
		return out;
	}

	@Test
	void sameEventsAsTheIndependentReaderOnEveryRealCapture() throws IOException {
		int files = 0;
		for (String sub : new String[] { "unaltered", "sanitized" }) {
			try (Stream<Path> s = Files.list(dir().resolve(sub))) {
				for (Path p : s.sorted().toList()) {
					boolean sanitized = sub.equals("sanitized");
					List<String> expected = events(new MoldUdp64CaptureSource(p, sanitized ? 0 : 26477, -1, sanitized));
					List<String> actual = events(
							new DissectedPacketSource(Captures.open(p), sanitized ? BOUND_TO_PORT_0 : PROTOCOLS));
					assertEquals(expected, actual, p.toString());
					assertEquals(false, actual.stream().anyMatch(x -> x.contains(PacketKind.MALFORMED.name())), p.toString());
					files++;
				}
			}
		}
		assertEquals(23, files);
	}

	/**
	 * A sanitized capture's packets go to 0.0.0.0 (the publisher zeroed the addresses): they are the feed's line,
	 * not a re-request server's unicast answers; a packet to a host's address is an answer.
	 */
	@Test
	void anUnspecifiedDestinationIsTheLineNotAnAnswer() throws IOException {
		int packets = 0;
		try (Stream<Path> s = Files.list(dir().resolve("sanitized"))) {
			for (Path p : s.sorted().toList()) {
				try (PacketSource src = new DissectedPacketSource(Captures.open(p), BOUND_TO_PORT_0)) {
					while (src.advance()) {
						PacketEvent e = src.current();
						assertEquals(0, e.destinationIp(), p + " frame " + e.frame() + " (the sanitized address)");
						assertEquals(false, e.unicast(), p + " frame " + e.frame());
						packets++;
					}
				}
			}
		}
		assertEquals(true, packets >= 22, "packets read: " + packets);
	}
}
