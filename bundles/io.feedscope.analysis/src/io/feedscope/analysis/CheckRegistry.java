package io.feedscope.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.internal.CheckCache;
import io.feedscope.analysis.internal.ExtensionRegistryReader;
import io.feedscope.analysis.internal.PluginXmlReader;
import io.feedscope.dissect.internal.PluginXml;

/**
 * The checks contributed to {@value #EXTENSION_POINT}, found the same way under OSGi and on a plain class
 * path.
 * <p>
 * Under OSGi the Eclipse extension registry is asked. On a plain class path (the CLI, plain JUnit) every
 * {@code plugin.xml} on the class path is read and its contributions to the point are taken, so a team's
 * check jar works in both worlds with the one {@code plugin.xml}; the built-in checks are contributed that
 * very way. A contribution that cannot be loaded is skipped and listed in {@link #problems()}; a
 * duplicate id keeps the first. {@link #load()} on a plain class path of jars keeps what it found in a
 * {@link CheckCache} keyed by the jars, so the next start with the same jars reads one small file instead.
 */
public final class CheckRegistry {

	/** the extension point id; contributions are {@code <check>} elements, see {@code schema/checks.exsd} */
	public static final String EXTENSION_POINT = "io.feedscope.analysis.checks";

	private final List<CheckDescriptor> fChecks;
	private final List<String> fProblems;
	private final boolean fFromExtensionRegistry;

	private CheckRegistry(List<CheckDescriptor> checks, List<String> problems, boolean fromExtensionRegistry) {
		fChecks = List.copyOf(checks);
		fProblems = List.copyOf(problems);
		fFromExtensionRegistry = fromExtensionRegistry;
	}

	/** @return true when the contributions came from the Eclipse extension registry, false for plugin.xml files */
	public boolean fromExtensionRegistry() {
		return fFromExtensionRegistry;
	}

	/**
	 * Loads the contributions: from the extension registry when running under OSGi, else from the
	 * {@code plugin.xml} files visible to this bundle's class loader.
	 */
	public static CheckRegistry load() {
		List<String> problems = new ArrayList<>();
		List<CheckDescriptor> found = PluginXml.registryPresent(CheckRegistry.class) ? ExtensionRegistryReader.read(problems) : null;
		if (found == null) {
			ClassLoader loader = CheckRegistry.class.getClassLoader();
			if (loader == null || loader == ClassLoader.getSystemClassLoader()) {
				CheckCache cache = CheckCache.forClassPath();
				if (cache != null) {
					return fromClassPath(ClassLoader.getSystemClassLoader(), cache);
				}
			}
			return fromClassPath(loader == null ? ClassLoader.getSystemClassLoader() : loader);
		}
		return create(found, problems, true);
	}

	/**
	 * {@link #fromClassPath(ClassLoader)} through a cache of what an earlier scan of the same jars found
	 * (the command line: the jars do not change between runs, and scanning them all is a visible part of
	 * its start-up).
	 */
	static CheckRegistry fromClassPath(ClassLoader loader, CheckCache cache) {
		List<String> problems = new ArrayList<>();
		List<CheckCache.Entry> cached = cache.load(problems);
		if (cached != null) {
			return create(CheckCache.descriptors(cached, loader), problems, false);
		}
		List<CheckCache.Entry> entries = new ArrayList<>();
		CheckRegistry r = scan(loader, entries);
		cache.store(entries, r.fProblems);
		return r;
	}

	/** Reads every {@code plugin.xml} visible to {@code loader} (plain class path). */
	public static CheckRegistry fromClassPath(ClassLoader loader) {
		return scan(loader, null);
	}

	private static CheckRegistry scan(ClassLoader loader, @Nullable List<CheckCache.Entry> entries) {
		List<String> problems = new ArrayList<>();
		List<CheckDescriptor> found = new ArrayList<>();
		try {
			Enumeration<URL> urls = loader.getResources("plugin.xml");
			while (urls.hasMoreElements()) {
				URL url = urls.nextElement();
				try {
					byte[] xml = PluginXml.read(url);
					found.addAll(PluginXmlReader.read(new java.io.ByteArrayInputStream(xml), url.toString(), loader,
							problems, entries));
				} catch (IOException | RuntimeException e) {
					problems.add(url + ": " + e.getMessage());
				}
			}
		} catch (IOException e) {
			problems.add("class path: " + e.getMessage());
		}
		return create(found, problems, false);
	}

	/** Reads the contributions of one {@code plugin.xml} stream (for tests and tools). */
	public static CheckRegistry fromPluginXml(InputStream in, String contributor, ClassLoader loader) {
		List<String> problems = new ArrayList<>();
		List<CheckDescriptor> found = PluginXmlReader.read(in, contributor, loader, problems);
		return create(found, problems, false);
	}

	private static CheckRegistry create(List<CheckDescriptor> found, List<String> problems, boolean registry) {
		Map<String, CheckDescriptor> byId = new LinkedHashMap<>();
		for (CheckDescriptor d : found) {
			CheckDescriptor old = byId.putIfAbsent(d.id(), d);
			if (old != null) {
				problems.add("check " + d.id() + " from " + d.contributor() + " ignored: already contributed by "
						+ old.contributor());
			}
		}
		return new CheckRegistry(new ArrayList<>(byId.values()), problems, registry);
	}

	/** @return every contributed check, in contribution order */
	public List<CheckDescriptor> checks() {
		return fChecks;
	}

	/** @return the checks enabled by default */
	public List<CheckDescriptor> defaultChecks() {
		return fChecks.stream().filter(CheckDescriptor::defaultEnabled).toList();
	}

	/** @return contributions that could not be loaded, one sentence each (file, check id, why) */
	public List<String> problems() {
		return fProblems;
	}
}
