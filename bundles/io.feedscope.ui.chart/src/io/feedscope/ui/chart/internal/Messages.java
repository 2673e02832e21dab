package io.feedscope.ui.chart.internal;

import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Texts the chart shows to people, from {@code messages.properties} beside this class (plain
 * {@link ResourceBundle}: the bundle needs SWT only, not the OSGi NLS support). Arguments are passed
 * preformatted, so numbers keep the chart's own grouping.
 */
public final class Messages {

	private static final ResourceBundle BUNDLE = ResourceBundle.getBundle("io.feedscope.ui.chart.internal.messages");

	/** Legend entries. */
	public static final String LEGEND_LINE = get("legend.line"), LEGEND_HEARTBEAT = get("legend.heartbeat"),
			LEGEND_REQUEST = get("legend.request"), LEGEND_ANSWER = get("legend.answer"),
			LEGEND_ERROR = get("legend.error");
	/** Time axis captions. */
	public static final String AXIS_TIME = get("axis.time"), AXIS_TIME_OFFSET = get("axis.timeOffset"),
			AXIS_TIME_RELATIVE = get("axis.timeRelative"), AXIS_TIME_EPOCH = get("axis.timeEpoch");
	/** Packet description pieces. */
	public static final String PACKET_LINE = get("packet.line"), PACKET_FRAME = get("packet.frame"),
			PACKET_HEARTBEAT = get("packet.heartbeat"), PACKET_END_OF_SESSION = get("packet.endOfSession"),
			PACKET_REQUEST = get("packet.request"), PACKET_ANSWER = get("packet.answer"),
			PACKET_MALFORMED = get("packet.malformed"), PACKET_SEQ = get("packet.seq"),
			PACKET_ONE_MESSAGE = get("packet.oneMessage"), PACKET_MESSAGES = get("packet.messages");

	private Messages() {
	}

	private static String get(String key) {
		try {
			return BUNDLE.getString(key);
		} catch (MissingResourceException e) {
			return '!' + key + '!';
		}
	}

	/** @return {@code pattern} with its {0}, {1}, ... replaced by the (preformatted) arguments */
	public static String format(String pattern, Object... args) {
		return MessageFormat.format(pattern, args);
	}
}
