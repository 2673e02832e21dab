package io.feedscope.generator.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.generator.feed.FeedPreset;
import io.feedscope.generator.feed.FeedPresets;
import io.feedscope.generator.feed.Framing;
import io.feedscope.generator.feed.FramingEncoder;

/**
 * The generator's feed contributions ({@code io.feedscope.generator.feeds}): a team's plug-in (the example plug-in,
 * installed in this test's runtime) adds a preset that writes its own framing; every contribution that cannot be
 * used is reported naming the plug-in, never skipped silently.
 */
public class FeedPresetsTest {

	@TempDir
	Path fDir;

	/** A framing whose encoder the toy preset below hands back, so the test sees which framing it got. */
	public static final class ToyFraming implements Framing {
		@Override
		public FramingEncoder encoder(String session) {
			throw new UnsupportedOperationException("not written by the toy");
		}
	}

	/** A preset that writes what it was given: the seed and its framing's class. */
	public static final class ToyPreset implements FeedPreset {
		@Override
		public Result write(Path capture, Settings settings) throws IOException {
			Files.writeString(capture, settings.seed() + " " + settings.framing().getClass().getSimpleName() + " " + settings.format().id());
			return new Result(capture, capture, 1, 2, 3);
		}
	}

	/** Not usable as a contribution: no public constructor without arguments. */
	public static final class NoConstructor implements FeedPreset {
		private NoConstructor() {
		}

		@Override
		public Result write(Path capture, Settings settings) {
			throw new AssertionError();
		}
	}

	private static final String T = "io.feedscope.generator.tests.FeedPresetsTest$";

	@Test
	void brokenContributionsAreReportedNamingThePlugIn() throws IOException {
		String xml = """
				<?xml version="1.0" encoding="UTF-8"?>
				<plugin>
				   <extension point="io.feedscope.generator.feeds">
				      <feed framing="toy" encoder="%1$sToyFraming">
				         <preset name="toy" description="a toy" class="%1$sToyPreset" options="seed, duration"/>
				         <preset name="Bad_Name" description="x" class="%1$sToyPreset"/>
				         <preset name="nodescription" class="%1$sToyPreset"/>
				         <preset name="fast" description="x" class="%1$sToyPreset" options="seed,speed"/>
				         <preset name="missing" description="x" class="no.such.Preset"/>
				         <preset name="wrongtype" description="x" class="%1$sToyFraming"/>
				         <preset name="private" description="x" class="%1$sNoConstructor"/>
				         <preset name="toy" description="again" class="%1$sToyPreset"/>
				         <preset name="demo" description="the generator's own name" class="%1$sToyPreset"/>
				      </feed>
				      <feed framing="noencoder">
				         <preset name="lost" description="x" class="%1$sToyPreset"/>
				      </feed>
				      <feed framing="badencoder" encoder="%1$sToyPreset">
				         <preset name="lost2" description="x" class="%1$sToyPreset"/>
				      </feed>
				   </extension>
				</plugin>
				""".formatted(T);
		FeedPresets f = FeedPresets.fromPluginXml(xml, "com.example.broken", getClass().getClassLoader());
		String at = "com.example.broken (plugin.xml line 4)";
		assertEquals(List.of(at + ": preset 'Bad_Name': a name is lower-case letters, digits and dashes; left out",
				at + ": feed toy: a <preset> lacks name, description or class; left out",
				at + ": preset fast: unknown option 'speed' (known: seed, duration, rate); left out",
				at + ": preset missing: class no.such.Preset not found; left out",
				at + ": preset wrongtype: class " + T + "ToyFraming is not a io.feedscope.generator.feed.FeedPreset; left out",
				at + ": preset private: class " + T + "NoConstructor has no public constructor without arguments; left out",
				"com.example.broken (plugin.xml line 15): a <feed> lacks framing or encoder; its presets are left out",
				"com.example.broken (plugin.xml line 18): feed badencoder: encoder class " + T
						+ "ToyPreset is not a io.feedscope.generator.feed.Framing; its presets are left out",
				"com.example.broken: preset toy left out: already contributed by com.example.broken",
				"com.example.broken: preset demo left out: a preset of the generator itself has that name"), f.problems());
		// what is usable stays: the first toy, with the options it lists and its feed's framing
		assertEquals(1, f.presets().size(), f.presets().toString());
		FeedPresets.Preset toy = f.preset("toy");
		assertNotNull(toy);
		assertEquals("a toy", toy.description());
		assertEquals("toy", toy.framing());
		assertEquals("toy", toy.messages(), "no messages attribute: the framing's name");
		assertEquals(Set.of(FeedPreset.Option.SEED, FeedPreset.Option.DURATION), toy.options());
		assertEquals("com.example.broken", toy.contributor());
		Path out = fDir.resolve("toy.pcap");
		FeedPreset.Result r = toy.write(out, 42L, null, null, CaptureFormat.PCAPNG, false);
		assertEquals("42 ToyFraming pcapng", Files.readString(out));
		assertEquals(2, r.messages());

		FeedPresets unreadable = FeedPresets.fromPluginXml("<plugin><extension point=\"io.feedscope.generator.feeds\">",
				"com.example.unreadable", getClass().getClassLoader());
		assertEquals(List.of(), unreadable.presets());
		assertEquals(1, unreadable.problems().size());
		assertTrue(unreadable.problems().get(0).startsWith("com.example.unreadable: cannot read plugin.xml: "),
				unreadable.problems().get(0));
	}

	/**
	 * The example plug-in's preset, found as the command line finds it, writes Example Feed packets, read back here
	 * by the layout its exfeed.fsp and exquote.fsp publish (not by the preset's code): stream 4 ASCII, sequence u32,
	 * count u8, then per message a u8 length and a 14-byte Quote ('Q', instrument 4, side, price u32, quantity u32),
	 * big-endian, on UDP port 30017.
	 */
	@Test
	void aTeamsPresetIsFoundAndWritesItsFraming() throws IOException {
		FeedPresets installed = FeedPresets.getDefault();
		assertEquals(List.of(), installed.problems());
		FeedPresets.Preset p = installed.preset("example-quotes");
		assertNotNull(p, "the example plug-in's preset among " + installed.presets());
		assertEquals("com.example.feeds.test", p.contributor());
		assertEquals("exfeed", p.framing());
		assertEquals("exquote", p.messages());
		assertEquals(Set.of(FeedPreset.Option.SEED), p.options());
		assertSame(p, installed.preset("example-quotes"));

		Path a = Files.createDirectories(fDir.resolve("a")).resolve("q.pcap");
		Path b = Files.createDirectories(fDir.resolve("b")).resolve("q.pcap");
		Path c = Files.createDirectories(fDir.resolve("c")).resolve("q.pcap");
		FeedPreset.Result r = p.write(a, 5L, null, null, CaptureFormat.PCAP, false);
		p.write(b, 5L, null, null, CaptureFormat.PCAP, false);
		p.write(c, 6L, null, null, CaptureFormat.PCAP, false);
		assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "same seed, same bytes");
		assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)), "another seed, other quotes");

		byte[] d = Files.readAllBytes(a);
		ByteBuffer le = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
		ByteBuffer be = ByteBuffer.wrap(d);
		assertEquals(0xa1b2c3d4, le.getInt(0), "a little-endian microsecond pcap");
		int pos = 24;
		int frames = 0;
		long messages = 0;
		long next = 1;
		while (pos < d.length) {
			int incl = le.getInt(pos + 8);
			int eth = pos + 16;
			assertEquals(30017, be.getShort(eth + 14 + 20 + 2) & 0xffff, "UDP destination port");
			int p0 = eth + 42;
			assertEquals("EXQ1", new String(d, p0, 4, StandardCharsets.US_ASCII));
			assertEquals(next, be.getInt(p0 + 4) & 0xffffffffL, "each packet's sequence follows the last");
			int count = d[p0 + 8] & 0xff;
			int m = p0 + 9;
			for (int k = 0; k < count; k++) {
				assertEquals(14, d[m] & 0xff, "message length");
				assertEquals('Q', d[m + 1]);
				assertTrue(d[m + 6] == 'B' || d[m + 6] == 'S', "side");
				m += 15;
			}
			assertEquals(eth + incl, m, "the messages fill the frame");
			next += count;
			messages += count;
			frames++;
			pos = eth + incl;
		}
		assertEquals(r.frames(), frames);
		assertEquals(r.messages(), messages);
		Matcher t = Pattern.compile("\"frames\": (\\d+), \"messages\": (\\d+)").matcher(Files.readString(r.truth()));
		assertTrue(t.find());
		assertEquals(frames, Integer.parseInt(t.group(1)));
		assertEquals(messages, Long.parseLong(t.group(2)));
	}
}
