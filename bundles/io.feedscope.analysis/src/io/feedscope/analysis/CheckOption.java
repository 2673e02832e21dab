package io.feedscope.analysis;

import java.util.Locale;

/**
 * A tunable a check declares in its contribution ({@code <option>} inside {@code <check>}, see
 * {@code schema/checks.exsd}): the workbench's Checks preference page shows it with its description and
 * default, the command line sets it with {@code analyze --check-option CHECK.NAME=VALUE}, and the check reads
 * the value in effect through {@link CheckContext#option(String)} and its typed variants.
 *
 * @param name the option's name, unique within its check (letters, digits, {@code _} and {@code -})
 * @param type what values it takes
 * @param defaultValue the value when the user set none, valid for {@code type}
 * @param description one sentence for people, with the unit
 */
public record CheckOption(String name, Type type, String defaultValue, String description) {

	/** Value types of an option, as {@code type} names them in plugin.xml. */
	public enum Type {
		/** a whole number ({@code long}) */
		INTEGER,
		/** a decimal number ({@code double}) */
		DECIMAL,
		/** {@code true} or {@code false} */
		BOOLEAN,
		/** any text */
		STRING,
		/** a duration as {@code analyze --gap-timeout} reads it: {@code 0}, {@code 250us}, {@code 5ms}, {@code 1s}; ns */
		DURATION;

		/** @return the type named in plugin.xml ({@code integer}, {@code decimal}, ...), case ignored */
		public static Type parse(String text) {
			try {
				return valueOf(text.strip().toUpperCase(Locale.ROOT));
			} catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("option type '" + text
						+ "' is none of integer, decimal, boolean, string, duration");
			}
		}

		/** @return the name plugin.xml uses */
		public String xmlName() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	public CheckOption {
		if (!name.matches("[A-Za-z0-9_-]+")) {
			throw new IllegalArgumentException("option name '" + name + "' must be letters, digits, _ or -");
		}
		check(name, type, defaultValue);
	}

	/**
	 * @return {@code text} if it is a valid value of this option
	 * @throws IllegalArgumentException naming the option and what is wrong
	 */
	public String validate(String text) {
		check(name, type, text);
		return text.strip();
	}

	private static void check(String name, Type type, String text) {
		String t = text.strip();
		try {
			switch (type) {
			case INTEGER -> Long.parseLong(t);
			case DECIMAL -> {
				double d = Double.parseDouble(t);
				if (!Double.isFinite(d)) {
					throw new NumberFormatException("not finite");
				}
			}
			case BOOLEAN -> {
				if (!t.equals("true") && !t.equals("false")) {
					throw new IllegalArgumentException("not true or false");
				}
			}
			case STRING -> {
				// any text
			}
			case DURATION -> {
				if (AnalysisOptions.parseGapTimeout(t) < 0) {
					throw new IllegalArgumentException("auto is not a duration");
				}
			}
			}
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("option " + name + " takes " + article(type) + ", not '" + text + "'");
		}
	}

	private static String article(Type type) {
		return switch (type) {
		case INTEGER -> "a whole number";
		case DECIMAL -> "a decimal number";
		case BOOLEAN -> "true or false";
		case STRING -> "text";
		case DURATION -> "a duration such as 250us, 5ms or 1s";
		};
	}

	/** @return the value as the type reads it: Long, Double, Boolean, String, or Long ns for a duration */
	public Object parse(String text) {
		String t = validate(text);
		return switch (type) {
		case INTEGER -> Long.valueOf(t);
		case DECIMAL -> Double.valueOf(t);
		case BOOLEAN -> Boolean.valueOf(t);
		case STRING -> t;
		case DURATION -> Long.valueOf(AnalysisOptions.parseGapTimeout(t));
		};
	}
}
