package io.feedscope.ui.internal;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.ui.handlers.HandlerUtil;

/** Help &gt; Install Plug-ins...: {@link InstallPluginsDialog}. */
public class InstallPluginsHandler extends AbstractHandler {

	@Override
	public @Nullable Object execute(ExecutionEvent event) {
		new InstallPluginsDialog(HandlerUtil.getActiveShell(event), PluginInstaller.forProduct()).open();
		return null;
	}
}
