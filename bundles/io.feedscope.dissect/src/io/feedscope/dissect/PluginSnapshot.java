package io.feedscope.dissect;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.dissect.internal.CacheFiles;

/**
 * The plug-ins' protocols of a class path of jars, compiled, kept in the protocol cache's folder as one file per
 * class path ({@code plugins-HASH.fsps}): what {@link ProtocolRegistry#builtIns()} found (every contribution's id,
 * description, bindings, origin and the problems met) and what each description compiled to (its layout image and
 * diagnostics). A command-line start with the same jars reads this one file instead of opening every jar for its
 * {@code plugin.xml}, reading each description out of its jar and checksumming the compiler's classes to use the
 * per-description cache (some 20-40 ms of CPU of a start that analyzes a 30 s capture in a few hundred, on the
 * thread the first frame waits for): the checks' contributions are kept the same way.
 * <p>
 * Keyed by the class path's identity ({@link io.feedscope.dissect.internal.ClassPathKey}: every jar's path, size
 * and time): a plug-in installed, removed or replaced, or another build of FeedScope (whose compiler is in one of
 * these jars), is another class path and a fresh scan. The identity is stored in the file and compared in full;
 * anything unexpected in the file means: scan as if there were none. Written only when every contribution
 * compiled and none came through a {@link ProtocolProvider} (code, which a file cannot hold): a broken plug-in is
 * scanned and said at every start, as before.
 */
final class PluginSnapshot {

	private static final int MAGIC = 0x46535053; // "FSPS"
	private static final int FORMAT = 1;

	/** One contribution and its compiled form. */
	record Entry(ProtocolRegistry.Source source, List<ProtocolDiagnostic> diagnostics, byte[] image) {
	}

	/**
	 * @param problems the contributions' problems found before compiling (as {@link ProtocolRegistry#problems()})
	 * @param entries the contributions, in the order found
	 */
	record Contents(List<ProtocolDiagnostic> problems, List<Entry> entries) {
	}

	private PluginSnapshot() {
	}

	/** @return the file of a class path's snapshot in a protocol cache, or null when the cache is off */
	static @Nullable Path file(ProtocolCache cache, String identity) {
		Path dir = cache.directory();
		return dir == null ? null : dir.resolve("plugins-" + Integer.toHexString(identity.hashCode()) + ".fsps");
	}

	/** @return what the file holds for this class path, or null when it holds nothing usable for it */
	static @Nullable Contents load(Path file, String identity) {
		if (!Files.isRegularFile(file)) {
			return null;
		}
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
			if (in.readInt() != MAGIC || in.readInt() != FORMAT || !ProtocolCache.readLongString(in).equals(identity)) {
				return null;
			}
			List<ProtocolDiagnostic> problems = readDiagnostics(in);
			int n = ProtocolCache.count(in);
			List<Entry> entries = new ArrayList<>(n);
			for (int k = 0; k < n; k++) {
				String id = ProtocolCache.readLongString(in);
				URL description = new URI(ProtocolCache.readLongString(in)).toURL();
				int[] ports = ProtocolCache.readInts(in);
				List<int[]> pairs = new ArrayList<>(ports.length / 2);
				for (int p = 0; p + 1 < ports.length; p += 2) {
					pairs.add(new int[] { ports[p], ports[p + 1] });
				}
				List<String> groups = List.of(ProtocolCache.readStrings(in));
				String origin = ProtocolCache.readLongString(in);
				String name = ProtocolCache.readLongString(in);
				List<ProtocolDiagnostic> diagnostics = readDiagnostics(in);
				byte[] image = new byte[ProtocolCache.count(in)];
				in.readFully(image);
				entries.add(new Entry(new ProtocolRegistry.Source(id, description, null, List.copyOf(pairs), groups, origin, name),
						diagnostics, image));
			}
			if (in.readInt() != MAGIC) {
				return null;
			}
			return new Contents(problems, List.copyOf(entries));
		} catch (IOException | URISyntaxException | RuntimeException e) {
			return null; // damaged, cut or foreign: scan, and the file is written again
		}
	}

	/** Writes a snapshot (replacing the file atomically); one that cannot be written only costs the next start time. */
	static void store(Path file, String identity, Contents contents) {
		try {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
			DataOutputStream out = new DataOutputStream(bytes);
			out.writeInt(MAGIC);
			out.writeInt(FORMAT);
			ProtocolCache.writeLongString(out, identity);
			writeDiagnostics(out, contents.problems());
			out.writeInt(contents.entries().size());
			for (Entry e : contents.entries()) {
				ProtocolRegistry.Source s = e.source();
				ProtocolCache.writeLongString(out, s.id());
				ProtocolCache.writeLongString(out, s.description().toExternalForm());
				int[] ports = new int[s.ports().size() * 2];
				for (int p = 0; p < s.ports().size(); p++) {
					ports[2 * p] = s.ports().get(p)[0];
					ports[2 * p + 1] = s.ports().get(p)[1];
				}
				ProtocolCache.writeInts(out, ports);
				ProtocolCache.writeStrings(out, s.groups().toArray(String[]::new));
				ProtocolCache.writeLongString(out, s.origin());
				ProtocolCache.writeLongString(out, s.name());
				writeDiagnostics(out, e.diagnostics());
				out.writeInt(e.image().length);
				out.write(e.image());
			}
			out.writeInt(MAGIC);
			out.flush();
			CacheFiles.replace(file, ".fsps", bytes);
		} catch (IOException | RuntimeException e) {
			// read-only or full cache folder: the next start scans again
		}
	}

	private static void writeDiagnostics(DataOutputStream out, List<ProtocolDiagnostic> diags) throws IOException {
		out.writeInt(diags.size());
		for (ProtocolDiagnostic d : diags) {
			ProtocolCache.writeLongString(out, d.severity().name());
			ProtocolCache.writeLongString(out, d.source());
			out.writeInt(d.line());
			out.writeInt(d.column());
			ProtocolCache.writeLongString(out, d.message());
		}
	}

	private static List<ProtocolDiagnostic> readDiagnostics(DataInputStream in) throws IOException {
		int n = ProtocolCache.count(in);
		List<ProtocolDiagnostic> out = new ArrayList<>(n);
		for (int k = 0; k < n; k++) {
			out.add(new ProtocolDiagnostic(Severity.valueOf(ProtocolCache.readLongString(in)), ProtocolCache.readLongString(in),
					in.readInt(), in.readInt(), ProtocolCache.readLongString(in)));
		}
		return List.copyOf(out);
	}

	/** @return the description's text, read when a cached protocol's model is first asked for */
	static String text(URL description) throws IOException {
		try (InputStream in = description.openStream()) {
			return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
	}
}
