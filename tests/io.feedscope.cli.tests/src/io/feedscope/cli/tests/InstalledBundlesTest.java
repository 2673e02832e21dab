package io.feedscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.cli.internal.InstalledBundles;

/**
 * The command line's class path from a product's bundles.info and dropins: a product laid out by hand, with
 * bundles whose manifests say what each case needs, and the expected class path written out in full.
 */
class InstalledBundlesTest {

	private static final String CHECKS_XML = """
			<?xml version="1.0" encoding="UTF-8"?>
			<plugin>
			   <extension point="io.feedscope.analysis.checks">
			      <check id="x" name="X" class="x.X"/>
			   </extension>
			</plugin>
			""";
	private static final String PROTOCOLS_XML = """
			<plugin>
			   <extension point='io.feedscope.dissect.protocols'><protocol id="p" grammar="p.fsp"/></extension>
			</plugin>
			""";
	/** only a comment names the point: no contribution */
	private static final String COMMENTED_XML = """
			<plugin>
			   <!-- <extension point="io.feedscope.analysis.checks"> -->
			   <extension point="org.eclipse.ui.views"/>
			</plugin>
			""";

	@TempDir
	Path fProduct;

	private final List<String> fInfo = new ArrayList<>();

	@BeforeEach
	void framework() throws IOException {
		bundle("org.eclipse.osgi", "3.24.0", Map.of("Export-Package", "org.osgi.framework;version=\"1.10\",org.osgi.util.tracker"), null);
		bundle("io.feedscope.dissect", "1.0.0.q",
				Map.of("Require-Bundle", "org.eclipse.emf.ecore,org.eclipse.core.runtime;resolution:=optional", "Import-Package",
						"io.feedscope.capture,org.antlr.v4.runtime;version=\"[4.13.2,5.0.0)\",org.osgi.framework;resolution:=optional"),
				"<plugin/>");
		bundle("io.feedscope.capture", "1.0.0.q", Map.of("Export-Package", "io.feedscope.capture"), null);
		bundle("org.antlr.antlr4-runtime", "4.13.2", Map.of("Export-Package", "org.antlr.v4.runtime,org.antlr.v4.runtime.atn"), null);
		bundle("org.eclipse.core.runtime", "3.30.0", Map.of(), null);
		bundle("io.feedscope.analysis", "1.0.0.q",
				Map.of("Require-Bundle", "io.feedscope.capture,io.feedscope.dissect,org.eclipse.equinox.registry;resolution:=optional"),
				CHECKS_XML);
		bundle("io.feedscope.cli", "1.0.0.q", Map.of("Require-Bundle", "io.feedscope.analysis"), null);
		bundle("io.feedscope.ui", "1.0.0.q", Map.of("Require-Bundle", "org.eclipse.ui,io.feedscope.analysis"), CHECKS_XML);
		bundle("org.eclipse.ui", "3.200.0", Map.of("Require-Bundle", "org.eclipse.swt"), null);
		bundle("org.eclipse.swt", "3.130.0", Map.of(), null);
		bundle("org.eclipse.emf.ecore", "2.43.0",
				Map.of("Import-Package", "javax.xml.parsers,org.osgi.framework;version=\"[1.5.0,2.0.0)\",org.osgi.util.tracker"), null);
	}

	private Path bundle(String name, String version, Map<String, String> headers, String pluginXml) throws IOException {
		return bundle(fProduct.resolve("plugins"), name, version, headers, pluginXml, true);
	}

	private Path bundle(Path dir, String name, String version, Map<String, String> headers, String pluginXml, boolean listed)
			throws IOException {
		Files.createDirectories(dir);
		Path jar = dir.resolve(name + "_" + version + ".jar");
		Manifest m = new Manifest();
		Attributes a = m.getMainAttributes();
		a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		a.putValue("Bundle-ManifestVersion", "2");
		a.putValue("Bundle-SymbolicName", name + ";singleton:=true");
		a.putValue("Bundle-Version", version);
		headers.forEach(a::putValue);
		try (OutputStream f = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(f, m)) {
			if (pluginXml != null) {
				j.putNextEntry(new ZipEntry("plugin.xml"));
				j.write(pluginXml.getBytes(StandardCharsets.UTF_8));
			}
		}
		if (listed) {
			fInfo.add(name + "," + version + ",plugins/" + jar.getFileName() + ",4,false");
		}
		return jar;
	}

	private InstalledBundles.Result resolve() throws IOException {
		Path info = fProduct.resolve(InstalledBundles.BUNDLES_INFO);
		Files.createDirectories(info.getParent());
		List<String> lines = new ArrayList<>(List.of("#encoding=UTF-8", "#version=1"));
		lines.addAll(fInfo.stream().sorted().toList()); // p2 writes it sorted by name
		Files.write(info, lines);
		return InstalledBundles.resolve(fProduct);
	}

	private List<String> names(InstalledBundles.Result r) {
		return r.classPath().stream().map(p -> fProduct.relativize(p).toString()).toList();
	}

	@Test
	void productAloneGivesTheCliAndWhatItNeedsNoUiNoOptionalNoFramework() throws IOException {
		InstalledBundles.Result r = resolve();
		assertEquals(List.of("plugins/io.feedscope.analysis_1.0.0.q.jar", "plugins/io.feedscope.capture_1.0.0.q.jar",
				"plugins/io.feedscope.cli_1.0.0.q.jar", "plugins/io.feedscope.dissect_1.0.0.q.jar",
				"plugins/org.antlr.antlr4-runtime_4.13.2.jar",
				"plugins/org.eclipse.emf.ecore_2.43.0.jar"), names(r));
		assertEquals(List.of(), r.problems());
	}

	@Test
	void contributorsOfAnyNameAndTheirRequirementsJoinAfterTheProductsBundles() throws IOException {
		bundle("com.example.lib", "1.0.0", Map.of("Export-Package", "com.example.lib"), null);
		bundle("com.example.lib", "1.2.0", Map.of("Export-Package", "com.example.lib;version=\"1.2\""), null);
		bundle("com.example.feeds.a", "1.0.0",
				Map.of("Require-Bundle", "io.feedscope.analysis", "Import-Package",
						"com.example.lib;version=\"[1,2)\",javax.xml.parsers,org.eclipse.jdt.annotation;resolution:=optional"),
				CHECKS_XML);
		bundle("com.example.feeds.a.nl", "1.0.0", Map.of("Fragment-Host", "com.example.feeds.a"), null);
		bundle("com.example.unused", "1.0.0", Map.of(), null);
		bundle("com.example.commented", "1.0.0", Map.of(), COMMENTED_XML);
		bundle("com.example.uifeed", "1.0.0", Map.of("Require-Bundle", "io.feedscope.ui"), PROTOCOLS_XML);
		bundle("com.example.broken", "1.0.0", Map.of("Require-Bundle", "com.example.missing"), PROTOCOLS_XML);
		InstalledBundles.Result r = resolve();
		assertEquals(List.of("plugins/io.feedscope.analysis_1.0.0.q.jar", "plugins/io.feedscope.capture_1.0.0.q.jar",
				"plugins/io.feedscope.cli_1.0.0.q.jar", "plugins/io.feedscope.dissect_1.0.0.q.jar",
				"plugins/com.example.feeds.a_1.0.0.jar", "plugins/com.example.feeds.a.nl_1.0.0.jar",
				"plugins/com.example.lib_1.2.0.jar", "plugins/org.antlr.antlr4-runtime_4.13.2.jar",
				"plugins/org.eclipse.emf.ecore_2.43.0.jar"), names(r));
		assertEquals(1, r.problems().size(), r.problems().toString());
		assertTrue(r.problems().get(0).startsWith("com.example.broken 1.0.0 left off the command line: "
				+ "com.example.broken requires bundle com.example.missing, which is not installed"), r.problems().toString());
	}

	/** A plug-in that only adds generator presets (io.feedscope.generator.feeds) is a contributor too. */
	@Test
	void aPlugInContributingOnlyGeneratorPresetsJoins() throws IOException {
		bundle("com.example.presets", "1.0.0", Map.of("Require-Bundle", "io.feedscope.analysis"), """
				<plugin>
				   <extension point="io.feedscope.generator.feeds">
				      <feed framing="f" encoder="x.F"><preset name="p" description="d" class="x.P"/></feed>
				   </extension>
				</plugin>
				""");
		InstalledBundles.Result r = resolve();
		assertEquals(List.of("plugins/io.feedscope.analysis_1.0.0.q.jar", "plugins/io.feedscope.capture_1.0.0.q.jar",
				"plugins/io.feedscope.cli_1.0.0.q.jar", "plugins/io.feedscope.dissect_1.0.0.q.jar",
				"plugins/com.example.presets_1.0.0.jar", "plugins/org.antlr.antlr4-runtime_4.13.2.jar",
				"plugins/org.eclipse.emf.ecore_2.43.0.jar"), names(r));
		assertEquals(List.of(), r.problems());
	}

	@Test
	void dropinsAreReadAsEclipseLaysThemOut() throws IOException {
		Path dropins = fProduct.resolve("dropins");
		bundle(dropins, "com.example.drop.jar", "1.0.0", Map.of("Require-Bundle", "io.feedscope.dissect"), PROTOCOLS_XML, false);
		bundle(dropins.resolve("team/eclipse/plugins"), "com.example.drop.nested", "2.0.0", Map.of(), CHECKS_XML, false);
		bundle(dropins.resolve("plugins"), "com.example.drop.plain", "1.0.0", Map.of(), null, false); // contributes nothing
		// an unpacked bundle folder with a library inside, and one using a ProtocolProvider service only
		Path folder = dropins.resolve("com.example.drop.folder_1.0.0");
		Files.createDirectories(folder.resolve("META-INF/services"));
		Files.writeString(folder.resolve("META-INF/MANIFEST.MF"), "Manifest-Version: 1.0\nBundle-SymbolicName: com.example.drop.folder\n"
				+ "Bundle-Version: 1.0.0\nBundle-ClassPath: .,lib/extra.jar\n");
		Files.writeString(folder.resolve("META-INF/services/io.feedscope.dissect.ProtocolProvider"), "x.Provider\n");
		Files.writeString(dropins.resolve("notes.txt"), "not a bundle");
		InstalledBundles.Result r = resolve();
		assertEquals(List.of("plugins/io.feedscope.analysis_1.0.0.q.jar", "plugins/io.feedscope.capture_1.0.0.q.jar",
				"plugins/io.feedscope.cli_1.0.0.q.jar", "plugins/io.feedscope.dissect_1.0.0.q.jar",
				"plugins/org.antlr.antlr4-runtime_4.13.2.jar",
				"plugins/org.eclipse.emf.ecore_2.43.0.jar", "dropins/com.example.drop.folder_1.0.0",
				"dropins/com.example.drop.folder_1.0.0/lib/extra.jar", "dropins/com.example.drop.jar_1.0.0.jar",
				"dropins/team/eclipse/plugins/com.example.drop.nested_2.0.0.jar"), names(r));
	}

	@Test
	void aHigherVersionInDropinsReplacesTheInstalledOne() throws IOException {
		bundle("com.example.feeds.a", "1.0.0", Map.of(), CHECKS_XML);
		bundle(fProduct.resolve("dropins"), "com.example.feeds.a", "1.1.0", Map.of(), CHECKS_XML, false);
		List<String> cp = names(resolve());
		assertTrue(cp.contains("dropins/com.example.feeds.a_1.1.0.jar"), cp.toString());
		assertTrue(!cp.contains("plugins/com.example.feeds.a_1.0.0.jar"), cp.toString());
	}

	@Test
	void noCliOrNoBundlesInfoIsAnErrorNamingIt() throws IOException {
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> InstalledBundles.resolve(fProduct));
		assertTrue(e.getMessage().contains("bundles.info"), e.getMessage());
		fInfo.removeIf(l -> l.startsWith("io.feedscope.cli,"));
		e = assertThrows(IllegalStateException.class, this::resolve);
		assertTrue(e.getMessage().contains("io.feedscope.cli"), e.getMessage());
	}
}
