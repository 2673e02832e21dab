package io.feedscope.protocols.pitch.generator;

import java.io.IOException;
import java.nio.file.Path;

import io.feedscope.generator.feed.FeedPreset;

/**
 * {@code feedscope generate --preset pitch} (contributed in plugin.xml): the {@link PitchGenerator} with what the
 * user gave (seed, duration, rate, format, --force) and the contributed Sequenced Unit Header framing.
 */
public final class PitchPreset implements FeedPreset {

	@Override
	public Result write(Path capture, Settings settings) throws IOException {
		PitchGenerator g = new PitchGenerator().format(settings.format()).overwrite(settings.overwrite()).framing(settings.framing());
		Long seed = settings.seed();
		Long duration = settings.durationNanos();
		Double rate = settings.rate();
		if (seed != null) {
			g.seed(seed);
		}
		if (duration != null) {
			g.durationNanos(duration);
		}
		if (rate != null) {
			g.rate(rate);
		}
		return g.write(capture);
	}
}
