package io.feedscope.generator.feed;

/** JSON text for the truth sidecars, which every preset writes by hand (no JSON library in the generator). */
public final class Json {

	private Json() {
	}

	/** @return {@code v} as a JSON string literal: quotes and backslashes escaped, control characters as \\uXXXX */
	public static String str(String v) {
		StringBuilder b = new StringBuilder("\"");
		for (char c : v.toCharArray()) {
			if (c == '"' || c == '\\') {
				b.append('\\').append(c);
			} else if (c < 0x20) {
				b.append(String.format("\\u%04x", (int) c));
			} else {
				b.append(c);
			}
		}
		return b.append('"').toString();
	}
}
