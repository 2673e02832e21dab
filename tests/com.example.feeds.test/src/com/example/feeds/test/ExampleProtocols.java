package com.example.feeds.test;

import java.net.URL;
import java.util.Objects;

import io.feedscope.dissect.ProtocolProvider;

/**
 * The plain-JVM (command line) route to this bundle's descriptions, through
 * {@code META-INF/services/io.feedscope.dissect.ProtocolProvider}; the workbench reads plugin.xml. Both name
 * the same resources, so the protocols are the same in both. Once the command line reads plugin.xml's
 * protocol contributions itself, these classes and the services file can go: a protocol found both ways
 * compiles to the same protocol under the same name, and the later one replaces the earlier one
 * ({@code ProtocolSet.Builder.add}), so keeping them meanwhile changes nothing.
 */
public final class ExampleProtocols {

	private ExampleProtocols() {
	}

	static URL resource(String name) {
		return Objects.requireNonNull(ExampleProtocols.class.getResource("/protocols/" + name), name);
	}

	/** The Example Feed framing (protocols/exfeed.fsp). */
	public static final class Framing implements ProtocolProvider {
		@Override
		public String id() {
			return "exfeed";
		}

		@Override
		public URL description() {
			return resource("exfeed.fsp");
		}
	}

	/** The Example Quotes messages (protocols/exquote.fsp). */
	public static final class Quotes implements ProtocolProvider {
		@Override
		public String id() {
			return "exquote";
		}

		@Override
		public URL description() {
			return resource("exquote.fsp");
		}
	}
}
