package io.feedscope.analysis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.CheckOption;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.CheckScope;
import io.feedscope.analysis.FeedCheck;
import io.feedscope.dissect.internal.PluginXml;

/**
 * Reads {@code <check>} contributions from a {@code plugin.xml} without OSGi, for plain class paths.
 * <p>
 * The file is read by io.feedscope.dissect's {@link PluginXml} (a small scanner rather than JAXP, whose cold
 * start costs some 40 ms of the CLI's start-up), the reader of protocol contributions too. Anything it cannot
 * read becomes a problem line naming the file and offset, never an exception; a check it can read but not use (its
 * class, an option, its scope) one naming the file, the check and what is wrong, and the other checks still load.
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
			CheckScope scope;
			try {
				scope = CheckScope.parse(c.get("protocols"), c.get("roles"));
			} catch (IllegalArgumentException e) {
				problems.add(contributor + ": check " + id + ": " + e.getMessage());
				continue;
			}
			String name = c.getOrDefault("name", "");
			String enabled = c.getOrDefault("defaultEnabled", "");
			CheckDescriptor d = new CheckDescriptor(id, name.isEmpty() ? id : name, c.getOrDefault("description", ""),
					enabled.isEmpty() || Boolean.parseBoolean(enabled), contributor, () -> instantiate(type), options, scope);
			out.add(d);
			if (entries != null) {
				entries.add(new CheckCache.Entry(d.id(), d.name(), d.description(), d.defaultEnabled(), contributor, cls,
						options, scope));
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

	/**
	 * @return every {@code <check>} directly inside an extension of our point, with its {@code <option>}
	 *         children (dissect's one plugin.xml reader, which the protocol registry uses too)
	 * @throws IllegalArgumentException if the text is not well-formed enough to read
	 */
	static List<Scanned> scan(String x) {
		List<Scanned> checks = new ArrayList<>();
		for (PluginXml.Contribution c : PluginXml.contributions(x, CheckRegistry.EXTENSION_POINT, "check", "option")) {
			checks.add(new Scanned(c.attributes(), c.children()));
		}
		return checks;
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
