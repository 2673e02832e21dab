package io.feedscope.filter;

/**
 * A display filter that cannot be compiled. The message is for the user and names the column
 * ("unknown operator '=' at column 14: did you mean '=='?").
 */
public final class FilterSyntaxException extends Exception {
	private static final long serialVersionUID = 1L;

	private final int fColumn;
	private final int fLength;

	/**
	 * @param message complete message for the user, column included
	 * @param column 1-based column of the offending text
	 * @param length length of the offending text (at least 1), for highlighting
	 */
	public FilterSyntaxException(String message, int column, int length) {
		super(message);
		fColumn = column;
		fLength = Math.max(1, length);
	}

	/** @return 1-based column where the problem starts */
	public int column() {
		return fColumn;
	}

	/**
	 * @return the message without its "at column N", for a view that shows the column itself
	 *         ("Column 14: unknown operator '=': did you mean '=='?"), so it is not said twice
	 */
	public String reason() {
		String m = getMessage();
		return m == null ? "" : m.replace(" at column " + fColumn, "");
	}

	/** @return number of characters concerned, at least 1 */
	public int length() {
		return fLength;
	}
}
