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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.dissect.Severity;

/** Finding protocols: the extension point (OSGi) and ServiceLoader (plain JVM) give the same set. */
public class RegistryTest {

	/**
	 * The protocols every bundle of this runtime declares in its plugin.xml, read here as text (the oracle: not
	 * through the extension registry), by bundle. Which bundles those are is the runtime's business: this fragment
	 * requires the shipped MoldUDP64 and ITCH bundles, and another feed's bundle (Cboe PITCH) may be installed
	 * beside them or not; its own tests are in its own fragment.
	 */
	static Map<Bundle, List<String>> declaredProtocols() throws IOException {
		Map<Bundle, List<String>> out = new LinkedHashMap<>();
		for (Bundle b : FrameworkUtil.getBundle(Platform.class).getBundleContext().getBundles()) {
			URL u = b.getEntry("plugin.xml");
			if (u == null) {
				continue;
			}
			String xml;
			try (InputStream in = u.openStream()) {
				xml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?s)<!--.*?-->", "");
			}
			Matcher ext = Pattern.compile("(?s)<extension\\s[^>]*point=\"io\\.feedscope\\.dissect\\.protocols\"[^>]*>(.*?)</extension>").matcher(xml);
			List<String> ids = new ArrayList<>();
			while (ext.find()) {
				Matcher p = Pattern.compile("<protocol\\s[^>]*\\bid=\"([^\"]+)\"").matcher(ext.group(1));
				while (p.find()) {
					ids.add(p.group(1));
				}
			}
			if (!ids.isEmpty()) {
				out.put(b, ids);
			}
		}
		return out;
	}

	private static List<String> sortedIds(Map<Bundle, List<String>> declared) {
		return declared.values().stream().flatMap(List::stream).sorted().collect(Collectors.toList());
	}

	@Test
	public void extensionPointContributesTheInstalledProtocols() throws IOException {
		ProtocolRegistry r = ProtocolRegistry.getDefault();
		List<String> ids = r.sources().stream().map(ProtocolRegistry.Source::id).sorted().collect(Collectors.toList());
		List<String> declared = sortedIds(declaredProtocols());
		assertEquals(declared, ids);
		assertTrue(ids.containsAll(List.of("itch50", "moldudp", "moldudp64")), ids::toString);
		ProtocolSet set = r.compile();
		assertTrue(set.diagnostics().isEmpty(), set.diagnostics()::toString);
		assertTrue(set.framingProtocols().size() >= 2, "MoldUDP64 and MoldUDP at least");
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
	 * The plain-JVM path: a class loader over the built protocol jars alone (no Java for the protocols in them):
	 * their plugin.xml files are read as the extension registry reads them, the grammars resolved beside them.
	 * The jars are the ones this OSGi runtime installed (this fragment requires the bundles, so the reactor
	 * builds them first): found through the framework, never by guessing at target folders.
	 */
	@Test
	public void pluginXmlOnAPlainClassPathFindsTheSameProtocols() throws IOException {
		List<URL> jars = new ArrayList<>();
		Map<Bundle, List<String>> declared = declaredProtocols();
		for (Bundle bundle : declared.keySet()) {
			String b = bundle.getSymbolicName();
			File location = FileLocator.getBundleFile(bundle);
			assertTrue(location.isFile() && location.getName().endsWith(".jar"),
					() -> b + " is installed from " + location + ", not from its jar");
			jars.add(location.toURI().toURL());
		}
		try (URLClassLoader cl = new URLClassLoader(jars.toArray(URL[]::new), null)) {
			ProtocolRegistry r = ProtocolRegistry.builtIns(cl);
			List<String> ids = r.sources().stream().map(ProtocolRegistry.Source::id).sorted().collect(Collectors.toList());
			assertEquals(sortedIds(declared), ids);
			assertEquals(ProtocolRegistry.getDefault().sources().stream().map(ProtocolRegistry.Source::id).sorted().toList(), ids,
					"the same protocols as the extension registry");
			assertEquals(List.of(), r.problems());
			ProtocolSet set = r.compile();
			assertTrue(set.diagnostics().isEmpty(), set.diagnostics()::toString);
			assertEquals("itch50", set.feedProtocol("moldudp64").name());
			assertTrue(set.originOf("itch50").startsWith("plug-in io.feedscope.protocols.itch50"), set.originOf("itch50"));
		}
	}

	/** The default registry is everything installed: plug-ins, then the user's folder (so the workbench sees files too). */
	@Test
	public void defaultRegistryReadsTheUserFolder(@TempDir Path dir) throws IOException {
		String saved = System.getProperty(ProtocolRegistry.USER_DIR_PROPERTY);
		System.setProperty(ProtocolRegistry.USER_DIR_PROPERTY, dir.toString());
		try {
			Files.writeString(dir.resolve("mine.fsp"), """
					protocol mine { enum t : char { 'A' a; } field t : char "T" enum t;
					  messages by t { case 'A' { t } else unknown "U"; } bindings { carried by moldudp; } }
					""");
			Files.writeString(dir.resolve("notes.txt"), "not a description");
			ProtocolRegistry r = ProtocolRegistry.getDefault();
			ProtocolRegistry.Source last = r.sources().get(r.sources().size() - 1);
			assertEquals("user folder " + dir, last.origin());
			assertEquals(dir.resolve("mine.fsp").toAbsolutePath().toString(), last.name());
			ProtocolSet set = r.compile();
			assertNotNull(set.protocol("mine"));
			assertEquals("user folder " + dir, set.originOf("mine"));
			assertEquals(ProtocolRegistry.plugins().sources().size() + 1, r.sources().size(), "only *.fsp files");
		} finally {
			if (saved == null) {
				System.clearProperty(ProtocolRegistry.USER_DIR_PROPERTY);
			} else {
				System.setProperty(ProtocolRegistry.USER_DIR_PROPERTY, saved);
			}
		}
	}

	/** Every bad contribution is said, with its plugin.xml; only the bad piece is left out. */
	@Test
	public void badContributionsAreReported(@TempDir Path dir) throws IOException {
		Path plugin = Files.createDirectories(dir.resolve("com.example.feeds"));
		Files.createDirectories(plugin.resolve("protocols"));
		Files.writeString(plugin.resolve("protocols/good.fsp"), """
				protocol good { enum t : char { 'A' a; } field t : char "T" enum t;
				  messages by t { case 'A' { t } else unknown "U"; } bindings { carried by moldudp64; } }
				""");
		Files.writeString(plugin.resolve("protocols/named.fsp"), """
				protocol other { enum t : char { 'A' a; } field t : char "T" enum t;
				  messages by t { case 'A' { t } else unknown "U"; } }
				""");
		Files.writeString(plugin.resolve("plugin.xml"), """
				<?xml version="1.0" encoding="UTF-8"?>
				<plugin>
				   <extension point="io.feedscope.dissect.protocols">
				      <protocol id="good" name="Good Feed" grammar="protocols/good.fsp">
				         <binding udpPorts="70000"/>
				      </protocol>
				      <protocol id="named" grammar="protocols/named.fsp"/>
				      <protocol id="lost" grammar="protocols/nowhere.fsp"/>
				      <protocol grammar="protocols/good.fsp"/>
				   </extension>
				</plugin>
				""");
		try (URLClassLoader cl = new URLClassLoader(new URL[] { plugin.toUri().toURL() }, null)) {
			ProtocolRegistry r = ProtocolRegistry.builtIns(cl);
			assertEquals(List.of("good", "named"), r.sources().stream().map(ProtocolRegistry.Source::id).toList());
			String xml = plugin.resolve("plugin.xml").toString();
			List<String> problems = r.problems().stream().map(Object::toString).toList();
			assertEquals(List.of(
					xml + ":4: warning: protocol 'good': attribute 'name' is not read (the description's label is the name for people); remove it",
					xml + ":4: error: protocol 'good': bad udpPorts '70000' (N or N..M within 0..65535); that binding is left out",
					xml + ":8:1: error: protocol 'lost': grammar protocols/nowhere.fsp not found beside plugin.xml; left out",
					xml + ":9:1: error: a <protocol> needs both id and grammar; left out"), problems);
			ProtocolSet set = r.compile();
			assertNotNull(set.protocol("good"));
			assertNull(set.protocol("other"), "a description whose name is not its id is left out");
			List<String> d = set.diagnostics().stream().map(Object::toString).toList();
			assertTrue(d.contains("named.fsp:1:1: error: the description says 'protocol other' but plug-in com.example.feeds contributes it as"
					+ " 'named' (plugin.xml id): one name per protocol; left out"), d::toString);
			assertTrue(d.contains("good.fsp:2:76: warning: 'good' is carried by 'moldudp64', which is not installed (framing protocols here: none):"
					+ " its messages are not decoded until a framing protocol 'moldudp64' is added"), d::toString);
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
