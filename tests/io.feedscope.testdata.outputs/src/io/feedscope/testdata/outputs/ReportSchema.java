package io.feedscope.testdata.outputs;

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

/**
 * The published JSON Schema of the analysis report ({@link AnalysisResult#SCHEMA_RESOURCE}), checked with
 * networknt json-schema-validator (a test-only library). {@link Json#parse} validates every report it is
 * given, so each report a test produces and reads is checked against the contract.
 */
public final class ReportSchema {

	private static Schema fSchema;

	private ReportSchema() {
	}

	/** @return the schema file in the analysis bundle, found from the test's working directory upwards */
	public static Path file() {
		return above("bundles/io.feedscope.analysis/" + AnalysisResult.SCHEMA_RESOURCE);
	}

	public static synchronized Schema schema() {
		if (fSchema == null) {
			fSchema = load(file());
		}
		return fSchema;
	}

	/** @return a file of the repository, found from the test's working directory upwards (decode's schema too) */
	static Path above(String relative) {
		Path dir = Path.of("").toAbsolutePath();
		for (Path d = dir; d != null; d = d.getParent()) {
			Path f = d.resolve(relative);
			if (Files.isRegularFile(f)) {
				return f;
			}
		}
		throw new IllegalStateException("no " + relative + " above " + dir);
	}

	/** @return a JSON Schema file, read as draft 2020-12 */
	static Schema load(Path file) {
		try {
			return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(Files.readString(file),
					InputFormat.JSON);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** @return the schema's complaints about a JSON text (empty: valid) */
	public static List<Error> errors(String json) {
		return schema().validate(json, InputFormat.JSON);
	}

	/** Fails with every complaint when the report does not follow the schema. */
	public static void assertValid(String json) {
		List<Error> errors = errors(json);
		if (!errors.isEmpty()) {
			fail("the report does not follow " + AnalysisResult.SCHEMA_RESOURCE + ": " + errors);
		}
	}
}
