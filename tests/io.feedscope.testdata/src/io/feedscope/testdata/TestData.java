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

	/**
	 * Writes the captures one after the other into {@code out}: pcapng files so joined make one file of several
	 * sections, each with its own interfaces (what the parallel readers must find again from any chunk). Fails
	 * unless reading {@code out} to the end meets as many sections as parts and at least as many interfaces.
	 *
	 * @return out
	 */
	public static Path pcapngSections(Path out, Path... parts) throws IOException {
		try (java.io.OutputStream o = Files.newOutputStream(out)) {
			for (Path p : parts) {
				o.write(Files.readAllBytes(p));
			}
		}
		try (var s = io.feedscope.capture.Captures.stream(out)) {
			while (s.next()) {
				// to the end: every section and interface met
			}
			if (s.sections().size() != parts.length || s.interfaces().size() < parts.length) {
				throw new AssertionError(out + ": " + s.sections().size() + " sections and interfaces " + s.interfaces()
						+ ", expected " + parts.length + " sections with an interface each");
			}
		}
		return out;
	}

	/** @return {@code gz}, a gzip copy of {@code plain} */
	public static Path gzipCopy(Path plain, Path gz) throws IOException {
		try (java.io.OutputStream o = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
			o.write(Files.readAllBytes(plain));
		}
		return gz;
	}
}
