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
}
