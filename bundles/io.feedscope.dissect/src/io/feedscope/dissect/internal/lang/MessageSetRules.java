package io.feedscope.dissect.internal.lang;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The rules of a {@code messages by FIELD} section, checked as the model builder reads it: the discriminator is a
 * declared char or unsigned integer field at most 2 bytes wide with an enum naming the message types; every case's
 * code is given once and is in that enum; an explicit fallback for the codes no case names. (The layout of each case:
 * {@link MessageLayoutRules}.) Types are the model's ("UINT", "CHAR", ...).
 */
public final class MessageSetRules {

	private MessageSetRules() {
	}

	/**
	 * @param disc  the discriminator's name as written
	 * @param type  its model type, null when no field of that name is declared
	 * @param width its width in bytes
	 * @param hasEnum whether the field names its values with an enum
	 */
	public static <P> void discriminator(String disc, @Nullable String type, int width, boolean hasEnum, P at, RuleReport<P> report) {
		if (type == null) {
			report.error(at, "unknown discriminator field '" + disc + "'");
			return;
		}
		if (!type.equals("CHAR") && !type.equals("UINT")) {
			report.error(at, "discriminator '" + disc + "' must be a char or an unsigned integer field");
		} else if (width > 2) {
			report.error(at, "discriminator '" + disc + "' must be at most 2 bytes wide");
		}
		if (!hasEnum) {
			report.error(at, "discriminator '" + disc + "' needs an enum that names the message types");
		}
	}

	/**
	 * @param code    the case's code as written
	 * @param firstAt where a case gave the same code before ("line:column"), null if none did
	 */
	public static <P> void code(String code, @Nullable String firstAt, P at, RuleReport<P> report) {
		if (firstAt != null) {
			report.error(at, "duplicate message code " + code + " (first at " + firstAt + ")");
		}
	}

	/**
	 * @param enumName the discriminator's enum
	 * @param named    whether the enum has a literal of that code
	 * @return whether the code is named
	 */
	public static <P> boolean codeNamed(String code, String enumName, boolean named, P at, RuleReport<P> report) {
		if (!named) {
			report.error(at, "message code " + code + " is not in enum '" + enumName + "'");
		}
		return named;
	}

	/**
	 * @param disc        the discriminator's name as written ("?" when none is)
	 * @param hasFallback whether an {@code else NAME "Label";} closes the section
	 * @return whether it has one
	 */
	public static <P> boolean fallback(String disc, boolean hasFallback, P at, RuleReport<P> report) {
		if (!hasFallback) {
			report.error(at, "messages by '" + disc + "' need an explicit fallback: else unknown \"Unknown Message\";");
		}
		return hasFallback;
	}
}
