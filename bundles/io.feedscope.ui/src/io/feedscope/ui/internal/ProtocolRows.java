package io.feedscope.ui.internal;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolDiagnostic;
import io.feedscope.dissect.ProtocolSet;

/**
 * What Window &gt; Preferences &gt; FeedScope &gt; Protocols lists, without widgets: every protocol the workbench
 * uses (bundled, from an installed plug-in, from the site's or the user's protocols folder) with where it came
 * from and how traffic reaches it, and the diagnostics of the descriptions that did not compile. The page shows
 * these rows, and the headless {@link ProtocolsApplication} prints them, so a script sees what the page shows.
 */
final class ProtocolRows {

	/**
	 * @param name the protocol's name ({@code pitch})
	 * @param kind {@code framing} or {@code messages}
	 * @param origin where it came from, for people ("plug-in io.feedscope.protocols.pitch", "user folder /home/...")
	 * @param source its description file (a path for files, the file name inside a plug-in)
	 * @param bindings how traffic reaches it ({@link ProtocolSet#bindingsText})
	 */
	record Row(String name, String kind, String origin, String source, String bindings) {
	}

	private ProtocolRows() {
	}

	static List<Row> rows(ProtocolSet set) {
		List<Row> out = new ArrayList<>();
		for (Protocol p : set.protocols()) {
			out.add(new Row(p.name(), p.kind().keyword(), set.originOf(p.name()), set.sourceOf(p.name()), set.bindingsText(p)));
		}
		return out;
	}

	/**
	 * @return the file a diagnostic is in when it is a file on disk a person can edit (a user's or the site's
	 *         description); null for a description inside a plug-in or a problem with no file
	 */
	static @Nullable Path editableFile(ProtocolDiagnostic d) {
		try {
			Path p = Path.of(d.source());
			return p.isAbsolute() && Files.isRegularFile(p) ? p : null;
		} catch (InvalidPathException e) {
			return null;
		}
	}
}
