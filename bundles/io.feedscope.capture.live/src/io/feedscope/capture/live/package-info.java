/**
 * Live capture, privilege-separated as Wireshark does it: FeedScope never captures itself; a capture process
 * ({@code dumpcap}) alone holds CAP_NET_RAW/CAP_NET_ADMIN, writes a ring of pcapng files and reports packet
 * counts, new files, drops and errors on its sync pipe; the files are followed as they grow
 * ({@link io.feedscope.capture.GrowingCapture}) and shown as one capture ({@link io.feedscope.capture.live.LiveCapture}).
 * <p>
 * Plain JVM: no SWT, no workbench; the CLI and the workbench use the same {@link io.feedscope.capture.live.CaptureService}.
 */
@NonNullByDefault
package io.feedscope.capture.live;

import org.eclipse.jdt.annotation.NonNullByDefault;
