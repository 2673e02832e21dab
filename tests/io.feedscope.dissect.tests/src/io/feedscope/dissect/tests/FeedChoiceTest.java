package io.feedscope.dissect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.feedscope.dissect.Binding;
import io.feedscope.dissect.CompileResult;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolCompiler;
import io.feedscope.dissect.ProtocolDiagnostic;
import io.feedscope.dissect.ProtocolSet;

/**
 * Bindings name the framing and the feed ({@code udp.port==N,moldudp64/xyz}); two feeds on one framing with
 * nothing to separate them are said once (which won, how to choose), not resolved silently by load order.
 */
public class FeedChoiceTest {

	/** A second feed on MoldUDP64 (an ITCH dialect of another exchange, say): type 'A' is 9 bytes here. */
	static final String XYZ = """
			protocol xyz "XYZ Feed" {
			  enum t : char { 'A' add "Add"; }
			  field t : char "Type" enum t;
			  field qty : u64 "Quantity";
			  messages by t { case 'A' length 9 { t, qty } else unknown "Unknown XYZ"; }
			  bindings { carried by moldudp64; }
			}
			""";

	static Protocol xyz() {
		CompileResult r = ProtocolCompiler.compile("xyz.fsp", XYZ);
		assertTrue(r.diagnostics().isEmpty(), r.diagnostics()::toString);
		return r.protocol();
	}

	@Test
	public void bindingSyntaxNamesTheFeed() {
		Binding b = Binding.parse("udp.port==11002,moldudp64/xyz", "");
		assertEquals(new Binding("moldudp64", 11002, 11002, null, "xyz"), b);
		assertEquals("udp.port==11002,moldudp64/xyz", b.toString());
		assertEquals("ip.dst==233.1.1.0/24,moldudp64/xyz", Binding.parse("ip.dst==233.1.1.0/24 moldudp64/xyz", "").toString());
		assertEquals("", Binding.parse("udp.port==1,moldudp64", "").feed());
	}

	@Test
	public void twoFeedsOnOneFramingAreSaidOnceAndABindingChooses() {
		ProtocolSet set = TestProtocols.standard().toBuilder().add(xyz()).origin("xyz", "xyz.fsp", "user folder /u").build();
		List<String> warnings = set.diagnostics().stream().map(ProtocolDiagnostic::toString).toList();
		assertEquals(List.of("xyz.fsp:6:25: warning: both 'itch50' (added) and 'xyz' (user folder /u) are carried by 'moldudp64': 'itch50'"
				+ " decodes all moldudp64 traffic; to choose per feed, bind it: --bind udp.port==N,moldudp64/xyz (or"
				+ " ip.dst==GROUP,moldudp64/xyz; the same in the preferences' bindings)"), warnings);
		// rebuilt with more bindings: still said once
		ProtocolSet again = set.toBuilder().bindPorts("moldudp64", 26477, 26477).build();
		assertEquals(warnings, again.diagnostics().stream().map(ProtocolDiagnostic::toString).toList());
		// a binding naming the feed separates them: no warning, and each port gets its own feed
		ProtocolSet.Builder b = set.toBuilder();
		Binding.parse("udp.port==11002,moldudp64/xyz", "").applyTo(b);
		Binding.parse("udp.port==26477,moldudp64", "").applyTo(b);
		ProtocolSet chosen = b.build();
		assertTrue(chosen.diagnostics().stream().noneMatch(d -> d.message().contains("both")), chosen.diagnostics()::toString);
		FeedDissector d = new FeedDissector(chosen);
		byte[] msg = { 'A', 0, 0, 0, 0, 0, 0, 0, 42 };
		ByteBuffer p = ByteBuffer.wrap(MoldPacketBuilder.mold64().session("XYZSESS001").sequence(7).message(msg).payload());
		FeedPacket onXyz = d.dissectPayload(p, 0, p.limit(), 11002, 11002, 0, 1);
		assertEquals("xyz", onXyz.feedProtocol().name());
		FeedMessage m = onXyz.messages();
		assertTrue(m.next());
		assertEquals(42, m.getLong(chosen.fieldId("xyz.qty")));
		assertTrue(onXyz.expertItems().isEmpty(), onXyz.expertItems()::toString);
		FeedPacket onItch = d.dissectPayload(p, 0, p.limit(), 26477, 26477, 0, 2);
		assertEquals("itch50", onItch.feedProtocol().name(), "the other port keeps the framing's usual feed");
	}
}
