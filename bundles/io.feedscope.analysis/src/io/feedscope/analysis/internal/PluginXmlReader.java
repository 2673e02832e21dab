package io.feedscope.analysis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.CheckOption;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.FeedCheck;

/**
 * Reads {@code <check>} contributions from a {@code plugin.xml} without OSGi, for plain class paths.
 * <p>
 * A small scanner rather than JAXP: a cold JAXP DOM parser costs some 40 ms of class loading, a sixth of
 * the CLI's whole time budget for a 30 s capture, to read a few attributes. It understands what
 * {@code plugin.xml} files use: elements, attributes in either quote, comments, processing instructions,
 * CDATA, the five predefined entities and character references. DTDs are refused. Anything it cannot
 * read becomes a problem line naming the file and offset, never an exception.
 */
public final class PluginXmlReader {

	private PluginXmlReader() {
	}

	/**
	 * @param problems gets one line per contribution that cannot be used
	 * @return the descriptors of contributions to {@link CheckRegistry#EXTENSION_POINT}
	 */
	public static List<CheckDescriptor> read(InputStream in, String contributor, ClassLoader loader,
			List<String> problems) {
		return read(in, contributor, loader, problems, null);
	}

	/**
	 * {@link #read(InputStream, String, ClassLoader, List)}, also giving each usable contribution as a
	 * {@link CheckCache.Entry} (what the cache of contributions keeps)
	 */
	public static List<CheckDescriptor> read(InputStream in, String contributor, ClassLoader loader,
			List<String> problems, @Nullable List<CheckCache.Entry> entries) {
		List<CheckDescriptor> out = new ArrayList<>();
		List<Scanned> checks;
		try {
			checks = scan(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		} catch (IOException | IllegalArgumentException e) {
			// a broken plugin.xml of someone else's jar must not stop the analysis
			problems.add(contributor + ": cannot read plugin.xml: " + e.getMessage());
			return out;
		}
		for (Scanned sc : checks) {
			Map<String, String> c = sc.attributes();
			String id = c.getOrDefault("id", "");
			String cls = c.getOrDefault("class", "");
			if (id.isEmpty() || cls.isEmpty()) {
				problems.add(contributor + ": a <check> lacks id or class");
				continue;
			}
			Class<? extends FeedCheck> type;
			try {
				type = Class.forName(cls, false, loader).asSubclass(FeedCheck.class);
				type.getDeclaredConstructor();
			} catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
				problems.add(contributor + ": check " + id + ": class " + cls + " unusable: " + e);
				continue;
			}
			List<CheckOption> options;
			try {
				options = options(sc.options());
			} catch (IllegalArgumentException e) {
				problems.add(contributor + ": check " + id + ": " + e.getMessage());
				continue;
			}
			String name = c.getOrDefault("name", "");
			String enabled = c.getOrDefault("defaultEnabled", "");
			CheckDescriptor d = new CheckDescriptor(id, name.isEmpty() ? id : name, c.getOrDefault("description", ""),
					enabled.isEmpty() || Boolean.parseBoolean(enabled), contributor, () -> instantiate(type), options);
			out.add(d);
			if (entries != null) {
				entries.add(new CheckCache.Entry(d.id(), d.name(), d.description(), d.defaultEnabled(), contributor, cls,
						options));
			}
		}
		return out;
	}

	/** A {@code <check>} element: its attributes and those of its {@code <option>} children. */
	record Scanned(Map<String, String> attributes, List<Map<String, String>> options) {
	}

	/**
	 * The options a check declares, from the attributes of its {@code <option>} elements (shared with the
	 * extension registry reader).
	 *
	 * @throws IllegalArgumentException naming the option and what is wrong (bad name, type or default, twice)
	 */
	public static List<CheckOption> options(List<Map<String, String>> elements) {
		List<CheckOption> out = new ArrayList<>();
		for (Map<String, String> o : elements) {
			String name = o.getOrDefault("name", "");
			String type = o.getOrDefault("type", "");
			if (name.isEmpty() || type.isEmpty() || !o.containsKey("default")) {
				throw new IllegalArgumentException("an <option> lacks name, type or default");
			}
			for (CheckOption before : out) {
				if (before.name().equals(name)) {
					throw new IllegalArgumentException("option " + name + " declared twice");
				}
			}
			out.add(new CheckOption(name, CheckOption.Type.parse(type), o.get("default"),
					o.getOrDefault("description", "")));
		}
		return out;
	}

	/** @return every {@code <check>} directly inside an extension of our point, with its options */
	static List<Scanned> scan(String x) {
		List<Scanned> checks = new ArrayList<>();
		@Nullable Scanned current = null;
		Deque<String> open = new ArrayDeque<>();
		Deque<Boolean> ours = new ArrayDeque<>();
		int i = 0;
		int n = x.length();
		boolean sawRoot = false;
		while (true) {
			int lt = x.indexOf('<', i);
			if (lt < 0) {
				break;
			}
			if (x.startsWith("<!--", lt)) {
				i = end(x, lt, "-->");
			} else if (x.startsWith("<?", lt)) {
				i = end(x, lt, "?>");
			} else if (x.startsWith("<![CDATA[", lt)) {
				i = end(x, lt, "]]>");
			} else if (x.startsWith("<!", lt)) {
				throw new IllegalArgumentException("DTD or declaration not allowed at offset " + lt);
			} else if (x.startsWith("</", lt)) {
				int gt = x.indexOf('>', lt);
				if (gt < 0) {
					throw new IllegalArgumentException("unterminated end tag at offset " + lt);
				}
				String name = x.substring(lt + 2, gt).strip();
				if (open.isEmpty() || !open.peek().equals(name)) {
					throw new IllegalArgumentException("</" + name + "> does not close <" + open.peek() + "> at offset " + lt);
				}
				open.pop();
				ours.pop();
				if (name.equals("check")) {
					current = null;
				}
				i = gt + 1;
			} else {
				int p = lt + 1;
				int s = p;
				while (p < n && !Character.isWhitespace(x.charAt(p)) && x.charAt(p) != '>' && x.charAt(p) != '/') {
					p++;
				}
				String name = x.substring(s, p);
				if (name.isEmpty()) {
					throw new IllegalArgumentException("element without a name at offset " + lt);
				}
				Map<String, String> attrs = new HashMap<>();
				boolean empty = false;
				while (true) {
					while (p < n && Character.isWhitespace(x.charAt(p))) {
						p++;
					}
					if (p >= n) {
						throw new IllegalArgumentException("unterminated <" + name + "> at offset " + lt);
					}
					char c = x.charAt(p);
					if (c == '>') {
						p++;
						break;
					}
					if (c == '/' && p + 1 < n && x.charAt(p + 1) == '>') {
						p += 2;
						empty = true;
						break;
					}
					int eq = x.indexOf('=', p);
					if (eq < 0) {
						throw new IllegalArgumentException("attribute without value in <" + name + "> at offset " + p);
					}
					String attr = x.substring(p, eq).strip();
					int q = eq + 1;
					while (q < n && Character.isWhitespace(x.charAt(q))) {
						q++;
					}
					if (q >= n || (x.charAt(q) != '"' && x.charAt(q) != '\'')) {
						throw new IllegalArgumentException("unquoted attribute " + attr + " at offset " + q);
					}
					int close = x.indexOf(x.charAt(q), q + 1);
					if (close < 0) {
						throw new IllegalArgumentException("unterminated attribute " + attr + " at offset " + q);
					}
					attrs.put(attr, decode(x.substring(q + 1, close), q));
					p = close + 1;
				}
				if (open.isEmpty() && sawRoot) {
					throw new IllegalArgumentException("second root element at offset " + lt);
				}
				sawRoot = true;
				boolean parentOurs = !ours.isEmpty() && ours.peek();
				boolean isOurs = name.equals("extension") && CheckRegistry.EXTENSION_POINT.equals(attrs.get("point"));
				if (parentOurs && name.equals("check")) {
					Scanned sc = new Scanned(attrs, new ArrayList<>());
					checks.add(sc);
					current = empty ? null : sc;
				} else if (current != null && name.equals("option") && "check".equals(open.peek())) {
					current.options().add(attrs);
				}
				if (!empty) {
					open.push(name);
					ours.push(isOurs);
				}
				i = p;
			}
		}
		if (!open.isEmpty()) {
			throw new IllegalArgumentException("<" + open.peek() + "> not closed at end of file");
		}
		if (!sawRoot) {
			throw new IllegalArgumentException("no element");
		}
		return checks;
	}

	private static int end(String x, int from, String terminator) {
		int e = x.indexOf(terminator, from);
		if (e < 0) {
			throw new IllegalArgumentException("unterminated " + x.substring(from, Math.min(x.length(), from + 4))
					+ " at offset " + from);
		}
		return e + terminator.length();
	}

	private static String decode(String v, int offset) {
		if (v.indexOf('&') < 0) {
			return v;
		}
		StringBuilder b = new StringBuilder(v.length());
		for (int i = 0; i < v.length(); i++) {
			char c = v.charAt(i);
			if (c != '&') {
				b.append(c);
				continue;
			}
			int semi = v.indexOf(';', i);
			if (semi < 0) {
				throw new IllegalArgumentException("unterminated entity at offset " + (offset + i));
			}
			String ent = v.substring(i + 1, semi);
			switch (ent) {
			case "amp" -> b.append('&');
			case "lt" -> b.append('<');
			case "gt" -> b.append('>');
			case "quot" -> b.append('"');
			case "apos" -> b.append('\'');
			default -> {
				try {
					if (ent.startsWith("#x")) {
						b.appendCodePoint(Integer.parseInt(ent.substring(2), 16));
					} else if (ent.startsWith("#")) {
						b.appendCodePoint(Integer.parseInt(ent.substring(1)));
					} else {
						throw new IllegalArgumentException("unknown entity &" + ent + "; at offset " + (offset + i));
					}
				} catch (NumberFormatException e) {
					throw new IllegalArgumentException("bad character reference &" + ent + "; at offset " + (offset + i));
				}
			}
			}
			i = semi;
		}
		return b.toString();
	}

	/** Creates a check by class name (a cached contribution: its class is first loaded here). */
	static FeedCheck create(String className, ClassLoader loader) {
		try {
			return instantiate(Class.forName(className, true, loader).asSubclass(FeedCheck.class));
		} catch (ClassNotFoundException | ClassCastException | LinkageError e) {
			throw new IllegalStateException("cannot create check " + className, e);
		}
	}

	private static FeedCheck instantiate(Class<? extends FeedCheck> type) {
		try {
			return type.getDeclaredConstructor().newInstance();
		} catch (ReflectiveOperationException e) {
			throw new IllegalStateException("cannot create check " + type.getName(), e);
		}
	}
}
