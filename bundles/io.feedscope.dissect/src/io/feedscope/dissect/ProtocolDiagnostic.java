package io.feedscope.dissect;

/**
 * A problem in a protocol description, found by {@link ProtocolCompiler}.
 *
 * @param severity {@link Severity#ERROR} makes the description unusable; warnings do not
 * @param source the description's name (its file or resource path)
 * @param line 1-based line
 * @param column 1-based column
 * @param message what is wrong, for a person
 */
public record ProtocolDiagnostic(Severity severity, String source, int line, int column, String message) {

	/** @return {@code source:line:column: error: message}, the form compilers and editors understand */
	@Override
	public String toString() {
		return source + ":" + line + ":" + column + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
	}
}
