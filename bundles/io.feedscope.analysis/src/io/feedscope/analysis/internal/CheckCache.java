package io.feedscope.analysis.internal;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.CheckOption;
import io.feedscope.analysis.CheckScope;
import io.feedscope.analysis.FeedCheck;
import io.feedscope.dissect.internal.CacheFiles;
import io.feedscope.dissect.internal.ClassPathKey;

/**
 * The check contributions found on a plain class path, kept on disk between runs as the compiled protocols
 * are, so that a command-line start does not open every jar to look for a {@code plugin.xml} (some tens of
 * milliseconds of a run that analyzes a 30 s capture in a few hundred).
 * <p>
 * Keyed by the class path's identity: every entry's path, size and modification time, in order. Installing,
 * removing or replacing any jar, or another order, means another key and a fresh scan. Used only when
 * every entry is a jar (a folder of classes, as in development, can change without its time changing), and
 * only for the system class loader's class path. A cached check's class is loaded when the check is first
 * created, not at start: the scan that wrote the entry loaded it from the very same jars and found it usable.
 * <p>
 * Where: the system property {@code feedscope.checkCache} (a directory, or {@code off}), else
 * {@code $XDG_CACHE_HOME/feedscope/checks}, else {@code ~/.cache/feedscope/checks}. One file per class path
 * key, replaced atomically; anything unexpected in it means: scan as if there were no cache.
 *
 * @param file where this class path's contributions are kept
 * @param identity the class path's identity, stored in the file and compared in full
 */
public record CheckCache(Path file, String identity) {

	private static final String PROPERTY = "feedscope.checkCache";
	/**
	 * the format: 3 added each check's scope to its line; a file of an older format is not read (its checks would
	 * load as seeing every packet) but scanned again and replaced
	 */
	private static final String MAGIC = "feedscope-checks 3";

	/** One cached contribution: a descriptor with its class name (what creating it needs). */
	public record Entry(String id, String name, String description, boolean defaultEnabled, String contributor,
			String className, List<CheckOption> options, CheckScope scope) {

		public Entry {
			options = List.copyOf(options);
		}

		/** an entry of a check that sees every packet */
		public Entry(String id, String name, String description, boolean defaultEnabled, String contributor,
				String className, List<CheckOption> options) {
			this(id, name, description, defaultEnabled, contributor, className, options, CheckScope.ALL);
		}

		/** an entry of a check that declares no options */
		public Entry(String id, String name, String description, boolean defaultEnabled, String contributor,
				String className) {
			this(id, name, description, defaultEnabled, contributor, className, List.of());
		}
	}

	/** @return the cache for this JVM's class path, or null when it is off or the class path has folders */
	public static @Nullable CheckCache forClassPath() {
		String p = System.getProperty(PROPERTY);
		Path dir;
		if (p != null && !p.isBlank()) {
			if (p.strip().equalsIgnoreCase("off")) {
				return null;
			}
			dir = Path.of(p.strip());
		} else {
			String xdg = System.getenv("XDG_CACHE_HOME");
			Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home", "."), ".cache");
			dir = base.resolve("feedscope").resolve("checks");
		}
		// the class path's identity, worked out once per run for this cache and the plug-ins' protocols' snapshot
		String identity = ClassPathKey.identity();
		if (identity == null) {
			return null; // a folder of classes, or an entry that is not there: nothing to key on
		}
		return new CheckCache(dir.resolve("checks-" + Integer.toHexString(identity.hashCode()) + ".txt"), identity);
	}

	/**
	 * @param problems gets the problems the scan that wrote the file met, so a run says the same either way
	 * @return the cached contributions, or null when there is no valid entry for this class path
	 */
	public @Nullable List<Entry> load(List<String> problems) {
		List<String> lines = new ArrayList<>();
		try (FileInputStream in = new FileInputStream(file.toFile())) {
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			for (int i = 0, nl; i < text.length(); i = nl + 1) {
				nl = text.indexOf('\n', i);
				if (nl < 0) {
					lines.add(text.substring(i));
					break;
				}
				lines.add(text.substring(i, nl));
			}
		} catch (IOException | RuntimeException e) {
			return null; // no file yet, or unreadable: scan
		}
		if (lines.size() < 3 || !lines.get(0).equals(MAGIC) || !lines.get(1).equals(identity)
				|| !lines.get(lines.size() - 1).equals("end")) {
			return null; // another class path with the same hash, an old format, or a cut file
		}
		List<Entry> out = new ArrayList<>();
		List<String> found = new ArrayList<>();
		for (String line : lines.subList(2, lines.size() - 1)) {
			String[] f = line.split("\t", -1);
			if (f[0].equals("C") && f.length == 9) {
				CheckScope scope;
				try {
					// the attributes as declared, empty when absent: read back by the reader of plugin.xml's
					scope = CheckScope.parse(f[7].isEmpty() ? null : unescape(f[7]), f[8].isEmpty() ? null : unescape(f[8]));
				} catch (IllegalArgumentException e) {
					return null; // written by another version: scan
				}
				out.add(new Entry(unescape(f[1]), unescape(f[2]), unescape(f[3]), f[4].equals("true"), unescape(f[5]),
						unescape(f[6]), List.of(), scope));
			} else if (f[0].equals("O") && f.length == 5 && !out.isEmpty()) {
				// an option of the check on the line before
				Entry last = out.remove(out.size() - 1);
				List<CheckOption> options = new ArrayList<>(last.options());
				try {
					options.add(new CheckOption(unescape(f[1]), CheckOption.Type.parse(unescape(f[2])), unescape(f[3]),
							unescape(f[4])));
				} catch (IllegalArgumentException e) {
					return null; // written by another version: scan
				}
				out.add(new Entry(last.id(), last.name(), last.description(), last.defaultEnabled(), last.contributor(),
						last.className(), options, last.scope()));
			} else if (f[0].equals("P") && f.length == 2) {
				found.add(unescape(f[1]));
			} else {
				return null;
			}
		}
		problems.addAll(found);
		return out;
	}

	/** Writes the contributions a scan found; a cache that cannot be written is simply not there next time. */
	public void store(List<Entry> entries, List<String> problems) {
		StringBuilder b = new StringBuilder(MAGIC).append('\n').append(identity).append('\n');
		for (Entry e : entries) {
			b.append("C\t").append(escape(e.id())).append('\t').append(escape(e.name())).append('\t')
					.append(escape(e.description())).append('\t').append(e.defaultEnabled()).append('\t')
					.append(escape(e.contributor())).append('\t').append(escape(e.className())).append('\t')
					.append(attribute(e.scope().protocolsAttribute())).append('\t')
					.append(attribute(e.scope().rolesAttribute())).append('\n');
			for (CheckOption o : e.options()) {
				b.append("O\t").append(escape(o.name())).append('\t').append(o.type().xmlName()).append('\t')
						.append(escape(o.defaultValue())).append('\t').append(escape(o.description())).append('\n');
			}
		}
		for (String p : problems) {
			b.append("P\t").append(escape(p)).append('\n');
		}
		b.append("end\n");
		try {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream(b.length() + 16);
			bytes.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
			CacheFiles.replace(file, file.getFileName().toString(), bytes);
		} catch (IOException | RuntimeException e) {
			// read-only or full cache directory: the next run scans again
		}
	}

	/** @return descriptors of cached entries, each check's class loaded when it is first created */
	public static List<CheckDescriptor> descriptors(List<Entry> entries, ClassLoader loader) {
		List<CheckDescriptor> out = new ArrayList<>(entries.size());
		for (Entry e : entries) {
			out.add(new CheckDescriptor(e.id(), e.name(), e.description(), e.defaultEnabled(), e.contributor(),
					new Factory(e.className(), loader), e.options(), e.scope()));
		}
		return out;
	}

	/** a class rather than a lambda: the first lambda of a run bootstraps invokedynamic (a millisecond or two) */
	private record Factory(String className, ClassLoader loader) implements Supplier<FeedCheck> {
		@Override
		public FeedCheck get() {
			return PluginXmlReader.create(className, loader);
		}
	}

	private static String attribute(@Nullable String value) {
		return value == null ? "" : escape(value);
	}

	private static String escape(String s) {
		if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
			return s;
		}
		return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
	}

	private static String unescape(String s) {
		if (s.indexOf('\\') < 0) {
			return s;
		}
		StringBuilder b = new StringBuilder(s.length());
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '\\' && i + 1 < s.length()) {
				char n = s.charAt(++i);
				b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
			} else {
				b.append(c);
			}
		}
		return b.toString();
	}
}
