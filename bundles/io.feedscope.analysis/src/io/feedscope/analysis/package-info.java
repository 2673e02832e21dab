/**
 * Feed analysis: streams keyed by protocol and session, their A/B lines, and the checks that run over
 * them (gaps, loss, arbitration replay, line winner, freezes, bursts, A/B latency, duplicates).
 * <p>
 * Fourth stage of the pipeline (capture &rarr; frames &rarr; dissection &rarr; streams &rarr; checks &rarr;
 * views). Input is a stream of {@link io.feedscope.analysis.PacketEvent}s filled by an adapter from the
 * dissector; nothing here decodes bytes. Depends on nothing but the JDK (the Eclipse extension registry
 * is used only when present), so the CLI and plain JUnit run it without OSGi or SWT.
 * <p>
 * Memory stays flat as captures grow: no object is kept per message or per packet. State per session is
 * merged range lists, counters, bounded windows and histograms.
 */
@NonNullByDefault
package io.feedscope.analysis;

import org.eclipse.jdt.annotation.NonNullByDefault;
