package io.feedscope.dissect;

/**
 * UDP ports bound to a framing protocol because its heuristic recognized a sound packet on them earlier in
 * the capture: Wireshark's conversation binding. One object per set of captures opened together, filled by
 * the pass that reads them front to back (the analysis) and shared by every face that dissects them again
 * (packet table, details, filter), so a malformed frame on a feed's port shows the framing protocol's reason
 * everywhere, not only in the analysis.
 * <p>
 * Indexes refer to {@link ProtocolSet#framingProtocols()} of the set the dissectors were made with: share one
 * object only between dissectors of the same set. Thread-safe: entries are single bytes, written once with
 * the same value by whichever reader sees the port first.
 */
public final class LearnedBindings {

	/** per UDP port, 1 + the index of the framing protocol learned on it, 0 if none */
	final byte[] fPorts = new byte[65536];

	/**
	 * @param port a UDP port
	 * @param set the protocols the dissectors use
	 * @return the framing protocol learned on the port, or null
	 */
	public io.feedscope.dissect.@org.eclipse.jdt.annotation.Nullable Protocol protocol(int port, ProtocolSet set) {
		int f = fPorts[port & 0xffff];
		return f == 0 ? null : set.fFramingArray[f - 1];
	}

	/** @return the number of ports learned so far */
	public int size() {
		int n = 0;
		for (byte b : fPorts) {
			if (b != 0) {
				n++;
			}
		}
		return n;
	}
}
