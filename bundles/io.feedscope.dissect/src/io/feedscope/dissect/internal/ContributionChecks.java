package io.feedscope.dissect.internal;

import java.util.List;
import java.util.Map;

import io.feedscope.dissect.Binding;
import io.feedscope.dissect.PortRange;
import io.feedscope.dissect.ProtocolDiagnostic;
import io.feedscope.dissect.Severity;

/**
 * The checks of a {@code <protocol>} contribution that do not need the description, shared by the two
 * readers (the extension registry in OSGi, {@link PluginXml} on a plain class path) so that a plug-in is
 * judged the same in the workbench and on the command line.
 */
public final class ContributionChecks {

	private ContributionChecks() {
	}

	/**
	 * {@code name} and {@code helper} were in the schema but never read (the description's label names the
	 * protocol; no face called a helper): said, so that a contributor does not wonder why they do nothing.
	 *
	 * @param where the plugin.xml (and line) for the diagnostic
	 */
	public static void unsupportedAttributes(String where, String id, Map<String, String> a, List<ProtocolDiagnostic> out) {
		for (String attr : List.of("name", "helper")) {
			if (a.containsKey(attr)) {
				out.add(new ProtocolDiagnostic(Severity.WARNING, where, 0, 0, "protocol '" + id + "': attribute '" + attr
						+ "' is not read (" + (attr.equals("name") ? "the description's label is the name for people"
								: "descriptions carry no code") + "); remove it"));
			}
		}
	}

	/** The {@code <binding udpPorts="..." groups="..."/>} children; a bad one is reported and left out. */
	public static void bindings(String where, String id, List<Map<String, String>> in, List<int[]> ports, List<String> groups,
			List<ProtocolDiagnostic> problems) {
		for (Map<String, String> b : in) {
			String port = b.get("udpPorts");
			if (port != null) {
				for (String range : port.split(",")) {
					try {
						PortRange r = PortRange.parse(range, true); // N, N..M or N-M
						ports.add(new int[] { r.low(), r.high() });
					} catch (IllegalArgumentException ex) {
						problems.add(new ProtocolDiagnostic(Severity.ERROR, where, 0, 0, "protocol '" + id + "': bad udpPorts '"
								+ range.trim() + "' (N or N..M within 0..65535); that binding is left out"));
					}
				}
			}
			String group = b.get("groups");
			if (group != null) {
				for (String g : group.split(",")) {
					try {
						Binding.parse("ip.dst==" + g.trim(), id);
						groups.add(g.trim());
					} catch (IllegalArgumentException ex) {
						problems.add(new ProtocolDiagnostic(Severity.ERROR, where, 0, 0, "protocol '" + id + "': bad group '" + g.trim()
								+ "': " + ex.getMessage() + "; that binding is left out"));
					}
				}
			}
		}
	}
}
