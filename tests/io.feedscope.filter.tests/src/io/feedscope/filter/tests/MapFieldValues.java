package io.feedscope.filter.tests;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import io.feedscope.filter.FieldValues;

/** Fields from a map: Long or Integer = integer, BigDecimal = exact decimal, String = text. */
final class MapFieldValues implements FieldValues {
	private final Map<String, Object> fValues = new HashMap<>();

	MapFieldValues put(String field, Object value) {
		fValues.put(field, value);
		return this;
	}

	@Override
	public boolean has(String field) {
		return fValues.containsKey(field);
	}

	@Override
	public boolean isString(String field) {
		return fValues.get(field) instanceof String;
	}

	@Override
	public long number(String field) {
		Object v = fValues.get(field);
		return v instanceof BigDecimal d ? d.unscaledValue().longValueExact() : ((Number) v).longValue();
	}

	@Override
	public int scale(String field) {
		return fValues.get(field) instanceof BigDecimal d ? d.scale() : 0;
	}

	@Override
	public String string(String field) {
		return (String) fValues.get(field);
	}
}
