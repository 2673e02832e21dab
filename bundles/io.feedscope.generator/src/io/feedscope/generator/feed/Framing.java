package io.feedscope.generator.feed;

/**
 * A framing protocol as the generator writes it: gives the {@link FramingEncoder} of one session (MoldUDP64's
 * 10-character session, a Cboe unit number, ...). Contributed by a {@code <feed>} element's {@code encoder}
 * class (public, with a public no-argument constructor) and handed to that feed's presets through
 * {@link FeedPreset.Settings#framing()}.
 */
public interface Framing {

	/**
	 * @param session the session as the framing states it in text (its meaning is the framing's: e.g. the
	 *        unit number in decimal for a framing whose session is a number)
	 * @return an encoder writing that session's packet headers
	 * @throws IllegalArgumentException if the framing cannot state that session
	 */
	FramingEncoder encoder(String session);
}
