package io.feedscope.dissect;

import java.net.URL;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Plain-JVM contribution of a protocol, found with {@link java.util.ServiceLoader} (list the
 * implementation in {@code META-INF/services/io.feedscope.dissect.ProtocolProvider}). In OSGi the same
 * bundle contributes through the extension point {@code io.feedscope.dissect.protocols} instead;
 * both point at the same description resource, so the definitions are identical in both worlds.
 *
 * @deprecated {@code plugin.xml} is read on a plain class path too ({@link ProtocolRegistry#builtIns()}), so one
 *             contribution serves both worlds and a protocol bundle needs no Java. Still honoured, with a warning,
 *             for protocols no plugin.xml contributes.
 */
@Deprecated(since = "1.1")
public interface ProtocolProvider {

	/** @return the protocol's name as written in the description ("itch50") */
	String id();

	/** @return the description resource (e.g. {@code getClass().getResource("/protocols/itch50.fsp")}) */
	URL description();

	/** @return optional helper code, null for none */
	default @Nullable ProtocolHelper helper() {
		return null;
	}
}
