package io.feedscope.protocols.pitch.tests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict little JSON reader for tests: checks the report is valid JSON and lets assertions walk it.
 * Numbers without fraction or exponent become Long, others Double.
 */
final class Json {

	private final String fText;
	private int fPos;

	private Json(String text) {
		fText = text;
	}

	/** Parses; an analysis report (its "schema" member names the format) is also validated against its schema. */
	static Object parse(String text) {
		Json j = new Json(text);
		Object v = j.value();
		j.ws();
		if (j.fPos != text.length()) {
			throw j.error("trailing text");
		}
		if (v instanceof Map<?, ?> m && io.feedscope.analysis.AnalysisResult.SCHEMA.equals(m.get("schema"))) {
			ReportSchema.assertValid(text);
		}
		return v;
	}

	/** Walks a path of member names and array indices: {@code at(root, "sessions", 0, "lines")}. */
	static Object at(Object root, Object... path) {
		Object o = root;
		for (Object p : path) {
			if (p instanceof Integer i) {
				o = ((List<?>) o).get(i);
			} else {
				Map<?, ?> m = (Map<?, ?>) o;
				if (!m.containsKey(p)) {
					throw new AssertionError("no member " + p + " in " + m.keySet());
				}
				o = m.get(p);
			}
		}
		return o;
	}

	private IllegalArgumentException error(String what) {
		return new IllegalArgumentException(what + " at " + fPos + ": "
				+ fText.substring(Math.max(0, fPos - 30), Math.min(fText.length(), fPos + 30)));
	}

	private void ws() {
		while (fPos < fText.length() && " \t\r\n".indexOf(fText.charAt(fPos)) >= 0) {
			fPos++;
		}
	}

	private Object value() {
		ws();
		if (fPos >= fText.length()) {
			throw error("unexpected end");
		}
		char c = fText.charAt(fPos);
		switch (c) {
		case '{':
			return object();
		case '[':
			return array();
		case '"':
			return string();
		case 't':
			return literal("true", Boolean.TRUE);
		case 'f':
			return literal("false", Boolean.FALSE);
		case 'n':
			return literal("null", null);
		default:
			return number();
		}
	}

	private Object literal(String word, Object v) {
		if (!fText.startsWith(word, fPos)) {
			throw error("bad literal");
		}
		fPos += word.length();
		return v;
	}

	private Map<String, Object> object() {
		Map<String, Object> m = new LinkedHashMap<>();
		fPos++;
		ws();
		if (fText.charAt(fPos) == '}') {
			fPos++;
			return m;
		}
		while (true) {
			ws();
			String name = string();
			ws();
			expect(':');
			if (m.put(name, value()) != null) {
				throw error("duplicate member " + name);
			}
			ws();
			if (fText.charAt(fPos) == ',') {
				fPos++;
				continue;
			}
			expect('}');
			return m;
		}
	}

	private List<Object> array() {
		List<Object> l = new ArrayList<>();
		fPos++;
		ws();
		if (fText.charAt(fPos) == ']') {
			fPos++;
			return l;
		}
		while (true) {
			l.add(value());
			ws();
			if (fText.charAt(fPos) == ',') {
				fPos++;
				continue;
			}
			expect(']');
			return l;
		}
	}

	private void expect(char c) {
		if (fPos >= fText.length() || fText.charAt(fPos) != c) {
			throw error("expected " + c);
		}
		fPos++;
	}

	private String string() {
		expect('"');
		StringBuilder b = new StringBuilder();
		while (true) {
			char c = fText.charAt(fPos++);
			if (c == '"') {
				return b.toString();
			}
			if (c < 0x20) {
				throw error("raw control character in string");
			}
			if (c == '\\') {
				char e = fText.charAt(fPos++);
				switch (e) {
				case '"', '\\', '/' -> b.append(e);
				case 'n' -> b.append('\n');
				case 'r' -> b.append('\r');
				case 't' -> b.append('\t');
				case 'b' -> b.append('\b');
				case 'f' -> b.append('\f');
				case 'u' -> {
					b.append((char) Integer.parseInt(fText.substring(fPos, fPos + 4), 16));
					fPos += 4;
				}
				default -> throw error("bad escape");
				}
			} else {
				b.append(c);
			}
		}
	}

	private Object number() {
		int start = fPos;
		while (fPos < fText.length() && "-+0123456789.eE".indexOf(fText.charAt(fPos)) >= 0) {
			fPos++;
		}
		String n = fText.substring(start, fPos);
		if (n.isEmpty()) {
			throw error("bad value");
		}
		if (n.contains(".") || n.contains("e") || n.contains("E")) {
			return Double.parseDouble(n);
		}
		return Long.parseLong(n);
	}
}
