package io.feedscope.dissect.internal.lang;

import java.util.List;
import java.util.Set;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The rules of a field declaration's attributes, checked as the model builder reads them: a role on a field of the
 * type it needs and on one field only, an enum whose codes can be values of the field (and fit in it), 'counts
 * itself' on a length, special values on numbers, each fitting the field's width, given once, of a known packet kind.
 * Types are the model's ("UINT", "CHAR", "ASCII", "DECIMAL", "TIME", "BYTES"); {@code typeText} is the field's type
 * as declared ("u16", "ascii(8)"), for the messages.
 */
public final class FieldRules {

	/** The roles a field can have. */
	public static final Set<String> ROLES = Set.of("session", "sequence", "count", "msglen", "timestamp");
	/** The packet kinds a special value can make its packet. */
	public static final Set<String> SPECIAL_KINDS = Set.of("HEARTBEAT", "END_OF_SESSION", "UNSEQUENCED");

	private FieldRules() {
	}

	/**
	 * @param role  the role named
	 * @param type  the field's model type
	 * @param taken roles already given in this protocol; the role is added when it is not yet
	 * @return whether the field gets the role
	 */
	public static <P> boolean role(String role, String type, Set<String> taken, P at, RuleReport<P> report) {
		if (!ROLES.contains(role)) {
			report.error(at, "unknown role '" + role + "' (known: session, sequence, count, msglen, timestamp)");
			return false;
		}
		if (!taken.add(role)) {
			report.error(at, "role '" + role + "' given to two fields");
			return false;
		}
		if (role.equals("timestamp") ? !type.equals("TIME")
				: role.equals("session") ? !Set.of("ASCII", "UINT", "CHAR").contains(type) : !type.equals("UINT")) {
			if (role.equals("timestamp")) {
				report.error(at, "role 'timestamp' needs a time(uN, unit) field");
			} else {
				report.error(at, "role '" + role + "' needs "
						+ (role.equals("session") ? "an ascii(N), char or unsigned integer" : "an unsigned integer") + " field");
			}
			return false;
		}
		return true;
	}

	/**
	 * @param enumName the enum named
	 * @param keyKind  its key kind ("char", "int", "string"), null when no such enum is declared
	 * @return whether the enum names the field's values
	 */
	public static <P> boolean enumFits(String enumName, @Nullable String keyKind, String type, String typeText, P at,
			RuleReport<P> report) {
		if (keyKind == null) {
			report.error(at, "unknown enum '" + enumName + "'");
			return false;
		}
		boolean ok = switch (type) {
		case "CHAR" -> keyKind.equals("char");
		case "UINT" -> keyKind.equals("int");
		case "ASCII" -> keyKind.equals("string");
		default -> false;
		};
		if (!ok) {
			report.error(at, "enum '" + enumName + "' has " + keyKind + " codes and cannot name values of a " + typeText + " field");
		}
		return ok;
	}

	/**
	 * An ascii(N) field cannot hold a longer code: such a literal could never match (a silent dead entry).
	 *
	 * @param codes the enum's string codes, in order
	 * @param width the field's width
	 */
	public static <P> void codesFit(String enumName, List<String> codes, int width, String typeText, P at, RuleReport<P> report) {
		for (String text : codes) {
			if (text.length() > width) {
				report.error(at, "enum '" + enumName + "' has code \"" + text + "\" (" + text.length()
						+ " characters), longer than this " + typeText + " field: it could never match");
			}
		}
	}

	/** @return whether 'counts itself' applies (a length field: an unsigned integer) */
	public static <P> boolean countsItself(String type, String shortName, String typeText, P at, RuleReport<P> report) {
		if (!type.equals("UINT")) {
			report.error(at, "'counts itself' is for a length field (an unsigned integer), '" + shortName + "' is " + typeText);
			return false;
		}
		return true;
	}

	/** @return whether the field can have special values (an integer, decimal or time) */
	public static <P> boolean specialsAllowed(String type, String shortName, String typeText, P at, RuleReport<P> report) {
		if (!Set.of("UINT", "DECIMAL", "TIME").contains(type)) {
			report.error(at, "special values need an integer, decimal or time field, '" + shortName + "' is " + typeText);
			return false;
		}
		return true;
	}

	/**
	 * @param value the special value
	 * @param text  it as written
	 * @param width the field's width in bytes
	 * @param seen  values given so far; this one is added
	 */
	public static <P> void specialValue(long value, String text, int width, Set<Long> seen, P at, RuleReport<P> report) {
		if (width < 8 && (value >>> (8 * width)) != 0) {
			report.error(at, "special value " + text + " does not fit in " + width + " bytes");
		}
		if (!seen.add(value)) {
			report.error(at, "special value " + text + " given twice");
		}
	}

	/** @param kind the packet kind a special value gives its packet */
	public static <P> void specialKind(String kind, P at, RuleReport<P> report) {
		if (!SPECIAL_KINDS.contains(kind)) {
			report.error(at, "unknown packet kind '" + kind + "' (known: HEARTBEAT, END_OF_SESSION, UNSEQUENCED)");
		}
	}
}
