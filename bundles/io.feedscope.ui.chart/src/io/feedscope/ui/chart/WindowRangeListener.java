package io.feedscope.ui.chart;

/**
 * Told when the <em>user</em> changes what is on screen (wheel or box zoom, pan, reset, +/- keys, and
 * selection by keys that scrolls the packet into view): "what is visible". Linked views may follow the
 * time range (e.g. a latency plot over the same seconds).
 * <p>
 * This is not the selection signal: a window change says nothing about which packet is picked; see
 * {@link PacketSelectionListener}. Programmatic {@link SequenceChart#setWindow(long, long, long, long)}
 * does not call this listener. Wheel zooming sends one call per wheel notch; a receiver that does heavy
 * work should coalesce (e.g. keep only the last call per {@code Display.timerExec} tick).
 */
@FunctionalInterface
public interface WindowRangeListener {

	/** @param window the new visible window */
	void windowChanged(ChartWindow window);
}
