package io.feedscope.dissect;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.dissect.internal.lang.DescriptionCompiler;

/**
 * Compiles protocol descriptions (the FeedScope protocol-description language, {@code *.fsp}).
 * <p>
 * Two stages: text &rarr; EMF model (parse and check, every problem reported with file:line:column
 * in one pass), then model &rarr; {@link Protocol} (flat layouts for the decoder). Warnings do not
 * stop compilation unless {@code warningsAreErrors} is set.
 */
public final class ProtocolCompiler {

	private ProtocolCompiler() {
	}

	/**
	 * @param sourceName the name used in diagnostics (file or resource path)
	 * @param text the description
	 * @return the protocol or the errors
	 */
	public static CompileResult compile(String sourceName, String text) {
		return compile(sourceName, text, null, false);
	}

	/**
	 * @param sourceName the name used in diagnostics
	 * @param text the description
	 * @param helper optional helper code for the protocol
	 * @param warningsAreErrors true to refuse a description with warnings
	 * @return the protocol or the errors
	 */
	public static CompileResult compile(String sourceName, String text, @Nullable ProtocolHelper helper, boolean warningsAreErrors) {
		DescriptionCompiler.Result r = DescriptionCompiler.compile(sourceName, text);
		List<ProtocolDiagnostic> diags = r.diagnostics();
		if (warningsAreErrors) {
			List<ProtocolDiagnostic> promoted = new ArrayList<>();
			for (ProtocolDiagnostic d : diags) {
				promoted.add(d.severity() == Severity.WARNING ? new ProtocolDiagnostic(Severity.ERROR, d.source(), d.line(), d.column(), d.message()) : d);
			}
			diags = List.copyOf(promoted);
		}
		EObject model = r.protocol();
		boolean errors = diags.stream().anyMatch(d -> d.severity() == Severity.ERROR);
		if (model == null || errors) {
			return new CompileResult(null, diags);
		}
		return new CompileResult(Protocol.fromModel(model, helper), diags);
	}

	/**
	 * Reads and compiles a description resource (UTF-8).
	 *
	 * @param description where the text is
	 * @return the protocol or the errors
	 * @throws IOException if the resource cannot be read
	 */
	public static CompileResult compile(URL description) throws IOException {
		return compile(description, null);
	}

	/**
	 * @param description where the text is
	 * @param helper optional helper code
	 * @return the protocol or the errors
	 * @throws IOException if the resource cannot be read
	 */
	public static CompileResult compile(URL description, @Nullable ProtocolHelper helper) throws IOException {
		return compile(sourceName(description), read(description), helper, false);
	}

	/** @return a description's text (UTF-8) */
	static String read(URL description) throws IOException {
		try (InputStream in = description.openStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** @return the name diagnostics use for a description: its file name */
	static String sourceName(URL description) {
		String path = description.getPath();
		return path == null || path.isEmpty() ? description.toString() : path.substring(path.lastIndexOf('/') + 1);
	}
}
