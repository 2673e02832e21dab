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

	/** @return {@code source:line:column: error: message}, the form compilers and editors understand ({@code source: error: message} without a line) */
	@Override
	public String toString() {
		// a problem that is not in a description's text (a plugin.xml contribution, a folder) has no line
		String at = line > 0 ? source + ":" + line + ":" + column : source;
		return at + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
	}
}
