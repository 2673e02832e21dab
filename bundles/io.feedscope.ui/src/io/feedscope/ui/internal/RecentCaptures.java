package io.feedscope.ui.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.action.IContributionItem;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.actions.CompoundContributionItem;
import org.eclipse.ui.menus.CommandContributionItem;
import org.eclipse.ui.menus.CommandContributionItemParameter;
import org.osgi.service.prefs.BackingStoreException;

/**
 * File &gt; Recent Captures: the last captures opened, newest first, kept in the instance preferences.
 * Each item runs the same Open Capture command with the path as parameter.
 */
public class RecentCaptures extends CompoundContributionItem {

	static final String KEY = "recentCaptures";
	static final int MAX = 10;

	/** Remembers a capture that opened. */
	static void remember(Path file) {
		List<String> list = new ArrayList<>(load());
		String p = file.toAbsolutePath().toString();
		list.remove(p);
		list.add(0, p);
		while (list.size() > MAX) {
			list.remove(list.size() - 1);
		}
		IEclipsePreferences node = InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID);
		node.put(KEY, String.join("\n", list));
		try {
			node.flush();
		} catch (BackingStoreException e) {
			// the list is a convenience: losing it is not worth bothering the user
		}
	}

	static List<String> load() {
		String s = InstanceScope.INSTANCE.getNode(OpenCaptureHandler.PLUGIN_ID).get(KEY, "");
		return s.isEmpty() ? List.of() : List.of(s.split("\n"));
	}

	@Override
	protected IContributionItem[] getContributionItems() {
		List<String> recent = load();
		IContributionItem[] items = new IContributionItem[recent.size()];
		for (int i = 0; i < items.length; i++) {
			String path = recent.get(i);
			CommandContributionItemParameter p = new CommandContributionItemParameter(PlatformUI.getWorkbench(),
					"io.feedscope.ui.recent." + i, OpenCaptureHandler.COMMAND_ID, CommandContributionItem.STYLE_PUSH);
			p.label = (i + 1) + " " + Path.of(path).getFileName() + "  [" + path + "]";
			p.parameters = java.util.Map.of(OpenCaptureHandler.PATH_PARAMETER, path);
			items[i] = new CommandContributionItem(p);
		}
		return items;
	}
}
