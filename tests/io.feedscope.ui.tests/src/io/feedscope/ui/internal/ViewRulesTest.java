package io.feedscope.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.CaptureMerger;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.analysis.RangeList;
import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.filter.DisplayFilter;
import io.feedscope.filter.FilterSyntaxException;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.Scenario.Line;
import io.feedscope.generator.Truth;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.chart.ChartData;
import io.feedscope.ui.chart.ChartOverlays;
import io.feedscope.ui.chart.ChartOverlays.PacketHighlight;
import io.feedscope.ui.chart.ChartOverlays.SeqBand;
import io.feedscope.ui.chart.ChartOverlays.SeqBandKind;
import io.feedscope.ui.chart.ChartOverlays.TimeBand;

/**
 * What the views compute, tested without widgets (plain Java classes of the workbench).
 * <p>
 * The Packets view's display filter rules ({@link FrameFilter}) with filters of three and more terms, on a
 * generated demo capture: a frame is one packet, as in Wireshark (issue 21): a message field occurs once per
 * message and a term holds when any occurrence does, so two terms may hold on different messages of the
 * frame; {@code feedscope.line} is the model's line, {@code udp.*port} and {@code frame.number} every UDP
 * frame's. Expected frames come from a
 * MoldUDP64 / ITCH 5.0 walk of the file's bytes written here from the specs.
 * <p>
 * The sequence chart's overlay bands ({@link ChartOverlayBuilder}) from the analysis of generated incident and
 * loss captures: every band where the generator's truth puts it.
 */
class ViewRulesTest {

	@TempDir
	static Path fDir;
	private static Scenario fScenario;
	private static List<Frame> fFrames;
	private static Path fFile;

	/** One frame as the test decodes it; messages only for sound MoldUDP64 packets (count = blocks filling the payload). */
	record Frame(int number, int srcPort, int dstPort, String line, int count, boolean sound, List<Message> messages) {
		boolean any(Predicate<Message> p) {
			return messages.stream().anyMatch(p);
		}
	}

	/**
	 * type, shares and price of A/F/P (ITCH 5.0: shares at 20, price at 32, 4 decimals) and U (shares at 27,
	 * price at 31); -1 when the type has neither
	 */
	record Message(char type, long shares, long price) {
	}

	@BeforeAll
	static void generate() throws IOException {
		fScenario = Scenario.preset("demo").seed(9).frames(5_000).build();
		fFile = fDir.resolve("demo.pcap");
		new Generator(fScenario).format(CaptureFormat.PCAP).write(fFile);
		fFrames = walk(Files.readAllBytes(fFile));
	}

	static List<Frame> walk(byte[] file) {
		ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(0xa1b2c3d4, b.getInt(0), "pcap, microseconds, little-endian");
		int groupA = ip(fScenario.groupA());
		int groupB = ip(fScenario.groupB());
		List<Frame> out = new ArrayList<>();
		int n = 0;
		for (int pos = 24; pos + 16 <= file.length;) {
			n++;
			int incl = b.getInt(pos + 8);
			ByteBuffer d = ByteBuffer.wrap(file, pos + 16, incl).slice().order(ByteOrder.BIG_ENDIAN);
			pos += 16 + incl;
			int ip = 14;
			while ((d.getShort(ip - 2) & 0xffff) == 0x8100 || (d.getShort(ip - 2) & 0xffff) == 0x88a8) {
				ip += 4;
			}
			assertTrue((d.getShort(ip - 2) & 0xffff) == 0x0800 && d.get(ip + 9) == 17, "frame " + n + " is IPv4/UDP");
			int dst = d.getInt(ip + 16);
			int udp = ip + (d.get(ip) & 0xf) * 4;
			int end = Math.min(incl, udp + (d.getShort(udp + 4) & 0xffff));
			int mold = udp + 8;
			int count = d.getShort(mold + 18) & 0xffff;
			List<Message> msgs = new ArrayList<>();
			int o = mold + 20;
			for (int k = 0; k < count && count != 0xffff && o + 2 <= end; k++) {
				int len = d.getShort(o) & 0xffff;
				int m = o + 2;
				if (len == 0 || m + len > end) {
					break;
				}
				o = m + len;
				char type = (char) d.get(m);
				boolean add = type == 'A' || type == 'F' || type == 'P';
				boolean replace = type == 'U';
				msgs.add(new Message(type, add ? d.getInt(m + 20) & 0xffffffffL : replace ? d.getInt(m + 27) & 0xffffffffL : -1,
						add ? d.getInt(m + 32) & 0xffffffffL : replace ? d.getInt(m + 31) & 0xffffffffL : -1));
			}
			boolean sound = msgs.size() == count && o == end;
			out.add(new Frame(n, d.getShort(udp) & 0xffff, d.getShort(udp + 2) & 0xffff,
					dst == groupA ? "A" : dst == groupB ? "B" : "", count, sound, sound ? msgs : List.of()));
		}
		return out;
	}

	static int ip(String dotted) {
		int v = 0;
		for (String p : dotted.split("\\.")) {
			v = v << 8 | Integer.parseInt(p);
		}
		return v;
	}

	/** The frames the filter passes, run as the Packets view runs it over a model with the test's lines. */
	private static List<Integer> passed(String filter) throws IOException, FilterSyntaxException {
		ProtocolSet protocols = ProtocolRegistry.getDefault().compile();
		List<Integer> out = new ArrayList<>();
		try (CaptureFile c = Captures.open(fFile)) {
			assertEquals(fFrames.size(), c.frameCount());
			FeedModel.Column col = new FeedModel.Column(c.frameCount());
			for (Frame f : fFrames) {
				if (!f.line().isEmpty()) {
					col.setLine(f.number(), (byte) (f.line().equals("A") ? 0 : 1));
				}
			}
			FeedModel model = new FeedModel(List.of(c), new FeedModel.Column[] { col }, new String[] { fScenario.session() },
					new String[] { "A", "B" }, new ChartData(16), null);
			FrameFilter ff = new FrameFilter(DisplayFilter.compile(filter, FrameFilter.fields(protocols)), protocols);
			for (int f = 1; f <= c.frameCount(); f++) {
				if (ff.matches(c, new FrameRef(0, f), model)) {
					out.add(f);
				}
			}
		}
		return out;
	}

	private static List<Integer> expected(Predicate<Frame> p) {
		List<Integer> l = fFrames.stream().filter(p).map(Frame::number).toList();
		assertTrue(l.size() > 2 && l.size() < fFrames.size() - 2, "a filter that tells frames apart: " + l.size());
		return l;
	}

	@Test
	void eachTermOnAnyMessageAndTheModelsLine() throws Exception {
		// Wireshark's rule: an A of 100 shares beside an F of 600 passes (each term on some message)
		assertEquals(expected(f -> f.line().equals("B") && f.any(m -> m.type() == 'A') && f.any(m -> m.shares() > 500)),
				passed("itch50.message_type == \"A\" and itch50.shares > 500 and feedscope.line == \"B\""));
	}

	@Test
	void notOnAnAbsentLineAndOrInParentheses() throws Exception {
		// frames on no line (re-request answers) have no feedscope.line: == is false there, so 'not' passes them
		assertEquals(expected(f -> !f.line().equals("A") && f.number() > 100
				&& f.any(m -> m.type() == 'D' || m.type() == 'X')),
				passed("(itch50.message_type == \"D\" or itch50.message_type == \"X\") and not feedscope.line == \"A\""
						+ " and frame.number > 100"));
	}

	@Test
	void packetFieldsAloneOrBesideAMessage() throws Exception {
		// 'and' before 'or': (header count and a message's type) or a port, which every UDP frame has
		assertEquals(expected(f -> f.sound() && f.count() >= 4 && f.any(m -> m.type() == 'E') || f.dstPort() == fScenario.requestPort()),
				passed("moldudp64.count >= 4 and itch50.message_type == \"E\" or udp.dstport == " + fScenario.requestPort()));
	}

	@Test
	void setsAndDecimalsOnAnyMessages() throws Exception {
		assertEquals(expected(f -> f.srcPort() != fScenario.requestPort() && f.any(m -> m.type() == 'A' || m.type() == 'F')
				&& f.any(m -> m.price() > 100_0000) && f.any(m -> m.shares() >= 0 && m.shares() <= 200)),
				passed("itch50.message_type in {\"A\" \"F\"} and itch50.price > 100 and itch50.shares <= 200"
						+ " and udp.srcport != " + fScenario.requestPort()));
	}

	// ---- chart overlay bands

	/** The overlays the chart shows for a capture analysed as the workbench does; chart packet i = frame i + 1. */
	private static ChartOverlays overlays(Path file) throws IOException {
		AnalysisResult r;
		try (CaptureMerger m = new CaptureMerger(
				List.of(new DissectedPacketSource(Captures.open(file), ProtocolRegistry.getDefault().compile())))) {
			r = FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS);
		}
		try (CaptureFile c = Captures.open(file)) {
			FeedModel.Column col = new FeedModel.Column(c.frameCount());
			for (int f = 1; f <= c.frameCount(); f++) {
				col.setChartIndex(f, f - 1);
			}
			return ChartOverlayBuilder.build(new FeedModel(List.of(c), new FeedModel.Column[] { col },
					new String[] { "000004711B" }, new String[] { "A", "B" }, new ChartData(16), r));
		}
	}

	private static long lng(Object o) {
		return ((Number) o).longValue();
	}

	private static String msgs(long n) {
		return n + (n == 1 ? " msg" : " msgs");
	}

	@Test
	void overlaysOfTheSeedIncidentAreTheTruths() throws IOException {
		Path f = fDir.resolve("incident.pcap");
		new Generator(Scenario.preset("incident").seed(4).build()).format(CaptureFormat.PCAP_NS).write(f);
		Truth t = Truth.read(f);
		Map<String, Object> freeze = t.list("freezes").get(0);
		Map<String, Object> st = t.list("straddlingFrames").get(0);
		long bFrom = lng(freeze.get("catchUpFromSequence"));
		long bTo = lng(st.get("alreadyDeliveredThrough"));
		long lostFrom = lng(st.get("newFrom"));
		long lostTo = lng(st.get("sequence")) + lng(st.get("count")) - 1;
		ChartOverlays o = overlays(f);
		// B first while A was frozen; the straddling packet's new messages lost by first-seq-only; no loss, no gap
		assertEquals(List.of(new SeqBand(bFrom, bTo + 1, SeqBandKind.LINE_FIRST, 1, "B first"),
				new SeqBand(lostFrom, lostTo + 1, SeqBandKind.GAP, -1, "first-seq-only lost " + msgs(lostTo - lostFrom + 1))),
				o.seqBands());
		assertEquals(List.of(new TimeBand(lng(freeze.get("startNs")), lng(freeze.get("endNs")), 0, "line A frozen")),
				o.timeBands());
		assertEquals(List.of(new PacketHighlight((int) lng(st.get("frame")) - 1, ChartOverlays.Severity.ERROR,
				"first-seq-only drops it, new messages in it")), o.highlights()); // issue 18: no "trashed" jargon
	}

	@Test
	void overlaysOfLossesAreTheTruths() throws IOException {
		Path f = fDir.resolve("loss.pcap");
		new Generator(Scenario.preset("loss").seed(5).build()).format(CaptureFormat.PCAP).write(f);
		Truth t = Truth.read(f);
		ChartOverlays o = overlays(f);
		List<SeqBand> loss = new ArrayList<>();
		for (long[] r : t.lostOnBothLines()) {
			loss.add(new SeqBand(r[0], r[1] + 1, SeqBandKind.GAP, -1, "lost " + msgs(r[1] - r[0] + 1)));
		}
		assertEquals(loss, o.seqBands().stream().filter(b -> b.label() != null && b.label().startsWith("lost ")).toList());
		for (Line l : Line.values()) {
			List<SeqBand> gaps = new ArrayList<>();
			for (long[] r : t.lost(l)) {
				gaps.add(new SeqBand(r[0], r[1] + 1, SeqBandKind.LINE_GAP, l.ordinal(), l + " gap " + msgs(r[1] - r[0] + 1)));
			}
			assertEquals(gaps, o.seqBands().stream().filter(b -> b.kind() == SeqBandKind.LINE_GAP && b.line() == l.ordinal())
					.toList(), "line " + l);
		}
		// B first exactly for what A lost and B delivered (B trails A otherwise), in one band per run
		RangeList lostA = new RangeList();
		RangeList lostB = new RangeList();
		t.lost(Line.A).forEach(r -> lostA.add(r[0], r[1]));
		t.lost(Line.B).forEach(r -> lostB.add(r[0], r[1]));
		RangeList bOnly = lostA.minus(lostB);
		RangeList first = new RangeList();
		for (SeqBand b : o.seqBands()) {
			if (b.kind() == SeqBandKind.LINE_FIRST) {
				assertEquals(1, b.line());
				assertEquals(0, first.countIn(b.firstSeq(), b.endSeq() - 1), "bands overlap at " + b);
				first.add(b.firstSeq(), b.endSeq() - 1);
			}
		}
		assertEquals(bOnly, first);
		assertEquals(List.of(), o.timeBands(), "no freeze in this preset");
	}
}
