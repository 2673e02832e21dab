/**
 * Capture &gt; Start... and Stop, and the live capture's status in the status bar: the workbench never
 * captures itself; dumpcap does ({@link io.feedscope.capture.live.CaptureService}), and the growing capture
 * joins the capture set as a capture still being indexed.
 * <p>
 * As in {@code io.feedscope.ui.internal}: return types non-null by default, parameters and fields not (the
 * classes override JFace and workbench methods whose parameters carry no null annotations).
 */
@NonNullByDefault({ DefaultLocation.RETURN_TYPE, DefaultLocation.TYPE_ARGUMENT, DefaultLocation.TYPE_BOUND,
		DefaultLocation.ARRAY_CONTENTS })
package io.feedscope.ui.internal.live;

import org.eclipse.jdt.annotation.DefaultLocation;
import org.eclipse.jdt.annotation.NonNullByDefault;
