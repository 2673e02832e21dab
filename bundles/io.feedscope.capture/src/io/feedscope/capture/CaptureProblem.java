package io.feedscope.capture;

import java.nio.file.Path;

/**
 * Something in a capture file that could not be read.
 *
 * @param file the file
 * @param offset byte offset in the (uncompressed) file where the damage starts
 * @param frame 1-based number of the frame concerned, 0 if none
 * @param message what is wrong, for a person
 */
public record CaptureProblem(Path file, long offset, int frame, String message) {

	@Override
	public String toString() {
		return file + " at byte " + offset + (frame > 0 ? " (frame " + frame + ")" : "") + ": " + message;
	}
}
