package io.feedscope.releng.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Guards the bundle layout the architecture depends on: the pipeline stages below the views must
 * run in a plain JVM, so their manifests may not reach SWT, JFace or the workbench; and every bundle
 * must be built and shipped.
 */
class LayoutTest {

	/** Packages and bundles a non-UI bundle may not use. */
	private static final Pattern UI = Pattern.compile("org\\.eclipse\\.(swt|jface|ui|e4\\.ui)\\b");

	private static Path repo() {
		Path p = Path.of(System.getProperty("feedscope.repo", "../.."));
		assertTrue(Files.isDirectory(p.resolve("bundles")), "repository root not found at " + p.toAbsolutePath());
		return p;
	}

	private static List<Path> bundles() throws IOException {
		try (Stream<Path> s = Files.list(repo().resolve("bundles"))) {
			return s.filter(p -> Files.isRegularFile(p.resolve("META-INF/MANIFEST.MF"))).sorted().toList();
		}
	}

	/** A bundle is a UI bundle if its name says so; everything else is a pipeline stage or a tool. */
	private static boolean isUi(Path bundle) {
		String n = bundle.getFileName().toString();
		return n.equals("io.feedscope.ui") || n.startsWith("io.feedscope.ui.");
	}

	@Test
	void nonUiBundlesDependOnNoUiBundle() throws IOException {
		List<String> offenders = new ArrayList<>();
		int checked = 0;
		for (Path b : bundles()) {
			if (isUi(b)) {
				continue;
			}
			checked++;
			String mf = Files.readString(b.resolve("META-INF/MANIFEST.MF")).replaceAll("\r?\n ", "");
			for (String line : mf.split("\r?\n")) {
				if ((line.startsWith("Require-Bundle:") || line.startsWith("Import-Package:"))
						&& UI.matcher(line).find()) {
					offenders.add(b.getFileName() + ": " + line);
				}
			}
		}
		assertTrue(checked >= 1, "no non-UI bundle found");
		assertEquals(List.of(), offenders, "non-UI bundles must run in a plain JVM");
	}

	/**
	 * Every bundle is in the reactor and in a feature: the product's, or (a feed family shipped as its team
	 * would, e.g. Cboe PITCH) a feature of its own that is itself built and published in a p2 repository.
	 */
	@Test
	void everyBundleIsBuiltAndShipped() throws IOException {
		String reactor = Files.readString(repo().resolve("releng/pom.xml"));
		List<String> features = new ArrayList<>();
		try (Stream<Path> s = Files.list(repo().resolve("features"))) {
			for (Path f : s.filter(p -> Files.isRegularFile(p.resolve("feature.xml"))).sorted().toList()) {
				String id = f.getFileName().toString();
				assertTrue(reactor.contains("<module>../features/" + id + "</module>"), id + " is not in releng/pom.xml");
				features.add(Files.readString(f.resolve("feature.xml")));
			}
		}
		for (Path b : bundles()) {
			String id = b.getFileName().toString();
			assertTrue(reactor.contains("<module>../bundles/" + id + "</module>"), id + " is not in releng/pom.xml");
			assertTrue(features.stream().anyMatch(f -> f.contains("<plugin id=\"" + id + "\"")), id + " is in no feature");
		}
	}

	/** A feature outside the product is published: some eclipse-repository's category.xml offers it. */
	@Test
	void everyFeatureOutsideTheProductIsInARepository() throws IOException {
		List<String> categories = new ArrayList<>();
		for (String dir : List.of("releng", "tests")) {
			try (Stream<Path> s = Files.list(repo().resolve(dir))) {
				for (Path c : s.map(p -> p.resolve("category.xml")).filter(Files::isRegularFile).toList()) {
					categories.add(Files.readString(c));
				}
			}
		}
		int checked = 0;
		// a feed's own (features/, e.g. Cboe PITCH's) and the test plug-ins' (tests/, installed by check-install)
		for (String dir : List.of("features", "tests")) {
			try (Stream<Path> s = Files.list(repo().resolve(dir))) {
				for (Path f : s.filter(p -> Files.isRegularFile(p.resolve("feature.xml"))).sorted().toList()) {
					String id = f.getFileName().toString();
					if (id.equals("io.feedscope.feature")) {
						continue; // the product's own: published by the product build
					}
					checked++;
					assertTrue(categories.stream().anyMatch(c -> c.contains("<feature id=\"" + id + "\"")),
							id + " is in no p2 repository's category.xml");
				}
			}
		}
		assertTrue(checked >= 2, "no feature outside the product (the example plug-ins' are expected)");
	}

	@Test
	void everyTestModuleRuns() throws IOException {
		String reactor = Files.readString(repo().resolve("releng/pom.xml"));
		try (Stream<Path> s = Files.list(repo().resolve("tests"))) {
			// test fragments run in the reactor; plain Maven modules there (benchmarks) run on their own
			for (Path t : s.filter(p -> isTestPlugin(p.resolve("pom.xml"))).toList()) {
				String id = t.getFileName().toString();
				assertTrue(reactor.contains("<module>../tests/" + id + "</module>"), id + " is not in releng/pom.xml");
			}
		}
	}

	private static boolean isTestPlugin(Path pom) {
		try {
			return Files.isRegularFile(pom) && Files.readString(pom).contains("<packaging>eclipse-test-plugin</packaging>");
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	@Test
	void internalPackagesAreExportedToFriendsOnly() throws IOException {
		Pattern export = Pattern.compile("([\\w.]+\\.internal[\\w.]*)(;[^,]*)?");
		List<String> offenders = new ArrayList<>();
		for (Path b : bundles()) {
			String mf = Files.readString(b.resolve("META-INF/MANIFEST.MF")).replaceAll("\r?\n ", "");
			for (String line : mf.split("\r?\n")) {
				if (!line.startsWith("Export-Package:")) {
					continue;
				}
				// split on commas outside quotes
				for (String clause : line.substring("Export-Package:".length()).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
					Matcher m = export.matcher(clause.trim());
					if (m.matches() && !(clause.contains("x-friends") || clause.contains("x-internal"))) {
						offenders.add(b.getFileName() + ": " + clause.trim());
					}
				}
			}
		}
		assertEquals(List.of(), offenders, "internal packages are exported with x-friends or x-internal only");
	}
}
