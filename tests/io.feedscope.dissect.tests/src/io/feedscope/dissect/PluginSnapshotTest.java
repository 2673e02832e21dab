package io.feedscope.dissect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.LinkType;
import io.feedscope.dissect.internal.PluginXml;
import io.feedscope.dissect.tests.TestFrames;

/**
 * The plug-ins' snapshot of a class path ({@link PluginSnapshot}, what the command line starts from): the protocol
 * set compiled from it is the one a scan of the jars gives (the same contributions, origins, bindings, diagnostics,
 * layouts and dissection of every frame of the corpus), its descriptions' models can still be asked for, and a
 * snapshot of another class path (a plug-in installed: another identity), or a damaged file, is not used.
 */
public class PluginSnapshotTest {

	private static final String IDENTITY = "/p/io.feedscope.dissect.jar 1234 5678\t/p/itch50.jar 99 100\t";

	@TempDir
	static Path fJars;
	private static ClassLoader fLoader;

	/**
	 * The protocol plug-ins this test sees, as jars on a plain class loader: the command line's case (jar: URLs,
	 * which the snapshot stores and reads back), whether the test runs under OSGi (bundle resource URLs) or not.
	 * Each jar holds the plug-in's plugin.xml and the descriptions it contributes.
	 */
	private static synchronized ClassLoader loader() throws IOException {
		if (fLoader == null) {
			// under OSGi the protocol bundles' plugin.xml files, which no class loader of this fragment sees; on a
			// plain class path every plugin.xml of it
			Map<String, URL> xmls = new LinkedHashMap<>();
			if (org.eclipse.core.runtime.Platform.isRunning()) {
				for (String id : List.of("io.feedscope.protocols.moldudp64", "io.feedscope.protocols.itch50")) {
					var bundle = org.eclipse.core.runtime.Platform.getBundle(id);
					URL xml = bundle == null ? null : bundle.getEntry("plugin.xml");
					if (xml != null) {
						xmls.put(id, xml);
					}
				}
			} else {
				Enumeration<URL> all = PluginSnapshotTest.class.getClassLoader().getResources("plugin.xml");
				while (all.hasMoreElements()) {
					URL xml = all.nextElement();
					xmls.put(PluginXml.contributor(xml), xml);
				}
			}
			List<URL> jars = new ArrayList<>();
			for (Map.Entry<String, URL> e : xmls.entrySet()) {
				URL xml = e.getValue();
				byte[] text = PluginXml.read(xml);
				List<PluginXml.Contribution> found = PluginXml.protocols(new String(text, StandardCharsets.UTF_8));
				if (found.isEmpty()) {
					continue;
				}
				Path jar = fJars.resolve(e.getKey() + "_1.0.0.jar");
				try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
					out.putNextEntry(new JarEntry("plugin.xml"));
					out.write(text);
					java.util.Set<String> copied = new java.util.HashSet<>();
					for (PluginXml.Contribution c : found) {
						String grammar = c.attributes().get("grammar");
						if (!copied.add(grammar)) {
							continue;
						}
						out.putNextEntry(new JarEntry(grammar));
						try (InputStream in = new URL(xml, grammar).openStream()) {
							in.transferTo(out);
						}
					}
				}
				jars.add(jar.toUri().toURL());
			}
			assertFalse(jars.isEmpty(), "no protocol plug-in visible to the test");
			fLoader = new URLClassLoader(jars.toArray(URL[]::new), null);
		}
		return fLoader;
	}

	@Test
	public void aSetFromTheSnapshotIsTheScannedOne(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("plugins.fsps");
		ProtocolRegistry scanned = ProtocolRegistry.builtIns(loader(), file, IDENTITY);
		assertFalse(scanned.fromSnapshot(), "no snapshot yet: the jars are scanned");
		ProtocolSet fromScan = scanned.compile(new ProtocolCache(dir.resolve("cache")));
		assertTrue(Files.isRegularFile(file), "the scan's compile keeps the snapshot");

		ProtocolRegistry kept = ProtocolRegistry.builtIns(loader(), file, IDENTITY);
		assertTrue(kept.fromSnapshot(), "same class path: read from the snapshot");
		assertEquals(describe(scanned), describe(kept));
		// compiled with the per-description cache off: the layouts can only come from the snapshot
		ProtocolSet fromSnapshot = kept.compile(new ProtocolCache(null));
		assertEquals(describe(fromScan), describe(fromSnapshot));
		assertFalse(fromScan.protocols().isEmpty());
		for (Protocol p : fromScan.protocols()) {
			Protocol q = fromSnapshot.protocol(p.name());
			assertNotNull(q, p.name());
			assertArrayEquals(p.image(), q.image(), p.name() + "'s layouts");
			assertTrue(q.fromCache(), p.name() + ": loaded, its model to be rebuilt when asked for");
			assertNotNull(q.model(), p.name() + "'s model, from its description read then");
		}
		FeedDissector a = new FeedDissector(fromScan);
		FeedDissector b = new FeedDissector(fromSnapshot);
		List<byte[]> frames = new ArrayList<>(TestFrames.seeds());
		for (int i = 0; i < frames.size(); i++) {
			byte[] f = frames.get(i);
			assertEquals(ProtocolCacheTest.dump(a.dissect(ByteBuffer.wrap(f), LinkType.ETHERNET, i + 1)),
					ProtocolCacheTest.dump(b.dissect(ByteBuffer.wrap(f), LinkType.ETHERNET, i + 1)), "frame " + (i + 1));
		}
	}

	@Test
	public void anotherClassPathOrADamagedFileIsScanned(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("plugins.fsps");
		ProtocolRegistry.builtIns(loader(), file, IDENTITY).compile(new ProtocolCache(dir.resolve("cache")));
		assertNotNull(PluginSnapshot.load(file, IDENTITY));
		// a jar added, or one replaced (another size or time): another identity
		assertNull(PluginSnapshot.load(file, IDENTITY + "/p/dropins/new.jar 10 20\t"));
		assertNull(PluginSnapshot.load(file, IDENTITY.replace(" 99 ", " 98 ")));
		assertFalse(ProtocolRegistry.builtIns(loader(), file, IDENTITY.replace(" 99 ", " 98 ")).fromSnapshot());
		byte[] whole = Files.readAllBytes(file);
		Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 9));
		assertNull(PluginSnapshot.load(file, IDENTITY), "a cut file");
		assertFalse(ProtocolRegistry.builtIns(loader(), file, IDENTITY).fromSnapshot());
	}

	/** the registry's contributions: ids, descriptions, bindings, origins and problems */
	private static String describe(ProtocolRegistry r) {
		StringBuilder b = new StringBuilder();
		for (ProtocolRegistry.Source s : r.sources()) {
			b.append(s.id()).append(' ').append(s.description()).append(' ').append(s.helper()).append(' ').append(s.groups())
					.append(' ').append(s.origin()).append(' ').append(s.name());
			s.ports().forEach(p -> b.append(" port ").append(p[0]).append('-').append(p[1]));
			b.append('\n');
		}
		return b.append(r.problems()).toString();
	}

	/** the set: each protocol's name, origin, bindings and layout summary, and the diagnostics */
	private static String describe(ProtocolSet set) {
		StringBuilder b = new StringBuilder();
		for (Protocol p : set.protocols()) {
			b.append(p.name()).append(' ').append(set.originOf(p.name())).append(' ').append(p.kind()).append(' ')
					.append(p.carriedBy()).append(' ').append(p.fields().size()).append(' ').append(p.messageTypeCount());
			p.portBindings().forEach(pr -> b.append(" port ").append(pr[0]).append('-').append(pr[1]));
			p.groupBindings().forEach(g -> b.append(" group ").append(g[0]).append('/').append(g[1]));
			b.append('\n');
		}
		return b.append(set.diagnostics()).append(' ').append(set.defaultFraming()).toString();
	}
}
