package io.feedscope.protocols.pitch.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.CaptureMerger;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.analysis.PacketSource;
import io.feedscope.analysis.RangeList;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.generator.Truth;
import io.feedscope.testdata.outputs.Json;

/**
 * What the analysis tests of the PITCH bundle share with the MoldUDP64 ones (the analysis fragment's
 * GeneratedIncidentTest helpers): this fragment is the PITCH bundle's own, so it carries its few lines itself.
 */
final class PitchSupport {

	private PitchSupport() {
	}

	/** The analysis as the command line runs it: every file dissected, merged, the default checks. */
	static AnalysisResult analyze(ProtocolSet protocols, Path... files) throws IOException {
		List<PacketSource> sources = new ArrayList<>();
		for (Path f : files) {
			sources.add(new DissectedPacketSource(Captures.open(f), protocols));
		}
		try (CaptureMerger m = new CaptureMerger(sources)) {
			return FeedAnalyzer.analyze(m, CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS);
		}
	}

	static Map<?, ?> lineByDestination(Object session, String destination) {
		for (Object l : (List<?>) Json.at(session, "lines")) {
			if (destination.equals(((Map<?, ?>) l).get("destination"))) {
				return (Map<?, ?>) l;
			}
		}
		throw new AssertionError("no line to " + destination + " in " + Json.at(session, "lines"));
	}

	static String destination(Truth t, String line) {
		for (Object o : (List<?>) t.json().get("lines")) {
			Map<?, ?> m = (Map<?, ?>) o;
			if (line.equals(m.get("line"))) {
				return m.get("group") + ":" + m.get("port");
			}
		}
		throw new AssertionError("no line " + line + " in the truth");
	}

	static RangeList ranges(Object json) {
		RangeList r = new RangeList();
		for (Object o : (List<?>) json) {
			List<?> p = (List<?>) o;
			r.add((Long) p.get(0), (Long) p.get(1));
		}
		return r;
	}
}
