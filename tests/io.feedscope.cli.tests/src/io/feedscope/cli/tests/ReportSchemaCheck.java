package io.feedscope.cli.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.feedscope.analysis.AnalysisResult;

/** The analysis report's published JSON Schema, checked with networknt json-schema-validator (test only). */
final class ReportSchemaCheck {

	private static Schema fSchema;

	private ReportSchemaCheck() {
	}

	private static synchronized Schema schema() {
		if (fSchema == null) {
			Path dir = Path.of("").toAbsolutePath();
			for (Path d = dir; d != null && fSchema == null; d = d.getParent()) {
				Path f = d.resolve("bundles/io.feedscope.analysis").resolve(AnalysisResult.SCHEMA_RESOURCE);
				if (Files.isRegularFile(f)) {
					try {
						fSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
								.getSchema(Files.readString(f), InputFormat.JSON);
					} catch (IOException e) {
						throw new UncheckedIOException(e);
					}
				}
			}
			if (fSchema == null) {
				throw new IllegalStateException("no " + AnalysisResult.SCHEMA_RESOURCE + " above " + dir);
			}
		}
		return fSchema;
	}

	static void assertValid(String json) {
		List<Error> errors = schema().validate(json, InputFormat.JSON);
		if (!errors.isEmpty()) {
			fail("the report does not follow " + AnalysisResult.SCHEMA_RESOURCE + ": " + errors);
		}
	}
}
