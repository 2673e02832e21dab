package io.feedscope.dissect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.dissect.Severity;

/** Finding protocols: the extension point (OSGi) and ServiceLoader (plain JVM) give the same set. */
public class RegistryTest {

	@Test
	public void extensionPointContributesTheShippedProtocols() {
		ProtocolRegistry r = ProtocolRegistry.getDefault();
		List<String> ids = r.sources().stream().map(ProtocolRegistry.Source::id).sorted().collect(Collectors.toList());
		assertEquals(List.of("itch50", "moldudp", "moldudp64"), ids);
		ProtocolSet set = r.compile();
		assertTrue(set.diagnostics().isEmpty(), set.diagnostics()::toString);
		assertEquals(2, set.framingProtocols().size());
		Protocol feed = set.feedProtocol("moldudp64");
		assertNotNull(feed);
		assertEquals("itch50", feed.name());
		assertEquals("itch50", set.feedProtocol("moldudp").name(), "ITCH says it rides on both Mold variants");
		assertTrue(set.fieldId("itch50.price") >= 0);
		assertTrue(set.fieldId("moldudp64.msgseq") >= 0);
		assertEquals(-1, set.fieldId("itch50.nosuch"));
		assertEquals(-1, set.fieldId("nosuch.price"));
	}

	/**
	 * The plain-JVM path: a class loader over the protocol bundles' jars, providers found by ServiceLoader.
	 * The jars are the ones this OSGi runtime installed (this fragment requires both bundles, so the reactor
	 * builds them first): found through the framework, never by guessing at target folders.
	 */
	@Test
	public void serviceLoaderFindsTheSameProtocols() throws IOException {
		List<URL> jars = new ArrayList<>();
		for (String b : List.of("io.feedscope.protocols.moldudp64", "io.feedscope.protocols.itch50")) {
			Bundle bundle = Platform.getBundle(b);
			assertNotNull(bundle, b + " is not in the test runtime");
			File location = FileLocator.getBundleFile(bundle);
			assertTrue(location.isFile() && location.getName().endsWith(".jar"),
					() -> b + " is installed from " + location + ", not from its jar");
			jars.add(location.toURI().toURL());
		}
		try (URLClassLoader cl = new URLClassLoader(jars.toArray(URL[]::new), RegistryTest.class.getClassLoader())) {
			ProtocolRegistry r = ProtocolRegistry.builtIns(cl);
			List<String> ids = r.sources().stream().map(ProtocolRegistry.Source::id).sorted().collect(Collectors.toList());
			assertEquals(List.of("itch50", "moldudp", "moldudp64"), ids);
			ProtocolSet set = r.compile();
			assertTrue(set.diagnostics().isEmpty(), set.diagnostics()::toString);
			assertEquals("itch50", set.feedProtocol("moldudp64").name());
		}
	}

	@Test
	public void badDescriptionsAreReportedAndLeftOut(@TempDir Path dir) throws IOException {
		Path bad = dir.resolve("bad.fsp");
		Files.writeString(bad, "protocol bad {\n  field x : u7 \"X\";\n}\n");
		Path good = dir.resolve("good.fsp");
		Files.writeString(good, "protocol good {\n  field n : u16 \"N\" role count;\n  field l : u8 \"L\" role msglen;\n"
				+ "  field d : bytes \"D\";\n  packet p { n, repeat n { l, d[l] -> feed } }\n}\n");
		ProtocolRegistry r = ProtocolRegistry.empty().add("bad", bad.toUri().toURL())
				.add(new ProtocolRegistry.Source("good", good.toUri().toURL(), null, List.of(new int[] { 9000, 9001 }), List.of("239.0.0.0/8")));
		ProtocolSet set = r.compile();
		assertNull(set.protocol("bad"));
		assertNotNull(set.protocol("good"));
		assertEquals(Severity.ERROR, set.diagnostics().get(0).severity());
		assertEquals("bad.fsp:2:13: error: unknown type 'u7' (known: u8 u16 u32 u48 u64 char ascii(N) decimal(uN,S) time(uN,unit) bytes)",
				set.diagnostics().get(0).toString());
		// the contribution's bindings are user-level bindings of the set
		byte[] p = { 0, 1, 1, 'x' };
		FeedDissector d = new FeedDissector(set);
		assertEquals(PacketKind.DATA, d.dissectPayload(ByteBuffer.wrap(p), 0, 4, 1, 9001, 0, 1).kind());
		assertEquals(PacketKind.DATA, d.dissectPayload(ByteBuffer.wrap(p), 0, 4, 1, 1, 0xef000001, 1).kind());
		assertEquals(PacketKind.NOT_FEED, d.dissectPayload(ByteBuffer.wrap(p), 0, 4, 1, 1, 0xe0000001, 1).kind());
	}
}
