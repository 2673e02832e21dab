package io.feedscope.capture;

import java.io.IOException;
import java.nio.file.Path;

import io.feedscope.capture.internal.CaptureOpener;

/** Opens capture files of any supported format. */
public final class Captures {

	private Captures() {
	}

	/**
	 * Opens and indexes a capture file, detecting its format from its first bytes.
	 *
	 * @param file the capture
	 * @return the indexed capture; damage after the header is reported in {@link CaptureFile#problems()}
	 * @throws IOException if the file cannot be read or is not a capture at all (the message names the file)
	 */
	public static CaptureFile open(Path file) throws IOException {
		return CaptureOpener.open(file);
	}
}
