package io.feedscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.capture.LinkType;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.testdata.TestData;

/**
 * The session of an event is handed out once per run of equal session bytes (the checks compare sessions by identity):
 * the dissecting side compares a packet's session bytes with the last ones where they lie in the frame. Every event's
 * session must be what the packet formats afresh, and the same String exactly while the bytes stay the same: on
 * sessions that differ in one byte (the first, a middle one, the last, a trailing space against a character), read
 * from a chunk's array and from a direct buffer, and on every frame of the real captures.
 */
@Timeout(120)
class SessionKeyTest {

	private static final ProtocolSet PROTOCOLS = ProtocolRegistry.getDefault().compile().toBuilder()
			.bindPorts("moldudp64", 26477, 26477).build();

	/** An Ethernet/IPv4/UDP frame to port 26477 of a MoldUDP64 packet with one ITCH System Event message. */
	private static byte[] frame(String session, long sequence) {
		byte[] s = session.getBytes(StandardCharsets.ISO_8859_1);
		assertEquals(10, s.length, session);
		int payload = 20 + 2 + 12;
		ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + payload);
		b.put(new byte[] { 1, 0, 0x5e, 0, 0, 1, 2, 0, 0, 0, 0, 1 }).putShort((short) 0x0800);
		b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + payload)).putInt(0).put((byte) 64).put((byte) 17)
				.putShort((short) 0).putInt(0x0a000001).putInt(0xe9360c01);
		b.putShort((short) 5000).putShort((short) 26477).putShort((short) (8 + payload)).putShort((short) 0);
		b.put(s).putLong(sequence).putShort((short) 1);
		b.putShort((short) 12).put((byte) 'S').putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(1000).put((byte) 'O');
		return b.array();
	}

	private static final String[] SESSIONS = { "000004711B", "000004711B", "000004711C", "100004711C", "100004711C",
			"1000047 1C", "1000047 1C", "100004711 ", "1000047110", "1000047110", "000004711B" };

	@Test
	public void aSessionIsOneStringPerRunOfEqualBytes() {
		for (boolean direct : new boolean[] { false, true }) {
			DissectedPacketSource d = new DissectedPacketSource(PROTOCOLS);
			PacketEvent e = new PacketEvent();
			byte[] chunk = new byte[4096];
			String last = null;
			for (int i = 0; i < SESSIONS.length; i++) {
				byte[] f = frame(SESSIONS[i], 100 + i);
				int at = 17 + 97 * i; // frames at odd places of one array, as a chunk holds them
				System.arraycopy(f, 0, chunk, at, f.length);
				FeedPacket p;
				if (direct) {
					ByteBuffer b = ByteBuffer.allocateDirect(f.length).put(f).flip();
					p = d.dissect(e, b, i + 1, 0, 0, LinkType.ETHERNET, f.length, f.length);
				} else {
					p = d.dissect(e, chunk, at, i + 1, 0, 0, LinkType.ETHERNET, f.length, f.length);
				}
				String what = (direct ? "direct " : "array ") + i + " " + SESSIONS[i];
				assertEquals(SESSIONS[i].stripTrailing(), e.session(), what);
				assertEquals(p.session(), e.session(), what);
				if (i > 0 && SESSIONS[i].equals(SESSIONS[i - 1])) {
					assertSame(last, e.session(), what);
				} else if (i > 0) {
					assertNotSame(last, e.session(), what);
				}
				last = e.session();
			}
		}
	}

	private static final Path SAMPLES = Path.of("../../features/io.feedscope.feature/rootfiles/samples");

	@Test
	public void everyFrameOfTheCapturesHasItsOwnSession() throws IOException {
		List<Path> files = new ArrayList<>(TestData.nasdaqPcaps());
		files.add(SAMPLES.resolve("nasdaq-itch50-sample.pcap"));
		files.add(SAMPLES.resolve("incident-demo.pcap.gz"));
		// the sanitized captures have session and ports zeroed, which the heuristic refuses: bound by port, as a user would
		ProtocolSet set = ProtocolRegistry.getDefault().compile().toBuilder().bindPorts("moldudp64", 0, 0).build();
		byte[] chunk = new byte[1 << 16];
		int sessions = 0;
		int changes = 0;
		for (Path file : files) {
			DissectedPacketSource d = new DissectedPacketSource(set);
			PacketEvent e = new PacketEvent();
			String last = null;
			byte[] lastBytes = new byte[0];
			try (CaptureFile cap = Captures.open(file)) {
				for (int f = 1; f <= cap.frameCount(); f++) {
					ByteBuffer b = cap.frameData(f);
					int len = b.remaining();
					int at = (f * 131) % (chunk.length - len);
					b.get(b.position(), chunk, at, len);
					FeedPacket p = d.dissect(e, chunk, at, f, 0, 0, cap.linkType(f), len, cap.originalLength(f));
					if (!p.hasSession()) {
						continue;
					}
					byte[] bytes = new byte[16];
					bytes = java.util.Arrays.copyOf(bytes, p.copySession(bytes));
					assertEquals(p.session(), e.session(), file.getFileName() + " frame " + f);
					if (last != null && java.util.Arrays.equals(bytes, lastBytes)) {
						assertSame(last, e.session(), file.getFileName() + " frame " + f);
					} else {
						changes++;
					}
					last = e.session();
					lastBytes = bytes;
					sessions++;
				}
			}
		}
		assertTrue(sessions > 10000 && changes >= files.size(), sessions + " packets with a session, " + changes + " changes");
	}
}
