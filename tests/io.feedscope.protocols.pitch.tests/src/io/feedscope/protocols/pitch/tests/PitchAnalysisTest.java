package io.feedscope.protocols.pitch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.RangeList;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.generator.Truth;
import io.feedscope.protocols.pitch.generator.PitchGenerator;
import io.feedscope.testdata.outputs.Json;

/**
 * The generic A/B analysis on a feed that is not MoldUDP64: Cboe PITCH over the Sequenced Unit Header,
 * four units interleaved on each line's group (a session per unit, from the description's {@code role
 * session}). Expected values come from the generator's truth sidecar, per unit: what each line lost, what
 * neither delivered, the freeze of line A (its last frame of the unit before, first after) and the outcome of
 * both arbitration policies over the frames as written.
 */
@Timeout(120)
class PitchAnalysisTest {

	@TempDir
	static Path fDir;

	private static Truth fTruth;
	private static Object fJson;
	private static AnalysisResult fResult;

	@BeforeAll
	static void generate() throws IOException {
		Path f = fDir.resolve("pitch.pcapng");
		new PitchGenerator().seed(3).format(CaptureFormat.PCAPNG).write(f);
		fTruth = Truth.read(f);
		ProtocolSet set = ProtocolRegistry.getDefault().compile();
		fResult = PitchSupport.analyze(set, f);
		fJson = Json.parse(fResult.toJson());
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> truthUnits() {
		return (List<Map<String, Object>>) fTruth.json().get("units");
	}

	private static Map<?, ?> session(String unit) {
		for (Object s : (List<?>) Json.at(fJson, "sessions")) {
			if (unit.equals(((Map<?, ?>) s).get("session"))) {
				return (Map<?, ?>) s;
			}
		}
		throw new AssertionError("no session " + unit + " in " + Json.at(fJson, "sessions"));
	}

	private static RangeList ranges(Object json) {
		return PitchSupport.ranges(json);
	}

	@Test
	void oneSessionPerUnitNoSessionChanges() {
		List<?> sessions = (List<?>) Json.at(fJson, "sessions");
		assertEquals(truthUnits().size(), sessions.size());
		for (Map<String, Object> u : truthUnits()) {
			Map<?, ?> s = session(u.get("unit").toString());
			assertEquals("cboe_suh", s.get("protocol"));
			assertEquals(1L, s.get("first_seq"));
			assertEquals(u.get("lastSequence"), s.get("last_seq"));
			assertEquals(2, ((List<?>) s.get("lines")).size(), "lines A and B of unit " + u.get("unit"));
			// units interleaved on one group are carried side by side, not one replacing the other
			assertEquals(List.of(), s.get("session_changes"));
		}
		assertTrue(fResult.findings().stream().noneMatch(f -> f.message().contains("changed from session")));
	}

	@Test
	void lossesAreTheTruths() {
		boolean sawTrueLoss = false;
		for (Map<String, Object> u : truthUnits()) {
			Map<?, ?> s = session(u.get("unit").toString());
			RangeList both = ranges(u.get("lostOnBothLines"));
			assertEquals(both, ranges(s.get("loss")), "true loss of unit " + u.get("unit"));
			sawTrueLoss |= !both.isEmpty();
			for (Object l : (List<?>) u.get("lines")) {
				Map<?, ?> tl = (Map<?, ?>) l;
				Map<?, ?> line = PitchSupport.lineByDestination(s, destination(tl.get("line").toString()));
				assertEquals(ranges(tl.get("lost")), ranges(line.get("gaps")), "gaps of line " + tl.get("line") + " unit " + u.get("unit"));
				assertEquals(tl.get("packets"), line.get("packets"));
			}
		}
		assertTrue(sawTrueLoss, "the preset loses a packet on both lines");
	}

	@Test
	void theFreezeOfLineAPerUnit() {
		for (Map<String, Object> u : truthUnits()) {
			Map<?, ?> s = session(u.get("unit").toString());
			Map<?, ?> tf = (Map<?, ?>) u.get("freeze");
			List<?> freezes = (List<?>) s.get("freezes");
			assertEquals(1, freezes.size(), "unit " + u.get("unit") + ": " + freezes);
			Map<?, ?> f = (Map<?, ?>) freezes.get(0);
			assertEquals(tf.get("lastFrameBefore"), f.get("start_frame"));
			assertEquals(tf.get("firstFrameAfter"), f.get("end_frame"));
			assertEquals(tf.get("startNs"), f.get("start_ns"));
			assertEquals(tf.get("endNs"), f.get("end_ns"));
			Map<?, ?> lineA = PitchSupport.lineByDestination(s, destination("A"));
			assertEquals(lineA.get("name"), f.get("line"));
		}
	}

	@Test
	void arbitrationOutcomeIsTheTruths() {
		long trashed = 0;
		long lostAlthoughDelivered = 0;
		for (Map<String, Object> u : truthUnits()) {
			Map<?, ?> s = session(u.get("unit").toString());
			Map<?, ?> fso = (Map<?, ?>) u.get("firstSeqOnly");
			assertEquals(ranges(fso.get("lost")), ranges(Json.at(s, "arbitration", "first_seq_only", "lost")), "unit " + u.get("unit"));
			assertEquals(ranges(fso.get("lostAlthoughDelivered")),
					ranges(Json.at(s, "arbitration", "first_seq_only", "lost_although_delivered")));
			assertEquals(ranges(((Map<?, ?>) u.get("seqAndCount")).get("lost")),
					ranges(Json.at(s, "arbitration", "seq_and_count", "lost")));
			List<Long> expectedFrames = new ArrayList<>();
			for (Object t : (List<?>) fso.get("trashedFramesWithNewData")) {
				expectedFrames.add((Long) ((Map<?, ?>) t).get("frame"));
			}
			List<Long> frames = new ArrayList<>();
			for (Object t : (List<?>) Json.at(s, "arbitration", "first_seq_only", "trashed_packets_with_new_data")) {
				frames.add((Long) ((Map<?, ?>) t).get("frame"));
			}
			assertEquals(expectedFrames, frames, "trashed frames of unit " + u.get("unit"));
			trashed += frames.size();
			lostAlthoughDelivered += ranges(fso.get("lostAlthoughDelivered")).cardinality();
		}
		// the preset is meant to show the incident: line A's catch-up overtakes line B
		assertTrue(trashed > 0, "no straddling packet trashed");
		assertTrue(lostAlthoughDelivered > 0, "first-seq-only lost nothing both lines delivered");
		assertFalse(fResult.findings().isEmpty());
	}

	@Test
	void theBundlesOwnCheckRunsAndFindsNoResetInASoundFeed() {
		for (Map<String, Object> u : truthUnits()) {
			Map<?, ?> s = session(u.get("unit").toString());
			Map<?, ?> mine = (Map<?, ?>) s.get("io.feedscope.protocols.pitch.unit-clear");
			assertTrue(mine != null, "the PITCH bundle's check wrote its namespaced members: " + s.keySet());
			assertEquals(0L, mine.get("resets_without_unit_clear"));
		}
	}

	private static String destination(String line) {
		return PitchSupport.destination(fTruth, line);
	}
}
