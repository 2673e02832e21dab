package io.feedscope.ui.chart.tests;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;

import io.feedscope.ui.chart.ChartWindow;
import io.feedscope.ui.chart.SequenceChart;

/**
 * A real {@link SequenceChart} in a Shell, with recording listeners and helpers that send SWT events
 * straight to the widget (as NatTable's fixtures do): deterministic, no OS event queue.
 */
public final class ChartFixture implements AutoCloseable {

	/** A selection the listener saw. */
	public record Selected(int packetIndex, long frameId) {
	}

	/** The Shell's size; the chart fills it. */
	public static final int WIDTH = 1092, HEIGHT = 700;

	public final Display display;
	public final Shell shell;
	public final SequenceChart chart;
	public final List<Selected> selections = new ArrayList<>();
	public final List<ChartWindow> windows = new ArrayList<>();

	public ChartFixture() {
		this(WIDTH, HEIGHT);
	}

	public ChartFixture(int width, int height) {
		display = display();
		shell = new Shell(display, SWT.NO_TRIM);
		shell.setLayout(new FillLayout());
		chart = new SequenceChart(shell, SWT.NONE);
		shell.setSize(width, height);
		shell.layout(true, true);
		shell.open();
		chart.addPacketSelectionListener((i, f) -> selections.add(new Selected(i, f)));
		chart.addWindowRangeListener(windows::add);
		flush();
	}

	/** The test thread's Display: created on first use, kept for the whole run. */
	public static Display display() {
		Display d = Display.getCurrent();
		return d != null ? d : new Display();
	}

	public void flush() {
		while (display.readAndDispatch()) {
			// drain
		}
	}

	public void clearRecords() {
		selections.clear();
		windows.clear();
	}

	private Event event(int x, int y, int button, int stateMask) {
		Event e = new Event();
		e.widget = chart;
		e.display = display;
		e.x = x;
		e.y = y;
		e.button = button;
		e.stateMask = stateMask;
		e.time = (int) System.currentTimeMillis();
		return e;
	}

	public void mouseDown(int x, int y, int button, int stateMask) {
		Event e = event(x, y, button, stateMask);
		e.count = 1;
		chart.notifyListeners(SWT.MouseDown, e);
	}

	public void mouseMove(int x, int y, int stateMask) {
		chart.notifyListeners(SWT.MouseMove, event(x, y, 0, stateMask));
	}

	public void mouseUp(int x, int y, int button, int stateMask) {
		Event e = event(x, y, button, stateMask);
		e.count = 1;
		chart.notifyListeners(SWT.MouseUp, e);
	}

	/** Left click without moving. */
	public void click(int x, int y) {
		mouseDown(x, y, 1, 0);
		mouseUp(x, y, 1, SWT.BUTTON1);
	}

	/** Double click, as SWT delivers it: down, up, down, double-click, up. */
	public void doubleClick(int x, int y) {
		click(x, y);
		mouseDown(x, y, 1, 0);
		Event e = event(x, y, 1, 0);
		e.count = 2;
		chart.notifyListeners(SWT.MouseDoubleClick, e);
		mouseUp(x, y, 1, SWT.BUTTON1);
	}

	/** Press, move in a few steps, release. */
	public void drag(int button, int stateMask, int x0, int y0, int x1, int y1) {
		mouseDown(x0, y0, button, stateMask);
		for (int s = 1; s <= 4; s++) {
			mouseMove(x0 + (x1 - x0) * s / 4, y0 + (y1 - y0) * s / 4, stateMask);
		}
		mouseUp(x1, y1, button, stateMask);
	}

	/** @param count notches; positive = wheel up = zoom in */
	public void wheel(int x, int y, int count, int stateMask) {
		Event e = event(x, y, 0, stateMask);
		e.count = count;
		e.detail = SWT.SCROLL_LINE;
		chart.notifyListeners(SWT.MouseVerticalWheel, e);
	}

	public void key(int keyCode, char character, int stateMask) {
		Event e = event(0, 0, 0, stateMask);
		e.keyCode = keyCode;
		e.character = character;
		chart.notifyListeners(SWT.KeyDown, e);
	}

	/** Renders the chart off screen with {@link SequenceChart#paintTo(GC)}; @return its pixels */
	public ImageData render() {
		Point size = chart.getSize();
		Image image = new Image(display, size.x, size.y);
		try {
			GC gc = new GC(image);
			try {
				chart.paintTo(gc);
			} finally {
				gc.dispose();
			}
			return image.getImageData();
		} finally {
			image.dispose();
		}
	}

	public static RGB rgbAt(ImageData data, int x, int y) {
		return data.palette.getRGB(data.getPixel(x, y));
	}

	@Override
	public void close() {
		shell.dispose();
		flush();
	}
}
