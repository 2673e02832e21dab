package io.feedscope.dissect;

/** How bad a diagnostic or an expert item is, in Wireshark's order (chat &lt; note &lt; warning &lt; error). */
public enum Severity {
	/** worth knowing, nothing wrong (e.g. end of session) */
	CHAT,
	/** unusual but allowed */
	NOTE,
	/** suspicious: decoding went on, the values may be wrong */
	WARNING,
	/** the bytes break the specification; what follows the fault is not trusted */
	ERROR
}
