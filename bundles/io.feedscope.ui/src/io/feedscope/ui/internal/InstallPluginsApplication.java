package io.feedscope.ui.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/**
 * {@code feedscope-gui -application io.feedscope.ui.installPlugins REPO [FEATURE_ID...]}: what Help &gt; Install
 * Plug-ins... does once its dialog is filled in (every feature the repository offers when none is named), run
 * by the product's runtime without a display, so releng/check-install proves the workbench's install path on the
 * built product. Exit 0 when installed, 1 when the installer refused (its message on stderr), 2 on bad arguments.
 */
public final class InstallPluginsApplication implements IApplication {

	@Override
	public Object start(IApplicationContext context) throws Exception {
		String[] raw = (String[]) context.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS, new String[0]);
		List<String> args = new ArrayList<>();
		for (String a : raw) {
			if (!a.startsWith("-")) {
				args.add(a);
			}
		}
		if (args.isEmpty()) {
			System.err.println("io.feedscope.ui.installPlugins: REPO missing (a p2 repository folder or zip)");
			return 2;
		}
		PluginInstaller installer = PluginInstaller.forProduct();
		if (installer == null) {
			System.err.println("io.feedscope.ui.installPlugins: no feedscope-install in this installation (not a FeedScope product)");
			return 1;
		}
		Path repo = Path.of(args.get(0));
		try {
			List<String> ids = new ArrayList<>(args.subList(1, args.size()));
			if (ids.isEmpty()) {
				for (PluginInstaller.Feature f : installer.list(repo)) {
					System.out.println("offered: " + f.id() + " " + f.version());
					ids.add(f.id());
				}
			}
			System.out.print(installer.install(repo, ids));
			System.out.println("restart FeedScope to use " + String.join(", ", ids));
			return 0;
		} catch (PluginInstaller.InstallException e) {
			System.err.println(e.getMessage());
			return 1;
		}
	}

	@Override
	public void stop() {
		// runs to its end
	}
}
