package io.feedscope.testdata.outputs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict little JSON reader for tests: checks the report is valid JSON and lets assertions walk it.
 * Numbers without fraction or exponent become Long, others Double.
 */
public final class Json {

	private final String fText;
	private int fPos;

	private Json(String text) {
		fText = text;
	}

	/** Parses; an analysis report (its "schema" member names the format) is also validated against its schema. */
	public static Object parse(String text) {
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
	public static Object at(Object root, Object... path) {
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
		return error(fText, fPos, what);
	}

	private static IllegalArgumentException error(String text, int pos, String what) {
		return new IllegalArgumentException(what + " at " + pos + ": "
				+ text.substring(Math.max(0, pos - 30), Math.min(text.length(), pos + 30)));
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
		fPos = stringBody(fText, fPos, b);
		return b.toString();
	}

	/**
	 * Reads a JSON string's body, strictly (no raw control characters, only the escapes of RFC 8259), from just
	 * after its opening quote; {@link Records#parseObject} reads decode's strings with it too.
	 *
	 * @return the index after the closing quote
	 */
	static int stringBody(String s, int from, StringBuilder b) {
		int pos = from;
		while (true) {
			if (pos >= s.length()) {
				throw error(s, pos, "unterminated string");
			}
			char c = s.charAt(pos++);
			if (c == '"') {
				return pos;
			}
			if (c < 0x20) {
				throw error(s, pos - 1, "raw control character in string");
			}
			if (c == '\\') {
				char e = pos < s.length() ? s.charAt(pos++) : 0;
				switch (e) {
				case '"', '\\', '/' -> b.append(e);
				case 'n' -> b.append('\n');
				case 'r' -> b.append('\r');
				case 't' -> b.append('\t');
				case 'b' -> b.append('\b');
				case 'f' -> b.append('\f');
				case 'u' -> {
					b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
					pos += 4;
				}
				default -> throw error(s, pos - 1, "bad escape");
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
