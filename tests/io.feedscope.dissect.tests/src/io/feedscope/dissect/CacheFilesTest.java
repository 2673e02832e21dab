package io.feedscope.dissect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.dissect.internal.CacheFiles;

/**
 * The one way the cache files (compiled protocols, the plug-ins' snapshot, the checks' contributions) are written:
 * whole, over the old one, and when it cannot be, nothing changed and no temporary file left in the cache folder.
 */
class CacheFilesTest {

	private static ByteArrayOutputStream bytes(String text) {
		ByteArrayOutputStream b = new ByteArrayOutputStream();
		b.writeBytes(text.getBytes(StandardCharsets.UTF_8));
		return b;
	}

	private static List<Path> listing(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.sorted().toList();
		}
	}

	@Test
	void writesTheFileWholeAndReplacesAnOldOne(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("sub/protocols/x.fspc"); // its folders made as needed
		CacheFiles.replace(file, ".fspc", bytes("first"));
		assertEquals("first", Files.readString(file));
		CacheFiles.replace(file, ".fspc", bytes("second, longer"));
		assertArrayEquals("second, longer".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
		assertEquals(List.of(file), listing(file.getParent()), "only the cache file, no temporary one");
	}

	@Test
	void aFileThatCannotBeReplacedStaysAsItWasWithNoTemporaryFileLeft(@TempDir Path dir) throws IOException {
		// a non-empty folder where the file should go: the move fails whatever the file system
		Path file = dir.resolve("checks-1.txt");
		Files.createDirectories(file);
		Path inside = Files.writeString(file.resolve("kept"), "kept");
		assertThrows(IOException.class, () -> CacheFiles.replace(file, "checks-1.txt", bytes("new")));
		assertTrue(Files.isDirectory(file));
		assertEquals("kept", Files.readString(inside));
		assertEquals(List.of(file), listing(dir), "the temporary file removed");
	}
}
