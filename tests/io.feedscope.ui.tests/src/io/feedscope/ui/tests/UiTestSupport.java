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

	/**
	 * Shows the workbench window in front, lets it settle (events drained and the window repainted five
	 * times, 50 ms apart) and saves what the screen shows of it as a PNG: the screenshots for people to look
	 * at, one helper for every test that takes them. Fails on a picture that is too small or of one flat
	 * colour (the window was not drawn).
	 *
	 * @param dir  where to save (see {@link #screenshotDir()})
	 * @param name the file name, e.g. {@code workbench-incident-overview.png}
	 * @return the file written
	 */
	public static Path shootWorkbench(Path dir, String name) throws Exception {
		Display d = Display.getCurrent();
		Shell shell = org.eclipse.ui.PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
		shell.forceActive();
		for (int i = 0; i < 5; i++) {
			flush();
			shell.update();
			Thread.sleep(50);
		}
		org.eclipse.swt.graphics.Rectangle r = shell.getBounds();
		org.eclipse.swt.graphics.Image image = new org.eclipse.swt.graphics.Image(d, r.width, r.height);
		org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(d);
		try {
			gc.copyArea(image, r.x, r.y);
		} finally {
			gc.dispose();
		}
		try {
			org.eclipse.swt.graphics.ImageData data = image.getImageData();
			org.eclipse.swt.graphics.ImageLoader loader = new org.eclipse.swt.graphics.ImageLoader();
			loader.data = new org.eclipse.swt.graphics.ImageData[] { data };
			Path file = dir.resolve(name);
			loader.save(file.toString(), SWT.IMAGE_PNG);
			if (Files.size(file) <= 10_000) {
				throw new AssertionError(file + " has no picture");
			}
			// not one flat colour: count distinct pixels in a coarse grid
			java.util.Set<Integer> colours = new java.util.HashSet<>();
			for (int y = 0; y < data.height; y += 7) {
				for (int x = 0; x < data.width; x += 7) {
					colours.add(data.getPixel(x, y));
				}
			}
			if (colours.size() <= 8) {
				throw new AssertionError(file + " is blank");
			}
			System.out.println("screenshot: " + file);
			return file;
		} finally {
			image.dispose();
		}
	}

	/**
	 * @return tests/io.feedscope.ui.tests/target/screenshots of the repository ({@code feedscope.repo}), else
	 *         target/screenshots; created
	 */
	public static Path screenshotDir() throws java.io.IOException {
		String repo = System.getProperty("feedscope.repo");
		Path out = (repo != null ? Path.of(repo, "tests", "io.feedscope.ui.tests", "target") : Path.of("target"))
				.resolve("screenshots");
		Files.createDirectories(out);
		return out;
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
