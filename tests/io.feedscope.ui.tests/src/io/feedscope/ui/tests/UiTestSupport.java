package io.feedscope.ui.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;

/** Finders and waits for tests that drive real widgets on the UI thread. */
public final class UiTestSupport {

	private UiTestSupport() {
	}

	/** Runs the event loop until the condition holds; fails after the timeout. */
	public static void waitUntil(String what, long timeoutMs, BooleanSupplier condition) {
		Display d = Display.getCurrent();
		long end = System.currentTimeMillis() + timeoutMs;
		while (!condition.getAsBoolean()) {
			if (System.currentTimeMillis() > end) {
				throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
			}
			if (!d.readAndDispatch()) {
				d.timerExec(20, () -> {
				});
				d.sleep();
			}
		}
	}

	/** Lets pending events run. */
	public static void flush() {
		Display d = Display.getCurrent();
		while (d.readAndDispatch()) {
			// drain
		}
	}

	/**
	 * Finds a menu item by its labels from the menu bar, e.g. {@code "File", "Open Capture..."}; mnemonics
	 * and accelerator text are ignored. Each menu is sent SWT.Show first, so that lazily filled menus
	 * (JFace MenuManager) have their items.
	 */
	public static MenuItem menuItem(Shell shell, String... path) {
		Menu menu = shell.getMenuBar();
		MenuItem found = null;
		for (String label : path) {
			if (menu == null) {
				throw new AssertionError("no menu under " + (found == null ? "the menu bar" : found.getText()));
			}
			menu.notifyListeners(SWT.Show, new org.eclipse.swt.widgets.Event());
			found = null;
			for (MenuItem item : menu.getItems()) {
				if (label.equals(plain(item.getText()))) {
					found = item;
					break;
				}
			}
			if (found == null) {
				throw new AssertionError("no menu item '" + label + "' in " + java.util.Arrays.stream(menu.getItems())
						.map(i -> plain(i.getText())).toList());
			}
			menu = found.getMenu();
		}
		return found;
	}

	static String plain(String text) {
		int tab = text.indexOf('\t');
		return (tab >= 0 ? text.substring(0, tab) : text).replace("&", "");
	}

	/** Selects a push menu item as a click would: the item's Selection listeners run. */
	public static void click(MenuItem item) {
		item.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
	}

	/** @return the sample capture that ships with the product */
	public static Path sampleCapture() {
		Path repo = Path.of(System.getProperty("feedscope.repo", "../.."));
		Path p = repo.resolve("features/io.feedscope.feature/rootfiles/samples/nasdaq-itch50-sample.pcap");
		if (!Files.isRegularFile(p)) {
			throw new AssertionError("sample capture missing: " + p.toAbsolutePath());
		}
		return p;
	}
}
