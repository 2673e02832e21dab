package io.feedscope.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.AnalysisResult;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.testdata.outputs.Json;
import io.feedscope.testdata.outputs.ReportSchema;

/**
 * The report as a contract: the published schema accepts what the analysis writes and rejects what breaks
 * it (so the validation that {@link Json#parse} runs on every report can fail).
 */
@Timeout(60)
class ReportSchemaTest {

	@TempDir
	static Path fDir;

	private static String demoReport() throws IOException {
		Scenario demo = Scenario.preset("demo").seed(3).build();
		Path f = fDir.resolve("demo.pcapng");
		if (!Files.exists(f)) {
			new Generator(demo).format(CaptureFormat.PCAPNG).write(f);
		}
		return GeneratedIncidentTest.analyze(GeneratedIncidentTest.protocols(demo), f).toJson();
	}

	@Test
	void theReportNamesItsFormatFirstAndFollowsTheSchema() throws IOException {
		String json = demoReport();
		assertTrue(json.startsWith("{\n  \"schema\": \"feedscope-analysis/2\",\n"), json.substring(0, 60));
		assertEquals(List.of(), ReportSchema.errors(json));
		// the schema file is the one the bundle ships (build.properties includes schema/)
		String schema = Files.readString(ReportSchema.file());
		assertTrue(schema.contains("\"const\": \"feedscope-analysis/2\""));
	}

	@Test
	void theSchemaRejectsWhatBreaksTheContract() throws IOException {
		String json = demoReport();
		// a malformed frame without its time, a range of three numbers, another version, an unknown member
		String noTime = json.replaceFirst("\"time_ns\": \\d+,\\s*\"problem\"", "\"problem\"");
		assertFalse(noTime.equals(json));
		assertFalse(ReportSchema.errors(noTime).isEmpty(), "malformed_frames[] needs time_ns");
		String badRange = json.replaceFirst("\"gaps\": \\[\\[(\\d+),(\\d+)\\]", "\"gaps\": [[$1,$2,1]");
		assertFalse(badRange.equals(json));
		assertFalse(ReportSchema.errors(badRange).isEmpty(), "a range is [from, to]");
		assertFalse(ReportSchema.errors(json.replace("feedscope-analysis/2", "feedscope-analysis/1")).isEmpty());
		assertFalse(ReportSchema.errors(json.replaceFirst("\"frames\": ", "\"framez\": 1, \"frames\": ")).isEmpty());
		String nullSafe = json.replaceFirst("\"safe_gap_timeout_ns\": null", "\"safe_gap_timeout_ns\": \"none\"");
		assertFalse(nullSafe.equals(json));
		assertFalse(ReportSchema.errors(nullSafe).isEmpty());
		assertEquals("feedscope-analysis/2", AnalysisResult.SCHEMA);
	}
}
