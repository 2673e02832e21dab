package io.feedscope.capture;

/** Container formats FeedScope reads. */
public enum CaptureFormat {
	/** libpcap, microsecond timestamps (magic a1b2c3d4 in either byte order) */
	PCAP("pcap"),
	/** libpcap, nanosecond timestamps (magic a1b23c4d in either byte order) */
	PCAP_NS("pcap-ns"),
	/** pcapng (section header block 0a0d0d0a) */
	PCAPNG("pcapng"),
	/** NASDAQ BinaryFILE day file: 2-byte big-endian length + message, no packets */
	BINARY_FILE("binaryfile");

	private final String fId;

	CaptureFormat(String id) {
		fId = id;
	}

	/** @return the id used in reports ("pcap", "pcapng", ...) */
	public String id() {
		return fId;
	}
}
