package io.feedscope.filter;

/**
 * The fields of one record (a frame, a dissected message) as a display filter sees them.
 * <p>
 * A field is absent or occurs one or more times ({@code eth.addr} twice, {@code vlan.id} once per tag,
 * a message field once per message of a frame): {@link #count} says how often, and the indexed
 * accessors read occurrence {@code i} (0-based, below the count). The single-value methods read the
 * first occurrence; a record whose fields occur at most once implements only those.
 * <p>
 * Numbers are exact decimals: an unscaled long and a scale (number of implied decimal digits), so
 * {@code itch50.price} with 4 implied decimals is {@code number = 1234500, scale = 4} for 123.45;
 * integers have scale 0; times are nanoseconds with scale 9; IPv4 and MAC addresses are their bits as
 * an unsigned number ({@link FieldType}). The filter only reads a field after {@link #count} (or
 * {@link #has}) said it is there. Field names come from the compiled filter as the same (interned)
 * String instances every time, so an implementation may look them up by identity.
 */
public interface FieldValues {

	/** @return true if the record has the field at least once */
	boolean has(String field);

	/** @return how many times the field occurs (0 when absent) */
	default int count(String field) {
		return has(field) ? 1 : 0;
	}

	/**
	 * @return true if the present field's value is text. Used only for names the filter was compiled
	 *         without a type for (a plain name set); typed fields are read as their {@link FieldType} says.
	 */
	boolean isString(String field);

	/** @return the unscaled value of a present numeric field (first occurrence) */
	long number(String field);

	/** @return the unscaled value of occurrence i of a numeric field */
	default long number(String field, int i) {
		return number(field);
	}

	/** @return the number of implied decimals of a present numeric field (0 for integers, 9 for times) */
	default int scale(String field) {
		return 0;
	}

	/** @return the value of a present text field (first occurrence) */
	String string(String field);

	/** @return occurrence i of a text field */
	default String string(String field, int i) {
		return string(field);
	}

	/** @return occurrence i of a bytes or protocol field (its bytes; a new array the filter may keep) */
	default byte[] bytes(String field, int i) {
		return new byte[0];
	}
}
