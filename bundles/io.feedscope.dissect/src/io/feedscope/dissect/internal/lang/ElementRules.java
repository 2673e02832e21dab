package io.feedscope.dissect.internal.lang;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The rules of a layout's elements (a packet's or a message's field list), checked as the model builder resolves
 * them: fields that exist, once per scope, never a derived one; a size or count field that exists, is an unsigned
 * integer and comes before what it sizes or counts (or counts itself); sizes only on bytes fields and bytes fields
 * always sized; '-> feed' only on a bytes field of a packet layout. A field is given by its model type ("UINT",
 * "BYTES", ...), null when no field of that name is declared.
 */
public final class ElementRules {

	private ElementRules() {
	}

	/**
	 * @param type       the field's model type, null when it is not declared
	 * @param firstHere  false when the field already appears in this scope
	 * @param derived    whether the field is derived (computed, not laid out)
	 * @return whether the element is laid out
	 */
	public static <P> boolean field(String name, @Nullable String type, boolean firstHere, boolean derived, P at,
			RuleReport<P> report) {
		if (type == null) {
			report.error(at, "unknown field '" + name + "'");
			return false;
		}
		if (!firstHere) {
			report.error(at, "field '" + name + "' appears twice here");
		}
		if (derived) {
			report.error(at, "'" + name + "' is derived (= ...): it is computed, not laid out; it appears in every message with its parts");
			return false;
		}
		return true;
	}

	/**
	 * @param sizeType     the size field's model type, null when it is not declared
	 * @param before       whether the size field comes earlier in this scope or an enclosing one
	 * @param countsItself whether the size field counts itself
	 * @return whether the size field sizes the field
	 */
	public static <P> boolean sizeField(String size, @Nullable String sizeType, boolean before, boolean countsItself,
			String field, P at, RuleReport<P> report) {
		if (sizeType == null) {
			report.error(at, "unknown size field '" + size + "'");
			return false;
		}
		if (!sizeType.equals("UINT")) {
			report.error(at, "size field '" + size + "' must be an unsigned integer");
			return false;
		}
		if (!before && !countsItself) {
			report.error(at, "size field '" + size + "' must come before '" + field
					+ "' (or say 'counts itself' when it is the first field of the data it sizes)");
			return false;
		}
		return true;
	}

	/** A field given a size: only a bytes field takes one. */
	public static <P> void sized(boolean isBytes, String field, P at, RuleReport<P> report) {
		if (!isBytes) {
			report.error(at, "only a 'bytes' field takes a size; '" + field + "' has a fixed width");
		}
	}

	/** A field given no size: a bytes field needs one. */
	public static <P> void unsized(boolean isBytes, String field, P at, RuleReport<P> report) {
		if (isBytes) {
			report.error(at, "bytes field '" + field + "' needs its size: " + field + "[length_field]");
		}
	}

	/** A field handed to the feed protocol ({@code -> feed}). */
	public static <P> void handoff(boolean isBytes, boolean inPacket, P at, RuleReport<P> report) {
		if (!isBytes) {
			report.error(at, "only a 'bytes' field can be handed to the feed protocol");
		}
		if (!inPacket) {
			report.error(at, "'-> feed' belongs in a packet layout");
		}
	}

	/**
	 * @param countType the count field's model type, null when it is not declared
	 * @param before    whether it comes earlier in this scope or an enclosing one
	 * @return whether the count field counts the repeat
	 */
	public static <P> boolean repeatCount(String count, @Nullable String countType, boolean before, P at, RuleReport<P> report) {
		if (countType == null) {
			report.error(at, "unknown count field '" + count + "'");
			return false;
		}
		if (!countType.equals("UINT")) {
			report.error(at, "count field '" + count + "' must be an unsigned integer");
			return false;
		}
		if (!before) {
			report.error(at, "count field '" + count + "' must come before the repeat");
			return false;
		}
		return true;
	}
}
