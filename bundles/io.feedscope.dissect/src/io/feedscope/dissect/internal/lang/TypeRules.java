package io.feedscope.dissect.internal.lang;

import java.util.Set;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The rules of a field's type as the model builder reads it: a known type name, arguments only where the type takes
 * them (an ascii width 1..255, an integer type u8..u64 under decimal and time, a decimal scale 0..18, a time unit since
 * midnight). Each check says what it found wrong and gives the value the builder goes on with, so one description's
 * every mistake is said in one pass.
 */
public final class TypeRules {

	/** The units a time can count since midnight. */
	public static final Set<String> UNITS = Set.of("ns", "us", "ms", "s");
	/** The integer types, by name. */
	public static final Set<String> INTEGERS = Set.of("u8", "u16", "u32", "u48", "u64");

	private TypeRules() {
	}

	/** @return whether a type that takes no arguments ({@code u8..u64}, {@code char}, {@code bytes}) was given none */
	public static <P> boolean noArgs(String type, int args, P firstArg, RuleReport<P> report) {
		if (args > 0) {
			report.error(firstArg, "type '" + type + "' takes no arguments");
			return false;
		}
		return true;
	}

	/**
	 * @param width the one argument when it is a number, null otherwise (or when there are not exactly one)
	 * @param at where the type is named (no width) or the width is (a width out of range)
	 * @return the width in bytes to go on with: the width given when it is 1..255, else 1
	 */
	public static <P> int asciiWidth(@Nullable Long width, P at, RuleReport<P> report) {
		if (width == null) {
			report.error(at, "ascii needs one width: ascii(8)");
			return 1;
		}
		if (width < 1 || width > 255) {
			report.error(at, "ascii width must be 1..255, not " + width);
			return 1;
		}
		return width.intValue();
	}

	/** @return whether a decimal or time has its two arguments */
	public static <P> boolean twoArgs(String type, int args, P at, RuleReport<P> report) {
		if (args != 2) {
			report.error(at, type.equals("decimal") ? "decimal needs an integer type and a scale: decimal(u32, 4)"
					: "time needs an integer type and a unit since midnight: time(u48, ns)");
			return false;
		}
		return true;
	}

	/** @return the width in bytes of a decimal's or time's integer type; 4 (as u32) when it is not one */
	public static <P> int intWidth(String text, P at, RuleReport<P> report) {
		if (!INTEGERS.contains(text)) {
			report.error(at, "integer type must be u8, u16, u32, u48 or u64, not '" + text + "'");
			return 4;
		}
		return Integer.parseInt(text.substring(1)) / 8;
	}

	/**
	 * @param scale the scale when it is a number, null when it is not
	 * @return the number of implied decimals to go on with: the scale given when it is 0..18, else 0
	 */
	public static <P> int decimalScale(@Nullable Long scale, P at, RuleReport<P> report) {
		if (scale == null) {
			report.error(at, "decimal scale must be a number of implied decimals");
			return 0;
		}
		if (scale < 0 || scale > 18) {
			report.error(at, "decimal scale must be 0..18, not " + scale);
			return 0;
		}
		return scale.intValue();
	}

	/** @return whether the time unit is one of {@link #UNITS} */
	public static <P> boolean timeUnit(String unit, P at, RuleReport<P> report) {
		if (!UNITS.contains(unit)) {
			report.error(at, "time unit must be ns, us, ms or s, not '" + unit + "'");
			return false;
		}
		return true;
	}

	/** A type name the language does not have. */
	public static <P> void unknown(String type, P at, RuleReport<P> report) {
		report.error(at, "unknown type '" + type + "' (known: u8 u16 u32 u48 u64 char ascii(N) decimal(uN,S) time(uN,unit) bytes)");
	}
}
