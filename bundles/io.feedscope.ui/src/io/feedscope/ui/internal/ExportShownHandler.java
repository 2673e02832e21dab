package io.feedscope.ui.internal;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.Status;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.statushandlers.StatusManager;

/**
 * The packet table's exports as commands (Export Shown Frames as pcap, Export Shown Rows as CSV): the view's
 * menu shows them, and any menu, key binding or script can run them; the view keeps only the writing
 * ({@link PacketTableView#exportPcap}, {@link PacketTableView#exportCsv}). Works on the packet table of the
 * active page. A failed write is reported with the file's name, nothing is half-kept silently.
 */
public class ExportShownHandler extends AbstractHandler {

	public static final String EXPORT_PCAP = "io.feedscope.ui.commands.exportShownPcap";
	public static final String EXPORT_CSV = "io.feedscope.ui.commands.exportShownCsv";

	/** Asks where to write (the native save dialog); tests answer instead. */
	interface FileChooser {
		@Nullable
		String choose(Shell shell, String extension);
	}

	static final FileChooser NATIVE_DIALOG = (shell, extension) -> {
		FileDialog d = new FileDialog(shell, SWT.SAVE);
		d.setFilterExtensions(new String[] { "*." + extension });
		d.setOverwrite(true);
		return d.open();
	};
	static FileChooser chooser = NATIVE_DIALOG;

	@Override
	public @Nullable Object execute(ExecutionEvent event) {
		PacketTableView table = table(event);
		if (table == null) {
			return null;
		}
		boolean pcap = EXPORT_PCAP.equals(event.getCommand().getId());
		Shell shell = table.getSite().getShell();
		String f = chooser.choose(shell, pcap ? "pcap" : "csv");
		if (f == null) {
			return null;
		}
		try {
			if (pcap) {
				table.exportPcap(Path.of(f));
			} else {
				table.exportCsv(Path.of(f));
			}
		} catch (IOException e) {
			StatusManager.getManager().handle(Status.error("Export to " + f + " failed: " + e.getMessage(), e),
					StatusManager.SHOW);
		}
		return null;
	}

	private static @Nullable PacketTableView table(ExecutionEvent event) {
		IWorkbenchPart part = HandlerUtil.getActivePart(event);
		if (part instanceof PacketTableView t) {
			return t;
		}
		IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindow(event);
		IWorkbenchPage page = window == null ? null : window.getActivePage();
		return page == null ? null : (PacketTableView) page.findView(PacketTableView.ID);
	}
}
