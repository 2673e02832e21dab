package io.feedscope.ui.internal.wireshark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.dialogs.ListSelectionDialog;
import org.eclipse.ui.handlers.HandlerUtil;

import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.wireshark.LuaExporter;

/**
 * File &gt; Export Wireshark Dissector...: the same export as {@code feedscope export-lua}. The user picks the
 * framing protocols (each exported with the feed protocol it carries; all are checked at first), then the
 * .lua file to write.
 */
public class ExportDissectorHandler extends AbstractHandler {

	public static final String COMMAND_ID = "io.feedscope.ui.commands.exportDissector";

	/** asks which framing protocols to export (null: cancelled); replaced by tests */
	public static volatile BiFunction<Shell, List<Protocol>, @Nullable List<Protocol>> protocolChooser = ExportDissectorHandler::choose;
	/** asks for the .lua file (null: cancelled); replaced by tests */
	public static volatile Function<Shell, @Nullable String> fileChooser = shell -> {
		FileDialog d = new FileDialog(shell, SWT.SAVE);
		d.setText("Export Wireshark Dissector");
		d.setFilterExtensions(new String[] { "*.lua", "*" });
		d.setFileName("feedscope.lua");
		d.setOverwrite(true); // the dialog asks before replacing a file
		return d.open();
	};

	@Override
	public @Nullable Object execute(ExecutionEvent event) {
		Shell shell = HandlerUtil.getActiveShell(event);
		ProtocolSet set = ProtocolRegistry.getDefault().compile();
		List<Protocol> framing = set.framingProtocols();
		if (framing.isEmpty()) {
			WiresharkMenu.errors.accept("Export Wireshark Dissector: no framing protocol is installed");
			return null;
		}
		List<Protocol> chosen = protocolChooser.apply(shell, framing);
		if (chosen == null || chosen.isEmpty()) {
			return null;
		}
		String file = fileChooser.apply(shell);
		if (file == null) {
			return null;
		}
		List<String> names = new ArrayList<>();
		for (Protocol p : chosen) {
			names.add(p.name());
		}
		try {
			Files.writeString(Path.of(file), LuaExporter.export(set, names, LuaExporter.Options.DEFAULT), StandardCharsets.UTF_8);
		} catch (IOException | RuntimeException e) {
			WiresharkMenu.errors.accept("Export Wireshark Dissector to " + file + " failed: " + e.getMessage());
		}
		return null;
	}

	/** @return a protocol's line in the chooser: "moldudp64: MoldUDP64, carrying itch50" */
	static String label(ProtocolSet set, Protocol p) {
		Protocol feed = set.feedProtocol(p.name());
		return p.name() + ": " + p.displayName() + (feed == null ? "" : ", carrying " + feed.name());
	}

	private static @Nullable List<Protocol> choose(Shell shell, List<Protocol> framing) {
		ProtocolSet set = ProtocolRegistry.getDefault().compile();
		ListSelectionDialog d = ListSelectionDialog.of(framing).contentProvider(ArrayContentProvider.getInstance())
				.labelProvider(new LabelProvider() {
					@Override
					public String getText(Object element) {
						return element instanceof Protocol p ? label(set, p) : String.valueOf(element);
					}
				}).message("Framing protocols to export (each with the feed protocol it carries):")
				.preselect(framing.toArray()).create(shell);
		d.setTitle("Export Wireshark Dissector");
		if (d.open() != Window.OK) {
			return null;
		}
		List<Protocol> out = new ArrayList<>();
		for (Object o : d.getResult()) {
			out.add((Protocol) o);
		}
		return out;
	}
}
