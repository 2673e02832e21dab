package io.feedscope.dissect;

/**
 * A UDP port or an inclusive range of them, as bindings write it: {@code 26477}, {@code 26400-26499} (Wireshark's
 * {@code udp.port} range syntax) or {@code 26400..26499} (plugin.xml's {@code udpPorts}). One parser and one range
 * check for the command line's {@code --bind}, plug-in contributions and the description compiler, which each
 * word their own message around the {@link IllegalArgumentException} this throws.
 *
 * @param low first port, 0..65535
 * @param high last port, low..65535
 */
public record PortRange(int low, int high) {

	/** the highest UDP port */
	public static final int MAX = 65535;

	/** @throws IllegalArgumentException unless 0 <= low <= high <= 65535 */
	public PortRange {
		if (!valid(low, high)) {
			throw new IllegalArgumentException("bad port range " + low + ".." + high);
		}
	}

	/** @return whether low..high is a range of UDP ports (0..65535, low first) */
	public static boolean valid(long low, long high) {
		return low >= 0 && high <= MAX && low <= high;
	}

	/**
	 * @param text "N" or "N-M"; with {@code dotted}, "N..M" too (surrounding blanks of each number are ignored)
	 * @param dotted whether ".." separates the ends as well as "-" (plugin.xml's form)
	 * @throws IllegalArgumentException when it is not a port or range within 0..65535, low first
	 */
	public static PortRange parse(String text, boolean dotted) {
		String[] lh = text.trim().split(dotted ? "\\.\\.|-" : "-", -1);
		try {
			int lo = Integer.parseInt(lh[0].trim());
			int hi = lh.length > 1 ? Integer.parseInt(lh[1].trim()) : lo;
			if (lh.length > 2 || !valid(lo, hi)) {
				throw new IllegalArgumentException("a port or range N-M within 0..65535 expected: " + text);
			}
			return new PortRange(lo, hi);
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("a port or range N-M within 0..65535 expected: " + text, e);
		}
	}

	/** @return whether the port is in the range */
	public boolean contains(int port) {
		return port >= low && port <= high;
	}

	/** @return "N" or "N-M", as {@link #parse} reads it */
	@Override
	public String toString() {
		return high != low ? low + "-" + high : Integer.toString(low);
	}
}
