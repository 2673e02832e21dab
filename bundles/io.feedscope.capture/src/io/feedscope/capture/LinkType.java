package io.feedscope.capture;

/** Link-layer header types (tcpdump.org LINKTYPE_* values) FeedScope decodes. */
public final class LinkType {
	/** Ethernet II, with optional 802.1Q / 802.1ad tags */
	public static final int ETHERNET = 1;
	/** DLT_RAW as some writers put it in files (its value on most systems): raw IP, like {@link #RAW} */
	public static final int DLT_RAW = 12;
	/** DLT_RAW as OpenBSD numbers it, also seen in files: raw IP, like {@link #RAW} */
	public static final int DLT_RAW_OPENBSD = 14;
	/** raw IPv4 or IPv6, no link header */
	public static final int RAW = 101;
	/** Linux cooked capture v1 (16-byte header) */
	public static final int LINUX_SLL = 113;
	/** raw IPv4 */
	public static final int IPV4 = 228;
	/** raw IPv6 (listed, not dissected) */
	public static final int IPV6 = 229;
	/** Linux cooked capture v2 (20-byte header) */
	public static final int LINUX_SLL2 = 276;
	/** no link layer: a NASDAQ BinaryFILE message (FeedScope's own use of a private value) */
	public static final int FEEDSCOPE_BINARY_FILE = 147;

	private LinkType() {
	}
}
