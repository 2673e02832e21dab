package io.feedscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.generator.feed.FeedPreset;
import io.feedscope.generator.feed.FeedPresets;
import io.feedscope.generator.feed.Framing;
import io.feedscope.generator.feed.FramingEncoder;
import io.feedscope.testdata.outputs.Records;

/**
 * {@code feedscope generate} with presets a plug-in contributes (io.feedscope.generator.feeds), found the way the
 * command line finds them on a plain class path: a plug-in folder {@code com.example.toyfeed} holding a
 * plugin.xml, read through a class loader of its own. Its good preset is listed, completed and run; its broken
 * ones are said on standard error naming the plug-in, every time generate runs; an unknown preset names the
 * installed ones.
 */
class GenerateFeedsTest {

	@TempDir
	Path fDir;

	/** The toy framing: a 2-byte header (the count twice), messages as they are. */
	public static final class ToyFraming implements Framing {
		@Override
		public FramingEncoder encoder(String session) {
			return new FramingEncoder() {
				@Override
				public int headerLength() {
					return 2;
				}

				@Override
				public int block(byte[] frame, int at, byte[] message, int offset, int length) {
					System.arraycopy(message, offset, frame, at, length);
					return at + length;
				}

				@Override
				public void header(byte[] frame, int at, int end, long sequence, int count) {
					count(frame, at, count);
				}

				@Override
				public void count(byte[] frame, int at, int count) {
					frame[at] = (byte) count;
					frame[at + 1] = (byte) count;
				}

				@Override
				public int blockPrefix() {
					return 0;
				}

				@Override
				public void blockLength(byte[] frame, int blockAt, int length) {
					// messages carry no block length here
				}
			};
		}
	}

	/** Writes its framing's packet of {@code seed} one-byte messages as the "capture", and a truth naming the seed. */
	public static final class ToyPreset implements FeedPreset {
		@Override
		public Result write(Path capture, Settings settings) throws IOException {
			long seed = settings.seed() == null ? 1 : settings.seed();
			if (seed > 100) {
				throw new IllegalArgumentException("--seed must be at most 100 for the toy");
			}
			FramingEncoder e = settings.framing().encoder("toy");
			byte[] p = new byte[e.headerLength() + (int) seed];
			int at = e.headerLength();
			for (int i = 0; i < seed; i++) {
				at = e.block(p, at, new byte[] { (byte) i }, 0, 1);
			}
			e.header(p, 0, at, 1, (int) seed);
			Files.write(capture, p);
			Path truth = Path.of(capture + ".truth.json");
			Files.writeString(truth, "{\"seed\": " + seed + "}\n");
			return new Result(capture, truth, 1, seed, p.length);
		}
	}

	private static final String T = "io.feedscope.cli.GenerateFeedsTest$";

	@BeforeEach
	void plugIn() throws IOException {
		Path plugin = Files.createDirectories(fDir.resolve("com.example.toyfeed"));
		Files.writeString(plugin.resolve("plugin.xml"), """
				<?xml version="1.0" encoding="UTF-8"?>
				<plugin>
				   <extension point="io.feedscope.generator.feeds">
				      <feed framing="toyframe" encoder="%1$sToyFraming">
				         <preset name="toy" messages="toymsg" options="seed" class="%1$sToyPreset"
				                 description="a toy feed: 100%% invented"/>
				         <preset name="ghost" description="its class is not there" class="com.example.toyfeed.Ghost"/>
				      </feed>
				   </extension>
				</plugin>
				""".formatted(T));
		// the plug-in folder only, its classes from the test (as a plain class path would hold both)
		ClassLoader loader = new URLClassLoader(new URL[] { plugin.toUri().toURL() }, getClass().getClassLoader()) {
			@Override
			public java.util.Enumeration<URL> getResources(String name) throws IOException {
				return findResources(name); // this folder's plugin.xml, not whatever the test runtime's loaders hold
			}
		};
		GenerateCommand.sFeeds = FeedPresets.fromClassPath(loader);
	}

	@AfterEach
	void unplug() {
		GenerateCommand.sFeeds = null;
	}

	private static final String GHOST = "feedscope generate: com.example.toyfeed (plugin.xml line 4): preset ghost: class "
			+ "com.example.toyfeed.Ghost not found; left out";

	@Test
	void aContributedPresetRunsAndIsListed() throws IOException {
		Path f = fDir.resolve("toy.bin");
		Records r = Records.run("generate", "--preset", "toy", "--seed", "3", "-o", f.toString());
		assertEquals(0, r.exit, r.err);
		assertEquals("wrote " + f + " (pcap, preset toy): 1 frames, 3 TOYMSG messages, 0.0 MB\nground truth: " + f
				+ ".truth.json\n", r.out);
		// the toy framing's header (count twice) and the three messages, as the contributed encoder laid them out
		assertEquals(java.util.List.of(3, 3, 0, 1, 2), toList(Files.readAllBytes(f)));
		assertEquals(GHOST + "\n", r.err, "the broken contribution is said, naming the plug-in");

		Records list = Records.run("generate", "--list-presets");
		assertEquals(0, list.exit, list.err);
		assertTrue(list.out.startsWith("demo "), list.out);
		assertTrue(list.out.contains("\ntoy          toyframe/toymsg   (com.example.toyfeed) a toy feed: 100% invented; takes --seed\n"),
				list.out);
		assertFalse(list.out.contains("ghost"), list.out);
		assertEquals(GHOST + "\n", list.err);

		Records help = Records.run("generate", "--help");
		assertEquals(0, help.exit, help.err);
		String flat = help.out.replaceAll("\\s+", " ");
		assertTrue(flat.contains("demo, incident, clean, loss, malformed, toy (default demo; toy: a toy feed: 100% invented (--seed only))"),
				help.out);
	}

	@Test
	void optionsThePresetDoesNotTakeAndUnknownPresetsAreUsageErrors() {
		Path f = fDir.resolve("t.bin");
		Records r = Records.run("generate", "--preset", "toy", "--rate", "5000", "-o", f.toString());
		assertEquals(2, r.exit);
		assertTrue(r.err.contains("feedscope generate: --preset toy takes --seed, --format and --force only"), r.err);
		r = Records.run("generate", "--preset", "toy", "--seed", "101", "-o", f.toString());
		assertEquals(2, r.exit);
		assertTrue(r.err.contains("feedscope generate: --seed must be at most 100 for the toy"), r.err);
		r = Records.run("generate", "--preset", "nosuch", "-o", f.toString());
		assertEquals(2, r.exit);
		assertTrue(r.err.contains("feedscope generate: --preset: unknown preset 'nosuch' (installed: demo, incident, clean, loss, "
				+ "malformed, toy)"), r.err);
		assertFalse(Files.exists(f));
	}

	private static java.util.List<Integer> toList(byte[] b) {
		java.util.List<Integer> l = new java.util.ArrayList<>();
		for (byte x : b) {
			l.add(x & 0xff);
		}
		return l;
	}
}
