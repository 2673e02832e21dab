package io.feedscope.protocols.pitch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.Test;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.CheckContext;
import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.CheckScope;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.analysis.FeedCheck;
import io.feedscope.analysis.FeedLine;
import io.feedscope.analysis.FeedSession;
import io.feedscope.analysis.Finding;
import io.feedscope.analysis.PacketEvent;
import io.feedscope.analysis.PacketFacts;
import io.feedscope.analysis.PacketRole;
import io.feedscope.analysis.PacketView;
import io.feedscope.dissect.PacketKind;
import io.feedscope.protocols.pitch.UnitClearCheck;

/**
 * The PITCH bundle's check: a unit restarting at sequence 1 is an error unless its packet carries a Unit Clear
 * (0x97); other framings' sessions are not its business, and as contributed it is never handed their packets (its
 * scope). Events built by hand: one unit on lines A and B.
 */
class UnitClearCheckTest {

	private static final int A = PacketEvent.ip("224.0.62.2"), B = PacketEvent.ip("224.0.62.130");

	private static AnalysisResult run(String framing, int firstTypeAfterReset) {
		return run(new FeedAnalyzer(AnalysisOptions.DEFAULTS).addCheck(UnitClearCheck.ID, new UnitClearCheck()), framing,
				firstTypeAfterReset);
	}

	private static AnalysisResult run(FeedAnalyzer a, String framing, int firstTypeAfterReset) {
		PacketEvent e = new PacketEvent();
		int frame = 0;
		long t = 1_000_000_000L;
		// 50 packets of 2 messages, then the unit starts again at 1
		for (int k = 0; k < 60; k++) {
			long seq = k < 50 ? 1 + 2L * k : 1 + 2L * (k - 50);
			for (int line : new int[] { A, B }) {
				e.clear().setCapture(0, "t").setFrame(++frame, t += 1000).setDestination(line, 30001).setSource(PacketEvent.ip("10.0.0.1"), 29001)
						.setProtocol(framing).setSession("7").setKind(PacketKind.DATA).setFirstSeq(seq).setMessageCount(2)
						.setMessageTypeLetters(false);
				e.setMessageType(0, k == 50 ? firstTypeAfterReset : 0x21).setMessageType(1, 0x29);
				a.accept(e);
			}
		}
		return a.finish();
	}

	private static List<Finding> mine(AnalysisResult r) {
		return r.findings().stream().filter(f -> f.checkId().equals(UnitClearCheck.ID)).toList();
	}

	@Test
	void aResetWithoutUnitClearIsAnErrorOnEachLine() {
		List<Finding> f = mine(run("cboe_suh", 0x21));
		assertEquals(2, f.size(), f.toString());
		assertTrue(f.get(0).message().contains("restarted at sequence 1 after 100 without a Unit Clear"), f.get(0).message());
	}

	@Test
	void aResetAnnouncedByUnitClearIsSound() {
		assertEquals(List.of(), mine(run("cboe_suh", 0x97)));
	}

	@Test
	void otherFramingsAreNotItsBusiness() {
		assertEquals(List.of(), mine(run("moldudp64", 0x21)));
	}

	/**
	 * As contributed (the extension registry's descriptor under OSGi): its scope is the Cboe framing's line data, so
	 * the analysis never calls it for another feed's packets; on a Cboe unit it finds what it finds without a scope.
	 */
	@Test
	void contributedWithItsScope() {
		CheckDescriptor d = CheckRegistry.load().checks().stream().filter(c -> c.id().equals(UnitClearCheck.ID)).findFirst()
				.orElseThrow();
		assertEquals(CheckScope.parse("cboe_suh", "LINE_DATA"), d.scope());
		assertEquals(mine(run("cboe_suh", 0x21)).toString(),
				mine(run(new FeedAnalyzer(List.of(d), AnalysisOptions.DEFAULTS), "cboe_suh", 0x21)).toString());
		// another feed's packets never reach it: its list of resets stays empty without its own protocol test
		FeedAnalyzer a = new FeedAnalyzer(AnalysisOptions.DEFAULTS);
		int[] calls = new int[1];
		a.addCheck(UnitClearCheck.ID, new FeedCheck() {
			@Override
			public void start(CheckContext context) {
				// nothing to declare
			}

			@Override
			public void onPacket(PacketView e, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
					PacketFacts facts) {
				calls[0]++;
			}
		}, d.scope());
		run(a, "moldudp64", 0x21);
		assertEquals(0, calls[0], "calls on MoldUDP64 packets");
	}
}
