package io.feedscope.dissect.tests;

import static io.feedscope.dissect.internal.model.ProtocolModel.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.Test;

import io.feedscope.dissect.Ipv4Cidr;
import io.feedscope.dissect.internal.lang.BindingRules;
import io.feedscope.dissect.internal.lang.ConditionRules;
import io.feedscope.dissect.internal.lang.ElementRules;
import io.feedscope.dissect.internal.lang.EnumRules;
import io.feedscope.dissect.internal.lang.FieldRules;
import io.feedscope.dissect.internal.lang.MessageLayoutRules;
import io.feedscope.dissect.internal.lang.MessageSetRules;
import io.feedscope.dissect.internal.lang.PacketShapeRules;
import io.feedscope.dissect.internal.lang.ProtocolShapeRules;
import io.feedscope.dissect.internal.lang.RuleReport;
import io.feedscope.dissect.internal.lang.TypeRules;

/**
 * The description compiler's validation rule sets, each alone: model objects built here by hand (no text, no
 * parser), positions are labels, the messages collected as "label: message" (LanguageTest checks the same
 * messages at their line:column through the compiler).
 */
class RuleSetsTest {

	private final List<String> fSaid = new ArrayList<>();
	private final RuleReport<String> fReport = new RuleReport<>() {
		@Override
		public void error(String at, String message) {
			fSaid.add(at + ": " + message);
		}

		@Override
		public void warning(String at, String message) {
			fSaid.add(at + ": warning: " + message);
		}
	};

	private static EObject field(String name, int width) {
		EObject f = create(FIELD);
		f.eSet(FIELD_NAME, name);
		f.eSet(FIELD_WIDTH, width);
		return f;
	}

	private static EObject refTo(EObject field) {
		EObject r = create(FIELD_REF);
		r.eSet(FIELD_REF_FIELD, field);
		return r;
	}

	private static EObject variant(String name, EObject... fields) {
		EObject v = create(VARIANT);
		v.eSet(VARIANT_NAME, name);
		for (EObject f : fields) {
			list(v, VARIANT_ELEMENTS).add(refTo(f));
		}
		return v;
	}

	@Test
	void protocolShape() {
		assertEquals("framing", ProtocolShapeRules.check("p", null, true, false, true, "p", fReport));
		assertEquals("messages", ProtocolShapeRules.check("m", null, false, true, false, "m", fReport));
		assertEquals(List.of(), fSaid);
		assertEquals("framing", ProtocolShapeRules.check("x", "framing", true, true, false, "x", fReport));
		assertEquals(List.of("x: a protocol has either packets (framing) or messages, not both",
				"x: protocol kind 'framing' does not match its packet section",
				"x: no packet without 'when': one packet layout must be the fallback"), fSaid);
		fSaid.clear();
		assertEquals("messages", ProtocolShapeRules.check("e", null, false, false, false, "e", fReport));
		assertEquals(List.of("e: protocol 'e' has neither a 'packet' nor a 'messages' section"), fSaid);
	}

	@Test
	void packetShape() {
		EObject d = field("d", 1);
		EObject data = field("data", -1); // bytes: variable width
		EObject pk = create(PACKET);
		pk.eSet(PACKET_NAME, "p");
		list(pk, PACKET_ELEMENTS).add(refTo(data));
		list(pk, PACKET_ELEMENTS).add(refTo(d));
		EObject rep = create(REPEAT);
		list(rep, REPEAT_ELEMENTS).add(refTo(data));
		list(rep, REPEAT_ELEMENTS).add(refTo(d));
		list(rep, REPEAT_ELEMENTS).add(create(REPEAT));
		list(pk, PACKET_ELEMENTS).add(rep);
		list(pk, PACKET_ELEMENTS).add(create(REPEAT));
		PacketShapeRules.check(pk, "p", fReport);
		assertEquals(List.of("p: packet 'p': a repeat or bytes field must be the last element", // data first
				"p: packet 'p': a repeat or bytes field must be the last element", // the repeat before the last
				"p: packet 'p': a bytes field must end the repeated block", "p: packet 'p': nested repeats are not supported",
				"p: packet 'p': empty repeat"), fSaid);
	}

	@Test
	void messageLayout() {
		EObject t = field("t", 1);
		EObject a = field("a", 10);
		EObject bytes = field("b", -1);
		MessageLayoutRules rules = new MessageLayoutRules(t, "t", Set.of());
		assertEquals(11, rules.variant(variant("s", t, a), "'S'", "S", null, "-", fReport));
		assertEquals(12, rules.variant(variant("s2", t, a), "'T'", "T", 12, "T.length", fReport));
		assertEquals(11, rules.variant(variant("l", a, t), "'L'", "L", null, "-", fReport));
		assertEquals(10, rules.variant(variant("n", a), "'N'", "N", null, "-", fReport));
		assertEquals(-1, rules.variant(variant("v", t, bytes), "'V'", "V", null, "-", fReport));
		assertEquals(List.of("T.length: message 'T' (s2) adds up to 11 bytes, its declared length is 12",
				"L: message 'L' has 't' at offset 10, other messages at 0", "N: message 'N' does not contain its discriminator 't'",
				"V: message 'V': variable-length field 'b' is not supported inside messages"), fSaid);
		// a field whose type was already reported: no length said with its guessed width
		fSaid.clear();
		assertEquals(12, new MessageLayoutRules(t, "t", Set.of(a)).variant(variant("s", t, a), "'S'", "S", 12, "S.length", fReport));
		assertEquals(List.of(), fSaid);
	}

	@Test
	void bindings() {
		assertNotNull(BindingRules.portRange(26400, 26499, "26400..26499", "r", fReport));
		assertNull(BindingRules.portRange(9, 3, "9..3", "r", fReport));
		assertNull(BindingRules.portRange(1, 65536, "1..65536", "r", fReport));
		Ipv4Cidr g = BindingRules.group("233.54.12.0", 24, "233.54.12.0/24", "g", fReport);
		assertNotNull(g);
		assertEquals(0xE9360C00, g.address());
		assertNull(BindingRules.group("10.0.0.1", 32, "10.0.0.1", "g", fReport));
		assertNull(BindingRules.group("233.0.0.0", 3, "233.0.0.0/3", "g", fReport));
		assertNull(BindingRules.group("233.0.0.300", 32, "233.0.0.300", "g", fReport));
		assertEquals(false, BindingRules.trafficBinding("udp", true, "itch", "b", fReport));
		assertEquals(true, BindingRules.trafficBinding("udp", false, "mold", "b", fReport));
		assertEquals(false, BindingRules.carrier("x", "x", "c", fReport));
		BindingRules.carriedByOnFraming(true, "c", fReport);
		BindingRules.heuristicOwner(false, "h", fReport);
		BindingRules.heuristicScore(0, "h", fReport);
		BindingRules.heuristicScore(101, "h", fReport);
		BindingRules.heuristicScore(80, "h", fReport);
		BindingRules.heuristicTests(1, "h", fReport);
		BindingRules.heuristicTests(2, "h", fReport);
		assertEquals(List.of("r: bad UDP port range 9..3 (0..65535, low first)", "r: bad UDP port range 1..65536 (0..65535, low first)",
				"g: group 10.0.0.1 is not an IPv4 multicast address (224.0.0.0/4)", "g: bad group 233.0.0.0/3 (dotted quad, prefix 4..32)",
				"g: bad group 233.0.0.300 (dotted quad, prefix 4..32)",
				"b: 'udp' bindings choose framing protocols: a messages protocol is found through 'carried by' (bind the framing"
						+ " protocol's ports or groups instead, e.g. --bind udp.port==N,framing/itch)",
				"c: a protocol cannot be carried by itself", "c: 'carried by' is for message protocols; a framing protocol carries others",
				"h: heuristics belong to framing protocols (the ones found in UDP payloads)", "h: heuristic score must be 1..100",
				"h: heuristic score must be 1..100", "h: warning: a heuristic with fewer than two tests accepts too much"), fSaid);
	}

	@Test
	void fieldAttributes() {
		java.util.Set<String> taken = new java.util.HashSet<>();
		assertEquals(true, FieldRules.role("sequence", "UINT", taken, "r1", fReport));
		assertEquals(false, FieldRules.role("sequence", "UINT", taken, "r2", fReport));
		assertEquals(false, FieldRules.role("owner", "UINT", taken, "r3", fReport));
		assertEquals(false, FieldRules.role("timestamp", "UINT", taken, "r4", fReport));
		assertEquals(false, FieldRules.role("session", "DECIMAL", taken, "r5", fReport));
		assertEquals(true, FieldRules.role("count", "UINT", taken, "r6", fReport));
		assertEquals(false, FieldRules.enumFits("side", null, "CHAR", "char", "e1", fReport));
		assertEquals(false, FieldRules.enumFits("side", "int", "CHAR", "char", "e2", fReport));
		assertEquals(true, FieldRules.enumFits("side", "char", "CHAR", "char", "e3", fReport));
		FieldRules.codesFit("venue", List.of("AB", "ABCDE"), 4, "ascii(4)", "e4", fReport);
		assertEquals(false, FieldRules.countsItself("ASCII", "len", "ascii(2)", "c", fReport));
		assertEquals(false, FieldRules.specialsAllowed("CHAR", "kind", "char", "s1", fReport));
		java.util.Set<Long> seen = new java.util.HashSet<>();
		FieldRules.specialValue(0x100, "0x100", 1, seen, "s2", fReport);
		FieldRules.specialValue(0, "0", 1, seen, "s3", fReport);
		FieldRules.specialValue(0, "0", 1, seen, "s4", fReport);
		FieldRules.specialKind("GAP", "s5", fReport);
		FieldRules.specialKind("HEARTBEAT", "s6", fReport);
		assertEquals(List.of("r2: role 'sequence' given to two fields",
				"r3: unknown role 'owner' (known: session, sequence, count, msglen, timestamp)",
				"r4: role 'timestamp' needs a time(uN, unit) field",
				"r5: role 'session' needs an ascii(N), char or unsigned integer field", "e1: unknown enum 'side'",
				"e2: enum 'side' has int codes and cannot name values of a char field",
				"e4: enum 'venue' has code \"ABCDE\" (5 characters), longer than this ascii(4) field: it could never match",
				"c: 'counts itself' is for a length field (an unsigned integer), 'len' is ascii(2)",
				"s1: special values need an integer, decimal or time field, 'kind' is char",
				"s2: special value 0x100 does not fit in 1 bytes", "s4: special value 0 given twice",
				"s5: unknown packet kind 'GAP' (known: HEARTBEAT, END_OF_SESSION, UNSEQUENCED)"), fSaid);
		assertEquals(java.util.Set.of("sequence", "timestamp", "session", "count"), taken,
				"a role is taken even when its field's type is wrong, as the compiler always did");
	}

	@Test
	void enums() {
		assertEquals(false, EnumRules.firstDeclaration("side", "3:6", "d", fReport));
		assertEquals(true, EnumRules.firstDeclaration("side", null, "d0", fReport));
		assertEquals(false, EnumRules.keyKind("float", "k", fReport));
		assertEquals(false, EnumRules.codeKind("side", "char", "int", "c", fReport));
		EnumRules.code("side", "'B'", "4:3", "x", fReport);
		EnumRules.code("side", "'S'", null, "x0", fReport);
		java.util.Set<String> names = new java.util.HashSet<>();
		EnumRules.literalName("side", "buy", names, "n0", fReport);
		EnumRules.literalName("side", "buy", names, "n", fReport);
		assertEquals(List.of("d: enum 'side' declared twice (first at 3:6)", "k: enum key kind must be char, int or string, not 'float'",
				"c: enum 'side' has char codes, this one is a int", "x: duplicate code 'B' in enum 'side' (first at 4:3)",
				"n: duplicate name 'buy' in enum 'side'"), fSaid);
	}

	@Test
	void elements() {
		assertEquals(false, ElementRules.field("price", null, true, false, "f1", fReport));
		assertEquals(true, ElementRules.field("price", "DECIMAL", false, false, "f2", fReport));
		assertEquals(false, ElementRules.field("time", "TIME", true, true, "f3", fReport));
		assertEquals(false, ElementRules.sizeField("len", null, true, false, "data", "z1", fReport));
		assertEquals(false, ElementRules.sizeField("len", "ASCII", true, false, "data", "z2", fReport));
		assertEquals(false, ElementRules.sizeField("len", "UINT", false, false, "data", "z3", fReport));
		assertEquals(true, ElementRules.sizeField("len", "UINT", false, true, "data", "z4", fReport));
		ElementRules.sized(false, "price", "z5", fReport);
		ElementRules.unsized(true, "data", "z6", fReport);
		ElementRules.handoff(false, false, "h", fReport);
		assertEquals(false, ElementRules.repeatCount("count", "UINT", false, "r", fReport));
		assertEquals(List.of("f1: unknown field 'price'", "f2: field 'price' appears twice here",
				"f3: 'time' is derived (= ...): it is computed, not laid out; it appears in every message with its parts",
				"z1: unknown size field 'len'", "z2: size field 'len' must be an unsigned integer",
				"z3: size field 'len' must come before 'data' (or say 'counts itself' when it is the first field of the data it sizes)",
				"z5: only a 'bytes' field takes a size; 'price' has a fixed width",
				"z6: bytes field 'data' needs its size: data[length_field]",
				"h: only a 'bytes' field can be handed to the feed protocol", "h: '-> feed' belongs in a packet layout",
				"r: count field 'count' must come before the repeat"), fSaid);
	}

	@Test
	void conditions() {
		assertEquals(false, ConditionRules.field("len", null, "u", fReport));
		assertEquals(true, ConditionRules.field("len", "UINT", "u0", fReport));
		ConditionRules.printable("len", "UINT", "p", fReport);
		ConditionRules.printable("session", "ASCII", "p0", fReport);
		ConditionRules.special("count", false, "s", fReport);
		ConditionRules.special("count", true, "s0", fReport);
		ConditionRules.fieldSize("session", "ASCII", "z", fReport);
		ConditionRules.fieldValue("price", "DECIMAL", "v", fReport);
		ConditionRules.fieldValue("kind", "CHAR", "v0", fReport);
		assertEquals(List.of("u: unknown field 'len'", "p: 'printable' tests a text field; 'len' is not one",
				"s: field 'count' has no special values",
				"z: comparison with size needs an unsigned integer field; 'session' is not one",
				"v: comparison needs an integer or char field; 'price' is not one"), fSaid);
	}

	@Test
	void types() {
		// what the builder goes on with: the value given when it is in range, else the stated default
		assertEquals(true, TypeRules.noArgs("u16", 0, "a", fReport));
		assertEquals(8, TypeRules.asciiWidth(8L, "b", fReport));
		assertEquals(255, TypeRules.asciiWidth(255L, "b", fReport));
		assertEquals(6, TypeRules.intWidth("u48", "c", fReport));
		assertEquals(18, TypeRules.decimalScale(18L, "d", fReport));
		assertEquals(0, TypeRules.decimalScale(0L, "d", fReport));
		assertEquals(true, TypeRules.timeUnit("us", "e", fReport));
		assertEquals(true, TypeRules.twoArgs("time", 2, "f", fReport));
		assertEquals(List.of(), fSaid);
		assertEquals(false, TypeRules.noArgs("char", 1, "a1", fReport));
		assertEquals(1, TypeRules.asciiWidth(null, "b1", fReport));
		assertEquals(1, TypeRules.asciiWidth(0L, "b2", fReport));
		assertEquals(1, TypeRules.asciiWidth(256L, "b3", fReport));
		assertEquals(4, TypeRules.intWidth("u24", "c1", fReport));
		assertEquals(0, TypeRules.decimalScale(null, "d1", fReport));
		assertEquals(0, TypeRules.decimalScale(19L, "d2", fReport));
		assertEquals(false, TypeRules.timeUnit("min", "e1", fReport));
		assertEquals(false, TypeRules.twoArgs("decimal", 1, "f1", fReport));
		assertEquals(false, TypeRules.twoArgs("time", 3, "f2", fReport));
		TypeRules.unknown("u7", "g1", fReport);
		assertEquals(List.of("a1: type 'char' takes no arguments",
				"b1: ascii needs one width: ascii(8)",
				"b2: ascii width must be 1..255, not 0",
				"b3: ascii width must be 1..255, not 256",
				"c1: integer type must be u8, u16, u32, u48 or u64, not 'u24'",
				"d1: decimal scale must be a number of implied decimals",
				"d2: decimal scale must be 0..18, not 19",
				"e1: time unit must be ns, us, ms or s, not 'min'",
				"f1: decimal needs an integer type and a scale: decimal(u32, 4)",
				"f2: time needs an integer type and a unit since midnight: time(u48, ns)",
				"g1: unknown type 'u7' (known: u8 u16 u32 u48 u64 char ascii(N) decimal(uN,S) time(uN,unit) bytes)"), fSaid);
	}

	@Test
	void messageSetsAndPacketKinds() {
		MessageSetRules.discriminator("type", "CHAR", 1, true, "a", fReport);
		MessageSetRules.discriminator("type", "UINT", 2, true, "a", fReport);
		MessageSetRules.code("'A'", null, "b", fReport);
		assertEquals(true, MessageSetRules.codeNamed("'A'", "types", true, "c", fReport));
		assertEquals(true, MessageSetRules.fallback("type", true, "d", fReport));
		assertEquals(true, PacketShapeRules.kind("REQUEST", "e", fReport));
		assertEquals(List.of(), fSaid);
		MessageSetRules.discriminator("nosuch", null, 0, false, "a1", fReport);
		MessageSetRules.discriminator("text", "ASCII", 4, false, "a2", fReport);
		MessageSetRules.discriminator("wide", "UINT", 4, true, "a3", fReport);
		MessageSetRules.code("'A'", "3:7", "b1", fReport);
		assertEquals(false, MessageSetRules.codeNamed("'Z'", "types", false, "c1", fReport));
		assertEquals(false, MessageSetRules.fallback("?", false, "d1", fReport));
		assertEquals(false, PacketShapeRules.kind("DATAGRAM", "e1", fReport));
		assertEquals(List.of("a1: unknown discriminator field 'nosuch'",
				"a2: discriminator 'text' must be a char or an unsigned integer field",
				"a2: discriminator 'text' needs an enum that names the message types",
				"a3: discriminator 'wide' must be at most 2 bytes wide",
				"b1: duplicate message code 'A' (first at 3:7)",
				"c1: message code 'Z' is not in enum 'types'",
				"d1: messages by '?' need an explicit fallback: else unknown \"Unknown Message\";",
				"e1: packet kind must be DATA or REQUEST, not 'DATAGRAM'"), fSaid);
	}
}
