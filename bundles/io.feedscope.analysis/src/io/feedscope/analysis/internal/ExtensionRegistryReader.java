package io.feedscope.analysis.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.RegistryFactory;
import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.CheckOption;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.CheckScope;
import io.feedscope.analysis.FeedCheck;

/**
 * Reads {@code <check>} contributions from the Eclipse extension registry. Only loaded when the registry
 * classes are present (the bundle requires them optionally), so plain JVMs never touch this class's
 * references.
 */
public final class ExtensionRegistryReader {

	private ExtensionRegistryReader() {
	}

	/** @return the descriptors, or null when no registry is running (plain JVM with the jars present) */
	public static @Nullable List<CheckDescriptor> read(List<String> problems) {
		IExtensionRegistry registry = RegistryFactory.getRegistry();
		if (registry == null) {
			return null;
		}
		List<CheckDescriptor> out = new ArrayList<>();
		for (IConfigurationElement e : registry.getConfigurationElementsFor(CheckRegistry.EXTENSION_POINT)) {
			if (!"check".equals(e.getName())) {
				continue;
			}
			String id = e.getAttribute("id");
			String contributor = e.getContributor().getName();
			if (id == null || e.getAttribute("class") == null) {
				problems.add(contributor + ": a <check> lacks id or class");
				continue;
			}
			String name = e.getAttribute("name");
			String description = e.getAttribute("description");
			String enabled = e.getAttribute("defaultEnabled");
			List<CheckOption> options;
			try {
				List<Map<String, String>> elements = new ArrayList<>();
				for (IConfigurationElement o : e.getChildren("option")) {
					Map<String, String> attrs = new HashMap<>();
					for (String a : o.getAttributeNames()) {
						attrs.put(a, o.getAttribute(a));
					}
					elements.add(attrs);
				}
				options = PluginXmlReader.options(elements);
			} catch (IllegalArgumentException ex) {
				problems.add(contributor + ": check " + id + ": " + ex.getMessage());
				continue;
			}
			CheckScope scope;
			try {
				scope = CheckScope.parse(e.getAttribute("protocols"), e.getAttribute("roles"));
			} catch (IllegalArgumentException ex) {
				problems.add(contributor + ": check " + id + ": " + ex.getMessage());
				continue;
			}
			out.add(new CheckDescriptor(id, name == null ? id : name, description == null ? "" : description,
					enabled == null || Boolean.parseBoolean(enabled), contributor, () -> create(e, id), options, scope));
		}
		return out;
	}

	private static FeedCheck create(IConfigurationElement e, String id) {
		try {
			return (FeedCheck) e.createExecutableExtension("class");
		} catch (CoreException | ClassCastException ex) {
			throw new IllegalStateException("cannot create check " + id, ex);
		}
	}
}
