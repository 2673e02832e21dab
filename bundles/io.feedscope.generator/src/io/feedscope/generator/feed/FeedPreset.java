package io.feedscope.generator.feed;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureFormat;

/**
 * One preset of {@code feedscope generate --preset NAME} contributed by a feed family's bundle: writes a capture
 * of that feed and its ground truth ({@code FILE.truth.json}, {@link io.feedscope.generator.Generator#truthPath}),
 * deterministic for a seed. Contributed by a {@code <preset>} inside a {@code <feed>} of the extension point
 * {@value FeedPresets#EXTENSION_POINT} (public class, public no-argument constructor); its packets are laid out by
 * the feed's {@link Framing}, handed over in {@link Settings#framing()}.
 * <p>
 * The MoldUDP64 / ITCH 5.0 presets (demo, incident, ...) are the generator's own ({@link io.feedscope.generator.Scenario})
 * and take more options (VLANs, sessions, taps, frame tables, BinaryFILE); a contributed preset takes what its
 * contribution's {@code options} attribute lists of {@link Option}, plus the capture format and --force.
 */
public interface FeedPreset {

	/** The options a contributed preset may take (its {@code <preset options="...">}, by {@link #id()}). */
	enum Option {
		/** --seed N: the random seed */
		SEED("seed"),
		/** --duration S: capture time */
		DURATION("duration"),
		/** --rate N: messages per second */
		RATE("rate");

		private final String fId;

		Option(String id) {
			fId = id;
		}

		/** @return its name in the contribution and, after "--", on the command line */
		public String id() {
			return fId;
		}

		/** @return the option of that name, or null */
		public static @Nullable Option byId(String id) {
			for (Option o : values()) {
				if (o.fId.equals(id)) {
					return o;
				}
			}
			return null;
		}
	}

	/**
	 * What the user asked for; null: the preset's default (only options the contribution lists are ever set).
	 *
	 * @param seed random seed
	 * @param durationNanos capture time in ns
	 * @param rate messages per second
	 * @param format pcap, pcap-ns or pcapng (never BinaryFILE: a contributed preset writes frames)
	 * @param overwrite whether existing files may be overwritten
	 * @param framing the feed's framing (its contribution's {@code encoder})
	 */
	record Settings(@Nullable Long seed, @Nullable Long durationNanos, @Nullable Double rate, CaptureFormat format, boolean overwrite,
			Framing framing) {
	}

	/**
	 * What {@link FeedPreset#write} wrote.
	 *
	 * @param capture the capture
	 * @param truth its truth sidecar
	 * @param frames frames written
	 * @param messages the feed's messages in them
	 * @param bytes the capture's size
	 */
	record Result(Path capture, Path truth, long frames, long messages, long bytes) {
	}

	/**
	 * Writes the capture and its truth.
	 *
	 * @throws IllegalArgumentException naming the option, when a setting is out of the preset's range (a usage error)
	 * @throws java.nio.file.FileAlreadyExistsException if a file exists and overwrite was not asked for
	 * @throws IOException if writing fails
	 */
	Result write(Path capture, Settings settings) throws IOException;
}
