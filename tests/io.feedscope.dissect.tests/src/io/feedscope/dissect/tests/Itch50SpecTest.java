package io.feedscope.dissect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.FieldInfo;
import io.feedscope.dissect.FieldKind;
import io.feedscope.dissect.Protocol;

/**
 * The ITCH 5.0 description against the NASDAQ TotalView-ITCH 5.0 specification, typed in here
 * independently (message codes, lengths, field order; names = snake_case of the spec's names).
 */
public class Itch50SpecTest {

	private static final Protocol ITCH = TestProtocols.ITCH50;
	private static final String H = "message_type stock_locate tracking_number timestamp ";

	/** code -&gt; {length, fields in wire order}, from the spec's message format tables. */
	static final Map<Character, Object[]> SPEC = new LinkedHashMap<>();
	static {
		SPEC.put('S', new Object[] { 12, H + "event_code" });
		SPEC.put('R', new Object[] { 39, H + "stock market_category financial_status_indicator round_lot_size round_lots_only "
				+ "issue_classification issue_sub_type authenticity short_sale_threshold_indicator ipo_flag "
				+ "luld_reference_price_tier etp_flag etp_leverage_factor inverse_indicator" });
		SPEC.put('H', new Object[] { 25, H + "stock trading_state reserved reason" });
		SPEC.put('Y', new Object[] { 20, H + "stock reg_sho_action" });
		SPEC.put('L', new Object[] { 26, H + "mpid stock primary_market_maker market_maker_mode market_participant_state" });
		SPEC.put('V', new Object[] { 35, H + "level_1 level_2 level_3" });
		SPEC.put('W', new Object[] { 12, H + "breached_level" });
		SPEC.put('K', new Object[] { 28, H + "stock ipo_quotation_release_time ipo_quotation_release_qualifier ipo_price" });
		SPEC.put('J', new Object[] { 35, H + "stock auction_collar_reference_price upper_auction_collar_price lower_auction_collar_price auction_collar_extension" });
		SPEC.put('h', new Object[] { 21, H + "stock market_code operational_halt_action" });
		SPEC.put('A', new Object[] { 36, H + "order_reference_number buy_sell_indicator shares stock price" });
		SPEC.put('F', new Object[] { 40, H + "order_reference_number buy_sell_indicator shares stock price attribution" });
		SPEC.put('E', new Object[] { 31, H + "order_reference_number executed_shares match_number" });
		SPEC.put('C', new Object[] { 36, H + "order_reference_number executed_shares match_number printable execution_price" });
		SPEC.put('X', new Object[] { 23, H + "order_reference_number canceled_shares" });
		SPEC.put('D', new Object[] { 19, H + "order_reference_number" });
		SPEC.put('U', new Object[] { 35, H + "original_order_reference_number new_order_reference_number shares price" });
		SPEC.put('P', new Object[] { 44, H + "order_reference_number buy_sell_indicator shares stock price match_number" });
		SPEC.put('Q', new Object[] { 40, H + "cross_shares stock cross_price match_number cross_type" });
		SPEC.put('B', new Object[] { 19, H + "match_number" });
		SPEC.put('I', new Object[] { 50, H + "paired_shares imbalance_shares imbalance_direction stock far_price near_price "
				+ "current_reference_price cross_type price_variation_indicator" });
		SPEC.put('N', new Object[] { 20, H + "stock interest_flag" });
		SPEC.put('O', new Object[] { 48, H + "stock open_eligibility_status minimum_allowable_price maximum_allowable_price "
				+ "near_execution_price near_execution_time lower_price_range_collar upper_price_range_collar" });
	}

	@Test
	public void all23MessageTypesWithEveryField() {
		assertEquals(23, ITCH.messageTypeCount());
		for (Map.Entry<Character, Object[]> e : SPEC.entrySet()) {
			int t = ITCH.messageType(e.getKey());
			assertTrue(t < ITCH.messageTypeCount(), "type " + e.getKey());
			assertEquals(e.getValue()[0], ITCH.messageTypeLength(t), "length of " + e.getKey());
			List<String> names = new ArrayList<>();
			int sum = 0;
			for (FieldInfo f : ITCH.messageTypeFields(t)) {
				names.add(f.name().substring("itch50.".length()));
				sum += f.width();
			}
			assertEquals(e.getValue()[1], String.join(" ", names), "fields of " + e.getKey());
			assertEquals(e.getValue()[0], sum, "widths of " + e.getKey());
		}
	}

	@Test
	public void typesScalesAndWidthsPerSpec() {
		// prices: 4-byte with 4 implied decimals; MWCB levels: 8-byte with 8; timestamps 6-byte ns
		for (String n : List.of("price", "execution_price", "cross_price", "ipo_price", "far_price", "near_price", "current_reference_price",
				"auction_collar_reference_price", "upper_auction_collar_price", "lower_auction_collar_price", "minimum_allowable_price",
				"maximum_allowable_price", "near_execution_price", "lower_price_range_collar", "upper_price_range_collar")) {
			FieldInfo f = field(n);
			assertEquals(FieldKind.DECIMAL, f.kind(), n);
			assertEquals(4, f.width(), n);
			assertEquals(4, f.scale(), n);
		}
		for (String n : List.of("level_1", "level_2", "level_3")) {
			assertEquals(8, field(n).width(), n);
			assertEquals(8, field(n).scale(), n);
		}
		assertEquals(FieldKind.TIME, field("timestamp").kind());
		assertEquals(6, field("timestamp").width());
		assertEquals(java.util.concurrent.TimeUnit.NANOSECONDS, field("timestamp").unit());
		assertEquals(8, field("order_reference_number").width());
		assertEquals(8, field("match_number").width());
		assertEquals(8, field("cross_shares").width());
		assertEquals(FieldKind.ASCII, field("stock").kind());
		assertEquals(8, field("stock").width());
		assertEquals(4, field("attribution").width());
		assertEquals(4, field("reason").width());
		assertEquals(2, field("issue_sub_type").width());
		assertTrue(ITCH.fields().stream().allMatch(FieldInfo::isBigEndian), "ITCH is big-endian");
	}

	@Test
	public void enumerationsNamedPerSpec() {
		assertEquals("Start of Messages", field("event_code").enumLabel('O'));
		assertEquals("End of Messages", field("event_code").enumLabel('C'));
		assertEquals("Nasdaq Global Select Market", field("market_category").enumLabel('Q'));
		assertEquals("Deficient and Bankrupt", field("financial_status_indicator").enumLabel('G'));
		assertEquals("Halted across all U.S. equity markets / SROs", field("trading_state").enumLabel('H'));
		assertEquals("Halt News Pending", field("reason").enumLabel("T1"));
		assertEquals("Reason Not Available", field("reason").enumLabel(""));
		assertEquals("No price test in place", field("reg_sho_action").enumLabel('0'));
		assertEquals("Level 3", field("breached_level").enumLabel('3'));
		assertEquals("Anticipated Quotation Release Time", field("ipo_quotation_release_qualifier").enumLabel('A'));
		assertEquals("Tier 2 NMS Stocks", field("luld_reference_price_tier").enumLabel('2'));
		assertEquals("PSX", field("market_code").enumLabel('X'));
		assertEquals("Nasdaq Opening Cross", field("cross_type").enumLabel('O'));
		assertEquals("Nasdaq Closing Cross", field("cross_type").enumLabel('C'));
		assertEquals("Insufficient orders to calculate", field("imbalance_direction").enumLabel('O'));
		assertEquals("30% or greater", field("price_variation_indicator").enumLabel('C'));
		assertEquals("Less than 1%", field("price_variation_indicator").enumLabel('L'));
		assertEquals("RPI orders available on both sides (buy and sell)", field("interest_flag").enumLabel('A'));
		assertEquals("Eligible", field("open_eligibility_status").enumLabel('Y'));
		assertEquals("Printable", field("printable").enumLabel('Y'));
		assertEquals("Penalty", field("market_maker_mode").enumLabel('L'));
		assertEquals("Common Stock", field("issue_classification").enumLabel('C'));
		assertEquals("Exchange Traded Notes", field("issue_sub_type").enumLabel("EN"));
		assertEquals("add_order", ITCH.messageTypeName(ITCH.messageType('A')));
		assertEquals("operational_halt", ITCH.messageTypeName(ITCH.messageType('h')));
	}

	@Test
	public void namesFromTheBriefExist() {
		for (String n : List.of("message_type", "stock_locate", "tracking_number", "timestamp", "order_reference_number", "buy_sell_indicator",
				"shares", "stock", "price", "executed_shares", "match_number", "original_order_reference_number", "new_order_reference_number",
				"attribution", "printable", "execution_price", "canceled_shares", "cross_price", "cross_type")) {
			assertTrue(ITCH.fieldId("itch50." + n) >= 0, n);
		}
	}

	/**
	 * Field widths in bytes from the spec's message format tables (typed in here, not read from the
	 * description): Alpha fields by their length, Integer 1/2/4/6/8, Price(4) 4, Price(8) 8.
	 */
	static final Map<String, Integer> WIDTH = new LinkedHashMap<>();
	static {
		for (String w : ("message_type 1 stock_locate 2 tracking_number 2 timestamp 6 event_code 1 stock 8 market_category 1 "
				+ "financial_status_indicator 1 round_lot_size 4 round_lots_only 1 issue_classification 1 issue_sub_type 2 "
				+ "authenticity 1 short_sale_threshold_indicator 1 ipo_flag 1 luld_reference_price_tier 1 etp_flag 1 "
				+ "etp_leverage_factor 4 inverse_indicator 1 trading_state 1 reserved 1 reason 4 reg_sho_action 1 mpid 4 "
				+ "primary_market_maker 1 market_maker_mode 1 market_participant_state 1 level_1 8 level_2 8 level_3 8 "
				+ "breached_level 1 ipo_quotation_release_time 4 ipo_quotation_release_qualifier 1 ipo_price 4 "
				+ "auction_collar_reference_price 4 upper_auction_collar_price 4 lower_auction_collar_price 4 "
				+ "auction_collar_extension 4 market_code 1 operational_halt_action 1 order_reference_number 8 "
				+ "buy_sell_indicator 1 shares 4 price 4 attribution 4 executed_shares 4 match_number 8 printable 1 "
				+ "execution_price 4 canceled_shares 4 original_order_reference_number 8 new_order_reference_number 8 "
				+ "cross_shares 8 cross_price 4 cross_type 1 paired_shares 8 imbalance_shares 8 imbalance_direction 1 "
				+ "far_price 4 near_price 4 current_reference_price 4 price_variation_indicator 1 interest_flag 1 "
				+ "open_eligibility_status 1 minimum_allowable_price 4 maximum_allowable_price 4 near_execution_price 4 "
				+ "near_execution_time 8 lower_price_range_collar 4 upper_price_range_collar 4").split(" (?=[a-z])")) {
			String[] nw = w.split(" ");
			WIDTH.put(nw[0], Integer.valueOf(nw[1]));
		}
	}

	/**
	 * Every type decodes from random bodies: right name, no expert items, and every field where the spec puts
	 * it, with the value read here from the bytes (big-endian unsigned; text fields as their bytes; prices
	 * as exact decimals with the spec's 4 or 8 places).
	 */
	@Test
	public void everyTypeDecodes() {
		Random r = new Random(50);
		FeedDissector d = new FeedDissector(TestProtocols.standard());
		MoldPacketBuilder b = MoldPacketBuilder.mold64();
		List<byte[]> bodies = new ArrayList<>();
		for (Map.Entry<Character, Object[]> e : SPEC.entrySet()) {
			byte[] m = new byte[(Integer) e.getValue()[0]];
			r.nextBytes(m);
			m[0] = (byte) e.getKey().charValue();
			b.message(m);
			bodies.add(m);
		}
		byte[] p = b.payload();
		FeedPacket pk = d.dissectPayload(ByteBuffer.wrap(p), 0, p.length, 1, 1, 0, 1);
		assertEquals(23, pk.messageCount());
		assertTrue(pk.expertItems().isEmpty(), pk.expertItems()::toString);
		FeedMessage msg = pk.messages();
		int start = 20; // MoldUDP64 header: session 10, sequence 8, count 2
		int k = 0;
		for (Character c : SPEC.keySet()) {
			byte[] body = bodies.get(k++);
			int at = start + 2; // after the block's length
			start = at + body.length;
			assertTrue(msg.next());
			assertEquals(c.charValue(), msg.typeCode());
			assertTrue(msg.isKnownType());
			List<String> seen = new ArrayList<>();
			int[] off = { 0 };
			msg.accept(v -> {
				String name = v.name().substring("itch50.".length());
				int w = WIDTH.get(name);
				String where = c + " " + name;
				seen.add(name);
				assertTrue(v.isPresent(), where);
				assertEquals(at + off[0], v.offset(), where);
				assertEquals(w, v.length(), where);
				long raw = 0;
				for (int i = 0; i < w; i++) {
					raw = raw << 8 | body[off[0] + i] & 0xff;
				}
				String text = new String(body, off[0], w, java.nio.charset.StandardCharsets.ISO_8859_1);
				switch (v.kind()) {
				case ASCII -> assertEquals(text, v.rawText(), where);
				case DECIMAL -> {
					assertEquals(raw, v.rawValue(), where);
					int scale = w == 8 ? 8 : 4;
					assertEquals(new java.math.BigDecimal(new java.math.BigInteger(Long.toUnsignedString(raw)), scale).toPlainString(),
							v.display(), where);
				}
				default -> assertEquals(raw, v.rawValue(), where);
				}
				off[0] += w;
			});
			assertEquals(SPEC.get(c)[1], String.join(" ", seen), "fields of " + c);
			assertEquals(body.length, off[0], "length of " + c);
		}
		assertEquals(p.length, start);
	}

	private static FieldInfo field(String n) {
		int id = ITCH.fieldId("itch50." + n);
		assertTrue(id >= 0, n);
		return ITCH.field(id);
	}
}
