package io.feedscope.filter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The names a display filter may use, each with its type: the one list that {@code feedscope decode},
 * {@code analyze --filter}, the workbench's filter bar and {@code feedscope filter-fields} share (for
 * packets it is made by {@code io.feedscope.filter.packet.PacketFields}). Immutable.
 */
public final class FieldVocabulary {

	private final Map<String, FilterField> fFields;

	private FieldVocabulary(Map<String, FilterField> fields) {
		fFields = Collections.unmodifiableMap(fields);
	}

	/**
	 * @param fields the fields in the order they are listed; a name given twice keeps its first meaning
	 */
	public static FieldVocabulary of(Collection<FilterField> fields) {
		Map<String, FilterField> m = new LinkedHashMap<>();
		for (FilterField f : fields) {
			m.putIfAbsent(f.name(), f);
		}
		return new FieldVocabulary(m);
	}

	/** @return the field of that name, or null */
	public @Nullable FilterField get(String name) {
		return fFields.get(name);
	}

	/** @return every field, in the order given */
	public List<FilterField> fields() {
		return new ArrayList<>(fFields.values());
	}

	/** @return every name */
	public Set<String> names() {
		return fFields.keySet();
	}
}
