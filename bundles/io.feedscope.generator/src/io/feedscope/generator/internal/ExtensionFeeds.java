package io.feedscope.generator.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.RegistryFactory;

import io.feedscope.generator.feed.FeedPresets;

/**
 * Reads {@code <feed>} contributions from the Eclipse extension registry (OSGi), through the same checks as
 * the class path's reader ({@link FeedPresets#feed}). Only loaded when the registry classes are present (the
 * bundle requires them optionally). Classes are created by the registry, in their bundle, when a preset runs.
 */
public final class ExtensionFeeds {

	private ExtensionFeeds() {
	}

	/** @return false when no registry is running (a plain JVM with the registry's jars present): read the class path then */
	public static boolean read(List<FeedPresets.Preset> out, List<String> problems) {
		IExtensionRegistry registry = RegistryFactory.getRegistry();
		if (registry == null) {
			return false;
		}
		for (IConfigurationElement feed : registry.getConfigurationElementsFor(FeedPresets.EXTENSION_POINT)) {
			if (!"feed".equals(feed.getName())) {
				continue;
			}
			String contributor = feed.getContributor().getName();
			IConfigurationElement[] presets = feed.getChildren("preset");
			List<Map<String, String>> children = new ArrayList<>();
			for (IConfigurationElement p : presets) {
				children.add(attributes(p));
			}
			FeedPresets.Classes classes = new FeedPresets.Classes() {
				@Override
				public <T> Supplier<T> creator(String className, Class<T> type, int preset) {
					IConfigurationElement e = preset < 0 ? feed : presets[preset];
					String attribute = preset < 0 ? "encoder" : "class";
					return () -> {
						try {
							return type.cast(e.createExecutableExtension(attribute));
						} catch (CoreException | ClassCastException ex) {
							throw new IllegalStateException(contributor + ": cannot create " + className + " as a " + type.getName()
									+ ": " + ex.getMessage(), ex);
						}
					};
				}
			};
			FeedPresets.feed(contributor, contributor, attributes(feed), children, classes, out, problems);
		}
		return true;
	}

	private static Map<String, String> attributes(IConfigurationElement e) {
		Map<String, String> m = new HashMap<>();
		for (String a : e.getAttributeNames()) {
			String v = e.getAttribute(a);
			if (v != null) {
				m.put(a, v);
			}
		}
		return m;
	}
}
