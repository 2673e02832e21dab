package io.feedscope.capture.internal;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureProblem;
import io.feedscope.capture.IndexMonitor;

/**
 * A file ready for a reader: its mapping (of the decompressed cache file for gzip), the path and
 * name to show, the problems found so far, and what to release when the capture closes.
 *
 * @param file the mapping of the bytes to index
 * @param path the file the user opened, named in problems
 * @param name name for views
 * @param problems problems found before indexing (a damaged gzip stream)
 * @param release closed with the capture (gives the gzip cache file back), or null
 * @param monitor progress and cancellation for the indexing
 */
record Opened(MappedFile file, Path path, String name, List<CaptureProblem> problems, @Nullable Closeable release,
		IndexMonitor monitor) {
}
