package io.feedscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.internal.CheckCache;
import io.feedscope.analysis.internal.GapsCheck;

/**
 * The cache of check contributions on a plain class path: a second start with the same class path takes the
 * checks from the cache without reading any plugin.xml (shown with a loader whose jar no longer has one), their
 * scopes and the problems included; another class path scans again, and a damaged file or one of the format
 * before scopes is ignored (scanned again and replaced).
 */
class CheckCacheTest {

	@TempDir
	Path fDir;

	/** a jar with a plugin.xml contributing two checks: one usable (a built-in class), one whose class is missing */
	private Path jar(String name, boolean withPluginXml) throws IOException {
		Path jar = fDir.resolve(name);
		try (OutputStream f = Files.newOutputStream(jar); ZipOutputStream z = new ZipOutputStream(f)) {
			if (withPluginXml) {
				z.putNextEntry(new ZipEntry("plugin.xml"));
				z.write("""
						<plugin>
						   <extension point="io.feedscope.analysis.checks">
						      <check id="team.gaps" name="Team&apos;s&#9;gaps" class="io.feedscope.analysis.internal.GapsCheck"
						             defaultEnabled="false" description="line one&#10;line two \\ back"/>
						      <check id="team.missing" class="com.example.NoSuchCheck"/>
						      <check id="team.scoped" class="io.feedscope.analysis.internal.LossCheck"
						             protocols="cboe_suh,moldudp64" roles="LINE_DATA,REQUEST"/>
						      <check id="team.badrole" class="io.feedscope.analysis.internal.LossCheck" roles="LINE_DAT"/>
						   </extension>
						</plugin>
						""".getBytes(StandardCharsets.UTF_8));
			}
			z.putNextEntry(new ZipEntry("marker.txt"));
		}
		return jar;
	}

	private static CheckDescriptor find(CheckRegistry r, String id) {
		return r.checks().stream().filter(d -> d.id().equals(id)).findFirst().orElse(null);
	}

	@Test
	void secondStartReadsTheCacheNotThePluginXml() throws IOException {
		ClassLoader parent = getClass().getClassLoader();
		CheckCache cache = new CheckCache(fDir.resolve("cache/checks-1.txt"), "a.jar 10 1\tb.jar 20 2\t");
		CheckRegistry first;
		try (URLClassLoader l = new URLClassLoader(new URL[] { jar("with.jar", true).toUri().toURL() }, parent)) {
			first = CheckRegistry.fromClassPath(l, cache);
		}
		CheckDescriptor team = find(first, "team.gaps");
		assertNotNull(team, first.checks().toString());
		assertNull(find(first, "team.missing"));
		assertTrue(first.problems().stream().anyMatch(p -> p.contains("team.missing") && p.contains("com.example.NoSuchCheck")),
				first.problems().toString());
		assertTrue(Files.isRegularFile(cache.file()));

		// the same class path identity: contributions come from the file, though this jar has no plugin.xml
		CheckRegistry second;
		try (URLClassLoader l = new URLClassLoader(new URL[] { jar("without.jar", false).toUri().toURL() }, parent)) {
			second = CheckRegistry.fromClassPath(l, cache);
			CheckDescriptor cached = find(second, "team.gaps");
			assertNotNull(cached, second.checks().toString());
			assertEquals(team.name(), cached.name());
			assertEquals("Team's\tgaps", cached.name());
			assertEquals("line one\nline two \\ back", cached.description());
			assertEquals(false, cached.defaultEnabled());
			assertEquals(team.contributor(), cached.contributor());
			assertInstanceOf(GapsCheck.class, cached.create()); // its class is loaded now, lazily
			CheckDescriptor scoped = find(second, "team.scoped");
			assertNotNull(scoped, second.checks().toString());
			assertEquals(CheckScope.parse("cboe_suh,moldudp64", "LINE_DATA,REQUEST"), scoped.scope());
			assertEquals(find(first, "team.scoped").scope(), scoped.scope());
			assertEquals(CheckScope.ALL, cached.scope());
			assertNull(find(second, "team.badrole"));
		}
		assertEquals(first.checks().stream().map(CheckDescriptor::id).toList(),
				second.checks().stream().map(CheckDescriptor::id).toList());
		assertEquals(first.problems(), second.problems());

		// another class path (a jar added or replaced): scanned again
		try (URLClassLoader l = new URLClassLoader(new URL[] { jar("without2.jar", false).toUri().toURL() }, parent)) {
			CheckRegistry other = CheckRegistry.fromClassPath(l, new CheckCache(cache.file(), "a.jar 10 1\tb.jar 21 3\t"));
			assertNull(find(other, "team.gaps"), other.checks().toString());
		}
	}

	@Test
	void aDamagedCacheFileMeansScanningAgain() throws IOException {
		CheckCache cache = new CheckCache(fDir.resolve("checks.txt"), "x.jar 1 1\t");
		List<String> problems = new ArrayList<>();
		for (String text : List.of("", "feedscope-checks 3\nx.jar 1 1\t\nC\tonly\ttwo\nend\n",
				"feedscope-checks 3\nx.jar 1 1\t\nC\tid\tname\tdescription\ttrue\tcontributor\tsome.Class\t\t\n", // cut: no end
				"feedscope-checks 3\nx.jar 1 1\t\nC\tid\tname\tdescription\ttrue\tcontributor\tsome.Class\t\tLINE_DAT\nend\n",
				"feedscope-checks 3\nx.jar 1 1\t\nC\tid\tname\tdescription\ttrue\tcontributor\tsome.Class\nend\n",
				// the format before scopes, however sound
				"feedscope-checks 2\nx.jar 1 1\t\nC\tid\tname\tdescription\ttrue\tcontributor\tsome.Class\nend\n",
				"feedscope-checks 1\nx.jar 1 1\t\nend\n")) {
			Files.writeString(cache.file(), text);
			assertNull(cache.load(problems), text);
		}
		Files.writeString(cache.file(), "feedscope-checks 3\nx.jar 1 1\t\nC\tid\tname\tdescription\ttrue\tcontributor\tsome.Class\t\t\n"
				+ "C\tid2\tname\tdescription\ttrue\tcontributor\tsome.Class\tmoldudp64\tLINE_DATA\nend\n");
		List<CheckCache.Entry> ok = cache.load(problems);
		assertEquals(List.of(new CheckCache.Entry("id", "name", "description", true, "contributor", "some.Class"),
				new CheckCache.Entry("id2", "name", "description", true, "contributor", "some.Class", List.of(),
						CheckScope.parse("moldudp64", "LINE_DATA"))), ok);
		assertEquals(List.of(), problems);
	}

	/**
	 * A file of the format before scopes, for this very class path: read as it is, its scoped checks would load as
	 * seeing every packet; it is scanned again instead, and replaced by one of the new format.
	 */
	@Test
	void theFormatBeforeScopesIsScannedAgain() throws IOException {
		CheckCache cache = new CheckCache(fDir.resolve("old/checks-1.txt"), "a.jar 10 1\t");
		Files.createDirectories(cache.file().getParent());
		Files.writeString(cache.file(), "feedscope-checks 2\na.jar 10 1\t\n"
				+ "C\tteam.scoped\tScoped\t\ttrue\tsome.jar\tio.feedscope.analysis.internal.LossCheck\n"
				+ "C\told.check\tOld\t\ttrue\tsome.jar\tio.feedscope.analysis.internal.GapsCheck\nend\n");
		try (URLClassLoader l = new URLClassLoader(new URL[] { jar("with.jar", true).toUri().toURL() },
				getClass().getClassLoader())) {
			CheckRegistry r = CheckRegistry.fromClassPath(l, cache);
			assertNull(find(r, "old.check"), r.checks().toString());
			assertEquals(CheckScope.parse("cboe_suh,moldudp64", "LINE_DATA,REQUEST"), find(r, "team.scoped").scope());
			assertTrue(r.problems().stream().anyMatch(p -> p.contains("check team.badrole: attribute roles=\"LINE_DAT\"")),
					r.problems().toString());
		}
		List<String> lines = Files.readAllLines(cache.file());
		assertEquals("feedscope-checks 3", lines.get(0));
		assertTrue(lines.stream().anyMatch(l -> l.startsWith("C\tteam.scoped\t") && l.endsWith("\tcboe_suh,moldudp64\tLINE_DATA,REQUEST")),
				lines.toString());
		List<String> problems = new ArrayList<>();
		assertEquals(CheckScope.parse("cboe_suh,moldudp64", "LINE_DATA,REQUEST"),
				java.util.Objects.requireNonNull(cache.load(problems)).stream().filter(e -> e.id().equals("team.scoped")).findFirst().orElseThrow().scope());
	}
}
