package io.feedscope.dissect.internal;

import java.io.File;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The identity of this JVM's class path, what the command line's caches of contributions are keyed by (the
 * checks', the plug-ins' protocols'): every entry's path, size and modification time, in order. Installing,
 * removing or replacing any jar, or another order, gives another identity. Only for a class path made of jars
 * (a folder of classes, as in development, can change without its time changing): null otherwise.
 */
public final class ClassPathKey {

	private static volatile @Nullable String sIdentity;
	private static volatile boolean sKnown;

	private ClassPathKey() {
	}

	/** @return the identity of {@code java.class.path} (worked out once per JVM), or null when it has no key */
	public static @Nullable String identity() {
		if (!sKnown) {
			sIdentity = identity(System.getProperty("java.class.path", ""));
			sKnown = true;
		}
		return sIdentity;
	}

	/** @return the identity of a class path, or null when it is empty or an entry is not a file */
	static @Nullable String identity(String classPath) {
		if (classPath.isEmpty()) {
			return null;
		}
		// java.io.File rather than NIO's attribute views: the JVM has File loaded already, while the first
		// Files.readAttributes of a run loads and links some 6 ms of classes
		StringBuilder id = new StringBuilder();
		for (String e : classPath.split(File.pathSeparator)) {
			File f = new File(e);
			if (!f.isFile()) {
				return null; // a folder of classes, or an entry that is not there: nothing to key on
			}
			id.append(escape(f.getAbsolutePath())).append(' ').append(f.length()).append(' ').append(f.lastModified())
					.append('\t');
		}
		return id.toString();
	}

	/** a path as one field of a line: backslash, tab and line ends escaped */
	public static String escape(String s) {
		if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
			return s;
		}
		return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
	}
}
