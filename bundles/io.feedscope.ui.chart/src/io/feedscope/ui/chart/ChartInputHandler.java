package io.feedscope.ui.chart;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;

import io.feedscope.ui.chart.internal.ChartViewport;

/**
 * The chart's mouse and keys, a small state machine ({@link Drag}): a press becomes a pending click, a pan
 * (of both axes, or of the axis pressed on) or a box zoom; moving past {@value #DRAG_THRESHOLD} px turns a
 * pending click into a pan; the release selects, tells the window listeners once, zooms to the box or
 * opens the context menu. The window arithmetic is the {@link ChartViewport}'s; this class only decides
 * what a gesture means. See {@link SequenceChart}'s class comment for the gestures.
 */
final class ChartInputHandler {

	/** Wheel notch / key zoom factor. */
	static final double ZOOM_STEP = 1.25;
	private static final int DRAG_THRESHOLD = 3;

	/** What the mouse is doing between press and release. */
	enum Drag {
		NONE, PENDING_CLICK, PAN, PAN_TIME, PAN_SEQ, BOX
	}

	private final SequenceChart fChart;
	private Drag fDrag = Drag.NONE;
	/** where the context menu was last asked for, in control coordinates */
	private Point fMenuPoint = new Point(0, 0);
	private int fPressX, fPressY, fDragX, fDragY;
	/** the window when the button was pressed: a pan is relative to it */
	private ChartViewport fPress = new ChartViewport();

	ChartInputHandler(SequenceChart chart) {
		fChart = chart;
		chart.addListener(SWT.MouseDown, this::onMouseDown);
		chart.addListener(SWT.MouseMove, this::onMouseMove);
		chart.addListener(SWT.MouseUp, this::onMouseUp);
		chart.addListener(SWT.MouseDoubleClick, this::onDoubleClick);
		chart.addListener(SWT.MouseVerticalWheel, this::onWheel);
		chart.addListener(SWT.MouseHorizontalWheel, this::onHorizontalWheel);
		chart.addListener(SWT.MouseExit, e -> chart.setHover(-1));
		chart.addListener(SWT.KeyDown, this::onKey);
		// the mouse's menu is opened on the right button's release when it did not drag (see onMouseUp);
		// the keyboard's menu key opens it at once
		chart.addListener(SWT.MenuDetect, e -> {
			if (e.detail != SWT.MENU_KEYBOARD) {
				e.doit = false;
			} else {
				fMenuPoint = chart.toControl(e.x, e.y);
			}
		});
		chart.addListener(SWT.Traverse, e -> {
			// arrows and Escape belong to the chart, not to focus traversal
			if (e.detail == SWT.TRAVERSE_ARROW_NEXT || e.detail == SWT.TRAVERSE_ARROW_PREVIOUS
					|| e.detail == SWT.TRAVERSE_ESCAPE) {
				e.doit = false;
			}
		});
	}

	/** @return where the context menu was last opened, in control coordinates */
	Point menuPoint() {
		return new Point(fMenuPoint.x, fMenuPoint.y);
	}

	/** @return the box being drawn (x, y, width, height), or null when not drawing one */
	int @org.eclipse.jdt.annotation.Nullable [] box() {
		if (fDrag != Drag.BOX) {
			return null;
		}
		return new int[] { Math.min(fPressX, fDragX), Math.min(fPressY, fDragY), Math.abs(fDragX - fPressX),
				Math.abs(fDragY - fPressY) };
	}

	private void onMouseDown(Event e) {
		fChart.setFocus();
		ChartViewport v = fChart.viewport();
		fPressX = fDragX = e.x;
		fPressY = fDragY = e.y;
		fPress = v.copy();
		if (e.button == 3 || (e.button == 1 && (e.stateMask & (SWT.SHIFT | SWT.MOD1)) != 0)) {
			fDrag = Drag.BOX;
		} else if (e.button == 2) {
			fDrag = Drag.PAN;
		} else if (e.button == 1) {
			if (v.onTimeAxis(e.y)) {
				fDrag = Drag.PAN_TIME;
			} else if (v.onSeqAxis(e.x)) {
				fDrag = Drag.PAN_SEQ;
			} else {
				fDrag = Drag.PENDING_CLICK;
			}
		}
	}

	private void onMouseMove(Event e) {
		switch (fDrag) {
		case NONE -> fChart.setHover(fChart.packetAt(e.x, e.y));
		case PENDING_CLICK -> {
			if (Math.abs(e.x - fPressX) > DRAG_THRESHOLD || Math.abs(e.y - fPressY) > DRAG_THRESHOLD) {
				fDrag = Drag.PAN;
				panTo(e.x, e.y, true, true);
			}
		}
		case PAN -> panTo(e.x, e.y, true, true);
		case PAN_TIME -> panTo(e.x, e.y, true, false);
		case PAN_SEQ -> panTo(e.x, e.y, false, true);
		case BOX -> {
			fDragX = e.x;
			fDragY = e.y;
			fChart.redraw();
		}
		}
	}

	private void panTo(int x, int y, boolean time, boolean seq) {
		fChart.viewport().panFrom(fPress, x - fPressX, y - fPressY, time, seq, fChart.getExtent());
		fChart.userMoved();
	}

	private void onMouseUp(Event e) {
		Drag d = fDrag;
		fDrag = Drag.NONE;
		switch (d) {
		case PENDING_CLICK -> {
			int i = fChart.packetAt(e.x, e.y);
			if (i >= 0) {
				fChart.userSelect(i);
			}
		}
		case PAN, PAN_TIME, PAN_SEQ -> {
			ChartViewport v = fChart.viewport();
			if (v.t0() != fPress.t0() || v.s0() != fPress.s0()) {
				fChart.fireWindow();
			}
		}
		case BOX -> {
			fDragX = e.x;
			fDragY = e.y;
			int x0 = Math.min(fPressX, e.x), x1 = Math.max(fPressX, e.x);
			int y0 = Math.min(fPressY, e.y), y1 = Math.max(fPressY, e.y);
			if (x1 - x0 >= 5 && y1 - y0 >= 5) {
				fChart.viewport().zoomToBox(x0, y0, x1, y1);
				fChart.userMoved();
				fChart.fireWindow();
			} else if (e.button == 3 && x1 - x0 <= DRAG_THRESHOLD && y1 - y0 <= DRAG_THRESHOLD) {
				// a right click, not a box: the context menu (held back on MenuDetect so right drag can zoom)
				int i = fChart.packetAt(e.x, e.y);
				if (i >= 0 && i != fChart.getSelection()) {
					fChart.userSelect(i);
				}
				fMenuPoint = new Point(e.x, e.y);
				Menu menu = fChart.getMenu();
				if (menu != null && !menu.isDisposed()) {
					menu.setLocation(fChart.toDisplay(e.x, e.y));
					menu.setVisible(true);
				}
			}
			fChart.redraw();
		}
		case NONE -> {
			// a button released that started nothing (e.g. a button we do not use)
		}
		}
	}

	private void onDoubleClick(Event e) {
		if (e.button == 1 && fChart.packetAt(e.x, e.y) < 0) {
			fDrag = Drag.NONE;
			fChart.reset();
		}
	}

	private void onWheel(Event e) {
		if (e.count == 0) {
			return;
		}
		ChartViewport v = fChart.viewport();
		boolean time = (e.stateMask & SWT.SHIFT) == 0;
		boolean seq = (e.stateMask & SWT.CTRL) == 0;
		if (v.onTimeAxis(e.y)) {
			seq = false; // over the time axis
		} else if (v.onSeqAxis(e.x)) {
			time = false; // over the sequence axis
		}
		if (!time && !seq) {
			return;
		}
		double factor = Math.pow(ZOOM_STEP, -e.count); // count > 0: wheel up: zoom in
		v.zoomAround(e.x, e.y, time ? factor : 1, seq ? factor : 1, fChart.getExtent());
		fChart.userMoved();
		fChart.fireWindow();
	}

	/** Touchpad sideways scroll (or tilt wheel): pans the time axis a twentieth per notch. */
	private void onHorizontalWheel(Event e) {
		if (e.count == 0) {
			return;
		}
		ChartViewport v = fChart.viewport();
		v.panBy((v.t1() - v.t0()) / 20 * -e.count, 0, fChart.getExtent());
		fChart.userMoved();
		fChart.fireWindow();
	}

	private void onKey(Event e) {
		boolean shift = (e.stateMask & SWT.SHIFT) != 0;
		switch (e.keyCode) {
		case SWT.ARROW_LEFT, SWT.ARROW_RIGHT -> {
			int dir = e.keyCode == SWT.ARROW_RIGHT ? 1 : -1;
			if (shift) {
				ChartViewport v = fChart.viewport();
				v.panBy((v.t1() - v.t0()) / 10 * dir, 0, fChart.getExtent());
				fChart.userMoved();
				fChart.fireWindow();
			} else {
				fChart.stepSelection(dir);
			}
		}
		case SWT.ARROW_UP, SWT.ARROW_DOWN -> {
			ChartViewport v = fChart.viewport();
			v.panBy(0, (v.s1() - v.s0()) / 10 * (e.keyCode == SWT.ARROW_UP ? 1 : -1), fChart.getExtent());
			fChart.userMoved();
			fChart.fireWindow();
		}
		case SWT.HOME -> fChart.reset();
		case SWT.ESC -> {
			if (fDrag == Drag.BOX) {
				fDrag = Drag.NONE;
				fChart.redraw();
			}
		}
		case SWT.KEYPAD_ADD -> fChart.zoomIn();
		case SWT.KEYPAD_SUBTRACT -> fChart.zoomOut();
		default -> {
			if (e.character == '+' || e.character == '=') {
				fChart.zoomIn();
			} else if (e.character == '-') {
				fChart.zoomOut();
			}
		}
		}
	}
}
