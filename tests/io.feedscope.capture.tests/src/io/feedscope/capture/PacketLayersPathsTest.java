package io.feedscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.feedscope.capture.PacketLayers.Kind;
import io.feedscope.testdata.TestData;

/**
 * PacketLayers' fast path for plain Ethernet/IPv4/UDP frames (untagged or one 802.1Q tag, a 20-byte IPv4 header,
 * not a fragment, UDP, lengths consistent) against the general layer-by-layer code it stands in for: on every frame
 * of the real captures and the shipped samples, and on seeded frames of every odd shape (stacked and 802.1ad tags,
 * IPv6, ARP, IPv4 options and bad header lengths, fragments, other protocols, IP and UDP lengths too short or
 * overrunning, Ethernet padding, frames cut by the snaplen anywhere, heap, offset heap and direct buffers), both
 * must give the same answer to every accessor. Sound seeded frames are also checked against the values they were
 * built with (an oracle independent of both paths), and the test checks which shapes the fast path took.
 */
public class PacketLayersPathsTest {

	private final PacketLayers fFast = new PacketLayers(true);
	private final PacketLayers fGeneral = new PacketLayers(false);

	/** Every answer a caller can get from the layers, as one string. */
	static String describe(PacketLayers l) {
		StringBuilder s = new StringBuilder();
		s.append(l.kind()).append(" problem=").append(l.problem()).append(" truncated=").append(l.isTruncated());
		s.append(" vlans=").append(l.vlanCount());
		for (int i = 0; i < l.vlanCount(); i++) {
			s.append(' ').append(Integer.toHexString(l.vlanTpid(i))).append(':').append(l.vlan(i));
		}
		s.append(" eth=").append(l.hasEthernet()).append(' ').append(Long.toHexString(l.ethDestination())).append(' ')
				.append(Long.toHexString(l.ethSource())).append(' ').append(Integer.toHexString(l.ethType()));
		s.append(" etherType=").append(Integer.toHexString(l.etherType()));
		s.append(" ip@").append(l.ipOffset()).append(' ').append(PacketLayers.formatIp(l.ipSource())).append('>')
				.append(PacketLayers.formatIp(l.ipDestination())).append(" proto=").append(l.ipProtocol())
				.append(" mc=").append(l.isMulticast());
		s.append(" udp@").append(l.udpOffset()).append(' ').append(l.sourcePort()).append('>').append(l.destinationPort());
		s.append(" payload=").append(l.payloadOffset()).append('+').append(l.payloadLength());
		return s.toString();
	}

	@Test
	public void everyFrameOfTheRealCapturesIsDecodedAlikeOnBothPaths() throws IOException {
		List<Path> files = new ArrayList<>(TestData.nasdaqPcaps());
		Path samples = Path.of(System.getProperty("feedscope.repo", "../.."), "features/io.feedscope.feature/rootfiles/samples");
		files.add(samples.resolve("nasdaq-itch50-sample.pcap"));
		files.add(samples.resolve("incident-demo.pcap.gz"));
		try (Stream<Path> s = Files.list(Path.of(System.getProperty("feedscope.repo", "../.."), "tests/io.feedscope.capture.tests/data"))) {
			s.filter(p -> p.toString().endsWith(".pcapng")).sorted().forEach(files::add);
		}
		int frames = 0;
		long fastBefore = fFast.fFastFrames;
		for (Path file : files) {
			try (CaptureFile cap = Captures.open(file)) {
				for (int f = 1; f <= cap.frameCount(); f++) {
					Kind general = fGeneral.decode(cap, f);
					String expected = describe(fGeneral);
					assertEquals(general, fFast.decode(cap, f), file.getFileName() + " frame " + f);
					assertEquals(expected, describe(fFast), file.getFileName() + " frame " + f);
					// the same bytes as a heap frame (the array path of the reads)
					ByteBuffer d = cap.frameData(f);
					byte[] copy = new byte[d.remaining()];
					d.duplicate().get(copy);
					fGeneral.decode(ByteBuffer.wrap(copy), cap.linkType(f), cap.originalLength(f));
					fFast.decode(ByteBuffer.wrap(copy), cap.linkType(f), cap.originalLength(f));
					assertEquals(describe(fGeneral), describe(fFast), file.getFileName() + " frame " + f + " (heap)");
					assertEquals(expected, describe(fFast), file.getFileName() + " frame " + f + " (heap vs mapped)");
					frames++;
				}
			}
		}
		assertTrue(frames > 1000, frames + " frames");
		long fast = fFast.fFastFrames - fastBefore;
		assertTrue(fast > frames / 2, "the fast path ran on " + fast + " of " + 2 * frames + " decodes");
		assertEquals(0, fGeneral.fFastFrames, "the general layers never take the fast path");
	}

	/** The shapes the fast path takes and the ones it leaves to the general code. */
	@Test
	public void theFastPathTakesPlainUdpUntaggedOrUnderOneTagOnly() {
		byte[] payload = { 1, 2, 3 };
		assertTakes(true, frame(new int[0], new int[0], 0x0800, 0x45, 0x4000, 17, payload, 0, 0, 0));
		assertTakes(true, frame(new int[] { 0x8100 }, new int[] { 0xfff }, 0x0800, 0x45, 0, 17, payload, 0, 0, 0));
		assertTakes(true, frame(new int[0], new int[0], 0x0800, 0x45, 0x8000, 17, payload, 0, 0, 6)); // reserved flag, padding
		assertTakes(false, frame(new int[] { 0x8100, 0x8100 }, new int[] { 1, 2 }, 0x0800, 0x45, 0, 17, payload, 0, 0, 0));
		assertTakes(false, frame(new int[] { 0x88a8 }, new int[] { 1 }, 0x0800, 0x45, 0, 17, payload, 0, 0, 0));
		assertTakes(false, frame(new int[] { 0x9100 }, new int[] { 1 }, 0x0800, 0x45, 0, 17, payload, 0, 0, 0));
		assertTakes(false, frame(new int[0], new int[0], 0x0800, 0x46, 0, 17, payload, 0, 0, 0)); // options
		assertTakes(false, frame(new int[0], new int[0], 0x0800, 0x45, 0x2000, 17, payload, 0, 0, 0)); // more fragments
		assertTakes(false, frame(new int[0], new int[0], 0x0800, 0x45, 0x0001, 17, payload, 0, 0, 0)); // fragment offset
		assertTakes(false, frame(new int[0], new int[0], 0x0800, 0x45, 0, 6, payload, 0, 0, 0)); // TCP
		assertTakes(false, frame(new int[0], new int[0], 0x86dd, 0x60, 0, 17, payload, 0, 0, 0)); // IPv6
		assertTakes(false, frame(new int[0], new int[0], 0x0800, 0x45, 0, 17, payload, 1, 0, 0)); // IP length beyond
		assertTakes(false, frame(new int[0], new int[0], 0x0800, 0x45, 0, 17, payload, 0, 1, 0)); // UDP length beyond
		assertTakes(false, frame(new int[0], new int[0], 0x0800, 0x45, 0, 17, payload, 0, -4, 0)); // UDP length < 8
		assertTakes(false, frame(new int[0], new int[0], 0x0800, 0x45, 0, 17, payload, -15, 0, 0)); // IP length < 28
	}

	private void assertTakes(boolean takes, byte[] frame) {
		long before = fFast.fFastFrames;
		fFast.decode(ByteBuffer.wrap(frame), LinkType.ETHERNET, frame.length);
		fGeneral.decode(ByteBuffer.wrap(frame), LinkType.ETHERNET, frame.length);
		assertEquals(describe(fGeneral), describe(fFast));
		assertEquals(takes, fFast.fFastFrames == before + 1, describe(fGeneral));
	}

	/**
	 * Seeded frames, about half plain UDP, the rest odd in one or more ways; each decoded by both paths from a heap
	 * array, a heap array at an offset and a direct buffer, after a decode of another frame (so that nothing of
	 * the previous frame may show through).
	 */
	@Test
	public void seededPlainAndOddFramesAreDecodedAlikeOnBothPaths() {
		Random r = new Random(1409);
		Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
		int sound = 0;
		long fastBefore = fFast.fFastFrames;
		byte[] previous = frame(new int[] { 0x8100, 0x88a8, 0x9100 }, new int[] { 7, 8, 9 }, 0x0800, 0x47, 0, 17, new byte[9], 0, 0, 0);
		for (int i = 0; i < 50000; i++) {
			boolean odd = r.nextBoolean();
			int tags = odd && r.nextInt(3) == 0 ? r.nextInt(5) : r.nextInt(2);
			int[] tpids = new int[tags];
			int[] ids = new int[tags];
			int[] tpidChoice = { 0x8100, 0x88a8, 0x9100 };
			for (int k = 0; k < tags; k++) {
				tpids[k] = odd && r.nextInt(4) == 0 ? tpidChoice[r.nextInt(3)] : 0x8100;
				ids[k] = r.nextInt(0x10000); // priority and DEI bits too: the id is the low 12
			}
			int etherType = odd && r.nextInt(8) == 0 ? (r.nextBoolean() ? 0x86dd : 0x0806) : 0x0800;
			int vihl = etherType == 0x86dd ? 0x60 : 0x45;
			if (odd && r.nextInt(6) == 0) {
				vihl = r.nextInt(4) == 0 ? 0x40 | r.nextInt(16) : 0x40 | (5 + r.nextInt(3)); // bad IHL or options
			}
			int[] flagChoice = { 0, 0x4000, 0x8000, 0x2000, 0x0001, 0x1fff, 0x6000 };
			int flags = odd && r.nextInt(6) == 0 ? flagChoice[r.nextInt(flagChoice.length)] : (r.nextBoolean() ? 0x4000 : 0);
			int proto = odd && r.nextInt(8) == 0 ? (r.nextBoolean() ? 6 : 1) : 17;
			byte[] payload = new byte[r.nextInt(64)];
			r.nextBytes(payload);
			int ipDelta = odd && r.nextInt(6) == 0 ? r.nextInt(80) - 40 : 0;
			int udpDelta = odd && r.nextInt(6) == 0 ? r.nextInt(80) - 40 : 0;
			int padding = r.nextInt(4) == 0 ? r.nextInt(20) : 0;
			byte[] f = frame(tpids, ids, etherType, vihl, flags, proto, payload, ipDelta, udpDelta, padding);
			int captured = f.length;
			int original = f.length;
			if (odd && r.nextInt(5) == 0) {
				captured = r.nextInt(f.length + 1); // cut by the snaplen anywhere
			} else if (r.nextInt(20) == 0) {
				original = f.length + 1 + r.nextInt(100); // cut after the frame's last byte (original length beyond)
			}
			int linkType = r.nextInt(50) == 0 ? LinkType.LINUX_SLL : LinkType.ETHERNET;
			// the fast path's shape, from the values the frame was built with (lengths as they are on the wire)
			int ipStart = 14 + 4 * tags;
			int ipTotal = (20 + 8 + payload.length + ipDelta) & 0xffff;
			int udpLength = (8 + payload.length + udpDelta) & 0xffff;
			boolean plain = linkType == LinkType.ETHERNET && tags <= 1 && (tags == 0 || tpids[0] == 0x8100) && etherType == 0x0800
					&& vihl == 0x45 && (flags & 0x3fff) == 0 && proto == 17 && ipTotal >= 28 && ipStart + ipTotal <= captured
					&& udpLength >= 8 && 20 + udpLength <= ipTotal;
			boolean withOptions = (vihl & 0x0f) > 5 && vihl >> 4 == 4;
			boolean soundUdp = tags <= 4 && etherType == 0x0800 && (vihl == 0x45 || withOptions) && (flags & 0x3fff) == 0
					&& proto == 17 && ipDelta == 0 && udpDelta == 0 && captured == f.length && linkType == LinkType.ETHERNET;
			for (int form = 0; form < 3; form++) {
				ByteBuffer a = buffer(f, captured, form);
				ByteBuffer b = buffer(f, captured, form);
				fGeneral.decode(ByteBuffer.wrap(previous), LinkType.ETHERNET, previous.length);
				fFast.decode(ByteBuffer.wrap(previous), LinkType.ETHERNET, previous.length);
				Kind kind = fGeneral.decode(a, linkType, original);
				long before = fFast.fFastFrames;
				assertEquals(kind, fFast.decode(b, linkType, original), "frame " + i + " form " + form);
				String general = describe(fGeneral);
				assertEquals(general, describe(fFast), "frame " + i + " form " + form);
				assertEquals(plain, fFast.fFastFrames == before + 1, "fast path taken? frame " + i + ": " + general);
				if (form == 0) {
					kinds.merge(kind, 1, Integer::sum);
				}
				if (soundUdp) {
					// the values the frame was built with
					int ihl = (vihl & 0x0f) * 4;
					int ip = 14 + 4 * tags;
					assertEquals(Kind.UDP, fFast.kind(), general);
					assertEquals(ip, fFast.ipOffset(), general);
					assertEquals(ip + ihl, fFast.udpOffset(), general);
					assertEquals(ip + ihl + 8, fFast.payloadOffset(), general);
					assertEquals(payload.length, fFast.payloadLength(), general);
					assertEquals(SRC_PORT, fFast.sourcePort(), general);
					assertEquals(DST_PORT, fFast.destinationPort(), general);
					assertEquals(SRC_IP, fFast.ipSource(), general);
					assertEquals(DST_IP, fFast.ipDestination(), general);
					assertEquals(original > captured, fFast.isTruncated(), general);
					assertEquals(Math.min(tags, 4), fFast.vlanCount(), general);
					for (int k = 0; k < fFast.vlanCount(); k++) {
						assertEquals(ids[k] & 0xfff, fFast.vlan(k), general);
						assertEquals(tpids[k], fFast.vlanTpid(k), general);
					}
					if (form == 0) {
						sound++;
					}
				}
			}
			previous = f;
		}
		for (Kind k : new Kind[] { Kind.UDP, Kind.OTHER_IP, Kind.IP_FRAGMENT, Kind.NOT_IP, Kind.MALFORMED }) {
			assertTrue(kinds.getOrDefault(k, 0) > 100, "seeded frames of kind " + k + ": " + kinds);
		}
		assertTrue(sound > 20000, sound + " sound frames");
		assertTrue(fFast.fFastFrames - fastBefore > 50000, "fast path ran " + (fFast.fFastFrames - fastBefore) + " times");
	}

	/**
	 * {@link PacketLayers#decodePlain}, the plain frame alone for a caller with a fast path of its own (the dissector's
	 * conversation plans): of seeded frames at odd places in one array, it takes exactly the plain ones and decodes
	 * them as the general code does; any other it leaves as it was, every accessor answering for the frame before
	 * (whose bytes are still there); it checks the bounds as {@link PacketLayers#decode(byte[], int, int, int, int)}
	 * does, and with the fast paths off it takes none.
	 */
	@Test
	public void decodePlainTakesThePlainFramesAloneAndLeavesTheOthersAsTheyWere() {
		Random r = new Random(1410);
		byte[] chunk = new byte[4096];
		byte[] before = frame(new int[] { 0x8100 }, new int[] { 5 }, 0x0800, 0x45, 0, 17, new byte[12], 0, 0, 0);
		int taken = 0;
		int left = 0;
		for (int i = 0; i < 30000; i++) {
			int tags = r.nextInt(6) == 0 ? 2 : r.nextInt(2);
			int[] tpids = new int[tags];
			int[] ids = new int[tags];
			for (int k = 0; k < tags; k++) {
				tpids[k] = r.nextInt(5) == 0 ? 0x88a8 : 0x8100;
				ids[k] = r.nextInt(0x10000);
			}
			int vihl = r.nextInt(8) == 0 ? 0x46 : 0x45;
			int[] flagChoice = { 0, 0x4000, 0x2000, 0x0001, 0x8000 };
			int flags = flagChoice[r.nextInt(flagChoice.length)];
			int proto = r.nextInt(10) == 0 ? 6 : 17;
			byte[] payload = new byte[r.nextInt(64)];
			r.nextBytes(payload);
			int ipDelta = r.nextInt(8) == 0 ? r.nextInt(80) - 40 : 0;
			int udpDelta = r.nextInt(8) == 0 ? r.nextInt(80) - 40 : 0;
			byte[] f = frame(tpids, ids, r.nextInt(20) == 0 ? 0x86dd : 0x0800, vihl, flags, proto, payload, ipDelta, udpDelta, 0);
			int captured = r.nextInt(8) == 0 ? r.nextInt(f.length + 1) : f.length;
			int original = r.nextInt(10) == 0 ? f.length + 1 + r.nextInt(50) : f.length;
			int at = r.nextInt(chunk.length - captured + 1);
			System.arraycopy(f, 0, chunk, at, captured);
			fGeneral.decode(chunk, at, captured, LinkType.ETHERNET, original);
			String general = describe(fGeneral);
			fFast.decode(before, 0, before.length, LinkType.ETHERNET, before.length);
			String was = describe(fFast);
			long fastBefore = fFast.fFastFrames;
			boolean took = fFast.decodePlain(chunk, at, captured, original);
			if (took) {
				taken++;
				assertEquals(general, describe(fFast), "frame " + i);
				assertEquals(fastBefore + 1, fFast.fFastFrames, "frame " + i);
			} else {
				left++;
				assertEquals(was, describe(fFast), "frame " + i + " is not plain: " + general);
			}
			fFast.decode(chunk, at, captured, LinkType.ETHERNET, original);
			// the general decode's own fast path takes the same frames
			assertEquals(took, fFast.fFastFrames == fastBefore + 2, "frame " + i + ": " + general);
			assertTrue(!fGeneral.decodePlain(chunk, at, captured, original), "the fast paths off: frame " + i);
		}
		assertTrue(taken > 5000 && left > 10000, taken + " frames taken, " + left + " left");
		String bounds = assertThrows(IndexOutOfBoundsException.class, () -> fGeneral.decode(chunk, 4090, 7, LinkType.ETHERNET, 7)).getMessage();
		assertEquals(bounds, assertThrows(IndexOutOfBoundsException.class, () -> fFast.decodePlain(chunk, 4090, 7, 7)).getMessage());
		assertEquals(bounds, assertThrows(IndexOutOfBoundsException.class, () -> fGeneral.decodePlain(chunk, 4090, 7, 7)).getMessage());
	}

	private static final int SRC_IP = 0x0a010203;
	private static final int DST_IP = 0xe9360c6f;
	private static final int SRC_PORT = 49653;
	private static final int DST_PORT = 26477;

	/**
	 * An Ethernet frame built byte by byte from the field values given.
	 *
	 * @param vihl the IPv4 version + IHL byte; an IHL above 5 gets that many option bytes (NOPs)
	 * @param ipDelta added to the correct IPv4 total length
	 * @param udpDelta added to the correct UDP length
	 * @param padding bytes after the IP packet (Ethernet padding)
	 */
	static byte[] frame(int[] tpids, int[] ids, int etherType, int vihl, int flags, int proto, byte[] payload, int ipDelta,
			int udpDelta, int padding) {
		int ihl = Math.max(20, (vihl & 0x0f) * 4);
		ByteBuffer b = ByteBuffer.allocate(14 + 4 * tpids.length + ihl + 8 + payload.length + padding);
		b.put(new byte[] { 0x01, 0x00, 0x5e, 0x36, 0x0c, 0x6f, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 });
		for (int k = 0; k < tpids.length; k++) {
			b.putShort((short) tpids[k]).putShort((short) ids[k]);
		}
		b.putShort((short) etherType);
		b.put((byte) vihl).put((byte) 0);
		b.putShort((short) (ihl + 8 + payload.length + ipDelta));
		b.putShort((short) 0x1234).putShort((short) flags);
		b.put((byte) 64).put((byte) proto).putShort((short) 0);
		b.putInt(SRC_IP).putInt(DST_IP);
		for (int k = 20; k < ihl; k++) {
			b.put((byte) 1); // NOP options
		}
		b.putShort((short) SRC_PORT).putShort((short) DST_PORT);
		b.putShort((short) (8 + payload.length + udpDelta)).putShort((short) 0);
		b.put(payload);
		for (int k = 0; k < padding; k++) {
			b.put((byte) 0xee);
		}
		return b.array();
	}

	/** The first {@code n} bytes of a frame as 0: a heap array, 1: a heap array at an offset, 2: a direct buffer. */
	private static ByteBuffer buffer(byte[] f, int n, int form) {
		switch (form) {
		case 0:
			return ByteBuffer.wrap(java.util.Arrays.copyOf(f, n));
		case 1: {
			byte[] big = new byte[n + 13];
			java.util.Arrays.fill(big, (byte) 0x81); // a VLAN-looking byte around the frame
			System.arraycopy(f, 0, big, 7, n);
			return ByteBuffer.wrap(big, 7, n).slice();
		}
		default: {
			ByteBuffer d = ByteBuffer.allocateDirect(n + 8);
			d.position(4);
			d.put(f, 0, n);
			return d.slice(4, n).asReadOnlyBuffer();
		}
		}
	}
}
