package io.feedscope.ui.internal;

import static io.feedscope.ui.tests.UiTestSupport.click;
import static io.feedscope.ui.tests.UiTestSupport.menuItem;
import static io.feedscope.ui.tests.UiTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.ui.tests.UiTestSupport;
import io.feedscope.testdata.ToyFeed;

/**
 * Window &gt; Preferences &gt; FeedScope &gt; Protocols, File &gt; Reload Protocols, the user folder's watcher and
 * Help &gt; Install Plug-ins..., through their widgets. The user folder is the module's own (surefire sets
 * {@code feedscope.userProtocols}); what is written there is removed after each test.
 */
class ProtocolsWorkbenchTest {


	private Path fUser;
	private final List<PreferenceDialog> fOpen = new ArrayList<>();

	@BeforeEach
	void watchTheUserFolder() throws Exception {
		fUser = ProtocolRegistry.userDirectory();
		// the workbench began watching the user's folder when it started (org.eclipse.ui.startup)
		waitUntil("the start-up watcher", 20_000, () -> fUser.equals(ProtocolReloader.watchedAtStart()));
		Files.createDirectories(fUser);
		assertEquals(List.of(), Files.list(fUser).toList(), "the module's user protocols folder starts empty");
		ProtocolReloader.watch(fUser);
	}

	@AfterEach
	void cleanUp() throws Exception {
		fOpen.forEach(PreferenceDialog::close);
		Files.deleteIfExists(fUser.resolve("toy.fsp"));
		Files.deleteIfExists(fUser.resolve("toyf.fsp"));
		reloadAndWait();
	}

	@Test
	void thePageListsEveryProtocolWithItsSourceAndBindings() {
		ProtocolsPreferencePage page = openPage();
		List<String[]> rows = rows(page.protocolTable());
		assertTrue(rows.stream().anyMatch(r -> r[0].equals("itch50") && r[1].equals("messages")
				&& r[2].equals("plug-in io.feedscope.protocols.itch50") && r[3].equals("carried by moldudp64, moldudp")), show(rows));
		assertTrue(rows.stream().anyMatch(r -> r[0].equals("moldudp64") && r[1].equals("framing")
				&& r[2].equals("plug-in io.feedscope.protocols.moldudp64") && r[3].contains("carries itch50")), show(rows));
		// the test runtime has the Cboe bundle installed: listed as the plug-in it came from
		assertTrue(rows.stream().anyMatch(r -> r[0].equals("pitch") && r[2].equals("plug-in io.feedscope.protocols.pitch")
				&& r[3].equals("carried by cboe_suh")), show(rows));
		assertEquals(0, page.problemTable().getItemCount(), show(rows(page.problemTable())));
	}

	@Test
	void aSavedFileIsReloadedWithoutRestartAndItsErrorOpensAtTheLine() throws Exception {
		ProtocolsPreferencePage page = openPage();
		assertFalse(has(page.protocolTable(), "toy"), "no toy protocol yet");

		// written into the watched folder: listed, as a user file, without Reload or restart
		Files.writeString(fUser.resolve("toyf.fsp"), ToyFeed.TOYF);
		Files.writeString(fUser.resolve("toy.fsp"), ToyFeed.TOY);
		waitUntil("the watcher's reload lists toy", 20_000, () -> has(page.protocolTable(), "toy"));
		String[] toy = rows(page.protocolTable()).stream().filter(r -> r[0].equals("toy")).findFirst().orElseThrow();
		assertEquals("user folder " + fUser, toy[2]);
		assertEquals("carried by toyf", toy[3]);
		assertNotNull(AnalysisJob.protocols().protocol("toy"), "the workbench's dissection uses it too");

		// broken: it alone is left out, its error listed where it is; the bundled protocols stay
		Files.writeString(fUser.resolve("toy.fsp"), ToyFeed.TOY_BROKEN);
		waitUntil("the broken file's error", 20_000, () -> page.problemTable().getItemCount() > 0 && !has(page.protocolTable(), "toy"));
		String[] problem = rows(page.problemTable()).get(0);
		assertEquals("error", problem[0]);
		assertEquals(fUser.resolve("toy.fsp") + ":5:35", problem[1]);
		assertEquals("expected ';' after field 'symbol'", problem[2]);
		assertTrue(has(page.protocolTable(), "itch50"), "a broken file disables only itself");
		assertTrue(has(page.protocolTable(), "toyf"), "a broken file disables only itself");

		// double-click: the file, at the line and column
		page.problemTable().setSelection(0);
		page.problemTable().notifyListeners(SWT.DefaultSelection, new Event());
		UiTestSupport.flush();
		ProtocolFileDialog editor = page.opened();
		assertNotNull(editor, "double-click opened nothing");
		StyledText text = editor.text();
		assertEquals(ToyFeed.TOY_BROKEN, text.getText());
		assertEquals(4, text.getLineAtOffset(text.getCaretOffset()), "caret on line 5");
		assertEquals(34, text.getCaretOffset() - text.getOffsetAtLine(4), "caret at column 35");
		assertNotNull(text.getLineBackground(4), "line 5 marked");
		assertEquals(null, text.getLineBackground(3), "only line 5 marked");

		// fixed there and saved: the watcher reloads it, the error is gone
		text.setText(ToyFeed.TOY);
		Button save = button(editor.getShell(), "Save");
		save.notifyListeners(SWT.Selection, new Event());
		UiTestSupport.flush();
		assertEquals(ToyFeed.TOY, Files.readString(fUser.resolve("toy.fsp")));
		waitUntil("the saved file reloaded", 20_000, () -> has(page.protocolTable(), "toy") && page.problemTable().getItemCount() == 0);
	}

	@Test
	void fileReloadProtocolsPicksUpAChangeTheWatcherDidNotSee() throws Exception {
		ProtocolReloader.stopWatching(); // so only the menu can have picked it up
		Files.writeString(fUser.resolve("toyf.fsp"), ToyFeed.TOYF);
		Files.writeString(fUser.resolve("toy.fsp"), ToyFeed.TOY);
		Thread.sleep(500);
		assertEquals(null, AnalysisJob.protocols().protocol("toy"), "nothing reloaded it yet");
		Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
		click(menuItem(shell, "File", "Reload Protocols"));
		waitUntil("File > Reload Protocols", 20_000, () -> Job.getJobManager().find(ProtocolReloader.FAMILY).length == 0
				&& AnalysisJob.protocols().protocol("toy") != null);
	}

	@Test
	void installPlugInsSaysWhatItCannotDo() {
		Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
		assertNotNull(menuItem(shell, "Help", "Install Plug-ins..."));
		// the test runtime is no installed product: the dialog says so instead of failing later
		InstallPluginsDialog none = new InstallPluginsDialog(shell, PluginInstaller.forProduct());
		none.setBlockOnOpen(false);
		none.open();
		try {
			UiTestSupport.flush();
			assertTrue(none.getErrorMessage() != null && none.getErrorMessage().contains("no feedscope-install"), none.getErrorMessage());
			assertFalse(none.installButton().isEnabled());
		} finally {
			none.close();
		}
		// a repository that is not there is named, nothing is listed, Install stays off
		InstallPluginsDialog d = new InstallPluginsDialog(shell, new PluginInstaller(Path.of("/bin/false")));
		d.setBlockOnOpen(false);
		d.open();
		try {
			Path missing = fUser.resolve("no-such-repository.zip");
			d.setRepository(missing.toString());
			UiTestSupport.flush();
			assertEquals(missing + " does not exist", d.getErrorMessage());
			assertEquals(0, d.featureTable().getItemCount());
			assertFalse(d.installButton().isEnabled());
		} finally {
			d.close();
		}
	}

	private ProtocolsPreferencePage openPage() {
		PreferenceDialog d = PreferencesUtil.createPreferenceDialogOn(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(),
				"io.feedscope.ui.preferences.protocols", null, null);
		d.setBlockOnOpen(false);
		d.open();
		fOpen.add(d);
		UiTestSupport.flush();
		return assertInstanceOf(ProtocolsPreferencePage.class, d.getSelectedPage());
	}

	private static void reloadAndWait() throws InterruptedException {
		ProtocolReloader.reload().join();
		UiTestSupport.flush();
	}

	private static List<String[]> rows(Table t) {
		List<String[]> out = new ArrayList<>();
		for (TableItem i : t.getItems()) {
			String[] r = new String[t.getColumnCount()];
			for (int k = 0; k < r.length; k++) {
				r[k] = i.getText(k);
			}
			out.add(r);
		}
		return out;
	}

	private static boolean has(Table t, String name) {
		return rows(t).stream().anyMatch(r -> r[0].equals(name));
	}

	private static String show(List<String[]> rows) {
		return String.join("\n", rows.stream().map(r -> String.join(" | ", r)).toList());
	}

	private static Button button(org.eclipse.swt.widgets.Composite c, String label) {
		for (org.eclipse.swt.widgets.Control k : c.getChildren()) {
			if (k instanceof Button b && b.getText().replace("&", "").equals(label)) {
				return b;
			}
			if (k instanceof org.eclipse.swt.widgets.Composite sub) {
				Button found = buttonOrNull(sub, label);
				if (found != null) {
					return found;
				}
			}
		}
		throw new AssertionError("no button " + label);
	}

	private static Button buttonOrNull(org.eclipse.swt.widgets.Composite c, String label) {
		try {
			return button(c, label);
		} catch (AssertionError e) {
			return null;
		}
	}
}
