package io.feedscope.protocols.moldudp64;

import java.net.URL;
import java.util.Objects;

import io.feedscope.dissect.ProtocolProvider;

/**
 * Plain-JVM contributions of this bundle (ServiceLoader); OSGi uses plugin.xml. Both point at the
 * same description resources in {@code protocols/}.
 */
public final class MoldProtocols {

	private MoldProtocols() {
	}

	static URL resource(String name) {
		return Objects.requireNonNull(MoldProtocols.class.getResource("/protocols/" + name), name);
	}

	/** MoldUDP64 (protocols/moldudp64.fsp). */
	public static final class MoldUdp64 implements ProtocolProvider {
		@Override
		public String id() {
			return "moldudp64";
		}

		@Override
		public URL description() {
			return resource("moldudp64.fsp");
		}
	}

	/** Legacy MoldUDP (protocols/moldudp.fsp). */
	public static final class MoldUdp implements ProtocolProvider {
		@Override
		public String id() {
			return "moldudp";
		}

		@Override
		public URL description() {
			return resource("moldudp.fsp");
		}
	}
}
