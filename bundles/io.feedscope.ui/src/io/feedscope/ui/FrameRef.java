package io.feedscope.ui;

/**
 * A frame of the open capture set: which capture (index in {@link CaptureSet#captures()}) and its
 * 1-based frame number. What every view selects by, so a frame is the same thing in all of them.
 */
public record FrameRef(int capture, int frame) {
}
