package io.feedscope.ui.internal.wireshark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.BusyIndicator;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.statushandlers.StatusManager;

import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.ui.CaptureSet;
import io.feedscope.ui.FeedModel;
import io.feedscope.dissect.Binding;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.ui.internal.FeedScopePreferences;
import io.feedscope.wireshark.LuaExporter;
import io.feedscope.wireshark.TempFolders;
import io.feedscope.wireshark.WiresharkLauncher;

/**
 * "Open in Wireshark" and "Export Frames as pcapng with comments..." for a view's context menu. A view adds
 * them with {@link #addTo} and says what is picked; on each showing of the menu the items say whether there
 * is something to send and whether Wireshark is installed ("Open in Wireshark (not installed)", disabled).
 * <p>
 * Open writes the pick with its context (preference {@link WiresharkFrames#CONTEXT_FRAMES}) and the Lua
 * dissector exported from the installed descriptions into a new temporary folder, and starts
 * {@code wireshark -X lua_script:feedscope.lua -d udp.port==N,PROTO... -r FILE -g FRAME}, the {@code -d} options
 * FeedScope's own bindings (preference {@code bindings}: a feed on a port its description does not name decodes
 * in Wireshark too). The folder stays while FeedScope runs (Wireshark keeps reading it while open) and is
 * deleted at exit; folders an earlier FeedScope left (it did not exit cleanly) go at the next start
 * ({@link TempFolders}).
 */
public final class WiresharkMenu {

	public static final String OPEN = "Open in Wireshark";
	public static final String NOT_INSTALLED = " (not installed)";
	public static final String EXPORT = "Export Frames as pcapng with comments...";
	static final String PLUGIN_ID = "io.feedscope.ui";

	static {
		// left by an earlier FeedScope that did not exit cleanly: this class loads with the first view's menu
		TempFolders.deleteOld();
	}

	/** the launcher used; tests put a fake wireshark on its PATH */
	public static volatile Supplier<WiresharkLauncher> launcher = WiresharkLauncher::system;
	/** asks where to save an export (null: cancelled); replaced by tests */
	public static volatile BiFunction<Shell, String, @Nullable String> saveChooser = (shell, name) -> {
		FileDialog d = new FileDialog(shell, SWT.SAVE);
		d.setText(EXPORT.replace("...", ""));
		d.setFilterExtensions(new String[] { "*.pcapng", "*" });
		d.setFileName(name);
		d.setOverwrite(true); // the dialog asks before replacing a file
		return d.open();
	};
	/** shows what went wrong; replaced by tests */
	public static volatile Consumer<String> errors = message -> StatusManager.getManager()
			.handle(Status.error(message), StatusManager.SHOW | StatusManager.LOG);

	private WiresharkMenu() {
	}

	/**
	 * Adds the two items (after a separator) to a view's context menu.
	 *
	 * @param pick what the view has picked when the menu shows (no frames: items disabled)
	 */
	public static void addTo(IMenuManager menu, Supplier<WiresharkFrames.Pick> pick) {
		Action open = new Action(OPEN) {
			@Override
			public void run() {
				open(pick.get());
			}
		};
		open.setId(WiresharkMenu.class.getName() + ".open");
		Action export = new Action(EXPORT) {
			@Override
			public void run() {
				export(pick.get());
			}
		};
		export.setId(WiresharkMenu.class.getName() + ".export");
		menu.add(new Separator("wireshark"));
		menu.add(open);
		menu.add(export);
		menu.addMenuListener(m -> {
			boolean frames = !pick.get().frames().isEmpty();
			boolean installed = launcher.get().find().isPresent();
			open.setText(installed ? OPEN : OPEN + NOT_INSTALLED);
			open.setToolTipText(installed ? "Open the frames and their context in Wireshark, with FeedScope's dissector"
					: "No 'wireshark' program on the PATH (Debian: apt-get install wireshark-qt)");
			open.setEnabled(installed && frames);
			export.setEnabled(frames);
		});
	}

	/** @return frames of context before and after each picked frame (the preference) */
	public static int context() {
		return Math.max(0, Platform.getPreferencesService().getInt(PLUGIN_ID, WiresharkFrames.CONTEXT_FRAMES,
				WiresharkFrames.DEFAULT_CONTEXT, null));
	}

	/** @return a pick of frames (table rows, a chart mark) of the open captures */
	public static WiresharkFrames.Pick pick(List<io.feedscope.ui.FrameRef> frames) {
		return WiresharkFrames.Pick.ofFrames(frames, names(FeedModel.getDefault()));
	}

	private static List<String> names(FeedModel model) {
		return WiresharkFrames.names(model, CaptureSet.getDefault()::name);
	}

	/** Writes the pick and the dissector to a temporary folder and starts Wireshark on them. */
	static void open(WiresharkFrames.Pick pick) {
		if (pick.frames().isEmpty()) {
			return;
		}
		BusyIndicator.showWhile(null, () -> {
			try {
				FeedModel model = FeedModel.getDefault();
				Path dir = TempFolders.create();
				Path lua = dir.resolve("feedscope.lua");
				ProtocolSet installed = ProtocolRegistry.getDefault().compile();
				Files.writeString(lua, LuaExporter.export(installed, List.of(), LuaExporter.Options.DEFAULT), StandardCharsets.UTF_8);
				WiresharkFrames.Written w = WiresharkFrames.write(dir.resolve(pick.fileName()), model, names(model), pick, context(), false);
				launcher.get().start(lua, w.file(), w.focusFrame(),
						WiresharkLauncher.decodeAs(bindings(installed), LuaExporter.Options.DEFAULT));
			} catch (IOException | RuntimeException e) {
				errors.accept("Open in Wireshark failed: " + e.getMessage());
			}
		});
	}

	/**
	 * @return FeedScope's bindings (the preference, as the analysis applies them: bad entries left out, the
	 *         installed default framing where an entry names none)
	 */
	static List<Binding> bindings(ProtocolSet installed) {
		String text = Platform.getPreferencesService().getString(PLUGIN_ID, FeedScopePreferences.BINDINGS, "", null);
		String framing = installed.defaultFraming();
		List<Binding> out = new java.util.ArrayList<>();
		for (String entry : text.split("[;\n]")) {
			if (entry.isBlank()) {
				continue;
			}
			try {
				Binding b = Binding.parse(entry, framing == null ? "" : framing);
				io.feedscope.dissect.Protocol p = installed.protocol(b.protocol());
				if (p != null && p.isFraming()) {
					out.add(b);
				}
			} catch (IllegalArgumentException e) {
				// the preference page rejects it as typed; the analysis skips it too
			}
		}
		return out;
	}

	/** Asks where, then writes the pick with its context as an annotated pcapng. */
	static void export(WiresharkFrames.Pick pick) {
		if (pick.frames().isEmpty()) {
			return;
		}
		Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
		String f = saveChooser.apply(shell, pick.fileName());
		if (f == null) {
			return;
		}
		BusyIndicator.showWhile(null, () -> {
			try {
				FeedModel model = FeedModel.getDefault();
				// the dialog asked before replacing: the file may be overwritten now
				WiresharkFrames.write(Path.of(f), model, names(model), pick, context(), true);
			} catch (IOException | RuntimeException e) {
				errors.accept("Export to " + f + " failed: " + e.getMessage());
			}
		});
	}
}
