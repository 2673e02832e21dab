package io.feedscope.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The command line's class path, from what is installed in a product rather than from a name pattern:
 * the bundles p2 lists in {@code configuration/org.eclipse.equinox.simpleconfigurator/bundles.info}, plus
 * the bundles in {@code dropins/} (laid out as Eclipse's dropins folder: jars or bundle folders directly in
 * it, or in a {@code plugins/} folder below it or below one of its folders).
 * <p>
 * On the class path: {@code io.feedscope.cli}, every bundle that contributes protocols, checks or generator feeds (its
 * {@code plugin.xml} names {@code io.feedscope.dissect.protocols}, {@code io.feedscope.analysis.checks} or
 * {@code io.feedscope.generator.feeds},
 * or it lists a {@code io.feedscope.dissect.ProtocolProvider} service), and what those need: mandatory
 * {@code Require-Bundle} and {@code Import-Package} resolved against the installed bundles, plus fragments
 * of bundles taken. Left off: UI bundles (SWT, JFace, the workbench and whatever needs them: a plain JVM
 * without a display has no use for them), optional requirements (the Eclipse runtime that EMF and the
 * registry code use only under OSGi), the OSGi framework itself, and packages the JDK provides. A
 * contributor whose mandatory requirements are not all installed is left off with a message, as OSGi
 * would leave it unresolved. When several versions of a bundle are installed the highest is taken.
 * <p>
 * Order: FeedScope's own bundles first (by name), then the others in bundles.info order, then dropins, so
 * that a plug-in cannot take the place of a built-in protocol or check by sorting first.
 * <p>
 * Run by the product's {@code feedscope} script, only when what it keys its start-up cache on changed
 * (bundles.info, the dropins listing, the JDK): resolving costs a JVM start and opening every jar, which a
 * warm start must not pay. It prints two lines: the class path, then a key of it (the jars' paths, sizes
 * and times and the JDK), which names the JDK's AOT cache. Uses nothing but the JDK, as it runs on
 * this jar alone.
 */
public final class InstalledBundles {

	/** the bundles.info of the simple configurator, relative to the product */
	public static final String BUNDLES_INFO = "configuration/org.eclipse.equinox.simpleconfigurator/bundles.info";
	static final String CLI = "io.feedscope.cli";
	private static final Pattern CONTRIBUTION = Pattern
			.compile("point\\s*=\\s*[\"']io\\.feedscope\\.(dissect\\.protocols|analysis\\.checks|generator\\.feeds)[\"']");
	private static final Pattern XML_COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
	private static final String PROVIDER_SERVICE = "META-INF/services/io.feedscope.dissect.ProtocolProvider";
	/** bundles that are the OSGi framework: their packages are never put on a plain class path */
	private static final Set<String> FRAMEWORK = Set.of("org.eclipse.osgi", "system.bundle");
	/** bundle names that are UI toolkits or the workbench */
	private static final Pattern UI_NAME = Pattern
			.compile("org\\.eclipse\\.(swt|jface|ui|e4\\.ui|nebula\\.widgets)(\\..*)?|io\\.feedscope\\.ui(\\..*)?");
	private static final Pattern UI_PACKAGE = Pattern.compile("org\\.eclipse\\.(swt|jface|ui|e4\\.ui)(\\..*)?");

	/** One installed bundle: where it is and what its manifest says. */
	record Bundle(String name, String version, Path location, Attributes headers, boolean contributes, int order) {

		List<Clause> clauses(String header) {
			String v = headers.getValue(header);
			return v == null ? List.of() : Clause.parse(v);
		}

		boolean isDirectory() {
			return Files.isDirectory(location);
		}
	}

	/** One clause of a manifest header: its names (packages, a bundle) and parameters ("k=" attributes, "k:=" directives). */
	record Clause(List<String> names, Map<String, String> params) {

		boolean optional() {
			return "optional".equals(params.get("resolution:")) || "dynamic".equals(params.get("resolution:"));
		}

		static List<Clause> parse(String header) {
			List<Clause> out = new ArrayList<>();
			for (String c : split(header, ',')) {
				List<String> names = new ArrayList<>();
				Map<String, String> params = new HashMap<>();
				for (String part : split(c, ';')) {
					int eq = part.indexOf('=');
					if (eq < 0) {
						if (!part.isBlank()) {
							names.add(part.strip());
						}
						continue;
					}
					boolean directive = eq > 0 && part.charAt(eq - 1) == ':';
					String key = part.substring(0, directive ? eq - 1 : eq).strip() + (directive ? ":" : "");
					String value = part.substring(eq + 1).strip();
					if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
						value = value.substring(1, value.length() - 1);
					}
					params.put(key, value);
				}
				if (!names.isEmpty()) {
					out.add(new Clause(List.copyOf(names), params));
				}
			}
			return out;
		}

		/** splits at {@code sep} outside double quotes (version ranges hold commas) */
		private static List<String> split(String s, char sep) {
			List<String> parts = new ArrayList<>();
			boolean quoted = false;
			int start = 0;
			for (int i = 0; i < s.length(); i++) {
				char c = s.charAt(i);
				if (c == '"') {
					quoted = !quoted;
				} else if (c == sep && !quoted) {
					parts.add(s.substring(start, i));
					start = i + 1;
				}
			}
			parts.add(s.substring(start));
			return parts;
		}
	}

	/**
	 * The result.
	 *
	 * @param classPath the entries, in class path order
	 * @param problems one sentence per bundle left off for a missing requirement, or unreadable
	 */
	public record Result(List<Path> classPath, List<String> problems) {
	}

	private final Path fProduct;
	private final Map<String, Bundle> fByName = new LinkedHashMap<>();
	private final Map<String, Bundle> fExporter = new HashMap<>();
	private final Set<String> fJdkPackages = new HashSet<>();
	private final Map<String, Boolean> fUi = new HashMap<>();
	private final List<String> fProblems = new ArrayList<>();
	private int fOrder;

	private InstalledBundles(Path product) {
		fProduct = product;
		for (Module m : ModuleLayer.boot().modules()) {
			fJdkPackages.addAll(m.getPackages());
		}
	}

	/**
	 * Prints the class path and its key for the product in {@code args[0]} (see the class comment).
	 * Exit 1 with a message when the product has no bundles.info or no usable {@code io.feedscope.cli}.
	 */
	public static void main(String[] args) {
		PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
		if (args.length != 1) {
			System.err.println("usage: InstalledBundles PRODUCT_DIR");
			System.exit(2);
		}
		try {
			Result r = resolve(Path.of(args[0]).toAbsolutePath().normalize());
			for (String p : r.problems()) {
				System.err.println("feedscope: " + p);
			}
			StringBuilder cp = new StringBuilder();
			for (Path p : r.classPath()) {
				cp.append(cp.isEmpty() ? "" : java.io.File.pathSeparator).append(p);
			}
			out.println(cp);
			out.println(key(r.classPath()));
			out.flush();
		} catch (IOException | IllegalStateException e) {
			System.err.println("feedscope: " + e.getMessage());
			System.exit(1);
		}
	}

	/** Reads what is installed in a product and works out the command line's class path. */
	public static Result resolve(Path product) throws IOException {
		InstalledBundles b = new InstalledBundles(product);
		b.readBundlesInfo();
		b.readDropins();
		return b.classPath();
	}

	// ---------------------------------------------------------------- what is installed

	private void readBundlesInfo() throws IOException {
		Path info = fProduct.resolve(BUNDLES_INFO);
		if (!Files.isRegularFile(info)) {
			throw new IllegalStateException("no " + info + ": is " + fProduct + " an unpacked FeedScope product?");
		}
		for (String line : Files.readAllLines(info, StandardCharsets.UTF_8)) {
			line = line.strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			// symbolic name, version, location, start level, auto start
			String[] f = line.split(",");
			if (f.length < 3) {
				fProblems.add(info + ": line not understood: " + line);
				continue;
			}
			add(location(f[2]), false);
		}
	}

	/** a bundles.info location: relative to the product, or a file: URI */
	private Path location(String loc) {
		if (loc.startsWith("file:")) {
			try {
				URI u = new URI(loc);
				if (u.isOpaque()) { // file:plugins/x.jar
					return fProduct.resolve(u.getSchemeSpecificPart());
				}
				return Path.of(u);
			} catch (java.net.URISyntaxException | IllegalArgumentException e) {
				return fProduct.resolve(loc.substring(5));
			}
		}
		return fProduct.resolve(loc);
	}

	/** The dropins folder, as Eclipse's dropins reconciler reads it (links and site.xml layouts aside). */
	private void readDropins() throws IOException {
		Path dropins = fProduct.resolve("dropins");
		if (!Files.isDirectory(dropins)) {
			return;
		}
		for (Path p : sorted(dropins)) {
			String n = p.getFileName().toString();
			if (Files.isDirectory(p)) {
				if (Files.isRegularFile(p.resolve("META-INF/MANIFEST.MF"))) {
					add(p, true); // a bundle folder
				} else {
					addPlugins(n.equals("plugins") ? p : p.resolve("plugins"));
					addPlugins(p.resolve("eclipse").resolve("plugins"));
				}
			} else if (n.endsWith(".jar")) {
				add(p, true);
			}
		}
	}

	private void addPlugins(Path plugins) throws IOException {
		if (!Files.isDirectory(plugins)) {
			return;
		}
		for (Path p : sorted(plugins)) {
			if (p.getFileName().toString().endsWith(".jar") || Files.isRegularFile(p.resolve("META-INF/MANIFEST.MF"))) {
				add(p, true);
			}
		}
	}

	private static List<Path> sorted(Path dir) throws IOException {
		List<Path> l = new ArrayList<>();
		try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
			s.forEach(l::add);
		}
		l.sort(Comparator.comparing(p -> p.getFileName().toString()));
		return l;
	}

	private void add(Path location, boolean dropin) {
		Attributes h;
		boolean contributes;
		try {
			byte[] mf = read(location, "META-INF/MANIFEST.MF");
			if (mf == null) {
				if (dropin) {
					fProblems.add(location + ": no META-INF/MANIFEST.MF: not a bundle, ignored");
				}
				return;
			}
			h = new Manifest(new java.io.ByteArrayInputStream(mf)).getMainAttributes();
			byte[] xml = read(location, "plugin.xml");
			contributes = xml != null && CONTRIBUTION
					.matcher(XML_COMMENT.matcher(new String(xml, StandardCharsets.UTF_8)).replaceAll("")).find()
					|| read(location, PROVIDER_SERVICE) != null;
		} catch (IOException e) {
			// the workbench could not load it either
			fProblems.add(location + ": cannot read: " + e.getMessage());
			return;
		}
		String bsn = h.getValue("Bundle-SymbolicName");
		if (bsn == null) {
			return; // a plain jar, not a bundle
		}
		String name = Clause.parse(bsn).get(0).names().get(0);
		String version = h.getValue("Bundle-Version");
		Bundle b = new Bundle(name, version == null ? "0.0.0" : version.strip(), location, h, contributes, fOrder++);
		Bundle old = fByName.get(name);
		if (old == null || compareVersions(b.version(), old.version()) > 0) {
			fByName.put(name, b);
		}
	}

	/** @return the entry's bytes in a jar or bundle folder, null if absent */
	private static byte @Nullable [] read(Path bundle, String entry) throws IOException {
		if (Files.isDirectory(bundle)) {
			Path f = bundle.resolve(entry);
			return Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
		}
		try (ZipFile z = new ZipFile(bundle.toFile())) {
			ZipEntry e = z.getEntry(entry);
			if (e == null) {
				return null;
			}
			try (InputStream in = z.getInputStream(e)) {
				return in.readAllBytes();
			}
		}
	}

	/** OSGi versions: major.minor.micro numerically, then the qualifier as text */
	static int compareVersions(String a, String b) {
		String[] x = a.split("\\.", 4);
		String[] y = b.split("\\.", 4);
		for (int i = 0; i < 3; i++) {
			int c = Long.compare(number(x, i), number(y, i));
			if (c != 0) {
				return c;
			}
		}
		return (x.length > 3 ? x[3] : "").compareTo(y.length > 3 ? y[3] : "");
	}

	private static long number(String[] parts, int i) {
		try {
			return i < parts.length ? Long.parseLong(parts[i].strip()) : 0;
		} catch (NumberFormatException e) {
			return 0;
		}
	}

	// ---------------------------------------------------------------- resolving

	private Result classPath() {
		for (Bundle b : fByName.values()) {
			if (FRAMEWORK.contains(b.name())) {
				continue;
			}
			for (Clause c : b.clauses("Export-Package")) {
				for (String p : c.names()) {
					fExporter.putIfAbsent(p, b);
				}
			}
		}
		Bundle cli = fByName.get(CLI);
		if (cli == null) {
			throw new IllegalStateException("no " + CLI + " bundle installed in " + fProduct);
		}
		Set<Bundle> taken = new LinkedHashSet<>();
		List<String> missing = new ArrayList<>();
		if (!closure(cli, taken, missing)) {
			throw new IllegalStateException(CLI + " cannot run here: " + String.join("; ", missing));
		}
		List<Bundle> candidates = new ArrayList<>(fByName.values());
		candidates.sort(Comparator.comparingInt(Bundle::order));
		for (Bundle b : candidates) {
			if (!b.contributes() || taken.contains(b) || isUi(b)) {
				continue;
			}
			missing.clear();
			Set<Bundle> more = new LinkedHashSet<>(taken);
			if (closure(b, more, missing)) {
				taken = more;
			} else {
				fProblems.add(b.name() + " " + b.version() + " left off the command line: " + String.join("; ", missing));
			}
		}
		// fragments of what is taken join their hosts (a plain class path has no other way to see them)
		boolean grew = true;
		while (grew) {
			grew = false;
			for (Bundle b : candidates) {
				List<Clause> host = b.clauses("Fragment-Host");
				if (taken.contains(b) || host.isEmpty() || isUi(b) || !taken.contains(fByName.get(host.get(0).names().get(0)))) {
					continue;
				}
				Set<Bundle> more = new LinkedHashSet<>(taken);
				missing.clear();
				if (closure(b, more, missing)) {
					taken = more;
					grew = true;
				}
			}
		}
		List<Bundle> ordered = new ArrayList<>(taken);
		ordered.sort(Comparator.comparing((Bundle b) -> !b.name().startsWith("io.feedscope."))
				.thenComparing(b -> b.name().startsWith("io.feedscope.") ? b.name() : "")
				.thenComparingInt(Bundle::order));
		List<Path> cp = new ArrayList<>();
		for (Bundle b : ordered) {
			cp.add(b.location());
			for (Clause c : b.clauses("Bundle-ClassPath")) {
				for (String e : c.names()) {
					if (e.equals(".")) {
						continue;
					}
					if (b.isDirectory()) {
						cp.add(b.location().resolve(e));
					} else {
						fProblems.add(b.name() + ": its inner " + e + " cannot be on a plain class path; unpack the bundle to use it");
					}
				}
			}
		}
		return new Result(List.copyOf(cp), List.copyOf(fProblems));
	}

	/**
	 * Adds {@code root} and every bundle it needs to {@code taken}.
	 *
	 * @return false (with what is missing) if a mandatory requirement is not installed or is a UI bundle
	 */
	private boolean closure(Bundle root, Set<Bundle> taken, List<String> missing) {
		Deque<Bundle> todo = new ArrayDeque<>();
		todo.add(root);
		while (!todo.isEmpty()) {
			Bundle b = todo.poll();
			if (!taken.add(b)) {
				continue;
			}
			for (Clause c : b.clauses("Require-Bundle")) {
				String n = c.names().get(0);
				if (c.optional() || FRAMEWORK.contains(n)) {
					continue;
				}
				Bundle r = fByName.get(n);
				if (r == null || isUi(r)) {
					missing.add(b.name() + " requires bundle " + n + (r == null ? ", which is not installed" : ", a UI bundle"));
				} else {
					todo.add(r);
				}
			}
			for (Clause c : b.clauses("Import-Package")) {
				if (c.optional()) {
					continue;
				}
				for (String p : c.names()) {
					if (fJdkPackages.contains(p) || p.startsWith("java.")) {
						continue;
					}
					Bundle r = fExporter.get(p);
					if (r == b) {
						continue;
					}
					if (r == null) {
						if (!exportedByFramework(p)) {
							missing.add(b.name() + " imports package " + p + ", which no installed bundle exports");
						}
					} else if (isUi(r)) {
						missing.add(b.name() + " imports package " + p + " from " + r.name() + ", a UI bundle");
					} else {
						todo.add(r);
					}
				}
			}
		}
		return missing.isEmpty();
	}

	/** packages of the OSGi framework: absent on a plain class path, and code that runs there copes without them */
	private boolean exportedByFramework(String p) {
		if (p.startsWith("org.osgi.")) {
			return true;
		}
		for (String f : FRAMEWORK) {
			Bundle fw = fByName.get(f);
			if (fw != null) {
				for (Clause c : fw.clauses("Export-Package")) {
					if (c.names().contains(p)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	/** A UI bundle: a toolkit or workbench bundle, or one that cannot work without one. */
	private boolean isUi(Bundle b) {
		Boolean known = fUi.get(b.name());
		if (known != null) {
			return known;
		}
		fUi.put(b.name(), false); // a cycle of requirements decides nothing by itself
		boolean ui = UI_NAME.matcher(b.name()).matches();
		for (Clause c : b.clauses("Require-Bundle")) {
			Bundle r = fByName.get(c.names().get(0));
			ui |= !c.optional() && (UI_NAME.matcher(c.names().get(0)).matches() || r != null && isUi(r));
		}
		for (Clause c : b.clauses("Import-Package")) {
			for (String p : c.names()) {
				ui |= !c.optional() && UI_PACKAGE.matcher(p).matches();
			}
		}
		List<Clause> host = b.clauses("Fragment-Host");
		if (!host.isEmpty()) {
			Bundle h = fByName.get(host.get(0).names().get(0));
			ui |= UI_NAME.matcher(host.get(0).names().get(0)).matches() || h != null && isUi(h);
		}
		fUi.put(b.name(), ui);
		return ui;
	}

	/**
	 * @return a key of the class path and the JDK: changes when any jar is replaced, added or removed, or
	 *         another JDK runs (it names the JDK's AOT cache, which is only valid for the very same jars)
	 */
	static String key(List<Path> classPath) {
		try {
			MessageDigest d = MessageDigest.getInstance("SHA-256");
			StringBuilder b = new StringBuilder();
			b.append(System.getProperty("java.home")).append('\n').append(System.getProperty("java.vm.version")).append('\n');
			for (Path p : classPath) {
				b.append(p).append('\t');
				try {
					BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
					b.append(a.size()).append('\t').append(a.lastModifiedTime().toMillis());
				} catch (IOException e) {
					b.append("absent");
				}
				b.append('\n');
			}
			return HexFormat.of().formatHex(d.digest(b.toString().getBytes(StandardCharsets.UTF_8)), 0, 8);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("no SHA-256 in this JDK", e);
		}
	}
}
