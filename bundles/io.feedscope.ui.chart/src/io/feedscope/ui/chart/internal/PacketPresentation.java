package io.feedscope.ui.chart.internal;

import io.feedscope.dissect.PacketKind;

/**
 * How the chart presents each {@link PacketKind} (shape and colour), without SWT: the painters ask this
 * instead of switching on kinds themselves, as Trace Compass's time graph asks its presentation provider
 * for a state's style. Colours are 0xRRGGBB; {@link #LINE_COLOUR} means the packet's line colour.
 */
public final class PacketPresentation {

	/** The colour of the packet's line (A, B, ...), not a fixed one. */
	public static final int LINE_COLOUR = -1;

	/** What a packet of a kind is drawn as. */
	public enum Shape {
		/** a vertical mark over the sequence range (aggregated per pixel column when zoomed out) */
		MARK,
		/** a hollow diamond at the next expected sequence (no messages) */
		DIAMOND,
		/** a hollow square at the next expected sequence */
		SQUARE,
		/** the requested range as a dashed bracket, an open triangle pointing at it */
		OPEN_TRIANGLE,
		/** a filled bar over the range, a filled triangle pointing at it */
		FILLED_TRIANGLE,
		/** a cross at the claimed sequence; an arrow at the plot's edge when the claim is outside */
		CROSS,
		/** not drawn */
		NONE
	}

	/** The style of one kind. */
	public record Style(Shape shape, int rgb) {
	}

	private static final Style DATA = new Style(Shape.MARK, LINE_COLOUR);
	private static final Style HEARTBEAT = new Style(Shape.DIAMOND, LINE_COLOUR);
	private static final Style END_OF_SESSION = new Style(Shape.SQUARE, 0xE0E0E0);
	private static final Style REQUEST = new Style(Shape.OPEN_TRIANGLE, 0xFF5CD6);
	private static final Style ANSWER = new Style(Shape.FILLED_TRIANGLE, 0x5BF08E);
	private static final Style MALFORMED = new Style(Shape.CROSS, 0xE0E0E0);
	/** the views add no such packets; were one added, it is drawn as a malformed one, as the chart always did */
	private static final Style NOT_FEED = MALFORMED;

	/** The house presentation. */
	public static final PacketPresentation DEFAULT = new PacketPresentation();

	/** @return the style packets of {@code kind} are drawn in */
	public Style style(PacketKind kind) {
		return switch (kind) {
		case DATA -> DATA;
		case HEARTBEAT -> HEARTBEAT;
		case END_OF_SESSION -> END_OF_SESSION;
		case REQUEST -> REQUEST;
		case ANSWER -> ANSWER;
		case MALFORMED -> MALFORMED;
		case NOT_FEED, UNSEQUENCED -> NOT_FEED;
		};
	}

	/** @return whether packets of {@code kind} belong to their line's column of marks (else drawn apart) */
	public boolean onLine(PacketKind kind) {
		return style(kind).rgb() == LINE_COLOUR;
	}
}
