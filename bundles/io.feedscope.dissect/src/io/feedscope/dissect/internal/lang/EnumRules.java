package io.feedscope.dissect.internal.lang;

import java.util.Set;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The rules of an enum declaration, checked as the model builder reads it: one declaration per name, a key kind of
 * char, int or string, every code of that kind, no code and no name given twice. Where an earlier declaration is
 * meant, the caller says where it was ({@code firstAt}, "line:column").
 */
public final class EnumRules {

	/** The key kinds an enum can have. */
	public static final Set<String> KEY_KINDS = Set.of("char", "int", "string");

	private EnumRules() {
	}

	/** @return whether this is the enum's first declaration ({@code firstAt} null) */
	public static <P> boolean firstDeclaration(String name, @Nullable String firstAt, P at, RuleReport<P> report) {
		if (firstAt != null) {
			report.error(at, "enum '" + name + "' declared twice (first at " + firstAt + ")");
			return false;
		}
		return true;
	}

	/** @return whether the declared key kind is one of {@link #KEY_KINDS} */
	public static <P> boolean keyKind(String keyKind, P at, RuleReport<P> report) {
		if (!KEY_KINDS.contains(keyKind)) {
			report.error(at, "enum key kind must be char, int or string, not '" + keyKind + "'");
			return false;
		}
		return true;
	}

	/**
	 * @param keyKind the enum's key kind (declared, or its first code's)
	 * @param kind    this code's kind
	 * @return whether the code is of the enum's kind
	 */
	public static <P> boolean codeKind(String name, String keyKind, String kind, P at, RuleReport<P> report) {
		if (!keyKind.equals(kind)) {
			report.error(at, "enum '" + name + "' has " + keyKind + " codes, this one is a " + kind);
			return false;
		}
		return true;
	}

	/**
	 * @param code    the code as written
	 * @param firstAt where the same code was given before, null if it was not
	 */
	public static <P> void code(String name, String code, @Nullable String firstAt, P at, RuleReport<P> report) {
		if (firstAt != null) {
			report.error(at, "duplicate code " + code + " in enum '" + name + "' (first at " + firstAt + ")");
		}
	}

	/**
	 * @param literal a literal's name
	 * @param names   the names given so far; this one is added
	 */
	public static <P> void literalName(String name, String literal, Set<String> names, P at, RuleReport<P> report) {
		if (!names.add(literal)) {
			report.error(at, "duplicate name '" + literal + "' in enum '" + name + "'");
		}
	}
}
