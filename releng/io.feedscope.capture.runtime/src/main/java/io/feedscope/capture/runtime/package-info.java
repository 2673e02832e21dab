/**
 * FeedScope's pcap4j capture process: a small program of its own (not a bundle, not the workbench's JVM)
 * that captures into pcapng files and reports on dumpcap's sync pipe.
 */
@NonNullByDefault
package io.feedscope.capture.runtime;

import org.eclipse.jdt.annotation.NonNullByDefault;
