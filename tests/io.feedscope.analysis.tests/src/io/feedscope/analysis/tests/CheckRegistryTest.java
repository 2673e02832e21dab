package io.feedscope.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.analysis.FeedCheck;
import io.feedscope.analysis.internal.LossCheck;

@Timeout(10)
class CheckRegistryTest {

	/** the eight built-ins of the brief, in plugin.xml order */
	private static final List<String> BUILT_INS = List.of("io.feedscope.analysis.gaps", "io.feedscope.analysis.loss",
			"io.feedscope.analysis.arbitration", "io.feedscope.analysis.winner", "io.feedscope.analysis.freezes",
			"io.feedscope.analysis.bursts", "io.feedscope.analysis.latency", "io.feedscope.analysis.sequence",
			"io.feedscope.analysis.taps", "io.feedscope.analysis.message_times");

	@Test
	void builtInsAreContributedThroughTheExtensionPoint() {
		CheckRegistry r = CheckRegistry.load();
		assertEquals(List.of(), r.problems());
		// under OSGi (tycho-surefire) the extension registry answers; on a plain class path the plugin.xml reader
		assertEquals(extensionRegistryRunning(), r.fromExtensionRegistry());
		assertEquals(underOsgi(), r.fromExtensionRegistry(), "OSGi runs must use the extension registry");
		if (r.fromExtensionRegistry()) {
			for (CheckDescriptor d : r.checks()) {
				// a check's id is namespaced by the bundle that contributes it
				assertTrue(d.id().startsWith(d.contributor() + "."), d.id() + " from " + d.contributor());
			}
		}
		// the built-ins in their order; checks other installed bundles contribute (a feed's plug-in) may come besides
		assertEquals(BUILT_INS, r.checks().stream().map(CheckDescriptor::id).filter(id -> id.startsWith("io.feedscope.analysis."))
				.toList());
		for (CheckDescriptor d : r.checks()) {
			FeedCheck a = d.create();
			FeedCheck b = d.create();
			assertTrue(a != b, "a fresh instance per run");
			assertTrue(d.defaultEnabled());
			assertTrue(!d.name().isEmpty() && !d.description().isEmpty(), d.id());
		}
	}

	/** By name: this fragment does not import org.osgi.framework, and plain runs do not have it at all. */
	private static boolean underOsgi() {
		for (Class<?> c = CheckRegistryTest.class.getClassLoader().getClass(); c != null; c = c.getSuperclass()) {
			for (Class<?> i : c.getInterfaces()) {
				if (i.getName().equals("org.osgi.framework.BundleReference")) {
					return true;
				}
			}
		}
		return false;
	}

	/** Asked reflectively so this test also runs on a plain class path without the registry jars. */
	private static boolean extensionRegistryRunning() {
		try {
			Class<?> f = Class.forName("org.eclipse.core.runtime.RegistryFactory", true,
					CheckRegistry.class.getClassLoader());
			return f.getMethod("getRegistry").invoke(null) != null;
		} catch (ReflectiveOperationException | LinkageError e) {
			return false;
		}
	}

	@Test
	void plainClassPathReaderGivesTheSameChecks() throws Exception {
		try (InputStream in = CheckRegistryTest.class.getClassLoader().getResource("plugin.xml").openStream()) {
			CheckRegistry r = CheckRegistry.fromPluginXml(in, "io.feedscope.analysis", LossCheck.class.getClassLoader());
			assertEquals(List.of(), r.problems());
			assertEquals(BUILT_INS, r.checks().stream().map(CheckDescriptor::id).toList());
			assertTrue(r.checks().get(1).create() instanceof LossCheck);
		}
	}

	@Test
	void brokenContributionsBecomeProblemsNotExceptions() {
		String xml = """
				<plugin>
				  <extension point="io.feedscope.analysis.checks">
				    <check id="team.missing" name="Missing" class="com.example.NoSuchCheck"/>
				    <check id="team.notacheck" name="Not a check" class="java.lang.String"/>
				    <check name="no id" class="io.feedscope.analysis.internal.LossCheck"/>
				    <check id="team.ok" name="OK" class="io.feedscope.analysis.internal.LossCheck" defaultEnabled="false"/>
				  </extension>
				  <extension point="some.other.point"><check id="x" class="y"/></extension>
				  <!-- a <check> in a comment is not a contribution -->
				  <extension point='io.feedscope.analysis.checks'>
				    <check id="team.entities" name="A &amp; B &lt;&#65;&#x42;&gt;" class="io.feedscope.analysis.internal.GapsCheck"/>
				  </extension>
				</plugin>""";
		CheckRegistry r = CheckRegistry.fromPluginXml(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
				"team.bundle", LossCheck.class.getClassLoader());
		assertEquals(List.of("team.ok", "team.entities"), r.checks().stream().map(CheckDescriptor::id).toList());
		assertEquals("A & B <AB>", r.checks().get(1).name());
		assertEquals(List.of("team.entities"), r.defaultChecks().stream().map(CheckDescriptor::id).toList());
		assertEquals(3, r.problems().size(), r.problems()::toString);
		assertTrue(r.problems().get(0).contains("team.missing"), r.problems().get(0));

		CheckRegistry bad = CheckRegistry.fromPluginXml(
				new ByteArrayInputStream("<plugin><oops".getBytes(StandardCharsets.UTF_8)), "broken.jar",
				LossCheck.class.getClassLoader());
		assertEquals(List.of(), bad.checks());
		assertTrue(bad.problems().get(0).startsWith("broken.jar: cannot read plugin.xml"), bad.problems().get(0));
		for (String broken : List.of("<!DOCTYPE plugin [<!ENTITY x 'y'>]><plugin/>", "<plugin><a></b></plugin>",
				"<plugin a=\"1></plugin>", "<plugin><!-- x </plugin>", "", "<plugin x='&bogus;'/>")) {
			CheckRegistry r2 = CheckRegistry.fromPluginXml(new ByteArrayInputStream(broken.getBytes(StandardCharsets.UTF_8)),
					"b.jar", LossCheck.class.getClassLoader());
			assertEquals(1, r2.problems().size(), broken);
			assertTrue(r2.problems().get(0).startsWith("b.jar: cannot read plugin.xml"), r2.problems().get(0));
		}
	}

	@Test
	void schemaDeclaresTheCheckInterface() throws Exception {
		Path schema = Path.of(System.getProperty("feedscope.repo"), "bundles/io.feedscope.analysis/schema/checks.exsd");
		String text = Files.readString(schema);
		assertTrue(text.contains("basedOn=\":io.feedscope.analysis.FeedCheck\""));
		assertTrue(text.contains("meta.section type=\"examples\""));
		javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(schema.toFile());
	}
}
