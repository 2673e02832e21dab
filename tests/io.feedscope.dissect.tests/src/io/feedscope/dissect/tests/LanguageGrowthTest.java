package io.feedscope.dissect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.feedscope.dissect.CompileResult;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolCompiler;
import io.feedscope.dissect.ProtocolDiagnostic;
import io.feedscope.dissect.ProtocolSet;

/**
 * What the language learned for feeds unlike MoldUDP64/ITCH 5.0 (issue 11 section 4): integer sessions,
 * lengths that count themselves, a time of day from a seconds message plus a per-message offset, special
 * values on decimals; and the diagnostics for what it used to accept silently.
 */
public class LanguageGrowthTest {

	/** A little-endian framing: u8 unit as the session, a u16 block length that counts itself and is laid out first. */
	static final String FRAMING = """
			protocol lf "Little Framing" {
			  byteorder little;
			  field unit : u8 "Unit" role session special { 0 none "No Unit"; };
			  field seq : u32 "Sequence" role sequence;
			  field n : u8 "Count" role count;
			  field blen : u16 "Block Length" role msglen counts itself;
			  field flags : u8 "Flags";
			  field data : bytes "Data";
			  packet p { unit, seq, n, repeat n { blen, flags, data[blen] -> feed } }
			  bindings { udp port 5555; }
			}
			""";

	/** Messages with an ITCH-4-like clock: 'T' gives seconds, every other message nanoseconds. */
	static final String MESSAGES = """
			protocol lm "Little Messages" {
			  byteorder little;
			  enum mt : char { 'T' seconds "Seconds"; 'Q' quote "Quote"; }
			  field mt : char "Type" enum mt;
			  field secs : time(u32, s) "Seconds";
			  field ns : u32 "Nanoseconds";
			  field when : time(u64, ns) "Time" = secs + ns doc "derived";
			  field px : decimal(u32, 4) "Price" special { 0x7FFFFFFF no_price "No Price"; };
			  messages by mt {
			    case 'T' length 5 { mt, secs }
			    case 'Q' length 9 { mt, ns, px }
			    else unknown "Unknown";
			  }
			  bindings { carried by lf; }
			}
			""";

	static Protocol ok(String name, String text) {
		CompileResult r = ProtocolCompiler.compile(name, text);
		assertTrue(r.diagnostics().isEmpty(), r.diagnostics()::toString);
		assertNotNull(r.protocol());
		return r.protocol();
	}

	static List<String> diagnostics(String text) {
		return ProtocolCompiler.compile("t.fsp", text).diagnostics().stream().map(ProtocolDiagnostic::toString)
				.collect(Collectors.toList());
	}

	/** header (little-endian) + blocks of [blen counting itself and flags][message] */
	static ByteBuffer packet(int unit, long seq, byte[]... messages) {
		int len = 6;
		for (byte[] m : messages) {
			len += 3 + m.length;
		}
		ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) unit).putInt((int) seq).put((byte) messages.length);
		for (byte[] m : messages) {
			b.putShort((short) (m.length + 3)).put((byte) 0x5A).put(m);
		}
		return b.flip();
	}

	static byte[] seconds(int s) {
		return ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN).put((byte) 'T').putInt(s).array();
	}

	static byte[] quote(int ns, int px) {
		return ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 'Q').putInt(ns).putInt(px).array();
	}

	@Test
	public void littleEndianIntegerSessionSelfCountingLengthAndDerivedTime() {
		ProtocolSet set = ProtocolSet.builder().add(ok("lf.fsp", FRAMING)).add(ok("lm.fsp", MESSAGES)).build();
		FeedDissector d = new FeedDissector(set);
		int when = set.fieldId("lm.when");
		int px = set.fieldId("lm.px");
		int ns = set.fieldId("lm.ns");
		ByteBuffer b = packet(9, 70_000, seconds(3_600 * 14 + 5), quote(42, 1_234_500), quote(999_999_999, 0x7FFFFFFF));
		FeedPacket p = d.dissectPayload(b, 0, b.limit(), 5555, 5555, 0, 1);
		assertEquals(PacketKind.DATA, p.kind());
		assertTrue(p.expertItems().isEmpty(), p.expertItems()::toString);
		assertEquals("9", p.session(), "a u8 session is shown as its number, not as a control character");
		assertEquals(70_000, p.sequence());
		assertEquals(3, p.messageCount());
		FeedMessage m = p.messages();
		assertTrue(m.next());
		assertEquals(5, m.length(), "block length 8 counts itself (2) and the flags (1)");
		assertEquals("14:00:05.000000000", m.display(when));
		assertTrue(m.next());
		assertEquals(42, m.getLong(ns));
		assertEquals((3_600L * 14 + 5) * 1_000_000_000L + 42, m.getLong(when));
		assertEquals("14:00:05.000000042", m.display(when));
		assertEquals("123.4500", m.display(px));
		assertTrue(m.next());
		assertEquals("14:00:05.999999999", m.display(when));
		assertEquals("No Price (2147483647)", m.display(px), "a sentinel is named, not shown as 214748.3647");
		// unit 0 is named by its special value
		ByteBuffer z = packet(0, 1, quote(1, 1));
		p = d.dissectPayload(z, 0, z.limit(), 5555, 5555, 0, 2);
		assertEquals("No Unit (0)", p.session());
		m = p.messages();
		assertTrue(m.next());
		assertFalse(m.has(when), "unit 0 saw no seconds message");
		// a block length below what it counts: reported, the walk stops instead of looping
		ByteBuffer bad = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 9).putInt(1).put((byte) 1)
				.putShort((short) 2).put((byte) 0).flip();
		p = d.dissectPayload(bad, 0, bad.limit(), 5555, 5555, 0, 3);
		assertEquals(0, p.messageCount());
		assertEquals("lf.blen.invalid", p.expertItems().get(0).id(), p.expertItems()::toString);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			port binding in messages  | 7:5  | 'udp' bindings choose framing protocols: a messages protocol is found through 'carried by' (bind the framing protocol's ports or groups instead, e.g. --bind udp.port==N,framing/x)
			group binding in messages | 7:17 | 'group' bindings choose framing protocols: a messages protocol is found through 'carried by' (bind the framing protocol's ports or groups instead, e.g. --bind udp.port==N,framing/x)
			code longer than field    | 4:58 | enum 'v' has code "XNASD" (5 characters), longer than this ascii(4) field: it could never match
			""")
	public void silentAcceptancesAreErrorsNow(String what, String position, String message) {
		List<String> e = diagnostics("""
				protocol x {
				  enum t : char { 'A' a "A"; }
				  enum v : string { "XNAS" nasdaq; "XNASD" long; }
				  field t : char "T" enum t; field v : ascii(4) "V" enum v;
				  messages by t { case 'A' { t, v } else unknown "Unknown"; }
				  bindings {
				    udp port 1; group 239.1.1.1; carried by f;
				  }
				}
				""");
		assertTrue(e.contains("t.fsp:" + position.strip() + ": error: " + message.strip()), () -> what + ": " + e);
	}

	@Test
	public void anUnknownTypeIsOneErrorNotACascade() {
		List<String> e = diagnostics("""
				protocol x {
				  enum t : char { 'A' a "A"; 'B' b "B"; }
				  field t : char "T" enum t;
				  field q : u24 "Q";
				  field r : u32 "R";
				  messages by t {
				    case 'A' length 8 { t, q, r }
				    case 'B' length 5 { t, q }
				    else unknown "Unknown";
				  }
				}
				""");
		assertEquals(List.of("t.fsp:4:13: error: unknown type 'u24' (known: u8 u16 u32 u48 u64 char ascii(N) decimal(uN,S) time(uN,unit) bytes)"), e);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			field            | field a : u8 "A"\\n  field b : u8 "B";                          | 2:19 | expected ';' after field 'a'
			field with doc   | field a : u8 "A" doc "x"\\n  field b : u8 "B";                  | 2:27 | expected ';' after field 'a'
			enum literal     | enum e : char { 'A' a "A" 'B' b "B"; }                          | 2:28 | expected ';' after enum literal 'a'
			""")
	public void aMissingSemicolonIsSaidPlainly(String what, String body, String position, String message) {
		List<String> e = diagnostics("protocol x {\n  " + body.strip().replace("\\n", "\n") + "\n  packet p { a }\n}\n");
		assertEquals("t.fsp:" + position.strip() + ": error: " + message.strip(), e.get(0), () -> what + ": " + e);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			base not a time     | field s : u32 "S"; field o : u32 "O"; field t : time(u64, ns) "T" = s + o;          | 2:71 | the base 's' must be a time since midnight, e.g. time(u32, s)
			derived not a time  | field s : time(u32, s) "S"; field o : u32 "O"; field t : u64 "T" = s + o;           | 2:68 | a derived field is a time: time(u64, ns) = seconds + nanoseconds
			unknown offset      | field s : time(u32, s) "S"; field t : time(u64, ns) "T" = s + nope;                 | 2:65 | unknown field 'nope'
			laid out            | field s : time(u32, s) "S"; field o : u32 "O"; field t : time(u64, ns) "T" = s + o; | 4:60 | 't' is derived (= ...): it is computed, not laid out; it appears in every message with its parts
			counts itself text  | field s : ascii(2) "S" counts itself;                                               | 2:26 | 'counts itself' is for a length field (an unsigned integer), 's' is ascii(2)
			""")
	public void derivedTimesAndLengthsAreChecked(String what, String body, String position, String message) {
		List<String> e = diagnostics("protocol x {\n  " + body.strip() + "\n  enum k : char { 'A' a; }\n  field k : char \"K\" enum k;"
				+ " messages by k { case 'A' { k, t } else unknown \"U\"; }\n}\n");
		assertTrue(e.contains("t.fsp:" + position.strip() + ": error: " + message.strip()), () -> what + ": " + e);
	}
}
