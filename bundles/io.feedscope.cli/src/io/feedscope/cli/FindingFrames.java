package io.feedscope.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.Finding;
import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.wireshark.AnnotatedExport;

/** {@code analyze --export-frames DIR}: the findings' frames as annotated pcapng files (issue 12 §2). */
final class FindingFrames {

	private FindingFrames() {
	}

	/** @return exit code: 0 written, 1 a capture could not be reopened or a file not written (named on err) */
	static int export(AnalysisResult result, Path dir, boolean force, PrintStream err) {
		List<CaptureFile> captures = new ArrayList<>();
		List<String> names = new ArrayList<>();
		try {
			for (AnalysisResult.Capture c : result.captures()) {
				try {
					captures.add(Captures.open(Path.of(c.path())));
				} catch (IOException | RuntimeException e) {
					err.println("feedscope analyze: --export-frames: cannot reopen " + c.path() + ": " + e.getMessage());
					return 1;
				}
				names.add(c.name());
			}
			List<AnnotatedExport.Marked> marked = new ArrayList<>();
			for (Finding f : result.findings()) {
				List<AnnotatedExport.FrameRef> refs = new ArrayList<>();
				for (long r : f.frames()) {
					refs.add(new AnnotatedExport.FrameRef(Finding.refCapture(r), Finding.refFrame(r)));
				}
				marked.add(new AnnotatedExport.Marked(f.checkId(), f.message(), refs));
			}
			List<Path> written = AnnotatedExport.write(dir, captures, names, marked, force);
			err.println("feedscope analyze: " + written.size() + " annotated capture(s) of " + marked.size() + " finding(s) written to " + dir);
			return 0;
		} catch (IOException e) {
			err.println("feedscope analyze: --export-frames: " + e.getMessage());
			return 1;
		} finally {
			for (CaptureFile c : captures) {
				try {
					c.close();
				} catch (IOException e) {
					// read-only: nothing to lose
				}
			}
		}
	}
}
