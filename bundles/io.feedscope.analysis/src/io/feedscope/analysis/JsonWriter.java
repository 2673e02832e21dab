package io.feedscope.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A tiny streaming JSON writer: no library, no tree, output goes straight to an {@link Appendable}.
 * <p>
 * Objects are indented two spaces per level so a person can read a report; arrays of numbers and
 * {@link #ranges(Ranges) ranges} stay on one line. Strings are escaped per RFC 8259 (quote, backslash,
 * control characters as {@code \n}, {@code \t}, ... or a six-character escape (backslash, u, four hex digits)). Misuse (a value where a name is
 * due) is a bug and throws {@link IllegalStateException}; I/O failures are rethrown unchecked.
 */
public final class JsonWriter {

	private static final int MAX_DEPTH = 64;

	private final Appendable fOut;
	/** per open container: 0 = object, 1 = array, 2 = inline array */
	private final byte[] fKind = new byte[MAX_DEPTH];
	private final boolean[] fHasItems = new boolean[MAX_DEPTH];
	private int fDepth;
	private boolean fNameWritten;
	/** member names written at {@link #fNamespaceDepth} are prefixed by this (a contributed check's id) */
	private @org.eclipse.jdt.annotation.Nullable String fNamespace;
	private int fNamespaceDepth;

	public JsonWriter(Appendable out) {
		fOut = out;
	}

	public JsonWriter beginObject() {
		beforeValue();
		push((byte) 0);
		raw("{");
		return this;
	}

	public JsonWriter endObject() {
		pop((byte) 0, "}");
		return this;
	}

	/** Starts an array whose items are each on their own line (for objects). */
	public JsonWriter beginArray() {
		beforeValue();
		push((byte) 1);
		raw("[");
		return this;
	}

	/** Starts an array kept on one line (for numbers and pairs). */
	public JsonWriter beginInlineArray() {
		beforeValue();
		push((byte) 2);
		raw("[");
		return this;
	}

	public JsonWriter endArray() {
		if (fDepth == 0 || fKind[fDepth - 1] == 0) {
			throw new IllegalStateException("endArray outside an array");
		}
		pop(fKind[fDepth - 1], "]");
		return this;
	}

	/** Writes a member name; the next call must write its value. */
	public JsonWriter name(String name) {
		if (fDepth == 0 || fKind[fDepth - 1] != 0 || fNameWritten) {
			throw new IllegalStateException("name outside an object: " + name);
		}
		separator();
		String ns = fNamespace;
		string(ns != null && fDepth == fNamespaceDepth && !name.equals(ns) && !name.startsWith(ns + ".")
				? ns + "." + name : name);
		raw(": ");
		fNameWritten = true;
		return this;
	}

	/**
	 * Until {@link #endNamespace()}, names of members of the object open now are prefixed by {@code id + "."}
	 * unless they are {@code id} or start with it: how the report keeps the members of a check contributed by
	 * a plug-in from colliding with the built-in ones or another plug-in's, whatever names the check writes.
	 * The check may not close the object it was given.
	 */
	void beginNamespace(String id) {
		fNamespace = id;
		fNamespaceDepth = fDepth;
	}

	void endNamespace() {
		if (fDepth != fNamespaceDepth) {
			throw new IllegalStateException("check " + fNamespace + " left " + (fDepth - fNamespaceDepth)
					+ " JSON containers open (or closed one it was not given)");
		}
		fNamespace = null;
	}

	public JsonWriter value(long v) {
		beforeValue();
		raw(Long.toString(v));
		return this;
	}

	/** Non-finite numbers are written as null (JSON has no NaN). */
	public JsonWriter value(double v) {
		beforeValue();
		raw(Double.isFinite(v) ? Double.toString(v) : "null");
		return this;
	}

	public JsonWriter value(boolean v) {
		beforeValue();
		raw(v ? "true" : "false");
		return this;
	}

	public JsonWriter value(@org.eclipse.jdt.annotation.Nullable String v) {
		beforeValue();
		if (v == null) {
			raw("null");
		} else {
			string(v);
		}
		return this;
	}

	public JsonWriter nullValue() {
		beforeValue();
		raw("null");
		return this;
	}

	public JsonWriter member(String name, long v) {
		return name(name).value(v);
	}

	public JsonWriter member(String name, String v) {
		return name(name).value(v);
	}

	public JsonWriter member(String name, boolean v) {
		return name(name).value(v);
	}

	public JsonWriter member(String name, double v) {
		return name(name).value(v);
	}

	/** Writes {@code [[from,to],...]} on one line (inclusive ranges). */
	public JsonWriter ranges(Ranges ranges) {
		beginInlineArray();
		for (int i = 0; i < ranges.size(); i++) {
			beginInlineArray().value(ranges.from(i)).value(ranges.to(i)).endArray();
		}
		return endArray();
	}

	/** Ends the document with a newline; every container must be closed. */
	public void finish() {
		if (fDepth != 0) {
			throw new IllegalStateException("unclosed containers: " + fDepth);
		}
		raw("\n");
	}

	/** @return {@code s} as a quoted, escaped JSON string */
	public static String quote(String s) {
		StringBuilder b = new StringBuilder(s.length() + 2);
		new JsonWriter(b).string(s);
		return b.toString();
	}

	private void string(String s) {
		try {
			fOut.append('"');
			int start = 0;
			int n = s.length();
			for (int i = 0; i < n; i++) {
				char c = s.charAt(i);
				String esc = null;
				if (c == '"') {
					esc = "\\\"";
				} else if (c == '\\') {
					esc = "\\\\";
				} else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
					esc = switch (c) {
					case '\n' -> "\\n";
					case '\r' -> "\\r";
					case '\t' -> "\\t";
					case '\b' -> "\\b";
					case '\f' -> "\\f";
					default -> String.format("\\u%04x", (int) c);
					};
				}
				if (esc != null) {
					fOut.append(s, start, i).append(esc);
					start = i + 1;
				}
			}
			fOut.append(s, start, n).append('"');
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private void beforeValue() {
		if (fDepth > 0) {
			if (fKind[fDepth - 1] == 0) {
				if (!fNameWritten) {
					throw new IllegalStateException("value without a name in an object");
				}
				fNameWritten = false;
				return;
			}
			separator();
		}
	}

	private void separator() {
		int d = fDepth - 1;
		if (fHasItems[d]) {
			raw(",");
		}
		fHasItems[d] = true;
		if (fKind[d] != 2) {
			newline(fDepth);
		}
	}

	private void push(byte kind) {
		if (fDepth == MAX_DEPTH) {
			throw new IllegalStateException("JSON nested too deep");
		}
		fKind[fDepth] = kind;
		fHasItems[fDepth] = false;
		fDepth++;
	}

	private void pop(byte kind, String close) {
		if (fDepth == 0 || fKind[fDepth - 1] != kind || fNameWritten) {
			throw new IllegalStateException("unbalanced " + close);
		}
		if (fNamespace != null && fDepth <= fNamespaceDepth) {
			throw new IllegalStateException("check " + fNamespace + " closed the object it writes into");
		}
		fDepth--;
		if (kind != 2 && fHasItems[fDepth]) {
			newline(fDepth);
		}
		raw(close);
	}

	private void newline(int depth) {
		raw("\n");
		for (int i = 0; i < depth; i++) {
			raw("  ");
		}
	}

	private void raw(String s) {
		try {
			fOut.append(s);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
