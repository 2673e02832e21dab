package io.feedscope.dissect.internal;

import java.net.URL;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the contributions of a {@code plugin.xml} to an extension point without OSGi, so that a plain class
 * path (the command line, plain JUnit) finds protocols ({@link #protocols}) and checks (io.feedscope.analysis'
 * PluginXmlReader, through {@link #contributions}) exactly as the workbench's extension registry does: one
 * discovery path, one file, one reader (exported to the analysis bundle as a friend).
 * <p>
 * A small scanner rather than JAXP (whose cold start costs tens of milliseconds of a command's start-up):
 * elements, attributes in either quote, comments, processing instructions, CDATA, the predefined entities
 * and character references. DTDs are refused. What it cannot read is an {@link IllegalArgumentException}
 * naming the offset; the caller reports it with the file.
 */
public final class PluginXml {

	/** The extension point, as in {@code plugin.xml}. */
	public static final String POINT = "io.feedscope.dissect.protocols";

	/**
	 * One contributed element, e.g. a {@code <protocol>}.
	 *
	 * @param attributes its attributes
	 * @param children the attributes of each child element of the kind asked for (a protocol's {@code <binding>}s)
	 * @param line its line in the file (1-based), for diagnostics
	 */
	public record Contribution(Map<String, String> attributes, List<Map<String, String>> children, int line) {

		/** @return a {@code <protocol>}'s {@code <binding>} children */
		public List<Map<String, String>> bindings() {
			return children;
		}
	}

	private PluginXml() {
	}

	/**
	 * @param xml the file's text
	 * @return the protocol contributions to {@link #POINT}, in file order
	 * @throws IllegalArgumentException if the text is not well-formed enough to read
	 */
	public static List<Contribution> protocols(String xml) {
		return contributions(xml, POINT, "protocol", "binding");
	}

	/**
	 * @param xml the file's text
	 * @param point the extension point's id
	 * @param element the contributed element's name, directly inside an {@code <extension point="POINT">}
	 * @param child the name of its children to collect (directly inside it), or null for none
	 * @return the contributions, in file order
	 * @throws IllegalArgumentException if the text is not well-formed enough to read
	 */
	public static List<Contribution> contributions(String xml, String point, String element,
			@org.eclipse.jdt.annotation.Nullable String child) {
		List<Contribution> out = new ArrayList<>();
		Deque<String> open = new ArrayDeque<>();
		Deque<Boolean> ours = new ArrayDeque<>();
		Contribution current = null;
		int i = 0;
		int n = xml.length();
		boolean sawRoot = false;
		while (true) {
			int lt = xml.indexOf('<', i);
			if (lt < 0) {
				break;
			}
			if (xml.startsWith("<!--", lt)) {
				i = end(xml, lt, "-->");
			} else if (xml.startsWith("<?", lt)) {
				i = end(xml, lt, "?>");
			} else if (xml.startsWith("<![CDATA[", lt)) {
				i = end(xml, lt, "]]>");
			} else if (xml.startsWith("<!", lt)) {
				throw new IllegalArgumentException("DTD or declaration not allowed at offset " + lt);
			} else if (xml.startsWith("</", lt)) {
				int gt = xml.indexOf('>', lt);
				if (gt < 0) {
					throw new IllegalArgumentException("unterminated end tag at offset " + lt);
				}
				String name = xml.substring(lt + 2, gt).strip();
				if (open.isEmpty() || !open.peek().equals(name)) {
					throw new IllegalArgumentException("</" + name + "> does not close <" + open.peek() + "> at offset " + lt);
				}
				open.pop();
				ours.pop();
				if (name.equals(element)) {
					current = null;
				}
				i = gt + 1;
			} else {
				int p = lt + 1;
				int s = p;
				while (p < n && !Character.isWhitespace(xml.charAt(p)) && xml.charAt(p) != '>' && xml.charAt(p) != '/') {
					p++;
				}
				String name = xml.substring(s, p);
				if (name.isEmpty()) {
					throw new IllegalArgumentException("element without a name at offset " + lt);
				}
				Map<String, String> attrs = new HashMap<>();
				boolean empty = false;
				while (true) {
					while (p < n && Character.isWhitespace(xml.charAt(p))) {
						p++;
					}
					if (p >= n) {
						throw new IllegalArgumentException("unterminated <" + name + "> at offset " + lt);
					}
					char c = xml.charAt(p);
					if (c == '>') {
						p++;
						break;
					}
					if (c == '/' && p + 1 < n && xml.charAt(p + 1) == '>') {
						p += 2;
						empty = true;
						break;
					}
					int eq = xml.indexOf('=', p);
					if (eq < 0) {
						throw new IllegalArgumentException("attribute without value in <" + name + "> at offset " + p);
					}
					String attr = xml.substring(p, eq).strip();
					int q = eq + 1;
					while (q < n && Character.isWhitespace(xml.charAt(q))) {
						q++;
					}
					if (q >= n || (xml.charAt(q) != '"' && xml.charAt(q) != '\'')) {
						throw new IllegalArgumentException("unquoted attribute " + attr + " at offset " + q);
					}
					int close = xml.indexOf(xml.charAt(q), q + 1);
					if (close < 0) {
						throw new IllegalArgumentException("unterminated attribute " + attr + " at offset " + q);
					}
					attrs.put(attr, decode(xml.substring(q + 1, close), q));
					p = close + 1;
				}
				if (open.isEmpty() && sawRoot) {
					throw new IllegalArgumentException("second root element at offset " + lt);
				}
				sawRoot = true;
				boolean parentOurs = !ours.isEmpty() && ours.peek();
				boolean isOurs = name.equals("extension") && point.equals(attrs.get("point"));
				if (parentOurs && name.equals(element)) {
					current = new Contribution(attrs, new ArrayList<>(), line(xml, lt));
					out.add(current);
				} else if (current != null && name.equals(child) && open.size() > 0 && open.peek().equals(element)) {
					current.children().add(attrs);
				}
				if (!empty) {
					open.push(name);
					ours.push(isOurs);
				} else if (name.equals(element)) {
					current = null;
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
		return out;
	}

	/**
	 * Shared by every reader of plugin.xml files on a class path (protocols, the generator's feeds).
	 *
	 * @return a plug-in's name from where its plugin.xml is: the jar's name without version, or the directory's */
	public static String contributor(URL xmlUrl) {
		String u = xmlUrl.toString();
		int bang = u.indexOf("!/");
		String path = bang > 0 ? u.substring(0, bang) : u.substring(0, Math.max(0, u.lastIndexOf('/')));
		String last = path.substring(path.lastIndexOf('/') + 1);
		if (last.endsWith(".jar")) {
			last = last.substring(0, last.length() - 4);
			int us = last.indexOf('_');
			int dash = last.indexOf("-1");
			if (us > 0) {
				last = last.substring(0, us);
			} else if (dash > 0) {
				last = last.substring(0, dash);
			}
		}
		return last;
	}

	/**
	 * Whether the extension registry can be asked for the contributions of the bundle that loaded {@code owner}.
	 * Decided here, by name, rather than by loading a reader class that uses the registry: loading such a class on a
	 * plain JVM may make the verifier resolve registry types that are not there.
	 *
	 * @param owner a class of the asking bundle (its class loader is the one that must see the registry)
	 */
	public static boolean registryPresent(Class<?> owner) {
		ClassLoader loader = owner.getClassLoader();
		if (loader == null || loader == ClassLoader.getSystemClassLoader()) {
			// the plain class path (the command line): no OSGi framework loaded the class, so there is no extension
			// registry to ask, and a look-up of a class that is not there would search every jar, opening those the
			// start-up cache had spared (10-40 ms of a command's start, measured with -Dfeedscope.startTrace)
			return false;
		}
		try {
			Class.forName("org.eclipse.core.runtime.RegistryFactory", false, loader);
			return true;
		} catch (ClassNotFoundException | LinkageError e) {
			return false;
		}
	}

	/**
	 * Reads a class-path resource. A {@code jar:file:} URL is read as a plain zip entry: opening it through
	 * the URL would verify the jar's signature first (EMF's jars are signed), which costs start-up time.
	 */
	public static byte[] read(URL url) throws java.io.IOException {
		String u = url.toString();
		int bang = u.indexOf("!/");
		if (u.startsWith("jar:file:") && bang > 0) {
			try {
				java.nio.file.Path jar = java.nio.file.Path.of(new java.net.URI(u.substring(4, bang)));
				try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
					java.util.zip.ZipEntry e = zip.getEntry(u.substring(bang + 2));
					if (e != null) {
						try (java.io.InputStream in = zip.getInputStream(e)) {
							return in.readAllBytes();
						}
					}
				}
			} catch (java.net.URISyntaxException | IllegalArgumentException e) {
				// not a plain file URI: read through the URL below
			}
		}
		try (java.io.InputStream in = url.openStream()) {
			return in.readAllBytes();
		}
	}

	private static int line(String x, int offset) {
		int line = 1;
		for (int k = 0; k < offset; k++) {
			if (x.charAt(k) == '\n') {
				line++;
			}
		}
		return line;
	}

	private static int end(String x, int from, String terminator) {
		int e = x.indexOf(terminator, from);
		if (e < 0) {
			throw new IllegalArgumentException("unterminated " + x.substring(from, Math.min(x.length(), from + 4)) + " at offset " + from);
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
}
