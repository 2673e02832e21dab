package io.feedscope.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.ui.CaptureSet;
import io.feedscope.ui.tests.UiTestSupport;

/** Bad input gets a message naming the file; a damaged capture opens up to the damage. */
class OpenCaptureErrorsTest {

	@TempDir
	Path dir;

	@AfterEach
	void tearDown() {
		CaptureSet.getDefault().clear();
	}

	@Test
	void notACaptureIsAnErrorNamingTheFileAndOpensNothing() throws IOException {
		Path notes = Files.writeString(dir.resolve("notes.txt"), "not a capture at all");
		IStatus s = OpenCaptureHandler.open(notes, new NullProgressMonitor());
		assertEquals(IStatus.ERROR, s.getSeverity());
		assertTrue(s.getMessage().contains("notes.txt"), s.getMessage());
		assertEquals(0, CaptureSet.getDefault().captures().size());
	}

	@Test
	void cutCaptureOpensWithAWarningNamingFileAndOffset() throws IOException {
		byte[] sample = Files.readAllBytes(UiTestSupport.sampleCapture());
		Path cut = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(sample, sample.length - 100));
		IStatus s = OpenCaptureHandler.open(cut, new NullProgressMonitor());
		assertEquals(IStatus.WARNING, s.getSeverity(), s.getMessage());
		assertTrue(s.getMessage().contains("cut.pcap") && s.getMessage().contains("byte"), s.getMessage());
		assertEquals(1, CaptureSet.getDefault().captures().size());
		assertEquals(1, CaptureSet.getDefault().captures().get(0).frameCount(), "the frame before the cut is kept");
	}

	@Test
	void canceledOpenOpensNothing() throws IOException {
		NullProgressMonitor canceled = new NullProgressMonitor();
		canceled.setCanceled(true);
		IStatus s = OpenCaptureHandler.open(UiTestSupport.sampleCapture(), canceled);
		assertEquals(IStatus.CANCEL, s.getSeverity());
		assertEquals(0, CaptureSet.getDefault().captures().size());
	}
}
