package io.feedscope.capture;

/** Link-layer header types (tcpdump.org LINKTYPE_* values) FeedScope decodes. */
public final class LinkType {
	/** Ethernet II, with optional 802.1Q / 802.1ad tags */
	public static final int ETHERNET = 1;
	/** raw IPv4 or IPv6, no link header */
	public static final int RAW = 101;
	/** Linux cooked capture v1 (16-byte header) */
	public static final int LINUX_SLL = 113;
	/** raw IPv4 */
	public static final int IPV4 = 228;
	/** Linux cooked capture v2 (20-byte header) */
	public static final int LINUX_SLL2 = 276;
	/** no link layer: a NASDAQ BinaryFILE message (FeedScope's own use of a private value) */
	public static final int FEEDSCOPE_BINARY_FILE = 147;

	private LinkType() {
	}
}
