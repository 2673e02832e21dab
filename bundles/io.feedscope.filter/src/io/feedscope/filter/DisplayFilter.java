package io.feedscope.filter;

import java.util.Set;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.filter.internal.FilterCompiler;

/**
 * A compiled display filter: immutable, thread-safe, cheap to test.
 * <p>
 * Semantics follow Wireshark's wireshark-filter(4) (4.0):
 * <ul>
 * <li>a comparison on an absent field is false (so {@code a != 1} is false when {@code a} is absent,
 * while {@code !(a == 1)} is true); a bare field name is true when the field is present;</li>
 * <li>a field that occurs several times in a record (eth.addr, vlan.id, a message field in a frame of
 * several messages): {@code ==} ({@code eq}, {@code any_eq}) holds when <em>any</em> occurrence is
 * equal; {@code !=} ({@code ne}, {@code all_ne}) when <em>all</em> occurrences differ, so
 * {@code a != x} is {@code !(a == x)} for a present field; {@code ===} ({@code all_eq}) when all
 * are equal; {@code !==} ({@code any_ne}, and 3.6's {@code ~=}) when any differs; {@code <},
 * {@code <=}, {@code >}, {@code >=}, {@code contains}, {@code matches} and {@code in} when any
 * occurrence satisfies them; {@code any}/{@code all} before a test choose explicitly
 * ({@code all vlan.id == 100}). With a field on both sides every pair of occurrences counts;</li>
 * <li>numbers compare as exact decimals ({@code itch50.price >= 123.45}); a number never equals a
 * string; IPv4 and MAC addresses compare as numbers, a CIDR literal ({@code 233.54.12.0/24}) with
 * {@code ==}/{@code !=} tests membership; dates are local time unless they say Z or UTC;</li>
 * <li>{@code contains} is a substring (bytes: subsequence) test; {@code matches}/{@code ~} finds a
 * Java regular expression in the text, <em>case-insensitively</em> as Wireshark's PCRE2 does
 * ({@code (?-i)} makes it case-sensitive);</li>
 * <li>{@code f[i:j]} (j bytes from i), {@code f[i-j]} (i to j inclusive), {@code f[i]},
 * {@code f[:j]}, {@code f[i:]}, negative offsets from the end, several joined by commas: slices of
 * text, bytes and addresses, compared as bytes (with "text" or 00:1b:21); a range beyond the value
 * makes that occurrence absent;</li>
 * <li>functions {@code len()} (bytes of text, bytes, addresses), {@code upper()}, {@code lower()},
 * {@code count()} (occurrences) and {@code string()} (a number or address as text);</li>
 * <li>{@code in {1, 2, 10..20}}: equal to one value or within one inclusive range (or network);
 * {@code not in} is its negation (true for an absent field too, as in Wireshark).</li>
 * </ul>
 * Not supported from Wireshark: arithmetic, bitwise {@code &}, layer operator {@code #}, field
 * references {@code ${...}}, host names, max()/min()/abs().
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

	/**
	 * Compiles a filter against typed fields: literals are read as the type of what they are compared
	 * with ({@code ip.dst == 233.54.12.0/24}, {@code eth.src == 00:1b:21:3a:0a:10},
	 * {@code frame.time >= "2026-01-01 09:34:00"}, local time as in Wireshark), and a test that does not
	 * fit the type ({@code udp.port contains "x"}, a slice of an integer) is an error.
	 *
	 * @throws FilterSyntaxException with the column and a message for the user
	 */
	static DisplayFilter compile(String text, FieldVocabulary fields) throws FilterSyntaxException {
		return FilterCompiler.compile(text, fields, java.time.ZoneId.systemDefault());
	}

	/** As {@link #compile(String, FieldVocabulary)}, with dates without a zone read in the given one. */
	static DisplayFilter compile(String text, FieldVocabulary fields, java.time.ZoneId zone) throws FilterSyntaxException {
		return FilterCompiler.compile(text, fields, zone);
	}
}
