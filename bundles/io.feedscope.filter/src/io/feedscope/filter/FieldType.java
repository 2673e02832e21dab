package io.feedscope.filter;

/**
 * What a field's value is, as Wireshark's field types ({@code tshark -G fields} prints them as
 * FT_UINT32, FT_IPv4, ...): it decides how literals compared with the field are read
 * ({@code ip.dst == 233.54.12.0/24}, {@code eth.src == 00:1b:21:3a:0a:10},
 * {@code frame.time >= "2026-01-01 09:34:00"}) and which operators apply.
 * <p>
 * How {@link FieldValues} hands each type over: numbers ({@link FieldValues#number} with
 * {@link FieldValues#scale}) for every type but text and bytes; text through
 * {@link FieldValues#string}; bytes through {@link FieldValues#bytes}.
 */
public enum FieldType {
	/** an unsigned integer (as wide as the description says) */
	UNSIGNED("FT_UINT64", "Unsigned integer", 0),
	/** a signed integer */
	SIGNED("FT_INT64", "Signed integer", 0),
	/** an exact decimal: unscaled integer and a number of implied decimals ({@code itch50.price}) */
	DECIMAL("FT_DOUBLE", "Decimal number (exact)", 0),
	/** one character ({@code itch50.side}): compares as one-character text, or with 'B' */
	CHAR("FT_CHAR", "Character, 1 byte", 0),
	/** text, right padding trimmed */
	STRING("FT_STRING", "Character string", 0),
	/** an IPv4 address: the number is the address as an unsigned 32-bit integer */
	IPV4("FT_IPv4", "IPv4 address", 4),
	/** a MAC address: the number is the 48 bits, first byte highest */
	ETHER("FT_ETHER", "Ethernet or other MAC address", 6),
	/** a date and time: nanoseconds since the Unix epoch (scale 9) */
	ABSOLUTE_TIME("FT_ABSOLUTE_TIME", "Date and time", 0),
	/** a time offset in seconds: nanoseconds (scale 9) */
	RELATIVE_TIME("FT_RELATIVE_TIME", "Time offset", 0),
	/** a time of day: a count of the field's unit since midnight ({@code itch50.timestamp}) */
	TIME_OF_DAY("FT_UINT64", "Time of day (count since midnight)", 0),
	/** a byte sequence */
	BYTES("FT_BYTES", "Byte sequence", 0),
	/** a protocol: tests its presence; its value is the bytes it spans */
	PROTOCOL("FT_PROTOCOL", "Protocol", 0);

	private final String fWireshark;
	private final String fDescription;
	private final int fByteWidth;

	FieldType(String wireshark, String description, int byteWidth) {
		fWireshark = wireshark;
		fDescription = description;
		fByteWidth = byteWidth;
	}

	/** @return the nearest Wireshark type name (FT_IPv4, ...), as {@code tshark -G fields} prints it */
	public String wiresharkName() {
		return fWireshark;
	}

	/** @return the type for people ("IPv4 address"), as the wireshark-filter manual names them */
	public String description() {
		return fDescription;
	}

	/** @return true if values are text ({@link FieldValues#string}) */
	public boolean isText() {
		return this == STRING || this == CHAR;
	}

	/** @return true if values are bytes ({@link FieldValues#bytes}) */
	public boolean isBytes() {
		return this == BYTES || this == PROTOCOL;
	}

	/** @return true if values are numbers ({@link FieldValues#number}) */
	public boolean isNumber() {
		return !isText() && !isBytes();
	}

	/** @return bytes of an address type when sliced ({@code eth.src[0:3]}); 0 for types that cannot be sliced as bytes */
	public int byteWidth() {
		return fByteWidth;
	}
}
