package io.feedscope.analysis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.FeedCheck;
import io.feedscope.dissect.internal.PluginXml;

/**
 * Reads {@code <check>} contributions from a {@code plugin.xml} without OSGi, for plain class paths.
 * <p>
 * The file is read by io.feedscope.dissect's {@link PluginXml} (a small scanner rather than JAXP, whose cold
 * start costs some 40 ms of the CLI's start-up), the reader of protocol contributions too. Anything it cannot
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
		List<Map<String, String>> checks;
		try {
			checks = scan(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		} catch (IOException | IllegalArgumentException e) {
			// a broken plugin.xml of someone else's jar must not stop the analysis
			problems.add(contributor + ": cannot read plugin.xml: " + e.getMessage());
			return out;
		}
		for (Map<String, String> c : checks) {
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
			String name = c.getOrDefault("name", "");
			String enabled = c.getOrDefault("defaultEnabled", "");
			CheckDescriptor d = new CheckDescriptor(id, name.isEmpty() ? id : name, c.getOrDefault("description", ""),
					enabled.isEmpty() || Boolean.parseBoolean(enabled), contributor, () -> instantiate(type));
			out.add(d);
			if (entries != null) {
				entries.add(new CheckCache.Entry(d.id(), d.name(), d.description(), d.defaultEnabled(), contributor, cls));
			}
		}
		return out;
	}

	/**
	 * @return attributes of every {@code <check>} directly inside an extension of our point (dissect's one
	 *         plugin.xml reader, which the protocol registry uses too)
	 * @throws IllegalArgumentException if the text is not well-formed enough to read
	 */
	static List<Map<String, String>> scan(String x) {
		List<Map<String, String>> checks = new ArrayList<>();
		for (PluginXml.Contribution c : PluginXml.contributions(x, CheckRegistry.EXTENSION_POINT, "check", null)) {
			checks.add(c.attributes());
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
