package io.feedscope.dissect.internal.osgi;

import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.RegistryFactory;
import org.osgi.framework.Bundle;

import io.feedscope.dissect.ProtocolDiagnostic;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.Severity;
import io.feedscope.dissect.internal.ContributionChecks;

/**
 * Reads the extension point {@code io.feedscope.dissect.protocols}. Only loaded (by
 * {@link ProtocolRegistry#getDefault()}) after checking that {@code org.eclipse.core.runtime} is
 * there, because the bundle imports it optionally and must also run in a plain JVM. The same checks as
 * on a plain class path ({@code plugin.xml} read by {@code internal.PluginXml}), and every bad contribution
 * is both a diagnostic of the compiled set and an entry in the workbench's Error Log.
 */
public final class ExtensionProtocols {

	public static final String POINT = "io.feedscope.dissect.protocols";

	private ExtensionProtocols() {
	}

	/**
	 * @param out receives one source per usable {@code protocol} element
	 * @param problems receives one diagnostic per contribution that cannot be used as written
	 * @return false if there is no extension registry (plain JVM with the runtime jar on the class path)
	 */
	public static boolean readInto(List<ProtocolRegistry.Source> out, List<ProtocolDiagnostic> problems) {
		IExtensionRegistry reg = RegistryFactory.getRegistry();
		if (reg == null) {
			return false;
		}
		List<ProtocolDiagnostic> found = new ArrayList<>();
		for (IConfigurationElement e : reg.getConfigurationElementsFor(POINT)) {
			String contributor = e.getContributor().getName();
			String where = contributor + "/plugin.xml";
			if (!"protocol".equals(e.getName())) {
				found.add(new ProtocolDiagnostic(Severity.WARNING, where, 0, 0, "<" + e.getName() + "> is not a contribution to " + POINT));
				continue;
			}
			String id = e.getAttribute("id");
			String grammar = e.getAttribute("grammar");
			Bundle bundle = Platform.getBundle(contributor);
			if (id == null || grammar == null || bundle == null) {
				found.add(new ProtocolDiagnostic(Severity.ERROR, where, 0, 0, "a <protocol> needs both id and grammar; left out"));
				continue;
			}
			URL url = bundle.getEntry(grammar);
			if (url == null) {
				found.add(new ProtocolDiagnostic(Severity.ERROR, where, 0, 0, "protocol '" + id + "': grammar " + grammar
						+ " not found in the bundle; left out"));
				continue;
			}
			Map<String, String> attrs = new HashMap<>();
			for (String a : e.getAttributeNames()) {
				attrs.put(a, e.getAttribute(a));
			}
			unsupported(where, id, attrs, found);
			List<Map<String, String>> bindings = new ArrayList<>();
			for (IConfigurationElement b : e.getChildren("binding")) {
				Map<String, String> ba = new HashMap<>();
				for (String a : b.getAttributeNames()) {
					ba.put(a, b.getAttribute(a));
				}
				bindings.add(ba);
			}
			List<int[]> ports = new ArrayList<>();
			List<String> groups = new ArrayList<>();
			bindings(where, id, bindings, ports, groups, found);
			String path = url.getPath();
			out.add(new ProtocolRegistry.Source(id, url, null, ports, groups, "plug-in " + contributor,
					path.substring(path.lastIndexOf('/') + 1)));
		}
		if (!found.isEmpty()) {
			ILog log = Platform.getLog(ExtensionProtocols.class);
			for (ProtocolDiagnostic d : found) {
				if (d.severity() == Severity.ERROR) {
					log.error(d.toString());
				} else {
					log.warn(d.toString());
				}
			}
			problems.addAll(found);
		}
		return true;
	}

	private static void unsupported(String where, String id, Map<String, String> attrs, List<ProtocolDiagnostic> out) {
		ContributionChecks.unsupportedAttributes(where, id, attrs, out);
	}

	private static void bindings(String where, String id, List<Map<String, String>> in, List<int[]> ports, List<String> groups,
			List<ProtocolDiagnostic> out) {
		ContributionChecks.bindings(where, id, in, ports, groups, out);
	}
}
