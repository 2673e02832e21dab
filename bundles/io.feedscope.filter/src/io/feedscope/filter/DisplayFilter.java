package io.feedscope.filter;

import java.util.Set;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.filter.internal.FilterCompiler;

/**
 * A compiled display filter: immutable, thread-safe, cheap to test.
 * <p>
 * Semantics follow Wireshark: a comparison on an absent field is false (so {@code a != 1} is false
 * when {@code a} is absent, while {@code !(a == 1)} is true); a bare field name is true when the field
 * is present; numbers compare as exact decimals ({@code itch50.price >= 123.45}); a number never
 * equals a string; {@code contains} is a substring test on strings; {@code in {1 2 3}} is true when
 * the field equals one of the values.
 */
public interface DisplayFilter {

	/** @return true if the record passes the filter */
	boolean test(FieldValues record);

	/** @return the filter text as given */
	String text();

	/** @return the field names the filter uses */
	Set<String> fields();

	/**
	 * Compiles a filter.
	 *
	 * @param text the expression, e.g. {@code itch50.stock == "AAPL" and itch50.shares > 100}
	 * @param knownFields field names that exist; any other name is an error that suggests the nearest
	 *        known one. null accepts every name.
	 * @throws FilterSyntaxException with the column and a message for the user
	 */
	static DisplayFilter compile(String text, @Nullable Set<String> knownFields) throws FilterSyntaxException {
		return FilterCompiler.compile(text, knownFields);
	}
}
