/**
 * Capture &gt; Start... and Stop, and the live capture's status in the status bar: the workbench never
 * captures itself; dumpcap does ({@link io.feedscope.capture.live.CaptureService}), and the growing capture
 * joins the capture set as a capture still being indexed.
 */
@NonNullByDefault
package io.feedscope.ui.internal.live;

import org.eclipse.jdt.annotation.NonNullByDefault;
