package io.feedscope.dissect;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Outcome of compiling one description.
 *
 * @param protocol the compiled protocol, null if there were errors
 * @param diagnostics every problem found, in source order of discovery
 */
public record CompileResult(@Nullable Protocol protocol, List<ProtocolDiagnostic> diagnostics) {

	/** @return true if any diagnostic is an error (then {@link #protocol()} is null) */
	public boolean hasErrors() {
		return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
	}
}
