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
import io.feedscope.dissect.internal.lang.MessageLayoutRules;
import io.feedscope.dissect.internal.lang.PacketShapeRules;
import io.feedscope.dissect.internal.lang.ProtocolShapeRules;
import io.feedscope.dissect.internal.lang.RuleReport;

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
}
