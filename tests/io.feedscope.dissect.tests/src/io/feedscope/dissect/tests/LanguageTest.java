package io.feedscope.dissect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.feedscope.dissect.CompileResult;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.FieldInfo;
import io.feedscope.dissect.FieldKind;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolCompiler;
import io.feedscope.dissect.ProtocolDiagnostic;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.dissect.Severity;
import io.feedscope.dissect.internal.model.ProtocolModel;

/** The protocol-description language: every construct, and every compile error with its line:column. */
public class LanguageTest {

	/** A framing protocol using each framing construct. */
	static final String FRAMING = """
			protocol demo "Demo Framing" doc "test" "concatenated" {
			  byteorder big;
			  field session : ascii(4) "Session" role session;
			  field sequence : u48 "Sequence" role sequence doc "6-byte big-endian";
			  field flags : u32 le "Flags" doc "little-endian override";
			  field count : u8 "Count" role count special { 0 heartbeat "Heartbeat" -> HEARTBEAT; 255 eos "End" -> END_OF_SESSION; };
			  field blen : u16 "Block Length" role msglen;
			  field data : bytes "Data";
			  packet main "Main" { session, sequence, flags, count, repeat count { blen, data[blen] -> feed } }
			  bindings {
			    udp port 7000, 7100..7199;
			    group 239.1.2.0/24, 239.9.9.9;
			    heuristic "demo" score 50 when size >= 15 and printable session and blocks fill payload;
			  }
			}
			""";

	/** A message protocol using each message construct; carried by demo. */
	static final String MESSAGES = """
			protocol dm "Demo Messages" {
			  byteorder little;
			  enum kind : int { 1 quote "Quote"; 2 trade "Trade" doc "a trade"; }
			  enum side : char { 'B' buy "Buy"; 'S' sell "Sell"; ' ' none "None"; }
			  enum venue : string { "XNAS" nasdaq "Nasdaq"; "" unknown "Unknown venue"; }
			  field kind : u8 "Kind" enum kind;
			  field side : char "Side" enum side;
			  field qty : u16 "Quantity";
			  field px : decimal(u32, 4) "Price";
			  field big : decimal(u64, 8) be "Level";
			  field tod : time(u48, ns) "Time";
			  field secs : time(u32, s) "Release";
			  field venue : ascii(4) "Venue" enum venue;
			  field id : u64 "Id";
			  messages by kind {
			    case 1 length 16 { kind, side, qty, px, big }
			    case 2 { kind, tod, secs, venue, id }
			    else unknown "Unknown Demo Message";
			  }
			  bindings { carried by demo; }
			}
			""";

	private static Protocol ok(String name, String text) {
		CompileResult r = ProtocolCompiler.compile(name, text);
		assertTrue(r.diagnostics().isEmpty(), r.diagnostics()::toString);
		assertNotNull(r.protocol());
		return r.protocol();
	}

	private static List<String> errors(String text) {
		CompileResult r = ProtocolCompiler.compile("t.fsp", text);
		assertTrue(r.hasErrors(), "expected errors");
		assertNull(r.protocol());
		return r.diagnostics().stream().map(ProtocolDiagnostic::toString).collect(Collectors.toList());
	}

	@Test
	public void everyConstructCompilesToTheModel() {
		Protocol f = ok("demo.fsp", FRAMING);
		assertEquals("demo", f.name());
		assertEquals("Demo Framing", f.displayName());
		assertTrue(f.isFraming());
		FieldInfo seq = f.field(f.fieldId("sequence"));
		assertEquals(6, seq.width());
		assertEquals("6-byte big-endian", seq.doc());
		assertFalse(f.field(f.fieldId("demo.flags")).isBigEndian());
		assertEquals("heartbeat", f.field(f.fieldId("count")).specialName(0));
		assertEquals("End", f.field(f.fieldId("count")).specialLabel(255));
		assertEquals(2, f.portBindings().size());
		assertEquals(7100, f.portBindings().get(1)[0]);
		assertEquals(7199, f.portBindings().get(1)[1]);
		assertEquals(0xef010200, f.groupBindings().get(0)[0]);
		assertEquals(24, f.groupBindings().get(0)[1]);
		assertEquals(50, f.heuristics().get("demo"));
		assertTrue(f.fieldId("demo.msgseq") >= 0, "derived message sequence");
		assertTrue(f.field(f.fieldId("demo.msgseq")).isDerived());

		Protocol m = ok("dm.fsp", MESSAGES);
		assertEquals(io.feedscope.dissect.ProtocolKind.MESSAGES, m.kind());
		assertEquals(List.of("demo"), m.carriedBy());
		assertEquals(2, m.messageTypeCount());
		assertEquals("quote", m.messageTypeName(0));
		assertEquals(16, m.messageTypeLength(0));
		assertEquals(1 + 6 + 4 + 4 + 8, m.messageTypeLength(1), "length computed when not declared");
		assertEquals("Unknown Demo Message", m.messageTypeLabel(2));
		FieldInfo px = m.field(m.fieldId("px"));
		assertEquals(FieldKind.DECIMAL, px.kind());
		assertEquals(4, px.scale());
		assertEquals(FieldKind.TIME, m.field(m.fieldId("tod")).kind());
		assertEquals(java.util.concurrent.TimeUnit.SECONDS, m.field(m.fieldId("secs")).unit());
		assertEquals("Trade", m.field(m.fieldId("kind")).enumLabel(2));
		assertEquals("Nasdaq (XNAS)", m.field(m.fieldId("venue")).formatText("XNAS"));
		assertEquals(-1, m.fieldId("nosuch"));

		// the model is EMF, built from the programmatic metamodel
		EObject model = m.model();
		assertEquals("Protocol", model.eClass().getName());
		assertEquals(ProtocolModel.PACKAGE, model.eClass().getEPackage());
		assertEquals(ProtocolModel.NS_URI, model.eClass().getEPackage().getNsURI());
	}

	@Test
	public void constructsDecodeAsDeclared() {
		Protocol f = ok("demo.fsp", FRAMING);
		Protocol m = ok("dm.fsp", MESSAGES);
		ProtocolSet set = ProtocolSet.builder().add(f).add(m).build();
		ByteBuffer b = ByteBuffer.allocate(64);
		b.put("AB  ".getBytes()); // session, space padded
		b.putShort((short) 0x0001).putInt(0x00000002); // sequence 0x000100000002 (u48 big-endian)
		b.order(ByteOrder.LITTLE_ENDIAN).putInt(0x11223344).order(ByteOrder.BIG_ENDIAN); // flags, little-endian
		b.put((byte) 2); // count
		b.putShort((short) 16); // block 1: quote
		b.order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 1).put((byte) 'S').putShort((short) 500).putInt(1_000_001);
		b.order(ByteOrder.BIG_ENDIAN).putLong(150_000_000L); // "be" override: 1.50000000
		b.putShort((short) 1); // block 2: unknown kind 9, 1 byte
		b.put((byte) 9);
		int len = b.position();
		FeedPacket p = new FeedDissector(set).dissectPayload(b, 0, len, 1, 7150, 0, 1);
		assertEquals("port binding", p.boundBy());
		assertEquals(PacketKind.DATA, p.kind());
		assertEquals("AB", p.session());
		assertEquals(0x000100000002L, p.sequence());
		assertEquals(0x11223344L, p.getLong(f.fieldId("flags")));
		assertEquals(2, p.messageCount());
		FeedMessage msg = p.message(0);
		assertEquals("quote", msg.typeName());
		assertEquals("Sell ('S')", msg.display(m.fieldId("side")));
		assertEquals(500, msg.getLong(m.fieldId("qty")));
		assertEquals("100.0001", msg.display(m.fieldId("px")));
		assertEquals("1.50000000", msg.display(m.fieldId("big")));
		assertEquals(0x000100000002L, msg.msgseq());
		msg = p.message(1);
		assertFalse(msg.isKnownType());
		assertEquals(0x000100000003L, msg.msgseq());
		assertEquals("dm.kind.unknown", p.expertItems().get(0).id());

		// heuristic: printable session and blocks that fill the payload, on an unbound port
		assertEquals("heuristic 'demo' (score 50)", new FeedDissector(set).dissectPayload(b, 0, len, 1, 1, 0, 1).boundBy());
		// group binding
		assertEquals("group binding", new FeedDissector(set).dissectPayload(b, 0, len - 1, 1, 1, 0xef010207, 1).boundBy());
	}

	@Test
	public void specialValuesAndRepeatToEnd() {
		Protocol f = ok("r.fsp", """
				protocol r {
				  field n : u16 "N" role count special { 0 hb "Heartbeat" -> HEARTBEAT; };
				  field len : u8 "Len";
				  field body : bytes "Body";
				  packet p { n, repeat to end { len, body[len] } }
				}
				""");
		ProtocolSet set = ProtocolSet.builder().add(f).bindPorts("r", 1, 1).build();
		byte[] bytes = { 0, 0 };
		assertEquals(PacketKind.HEARTBEAT, new FeedDissector(set).dissectPayload(ByteBuffer.wrap(bytes), 0, 2, 1, 1, 0, 1).kind());
		byte[] three = { 0, 3, 1, 'a', 2, 'b', 'c', 0 };
		FeedPacket p = new FeedDissector(set).dissectPayload(ByteBuffer.wrap(three), 0, three.length, 1, 1, 0, 1);
		assertEquals(3, p.messageCount(), "repeat to end walks until the payload ends");
		assertTrue(p.expertItems().isEmpty(), p.expertItems()::toString);
	}

	@Test
	public void allErrorsInOnePassWithPositions() {
		List<String> e = errors("""
				protocol x {
				  field a : u24 "A";
				  field b : u8 "B" enum nosuch;
				  field c : decimal(u32, 19) "C";
				  messages by a { case 1 { a, zz } }
				}
				""");
		assertEquals(List.of(
				"t.fsp:2:13: error: unknown type 'u24' (known: u8 u16 u32 u48 u64 char ascii(N) decimal(uN,S) time(uN,unit) bytes)",
				"t.fsp:3:25: error: unknown enum 'nosuch'",
				"t.fsp:4:26: error: decimal scale must be 0..18, not 19",
				"t.fsp:5:15: error: discriminator 'a' needs an enum that names the message types",
				"t.fsp:5:31: error: unknown field 'zz'",
				"t.fsp:5:36: error: messages by 'a' need an explicit fallback: else unknown \"Unknown Message\";"), e);
	}

	@Test
	public void syntaxErrorsHavePositionsToo() {
		List<String> e = errors("""
				protocol x {
				  field a : u8 "A"
				  field b : u8 "B";
				}
				""");
		// said where the ';' is missing (after "A", line 2), not where ANTLR noticed it (the next line's 'field')
		assertEquals("t.fsp:2:19: error: expected ';' after field 'a'", e.get(0));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			one name two types   | field p : decimal(u32, 4) "P"; field p : decimal(u64, 8) "P2";                 | 2:40 | field 'p' declared again with another type: decimal(u64,8) here, decimal(u32,4) at 2:9 (one name, one meaning)
			declared twice       | field p : u8 "P"; field p : u8 "P";                                            | 2:27 | field 'p' is declared twice (first at 2:9); declare it once and use it in every message
			enum kind mismatch   | enum e : char { 'A' a; } field p : u16 "P" enum e;                           | 2:51 | enum 'e' has char codes and cannot name values of a u16 field
			duplicate enum code  | enum e : char { 'A' a; 'A' b; } field p : char "P" enum e;                   | 2:26 | duplicate code 'A' in enum 'e' (first at 2:19)
			mixed enum codes     | enum e { 'A' a; 2 b; }                                                       | 2:19 | enum 'e' has char codes, this one is a int
			special too wide     | field n : u8 "N" special { 256 big "Big"; };                                 | 2:30 | special value 256 does not fit in 1 bytes
			special on text      | field n : ascii(2) "N" special { 1 one "One"; };                             | 2:26 | special values need an integer, decimal or time field, 'n' is ascii(2)
			bad time unit        | field t : time(u48, min) "T";                                                | 2:23 | time unit must be ns, us, ms or s, not 'min'
			bad width            | field t : ascii(0) "T";                                                      | 2:19 | ascii width must be 1..255, not 0
			unknown role         | field t : u8 "T" role boss;                                                  | 2:25 | unknown role 'boss' (known: session, sequence, count, msglen, timestamp)
			timestamp not a time | field t : u8 "T" role timestamp;                                             | 2:25 | role 'timestamp' needs a time(uN, unit) field
			bytes without size   | field d : bytes "D"; packet p { d }                                          | 2:35 | bytes field 'd' needs its size: d[length_field]
			size after bytes     | field d : bytes "D"; field l : u8 "L"; packet p { d[l], l }                  | 2:55 | size field 'l' must come before 'd' (or say 'counts itself' when it is the first field of the data it sizes)
			count unknown        | field d : u8 "D"; packet p { d, repeat n { d } }                             | 2:42 | unknown count field 'n'
			repeat not last      | field d : u8 "D"; packet p { d, repeat d { d }, d }                          | 2:28 | packet 'p': a repeat or bytes field must be the last element
			port range           | field d : u8 "D"; packet p { d } bindings { udp port 9..3; }                 | 2:56 | bad UDP port range 9..3 (0..65535, low first)
			not multicast        | field d : u8 "D"; packet p { d } bindings { group 10.0.0.1; }                | 2:53 | group 10.0.0.1 is not an IPv4 multicast address (224.0.0.0/4)
			handoff not bytes    | field d : u8 "D"; packet p { d -> feed }                                     | 2:34 | only a 'bytes' field can be handed to the feed protocol
			no fallback packet   | field d : u8 "D"; field n : u8 "N"; packet p when d == 1 { d }               | 1:10 | no packet without 'when': one packet layout must be the fallback
			score range          | field d : u8 "D"; packet p { d } bindings { heuristic score 0 when size > 1 and d == 2; } | 2:63 | heuristic score must be 1..100
			carried by framing   | field d : u8 "D"; packet p { d } bindings { carried by x; }                  | 2:47 | 'carried by' is for message protocols; a framing protocol carries others
			packet kind unknown  | field d : u8 "D"; packet p kind DATUM { d }                                  | 2:35 | packet kind must be DATA or REQUEST, not 'DATUM'
			ascii without width  | field t : ascii "T";                                                         | 2:13 | ascii needs one width: ascii(8)
			integer type         | field t : time(u24, ns) "T";                                                 | 2:18 | integer type must be u8, u16, u32, u48 or u64, not 'u24'
			args on an integer   | field t : u8(2) "T";                                                         | 2:16 | type 'u8' takes no arguments
			scale not a number   | field p : decimal(u32, x) "P";                                               | 2:26 | decimal scale must be a number of implied decimals
			decimal one argument | field p : decimal(u32) "P";                                                  | 2:13 | decimal needs an integer type and a scale: decimal(u32, 4)
			unknown discriminator | field a : u8 "A"; messages by z { else unknown "U"; }                       | 2:33 | unknown discriminator field 'z'
			wide discriminator   | enum e : int { 1 a; } field w : u32 "W" enum e; messages by w { else unknown "U"; } | 2:63 | discriminator 'w' must be at most 2 bytes wide
			text discriminator   | field s : ascii(2) "S"; messages by s { else unknown "U"; }                  | 2:39 | discriminator 's' must be a char or an unsigned integer field
			discriminator, no enum | field s : ascii(2) "S"; messages by s { else unknown "U"; }                | 2:39 | discriminator 's' needs an enum that names the message types
			nothing to decode    | field d : u8 "D";                                                            | 1:10 | protocol 'x' has neither a 'packet' nor a 'messages' section
			""")
	public void eachErrorIsReportedWhereItIs(String what, String body, String position, String message) {
		List<String> e = errors("protocol x {\n  " + body.strip() + "\n}\n");
		assertTrue(e.contains("t.fsp:" + position.strip() + ": error: " + message.strip()), () -> what + ": " + e);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			length mismatch   | case 'S' length 12 { t, a }               | 6:19 | message 'S' (s) adds up to 11 bytes, its declared length is 12
			duplicate code    | case 'S' { t, a } case 'S' { t, a }      | 6:26 | duplicate message code 'S' (first at 6:8)
			code not in enum  | case 'Z' { t, a }                         | 6:8  | message code 'Z' is not in enum 'mt'
			field twice       | case 'S' { t, a, a }                      | 6:20 | field 'a' appears twice here
			disc missing      | case 'S' { a }                            | 6:8  | message 'S' does not contain its discriminator 't'
			disc moved        | case 'S' { t, a } case 'L' { a, t }      | 6:26 | message 'L' has 't' at offset 10, other messages at 0
			""")
	public void messageErrors(String what, String cases, String position, String message) {
		String text = """
				protocol x {
				  enum mt : char { 'S' s "S"; 'L' l "L"; }
				  field t : char "T" enum mt;
				  field a : ascii(10) "A";
				  messages by t {
				CASES
				    else unknown "Unknown";
				  }
				}
				""".replace("CASES", "  " + cases.strip());
		List<String> e = errors(text);
		assertTrue(e.contains("t.fsp:" + position.strip() + ": error: " + message.strip()), () -> what + ": " + e);
	}

	@Test
	public void warningsCanBeFatal() {
		String text = """
				protocol w {
				  field d : u8 "D";
				  packet p { d }
				  bindings { heuristic score 10 when size > 1; }
				}
				""";
		CompileResult lenient = ProtocolCompiler.compile("w.fsp", text);
		assertFalse(lenient.hasErrors());
		assertEquals(1, lenient.diagnostics().size());
		assertEquals(Severity.WARNING, lenient.diagnostics().get(0).severity());
		assertEquals("w.fsp:4:14: warning: a heuristic with fewer than two tests accepts too much", lenient.diagnostics().get(0).toString());
		CompileResult strict = ProtocolCompiler.compile("w.fsp", text, null, true);
		assertTrue(strict.hasErrors());
		assertNull(strict.protocol());
	}

	@Test
	public void keywordsCanNameFields() {
		Protocol p = ok("k.fsp", """
				protocol k {
				  enum t : char { 'P' printable "P"; }
				  field type : char "Type" enum t;
				  field printable : char "Printable";
				  field size : u16 "Size";
				  messages by type { case 'P' length 4 { type, printable, size } else unknown; }
				}
				""");
		assertTrue(p.fieldId("k.printable") >= 0);
		assertTrue(p.fieldId("k.size") >= 0);
	}
}
