package io.feedscope.capture;

/**
 * The capture was closed (or is closing) while someone wanted to read it: thrown by
 * {@link CaptureFile#lease(Runnable)}, and by readers that stop because their {@link CaptureLease} was
 * canceled. A clean cancellation, not damage: the message names the capture.
 */
public class CaptureClosedException extends IllegalStateException {
	private static final long serialVersionUID = 1L;

	public CaptureClosedException(String message) {
		super(message);
	}
}
