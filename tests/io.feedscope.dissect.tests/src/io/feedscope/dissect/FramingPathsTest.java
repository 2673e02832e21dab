package io.feedscope.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.capture.LinkType;
import io.feedscope.testdata.TestData;

/**
 * The framing's fast path (FeedPacket's plain-blocks loop for the "u16 length + message" blocks of MoldUDP64)
 * against the general, description-driven walk and typing it stands in for ({@code -Dfeedscope.framing=generic}
 * while a dissector is made): on every frame of the real NASDAQ captures and the shipped samples, and on seeded
 * frames with damage of every kind the general code reports (blocks and lengths cut short or overrunning, counts
 * that disagree with the blocks, unknown types, messages shorter or longer than their type, heartbeats with blocks,
 * VLAN tags, IP options, fragments, truncated headers), the two dissectors must give the same packet: kind,
 * binding, header values, every message's place, type and fields, every expert item in order, and the whole
 * detail tree. Sound seeded frames are also walked here by hand from the MoldUDP64 specification (an oracle
 * independent of both), and the test checks that the fast path did run on them, not only the general code.
 */
public class FramingPathsTest {

	private static final Path BUNDLES = Path.of("../../bundles");

	static Protocol compile(String bundle, String fsp) throws IOException {
		org.osgi.framework.Bundle b = org.eclipse.core.runtime.Platform.getBundle(bundle);
		assertNotNull(b, bundle + " not installed");
		CompileResult r = ProtocolCompiler.compile(b.getEntry("protocols/" + fsp));
		Protocol p = r.protocol();
		assertNotNull(p, () -> r.diagnostics().toString());
		return p;
	}

	/** Two dissectors of one protocol set: the shipped one and one with the framing's fast paths off. */
	static FeedDissector[] pair(ProtocolSet set) {
		FeedDissector fast = new FeedDissector(set);
		String before = System.getProperty("feedscope.framing");
		System.setProperty("feedscope.framing", "generic");
		try {
			FeedDissector generic = new FeedDissector(set);
			assertTrue(fast.packet().fPlainBlocks && !generic.packet().fPlainBlocks);
			return new FeedDissector[] { fast, generic };
		} finally {
			if (before == null) {
				System.clearProperty("feedscope.framing");
			} else {
				System.setProperty("feedscope.framing", before);
			}
		}
	}

	@Test
	public void everyFrameOfTheRealCapturesIsDissectedAlikeOnBothPaths() throws IOException {
		Protocol mold = compile("io.feedscope.protocols.moldudp64", "moldudp64.fsp");
		Protocol itch = compile("io.feedscope.protocols.itch50", "itch50.fsp");
		List<Path> files = new ArrayList<>(TestData.nasdaqPcaps());
		Path samples = BUNDLES.resolve("../features/io.feedscope.feature/rootfiles/samples");
		files.add(samples.resolve("nasdaq-itch50-sample.pcap"));
		files.add(samples.resolve("incident-demo.pcap.gz"));
		int frames = 0;
		int messages = 0;
		long plain = 0;
		for (Path file : files) {
			// as analysis reads them (heuristics, ports learned) and as a user binds a sanitized capture's port 0
			for (boolean bound : new boolean[] { false, true }) {
				ProtocolSet.Builder b = ProtocolSet.builder().add(mold).add(itch);
				ProtocolSet set = bound ? b.bindPorts("moldudp64", 0, 0).build() : b.build();
				FeedDissector[] d = pair(set);
				d[0].learnPorts();
				d[1].learnPorts();
				long plainBefore = d[0].packet().fPlainPackets;
				try (CaptureFile cap = Captures.open(file)) {
					for (int f = 1; f <= cap.frameCount(); f++) {
						String fast = describe(d[0].dissect(cap, f));
						String generic = describe(d[1].dissect(cap, f));
						assertEquals(generic, fast, file.getFileName() + " frame " + f);
						frames++;
						messages += d[0].dissect(cap, f).messageCount();
					}
				}
				plain += d[0].packet().fPlainPackets - plainBefore;
				assertEquals(0, d[1].packet().fPlainPackets, "the generic dissector never takes the fast path");
			}
		}
		assertTrue(frames > 1000 && messages > 5000, frames + " frames, " + messages + " messages");
		assertTrue(plain > 500, "the fast path ran on " + plain + " packets");
	}

	/**
	 * Seeded Ethernet/IPv4/UDP/MoldUDP64 frames of ITCH messages, most sound, the rest damaged in one of many
	 * ways; both paths must agree on each, on a heap copy and on a direct (mapped-like) copy of the bytes.
	 */
	@Test
	public void seededSoundAndDamagedFramesAreDissectedAlikeOnBothPaths() throws IOException {
		Protocol mold = compile("io.feedscope.protocols.moldudp64", "moldudp64.fsp");
		Protocol itch = compile("io.feedscope.protocols.itch50", "itch50.fsp");
		ProtocolSet set = ProtocolSet.builder().add(mold).add(itch).bindPorts("moldudp64", 26477, 26477).build();
		FeedDissector[] d = pair(set);
		// and through the heuristic (no binding): a damaged packet then is "not a feed" on both or on neither
		FeedDissector[] h = pair(ProtocolSet.builder().add(mold).add(itch).build());
		Random r = new Random(1414);
		int[] damage = new int[DAMAGE_KINDS + 1];
		int sound = 0;
		int withItems = 0;
		for (int i = 0; i < 20000; i++) {
			int kind = r.nextInt(3) == 0 ? 1 + r.nextInt(DAMAGE_KINDS) : 0;
			Frame fr = frame(r, itch, kind);
			damage[kind]++;
			for (boolean direct : new boolean[] { false, true }) {
				ByteBuffer bytes = direct ? ByteBuffer.allocateDirect(fr.bytes.length).put(0, fr.bytes) : ByteBuffer.wrap(fr.bytes);
				long plainBefore = d[0].packet().fPlainPackets;
				FeedPacket fast = d[0].dissect(bytes, LinkType.ETHERNET, i + 1);
				String fastText = describe(fast);
				boolean fastPath = d[0].packet().fPlainPackets > plainBefore;
				if (kind == 0) {
					// sound: the spec's own walk (written here) agrees, and the fast path took it
					assertEquals(fr.offsets, offsets(fast), "frame " + i);
					assertTrue(fast.expertItems().isEmpty(), () -> "frame " + fr + ": " + fast.expertItems());
					assertTrue(fastPath, "frame " + i + ": a sound frame goes the fast way");
				} else if (!fast.expertItems().isEmpty()) {
					withItems++;
					assertFalse(fastPath, "frame " + i + ": a frame with an expert item went the fast way");
				}
				assertEquals(describe(d[1].dissect(bytes, LinkType.ETHERNET, i + 1)), fastText, "frame " + i + " " + fr);
				assertEquals(describe(h[1].dissect(bytes, LinkType.ETHERNET, i + 1)), describe(h[0].dissect(bytes, LinkType.ETHERNET, i + 1)),
						"frame " + i + " (heuristic) " + fr);
			}
			sound += kind == 0 ? 1 : 0;
		}
		for (int k = 1; k <= DAMAGE_KINDS; k++) {
			assertTrue(damage[k] > 200, "damage " + k + ": " + damage[k] + " frames");
		}
		assertTrue(sound > 10000, sound + " sound frames");
		// the damage is real: most damaged frames carry an expert item (VLAN, IP options and a heartbeat are sound)
		assertTrue(withItems > 4000, withItems + " damaged frames (heap + direct) with expert items");
	}

	/**
	 * What a dissector keeps from one packet to the next (the bindings' last answer, the header plan: which
	 * framing, layout and payload offset the header-offset table holds) must never show in the next packet:
	 * seeded frames whose ports, destination, VLAN tag and IP options (the payload offset), damage and
	 * layout change from one to the next, dissected in turn by one dissector, give what a dissector made for
	 * each frame alone gives (nothing kept), and what the general path (which keeps nothing) gives.
	 */
	@Test
	public void whatADissectorKeepsBetweenPacketsNeverShows() throws IOException {
		Protocol mold = compile("io.feedscope.protocols.moldudp64", "moldudp64.fsp");
		Protocol itch = compile("io.feedscope.protocols.itch50", "itch50.fsp");
		// 26477 by the user, the group 239.1.1.0/24 by the user to the same framing; anything else by heuristic
		ProtocolSet set = ProtocolSet.builder().add(mold).add(itch).bindPorts("moldudp64", 26477, 26477)
				.bindGroup("moldudp64", 0xef010100, 24).build();
		FeedDissector[] d = pair(set);
		Random r = new Random(1415);
		int[] srcPorts = { 5000, 5000, 26477, 40000 };
		int[] dstPorts = { 26477, 26477, 26400, 9999 };
		int[] dstAddrs = { 0xe9360c6f, 0xef010105, 0x0a000002 };
		java.util.Map<String, Integer> seen = new java.util.TreeMap<>();
		int withItems = 0;
		for (int i = 0; i < 10000; i++) {
			int kind = r.nextInt(3) == 0 ? 1 + r.nextInt(DAMAGE_KINDS) : (r.nextBoolean() ? 0 : 9 + r.nextInt(2));
			// runs of frames alike (the kept answers are used) broken by changes (they must be dropped)
			int sameAsBefore = r.nextInt(4);
			Frame fr = frame(r, itch, kind, srcPorts[sameAsBefore > 0 ? 0 : r.nextInt(4)], dstPorts[sameAsBefore > 0 ? 0 : r.nextInt(4)],
					dstAddrs[sameAsBefore > 0 ? 0 : r.nextInt(3)]);
			ByteBuffer bytes = ByteBuffer.wrap(fr.bytes);
			String alone = describe(new FeedDissector(set).dissect(bytes, LinkType.ETHERNET, i + 1));
			assertEquals(alone, describe(d[0].dissect(bytes, LinkType.ETHERNET, i + 1)), "frame " + i + " " + fr);
			assertEquals(alone, describe(d[1].dissect(bytes, LinkType.ETHERNET, i + 1)), "frame " + i + " (general) " + fr);
			FeedPacket p = d[0].packet();
			seen.merge(p.kind() + " by " + p.boundBy().replaceAll(" \\(score.*", ""), 1, Integer::sum);
			withItems += p.expertItems().isEmpty() ? 0 : 1;
		}
		// the frames went every way: bound by the user's port and group, by a heuristic, not at all; data,
		// heartbeat and request layouts (a request is MoldUDP64's other layout); damaged
		for (String way : new String[] { "DATA by user port binding", "DATA by user group binding", "HEARTBEAT by user port binding",
				"DATA by heuristic 'strict'", "NOT_FEED by " }) {
			assertTrue(seen.getOrDefault(way, 0) > 50, way + ": " + seen);
		}
		assertTrue(seen.getOrDefault("REQUEST by user port binding", 0) > 0, seen.toString());
		assertTrue(withItems > 1000, withItems + " packets with expert items " + seen);
	}

	static final int DAMAGE_KINDS = 13;

	/** A built frame, the message data offsets a spec walk finds in it (sound frames), and what was done to it. */
	record Frame(byte[] bytes, List<Integer> offsets, String what) {
		@Override
		public String toString() {
			return what + " (" + bytes.length + " bytes)";
		}
	}

	/**
	 * A frame of 0 to 30 ITCH messages of random types, then one kind of damage: 0 none; 1 frame cut anywhere;
	 * 2 a message length too large; 3 too small; 4 count too high; 5 count too low; 6 an unknown message type;
	 * 7 a message one byte longer than its type (trailing byte); 8 a length of 0; 9 a VLAN tag (sound); 10 IPv4
	 * options (sound); 11 an IP fragment; 12 a heartbeat count with blocks; 13 a last block cut inside its length.
	 */
	static Frame frame(Random r, Protocol itch, int kind) {
		return frame(r, itch, kind, 5000, 26477, 0xe9360c6f);
	}

	/** As {@link #frame(Random, Protocol, int)}, from and to the ports and the destination address given. */
	static Frame frame(Random r, Protocol itch, int kind, int srcPort, int dstPort, int dstAddr) {
		int n = kind == 12 ? 1 + r.nextInt(5) : r.nextInt(31);
		ByteBuffer payload = ByteBuffer.allocate(20 + n * 60 + 8);
		payload.put("SESSION001".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putLong(1 + r.nextInt(1 << 20));
		payload.putShort((short) (kind == 12 ? 0 : n));
		List<Integer> lengthAt = new ArrayList<>();
		List<Integer> offsets = new ArrayList<>();
		for (int k = 0; k < n; k++) {
			int t = r.nextInt(itch.messageTypeCount());
			int len = itch.messageTypeLength(t);
			lengthAt.add(payload.position());
			payload.putShort((short) len);
			offsets.add(payload.position());
			int at = payload.position();
			for (int b = 0; b < len; b++) {
				payload.put((byte) r.nextInt(256));
			}
			payload.put(at, (byte) itch.messageTypeCode(t));
		}
		String what = "sound";
		int victim = n == 0 ? -1 : r.nextInt(n);
		switch (kind) {
		case 2, 3, 6, 7, 8 -> {
			if (victim < 0) {
				what = "empty";
				break;
			}
			int la = lengthAt.get(victim);
			int len = payload.getShort(la) & 0xffff;
			switch (kind) {
			case 2 -> payload.putShort(la, (short) (len + 1 + r.nextInt(200)));
			case 3 -> payload.putShort(la, (short) Math.max(0, len - 1 - r.nextInt(len)));
			case 6 -> payload.put(la + 2, (byte) "!#$%&'()*+Z".charAt(r.nextInt(11)));
			case 7 -> {
				// one more byte in this block: the rest moves up
				payload.putShort(la, (short) (len + 1));
				int end = payload.position();
				int cut = la + 2 + len;
				byte[] rest = new byte[end - cut];
				payload.get(cut, rest);
				payload.put(cut, (byte) 'x').put(cut + 1, rest).position(end + 1);
			}
			default -> payload.putShort(la, (short) 0);
			}
			what = "damage " + kind + " at message " + victim;
		}
		case 4 -> {
			payload.putShort(18, (short) (n + 1 + r.nextInt(3)));
			what = "count high";
		}
		case 5 -> {
			payload.putShort(18, (short) Math.max(0, n - 1 - r.nextInt(Math.max(1, n))));
			what = "count low";
		}
		case 12 -> what = "heartbeat with blocks";
		case 13 -> {
			payload.put((byte) 0); // one byte of a next block's length
			what = "last length cut";
		}
		default -> {
			// 0 sound, the others damage the layers below
		}
		}
		byte[] pl = new byte[payload.position()];
		payload.get(0, pl);
		int vlan = kind == 9 ? 4 : 0;
		int options = kind == 10 ? 4 * (1 + r.nextInt(10)) : 0;
		ByteBuffer f = ByteBuffer.allocate(14 + vlan + 20 + options + 8 + pl.length);
		f.put(new byte[] { 1, 0, 0x5e, 0x36, 0x0c, 0x6f, 2, 0, 0, 0, 0, 1 });
		if (vlan > 0) {
			f.putShort((short) 0x8100).putShort((short) (1 + r.nextInt(4094)));
		}
		f.putShort((short) 0x0800);
		int ip = f.position();
		f.put((byte) (0x40 | (20 + options) / 4)).put((byte) 0).putShort((short) (20 + options + 8 + pl.length));
		f.putShort((short) r.nextInt(65536)).putShort((short) (kind == 11 ? (r.nextBoolean() ? 0x2000 : 0x0010) : 0x4000));
		f.put((byte) 64).put((byte) 17).putShort((short) 0).putInt(0x0a000001).putInt(dstAddr);
		for (int k = 0; k < options; k++) {
			f.put((byte) 1); // NOP options
		}
		assertEquals(ip + 20 + options, f.position());
		f.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + pl.length)).putShort((short) 0);
		int payloadAt = f.position();
		f.put(pl);
		byte[] bytes = f.array();
		if (kind == 1) {
			int cut = r.nextInt(bytes.length);
			bytes = java.util.Arrays.copyOf(bytes, cut);
			what = "cut at " + cut + " of " + f.capacity();
		}
		List<Integer> abs = new ArrayList<>();
		for (int o : offsets) {
			abs.add(payloadAt + o);
		}
		if (kind == 0) {
			assertEquals(abs, specWalk(bytes, payloadAt), "the builder and the spec walk agree");
		}
		return new Frame(bytes, kind == 0 ? abs : List.of(), what);
	}

	/**
	 * MoldUDP64 v1.00 as the specification states it: a 20-byte header (session 10, sequence 8, count 2, big-endian),
	 * then count message blocks of a 2-byte big-endian length and that many bytes of data.
	 *
	 * @return the frame offsets of the messages' data
	 */
	private static List<Integer> specWalk(byte[] f, int payloadAt) {
		int count = (f[payloadAt + 18] & 0xff) << 8 | f[payloadAt + 19] & 0xff;
		List<Integer> out = new ArrayList<>();
		int at = payloadAt + 20;
		for (int k = 0; k < count; k++) {
			int len = (f[at] & 0xff) << 8 | f[at + 1] & 0xff;
			out.add(at + 2);
			at += 2 + len;
		}
		assertEquals(f.length, at, "the blocks end with the frame");
		return out;
	}

	private static List<Integer> offsets(FeedPacket p) {
		List<Integer> out = new ArrayList<>();
		FeedMessage m = p.messages();
		while (m.next()) {
			out.add(m.offset());
		}
		return out;
	}

	/** Everything a packet says: what it is, its header, each message and its fields, the expert items, the tree. */
	static String describe(FeedPacket p) {
		StringBuilder s = new StringBuilder();
		s.append(p.kind()).append(' ').append(p.protocolName()).append(" layout ").append(p.layoutName()).append(" by ").append(p.boundBy())
				.append(" payload ").append(p.payloadOffset()).append('+').append(p.payloadLength()).append(" seq ").append(p.sequence())
				.append(" count ").append(p.count()).append(' ').append(p.countText()).append(" session ").append(p.session())
				.append(" messages ").append(p.messageCount()).append('\n');
		long[] v = new long[32];
		FeedMessage m = p.messages();
		while (m.next()) {
			s.append("  ").append(m.index()).append(" @").append(m.offset()).append('+').append(m.length()).append(' ').append(m.type())
					.append(' ').append(m.typeName()).append(" code ").append(p.messageTypeCode(m.index())).append(" msgseq ").append(m.msgseq())
					.append(':');
			int n = m.readFields(v);
			for (int k = 0; k < n; k++) {
				s.append(' ').append(v[k]);
			}
			s.append('\n');
		}
		for (ExpertItem e : p.expertItems()) {
			s.append("  ! ").append(e).append('\n');
		}
		p.accept(new FieldVisitor() {
			@Override
			public void beginGroup(FieldValue g) {
				s.append("  [").append(g.name()).append(' ').append(g.display()).append(" @").append(g.offset()).append('+').append(g.length())
						.append('\n');
			}

			@Override
			public void field(FieldValue f) {
				s.append("    ").append(f).append(" @").append(f.offset()).append('+').append(f.length()).append('\n');
			}

			@Override
			public void endGroup() {
				s.append("  ]\n");
			}
		});
		return s.toString();
	}
}
