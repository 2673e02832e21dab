package io.feedscope.testdata.outputs;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;

/**
 * The published JSON Schema of a {@code feedscope decode --format jsonl} line
 * ({@code bundles/io.feedscope.cli/schema/feedscope-decode-1.schema.json}), checked with networknt
 * json-schema-validator (test only): {@link Records#json()} validates every line it parses.
 */
public final class DecodeSchemaCheck {

	public static final String SCHEMA = "bundles/io.feedscope.cli/schema/feedscope-decode-1.schema.json";

	private static Schema fSchema;

	private DecodeSchemaCheck() {
	}

	private static synchronized Schema schema() {
		if (fSchema == null) {
			fSchema = ReportSchema.load(ReportSchema.above(SCHEMA));
		}
		return fSchema;
	}

	/** @return the schema's complaints about one line (empty when it is valid) */
	public static List<Error> errors(String line) {
		return schema().validate(line, InputFormat.JSON);
	}

	public static void assertValid(String line) {
		List<Error> errors = errors(line);
		if (!errors.isEmpty()) {
			fail("the decode record does not follow " + SCHEMA + ": " + errors + "\n" + line);
		}
	}
}
