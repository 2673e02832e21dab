package io.feedscope.dissect;

/** What the bytes of a field mean; decides how {@link FieldValue#display()} renders it. */
public enum FieldKind {
	/** unsigned integer of 1, 2, 4, 6 or 8 bytes (8 bytes: read as a signed long, compare unsigned) */
	UNSIGNED,
	/** one ASCII character, usually a code named by an enum ({@code 'B'} = Buy) */
	CHAR,
	/** fixed-width ASCII, space padded on the right: the raw bytes are kept, display trims */
	ASCII,
	/** unsigned integer with implied decimals: value = unscaled / 10^scale, kept exact */
	DECIMAL,
	/** time of day as an unsigned count of a unit (ns, us, ms, s) since midnight */
	TIME,
	/** variable-length bytes, sized by an earlier field (a MoldUDP64 message block's data) */
	BYTES
}
