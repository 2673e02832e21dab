package io.feedscope.dissect;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Optional Java code contributed next to a description, for what the language deliberately does not
 * say (it has no embedded code). Named in the extension ({@code helper} attribute) or returned by
 * {@link ProtocolProvider#helper()}. Not on the hot path: only views call it.
 */
public interface ProtocolHelper {

	/**
	 * Renders a field value the language cannot (e.g. a vendor-specific code table).
	 *
	 * @param field the field
	 * @param value its raw value
	 * @return the text to show, or null to use the default rendering
	 */
	default @Nullable String format(FieldInfo field, long value) {
		return null;
	}
}
