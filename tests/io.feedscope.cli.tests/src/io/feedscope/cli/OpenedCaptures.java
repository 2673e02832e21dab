package io.feedscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;

/**
 * Captures opened for a decode run in a test, with the names decode prints for them (the paths as given), closed
 * when the run is done: what {@link DecodeCommand} does before it decodes, for the tests that drive its decoding
 * code directly (the serial and the parallel paths, the fast and the general renderers).
 */
final class OpenedCaptures {

	/** One decode run over the opened captures. */
	interface Run<T> {
		T decode(List<CaptureFile> captures, List<String> names) throws Exception;
	}

	private OpenedCaptures() {
	}

	/** Opens the files, runs {@code run} on them and closes them, also when it throws. */
	static <T> T decode(List<Path> files, Run<T> run) throws Exception {
		List<CaptureFile> captures = new ArrayList<>();
		List<String> names = new ArrayList<>();
		try {
			for (Path f : files) {
				captures.add(Captures.open(f));
				names.add(f.toString());
			}
			return run.decode(captures, names);
		} finally {
			for (CaptureFile c : captures) {
				c.close();
			}
		}
	}
}
