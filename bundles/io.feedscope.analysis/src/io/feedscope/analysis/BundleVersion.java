package io.feedscope.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The Bundle-Version of the jar (or source tree) a class was loaded from, read from its manifest: what the command
 * line prints for {@code --version} and what the archive job records as the version that analyzed. Works the same
 * in OSGi and on a plain class path, which is why it reads the manifest rather than asking a bundle context.
 */
public final class BundleVersion {

	private BundleVersion() {
	}

	/**
	 * @return the Bundle-Version as the manifest says it (a development build's ends in ".qualifier"), or null when
	 *         no manifest can be found or it names none
	 */
	public static @Nullable String of(Class<?> type) {
		try {
			CodeSource cs = type.getProtectionDomain().getCodeSource();
			if (cs == null) {
				return null;
			}
			Path p = Path.of(cs.getLocation().toURI());
			Manifest m = null;
			if (Files.isRegularFile(p)) {
				try (JarFile jar = new JarFile(p.toFile())) {
					m = jar.getManifest();
				}
			} else {
				// classes of a source tree (releng/feedscope): bundle/target/classes, the manifest in bundle/META-INF
				for (Path d = p; d != null && m == null; d = d.getParent()) {
					Path f = d.resolve("META-INF/MANIFEST.MF");
					if (Files.isRegularFile(f)) {
						try (InputStream in = Files.newInputStream(f)) {
							m = new Manifest(in);
						}
					}
				}
			}
			return m == null ? null : m.getMainAttributes().getValue("Bundle-Version");
		} catch (IOException | RuntimeException | URISyntaxException e) {
			return null;
		}
	}
}
