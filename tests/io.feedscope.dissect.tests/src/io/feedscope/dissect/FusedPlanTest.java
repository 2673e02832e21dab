package io.feedscope.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.capture.LinkType;
import io.feedscope.capture.PacketLayers;
import io.feedscope.testdata.TestData;

/**
 * The per-conversation plan of frames in an array (FeedPacket's fused path: the plain Ethernet/IPv4/UDP tests,
 * the conversation's kept binding, the plain blocks) against the general path it stands in for
 * ({@code -Dfeedscope.framing=generic} while a dissector is made): on every frame of the real NASDAQ captures, the
 * shipped samples and generated captures of every preset (rsc/generated), read as the analysis reads them (ports
 * learned from a heuristic), bound by port and bound by group; and on seeded frames of many conversations whose
 * plans collide in the packet's cache, with damage of every kind, VLAN tags, IP options and fragments. Both must
 * give the same packet, link layers included; the frames sit at odd places in one array, as a chunk holds them.
 * The test checks that the plans did dissect most feed packets, not only the general path.
 */
public class FusedPlanTest {

	private static final Path SAMPLES = Path.of("../../features/io.feedscope.feature/rootfiles/samples");
	private static final Path GENERATED = Path.of("rsc/generated");

	/** The ways a conversation gets its framing that a plan is kept for, and the set that binds it so. */
	private enum Mode {
		LEARNED, PORT, GROUP
	}

	private static ProtocolSet set(Mode mode, Protocol... protocols) {
		ProtocolSet.Builder b = ProtocolSet.builder();
		for (Protocol p : protocols) {
			b.add(p);
		}
		return switch (mode) {
		case LEARNED -> b.build();
		case PORT -> b.bindPorts("moldudp64", 0, 65535).build();
		case GROUP -> b.bindGroup("moldudp64", 0xe0000000, 4).build();
		};
	}

	private static FeedDissector[] pair(ProtocolSet set) {
		FeedDissector[] d = FramingPathsTest.pair(set);
		assertTrue(d[0].packet().fFused && !d[1].packet().fFused);
		d[0].learnPorts();
		d[1].learnPorts();
		return d;
	}

	@Test
	public void everyFrameOfTheCapturesIsDissectedAlikeByItsPlan() throws IOException {
		Protocol mold = FramingPathsTest.compile("io.feedscope.protocols.moldudp64", "moldudp64.fsp");
		Protocol itch = FramingPathsTest.compile("io.feedscope.protocols.itch50", "itch50.fsp");
		List<Path> files = new ArrayList<>(TestData.nasdaqPcaps());
		files.add(SAMPLES.resolve("nasdaq-itch50-sample.pcap"));
		files.add(SAMPLES.resolve("incident-demo.pcap.gz"));
		List<Path> generated;
		try (Stream<Path> s = Files.list(GENERATED)) {
			generated = s.filter(f -> f.getFileName().toString().endsWith(".gz")).sorted().toList(); // README.md says how they were made
		}
		assertTrue(generated.size() >= 5, "generated captures: " + generated);
		files.addAll(generated);
		Random r = new Random(1416);
		byte[] chunk = new byte[1 << 16];
		Map<Mode, long[]> fused = new TreeMap<>();
		int frames = 0;
		int messages = 0;
		for (Mode mode : Mode.values()) {
			long[] n = fused.computeIfAbsent(mode, m -> new long[2]);
			for (Path file : files) {
				FeedDissector[] d = pair(set(mode, mold, itch));
				try (CaptureFile cap = Captures.open(file)) {
					for (int f = 1; f <= cap.frameCount(); f++) {
						ByteBuffer b = cap.frameData(f);
						int len = b.remaining();
						int at = r.nextInt(chunk.length - len + 1);
						b.get(b.position(), chunk, at, len);
						long before = d[0].packet().fFusedPackets;
						FeedPacket p = d[0].dissect(chunk, at, len, cap.linkType(f), f);
						String viaPlan = describe(p);
						n[0] += d[0].packet().fFusedPackets - before;
						n[1] += p.kind() == PacketKind.DATA ? 1 : 0;
						messages += p.messageCount();
						assertEquals(describe(d[1].dissect(chunk, at, len, cap.linkType(f), f)), viaPlan,
								mode + " " + file.getFileName() + " frame " + f);
						frames++;
					}
				}
				assertEquals(0, d[1].packet().fFusedPackets, "the general path keeps no plan");
			}
		}
		assertTrue(frames > 30000 && messages > 100000, frames + " frames, " + messages + " messages");
		for (Map.Entry<Mode, long[]> e : fused.entrySet()) {
			long[] n = e.getValue();
			// the first packet of a conversation (and a heuristic's, before the port is learned) has no plan yet
			assertTrue(n[0] > n[1] * 9 / 10, e.getKey() + ": " + n[0] + " of " + n[1] + " data packets by their plan");
		}
	}

	/**
	 * A plan asks a layout's conditions only of a payload of the size they start with (MoldUDP64's request: size 20):
	 * on every frame of the real captures and the samples, bound by port, the plans dissect the data packets without
	 * asking the request layout once; only the 20-byte payloads (heartbeats, requests) are asked.
	 */
	@Test
	public void aPlanAsksTheLayoutsOnlyOfPayloadsOfTheirSize() throws IOException {
		Protocol mold = FramingPathsTest.compile("io.feedscope.protocols.moldudp64", "moldudp64.fsp");
		Protocol itch = FramingPathsTest.compile("io.feedscope.protocols.itch50", "itch50.fsp");
		List<Path> files = new ArrayList<>(TestData.nasdaqPcaps());
		files.add(SAMPLES.resolve("nasdaq-itch50-sample.pcap"));
		files.add(SAMPLES.resolve("incident-demo.pcap.gz"));
		byte[] chunk = new byte[1 << 16];
		long fusedPackets = 0;
		long asked = 0;
		long ofTheirSize = 0;
		for (Path file : files) {
			FeedDissector d = pair(set(Mode.PORT, mold, itch))[0];
			try (CaptureFile cap = Captures.open(file)) {
				for (int f = 1; f <= cap.frameCount(); f++) {
					ByteBuffer b = cap.frameData(f);
					int len = b.remaining();
					b.get(b.position(), chunk, 0, len);
					FeedPacket p = d.dissect(chunk, 0, len, cap.linkType(f), f);
					ofTheirSize += p.layers().kind() == PacketLayers.Kind.UDP && p.layers().payloadLength() == 20 ? 1 : 0;
				}
			}
			fusedPackets += d.packet().fFusedPackets;
			asked += d.packet().fPlanConditions;
		}
		assertTrue(fusedPackets > 10000, fusedPackets + " packets by their plan");
		assertTrue(asked <= ofTheirSize, asked + " layouts asked by the plans, " + ofTheirSize + " payloads of 20 bytes, "
				+ fusedPackets + " packets by their plan");
	}

	/**
	 * Seeded frames of 200 conversations (addresses, ports, VLAN tag), so that many share a plan's slot, in runs
	 * of one conversation broken by others, sound or damaged: bound by a port range, by a group, or by ports a
	 * heuristic learned (and a conversation that is bound by none, whose payload a heuristic must look at each time).
	 */
	@Test
	public void seededConversationsWhosePlansCollideAreDissectedAlike() throws IOException {
		Protocol mold = FramingPathsTest.compile("io.feedscope.protocols.moldudp64", "moldudp64.fsp");
		Protocol itch = FramingPathsTest.compile("io.feedscope.protocols.itch50", "itch50.fsp");
		Random r = new Random(1417);
		int conversations = 200;
		int[][] conv = new int[conversations][];
		java.util.Set<Integer> slots = new java.util.HashSet<>();
		for (int c = 0; c < conversations; c++) {
			int src = 0x0a000000 | r.nextInt(1 << 16);
			// multicast groups, but one conversation in ten is unicast (no group binding: a heuristic's, then learned)
			int dst = c % 10 == 9 ? 0x0a010000 | r.nextInt(1 << 16) : 0xe9360c00 | r.nextInt(256);
			int srcPort = 1024 + r.nextInt(4000);
			int dstPort = 20000 + r.nextInt(8);
			int tag = r.nextInt(3) == 0 ? -1 : r.nextInt(4096);
			conv[c] = new int[] { src, dst, srcPort, dstPort, tag };
			slots.add(FeedPacket.planSlot(src, dst, srcPort << 16 | dstPort, tag));
		}
		assertTrue(slots.size() < conversations && slots.size() > FeedPacket.PLANS / 2, slots.size() + " slots");
		byte[] chunk = new byte[1 << 16];
		Map<String, Integer> seen = new TreeMap<>();
		long fusedPackets = 0;
		int damaged = 0;
		for (Mode mode : Mode.values()) {
			FeedDissector[] d = pair(set(mode, mold, itch));
			int c = 0;
			for (int i = 0; i < 12000; i++) {
				if (r.nextInt(8) == 0) {
					c = r.nextInt(r.nextBoolean() ? 8 : conversations); // a few busy conversations, many quiet ones
				}
				int[] cv = conv[c];
				int kind = r.nextInt(4) == 0 ? 1 + r.nextInt(FramingPathsTest.DAMAGE_KINDS) : 0;
				byte[] bytes = conversation(FramingPathsTest.frame(r, itch, kind, cv[2], cv[3], cv[1]).bytes(), cv[0], cv[4]);
				int at = r.nextInt(chunk.length - bytes.length + 1);
				System.arraycopy(bytes, 0, chunk, at, bytes.length);
				long before = d[0].packet().fFusedPackets;
				FeedPacket p = d[0].dissect(chunk, at, bytes.length, LinkType.ETHERNET, i + 1);
				String viaPlan = describe(p);
				boolean byPlan = d[0].packet().fFusedPackets > before;
				fusedPackets += byPlan ? 1 : 0;
				damaged += kind != 0 && !p.expertItems().isEmpty() ? 1 : 0;
				seen.merge(mode + " " + p.kind() + " by " + p.boundBy().replaceAll(" \\(score.*", "") + (byPlan ? " (plan)" : ""), 1,
						Integer::sum);
				assertEquals(describe(d[1].dissect(chunk, at, bytes.length, LinkType.ETHERNET, i + 1)), viaPlan,
						mode + " frame " + i + " of conversation " + c + ", damage " + kind);
			}
		}
		// the frames went every way, by a plan and not: each binding a plan is kept for, a heuristic's before a port is
		// learned, heartbeats, requests, damage the framing reports and damage below it (not a feed)
		String learned = "port learned from earlier packets of this capture";
		Map<String, Integer> least = Map.ofEntries(Map.entry("LEARNED DATA by " + learned + " (plan)", 1000),
				Map.entry("PORT DATA by user port binding (plan)", 1000), Map.entry("GROUP DATA by user group binding (plan)", 1000),
				Map.entry("GROUP DATA by " + learned + " (plan)", 100), Map.entry("LEARNED DATA by " + learned, 500),
				Map.entry("PORT DATA by user port binding", 500), Map.entry("GROUP DATA by user group binding", 500),
				Map.entry("LEARNED DATA by heuristic 'strict'", 1), Map.entry("GROUP DATA by heuristic 'strict'", 1),
				Map.entry("PORT HEARTBEAT by user port binding", 100), Map.entry("LEARNED HEARTBEAT by " + learned, 100),
				Map.entry("PORT REQUEST by user port binding", 1), Map.entry("PORT MALFORMED by user port binding", 1),
				Map.entry("LEARNED MALFORMED by " + learned, 1), Map.entry("PORT NOT_FEED by ", 100));
		for (Map.Entry<String, Integer> e : least.entrySet()) {
			assertTrue(seen.getOrDefault(e.getKey(), 0) >= e.getValue(), e + ": " + seen);
		}
		assertTrue(fusedPackets > 10000 && damaged > 3000, fusedPackets + " by their plan, " + damaged + " damaged " + seen);
	}

	/**
	 * Two conversations in one plan slot that differ only in their destination, one bound by its group and the other
	 * by no binding (a heuristic, then the port it learned): runs of each in turn, so that each run's first packet
	 * finds the other's plan.
	 */
	@Test
	public void aPlanServesOnlyItsOwnConversation() throws IOException {
		Protocol mold = FramingPathsTest.compile("io.feedscope.protocols.moldudp64", "moldudp64.fsp");
		Protocol itch = FramingPathsTest.compile("io.feedscope.protocols.itch50", "itch50.fsp");
		ProtocolSet set = ProtocolSet.builder().add(mold).add(itch).bindGroup("moldudp64", 0xe9360c00, 24).build();
		FeedDissector[] d = pair(set);
		int src = 0x0a000001;
		int ports = 5000 << 16 | 26477;
		int group = 0xe9360c6f;
		int slot = FeedPacket.planSlot(src, group, ports, -1);
		int other = 0x0a000002;
		while (FeedPacket.planSlot(src, other, ports, -1) != slot) {
			other++;
		}
		Random r = new Random(1418);
		byte[] chunk = new byte[1 << 16];
		long fused = 0;
		long expected = 0;
		for (int i = 0; i < 2000; i++) {
			int dst = i / 10 % 2 == 0 ? group : other;
			byte[] bytes = FramingPathsTest.frame(r, itch, 0, 5000, 26477, dst).bytes();
			int at = r.nextInt(chunk.length - bytes.length + 1);
			System.arraycopy(bytes, 0, chunk, at, bytes.length);
			long before = d[0].packet().fFusedPackets;
			FeedPacket p = d[0].dissect(chunk, at, bytes.length, LinkType.ETHERNET, i + 1);
			String viaPlan = describe(p);
			boolean byPlan = d[0].packet().fFusedPackets > before;
			fused += byPlan ? 1 : 0;
			assertEquals(dst == group ? "user group binding" : i == 10 ? "heuristic 'strict' (score 90)" : "port learned from earlier packets of this capture",
					p.boundBy(), "frame " + i);
			// a run's first packet finds the other conversation's plan, and the other's first two packets have none (the
			// second keeps one); a heartbeat (no blocks) is the general path's
			boolean planned = i % 10 != 0 && i != 11 && p.kind() == PacketKind.DATA;
			expected += planned ? 1 : 0;
			assertEquals(planned, byPlan, "frame " + i);
			assertEquals(describe(d[1].dissect(chunk, at, bytes.length, LinkType.ETHERNET, i + 1)), viaPlan, "frame " + i);
		}
		assertTrue(expected > 1600, expected + " packets of the runs after their first");
		assertEquals(expected, fused, "the packets after a run's first by the plan");
	}

	/**
	 * A plan kept for a conversation bound by a learned port holds only while the learned ports give the same answer:
	 * here the conversation's destination port is learned later for another framing (legacy MoldUDP, by a heuristic
	 * on a packet sent from that port), which from then on binds the conversation, as the general path says.
	 */
	@Test
	public void aLearnedPlanFollowsWhatIsLearnedLater() throws IOException {
		Protocol mold = FramingPathsTest.compile("io.feedscope.protocols.moldudp64", "moldudp64.fsp");
		Protocol legacy = FramingPathsTest.compile("io.feedscope.protocols.moldudp64", "moldudp.fsp");
		Protocol itch = FramingPathsTest.compile("io.feedscope.protocols.itch50", "itch50.fsp");
		FeedDissector[] d = pair(ProtocolSet.builder().add(mold).add(legacy).add(itch).build());
		Random r = new Random(1419);
		byte[] chunk = new byte[1 << 16];
		List<String> ways = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			byte[] bytes;
			if (i == 0) {
				bytes = FramingPathsTest.frame(r, itch, 0, 7000, 9000, 0x0a010001).bytes(); // 7000 learned: MoldUDP64
			} else if (i == 20) {
				bytes = udp(8000, 9100, 0x0a010003, legacyPayload()); // 8000 learned: MoldUDP
			} else {
				bytes = FramingPathsTest.frame(r, itch, 0, 7000, 8000, 0x0a010002).bytes(); // bound by what 7000, 8000 are
			}
			int at = r.nextInt(chunk.length - bytes.length + 1);
			System.arraycopy(bytes, 0, chunk, at, bytes.length);
			long before = d[0].packet().fFusedPackets;
			FeedPacket p = d[0].dissect(chunk, at, bytes.length, LinkType.ETHERNET, i + 1);
			String viaPlan = describe(p);
			ways.add(i + " " + p.protocolName() + " " + p.kind() + (d[0].packet().fFusedPackets > before ? " plan" : ""));
			assertEquals(describe(d[1].dissect(chunk, at, bytes.length, LinkType.ETHERNET, i + 1)), viaPlan, "frame " + i);
		}
		assertEquals("0 moldudp64 DATA", ways.get(0));
		assertEquals("1 moldudp64 DATA", ways.get(1), "the conversation's first packet makes its plan");
		assertTrue(ways.get(2).startsWith("2 moldudp64 ") && ways.get(19).startsWith("19 moldudp64 "), ways.toString());
		assertTrue(ways.subList(2, 20).stream().filter(w -> w.endsWith("DATA plan")).count() > 12, ways.toString());
		assertEquals("20 moldudp DATA", ways.get(20), "a heuristic found legacy MoldUDP");
		assertTrue(ways.subList(21, 40).stream().allMatch(w -> w.contains(" moldudp ") && !w.endsWith("plan")), ways.toString());
	}

	/** A legacy MoldUDP packet (little-endian: session, sequence u32, count u16, then u16 length + message) of one ITCH message. */
	private static byte[] legacyPayload() {
		ByteBuffer b = ByteBuffer.allocate(16 + 2 + 12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		b.put("LEGACY0001".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(1).putShort((short) 1).putShort((short) 12);
		b.put((byte) 'S').putShort((short) 0).putShort((short) 1).put(new byte[] { 0x7f, 0, 0, 0, 0, 1 }).put((byte) 'O'); // MoldUDP64 blocks would overrun at 23
		return b.array();
	}

	/** An Ethernet/IPv4/UDP frame of a payload, from 10.0.0.1 (checksums 0). */
	private static byte[] udp(int srcPort, int dstPort, int dst, byte[] payload) {
		ByteBuffer f = ByteBuffer.allocate(14 + 20 + 8 + payload.length);
		f.put(new byte[] { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 }).putShort((short) 0x0800);
		f.put((byte) 0x45).put((byte) 0).putShort((short) (28 + payload.length)).putShort((short) 1).putShort((short) 0x4000);
		f.put((byte) 64).put((byte) 17).putShort((short) 0).putInt(0x0a000001).putInt(dst);
		f.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
		return f.array();
	}

	/**
	 * A built frame from another source address and with another VLAN tag (-1: untagged; a tagged frame keeps its
	 * tag's place, an untagged one gets one inserted), checksums left at 0 as the builder leaves them.
	 */
	private static byte[] conversation(byte[] frame, int src, int tag) {
		if (frame.length < 14) {
			return frame;
		}
		boolean tagged = (frame[12] & 0xff) == 0x81 && frame[13] == 0;
		byte[] f = frame;
		if (tag >= 0 && !tagged) {
			f = new byte[frame.length + 4];
			System.arraycopy(frame, 0, f, 0, 12);
			f[12] = (byte) 0x81;
			f[14] = (byte) (tag >>> 8);
			f[15] = (byte) tag;
			System.arraycopy(frame, 12, f, 16, frame.length - 12);
		} else if (tag >= 0 && tagged) {
			f = frame.clone();
			f[14] = (byte) (tag >>> 8);
			f[15] = (byte) tag;
		}
		int ip = (f[12] & 0xff) == 0x81 ? 18 : 14;
		if (f.length >= ip + 16) {
			f = f == frame ? frame.clone() : f;
			ByteBuffer.wrap(f).putInt(ip + 12, src);
		}
		return f;
	}

	/** FramingPathsTest's description of a packet, and its link layers. */
	private static String describe(FeedPacket p) {
		PacketLayers l = p.layers();
		StringBuilder s = new StringBuilder();
		s.append(l.kind()).append(' ').append(l.problem()).append(" truncated ").append(l.isTruncated()).append(" eth ").append(l.hasEthernet())
				.append(' ').append(Long.toHexString(l.ethSource())).append('>').append(Long.toHexString(l.ethDestination())).append(" type ")
				.append(Integer.toHexString(l.ethType())).append('/').append(Integer.toHexString(l.etherType())).append(" vlans");
		for (int k = 0; k < l.vlanCount(); k++) {
			s.append(' ').append(Integer.toHexString(l.vlanTpid(k))).append(':').append(l.vlan(k));
		}
		s.append(" ip @").append(l.ipOffset()).append(' ').append(PacketLayers.formatIp(l.ipSource())).append('>')
				.append(PacketLayers.formatIp(l.ipDestination())).append(" proto ").append(l.ipProtocol()).append(" udp @").append(l.udpOffset())
				.append(' ').append(l.sourcePort()).append('>').append(l.destinationPort()).append(" payload ").append(l.payloadOffset())
				.append('+').append(l.payloadLength()).append(" multicast ").append(l.isMulticast()).append('\n');
		s.append("packet ").append(p.frame()).append(" span ").append(p.frameSpan()).append(" record ").append(p.isRecord()).append(' ')
				.append(PacketLayers.formatIp(p.sourceAddress())).append(':').append(p.sourcePort()).append('>')
				.append(PacketLayers.formatIp(p.destinationAddress())).append(':').append(p.destinationPort()).append(" feed ")
				.append(p.feedProtocol() == null ? "-" : p.feedProtocol().name()).append(" heuristic ").append(p.boundByHeuristic())
				.append(" session? ").append(p.hasSession()).append(" worst ").append(p.worstSeverity()).append('\n');
		return s.append(FramingPathsTest.describe(p)).toString();
	}
}
