package io.feedscope.dissect.internal.osgi;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.RegistryFactory;
import org.osgi.framework.Bundle;

import io.feedscope.dissect.ProtocolHelper;
import io.feedscope.dissect.ProtocolRegistry;

/**
 * Reads the extension point {@code io.feedscope.dissect.protocols}. Only loaded (by
 * {@link ProtocolRegistry#getDefault()}) after checking that {@code org.eclipse.core.runtime} is
 * there, because the bundle imports it optionally and must also run in a plain JVM.
 */
public final class ExtensionProtocols {

	public static final String POINT = "io.feedscope.dissect.protocols";

	private ExtensionProtocols() {
	}

	/**
	 * @param out receives one source per {@code protocol} element
	 * @return false if there is no extension registry (plain JVM with the runtime jar on the class path)
	 */
	public static boolean readInto(List<ProtocolRegistry.Source> out) {
		IExtensionRegistry reg = RegistryFactory.getRegistry();
		if (reg == null) {
			return false;
		}
		for (IConfigurationElement e : reg.getConfigurationElementsFor(POINT)) {
			if (!"protocol".equals(e.getName())) {
				continue;
			}
			String id = e.getAttribute("id");
			String grammar = e.getAttribute("grammar");
			Bundle bundle = Platform.getBundle(e.getContributor().getName());
			if (id == null || grammar == null || bundle == null) {
				continue;
			}
			URL url = bundle.getEntry(grammar);
			if (url == null) {
				continue;
			}
			ProtocolHelper helper = null;
			if (e.getAttribute("helper") != null) {
				try {
					helper = (ProtocolHelper) e.createExecutableExtension("helper");
				} catch (CoreException | ClassCastException ex) {
					Platform.getLog(ExtensionProtocols.class).error("cannot create helper of protocol " + id, ex);
				}
			}
			List<int[]> ports = new ArrayList<>();
			List<String> groups = new ArrayList<>();
			for (IConfigurationElement b : e.getChildren("binding")) {
				String port = b.getAttribute("udpPorts");
				if (port != null) {
					for (String range : port.split(",")) {
						String[] lh = range.trim().split("\\.\\.|-");
						try {
							int lo = Integer.parseInt(lh[0].trim());
							int hi = lh.length > 1 ? Integer.parseInt(lh[1].trim()) : lo;
							ports.add(new int[] { lo, hi });
						} catch (NumberFormatException ex) {
							Platform.getLog(ExtensionProtocols.class).warn("bad udpPorts '" + port + "' in protocol " + id);
						}
					}
				}
				String group = b.getAttribute("groups");
				if (group != null) {
					for (String g : group.split(",")) {
						groups.add(g.trim());
					}
				}
			}
			out.add(new ProtocolRegistry.Source(id, url, helper, ports, groups));
		}
		return true;
	}
}
