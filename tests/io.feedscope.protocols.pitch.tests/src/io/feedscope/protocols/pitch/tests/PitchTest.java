package io.feedscope.protocols.pitch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import io.feedscope.dissect.CompileResult;
import io.feedscope.dissect.ExpertItem;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.FieldValue;
import io.feedscope.dissect.FieldVisitor;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolCompiler;
import io.feedscope.dissect.ProtocolSet;

/**
 * The Cboe Multicast PITCH bundle (descriptions only, no Java) against a decoder written here from the
 * published layout (Cboe US Equities/Options Multicast PITCH 2.41: Sequenced Unit Header, then messages
 * with Length counting itself and Message Type, little-endian binary, Long Price 4 decimals, Short Price 2).
 * Packets are built by hand with random values; every field FeedScope shows must equal the oracle's.
 */
public class PitchTest {

	static final Protocol SUH = compile("protocols/cboe_suh.fsp");
	static final Protocol PITCH = compile("protocols/pitch.fsp");

	static Protocol compile(String path) {
		return compile("io.feedscope.protocols.pitch", path);
	}

	/** A description in a protocol bundle, reached through the framework (this fragment's host, or MoldUDP64/ITCH). */
	static Protocol compile(String bundle, String path) {
		Bundle b = Platform.getBundle(bundle);
		assertNotNull(b, bundle + " is not installed");
		URL url = b.getEntry(path);
		assertNotNull(url, path);
		try {
			CompileResult r = ProtocolCompiler.compile(url);
			assertTrue(r.diagnostics().isEmpty(), () -> path + ": " + r.diagnostics());
			assertNotNull(r.protocol());
			return r.protocol();
		} catch (IOException e) {
			throw new AssertionError(e);
		}
	}

	static ProtocolSet set() {
		// MoldUDP64 and ITCH present too: PITCH must be found by its own heuristic, not fall into theirs
		return ProtocolSet.builder().add(compile("io.feedscope.protocols.moldudp64", "protocols/moldudp64.fsp"))
				.add(compile("io.feedscope.protocols.moldudp64", "protocols/moldudp.fsp"))
				.add(compile("io.feedscope.protocols.itch50", "protocols/itch50.fsp")).add(SUH).add(PITCH).build();
	}

	// ---------------------------------------------------------------- the oracle, from the spec's tables

	/** field: name, offset from the Length byte, size, type (B binary LE, A alpha, P long price, S short price, T seconds) */
	record F(String name, int offset, int size, char type) {
	}

	/** Message layouts as printed in the spec (offset, length), independent of the .fsp. */
	static final Map<Integer, List<F>> SPEC = new LinkedHashMap<>();
	static {
		SPEC.put(0x20, List.of(new F("time", 2, 4, 'T')));
		SPEC.put(0x21, List.of(new F("time_offset", 2, 4, 'B'), new F("order_id", 6, 8, 'B'), new F("side_indicator", 14, 1, 'A'),
				new F("quantity", 15, 4, 'B'), new F("symbol", 19, 6, 'A'), new F("price", 25, 8, 'P'), new F("add_flags", 33, 1, 'B')));
		SPEC.put(0x22, List.of(new F("time_offset", 2, 4, 'B'), new F("order_id", 6, 8, 'B'), new F("side_indicator", 14, 1, 'A'),
				new F("quantity_short", 15, 2, 'B'), new F("symbol", 17, 6, 'A'), new F("price_short", 23, 2, 'S'),
				new F("add_flags", 25, 1, 'B')));
		SPEC.put(0x23, List.of(new F("time_offset", 2, 4, 'B'), new F("order_id", 6, 8, 'B'), new F("executed_quantity", 14, 4, 'B'),
				new F("execution_id", 18, 8, 'B')));
		SPEC.put(0x25, List.of(new F("time_offset", 2, 4, 'B'), new F("order_id", 6, 8, 'B'), new F("canceled_quantity", 14, 4, 'B')));
		SPEC.put(0x26, List.of(new F("time_offset", 2, 4, 'B'), new F("order_id", 6, 8, 'B'),
				new F("canceled_quantity_short", 14, 2, 'B')));
		SPEC.put(0x27, List.of(new F("time_offset", 2, 4, 'B'), new F("order_id", 6, 8, 'B'), new F("quantity", 14, 4, 'B'),
				new F("price", 18, 8, 'P'), new F("modify_flags", 26, 1, 'B')));
		SPEC.put(0x28, List.of(new F("time_offset", 2, 4, 'B'), new F("order_id", 6, 8, 'B'), new F("quantity_short", 14, 2, 'B'),
				new F("price_short", 16, 2, 'S'), new F("modify_flags", 18, 1, 'B')));
		SPEC.put(0x29, List.of(new F("time_offset", 2, 4, 'B'), new F("order_id", 6, 8, 'B')));
		SPEC.put(0x2A, List.of(new F("time_offset", 2, 4, 'B'), new F("order_id", 6, 8, 'B'), new F("side_indicator", 14, 1, 'A'),
				new F("quantity", 15, 4, 'B'), new F("symbol", 19, 6, 'A'), new F("price", 25, 8, 'P'), new F("execution_id", 33, 8, 'B')));
		SPEC.put(0x2B, List.of(new F("time_offset", 2, 4, 'B'), new F("order_id", 6, 8, 'B'), new F("side_indicator", 14, 1, 'A'),
				new F("quantity_short", 15, 2, 'B'), new F("symbol", 17, 6, 'A'), new F("price_short", 23, 2, 'S'),
				new F("execution_id", 25, 8, 'B')));
		SPEC.put(0x2C, List.of(new F("time_offset", 2, 4, 'B'), new F("execution_id", 6, 8, 'B')));
		SPEC.put(0x2D, List.of(new F("time_offset", 2, 4, 'B')));
		SPEC.put(0x31, List.of(new F("time_offset", 2, 4, 'B'), new F("symbol_long", 6, 8, 'A'), new F("trading_status", 14, 1, 'A'),
				new F("reg_sho_action", 15, 1, 'A'), new F("reserved", 16, 2, 'B')));
		SPEC.put(0x97, List.of(new F("time_offset", 2, 4, 'B')));
	}

	/** Spec message lengths (the spec's own table, not the sum above). */
	static final Map<Integer, Integer> LENGTH = Map.ofEntries(Map.entry(0x20, 6), Map.entry(0x21, 34), Map.entry(0x22, 26),
			Map.entry(0x23, 26), Map.entry(0x25, 18), Map.entry(0x26, 16), Map.entry(0x27, 27), Map.entry(0x28, 19),
			Map.entry(0x29, 14), Map.entry(0x2A, 41), Map.entry(0x2B, 33), Map.entry(0x2C, 14), Map.entry(0x2D, 6),
			Map.entry(0x31, 18), Map.entry(0x97, 6));

	/** Decodes one message the way the spec says: field name -&gt; text ("123.4500", "AAPL", "12"). */
	static Map<String, String> oracle(ByteBuffer b, int at, long timeOfLastTimeMessage) {
		Map<String, String> out = new LinkedHashMap<>();
		int type = b.get(at + 1) & 0xff;
		out.put("pitch.length", Integer.toString(b.get(at) & 0xff));
		out.put("pitch.message_type", Integer.toString(type));
		long offset = -1;
		for (F f : SPEC.get(type)) {
			String v;
			switch (f.type()) {
			case 'A' -> {
				byte[] s = new byte[f.size()];
				b.get(at + f.offset(), s);
				v = new String(s, StandardCharsets.US_ASCII).stripTrailing();
			}
			case 'P' -> v = new java.math.BigDecimal(new java.math.BigInteger(Long.toUnsignedString(le(b, at + f.offset(), 8))), 4).toPlainString();
			case 'S' -> v = java.math.BigDecimal.valueOf(le(b, at + f.offset(), 2), 2).toPlainString();
			default -> v = Long.toUnsignedString(le(b, at + f.offset(), f.size()));
			}
			if (f.name().equals("time_offset")) {
				offset = le(b, at + f.offset(), 4);
			}
			out.put("pitch." + f.name(), v);
		}
		long seconds = type == 0x20 ? le(b, at + 2, 4) : timeOfLastTimeMessage;
		if (seconds >= 0) {
			out.put("pitch.timestamp", Long.toString(seconds * 1_000_000_000L + Math.max(0, offset)));
		}
		return out;
	}

	static long le(ByteBuffer b, int at, int size) {
		long v = 0;
		for (int k = size - 1; k >= 0; k--) {
			v = v << 8 | (b.get(at + k) & 0xff);
		}
		return v;
	}

	/** FeedScope's view of one message: field name -&gt; the same kind of text as the oracle's. */
	static Map<String, String> feedscope(FeedMessage m) {
		Map<String, String> out = new LinkedHashMap<>();
		m.accept(new FieldVisitor() {
			@Override
			public void field(FieldValue f) {
				if (!f.isPresent()) {
					return;
				}
				String v = switch (f.kind()) {
				case ASCII -> f.text();
				case CHAR -> Character.toString((char) f.rawValue());
				case DECIMAL -> io.feedscope.dissect.FieldInfo.formatDecimal(f.rawValue(), f.info().scale());
				default -> Long.toUnsignedString(f.rawValue());
				};
				out.put(f.name(), v);
			}
		});
		return out;
	}

	// ---------------------------------------------------------------- packets by hand

	/** Builds a Sequenced Unit Header packet around messages (each starting with its Length byte). */
	static ByteBuffer packet(int unit, long sequence, List<byte[]> messages) {
		int len = 8 + messages.stream().mapToInt(m -> m.length).sum();
		ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
		b.putShort((short) len); // Hdr Length: the whole packet
		b.put((byte) messages.size()); // Hdr Count
		b.put((byte) unit); // Hdr Unit
		b.putInt((int) sequence); // Hdr Sequence
		messages.forEach(b::put);
		return b.flip().order(ByteOrder.BIG_ENDIAN);
	}

	/** A message of a type with random field values, laid out from the spec table above. */
	static byte[] message(int type, Random r) {
		int len = LENGTH.get(type);
		ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
		b.put(0, (byte) len);
		b.put(1, (byte) type);
		for (F f : SPEC.get(type)) {
			if (f.type() == 'A') {
				String alphabet = f.name().equals("side_indicator") ? "BS" : f.name().equals("trading_status") ? "AHQST"
						: f.name().equals("reg_sho_action") ? "01" : "ABCDXYZ";
				int n = f.size() == 1 ? 1 : 1 + r.nextInt(f.size());
				for (int k = 0; k < f.size(); k++) {
					b.put(f.offset() + k, (byte) (k < n ? alphabet.charAt(r.nextInt(alphabet.length())) : ' '));
				}
			} else if (f.name().equals("time")) {
				b.putInt(f.offset(), 34_200 + r.nextInt(23_400)); // 09:30..16:00
			} else if (f.name().equals("time_offset")) {
				b.putInt(f.offset(), r.nextInt(1_000_000_000));
			} else {
				for (int k = 0; k < f.size(); k++) {
					b.put(f.offset() + k, (byte) r.nextInt(256));
				}
			}
		}
		return b.array();
	}

	// ---------------------------------------------------------------- tests

	@Test
	public void everyMessageTypeDecodesAsTheSpecSays() {
		FeedDissector d = new FeedDissector(set());
		Random r = new Random(20261202);
		List<Integer> types = new ArrayList<>(SPEC.keySet());
		long seconds = -1;
		int checked = 0;
		for (int round = 0; round < 200; round++) {
			List<byte[]> msgs = new ArrayList<>();
			if (round == 0 || r.nextInt(10) == 0) {
				msgs.add(message(0x20, r)); // a Time message now and then, first of all
			}
			for (int k = 1 + r.nextInt(6); k > 0; k--) {
				msgs.add(message(types.get(r.nextInt(types.size())), r));
			}
			ByteBuffer b = packet(3, 1000 + round * 10, msgs);
			FeedPacket p = d.dissectPayload(b, 0, b.limit(), 30001, 30001, 0xE0000001, round + 1);
			assertEquals(PacketKind.DATA, p.kind(), p::toString);
			assertEquals("cboe_suh", p.protocolName(), "found by its own heuristic");
			assertTrue(p.expertItems().isEmpty(), p.expertItems()::toString);
			assertEquals("3", p.session(), "the unit is the session");
			assertEquals(1000 + round * 10, p.sequence());
			assertEquals(msgs.size(), p.count());
			assertEquals(msgs.size(), p.messageCount());
			int at = 8;
			FeedMessage m = p.messages();
			for (byte[] raw : msgs) {
				assertTrue(m.next());
				if ((raw[1] & 0xff) == 0x20) {
					seconds = le(b, at + 2, 4);
				}
				Map<String, String> want = oracle(b, at, seconds);
				assertEquals(want, feedscope(m), "frame " + (round + 1) + " message at " + at);
				assertEquals(raw.length, m.length(), "the message includes its own length byte");
				assertEquals(1000 + round * 10 + m.index(), m.msgseq());
				at += raw.length;
				checked++;
			}
			assertFalse(m.next());
		}
		assertTrue(checked > 500, "checked " + checked);
	}

	@Test
	public void timestampIsTheUnitsTimeOfDay() {
		ProtocolSet set = set();
		FeedDissector d = new FeedDissector(set);
		int ts = set.fieldId("pitch.timestamp");
		int price = set.fieldId("pitch.price");
		assertTrue(ts >= 0 && price >= 0);
		// before any Time message: the offset is there, the time of day is not known
		byte[] add = add(123_456_789, 0x7FFF_FFFFL * 10_000 + 1234);
		ByteBuffer b0 = packet(5, 1, List.of(add));
		FeedMessage m = d.dissectPayload(b0, 0, b0.limit(), 1, 1, 0, 1).messages();
		assertTrue(m.next());
		assertFalse(m.has(ts));
		assertEquals(0, m.getLong(ts));
		// Time 09:30:00 on unit 5, then an Add Order 123,456,789 ns later
		ByteBuffer time = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).put((byte) 6).put((byte) 0x20).putInt(34_200);
		ByteBuffer b1 = packet(5, 2, List.of(time.array(), add));
		FeedPacket p = d.dissectPayload(b1, 0, b1.limit(), 1, 1, 0, 2);
		m = p.messages();
		assertTrue(m.next());
		assertEquals(34_200_000_000_000L, m.getLong(ts));
		assertEquals("09:30:00.000000000", m.display(ts));
		assertTrue(m.next());
		assertEquals(34_200_123_456_789L, m.getLong(ts));
		assertEquals("09:30:00.123456789", m.display(ts));
		assertEquals("2147483647.1234", m.display(price));
		// the base is per unit: unit 6 has seen no Time message
		ByteBuffer b2 = packet(6, 1, List.of(add));
		m = d.dissectPayload(b2, 0, b2.limit(), 1, 1, 0, 3).messages();
		assertTrue(m.next());
		assertFalse(m.has(ts), "unit 6 has no Time yet");
		// and unit 5 still has its own
		ByteBuffer b3 = packet(5, 3, List.of(add));
		m = d.dissectPayload(b3, 0, b3.limit(), 1, 1, 0, 4).messages();
		assertTrue(m.next());
		assertEquals("09:30:00.123456789", m.display(ts));
		// the bulk reader gives the same
		long[] values = new long[16];
		int n = m.readFields(values);
		List<io.feedscope.dissect.FieldInfo> fields = PITCH.messageTypeFields(m.type());
		assertEquals(fields.size(), n);
		for (int k = 0; k < n; k++) {
			assertEquals(m.getLong(fields.get(k).id()), values[k], fields.get(k).name());
		}
	}

	/** Add Order Long with a time offset and a price (unscaled, 4 decimals). */
	static byte[] add(int offset, long unscaledPrice) {
		ByteBuffer b = ByteBuffer.allocate(34).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 34).put((byte) 0x21).putInt(offset).putLong(77).put((byte) 'B').putInt(100)
				.put("AAPL  ".getBytes(StandardCharsets.US_ASCII)).putLong(unscaledPrice).put((byte) 1);
		return b.array();
	}

	@Test
	public void heartbeatAndBrokenLengths() {
		FeedDissector d = new FeedDissector(set().toBuilder().bindPorts("cboe_suh", 30001, 30001).build());
		ByteBuffer hb = packet(2, 500, List.of());
		FeedPacket p = d.dissectPayload(hb, 0, hb.limit(), 30001, 30001, 0, 1);
		assertEquals(PacketKind.HEARTBEAT, p.kind());
		assertEquals(500, p.sequence());
		// a message length of 0 would never advance: reported, and the walk stops
		ByteBuffer zero = packet(2, 501, List.of(new byte[] { 0, 0x29, 1, 2, 3, 4 }));
		p = d.dissectPayload(zero, 0, zero.limit(), 30001, 30001, 0, 2);
		assertEquals(0, p.messageCount());
		assertTrue(p.expertItems().stream().map(ExpertItem::id).anyMatch("cboe_suh.msg_length.invalid"::equals), p.expertItems()::toString);
		// a length beyond the packet: the bytes present are the message, flagged
		ByteBuffer over = packet(2, 502, List.of(new byte[] { 40, 0x29, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }));
		p = d.dissectPayload(over, 0, over.limit(), 30001, 30001, 0, 3);
		assertEquals(1, p.messageCount());
		assertTrue(p.expertItems().stream().map(ExpertItem::id).anyMatch("cboe_suh.msg_length.invalid"::equals), p.expertItems()::toString);
		// without the binding, the heuristic refuses a packet whose messages do not fill it
		FeedDissector h = new FeedDissector(set());
		assertEquals(PacketKind.NOT_FEED, h.dissectPayload(over, 0, over.limit(), 1, 1, 0, 4).kind());
	}

	@Test
	public void descriptionsNeedNoJava() throws IOException {
		Bundle b = Platform.getBundle("io.feedscope.protocols.pitch");
		assertNotNull(b);
		// the protocols need no Java: no provider, no services file. The bundle's Java is what a description cannot
		// state, each reached from a contribution in plugin.xml: its check (a judgement over a whole capture, issue 11
		// section 5) and its generator preset with the unit header's encoder (issue 17: PITCH plugs into the generator)
		assertEquals(null, b.getEntry("META-INF/services/io.feedscope.dissect.ProtocolProvider"), "no provider");
		try (InputStream in = b.getEntry("plugin.xml").openStream()) {
			String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			assertTrue(xml.contains("id=\"pitch\"") && xml.contains("id=\"cboe_suh\""), xml);
			Set<String> contributed = new TreeSet<>();
			Matcher m = Pattern.compile("\\b(?:class|encoder)=\"([\\w.]+)\"").matcher(xml);
			while (m.find()) {
				contributed.add(m.group(1));
			}
			assertTrue(contributed.contains("io.feedscope.protocols.pitch.UnitClearCheck"), contributed::toString);
			assertTrue(contributed.contains("io.feedscope.protocols.pitch.generator.PitchPreset"), contributed::toString);
			Set<String> packages = new TreeSet<>();
			for (String c : contributed) {
				packages.add(c.substring(0, c.lastIndexOf('.')));
			}
			var classes = b.findEntries("/", "*.class", true);
			int seen = 0;
			while (classes != null && classes.hasMoreElements()) {
				String path = classes.nextElement().getPath();
				if (path.contains("/io/feedscope/protocols/pitch/tests/")) {
					continue; // this test fragment's own classes: a fragment's entries are found through its host
				}
				seen++;
				String qualified = path.substring(path.indexOf("io/feedscope/"), path.length() - ".class".length()).replace('/', '.');
				String pkg = qualified.substring(0, qualified.lastIndexOf('.'));
				String outer = qualified.contains("$") ? qualified.substring(0, qualified.indexOf('$')) : qualified;
				// a contribution's own class, or a helper beside it in its package (the encoder's tables, the preset's generator)
				assertTrue(contributed.contains(outer) || packages.contains(pkg),
						path + " is neither a contribution of the bundle nor beside one");
			}
			assertTrue(seen >= contributed.size(), "the bundle's classes were found: " + seen);
		}
	}
}
