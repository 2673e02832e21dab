package io.feedscope.releng.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Null analysis is part of the build: every bundle with Java carries the same JDT settings (Tycho's compiler
 * reads {@code .settings/org.eclipse.jdt.core.prefs}, as Eclipse does), every package declares its null
 * default, and those settings turn a violated null contract into a compile error. The last is shown by
 * compiling a seeded violation with the compiler Tycho uses (ECJ) and those very settings.
 */
class NullAnalysisTest {

	private static final String PREFS = ".settings/org.eclipse.jdt.core.prefs";

	private static Path repo() {
		Path p = Path.of(System.getProperty("feedscope.repo", "../.."));
		assertTrue(Files.isDirectory(p.resolve("bundles")), "repository root not found at " + p.toAbsolutePath());
		return p;
	}

	private static List<Path> javaBundles() throws IOException {
		try (Stream<Path> s = Files.list(repo().resolve("bundles"))) {
			return s.filter(p -> Files.isDirectory(p.resolve("src"))).sorted().toList();
		}
	}

	@Test
	void everyBundleWithJavaHasTheSameNullSettings() throws IOException {
		List<Path> bundles = javaBundles();
		assertTrue(bundles.size() >= 5, "bundles with Java: " + bundles);
		String first = null;
		List<String> offenders = new ArrayList<>();
		for (Path b : bundles) {
			Path prefs = b.resolve(PREFS);
			if (!Files.isRegularFile(prefs)) {
				offenders.add(b.getFileName() + ": no " + PREFS);
				continue;
			}
			String text = Files.readString(prefs);
			if (first == null) {
				first = text;
			} else if (!text.equals(first)) {
				offenders.add(b.getFileName() + ": " + PREFS + " differs from " + bundles.get(0).getFileName() + "'s");
			}
		}
		assertEquals(List.of(), offenders);
		assertTrue(first.contains("org.eclipse.jdt.core.compiler.annotation.nullanalysis=enabled"), first);
		assertTrue(first.contains("org.eclipse.jdt.core.compiler.problem.nullSpecViolation=error"), first);
	}

	@Test
	void everyPackageDeclaresItsNullDefault() throws IOException {
		List<String> offenders = new ArrayList<>();
		for (Path b : javaBundles()) {
			try (Stream<Path> s = Files.walk(b.resolve("src"))) {
				for (Path dir : s.filter(Files::isDirectory).toList()) {
					boolean hasJava;
					try (Stream<Path> f = Files.list(dir)) {
						hasJava = f.anyMatch(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java"));
					}
					Path info = dir.resolve("package-info.java");
					if (hasJava && !(Files.isRegularFile(info) && Files.readString(info).contains("@NonNullByDefault"))) {
						offenders.add(repo().relativize(dir).toString());
					}
				}
			}
		}
		assertEquals(List.of(), offenders, "packages without a package-info.java declaring @NonNullByDefault");
	}

	@Test
	void theSettingsMakeASeededViolationACompileError(@TempDir Path tmp) throws Exception {
		Path prefs = javaBundles().get(0).resolve(PREFS);
		Path pkg = Files.createDirectories(tmp.resolve("src/seeded"));
		Files.writeString(pkg.resolve("package-info.java"),
				"@org.eclipse.jdt.annotation.NonNullByDefault\npackage seeded;\n");
		Path source = pkg.resolve("Seeded.java");

		// the control: the same class, honest about its null, compiles with these settings
		Files.writeString(source, """
				package seeded;
				public class Seeded {
					public @org.eclipse.jdt.annotation.Nullable String name(int i) {
						return i > 0 ? "x" : null;
					}
				}
				""");
		Result ok = ecj(prefs, tmp.resolve("src"), tmp.resolve("out-ok"));
		assertEquals(0, ok.exit(), "the control must compile:\n" + ok.output());

		// the seeded violation: returning null from a method the package default declares non-null
		Files.writeString(source, """
				package seeded;
				public class Seeded {
					public String name(int i) {
						return i > 0 ? "x" : null;
					}
				}
				""");
		Result bad = ecj(prefs, tmp.resolve("src"), tmp.resolve("out-bad"));
		assertNotEquals(0, bad.exit(), "the seeded violation compiled:\n" + bad.output());
		assertTrue(bad.output().contains("ERROR") && bad.output().contains("Null type mismatch"), bad.output());
	}

	private record Result(int exit, String output) {
	}

	/** Runs the batch compiler Tycho's build uses, from the local Maven repository, in its own JVM. */
	private static Result ecj(Path prefs, Path src, Path out) throws Exception {
		Path m2 = Path.of(System.getProperty("feedscope.m2", System.getProperty("user.home") + "/.m2/repository"));
		Path ecj = newest(m2.resolve("org/eclipse/jdt/ecj"), "ecj-");
		Path annotations = newest(m2.resolve("org/eclipse/jdt/org.eclipse.jdt.annotation"), "org.eclipse.jdt.annotation-");
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Path log = out.resolveSibling(out.getFileName() + ".log");
		Process p = new ProcessBuilder(java.toString(), "-jar", ecj.toString(), "--release", "21", "-properties",
				prefs.toString(), "-cp", annotations.toString(), "-d", out.toString(), src.toString())
				.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ecj did not finish");
		return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
	}

	/** @return the newest version's jar under an artifact's folder of the local repository */
	private static Path newest(Path artifact, String prefix) throws IOException {
		assertTrue(Files.isDirectory(artifact), "not in the local Maven repository: " + artifact);
		try (Stream<Path> s = Files.walk(artifact, 2)) {
			return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".jar")
					&& !p.toString().endsWith("-sources.jar"))
					.max(Comparator.comparing(p -> Runtime.Version.parse(version(p, prefix))))
					.orElseThrow(() -> new AssertionError("no " + prefix + "*.jar under " + artifact));
		}
	}

	private static String version(Path jar, String prefix) {
		String n = jar.getFileName().toString();
		String v = n.substring(prefix.length(), n.length() - ".jar".length());
		return v.replaceAll("[^0-9.].*$", "").replaceAll("\\.$", "");
	}
}
