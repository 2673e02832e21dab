package io.feedscope.ui.internal;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jdt.annotation.Nullable;

/** File &gt; Reload Protocols: compiles the installed descriptions again and analyses the open captures with them. */
public class ReloadProtocolsHandler extends AbstractHandler {

	@Override
	public @Nullable Object execute(ExecutionEvent event) {
		ProtocolReloader.reload();
		return null;
	}
}
