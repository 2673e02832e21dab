package io.feedscope.dissect.internal.lang;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The rules of a packet layout's {@code when} tests, checked as the model builder reads them: the field tested exists
 * and is of the kind the test reads (text for 'printable', special values for 'special', an unsigned integer compared
 * with the size, an integer or char compared with a number). A field is given by its model type, null when no field
 * of that name is declared.
 */
public final class ConditionRules {

	private ConditionRules() {
	}

	/** @return whether a field of that name is declared */
	public static <P> boolean field(String name, @Nullable String type, P at, RuleReport<P> report) {
		if (type == null) {
			report.error(at, "unknown field '" + name + "'");
			return false;
		}
		return true;
	}

	/** {@code printable FIELD} */
	public static <P> void printable(String name, String type, P at, RuleReport<P> report) {
		if (!type.equals("ASCII") && !type.equals("CHAR")) {
			report.error(at, "'printable' tests a text field; '" + name + "' is not one");
		}
	}

	/** {@code FIELD [not] special} */
	public static <P> void special(String name, boolean hasSpecials, P at, RuleReport<P> report) {
		if (!hasSpecials) {
			report.error(at, "field '" + name + "' has no special values");
		}
	}

	/** {@code FIELD == size}: a length field that must equal the datagram */
	public static <P> void fieldSize(String name, String type, P at, RuleReport<P> report) {
		if (!type.equals("UINT")) {
			report.error(at, "comparison with size needs an unsigned integer field; '" + name + "' is not one");
		}
	}

	/** {@code FIELD OP N} */
	public static <P> void fieldValue(String name, String type, P at, RuleReport<P> report) {
		if (!type.equals("UINT") && !type.equals("CHAR")) {
			report.error(at, "comparison needs an integer or char field; '" + name + "' is not one");
		}
	}
}
