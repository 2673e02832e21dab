package io.feedscope.dissect.internal.lang;

/**
 * Where a validation rule set reports a problem: the compiler passes the token the problem is at and turns it into
 * {@code source:line:column}; a test passes any label and collects the messages. The rule sets word every message
 * themselves, so the words are the same whoever asks.
 *
 * @param <P> what a position is to the caller (an ANTLR token in the compiler)
 */
public interface RuleReport<P> {

	/** A problem that makes the description unusable. */
	void error(P at, String message);

	/** A problem worth saying that does not stop the description from being used. */
	void warning(P at, String message);
}
