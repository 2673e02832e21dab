package io.feedscope.protocols.pitch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.generator.feed.FeedPreset;
import io.feedscope.generator.feed.FeedPresets;
import io.feedscope.testdata.outputs.Records;

/**
 * The PITCH bundle contributes its two descriptions as any feed's plug-in would: through the extension point
 * under OSGi, through its plugin.xml on a plain class path (the command line's), with no Java of its own for them.
 * (These assertions were in the dissect fragment's RegistryTest, which named this bundle; they are the bundle's.)
 */
class PitchRegistryTest {

	private static final String BUNDLE = "io.feedscope.protocols.pitch";

	@Test
	void theExtensionPointContributesSequencedUnitHeaderAndPitch() {
		ProtocolRegistry r = ProtocolRegistry.getDefault();
		List<String> ids = r.sources().stream().map(ProtocolRegistry.Source::id).toList();
		assertTrue(ids.containsAll(List.of("cboe_suh", "pitch", "moldudp64", "itch50")), ids::toString);
		ProtocolSet set = r.compile();
		assertTrue(set.diagnostics().isEmpty(), set.diagnostics()::toString);
		assertEquals("pitch", set.feedProtocol("cboe_suh").name());
		assertEquals("itch50", set.feedProtocol("moldudp64").name(), "PITCH leaves MoldUDP64's feed alone");
		assertTrue(set.originOf("pitch").startsWith("plug-in " + BUNDLE), set.originOf("pitch"));
		assertTrue(set.fieldId("pitch.message_type") >= 0);
		assertTrue(set.fieldId("cboe_suh.hdr_unit") >= 0);
	}

	/** Its check is contributed as any plug-in's: listed by the command line, on by default, and runs by its id. */
	@Test
	void theCommandLineListsItsCheck() {
		Records r = Records.run("analyze", "--list-checks");
		assertEquals(0, r.exit, r.err);
		assertTrue(r.out.lines().anyMatch(l -> l.matches("io\\.feedscope\\.protocols\\.pitch\\.unit-clear +PITCH unit reset without Unit Clear")),
				r.out);
	}

	/** A --bind naming no installed framing lists the known ones: the unit header is among them. */
	@Test
	void aBindingListsTheUnitHeaderAmongTheKnownFramings() {
		Records r = Records.run("decode", "--bind", "udp.port==26477,nosuch", "/nonexistent.pcap");
		assertEquals(2, r.exit, r.err);
		assertTrue(r.err.matches("(?s).*no framing protocol 'nosuch' \\(known: [^)]*\\bcboe_suh\\b.*"), r.err);
	}

	@Test
	void itsJarAloneOnAPlainClassPathGivesTheSameTwo() throws IOException {
		Bundle bundle = Platform.getBundle(BUNDLE);
		assertNotNull(bundle, BUNDLE + " is not in the test runtime");
		File location = FileLocator.getBundleFile(bundle);
		assertTrue(location.isFile() && location.getName().endsWith(".jar"), () -> BUNDLE + " is installed from " + location);
		try (URLClassLoader cl = new URLClassLoader(new URL[] { location.toURI().toURL() }, null)) {
			ProtocolRegistry r = ProtocolRegistry.builtIns(cl);
			assertEquals(List.of("cboe_suh", "pitch"), r.sources().stream().map(ProtocolRegistry.Source::id).sorted().toList());
			assertEquals(List.of(), r.problems());
			ProtocolSet set = r.compile();
			assertTrue(set.diagnostics().isEmpty(), set.diagnostics()::toString);
			assertEquals("pitch", set.feedProtocol("cboe_suh").name());
		}
	}

	/**
	 * The generator's pitch preset is this bundle's contribution (io.feedscope.generator.feeds), found through the
	 * extension registry: listed with its framing, messages and plug-in, described in --help, its options enforced.
	 */
	@Test
	void theGeneratorsPitchPresetIsThisPlugInsContribution() {
		Records list = Records.run("generate", "--list-presets");
		assertEquals(0, list.exit, list.err);
		assertEquals("", list.err, "no contribution is broken");
		assertTrue(list.out.contains("\npitch        cboe_suh/pitch    (" + BUNDLE + ") Cboe PITCH units on A/B, a freeze and losses; "
				+ "takes --seed/--duration/--rate\n"), list.out);
		Records help = Records.run("generate", "--help");
		assertTrue(help.out.replaceAll("\\s+", " ").contains(
				"demo, incident, clean, loss, malformed, pitch (default demo; pitch: Cboe PITCH units on A/B, a freeze and losses "
						+ "(--seed/--duration/--rate only))"), help.out);
		Records frames = Records.run("generate", "--preset", "pitch", "--frames", "10", "-o", "/nonexistent/x.pcap");
		assertEquals(2, frames.exit);
		assertTrue(frames.err.contains("--preset pitch takes --seed, --duration, --rate, --format and --force only"), frames.err);
	}

	/** Its jar alone on a plain class path (the command line's) contributes the same preset, read from its plugin.xml. */
	@Test
	void itsJarAloneOnAPlainClassPathGivesItsPreset() throws IOException {
		File location = FileLocator.getBundleFile(Platform.getBundle(BUNDLE));
		URL jar = location.toURI().toURL();
		// the jar's plugin.xml only; its classes (and the generator's) as this runtime has them
		try (URLClassLoader cl = new URLClassLoader(new URL[] { jar }, getClass().getClassLoader()) {
			@Override
			public java.util.Enumeration<URL> getResources(String name) throws IOException {
				return findResources(name);
			}
		}) {
			FeedPresets f = FeedPresets.fromClassPath(cl);
			assertEquals(List.of(), f.problems());
			assertEquals(List.of("pitch"), f.presets().stream().map(FeedPresets.Preset::name).toList());
			FeedPresets.Preset p = f.presets().get(0);
			assertEquals(BUNDLE, p.contributor());
			assertEquals("cboe_suh", p.framing());
			assertEquals("pitch", p.messages());
			assertEquals(java.util.Set.of(FeedPreset.Option.SEED, FeedPreset.Option.DURATION, FeedPreset.Option.RATE), p.options());
		}
	}
}
