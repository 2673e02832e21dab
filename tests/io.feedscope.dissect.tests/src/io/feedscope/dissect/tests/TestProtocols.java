package io.feedscope.dissect.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

import io.feedscope.dissect.CompileResult;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolCompiler;
import io.feedscope.dissect.ProtocolSet;

/** The shipped descriptions, compiled once (they must compile without a single diagnostic). */
final class TestProtocols {

	static final Protocol MOLDUDP64 = compile(entry("io.feedscope.protocols.moldudp64", "protocols/moldudp64.fsp"));
	static final Protocol MOLDUDP = compile(entry("io.feedscope.protocols.moldudp64", "protocols/moldudp.fsp"));
	static final Protocol ITCH50 = compile(entry("io.feedscope.protocols.itch50", "protocols/itch50.fsp"));

	/** A description in a protocol bundle (they hold no Java: the test reaches the file through the framework). */
	static URL entry(String bundle, String path) {
		org.osgi.framework.Bundle b = org.eclipse.core.runtime.Platform.getBundle(bundle);
		assertNotNull(b, bundle + " not installed");
		URL url = b.getEntry(path);
		assertNotNull(url, bundle + "/" + path);
		return url;
	}

	private TestProtocols() {
	}

	static Protocol compile(URL url) {
		try {
			CompileResult r = ProtocolCompiler.compile(url);
			assertTrue(r.diagnostics().isEmpty(), () -> url + ": " + r.diagnostics());
			Protocol p = r.protocol();
			assertNotNull(p);
			return p;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** MoldUDP64 + MoldUDP + ITCH 5.0, description bindings only (heuristics). */
	static ProtocolSet standard() {
		return ProtocolSet.builder().add(MOLDUDP64).add(MOLDUDP).add(ITCH50).build();
	}

	/** Same, plus a user binding of UDP port {@code port} to MoldUDP64. */
	static ProtocolSet boundTo(int port) {
		return standard().toBuilder().bindPorts("moldudp64", port, port).build();
	}
}
