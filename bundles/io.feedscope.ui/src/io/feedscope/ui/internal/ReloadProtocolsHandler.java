package io.feedscope.ui.internal;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;

/** File &gt; Reload Protocols: compiles the installed descriptions again and analyses the open captures with them. */
public class ReloadProtocolsHandler extends AbstractHandler {

	@Override
	public Object execute(ExecutionEvent event) {
		ProtocolReloader.reload();
		return null;
	}
}
