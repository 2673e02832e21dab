package io.feedscope.analysis;

import java.util.function.Supplier;

/**
 * A contributed check as declared in a {@code plugin.xml} extension of {@code io.feedscope.analysis.checks}.
 *
 * @param id unique id, e.g. {@code io.feedscope.analysis.loss}
 * @param name short name for people
 * @param description one or two sentences for people
 * @param defaultEnabled whether the check runs unless the user turns it off
 * @param contributor the bundle (or jar) that contributed it
 * @param factory makes a fresh instance per analysis run
 */
public record CheckDescriptor(String id, String name, String description, boolean defaultEnabled, String contributor,
		Supplier<FeedCheck> factory) {

	/** @return a fresh instance */
	public FeedCheck create() {
		return factory.get();
	}
}
