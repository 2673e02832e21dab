package io.feedscope.analysis;

/** How bad a finding is; views sort and colour by it. */
public enum Severity {
	/** context worth knowing (a switch-over, a catch-up burst after a freeze) */
	INFO,
	/** something a line or a handler did wrong that cost nothing yet (one line's gap, a freeze) */
	WARNING,
	/** messages lost, on the network or by a handler's decision */
	ERROR
}
