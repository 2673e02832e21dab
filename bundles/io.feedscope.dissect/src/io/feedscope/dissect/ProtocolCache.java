package io.feedscope.dissect;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.CRC32;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.dissect.internal.CacheFiles;
import io.feedscope.dissect.internal.lang.DescriptionCompiler;

/**
 * Compiled protocols kept on disk between runs, so that a command-line run does not parse descriptions
 * (ANTLR) or build their models (EMF) again: both are cold code in a fresh JVM and cost a few hundred
 * milliseconds, more than analyzing a 300,000-frame capture. The flat layouts are what the decoder runs
 * from, so they are what is stored; the model is rebuilt from the text only if someone asks for it.
 * <p>
 * A cache file is used only if its description text is the same, character for character, and it was
 * written by the same compiler (a checksum of the compiler's class files, which changes with any change
 * to the compiler or the layouts). Anything else (no file, another text, another compiler, a damaged or
 * cut file, a directory that cannot be written) means: compile as if there were no cache. The cache can
 * never change what a description means, only how fast it is loaded.
 * <p>
 * Where: the system property {@code feedscope.protocolCache} (a directory, or {@code off}), else
 * {@code $XDG_CACHE_HOME/feedscope/protocols}, else {@code ~/.cache/feedscope/protocols}. Files are
 * replaced atomically, so concurrent runs never read half a file.
 */
final class ProtocolCache {

	private static final int MAGIC = 0x46535043; // "FSPC"
	private static final int FORMAT = 1;
	private static final String PROPERTY = "feedscope.protocolCache";

	private static volatile long sFingerprint;
	/** the class files whose bytes make the compiler fingerprint */
	static final String[] COMPILER_CLASSES = { "/io/feedscope/dissect/Protocol.class", "/io/feedscope/dissect/FieldInfo.class",
			"/io/feedscope/dissect/ModelLowering.class", "/io/feedscope/dissect/ProtocolCache.class",
			"/io/feedscope/dissect/internal/lang/DescriptionCompiler.class",
			"/io/feedscope/dissect/internal/lang/parser/FeedProtoParser.class",
			"/io/feedscope/dissect/internal/model/ProtocolModel.class" };

	private final @Nullable Path fDir;

	ProtocolCache(@Nullable Path dir) {
		fDir = dir;
	}

	/** @return the cache the system property or the user's cache directory names; may be disabled */
	static ProtocolCache getDefault() {
		String p = System.getProperty(PROPERTY);
		if (p != null && !p.isBlank()) {
			return new ProtocolCache(p.trim().equalsIgnoreCase("off") ? null : Path.of(p.trim()));
		}
		String xdg = System.getenv("XDG_CACHE_HOME");
		Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home", "."), ".cache");
		return new ProtocolCache(base.resolve("feedscope").resolve("protocols"));
	}

	/** @return the directory, or null if the cache is off */
	@Nullable
	Path directory() {
		return fDir;
	}

	/**
	 * Compiles a description, or loads its compiled form when an identical text was compiled before by
	 * this compiler.
	 */
	CompileResult compile(String sourceName, String text, @Nullable ProtocolHelper helper) {
		Path file = file(sourceName, text);
		if (file != null) {
			CompileResult cached = load(file, sourceName, text, helper);
			if (cached != null) {
				return cached;
			}
		}
		CompileResult r = ProtocolCompiler.compile(sourceName, text, helper, false);
		Protocol p = r.protocol();
		if (file != null && p != null) {
			store(file, text, p, r.diagnostics());
		}
		return r;
	}

	private @Nullable Path file(String sourceName, String text) {
		Path dir = fDir;
		if (dir == null) {
			return null;
		}
		String safe = sourceName.replaceAll("[^A-Za-z0-9._-]", "_");
		return dir.resolve(safe + "-" + Integer.toHexString(text.hashCode()) + ".fspc");
	}

	private static @Nullable CompileResult load(Path file, String sourceName, String text, @Nullable ProtocolHelper helper) {
		if (!Files.isRegularFile(file)) {
			return null;
		}
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
			if (in.readInt() != MAGIC || in.readInt() != FORMAT || in.readLong() != fingerprint()
					|| !readLongString(in).equals(text)) {
				return null;
			}
			List<ProtocolDiagnostic> diags = new ArrayList<>();
			int n = count(in);
			for (int k = 0; k < n; k++) {
				diags.add(new ProtocolDiagnostic(Severity.valueOf(in.readUTF()), in.readUTF(), in.readInt(), in.readInt(), in.readUTF()));
			}
			byte[] image = new byte[count(in)];
			in.readFully(image);
			Protocol p = new Protocol(image, helper, new ModelSource(sourceName, text), null);
			if (in.readInt() != MAGIC) {
				return null; // written by a build whose layout writer differed: do not trust it
			}
			return new CompileResult(p, List.copyOf(diags));
		} catch (IOException | RuntimeException e) {
			// damaged, cut or foreign: the description is compiled instead and the file rewritten
			return null;
		}
	}

	/**
	 * Rebuilds a cached protocol's model from its text. A class rather than a lambda: linking a lambda
	 * that returns an EMF type would load EMF (a signed jar, verified on first load) on every run.
	 */
	private static final class ModelSource implements Supplier<EObject> {
		private final String fSourceName;
		private final String fText;

		ModelSource(String sourceName, String text) {
			fSourceName = sourceName;
			fText = text;
		}

		@Override
		public EObject get() {
			DescriptionCompiler.Result r = DescriptionCompiler.compile(fSourceName, fText);
			EObject m = r.protocol();
			if (m == null) {
				throw new IllegalStateException(fSourceName + " compiled before but not now: " + r.diagnostics());
			}
			return m;
		}
	}

	/**
	 * @return a protocol of a plug-ins' snapshot ({@link PluginSnapshot}): its layouts from the image, its model
	 *         rebuilt from the description (read from its jar then) only if someone asks for it
	 */
	static Protocol fromSnapshot(byte[] image, String sourceName, java.net.URL description) throws IOException {
		return new Protocol(image, null, new DescriptionModelSource(sourceName, description), null);
	}

	/** {@link ModelSource} for a description not read yet (a class rather than a lambda: see there). */
	private static final class DescriptionModelSource implements Supplier<EObject> {
		private final String fSourceName;
		private final java.net.URL fDescription;

		DescriptionModelSource(String sourceName, java.net.URL description) {
			fSourceName = sourceName;
			fDescription = description;
		}

		@Override
		public EObject get() {
			String text;
			try {
				text = PluginSnapshot.text(fDescription);
			} catch (IOException e) {
				throw new IllegalStateException(fSourceName + " compiled before but cannot be read now: " + e.getMessage(), e);
			}
			return new ModelSource(fSourceName, text).get();
		}
	}

	private static void store(Path file, String text, Protocol p, List<ProtocolDiagnostic> diags) {
		try {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
			DataOutputStream out = new DataOutputStream(bytes);
			out.writeInt(MAGIC);
			out.writeInt(FORMAT);
			out.writeLong(fingerprint());
			writeLongString(out, text);
			out.writeInt(diags.size());
			for (ProtocolDiagnostic d : diags) {
				out.writeUTF(d.severity().name());
				out.writeUTF(d.source());
				out.writeInt(d.line());
				out.writeInt(d.column());
				out.writeUTF(d.message());
			}
			byte[] image = p.image();
			out.writeInt(image.length);
			out.write(image);
			out.writeInt(MAGIC);
			out.flush();
			CacheFiles.replace(file, ".fspc", bytes);
		} catch (IOException | RuntimeException e) {
			// a cache that cannot be written only costs speed
		}
	}

	/**
	 * A checksum of the class files that decide what a compiled protocol contains: the compiler, the
	 * layouts and this writer. Any change to them makes old cache files unusable.
	 */
	static long fingerprint() {
		long f = sFingerprint;
		if (f != 0) {
			return f;
		}
		CRC32 crc = new CRC32();
		byte[] buf = new byte[8192];
		for (String c : COMPILER_CLASSES) {
			try (InputStream in = ProtocolCache.class.getResourceAsStream(c)) {
				if (in == null) {
					crc.update(c.getBytes(StandardCharsets.UTF_8));
					continue;
				}
				int n;
				while ((n = in.read(buf)) > 0) {
					crc.update(buf, 0, n);
				}
			} catch (IOException e) {
				crc.update(c.getBytes(StandardCharsets.UTF_8));
			}
		}
		f = crc.getValue() | 1L << 40; // never 0, the "not computed yet" mark
		sFingerprint = f;
		return f;
	}

	// ---- small codec helpers shared by Protocol and FieldInfo

	static int count(DataInput in) throws IOException {
		int n = in.readInt();
		if (n < 0 || n > 1 << 24) {
			throw new IOException("bad count " + n);
		}
		return n;
	}

	static void writeInts(DataOutput out, int[] a) throws IOException {
		out.writeInt(a.length);
		for (int v : a) {
			out.writeInt(v);
		}
	}

	static int[] readInts(DataInput in) throws IOException {
		int[] a = new int[count(in)];
		for (int k = 0; k < a.length; k++) {
			a[k] = in.readInt();
		}
		return a;
	}

	static void writeLongs(DataOutput out, long[] a) throws IOException {
		out.writeInt(a.length);
		for (long v : a) {
			out.writeLong(v);
		}
	}

	static long[] readLongs(DataInput in) throws IOException {
		long[] a = new long[count(in)];
		for (int k = 0; k < a.length; k++) {
			a[k] = in.readLong();
		}
		return a;
	}

	static void writeStrings(DataOutput out, String[] a) throws IOException {
		out.writeInt(a.length);
		for (String s : a) {
			writeLongString(out, s);
		}
	}

	static String[] readStrings(DataInput in) throws IOException {
		String[] a = new String[count(in)];
		for (int k = 0; k < a.length; k++) {
			a[k] = readLongString(in);
		}
		return a;
	}

	/** UTF-8 with an int length: descriptions and doc strings can exceed writeUTF's 64 KB */
	static void writeLongString(DataOutput out, String s) throws IOException {
		byte[] b = s.getBytes(StandardCharsets.UTF_8);
		out.writeInt(b.length);
		out.write(b);
	}

	static String readLongString(DataInput in) throws IOException {
		byte[] b = new byte[count(in)];
		in.readFully(b);
		return new String(b, StandardCharsets.UTF_8);
	}
}
