package io.feedscope.ui.chart;

/**
 * Told when the <em>user</em> picks a packet in the chart (click on a mark, Left/Right keys): "what the
 * user picked". Other views select the same frame (packet table row, detail tree).
 * <p>
 * This is not the signal for what is on screen: zooming and panning never select, they report through
 * {@link WindowRangeListener}. Programmatic {@link SequenceChart#select(int)} does not call this listener,
 * so views that mirror each other's selection do not loop.
 */
@FunctionalInterface
public interface PacketSelectionListener {

	/**
	 * @param packetIndex index in the chart's {@link ChartData}
	 * @param frameId     that packet's {@link ChartData#frameId(int, int)}
	 */
	void packetSelected(int packetIndex, long frameId);
}
