package io.feedscope.capture.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.feedscope.capture.CaptureFile;

/** Detects the format from the first bytes and opens the matching reader. */
public final class CaptureOpener {

	private CaptureOpener() {
	}

	public static CaptureFile open(Path file) throws IOException {
		if (!Files.isRegularFile(file)) {
			throw new IOException(file + ": no such file");
		}
		MappedFile mapped = new MappedFile(file);
		try {
			if (mapped.size() < 4) {
				throw new IOException(file + ": too short to be a capture (" + mapped.size() + " bytes)");
			}
			int magic = mapped.slice(0, 4).getInt(0);
			int swapped = Integer.reverseBytes(magic);
			if (magic == PcapFile.MAGIC_US || magic == PcapFile.MAGIC_NS || swapped == PcapFile.MAGIC_US
					|| swapped == PcapFile.MAGIC_NS) {
				return new PcapFile(mapped, file.getFileName().toString());
			}
			throw new IOException(file + ": not a capture FeedScope reads (first bytes " + String.format("%08x", magic) + ")");
		} catch (IOException | RuntimeException e) {
			mapped.close();
			throw e;
		}
	}
}
