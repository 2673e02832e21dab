package io.feedscope.dissect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Static description of one field of a protocol: name, type, width, scale, enum names. Immutable;
 * one per field, shared by every message type that uses the field (one name, one meaning).
 */
public final class FieldInfo {

	private final int fId;
	private final String fName;
	private final String fLabel;
	private final String fDoc;
	private final FieldKind fKind;
	private final int fWidth;
	private final boolean fBigEndian;
	private final int fScale;
	private final String fUnit;
	private final String fRole;
	private final FieldRole fTypedRole;
	private final Map<Long, String[]> fEnumByCode;
	private final Map<String, String[]> fEnumByText;
	/** special values as parallel arrays: looked up per packet, so no boxing and no hashing */
	private final long[] fSpecialValues;
	private final String[][] fSpecials;
	private final boolean fDerived;

	FieldInfo(int id, String name, String label, String doc, FieldKind kind, int width, boolean bigEndian, int scale, String unit,
			String role, Map<Long, String[]> enumByCode, Map<String, String[]> enumByText, Map<Long, String[]> specials, boolean derived) {
		fId = id;
		fName = name;
		fLabel = label;
		fDoc = doc;
		fKind = kind;
		fWidth = width;
		fBigEndian = bigEndian;
		fScale = scale;
		fUnit = unit;
		fRole = role;
		fTypedRole = FieldRole.of(role);
		fEnumByCode = enumByCode;
		fEnumByText = enumByText;
		fSpecialValues = new long[specials.size()];
		fSpecials = new String[specials.size()][];
		int k = 0;
		for (Map.Entry<Long, String[]> e : specials.entrySet()) {
			fSpecialValues[k] = e.getKey();
			fSpecials[k++] = e.getValue();
		}
		fDerived = derived;
	}

	/** Writes everything but the id (ids are numbered per JVM) for {@link ProtocolCache}. */
	void write(DataOutput out) throws IOException {
		out.writeUTF(fName);
		out.writeUTF(fLabel);
		ProtocolCache.writeLongString(out, fDoc);
		out.writeByte(fKind.ordinal());
		out.writeInt(fWidth);
		out.writeBoolean(fBigEndian);
		out.writeInt(fScale);
		out.writeUTF(fUnit);
		out.writeUTF(fRole);
		out.writeInt(fEnumByCode.size());
		for (Map.Entry<Long, String[]> e : fEnumByCode.entrySet()) {
			out.writeLong(e.getKey());
			ProtocolCache.writeStrings(out, e.getValue());
		}
		out.writeInt(fEnumByText.size());
		for (Map.Entry<String, String[]> e : fEnumByText.entrySet()) {
			out.writeUTF(e.getKey());
			ProtocolCache.writeStrings(out, e.getValue());
		}
		out.writeInt(fSpecialValues.length);
		for (int k = 0; k < fSpecialValues.length; k++) {
			out.writeLong(fSpecialValues[k]);
			ProtocolCache.writeStrings(out, fSpecials[k]);
		}
		out.writeBoolean(fDerived);
	}

	/** Reads what {@link #write(DataOutput)} wrote, giving the field this JVM's id. */
	static FieldInfo read(DataInput in, int id) throws IOException {
		String name = in.readUTF();
		String label = in.readUTF();
		String doc = ProtocolCache.readLongString(in);
		FieldKind kind = FieldKind.values()[in.readUnsignedByte()];
		int width = in.readInt();
		boolean bigEndian = in.readBoolean();
		int scale = in.readInt();
		String unit = in.readUTF();
		String role = in.readUTF();
		int n = ProtocolCache.count(in);
		Map<Long, String[]> byCode = new HashMap<>();
		for (int k = 0; k < n; k++) {
			byCode.put(in.readLong(), ProtocolCache.readStrings(in));
		}
		n = ProtocolCache.count(in);
		Map<String, String[]> byText = new HashMap<>();
		for (int k = 0; k < n; k++) {
			byText.put(in.readUTF(), ProtocolCache.readStrings(in));
		}
		n = ProtocolCache.count(in);
		// insertion order kept: the constructor flattens specials into arrays in iteration order
		Map<Long, String[]> specials = new LinkedHashMap<>();
		for (int k = 0; k < n; k++) {
			specials.put(in.readLong(), ProtocolCache.readStrings(in));
		}
		boolean derived = in.readBoolean();
		return new FieldInfo(id, name, label, doc, kind, width, bigEndian, scale, unit, role, byCode, byText, specials, derived);
	}

	/** @return the precompiled id for {@code getLong(id)} (unique across protocols) */
	public int id() {
		return fId;
	}

	/** @return the filter/column name, e.g. {@code itch50.price} */
	public String name() {
		return fName;
	}

	/** @return the name for people, e.g. "Price" */
	public String displayName() {
		return fLabel;
	}

	/** @return the doc string from the description (tooltip text), may be empty */
	public String doc() {
		return fDoc;
	}

	public FieldKind kind() {
		return fKind;
	}

	/** @return width in bytes, -1 for variable-length bytes */
	public int width() {
		return fWidth;
	}

	/** @return byte order on the wire */
	public boolean isBigEndian() {
		return fBigEndian;
	}

	/** @return implied decimals of a {@link FieldKind#DECIMAL} field (ITCH prices 4, MWCB levels 8), else 0 */
	public int scale() {
		return fScale;
	}

	/**
	 * @return unit of a {@link FieldKind#TIME} field since midnight (the description's ns, us, ms or s), null for
	 *         any other field
	 */
	public java.util.concurrent.@Nullable TimeUnit unit() {
		return switch (fUnit) {
		case "ns" -> java.util.concurrent.TimeUnit.NANOSECONDS;
		case "us" -> java.util.concurrent.TimeUnit.MICROSECONDS;
		case "ms" -> java.util.concurrent.TimeUnit.MILLISECONDS;
		case "s" -> java.util.concurrent.TimeUnit.SECONDS;
		default -> null;
		};
	}

	/** @return what the field means to the framing (session, sequence, count, message length), {@link FieldRole#NONE} if nothing */
	public FieldRole role() {
		return fTypedRole;
	}

	/** @return true for values computed by the decoder (e.g. {@code moldudp64.msgseq}), not read from the wire */
	public boolean isDerived() {
		return fDerived;
	}

	/** @return true if an enum names this field's values */
	public boolean hasEnum() {
		return !fEnumByCode.isEmpty() || !fEnumByText.isEmpty();
	}

	/** @return the enum literal's label for a char/int code ("Buy Order"), or null */
	public @Nullable String enumLabel(long code) {
		String[] l = fEnumByCode.get(code);
		return l == null ? null : l[1];
	}

	/** @return the enum literal's name for a char/int code ("buy"), or null */
	public @Nullable String enumName(long code) {
		String[] l = fEnumByCode.get(code);
		return l == null ? null : l[0];
	}

	/** @return the enum literal's label for an ASCII code (trimmed text, e.g. "T1"), or null */
	public @Nullable String enumLabel(String text) {
		String[] l = fEnumByText.get(text);
		return l == null ? null : l[1];
	}

	private String @Nullable [] special(long value) {
		long[] values = fSpecialValues;
		for (int k = 0; k < values.length; k++) {
			if (values[k] == value) {
				return fSpecials[k];
			}
		}
		return null;
	}

	/** @return the special value's name ("heartbeat") for a value, or null */
	public @Nullable String specialName(long value) {
		String[] s = special(value);
		return s == null ? null : s[0];
	}

	/** @return the special value's label ("Heartbeat"), or null */
	public @Nullable String specialLabel(long value) {
		String[] s = special(value);
		return s == null ? null : s[1];
	}

	/** @return the packet kind a special value means (HEARTBEAT, END_OF_SESSION, UNSEQUENCED), or null */
	public @Nullable PacketKind specialPacketKind(long value) {
		String[] s = special(value);
		return s == null || s[2].isEmpty() ? null : PacketKind.named(s[2]);
	}

	boolean hasSpecials() {
		return fSpecialValues.length > 0;
	}

	/**
	 * Renders a numeric value (integer, char code, decimal, time) the way views show it.
	 *
	 * @param value the raw value (unscaled for decimals)
	 * @return enum label with code, special label, "123.4500", "09:30:00.000000123", ...
	 */
	public String format(long value) {
		switch (fKind) {
		case CHAR: {
			String c = printableChar(value);
			String l = enumLabel(value);
			return l == null ? c : l + " (" + c + ")";
		}
		case DECIMAL:
		case TIME: {
			// a sentinel such as Cboe's 0x7FFFFFFF "no price" is a name, not an amount
			String s = fSpecialValues.length == 0 ? null : specialLabel(value);
			if (s != null) {
				return s + " (" + Long.toUnsignedString(value) + ")";
			}
			return fKind == FieldKind.DECIMAL ? formatDecimal(value, fScale) : formatTime(value, fUnit);
		}
		default: {
			String s = specialLabel(value);
			if (s != null) {
				return s + " (" + Long.toUnsignedString(value) + ")";
			}
			String l = enumLabel(value);
			return l == null ? Long.toUnsignedString(value) : l + " (" + value + ")";
		}
		}
	}

	/** Renders trimmed ASCII text, with the enum label if one names it ("Halt News Pending (T1)"). */
	public String formatText(String trimmed) {
		String l = enumLabel(trimmed);
		return l == null ? trimmed : l + " (" + trimmed + ")";
	}

	private static String printableChar(long v) {
		if (v >= 0x20 && v < 0x7f) {
			return "'" + (char) v + "'";
		}
		return String.format("0x%02x", v);
	}

	/**
	 * Exact decimal rendering of an unscaled unsigned value.
	 *
	 * @param unscaled the integer on the wire (unsigned)
	 * @param scale implied decimals
	 * @return e.g. 1234500, 4 -&gt; "123.4500"
	 */
	public static String formatDecimal(long unscaled, int scale) {
		String digits = Long.toUnsignedString(unscaled);
		if (scale == 0) {
			return digits;
		}
		if (digits.length() <= scale) {
			digits = "0".repeat(scale - digits.length() + 1) + digits;
		}
		int p = digits.length() - scale;
		return digits.substring(0, p) + "." + digits.substring(p);
	}

	/**
	 * Time of day from a count since midnight.
	 *
	 * @param value count of unit since midnight
	 * @param unit ns, us, ms or s
	 * @return HH:MM:SS with 9/6/3/0 fraction digits; days beyond the first are shown as "+Nd"
	 */
	public static String formatTime(long value, String unit) {
		long perSecond;
		int digits;
		switch (unit) {
		case "ns" -> { perSecond = 1_000_000_000L; digits = 9; }
		case "us" -> { perSecond = 1_000_000L; digits = 6; }
		case "ms" -> { perSecond = 1_000L; digits = 3; }
		default -> { perSecond = 1L; digits = 0; }
		}
		if (value < 0) {
			return Long.toUnsignedString(value);
		}
		long secs = value / perSecond;
		long frac = value % perSecond;
		long days = secs / 86400;
		secs %= 86400;
		StringBuilder sb = new StringBuilder(24);
		two(sb, secs / 3600).append(':');
		two(sb, secs / 60 % 60).append(':');
		two(sb, secs % 60);
		if (digits > 0) {
			String f = Long.toString(frac);
			sb.append('.').append("0".repeat(digits - f.length())).append(f);
		}
		if (days > 0) {
			sb.append(" +").append(days).append('d');
		}
		return sb.toString();
	}

	private static StringBuilder two(StringBuilder sb, long v) {
		if (v < 10) {
			sb.append('0');
		}
		return sb.append(v);
	}

	@Override
	public String toString() {
		return fName + " (" + fKind + (fWidth > 0 ? ", " + fWidth + " bytes" : "") + ")";
	}
}
