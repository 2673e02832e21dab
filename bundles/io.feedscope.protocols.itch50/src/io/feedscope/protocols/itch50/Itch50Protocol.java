package io.feedscope.protocols.itch50;

import java.net.URL;
import java.util.Objects;

import io.feedscope.dissect.ProtocolProvider;

/** Plain-JVM contribution (ServiceLoader) of protocols/itch50.fsp; OSGi uses plugin.xml. */
public final class Itch50Protocol implements ProtocolProvider {

	@Override
	public String id() {
		return "itch50";
	}

	@Override
	public URL description() {
		return Objects.requireNonNull(Itch50Protocol.class.getResource("/protocols/itch50.fsp"), "itch50.fsp");
	}
}
