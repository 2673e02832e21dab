package io.feedscope.dissect;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.dissect.internal.ContributionChecks;
import io.feedscope.dissect.internal.PluginXml;

/**
 * Where protocol descriptions come from, before compilation. One discovery path for plug-ins:
 * {@code plugin.xml} contributions to {@code io.feedscope.dissect.protocols}, read
 * <ul>
 * <li>in OSGi (the workbench) from the extension registry ({@link #getDefault()}; the registry code lives in
 * an internal class loaded only when {@code org.eclipse.core.runtime} is present);</li>
 * <li>on a plain class path (the command line, plain JUnit) from every {@code plugin.xml} the class loader
 * sees ({@link #builtIns()}), jars and directories alike, the grammar resolved beside it.</li>
 * </ul>
 * Then description files, no plug-in needed ({@link #withUserProtocols()}, {@link #addFile}): the site's
 * {@code protocols/} folder beside the product, the user's folder ({@code $XDG_CONFIG_HOME/feedscope/protocols},
 * else {@code ~/.config/feedscope/protocols}), and files given one by one ({@code --protocol FILE}).
 * {@link #compile()} gives the {@link ProtocolSet} a {@link FeedDissector} needs; every problem met on the way
 * (a contribution without grammar, a grammar not found, a plug-in id that is not the description's name, a
 * file that does not compile) is a {@link ProtocolDiagnostic} of that set, and only the broken piece is left out.
 */
public final class ProtocolRegistry {

	/** System property: the user's protocols folder (tests redirect it). */
	public static final String USER_DIR_PROPERTY = "feedscope.userProtocols";
	/** System property: the site's protocols folder (default: {@code protocols/} beside the product). */
	public static final String SITE_DIR_PROPERTY = "feedscope.siteProtocols";

	/**
	 * One description to compile.
	 *
	 * @param id the protocol's name as its contribution gives it (plugin.xml {@code id}); "" for a plain file,
	 *        whose name is the description's own
	 * @param description the .fsp resource
	 * @param helper optional helper code (deprecated: no face calls it)
	 * @param ports extra UDP port bindings from the contribution, [low, high] pairs
	 * @param groups extra multicast group bindings from the contribution ("233.54.12.0/24")
	 * @param origin where it came from, for people ("plug-in io.feedscope.protocols.itch50", "user folder")
	 * @param name the name its diagnostics give the file (a path for files, the file name for plug-ins)
	 */
	public record Source(String id, URL description, @Nullable ProtocolHelper helper, List<int[]> ports, List<String> groups,
			String origin, String name) {
		public Source(String id, URL description, @Nullable ProtocolHelper helper, List<int[]> ports, List<String> groups) {
			this(id, description, helper, ports, groups, "added", ProtocolCompiler.sourceName(description));
		}

		public Source(String id, URL description) {
			this(id, description, null, List.of(), List.of());
		}
	}

	private final List<Source> fSources = new ArrayList<>();
	private final List<ProtocolDiagnostic> fProblems = new ArrayList<>();
	/** the contributions read from a plug-ins' snapshot, with what they compiled to ({@link PluginSnapshot}) */
	private final Map<Source, PluginSnapshot.Entry> fSnapshot = new IdentityHashMap<>();
	/** where to keep a snapshot of the contributions scanned from a class path of jars (null: none to keep) */
	private @Nullable Path fSnapshotFile;
	private @Nullable String fSnapshotIdentity;
	private List<Source> fScanned = List.of();
	private List<ProtocolDiagnostic> fScannedProblems = List.of();

	/** @return a registry with nothing in it */
	public static ProtocolRegistry empty() {
		return new ProtocolRegistry();
	}

	/**
	 * @return the plug-ins' protocols on a plain class path: every {@code plugin.xml} it holds; on the JVM's class
	 *         path of jars (the command line) read from the plug-ins' snapshot of the same jars when there is one
	 *         ({@link PluginSnapshot}, in the protocol cache's folder), and their snapshot kept by {@link #compile()}
	 *         when there is none
	 */
	public static ProtocolRegistry builtIns() {
		ClassLoader cl = Thread.currentThread().getContextClassLoader();
		ClassLoader loader = cl != null ? cl : ProtocolRegistry.class.getClassLoader();
		if (loader == ClassLoader.getSystemClassLoader() && ProtocolRegistry.class.getClassLoader() == loader) {
			String identity = io.feedscope.dissect.internal.ClassPathKey.identity();
			Path file = identity == null ? null : PluginSnapshot.file(ProtocolCache.getDefault(), identity);
			if (identity != null && file != null) {
				return builtIns(loader, file, identity);
			}
		}
		return builtIns(loader);
	}

	/**
	 * The plug-ins' protocols of a class path whose identity is known: from its snapshot file when that holds this
	 * identity, else scanned, the snapshot then written by {@link #compile()}.
	 */
	static ProtocolRegistry builtIns(ClassLoader loader, Path snapshot, String identity) {
		PluginSnapshot.Contents c = PluginSnapshot.load(snapshot, identity);
		if (c != null) {
			ProtocolRegistry r = new ProtocolRegistry();
			r.fProblems.addAll(c.problems());
			for (PluginSnapshot.Entry e : c.entries()) {
				r.fSources.add(e.source());
				r.fSnapshot.put(e.source(), e);
			}
			return r;
		}
		ProtocolRegistry r = builtIns(loader);
		if (r.fSources.stream().allMatch(s -> s.helper() == null)) {
			r.fSnapshotFile = snapshot;
			r.fSnapshotIdentity = identity;
			r.fScanned = List.copyOf(r.fSources);
			r.fScannedProblems = List.copyOf(r.fProblems); // not those of the folders added later
		}
		return r;
	}

	/** @return true when the contributions came from a plug-ins' snapshot rather than from the jars (tests) */
	boolean fromSnapshot() {
		return !fSnapshot.isEmpty();
	}

	/**
	 * @return the protocols contributed by the {@code plugin.xml} files a class loader sees, plus (deprecated)
	 *         {@link ProtocolProvider}s for protocols no plugin.xml contributes
	 */
	@SuppressWarnings("deprecation")
	public static ProtocolRegistry builtIns(ClassLoader loader) {
		ProtocolRegistry r = new ProtocolRegistry();
		try {
			Enumeration<URL> urls = loader.getResources("plugin.xml");
			while (urls.hasMoreElements()) {
				r.readPluginXml(urls.nextElement());
			}
		} catch (IOException e) {
			r.problem(Severity.ERROR, "class path", 0, "cannot list plugin.xml files: " + e.getMessage());
		}
		Set<String> ids = new HashSet<>();
		r.fSources.forEach(s -> ids.add(s.id()));
		try {
			for (ProtocolProvider p : ServiceLoader.load(ProtocolProvider.class, loader)) {
				if (ids.add(p.id())) {
					r.fSources.add(new Source(p.id(), p.description(), p.helper(), List.of(), List.of(),
							"ProtocolProvider " + p.getClass().getName(), ProtocolCompiler.sourceName(p.description())));
					r.problem(Severity.WARNING, p.getClass().getName(), 0, "protocol '" + p.id()
							+ "' comes through the deprecated ProtocolProvider: contribute it in plugin.xml (point " + PluginXml.POINT + ")");
				}
			}
		} catch (java.util.ServiceConfigurationError e) {
			r.problem(Severity.ERROR, "META-INF/services/" + ProtocolProvider.class.getName(), 0, "unusable provider: " + e.getMessage());
		}
		return r;
	}

	/** Reads one plugin.xml's protocol contributions; what is wrong with one is a problem, never an exception. */
	private void readPluginXml(URL xmlUrl) {
		String where = xmlUrl.toString();
		if ("file".equals(xmlUrl.getProtocol())) {
			try {
				where = Path.of(xmlUrl.toURI()).toString(); // a path, as editors and terminals link it
			} catch (URISyntaxException | IllegalArgumentException e) {
				// keep the URL
			}
		}
		String contributor = contributor(xmlUrl);
		List<PluginXml.Contribution> found;
		try {
			found = PluginXml.protocols(new String(read(xmlUrl), StandardCharsets.UTF_8));
		} catch (IOException | IllegalArgumentException e) {
			problem(Severity.ERROR, where, 0, "cannot read: " + e.getMessage());
			return;
		}
		for (PluginXml.Contribution c : found) {
			Map<String, String> a = c.attributes();
			String id = a.getOrDefault("id", "");
			String grammar = a.getOrDefault("grammar", "");
			if (id.isEmpty() || grammar.isEmpty()) {
				problem(Severity.ERROR, where, c.line(), "a <protocol> needs both id and grammar; left out");
				continue;
			}
			URL url;
			try {
				url = new URL(xmlUrl, grammar);
				try (InputStream in = url.openStream()) {
					// there: read again when compiled
				}
			} catch (IOException e) {
				problem(Severity.ERROR, where, c.line(), "protocol '" + id + "': grammar " + grammar + " not found beside plugin.xml; left out");
				continue;
			}
			unsupportedAttributes(where, c.line(), id, a);
			List<int[]> ports = new ArrayList<>();
			List<String> groups = new ArrayList<>();
			bindings(where, c.line(), id, c.bindings(), ports, groups);
			add(new Source(id, url, null, ports, groups, "plug-in " + contributor, ProtocolCompiler.sourceName(url)));
		}
	}

	private void unsupportedAttributes(String where, int line, String id, Map<String, String> a) {
		ContributionChecks.unsupportedAttributes(where + (line > 0 ? ":" + line : ""), id, a, fProblems);
	}

	private void bindings(String where, int line, String id, List<Map<String, String>> in, List<int[]> ports, List<String> groups) {
		ContributionChecks.bindings(where + (line > 0 ? ":" + line : ""), id, in, ports, groups, fProblems);
	}

	/** @return a plug-in's name from where its plugin.xml is ({@link PluginXml#contributor}) */
	private static String contributor(URL xmlUrl) {
		return PluginXml.contributor(xmlUrl);
	}

	/** Reads a class-path resource ({@link PluginXml#read}: a jar's entry without verifying its signature). */
	static byte[] read(URL url) throws IOException {
		return PluginXml.read(url);
	}

	/**
	 * @return everything installed: the plug-ins (the extension registry's contributions when running in OSGi
	 *         with the Eclipse runtime, otherwise {@link #builtIns()}), then the site's and the user's protocols
	 *         folders ({@link #withUserProtocols()}), so the workbench and the command line use the same set
	 */
	public static ProtocolRegistry getDefault() {
		return plugins().withUserProtocols();
	}

	/** @return the plug-ins' protocols only: the extension registry in OSGi, else the class path's plugin.xml files */
	public static ProtocolRegistry plugins() {
		if (!PluginXml.registryPresent(ProtocolRegistry.class)) {
			return builtIns();
		}
		ProtocolRegistry r = new ProtocolRegistry();
		try {
			// by name, so that neither this class nor a plain-JVM build of it links against the runtime
			Class<?> c = Class.forName("io.feedscope.dissect.internal.osgi.ExtensionProtocols", true, ProtocolRegistry.class.getClassLoader());
			Object found = c.getMethod("readInto", List.class, List.class).invoke(null, r.fSources, r.fProblems);
			if (!Boolean.TRUE.equals(found)) {
				return builtIns();
			}
		} catch (ReflectiveOperationException | LinkageError e) {
			return builtIns();
		}
		return r;
	}

	// ------------------------------------------------------------------ description files

	/**
	 * @return the user's protocols folder: system property {@value #USER_DIR_PROPERTY}, else
	 *         {@code $XDG_CONFIG_HOME/feedscope/protocols}, else {@code ~/.config/feedscope/protocols}
	 */
	public static Path userDirectory() {
		String p = System.getProperty(USER_DIR_PROPERTY);
		if (p != null && !p.isBlank()) {
			return Path.of(p.trim());
		}
		String xdg = System.getenv("XDG_CONFIG_HOME");
		Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home", "."), ".config");
		return base.resolve("feedscope").resolve("protocols");
	}

	/**
	 * @return the site's protocols folder: system property {@value #SITE_DIR_PROPERTY}, else {@code protocols/}
	 *         beside the product (this bundle's jar is in the product's {@code plugins/}); null outside a product
	 */
	public static @Nullable Path siteDirectory() {
		String p = System.getProperty(SITE_DIR_PROPERTY);
		if (p != null && !p.isBlank()) {
			return Path.of(p.trim());
		}
		try {
			var cs = ProtocolRegistry.class.getProtectionDomain().getCodeSource();
			if (cs == null || cs.getLocation() == null || !"file".equals(cs.getLocation().getProtocol())) {
				return null;
			}
			Path jar = Path.of(cs.getLocation().toURI());
			Path plugins = jar.getParent();
			if (Files.isRegularFile(jar) && plugins != null && plugins.getFileName() != null
					&& plugins.getFileName().toString().equals("plugins") && plugins.getParent() != null) {
				return plugins.getParent().resolve("protocols");
			}
		} catch (URISyntaxException | RuntimeException e) {
			// not a product layout: no site folder
		}
		return null;
	}

	/**
	 * Adds the description files of the site's folder, then of the user's ({@link #siteDirectory()},
	 * {@link #userDirectory()}): {@code *.fsp}, by name. A missing folder is no problem; an unreadable one is.
	 *
	 * @return this registry
	 */
	public ProtocolRegistry withUserProtocols() {
		Path site = siteDirectory();
		if (site != null) {
			addDirectory(site, "site folder");
		}
		return addDirectory(userDirectory(), "user folder");
	}

	/**
	 * Adds every {@code *.fsp} of a folder, by file name.
	 *
	 * @param kind for people: "user folder", "site folder"
	 * @return this registry
	 */
	public ProtocolRegistry addDirectory(Path dir, String kind) {
		if (!Files.isDirectory(dir)) {
			return this;
		}
		try (Stream<Path> files = Files.list(dir)) {
			for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".fsp")).sorted().toList()) {
				addFile(f.toAbsolutePath(), kind + " " + dir);
			}
		} catch (IOException | RuntimeException e) {
			problem(Severity.ERROR, dir.toString(), 0, "cannot list the " + kind + ": " + e.getMessage());
		}
		return this;
	}

	/**
	 * Adds one description file; its diagnostics name it as given.
	 *
	 * @param origin for people: "--protocol", "user folder ..."
	 * @return this registry
	 */
	public ProtocolRegistry addFile(Path file, String origin) {
		try {
			fSources.add(new Source("", file.toUri().toURL(), null, List.of(), List.of(), origin, file.toString()));
		} catch (MalformedURLException | IllegalArgumentException e) {
			problem(Severity.ERROR, file.toString(), 0, "not a file name: " + e.getMessage());
		}
		return this;
	}

	/** Adds a description (one with the same contribution id replaces it). */
	public ProtocolRegistry add(Source s) {
		if (!s.id().isEmpty()) {
			fSources.removeIf(x -> x.id().equals(s.id()));
		}
		fSources.add(s);
		return this;
	}

	/** Adds a description file or resource. */
	public ProtocolRegistry add(String id, URL description) {
		return add(new Source(id, description));
	}

	/** @return the descriptions, in the order found */
	public List<Source> sources() {
		return List.copyOf(fSources);
	}

	/** @return problems with the contributions themselves (found before compiling anything) */
	public List<ProtocolDiagnostic> problems() {
		return List.copyOf(fProblems);
	}

	private void problem(Severity s, String where, int line, String message) {
		fProblems.add(new ProtocolDiagnostic(s, where, line, line > 0 ? 1 : 0, message));
	}

	/**
	 * Compiles every description. One that does not compile (or cannot be read, or whose contribution id is
	 * not its name) is left out and its diagnostics are kept in {@link ProtocolSet#diagnostics()}, with the
	 * contributions' problems. A description compiled before (same text, same compiler) is loaded from the
	 * on-disk cache instead ({@link ProtocolCache}; system property {@code feedscope.protocolCache=off} turns
	 * it off). A later protocol of the same name replaces an earlier one (a user's file over a plug-in's),
	 * which is said as a warning.
	 *
	 * @return the protocols with the contributions' bindings; add user bindings with {@link ProtocolSet#toBuilder()}
	 */
	public ProtocolSet compile() {
		return compile(ProtocolCache.getDefault());
	}

	/** {@link #compile()} with a given cache of compiled descriptions (tests: a temporary one, or none) */
	ProtocolSet compile(ProtocolCache cache) {
		ProtocolSet.Builder b = ProtocolSet.builder();
		fProblems.forEach(b::diagnostic);
		java.util.Map<String, Source> from = new java.util.HashMap<>();
		Map<Source, CompileResult> results = new IdentityHashMap<>();
		for (Source s : fSources) {
			CompileResult r = null;
			PluginSnapshot.Entry kept = fSnapshot.get(s);
			if (kept != null) {
				try {
					r = new CompileResult(ProtocolCache.fromSnapshot(kept.image(), s.name(), s.description()), kept.diagnostics());
				} catch (IOException | RuntimeException ex) {
					r = null; // not an image this build reads (cannot happen with the same jars): compiled below
				}
			}
			try {
				if (r == null) {
					r = cache.compile(s.name(), ProtocolCompiler.read(s.description()), s.helper());
				}
			} catch (IOException ex) {
				b.diagnostic(new ProtocolDiagnostic(Severity.ERROR, s.name(), 0, 0, "cannot read: " + ex.getMessage()));
				continue;
			}
			results.put(s, r);
			r.diagnostics().forEach(b::diagnostic);
			Protocol p = r.protocol();
			if (p == null) {
				continue;
			}
			if (!s.id().isEmpty() && !s.id().equals(p.name())) {
				// one name per protocol: the contribution's id, the description's name and its field prefix
				b.diagnostic(new ProtocolDiagnostic(Severity.ERROR, s.name(), 1, 1, "the description says 'protocol " + p.name()
						+ "' but " + s.origin() + " contributes it as '" + s.id() + "' (plugin.xml id): one name per protocol; left out"));
				continue;
			}
			Source before = from.put(p.name(), s);
			if (before != null) {
				b.diagnostic(new ProtocolDiagnostic(Severity.WARNING, s.name(), 1, 1, "protocol '" + p.name() + "' from " + s.origin()
						+ " replaces the one from " + before.origin() + " (" + before.name() + ")"));
			}
			b.add(p);
			b.origin(p.name(), s.name(), s.origin());
			try {
				for (int[] pr : s.ports()) {
					b.bindPorts(p.name(), pr[0], pr[1]);
				}
				for (String g : s.groups()) {
					b.bindGroup(p.name(), g);
				}
			} catch (IllegalArgumentException e) {
				// a contribution's bad binding must not take the other protocols down with it
				b.diagnostic(new ProtocolDiagnostic(Severity.ERROR, s.name(), 0, 0, "bad binding for " + p.name() + ": " + e.getMessage()));
			}
		}
		keepSnapshot(results);
		return b.build();
	}

	/**
	 * Writes the plug-ins' snapshot of a scanned class path when every contribution compiled ({@link PluginSnapshot}).
	 * The contributions' own problems go in it too, so that a start from it says what a scan says.
	 */
	private void keepSnapshot(Map<Source, CompileResult> results) {
		Path file = fSnapshotFile;
		String identity = fSnapshotIdentity;
		if (file == null || identity == null) {
			return;
		}
		fSnapshotFile = null; // once
		List<PluginSnapshot.Entry> entries = new ArrayList<>();
		for (Source s : fScanned) {
			CompileResult r = results.get(s);
			Protocol p = r == null ? null : r.protocol();
			if (r == null || p == null || !s.id().equals(p.name())) {
				return; // a contribution left out: scanned (and said) at every start
			}
			entries.add(new PluginSnapshot.Entry(s, r.diagnostics(), p.image()));
		}
		PluginSnapshot.store(file, identity, new PluginSnapshot.Contents(fScannedProblems, entries));
	}
}
