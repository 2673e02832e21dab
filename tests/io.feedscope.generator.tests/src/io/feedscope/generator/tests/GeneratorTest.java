package io.feedscope.generator.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.Scenario.Line;
import io.feedscope.generator.Scenario.Malformation;
import io.feedscope.generator.Truth;
import io.feedscope.generator.tests.CaptureScan.Packet;

/**
 * Reads generated captures back (FeedScope's capture reader plus a MoldUDP64 walk written from the
 * spec in {@link CaptureScan}) and checks them against the NASDAQ specifications and against the
 * truth sidecar, which is recomputed here from the frames.
 */
class GeneratorTest {

	/** TotalView-ITCH 5.0 specification, message lengths by type (section 4). */
	private static final Map<Character, Integer> SPEC_LENGTH = new HashMap<>();
	static {
		String[] t = { "S12", "R39", "H25", "Y20", "L26", "V35", "W12", "K28", "J35", "h21", "A36", "F40", "E31", "C36",
				"X23", "D19", "U35", "P44", "Q40", "B19", "I50", "N20", "O48" };
		for (String s : t) {
			SPEC_LENGTH.put(s.charAt(0), Integer.parseInt(s.substring(1)));
		}
	}

	private static final int GROUP_A = CaptureScan.ip(233, 54, 12, 111);
	private static final int GROUP_B = CaptureScan.ip(233, 49, 196, 111);

	@TempDir
	Path fDir;

	private Path generate(Scenario s, CaptureFormat f, String name) throws IOException {
		Path p = fDir.resolve(name);
		new Generator(s).format(f).write(p);
		return p;
	}

	@Test
	void demoHasEveryMessageTypeWithItsSpecLength() throws IOException {
		Path p = generate(Scenario.preset("demo").build(), CaptureFormat.PCAP, "demo.pcap");
		Map<Character, Integer> seen = new TreeMap<>();
		for (Packet k : CaptureScan.scan(p)) {
			for (byte[] m : k.messages()) {
				char type = (char) m[0];
				Integer spec = SPEC_LENGTH.get(type);
				assertTrue(spec != null, "frame " + k.frame() + ": unknown type " + type);
				assertEquals(spec.intValue(), m.length, "frame " + k.frame() + " type " + type);
				seen.merge(type, 1, Integer::sum);
			}
		}
		assertEquals(SPEC_LENGTH.keySet(), seen.keySet(), "types seen " + seen);
	}

	@Test
	void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
		Scenario s = Scenario.preset("demo").frames(3000).seed(42).build();
		// same file name in two directories: the pcapng section comment names the truth file
		Files.createDirectories(fDir.resolve("a"));
		Files.createDirectories(fDir.resolve("b"));
		byte[] a = Files.readAllBytes(generate(s, CaptureFormat.PCAPNG, "a/x.pcapng"));
		byte[] b = Files.readAllBytes(generate(s, CaptureFormat.PCAPNG, "b/x.pcapng"));
		assertArrayEquals(a, b);
		byte[] c = Files.readAllBytes(generate(Scenario.preset("demo").frames(3000).seed(43).build(),
				CaptureFormat.PCAPNG, "c.pcapng"));
		assertFalse(java.util.Arrays.equals(a, c));
		assertEquals(Files.readString(Generator.truthPath(fDir.resolve("a/x.pcapng"))),
				Files.readString(Generator.truthPath(fDir.resolve("b/x.pcapng"))));
	}

	@Test
	void refusesToOverwrite() throws IOException {
		Scenario s = Scenario.preset("clean").frames(100).build();
		Path p = generate(s, CaptureFormat.PCAP, "x.pcap");
		assertThrows(FileAlreadyExistsException.class, () -> new Generator(s).write(p));
		new Generator(s).overwrite(true).write(p);
	}

	/** The incident: a freeze of ~100 ms on A, B alone meanwhile, a catch-up in big packets, one straddle. */
	@Test
	void incidentMatchesItsTruth() throws IOException {
		Path p = generate(Scenario.preset("incident").seed(7).build(), CaptureFormat.PCAP_NS, "incident.pcap");
		List<Packet> ps = CaptureScan.scan(p);
		String truth = Files.readString(Generator.truthPath(p));

		// largest silence between two A frames, and what B sent meanwhile
		Packet before = null;
		Packet after = null;
		Packet prevA = null;
		for (Packet k : ps) {
			if (k.dstIp() == GROUP_A) {
				if (prevA != null && (before == null
						|| k.timeNanos() - prevA.timeNanos() > after.timeNanos() - before.timeNanos())) {
					before = prevA;
					after = k;
				}
				prevA = k;
			}
		}
		long gap = after.timeNanos() - before.timeNanos();
		assertTrue(gap >= 100_000_000 && gap < 101_000_000, "A silent for " + gap + " ns");
		Packet from = before;
		Packet to = after;
		long bDuring = ps.stream().filter(k -> k.dstIp() == GROUP_B && k.frame() > from.frame() && k.frame() < to.frame())
				.count();
		assertEquals(to.frame() - from.frame() - 1, bDuring, "only B sends while A is frozen");
		assertTrue(truth.contains("\"lastFrameBefore\": " + before.frame() + ", \"firstFrameAfter\": " + after.frame()),
				"freeze frames " + before.frame() + ".." + after.frame() + " in " + truth);

		// catch-up: A's first packets after the freeze carry the configured ~70 messages
		assertEquals(70, after.count());
		assertTrue(after.messages().size() == 70);

		// straddles recomputed: first message at or below the highest sequence seen before, last above
		long high = 0;
		List<Integer> straddles = new ArrayList<>();
		for (Packet k : ps) {
			int n = k.messages().size();
			if (n == 0 || k.count() == 0xffff) {
				continue;
			}
			long last = k.sequence() + n - 1;
			if (k.sequence() <= high && last > high) {
				straddles.add(k.frame());
			}
			high = Math.max(high, last);
		}
		assertEquals(1, straddles.size(), "straddling frames " + straddles);
		Packet st = ps.get(straddles.get(0) - 1);
		assertEquals(GROUP_A, st.dstIp());
		assertTrue(truth.contains("\"straddlingFrames\": [\n    {\"frame\": " + st.frame() + ", \"line\": \"A\""), truth);
		Truth t = Truth.read(p);
		assertEquals(List.of((long) st.frame()), t.straddlingFrames());
		assertEquals(ps.size(), t.frames());
		assertEquals((long) after.frame(), t.list("freezes").get(0).get("firstFrameAfter"));
		assertEquals(List.of((long) ps.size() - 1, (long) ps.size()), t.endOfSessionFrames());

		// nothing lost on either line, end of session on both
		assertTrue(truth.contains("\"lostOnBothLines\": []"));
		assertEquals(0xffff, ps.get(ps.size() - 1).count());
		assertEquals(0xffff, ps.get(ps.size() - 2).count());
	}

	@Test
	void deliveredRangesOfTheTruthAreWhatTheFramesCarry() throws IOException {
		Scenario s = Scenario.preset("demo").frames(60_000).seed(3).build();
		// pcap-ns: FeedScope's reader here has no pcapng yet; TsharkComparisonTest covers pcapng
		Path p = generate(s, CaptureFormat.PCAP_NS, "demo.pcap");
		String truth = Files.readString(Generator.truthPath(p));
		List<Packet> ps = CaptureScan.scan(p);
		for (int line = 0; line < 2; line++) {
			int group = line == 0 ? GROUP_A : GROUP_B;
			TreeMap<Long, Long> ranges = new TreeMap<>();
			int cut = 0;
			for (Packet k : ps) {
				if (k.dstIp() != group || k.count() == 0xffff) {
					continue;
				}
				// the scan keeps complete blocks only: a block cut by the snaplen or running past the payload is
				// not delivered, so a cut frame delivers fewer messages than its count field says
				int complete = k.messages().size();
				if (k.truncated()) {
					cut++;
					assertTrue(complete < k.count(), "frame " + k.frame() + ": cut, yet " + complete + " of " + k.count());
				}
				if (complete > 0) {
					ranges.put(k.sequence(), k.sequence() + complete - 1);
				}
			}
			// the cut frames are the truth's snaplen-truncated ones of this line, so the branch above ran
			String name = line == 0 ? "A" : "B";
			assertEquals(Truth.read(p).list("malformed").stream()
					.filter(m -> name.equals(m.get("line")) && "snaplen-truncated".equals(m.get("kind"))).count(), (long) cut,
					"cut frames on line " + name);
			StringBuilder b = new StringBuilder("[");
			long from = -1;
			long to = -1;
			for (Map.Entry<Long, Long> e : ranges.entrySet()) {
				if (from >= 0 && e.getKey() <= to + 1) {
					to = Math.max(to, e.getValue());
					continue;
				}
				if (from >= 0) {
					b.append(b.length() > 1 ? ", " : "").append('[').append(from).append(", ").append(to).append(']');
				}
				from = e.getKey();
				to = e.getValue();
			}
			b.append(b.length() > 1 ? ", " : "").append('[').append(from).append(", ").append(to).append("]]");
			assertTrue(truth.contains("\"delivered\": " + b), "line " + line + " delivered " + b + "\n" + truth);
		}
	}

	@Test
	void malformedFramesAreWhereTheTruthSays() throws IOException {
		Path p = generate(Scenario.preset("malformed").seed(5).build(), CaptureFormat.PCAP, "m.pcap");
		String truth = Files.readString(Generator.truthPath(p));
		List<Packet> ps = CaptureScan.scan(p);
		Matcher m = Pattern.compile("\\{\"frame\": (\\d+), \"line\": \"([AB])\", \"kind\": \"([a-z-]+)\"").matcher(truth);
		Map<String, Integer> kinds = new TreeMap<>();
		while (m.find()) {
			Packet k = ps.get(Integer.parseInt(m.group(1)) - 1);
			String kind = m.group(3);
			kinds.merge(kind, 1, Integer::sum);
			switch (kind) {
			case "count-beyond-blocks" -> assertTrue(k.count() > k.messages().size(), "frame " + k.frame());
			case "block-overrun" -> {
				assertFalse(k.truncated());
				assertTrue(k.count() > k.messages().size(), "frame " + k.frame());
			}
			case "snaplen-truncated" -> assertTrue(k.truncated() && k.count() > k.messages().size());
			default -> throw new AssertionError(kind);
			}
		}
		assertEquals(Map.of("block-overrun", 2, "count-beyond-blocks", 2, "snaplen-truncated", 2), kinds);
		// every other frame is sound
		long sound = ps.stream()
				.filter(k -> k.count() != 0xffff && k.count() != 0 && k.payloadLength() != 20
						&& !truth.contains("{\"frame\": " + k.frame() + ", "))
				.filter(k -> k.count() != k.messages().size()).count();
		assertEquals(0, sound);
	}

	@Test
	void headersVlansChecksumsAndTimestamps() throws IOException {
		Scenario s = Scenario.preset("loss").vlans(100, 141).seed(11).build();
		Path p = generate(s, CaptureFormat.PCAP_NS, "v.pcap");
		List<Packet> ps = CaptureScan.scan(p);
		String truth = Files.readString(Generator.truthPath(p));
		long midnight = Long.parseLong(field(truth, "midnightNs"));
		int requests = 0;
		int responses = 0;
		for (Packet k : ps) {
			assertEquals(2, k.vlanCount());
			assertEquals(100, k.vlan0());
			assertEquals(141, k.vlan1());
			assertTrue(k.udpChecksumOk(), "frame " + k.frame());
			assertEquals("000004711B", k.session());
			if (k.dstIp() == GROUP_A || k.dstIp() == GROUP_B) {
				assertEquals(26477, k.dstPort());
				for (byte[] m : k.messages()) {
					long ts = 0;
					for (int i = 5; i < 11; i++) {
						ts = ts << 8 | (m[i] & 0xff);
					}
					long lag = k.timeNanos() - (midnight + ts);
					// a message is stamped before it is sent, and lines send within a millisecond
					assertTrue(lag >= 0 && lag < 1_000_000, "frame " + k.frame() + " lag " + lag);
				}
			} else if (k.payloadLength() == 20) {
				requests++;
				assertEquals(18001, k.dstPort());
				assertTrue(k.count() > 0);
			} else {
				responses++;
				assertEquals(18001, k.srcPort());
				assertEquals(k.count(), k.messages().size());
			}
		}
		assertEquals(2, requests);
		assertEquals(2, responses);

		// B repeats A a few tens of microseconds later, each line batching 1..5 messages on its own
		Map<Long, Long> timeA = new HashMap<>();
		Map<Long, Long> timeB = new HashMap<>();
		java.util.Set<Integer> batchesA = new java.util.TreeSet<>();
		java.util.Set<Integer> batchesB = new java.util.TreeSet<>();
		int bFirst = 0;
		int packetsA = 0;
		for (Packet k : ps) {
			boolean a = k.dstIp() == GROUP_A;
			if (!a && k.dstIp() != GROUP_B || k.messages().isEmpty()) {
				continue;
			}
			(a ? batchesA : batchesB).add(k.messages().size());
			for (int i = 0; i < k.messages().size(); i++) {
				(a ? timeA : timeB).putIfAbsent(k.sequence() + i, k.timeNanos());
			}
			if (a) {
				packetsA++;
				Long tb = timeB.get(k.sequence());
				bFirst += tb == null ? 0 : 1;
			}
		}
		assertEquals(java.util.Set.of(1, 2, 3, 4, 5), batchesA);
		assertEquals(java.util.Set.of(1, 2, 3, 4, 5), batchesB);
		long sum = 0;
		int both = 0;
		for (Map.Entry<Long, Long> e : timeA.entrySet()) {
			Long tb = timeB.get(e.getKey());
			if (tb != null) {
				long d = tb - e.getValue();
				assertTrue(d > 10_000 && d < 100_000, "sequence " + e.getKey() + ": B after A by " + d + " ns");
				sum += d;
				both++;
			}
		}
		long mean = sum / both;
		assertTrue(mean > 30_000 && mean < 70_000, "mean lag " + mean);
		assertEquals(0, bFirst, "B never delivers before A here");
		assertTrue(packetsA > 1000);
		assertTrue(truth.contains("\"neverDelivered\": []"), truth);
	}

	@Test
	void quietFeedSendsHeartbeats() throws IOException {
		Scenario s = Scenario.builder().duration(4_000_000_000L).rate(2_000).quiet(0.2, 2_500_000_000L).build();
		Path p = generate(s, CaptureFormat.PCAP, "q.pcap");
		List<Packet> ps = CaptureScan.scan(p);
		List<Packet> hb = ps.stream().filter(k -> k.count() == 0).toList();
		assertEquals(4, hb.size(), "two heartbeats a line in 2.5 s of silence");
		for (Packet k : hb) {
			assertEquals(20, k.payloadLength());
		}
		String truth = Files.readString(Generator.truthPath(p));
		StringBuilder frames = new StringBuilder();
		for (Packet k : hb) {
			frames.append(frames.length() > 0 ? ", " : "").append(k.frame());
		}
		assertTrue(truth.contains("\"heartbeatFrames\": [" + frames + "]"), truth);
	}

	/** Any preset cut at any size still gives a complete, readable truth whose line ranges add up. */
	@Test
	void truthIsCompleteForEveryPresetAndSize() throws IOException {
		for (String preset : Scenario.PRESETS) {
			for (long frames : new long[] { 30, 700, 9000 }) {
				Path p = fDir.resolve(preset + frames + ".pcap");
				Generator.Result r = new Generator(Scenario.preset(preset).frames(frames).seed(frames).build()).write(p);
				Truth t = Truth.read(p);
				assertEquals(r.frames(), t.frames(), preset + " " + frames);
				assertEquals(r.frames(), CaptureScan.scan(p).size());
				for (Line l : Line.values()) {
					long covered = 0;
					for (long[] x : t.delivered(l)) {
						covered += x[1] - x[0] + 1;
					}
					for (long[] x : t.lost(l)) {
						covered += x[1] - x[0] + 1;
					}
					assertEquals(t.lastSequence(), covered, preset + " " + frames + " line " + l);
				}
			}
		}
	}

	@Test
	void scenarioRejectsNonsense() {
		assertThrows(IllegalArgumentException.class, () -> Scenario.preset("nope"));
		assertThrows(IllegalArgumentException.class, () -> Scenario.builder().vlans(4096));
		assertThrows(IllegalArgumentException.class, () -> Scenario.builder().session("MUCH TOO LONG"));
		assertThrows(IllegalArgumentException.class, () -> Scenario.builder().freeze(Line.A, 1.5, 1));
		assertThrows(IllegalArgumentException.class,
				() -> Scenario.builder().malformed(Line.A, -0.1, Malformation.BLOCK_OVERRUN));
	}

	static String field(String json, String name) {
		Matcher m = Pattern.compile("\"" + name + "\": (-?\\d+)").matcher(json);
		if (!m.find()) {
			throw new AssertionError(name + " not in truth");
		}
		return m.group(1);
	}

	static String ascii(byte[] b) {
		return new String(b, StandardCharsets.US_ASCII);
	}
}
