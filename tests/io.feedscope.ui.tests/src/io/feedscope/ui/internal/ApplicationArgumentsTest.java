package io.feedscope.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplicationArgumentsTest {

	@TempDir
	Path dir;

	@Test
	void capturesAreTheFilesAmongTheArguments() throws IOException {
		Path a = Files.createFile(dir.resolve("a.pcap"));
		String[] args = { "-testApplication", "io.feedscope.ui.application", a.toString(), "missing.pcap",
				"-clean" };
		assertEquals(List.of(a.toString(), "missing.pcap"), Application.capturesIn(args));
	}

	@Test
	void aFileRightAfterAnOptionIsStillOpened() throws IOException {
		Path a = Files.createFile(dir.resolve("a.pcapng"));
		assertEquals(List.of(a.toString()), Application.capturesIn(new String[] { "-clearPersistedState", a.toString() }));
	}
}
