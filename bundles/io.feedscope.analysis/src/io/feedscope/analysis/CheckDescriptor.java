package io.feedscope.analysis;

import java.util.List;
import java.util.function.Supplier;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A contributed check as declared in a {@code plugin.xml} extension of {@code io.feedscope.analysis.checks}.
 *
 * @param id unique id, e.g. {@code io.feedscope.analysis.loss}
 * @param name short name for people
 * @param description one or two sentences for people
 * @param defaultEnabled whether the check runs unless the user turns it off
 * @param contributor the bundle (or jar) that contributed it
 * @param factory makes a fresh instance per analysis run
 * @param options the tunables the contribution declares ({@code <option>} elements), in declaration order
 * @param scope the packets its {@link FeedCheck#onPacket} is handed ({@code protocols} and {@code roles}
 *        attributes; {@link CheckScope#ALL} when it declares neither)
 */
public record CheckDescriptor(String id, String name, String description, boolean defaultEnabled, String contributor,
		Supplier<FeedCheck> factory, List<CheckOption> options, CheckScope scope) {

	public CheckDescriptor {
		options = List.copyOf(options);
	}

	/** A check that sees every packet. */
	public CheckDescriptor(String id, String name, String description, boolean defaultEnabled, String contributor,
			Supplier<FeedCheck> factory, List<CheckOption> options) {
		this(id, name, description, defaultEnabled, contributor, factory, options, CheckScope.ALL);
	}

	/** A check that declares no options and sees every packet. */
	public CheckDescriptor(String id, String name, String description, boolean defaultEnabled, String contributor,
			Supplier<FeedCheck> factory) {
		this(id, name, description, defaultEnabled, contributor, factory, List.of());
	}

	/** @return a fresh instance */
	public FeedCheck create() {
		return factory.get();
	}

	/** @return the declared option of that name, or null */
	public @Nullable CheckOption option(String name) {
		for (CheckOption o : options) {
			if (o.name().equals(name)) {
				return o;
			}
		}
		return null;
	}
}
