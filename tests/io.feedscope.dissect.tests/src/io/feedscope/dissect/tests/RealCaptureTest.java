package io.feedscope.dissect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.FieldInfo;
import io.feedscope.dissect.FieldKind;
import io.feedscope.dissect.FieldValue;
import io.feedscope.dissect.FieldVisitor;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.testdata.TestData;

/**
 * The real NASDAQ captures of tests/data ({@link TestData}: a missing one fails).
 * <p>
 * Expected values: {@code rsc/itch50-expected.txt}, written by {@code rsc/itch50_oracle.py}, an
 * independent Python decoder typed in from the ITCH 5.0 spec (it shares no code or table with the
 * Java side); the MoldUDP64 header values of the unaltered captures are also pinned below from
 * {@code tshark -d udp.port==26477,moldudp64 -T fields -e moldudp64.session -e moldudp64.sequence
 * -e moldudp64.count -e moldudp64.msglen -e moldudp64.msgseq}. tshark's own {@code nasdaq_itch}
 * dissector (Wireshark 4.x, {@code -d moldudp64.payload,nasdaq_itch}) is not usable as an oracle here:
 * it has no ITCH 5.0 layouts and decodes these messages as ITCH 3.0 (e.g. Add Order with order
 * reference 0), so one message is also decoded by hand below.
 */
public class RealCaptureTest {

	private static Path root() {
		return TestData.nasdaqDir();
	}

	/** file -&gt; frame -&gt; message (-1 = packet) -&gt; field -&gt; value */
	private static Map<String, Map<Integer, Map<Integer, Map<String, String>>>> expected() throws IOException {
		Map<String, Map<Integer, Map<Integer, Map<String, String>>>> out = new TreeMap<>();
		try (InputStream in = RealCaptureTest.class.getResourceAsStream("/rsc/itch50-expected.txt")) {
			assertNotNull(in, "rsc/itch50-expected.txt not in the test bundle");
			for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
				if (line.isEmpty() || line.startsWith("#")) {
					continue;
				}
				String[] f = line.split("\\|", -1);
				out.computeIfAbsent(f[0], k -> new TreeMap<>()).computeIfAbsent(Integer.parseInt(f[1]), k -> new TreeMap<>())
						.computeIfAbsent(Integer.parseInt(f[2]), k -> new LinkedHashMap<>()).put(f[3], f[4]);
			}
		}
		return out;
	}

	static String esc(String s) {
		StringBuilder sb = new StringBuilder();
		for (char c : s.toCharArray()) {
			if (c >= 0x20 && c < 0x7f) {
				sb.append(c);
			} else {
				sb.append(String.format("\\x%02x", (int) c));
			}
		}
		return sb.toString();
	}

	/** The oracle's value format: integers decimal, chars/ASCII trimmed text, decimals exact. */
	static String oracleValue(FieldValue v) {
		FieldInfo i = v.info();
		assertNotNull(i);
		return switch (i.kind()) {
		case CHAR -> String.valueOf((char) v.rawValue()).stripTrailing();
		case ASCII -> esc(v.text());
		case DECIMAL -> FieldInfo.formatDecimal(v.rawValue(), i.scale());
		default -> Long.toUnsignedString(v.rawValue());
		};
	}

	@Test
	public void everyMessageDecodesAsTheSpecSays() throws IOException {
		Map<String, Map<Integer, Map<Integer, Map<String, String>>>> expected = expected();
		assertEquals(23, expected.size(), "files in the oracle output");
		int messages = 0;
		int fields = 0;
		for (var file : expected.entrySet()) {
			// sanitized captures have port 0 and a NUL session: the strict heuristic must refuse them,
			// so they are bound by the user, as a user would; unaltered ones are found by the heuristic
			boolean sanitized = file.getKey().startsWith("sanitized/");
			ProtocolSet set = sanitized ? TestProtocols.boundTo(0) : TestProtocols.standard();
			FeedDissector d = new FeedDissector(set);
			try (CaptureFile cap = Captures.open(root().resolve(file.getKey()))) {
				assertEquals(file.getValue().size(), cap.frameCount(), file.getKey());
				for (var frame : file.getValue().entrySet()) {
					String where = file.getKey() + " frame " + frame.getKey();
					FeedPacket p = d.dissect(cap, frame.getKey());
					assertEquals(PacketKind.DATA, p.kind(), where);
					assertEquals("moldudp64", p.protocolName(), where);
					assertEquals(sanitized ? "user port binding" : "heuristic 'strict' (score 90)", p.boundBy(), where);
					assertTrue(p.expertItems().isEmpty(), () -> where + ": " + p.expertItems());
					Map<String, String> header = frame.getValue().get(-1);
					assertEquals(header.get("moldudp64.session"), esc(p.session()), where);
					assertEquals(Long.parseLong(header.get("moldudp64.sequence")), p.sequence(), where);
					assertEquals(Integer.parseInt(header.get("moldudp64.count")), p.count(), where);
					assertEquals(frame.getValue().size() - 1, p.messageCount(), where);

					// generic visitor: every field of every message, nothing more, nothing less
					List<Map<String, String>> seen = new ArrayList<>();
					List<Integer> starts = new ArrayList<>();
					p.accept(new FieldVisitor() {
						int depth;

						@Override
						public void beginGroup(FieldValue g) {
							depth++;
							if (g.name().equals("moldudp64.msgblock")) {
								seen.add(new LinkedHashMap<>());
							} else if (g.name().equals("itch50")) {
								starts.add(g.offset());
							}
						}

						@Override
						public void endGroup() {
							depth--;
						}

						@Override
						public void field(FieldValue f) {
							assertTrue(f.isPresent(), f::toString);
							if (depth >= 2) {
								seen.get(seen.size() - 1).put(f.name(), oracleValue(f));
							}
							assertEquals(f.name().equals("moldudp64.msgseq"), f.isDerived(), f.name());
						}
					});
					assertEquals(p.messageCount(), seen.size(), where);
					FeedMessage m = p.messages();
					for (int i = 0; i < p.messageCount(); i++) {
						Map<String, String> exp = new LinkedHashMap<>(frame.getValue().get(i));
						String off = exp.remove("offset");
						assertEquals(exp, seen.get(i), where + " message " + i);
						assertEquals(Integer.parseInt(off), starts.get(i), where + " message " + i + " offset");
						// fast path agrees with the visitor for every numeric field
						assertTrue(m.next());
						assertTrue(m.isKnownType(), where);
						assertEquals(Integer.parseInt(exp.get("moldudp64.msglen")), m.length());
						assertEquals(Long.parseLong(exp.get("moldudp64.msgseq")), m.msgseq());
						assertEquals(exp.get("itch50.message_type").charAt(0), (char) m.typeCode());
						// bulk path agrees with the by-id path, field by field
						long[] all = new long[32];
						int n = m.readFields(all);
						List<FieldInfo> typeFields = set.protocol("itch50").messageTypeFields(m.type());
						assertEquals(typeFields.size(), n);
						for (int k = 0; k < n; k++) {
							assertEquals(m.getLong(typeFields.get(k).id()), all[k], typeFields.get(k).name());
						}
						for (var e : exp.entrySet()) {
							if (!e.getKey().startsWith("itch50.")) {
								continue;
							}
							int id = set.fieldId(e.getKey());
							assertTrue(id >= 0, e.getKey());
							assertTrue(m.has(id), e.getKey());
							FieldInfo info = set.field(id);
							assertNotNull(info);
							String fast = switch (info.kind()) {
							case ASCII -> esc(m.getString(id));
							case CHAR -> String.valueOf((char) m.getLong(id)).stripTrailing();
							case DECIMAL -> FieldInfo.formatDecimal(m.getLong(id), m.scale(id));
							default -> Long.toUnsignedString(m.getLong(id));
							};
							assertEquals(e.getValue(), fast, where + " " + e.getKey());
							fields++;
						}
						messages++;
					}
					assertTrue(!m.next());
				}
			}
		}
		assertEquals(117, messages, "messages in all captures");
		assertTrue(fields > 1000, "fields checked: " + fields);
	}

	/**
	 * unaltered/OrderDeleteMessage.pcap decoded by hand from {@code tshark -x} (ITCH 5.0 Order Delete,
	 * 19 bytes at frame offset 68): {@code 44 | 0d bd | 00 00 | 1f 1a ce d8 5a d8 | 00 00 00 00 01 66 8b d6}
	 * = 'D', locate 0x0dbd = 3517, tracking 0, timestamp 0x1f1aced85ad8 = 34 199 999 896 280 ns
	 * (09:29:59.999896280), order reference 0x01668bd6 = 23 497 686.
	 */
	@Test
	public void orderDeleteByHand() throws IOException {
		ProtocolSet set = TestProtocols.standard();
		try (CaptureFile cap = Captures.open(root().resolve("unaltered/OrderDeleteMessage.pcap"))) {
			FeedPacket p = new FeedDissector(set).dissect(cap, 1);
			FeedMessage m = p.message(0);
			assertEquals(68, m.offset());
			assertEquals(19, m.length());
			assertEquals("order_delete", m.typeName());
			assertEquals("Order Delete Message ('D')", m.display(set.fieldId("itch50.message_type")));
			assertEquals(3517, m.getLong(set.fieldId("itch50.stock_locate")));
			assertEquals(0, m.getLong(set.fieldId("itch50.tracking_number")));
			assertEquals(34_199_999_896_280L, m.getLong(set.fieldId("itch50.timestamp")));
			assertEquals("09:29:59.999896280", m.display(set.fieldId("itch50.timestamp")));
			assertEquals(23_497_686L, m.getLong(set.fieldId("itch50.order_reference_number")));
			assertEquals(14_757_722L, m.msgseq());
		}
	}

	/** MoldUDP64 header frame by frame against tshark's moldudp64.* fields (values pasted from tshark). */
	@Test
	public void moldudp64AgreesWithTshark() throws IOException {
		// file, frame, session, sequence, count
		Object[][] tshark = {
				{ "AddOrderNoMpidAttributionMessage.pcap", 1, "000010059B", 14757721L, 1 },
				{ "MarketParticipantPositionMessage.pcap", 1, "000010059B", 17861990L, 1 },
				{ "Multiple.Packets.pcap", 1, "000010059B", 14764496L, 1 },
				{ "Multiple.Packets.pcap", 2, "000010059B", 19009117L, 38 },
				{ "NetOrderImbalanceIndicatorMessage.pcap", 1, "000010059B", 14757919L, 1 },
				{ "OrderDeleteMessage.pcap", 1, "000010059B", 14757722L, 1 },
				{ "OrderExecutedMessage.pcap", 1, "000010059B", 14757745L, 1 },
				{ "OrderReplaceMessage.pcap", 1, "000010059B", 14757701L, 1 },
				{ "StockTradingActionMessage.pcap", 1, "000010059B", 34147961L, 1 }, };
		// tshark moldudp64.msglen of Multiple.Packets.pcap frame 2 (the two 40s are Add Order with MPID)
		int[] lengths = { 36, 36, 36, 36, 36, 36, 36, 36, 40, 36, 36, 36, 36, 40, 36, 36, 36, 36, 36, 36, 36, 36, 36, 36, 36, 36, 36,
				36, 36, 36, 36, 36, 36, 36, 36, 36, 36, 36 };
		FeedDissector d = new FeedDissector(TestProtocols.standard());
		for (Object[] row : tshark) {
			try (CaptureFile cap = Captures.open(root().resolve("unaltered").resolve((String) row[0]))) {
				FeedPacket p = d.dissect(cap, (Integer) row[1]);
				String where = row[0] + " frame " + row[1];
				assertEquals(row[2], p.session(), where);
				assertEquals(row[3], p.sequence(), where);
				assertEquals(row[4], p.count(), where);
				assertEquals(26477, p.destinationPort(), where);
				FeedMessage m = p.messages();
				int i = 0;
				while (m.next()) {
					assertEquals((Long) row[3] + i, m.msgseq(), where);
					if ((Integer) row[4] == 38) {
						assertEquals(lengths[i], m.length(), where + " msglen " + i);
					}
					i++;
				}
				assertEquals(row[4], i, where);
			}
		}
	}
}
