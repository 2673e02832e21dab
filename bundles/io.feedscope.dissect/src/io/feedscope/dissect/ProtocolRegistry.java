package io.feedscope.dissect;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Where protocol descriptions come from, before compilation.
 * <ul>
 * <li>In OSGi (the workbench): {@link #getDefault()} reads the extension point
 * {@code io.feedscope.dissect.protocols}; the registry code lives in an internal class that is only
 * loaded when {@code org.eclipse.core.runtime} is present, so this bundle still runs without it.</li>
 * <li>In a plain JVM (the CLI, plain JUnit): {@link #builtIns()} finds {@link ProtocolProvider}s with
 * {@link ServiceLoader}; {@link #add(String, URL)} adds any other description file.</li>
 * </ul>
 * Then {@link #compile()} gives the {@link ProtocolSet} a {@link FeedDissector} needs.
 */
public final class ProtocolRegistry {

	/**
	 * One description to compile.
	 *
	 * @param id protocol name as written in the description
	 * @param description the .fsp resource
	 * @param helper optional helper code
	 * @param ports extra UDP port bindings from the contribution, [low, high] pairs
	 * @param groups extra multicast group bindings from the contribution ("233.54.12.0/24")
	 */
	public record Source(String id, URL description, @Nullable ProtocolHelper helper, List<int[]> ports, List<String> groups) {
		public Source(String id, URL description) {
			this(id, description, null, List.of(), List.of());
		}
	}

	private final List<Source> fSources = new ArrayList<>();

	/** @return a registry with nothing in it */
	public static ProtocolRegistry empty() {
		return new ProtocolRegistry();
	}

	/** @return the built-in protocols of a plain JVM: every {@link ProtocolProvider} on the class path */
	public static ProtocolRegistry builtIns() {
		ClassLoader cl = Thread.currentThread().getContextClassLoader();
		return builtIns(cl != null ? cl : ProtocolRegistry.class.getClassLoader());
	}

	/** @return every {@link ProtocolProvider} a class loader can see */
	public static ProtocolRegistry builtIns(ClassLoader loader) {
		ProtocolRegistry r = new ProtocolRegistry();
		for (ProtocolProvider p : ServiceLoader.load(ProtocolProvider.class, loader)) {
			r.fSources.add(new Source(p.id(), p.description(), p.helper(), List.of(), List.of()));
		}
		return r;
	}

	/**
	 * @return the extension registry's contributions when running in OSGi with the Eclipse runtime,
	 *         otherwise {@link #builtIns()}
	 */
	public static ProtocolRegistry getDefault() {
		try {
			Class.forName("org.eclipse.core.runtime.RegistryFactory", false, ProtocolRegistry.class.getClassLoader());
		} catch (ClassNotFoundException | LinkageError e) {
			return builtIns();
		}
		ProtocolRegistry r = new ProtocolRegistry();
		try {
			// by name, so that neither this class nor a plain-JVM build of it links against the runtime
			Class<?> c = Class.forName("io.feedscope.dissect.internal.osgi.ExtensionProtocols", true, ProtocolRegistry.class.getClassLoader());
			Object found = c.getMethod("readInto", List.class).invoke(null, r.fSources);
			if (!Boolean.TRUE.equals(found)) {
				return builtIns();
			}
		} catch (ReflectiveOperationException | LinkageError e) {
			return builtIns();
		}
		return r;
	}

	/** Adds a description. */
	public ProtocolRegistry add(Source s) {
		fSources.removeIf(x -> x.id().equals(s.id()));
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

	/**
	 * Compiles every description. One that does not compile (or cannot be read) is left out and its
	 * diagnostics are kept in {@link ProtocolSet#diagnostics()}. A description compiled before (same
	 * text, same compiler) is loaded from the on-disk cache instead ({@link ProtocolCache}; system property
	 * {@code feedscope.protocolCache=off} turns it off).
	 *
	 * @return the protocols with the contributions' bindings; add user bindings with {@link ProtocolSet#toBuilder()}
	 */
	public ProtocolSet compile() {
		return compile(ProtocolCache.getDefault());
	}

	/** {@link #compile()} with a given cache of compiled descriptions (tests: a temporary one, or none) */
	ProtocolSet compile(ProtocolCache cache) {
		ProtocolSet.Builder b = ProtocolSet.builder();
		for (Source s : fSources) {
			CompileResult r;
			try {
				r = cache.compile(ProtocolCompiler.sourceName(s.description()), ProtocolCompiler.read(s.description()), s.helper());
			} catch (IOException e) {
				b.diagnostic(new ProtocolDiagnostic(Severity.ERROR, s.description().toString(), 0, 0, "cannot read: " + e.getMessage()));
				continue;
			}
			r.diagnostics().forEach(b::diagnostic);
			Protocol p = r.protocol();
			if (p == null) {
				continue;
			}
			b.add(p);
			try {
				for (int[] pr : s.ports()) {
					b.bindPorts(p.name(), pr[0], pr[1]);
				}
				for (String g : s.groups()) {
					b.bindGroup(p.name(), g);
				}
			} catch (IllegalArgumentException e) {
				// a contribution's bad binding must not take the other protocols down with it
				b.diagnostic(new ProtocolDiagnostic(Severity.ERROR, s.description().toString(), 0, 0,
						"bad binding for " + p.name() + ": " + e.getMessage()));
			}
		}
		return b.build();
	}
}
