package io.feedscope.capture.live;

import java.io.IOException;

/**
 * A capture could not be started or failed: the message is for people (what, on which interface, and what to
 * do, naming the capability when the capture process lacked it).
 */
public class CaptureException extends IOException {
	private static final long serialVersionUID = 1L;

	public CaptureException(String message) {
		super(message);
	}
}
