package io.feedscope.ui.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;

import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.CheckOption;
import io.feedscope.analysis.CheckRegistry;

/**
 * Which contributed checks the workbench runs and with which option values: the user's choices on the Checks
 * preference page, over each contribution's {@code defaultEnabled} and declared defaults. Keys live in the
 * workbench's preference node: {@code check.ID.enabled} ({@code true}/{@code false}) and
 * {@code check.ID.option.NAME} (the value's text); an absent key means the contribution's default, so a check
 * installed later starts as its contributor meant it.
 */
final class CheckPreferences {

	/** prefix of every key of this class; a change under it re-runs the analysis */
	static final String PREFIX = "check.";

	private CheckPreferences() {
	}

	static String enabledKey(String checkId) {
		return PREFIX + checkId + ".enabled";
	}

	static String optionKey(String checkId, String option) {
		return PREFIX + checkId + ".option." + option;
	}

	private static IEclipsePreferences node() {
		return InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID);
	}

	/** @return whether the user runs the check (its contribution's default unless they chose) */
	static boolean enabled(CheckDescriptor d) {
		String v = node().get(enabledKey(d.id()), null);
		return v == null ? d.defaultEnabled() : Boolean.parseBoolean(v);
	}

	/** @return the value of an option in effect: what the user set (when still valid), else the default */
	static String option(CheckDescriptor d, CheckOption o) {
		String v = node().get(optionKey(d.id(), o.name()), null);
		if (v == null) {
			return o.defaultValue();
		}
		try {
			return o.validate(v);
		} catch (IllegalArgumentException e) {
			return o.defaultValue(); // the page refuses bad values; one set by hand must not stop the analysis
		}
	}

	/** @return the checks to run, in registry (report) order */
	static List<CheckDescriptor> enabledChecks(CheckRegistry registry) {
		List<CheckDescriptor> out = new ArrayList<>();
		for (CheckDescriptor d : registry.checks()) {
			if (enabled(d)) {
				out.add(d);
			}
		}
		return out;
	}

	/** @return the option values of the given checks, keyed {@code CHECK_ID.OPTION} as {@code FeedAnalyzer} takes them */
	static Map<String, String> optionValues(List<CheckDescriptor> checks) {
		Map<String, String> out = new LinkedHashMap<>();
		for (CheckDescriptor d : checks) {
			for (CheckOption o : d.options()) {
				out.put(d.id() + "." + o.name(), option(d, o));
			}
		}
		return out;
	}

	/** Stores a choice; the default is stored as "no key" so later default changes of the contribution apply. */
	static void setEnabled(CheckDescriptor d, boolean enabled) {
		if (enabled == d.defaultEnabled()) {
			node().remove(enabledKey(d.id()));
		} else {
			node().put(enabledKey(d.id()), Boolean.toString(enabled));
		}
	}

	/** @param value a valid value ({@link CheckOption#validate}); the default removes the key */
	static void setOption(CheckDescriptor d, CheckOption o, String value) {
		String v = o.validate(value);
		if (v.equals(o.defaultValue().strip())) {
			node().remove(optionKey(d.id(), o.name()));
		} else {
			node().put(optionKey(d.id(), o.name()), v);
		}
	}

	static void flush() {
		try {
			node().flush();
		} catch (org.osgi.service.prefs.BackingStoreException e) {
			// kept in memory for this session; the next start uses the defaults
		}
	}
}
