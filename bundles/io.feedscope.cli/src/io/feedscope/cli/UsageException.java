package io.feedscope.cli;

/** Wrong command-line arguments; the message names the argument. Exit code 2. */
public final class UsageException extends Exception {
	private static final long serialVersionUID = 1L;

	public UsageException(String message) {
		super(message);
	}
}
