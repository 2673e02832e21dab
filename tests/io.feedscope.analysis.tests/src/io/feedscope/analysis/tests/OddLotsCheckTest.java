package io.feedscope.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.CaptureMerger;
import io.feedscope.analysis.CheckContext;
import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.analysis.FeedCheck;
import io.feedscope.analysis.FeedLine;
import io.feedscope.analysis.FeedSession;
import io.feedscope.analysis.JsonWriter;
import io.feedscope.analysis.PacketFacts;
import io.feedscope.analysis.PacketRole;
import io.feedscope.analysis.PacketView;
import io.feedscope.analysis.ReadAheadSource;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;

/**
 * A content check, as {@code checks.exsd}'s id example {@code com.example.feeds.oddlots} suggests: it reads a
 * message field ({@code itch50.shares}) of every Add Order and counts the odd lots (not a multiple of 100)
 * among the messages the session delivered, once each however many lines carried them. The oracle is the
 * capture's bytes read here by the specs (pcap, Ethernet, IPv4, UDP, MoldUDP64 blocks, ITCH 5.0 Add Order:
 * shares are bytes 20..23 of the message, big-endian), not the dissector.
 */
@Timeout(120)
class OddLotsCheckTest {

	@TempDir
	static Path fDir;

	/** The content check: declares the field it reads in start(), reads it per message. */
	public static final class OddLots implements FeedCheck {
		static final String ID = "com.example.feeds.oddlots";
		private int fShares;
		final TreeSet<Long> fOdd = new TreeSet<>();
		long fAddOrders;

		@Override
		public void start(CheckContext context) {
			fShares = context.field("itch50.shares");
		}

		@Override
		public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
				PacketFacts facts) {
			if (role != PacketRole.LINE_DATA || facts.newForSession() == 0) {
				return;
			}
			for (int i = 0; i < e.messageCount(); i++) {
				long seq = e.firstSeq() + i;
				int type = e.messageType(i);
				// the messages this packet delivered first for the session: counted once over the lines
				if (seq < facts.firstNewForSession() || seq > facts.lastNewForSession() || (type != 'A' && type != 'F')) {
					continue;
				}
				assertTrue(e.has(i, fShares), "an Add Order has shares");
				fAddOrders++;
				if (e.value(i, fShares) % 100 != 0) {
					fOdd.add(seq);
				}
			}
		}

		@Override
		public void writeSession(FeedSession session, JsonWriter json) {
			json.member("odd_lots", fOdd.size());
		}
	}

	@Test
	void aContentCheckReadsMessageFieldsThroughTheReadAheadSource() throws IOException {
		Path f = fDir.resolve("incident.pcap");
		new Generator(Scenario.preset("incident").seed(21).build()).format(CaptureFormat.PCAP).write(f);
		OddLots check = new OddLots();
		CheckDescriptor d = new CheckDescriptor(OddLots.ID, "Odd lots", "Add Orders of an odd lot", false, "test",
				() -> check);
		AnalysisResult r;
		// as the command line reads: dissected on a thread of its own, one batch ahead
		try (CaptureMerger m = new CaptureMerger(List.of(ReadAheadSource.wrap(new DissectedPacketSource(Captures.open(f),
				io.feedscope.dissect.ProtocolRegistry.getDefault().compile()))))) {
			r = FeedAnalyzer.analyze(m, List.of(d), AnalysisOptions.DEFAULTS);
		}
		long[] oracle = oddLots(f);
		assertEquals(oracle[1], check.fAddOrders, "Add Orders the session delivered");
		assertTrue(oracle[0] > 0 && oracle[0] < oracle[1], "some odd lots among the Add Orders: " + oracle[0]);
		assertEquals(oracle[0], check.fOdd.size());
		assertTrue(r.toJson().contains("\"" + OddLots.ID + ".odd_lots\": " + oracle[0]), "its JSON member, namespaced");
	}

	@Test
	void fieldsAreDeclaredInStartOnly() {
		FeedAnalyzer a = new FeedAnalyzer(AnalysisOptions.DEFAULTS).addCheck("late", new FeedCheck() {
			private @Nullable CheckContext fContext;

			@Override
			public void start(CheckContext context) {
				fContext = context;
			}

			@Override
			public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
					PacketFacts facts) {
				CheckContext c = fContext;
				if (c != null) {
					c.field("itch50.shares");
				}
			}
		});
		assertEquals(List.of(), a.fieldsRead());
		io.feedscope.analysis.PacketEvent e = new io.feedscope.analysis.PacketEvent()
				.setKind(io.feedscope.dissect.PacketKind.UNSEQUENCED);
		IllegalStateException x = assertThrows(IllegalStateException.class, () -> a.accept(e));
		assertTrue(x.getMessage().contains("declare message fields in start()"), x.getMessage());
	}

	/** @return {odd lots, Add Orders} over the distinct messages of the multicast lines, read by hand */
	static long[] oddLots(Path pcap) throws IOException {
		ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap));
		int magic = b.getInt(0);
		if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
			b.order(java.nio.ByteOrder.LITTLE_ENDIAN);
		}
		TreeSet<Long> seen = new TreeSet<>();
		long odd = 0;
		long adds = 0;
		int pos = 24;
		while (pos + 16 <= b.limit()) {
			int incl = b.getInt(pos + 8);
			int p = pos + 16;
			pos = p + incl;
			ByteBuffer f = ByteBuffer.wrap(b.array(), p, incl).slice(); // network order
			int off = 14;
			int type = f.getShort(12) & 0xffff;
			if (type == 0x8100) {
				type = f.getShort(16) & 0xffff;
				off = 18;
			}
			if (type != 0x0800 || (f.get(off + 9) & 0xff) != 17 || (f.get(off + 16) & 0xf0) != 0xe0) {
				continue; // not UDP to a multicast group: not a line
			}
			int payload = off + (f.get(off) & 0x0f) * 4 + 8;
			if (incl < payload + 20) {
				continue;
			}
			long seq = f.getLong(payload + 10);
			int count = f.getShort(payload + 18) & 0xffff;
			if (count == 0 || count == 0xffff) {
				continue; // heartbeat, end of session
			}
			// a packet whose blocks do not fit is malformed: its messages do not count (as the analysis has it)
			int end = payload + 20;
			for (int i = 0; i < count && end >= 0; i++) {
				end = end + 2 <= incl ? end + 2 + (f.getShort(end) & 0xffff) : -1;
			}
			if (end < 0 || end > incl) {
				continue;
			}
			int m = payload + 20;
			for (int i = 0; i < count; i++) {
				int len = f.getShort(m) & 0xffff;
				int msg = m + 2;
				m = msg + len;
				if (len < 24 || !seen.add(seq + i)) {
					continue;
				}
				int t = f.get(msg) & 0xff;
				if (t == 'A' || t == 'F') {
					adds++;
					long shares = f.getInt(msg + 20) & 0xffffffffL;
					if (shares % 100 != 0) {
						odd++;
					}
				}
			}
		}
		return new long[] { odd, adds };
	}
}
