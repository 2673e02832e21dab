package io.feedscope.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The repository's test inputs ({@code tests/data}, see its README), found through the system property
 * {@code feedscope.testdata} that releng/pom.xml sets, else as {@code ../data} from this fragment's folder
 * (where surefire runs). They are part of the repository: a missing one fails the test, it never skips.
 * One copy for every test fragment (each imports this package), so that where the inputs are and how many
 * there must be is said once.
 */
public final class TestData {

	private TestData() {
	}

	/** @return tests/data */
	public static Path dir() {
		String p = System.getProperty("feedscope.testdata");
		Path d = p == null ? Path.of("../data") : Path.of(p);
		if (!Files.isDirectory(d)) {
			throw new AssertionError("test data folder " + d.toAbsolutePath().normalize()
					+ " is missing (tests/data of the repository; -Dfeedscope.testdata names it)");
		}
		return d;
	}

	/** @return tests/data/nasdaq-itch50 (unaltered/ and sanitized/, see its README) */
	public static Path nasdaqDir() {
		Path d = dir().resolve("nasdaq-itch50");
		if (!Files.isDirectory(d)) {
			throw new AssertionError("test data folder " + d.toAbsolutePath().normalize() + " is missing");
		}
		return d;
	}

	/** @return a file of the real NASDAQ captures, e.g. {@code unaltered/Multiple.Packets.pcap}; fails if absent */
	public static Path nasdaq(String relative) {
		Path f = nasdaqDir().resolve(relative);
		if (!Files.isRegularFile(f)) {
			throw new AssertionError("test input " + f.toAbsolutePath().normalize() + " is missing");
		}
		return f;
	}

	/** @return every pcap of the real NASDAQ captures, both folders, sorted by path; fails if there are none */
	public static List<Path> nasdaqPcaps() {
		try (Stream<Path> s = Files.walk(nasdaqDir())) {
			List<Path> l = s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
			if (l.size() != 23) {
				throw new AssertionError("tests/data/nasdaq-itch50 should hold 23 pcaps (8 unaltered, 15 sanitized), has "
						+ l.size());
			}
			return l;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
