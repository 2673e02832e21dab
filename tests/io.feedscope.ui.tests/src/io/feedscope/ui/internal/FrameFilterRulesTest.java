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
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.filter.DisplayFilter;
import io.feedscope.filter.FilterSyntaxException;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.chart.ChartData;

/**
 * The Packets view's display filter rules ({@link FrameFilter}, plain Java: no widget needed) with filters of
 * three and more terms, on a generated demo capture: a frame passes when its packet fields match or when one
 * of its messages matches (all terms on that same message, the packet's header fields visible to it);
 * {@code feedscope.line} is the model's line, {@code udp.*port} and {@code frame.number} every UDP frame's.
 * Expected frames come from a MoldUDP64 / ITCH 5.0 walk of the file's bytes written here from the specs.
 */
class FrameFilterRulesTest {

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

	/** type, shares and price of A/F (ITCH 5.0: shares at 20, price at 32, 4 decimals); -1 when the type has neither */
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
				boolean add = type == 'A' || type == 'F';
				msgs.add(new Message(type, add ? d.getInt(m + 20) & 0xffffffffL : -1, add ? d.getInt(m + 32) & 0xffffffffL : -1));
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
			FrameFilter ff = new FrameFilter(DisplayFilter.compile(filter, FrameFilter.knownFields(protocols)), protocols);
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
	void allTermsOnOneMessageAndTheModelsLine() throws Exception {
		// type and shares on the same message (an A of 100 shares beside an F of 600 does not pass)
		assertEquals(expected(f -> f.line().equals("B") && f.any(m -> m.type() == 'A' && m.shares() > 500)),
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
	void setsAndDecimalsOnTheSameMessage() throws Exception {
		assertEquals(expected(f -> f.srcPort() != fScenario.requestPort()
				&& f.any(m -> (m.type() == 'A' || m.type() == 'F') && m.price() > 100_0000 && m.shares() <= 200)),
				passed("itch50.message_type in {\"A\" \"F\"} and itch50.price > 100 and itch50.shares <= 200"
						+ " and udp.srcport != " + fScenario.requestPort()));
	}
}
