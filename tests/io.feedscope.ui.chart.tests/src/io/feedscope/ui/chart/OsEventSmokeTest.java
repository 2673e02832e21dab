package io.feedscope.ui.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.feedscope.ui.chart.tests.ChartFixture;
import io.feedscope.ui.chart.tests.ChartFixture.Selected;
import io.feedscope.ui.chart.tests.IncidentDataBuilder;
import io.feedscope.ui.chart.tests.IncidentDataBuilder.Incident;

/**
 * A few checks through the real OS event queue ({@link Display#post(Event)}, XTest under Xvfb): that the
 * chart gets real pointer motion and keys at all (arrows are not eaten by focus traversal). The tests run
 * under an X server (Xvfb in releng/test and fs-mvn), whose XTEST extension Display.post uses: a refused
 * post is a broken set-up and fails, it is not skipped.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OsEventSmokeTest {

	private ChartFixture fx;
	private Incident inc;

	private static final String POST_REFUSED = "Display.post refused the event: the tests need an X server with the XTEST"
			+ " extension (xvfb-run provides one)";

	@BeforeEach
	void setUp() {
		fx = new ChartFixture();
		inc = new IncidentDataBuilder().build();
		fx.chart.setChartData(inc.data());
		fx.chart.setWindow(inc.data().time(inc.firstBurstIndex()) - 100_000,
				inc.data().time(inc.trashedIndex()) + 100_000, inc.freezeSeq() - 50,
				inc.data().endSeq(inc.trashedIndex()) + 50);
		fx.shell.setActive();
		fx.chart.setFocus();
		fx.flush();
		fx.clearRecords();
	}

	@AfterEach
	void tearDown() {
		fx.close();
	}

	/** Posts a mouse event; button events carry the position too (SWT on GTK simulates them there). */
	private boolean post(int type, int x, int y, int button) {
		Event e = new Event();
		e.type = type;
		e.x = x;
		e.y = y;
		e.button = button;
		return fx.display.post(e);
	}

	private void waitFor(String what, java.util.function.BooleanSupplier done) {
		long end = System.currentTimeMillis() + 5_000;
		while (!done.getAsBoolean() && System.currentTimeMillis() < end) {
			if (!fx.display.readAndDispatch()) {
				fx.display.timerExec(10, () -> {
				});
				fx.display.sleep();
			}
		}
		assertEquals(true, done.getAsBoolean(), "timed out waiting for " + what);
	}

	/*
	 * Not here: a click through Display.post. On GTK under Xvfb the posted button events reach the widget
	 * with x = y = 0 whatever the pointer position, so the click lands on the corner; clicks are covered by
	 * SequenceChartTest with events sent to the widget.
	 */
	@Test
	void realPointerMotionHoversTheMark() {
		ChartData d = inc.data();
		int i = inc.firstBurstIndex() + 4;
		int x = fx.chart.xOf(d.time(i));
		int y = (fx.chart.yOf(d.firstSeq(i)) + fx.chart.yOf(d.endSeq(i))) / 2;
		Point at = fx.chart.toDisplay(x, y);
		assertTrue(post(SWT.MouseMove, at.x, at.y, 0), POST_REFUSED);
		waitFor("the pointer over the mark", () -> fx.chart.getHover() == i);
		assertEquals(fx.chart.describePacket(i), fx.chart.getToolTipText());
		assertEquals(List.of(), fx.selections, "hovering selects nothing");
	}

	@Test
	void realKeyStepsTheSelection() {
		ChartData d = inc.data();
		int i = inc.firstBurstIndex() + 4;
		fx.chart.select(i);
		// focus comes with a click on the chart (posted clicks land at 0,0: empty space, no selection change)
		Point at = fx.chart.toDisplay(fx.chart.getPlotArea().x + fx.chart.getPlotArea().width - 5,
				fx.chart.getPlotArea().y + fx.chart.getPlotArea().height - 5);
		assertTrue(post(SWT.MouseMove, at.x, at.y, 0), POST_REFUSED);
		int[] moves = { 0 };
		fx.chart.addListener(SWT.MouseMove, e -> moves[0]++);
		waitFor("the pointer over the chart", () -> moves[0] > 0);
		post(SWT.MouseDown, at.x, at.y, 1);
		post(SWT.MouseUp, at.x, at.y, 1);
		waitFor("focus", () -> fx.chart.isFocusControl());
		Event key = new Event();
		key.type = SWT.KeyDown;
		key.keyCode = SWT.ARROW_RIGHT;
		fx.display.post(key);
		key.type = SWT.KeyUp;
		fx.display.post(key);
		waitFor("a selection", () -> !fx.selections.isEmpty());
		assertEquals(List.of(new Selected(i + 1, d.frameIdOf(i + 1))), fx.selections);
	}
}
