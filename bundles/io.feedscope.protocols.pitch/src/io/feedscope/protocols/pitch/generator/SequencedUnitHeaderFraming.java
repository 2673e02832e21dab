package io.feedscope.protocols.pitch.generator;

import io.feedscope.generator.feed.Framing;
import io.feedscope.generator.feed.FramingEncoder;

/** The Cboe Sequenced Unit Header as the generator writes it (contributed in plugin.xml): a session is a unit, 1..255. */
public final class SequencedUnitHeaderFraming implements Framing {

	@Override
	public FramingEncoder encoder(String session) {
		int unit;
		try {
			unit = Integer.parseInt(session);
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("a Cboe unit is a number 1..255, not '" + session + "'");
		}
		if (unit < 1 || unit > 255) {
			throw new IllegalArgumentException("a Cboe unit is a number 1..255, not " + unit);
		}
		return new SequencedUnitHeaderEncoder(unit);
	}
}
