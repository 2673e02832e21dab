package io.feedscope.filter;

/**
 * The fields of one record (a dissected message, a frame) as a display filter sees them.
 * <p>
 * A field is absent, a number or a string. Numbers are exact decimals: an unscaled long and a scale
 * (number of implied decimal digits), so {@code itch50.price} with 4 implied decimals is
 * {@code number = 1234500, scale = 4} for 123.45; integers have scale 0. The filter only calls
 * {@link #number}, {@link #scale} or {@link #string} after {@link #has} returned true. Field names
 * come from the compiled filter as the same (interned) String instances every time, so an
 * implementation may look them up by identity.
 */
public interface FieldValues {

	/** @return true if the record has the field */
	boolean has(String field);

	/** @return true if the present field's value is text, false if it is a number */
	boolean isString(String field);

	/** @return the unscaled value of a present numeric field */
	long number(String field);

	/** @return the number of implied decimals of a present numeric field (0 for integers) */
	default int scale(String field) {
		return 0;
	}

	/** @return the value of a present text field */
	String string(String field);
}
