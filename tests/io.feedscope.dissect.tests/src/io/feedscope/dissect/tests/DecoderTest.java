package io.feedscope.dissect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.feedscope.capture.LinkType;
import io.feedscope.dissect.ExpertItem;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.FieldValue;
import io.feedscope.dissect.FieldVisitor;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.dissect.Severity;

/** Decoder behaviour on hand-built bytes; expected values come from the MoldUDP64 and ITCH 5.0 specs. */
public class DecoderTest {

	private static final ProtocolSet SET = TestProtocols.standard();
	private static final int PRICE = SET.fieldId("itch50.price");
	private static final int SHARES = SET.fieldId("itch50.shares");
	private static final int STOCK = SET.fieldId("itch50.stock");
	private static final int SIDE = SET.fieldId("itch50.buy_sell_indicator");
	private static final int REF = SET.fieldId("itch50.order_reference_number");
	private static final int TIMESTAMP = SET.fieldId("itch50.timestamp");
	private static final int LOCATE = SET.fieldId("itch50.stock_locate");
	private static final int MATCH = SET.fieldId("itch50.match_number");
	private static final int SEQUENCE = SET.fieldId("moldudp64.sequence");
	private static final int MSGSEQ = SET.fieldId("moldudp64.msgseq");

	private final FeedDissector fDissector = new FeedDissector(SET);
	/** the user bound port 26477: broken packets are not found by the strict heuristic, by design */
	private final FeedDissector fBound = new FeedDissector(TestProtocols.boundTo(26477));

	/** Found by the heuristic (no binding). */
	private FeedPacket payload(byte[] p) {
		return fDissector.dissectPayload(ByteBuffer.wrap(p), 0, p.length, 40000, 26477, 0xe9360c6f, 7);
	}

	/** Found by the user's port binding. */
	private FeedPacket bound(byte[] p) {
		return fBound.dissectPayload(ByteBuffer.wrap(p), 0, p.length, 40000, 26477, 0xe9360c6f, 7);
	}

	@Test
	public void addOrdersDecodeWithDerivedSequence() {
		byte[] p = MoldPacketBuilder.mold64().session("000010059B").sequence(14_757_721)
				.message(ItchBuilder.addOrder().orderReferenceNumber(0x1234_5678_9abcL).shares(300).stock("AAPL").price(1_234_500).build())
				.message(ItchBuilder.addOrder().buySell('S').stockLocate(13).timestamp(34_200_000_000_123L).build()).payload();
		FeedPacket pk = payload(p);
		assertEquals(PacketKind.DATA, pk.kind());
		assertEquals("moldudp64", pk.protocolName());
		assertEquals("itch50", pk.feedProtocol().name());
		assertEquals("000010059B", pk.session());
		assertEquals(14_757_721L, pk.sequence());
		assertEquals(2, pk.count());
		assertEquals(2, pk.messageCount());
		assertTrue(pk.expertItems().isEmpty(), pk.expertItems()::toString);
		assertEquals(14_757_721L, pk.getLong(SEQUENCE));

		FeedMessage m = pk.messages();
		assertTrue(m.next());
		assertEquals(0, m.index());
		assertEquals(22, m.offset(), "20-byte header + 2-byte length");
		assertEquals(36, m.length());
		assertEquals('A', m.typeCode());
		assertEquals("add_order", m.typeName());
		assertEquals("Add Order No MPID Attribution Message", m.typeLabel());
		assertEquals(14_757_721L, m.msgseq());
		assertEquals(14_757_721L, m.getLong(MSGSEQ), "framing ids read through the message cursor");
		assertEquals(0x1234_5678_9abcL, m.getLong(REF));
		assertEquals('B', m.getLong(SIDE));
		assertEquals(300, m.getLong(SHARES));
		assertEquals(1_234_500, m.getLong(PRICE));
		assertEquals(4, m.scale(PRICE));
		assertEquals("AAPL", m.getString(STOCK));
		assertEquals("AAPL    ", m.getRawString(STOCK), "raw keeps the padding");
		assertEquals("123.4500", m.display(PRICE));
		assertEquals("Buy Order ('B')", m.display(SIDE));
		assertEquals("09:30:00.000000000", m.display(TIMESTAMP), "34 200 s after midnight");
		assertFalse(m.has(MATCH), "Add Order has no match number");
		assertEquals(0, m.getLong(MATCH));

		assertTrue(m.next());
		assertEquals(14_757_722L, m.msgseq());
		assertEquals(22 + 36 + 2, m.offset());
		assertEquals("Sell Order ('S')", m.display(SIDE));
		assertEquals(13, m.getLong(LOCATE));
		assertEquals("09:30:00.000000123", m.display(TIMESTAMP));
		assertFalse(m.next());
	}

	@Test
	public void heartbeatEndOfSessionAndRequest() {
		FeedPacket hb = payload(MoldPacketBuilder.mold64().count(0).payload());
		assertEquals(PacketKind.HEARTBEAT, hb.kind());
		assertEquals(0, hb.messageCount());
		assertTrue(hb.expertItems().isEmpty());

		FeedPacket eos = payload(MoldPacketBuilder.mold64().count(0xFFFF).payload());
		assertEquals(PacketKind.END_OF_SESSION, eos.kind());
		assertEquals(0xFFFF, eos.count());
		assertTrue(eos.expertItems().isEmpty());

		// a request: 20 bytes, count not special, sent to the re-request server (bound by port:
		// a 20-byte text-like datagram is too weak a signal for a heuristic)
		assertEquals(PacketKind.NOT_FEED, payload(MoldPacketBuilder.mold64().sequence(500).count(25).payload()).kind());
		FeedPacket rq = bound(MoldPacketBuilder.mold64().sequence(500).count(25).payload());
		assertEquals(PacketKind.REQUEST, rq.kind());
		assertEquals("request", rq.layoutName());
		assertEquals(500, rq.sequence());
		assertEquals(25, rq.count());
		assertEquals(0, rq.messageCount());
		assertTrue(rq.expertItems().isEmpty());
	}

	@Test
	public void countLargerThanBlocksPresent() {
		byte[] p = MoldPacketBuilder.mold64().count(3).message(ItchBuilder.addOrder().build()).message(ItchBuilder.addOrder().build())
				.payload();
		FeedPacket pk = bound(p);
		assertEquals(PacketKind.DATA, pk.kind());
		assertEquals(2, pk.messageCount(), "decoding trusts the bytes present");
		ExpertItem e = single(pk);
		assertEquals("moldudp64.count.invalid", e.id());
		assertEquals("moldudp64.count", e.field());
		assertEquals(Severity.ERROR, e.severity());
		assertEquals(7, e.frame());
		assertEquals(18, e.offset(), "count follows session (10) and sequence (8)");
		assertEquals(2, e.length());
		assertTrue(e.reason().contains("count says 3") && e.reason().contains("2 message block"), e.reason());
	}

	@Test
	public void blockLengthOverrunsPayload() {
		byte[] p = MoldPacketBuilder.mold64().message(ItchBuilder.addOrder().build()).msglen(0, 100).payload();
		FeedPacket pk = bound(p);
		ExpertItem e = single(pk);
		assertEquals("moldudp64.msglen.invalid", e.id());
		assertEquals(20, e.offset());
		assertEquals(0, e.message());
		assertTrue(e.reason().contains("100") && e.reason().contains("36 bytes left"), e.reason());
		// what is present still decodes; nothing past the payload is read
		FeedMessage m = pk.message(0);
		assertEquals(36, m.length());
		assertEquals(1_234_500, m.getLong(PRICE));
	}

	@Test
	public void unknownMessageType() {
		FeedPacket pk = bound(MoldPacketBuilder.mold64().message(ItchBuilder.addOrder().type('z').build()).payload());
		ExpertItem e = single(pk);
		assertEquals("itch50.message_type.unknown", e.id());
		assertEquals(Severity.WARNING, e.severity());
		assertEquals(22, e.offset());
		FeedMessage m = pk.message(0);
		assertFalse(m.isKnownType());
		assertEquals("unknown", m.typeName());
		assertEquals('z', m.typeCode());
		assertFalse(m.has(PRICE));
		assertEquals(0, m.getLong(PRICE));
	}

	@Test
	public void messageShorterThanItsType() {
		FeedPacket pk = bound(MoldPacketBuilder.mold64().message(ItchBuilder.addOrder().length(30).build()).payload());
		ExpertItem e = single(pk);
		assertEquals("itch50.message.short", e.id());
		assertTrue(e.reason().contains("36") && e.reason().contains("30"), e.reason());
		FeedMessage m = pk.message(0);
		assertTrue(m.has(SHARES), "shares end at byte 24");
		assertFalse(m.has(PRICE), "price (32..36) is cut off");
		assertEquals(0, m.getLong(PRICE));
		List<String> missing = new ArrayList<>();
		m.accept(v -> {
			if (!v.isPresent()) {
				missing.add(v.name() + "=" + v.length());
			}
		});
		assertEquals(List.of("itch50.stock=6", "itch50.price=0"), missing);
	}

	@Test
	public void messageLongerThanItsTypeIsAWarning() {
		FeedPacket pk = bound(MoldPacketBuilder.mold64().message(ItchBuilder.addOrder().length(40).build()).payload());
		ExpertItem e = single(pk);
		assertEquals("itch50.message.long", e.id());
		assertEquals(Severity.WARNING, e.severity());
	}

	@Test
	public void headerCutShortIsMalformed() {
		FeedDissector bound = new FeedDissector(TestProtocols.boundTo(26477));
		byte[] p = MoldPacketBuilder.mold64().cut(15).payload();
		FeedPacket pk = bound.dissectPayload(ByteBuffer.wrap(p), 0, p.length, 1, 26477, 0, 3);
		assertEquals(PacketKind.MALFORMED, pk.kind());
		assertEquals("moldudp64.header.short", single(pk).id());
		assertEquals(-1, pk.sequence());
		assertEquals("", pk.session());
	}

	@Test
	public void strictHeuristicRefusesWhatIsNotMold() {
		// blocks that do not fill the payload
		assertEquals(PacketKind.NOT_FEED, payload(MoldPacketBuilder.mold64().message(ItchBuilder.addOrder().build()).trailer(new byte[3]).payload()).kind());
		// session not printable
		assertEquals(PacketKind.NOT_FEED, payload(MoldPacketBuilder.mold64().session("\0\0\0\0\0\0\0\0\0\0").message(ItchBuilder.addOrder().build()).payload()).kind());
		// too short
		assertEquals(PacketKind.NOT_FEED, payload(new byte[] { 'A', 'B' }).kind());
		assertEquals("none", payload(new byte[0]).protocolName());
	}

	@Test
	public void mwcbLevelsHaveEightDecimals() {
		FeedPacket pk = payload(MoldPacketBuilder.mold64().message(ItchBuilder.mwcbDecline(3_012_345_678_900L, 2_800_000_000_000L, 1L).build()).payload());
		FeedMessage m = pk.message(0);
		assertEquals("mwcb_decline_level", m.typeName());
		assertEquals("30123.45678900", m.display(SET.fieldId("itch50.level_1")));
		assertEquals("28000.00000000", m.display(SET.fieldId("itch50.level_2")));
		assertEquals("0.00000001", m.display(SET.fieldId("itch50.level_3")));
		assertEquals(8, m.scale(SET.fieldId("itch50.level_1")));
	}

	@Test
	public void textEnumsAndSystemEvents() {
		FeedPacket pk = payload(MoldPacketBuilder.mold64().message(ItchBuilder.tradingAction("ZXZZT", 'P', "LUDP").build())
				.message(ItchBuilder.systemEvent('Q').build()).payload());
		assertTrue(pk.expertItems().isEmpty(), pk.expertItems()::toString);
		FeedMessage m = pk.message(0);
		assertEquals("Volatility Trading Pause (LUDP)", m.display(SET.fieldId("itch50.reason")));
		assertEquals("Paused across all U.S. equity markets / SROs (Nasdaq-listed securities only) ('P')",
				m.display(SET.fieldId("itch50.trading_state")));
		m = pk.message(1);
		assertEquals("Start of Market Hours ('Q')", m.display(SET.fieldId("itch50.event_code")));
	}

	@Test
	public void wholeFrameWithGroupBinding() {
		byte[] frame = MoldPacketBuilder.mold64().session("\0\0\0\0\0\0\0\0\0\0").message(ItchBuilder.addOrder().build())
				.frame(5000, 26477, "233.54.12.111");
		// the NUL session defeats the heuristic, the user's group binding does not care
		assertEquals(PacketKind.NOT_FEED, fDissector.dissect(ByteBuffer.wrap(frame), LinkType.ETHERNET, 1).kind());
		FeedDissector bound = new FeedDissector(SET.toBuilder().bindGroup("moldudp64", "233.54.12.0/24").build());
		FeedPacket pk = bound.dissect(ByteBuffer.wrap(frame), LinkType.ETHERNET, 1);
		assertEquals(PacketKind.DATA, pk.kind());
		assertEquals("user group binding", pk.boundBy());
		assertEquals(5000, pk.sourcePort());
		assertEquals(0xe9360c6f, pk.destinationAddress());
		assertEquals(14 + 20 + 8, pk.payloadOffset());
		assertEquals(14 + 20 + 8 + 22, pk.message(0).offset(), "offsets are in the frame");
	}

	@Test
	public void legacyMoldUdpIsLittleEndian() {
		byte[] p = MoldPacketBuilder.legacy().session("LEGACY0001").sequence(0x01020304).message(ItchBuilder.systemEvent('O').build())
				.message(ItchBuilder.addOrder().build()).payload();
		FeedPacket pk = payload(p);
		assertEquals("moldudp", pk.protocolName(), pk.boundBy());
		assertEquals(PacketKind.DATA, pk.kind());
		assertEquals(0x01020304L, pk.sequence());
		assertEquals(2, pk.count());
		assertEquals("itch50", pk.feedProtocol().name());
		assertEquals(16 + 2, pk.message(0).offset());
		assertEquals(0x01020305L, pk.message(1).msgseq());
		assertTrue(pk.expertItems().isEmpty(), pk.expertItems()::toString);
	}

	@Test
	public void visitorGivesTreeWithDerivedSequence() {
		FeedPacket pk = payload(MoldPacketBuilder.mold64().sequence(9).message(ItchBuilder.systemEvent('O').build()).payload());
		List<String> lines = new ArrayList<>();
		pk.accept(new FieldVisitor() {
			String indent = "";

			@Override
			public void beginGroup(FieldValue g) {
				lines.add(indent + "[" + g.name() + "] " + g.display() + " @" + g.offset() + "+" + g.length());
				indent += "  ";
			}

			@Override
			public void endGroup() {
				indent = indent.substring(2);
			}

			@Override
			public void field(FieldValue f) {
				lines.add(indent + f.name() + " = " + f.display() + (f.isDerived() ? " (derived)" : "") + " @" + f.offset() + "+" + f.length());
			}
		});
		assertEquals(List.of(
				"[moldudp64] MoldUDP64, Downstream Packet @0+34",
				"  moldudp64.session = SESSION001 @0+10",
				"  moldudp64.sequence = 9 @10+8",
				"  moldudp64.count = 1 @18+2",
				"  [moldudp64.msgblock] Message Block 1 @20+14",
				"    moldudp64.msglen = 12 @20+2",
				"    moldudp64.msgseq = 9 (derived) @20+0",
				"    [itch50] System Event Message @22+12",
				"      itch50.message_type = System Event Message ('S') @22+1",
				"      itch50.stock_locate = 1 @23+2",
				"      itch50.tracking_number = 0 @25+2",
				"      itch50.timestamp = 09:30:00.000000000 @27+6",
				"      itch50.event_code = Start of Messages ('O') @33+1"), lines);
	}

	@Test
	public void reuseDoesNotLeakState() {
		FeedPacket a = bound(MoldPacketBuilder.mold64().count(3).message(ItchBuilder.addOrder().build()).payload());
		assertEquals(1, a.expertItems().size());
		FeedPacket b = bound(MoldPacketBuilder.mold64().message(ItchBuilder.addOrder().build()).payload());
		assertSame(a, b, "one flyweight per dissector");
		assertTrue(b.expertItems().isEmpty());
		assertNull(b.worstSeverity());
	}

	private static ExpertItem single(FeedPacket pk) {
		assertEquals(1, pk.expertItems().size(), pk.expertItems()::toString);
		return pk.expertItems().get(0);
	}
}
