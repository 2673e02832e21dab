/**
 * Feed analysis: streams keyed by protocol and session, their A/B lines, and the checks that run over
 * them (gaps, loss, arbitration replay, line winner, freezes, bursts, A/B latency, duplicates).
 * <p>
 * Fourth stage of the pipeline (capture &rarr; frames &rarr; dissection &rarr; streams &rarr; checks &rarr;
 * views). Input is a stream of {@link io.feedscope.analysis.PacketEvent}s filled by an adapter from the
 * dissector ({@link io.feedscope.analysis.PacketSource}, one per capture, merged by
 * {@link io.feedscope.analysis.CaptureMerger}); nothing here decodes bytes. Depends on nothing but the
 * JDK (the Eclipse extension registry is used only when present), so the CLI and plain JUnit run it
 * without OSGi or SWT.
 * <p>
 * Memory stays flat as captures grow: no object is kept per message or per packet. State per session is
 * merged range lists, counters, bounded windows and histograms; every list in the report is bounded by
 * {@link io.feedscope.analysis.AnalysisOptions#listLimit()}.
 * <h2>The check contract</h2>
 * A check ({@link io.feedscope.analysis.FeedCheck}, contributed in {@code plugin.xml}, see {@code schema/checks.exsd})
 * reads shared state that it cannot change: the packet as a {@link io.feedscope.analysis.PacketView}, the
 * {@link io.feedscope.analysis.PacketFacts}, the lines' and sessions' {@link io.feedscope.analysis.Ranges}; it may
 * declare message fields to read ({@link io.feedscope.analysis.CheckContext#field(String)}) and options in its
 * contribution ({@link io.feedscope.analysis.CheckOption}); it reports {@link io.feedscope.analysis.Finding}s built
 * with a builder and states what the views draw as {@link io.feedscope.analysis.Annotation}s; a plug-in check's JSON
 * members are written under its id.
 * <h2>Typical use</h2>
 * <pre>
 * try (CaptureMerger merger = new CaptureMerger(List.of(sourceA, sourceB))) {
 *     AnalysisResult r = FeedAnalyzer.analyze(merger, CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS);
 *     System.out.print(r.summaryText());
 *     r.writeJson(writer);
 * }
 * </pre>
 * <h2>JSON report</h2>
 * The report's format is {@code "schema": "feedscope-analysis/2"} (its first member), published as JSON
 * Schema (draft 2020-12) in this bundle's {@code schema/feedscope-analysis-2.schema.json}, which describes
 * every member with its unit; the tests validate every report they produce against it. Ranges are
 * inclusive {@code [from, to]} pairs of sequence numbers; frames are 1-based and come with the index of
 * their capture; times are capture nanoseconds since the epoch; {@code malformed_frames} holds objects
 * {@code {"capture", "frame", "time_ns", "problem"}}. Members written by a check are absent when the check
 * is disabled. In outline:
 * <pre>
 * { "schema", "captures": [{"index","name","path","format","frames","first_time_ns","last_time_ns",
 *                            "problem_count", "problems": [{"offset","frame","message"}] (damaged captures only)}],
 *   "frames", "not_feed_frames", "malformed_count", "malformed_frames": [{"capture","frame","time_ns","problem"}],
 *   "headline", "sessions": [{ "protocol", "session", "first_seq", "last_seq", "distinct_messages",
 *     "retransmission_only_messages", "message_types": {"A": n, ...}, "retransmission_packets", "requests",
 *     "lines": [{"name", "destination", "tap_count", "packets", ..., "gaps", "gap_messages",
 *                "taps": {"ordered_by", "points": [...], "hops": [{"upstream","downstream","lost_by_hop",
 *                         "missed_by_downstream_tap","missed_by_upstream_tap","transit_ns": {...}}]}}],
 *     "loss", "loss_messages", "recovered_by_retransmission", "retransmission_requests",
 *     "arbitration": {"first_seq_only": {"gap_timeout_ns", "trashed_packets_with_new_data", ..., "lost",
 *                        "lost_although_delivered", "sweep": [{"gap_timeout_ns","lost_messages","lost"}],
 *                        "safe_gap_timeout_ns"},
 *                     "seq_and_count": {same members but the trashed packets, plus "late_fills"}},
 *     "b_first", "freezes", "bursts", "batching_anomalies", "ab_latency_ns", "session_changes" }],
 *   "findings": [{"severity","check","label","session","line","range","start_ns","end_ns","frames","message"}],
 *   "dropped_findings" }
 * </pre>
 */
@NonNullByDefault
package io.feedscope.analysis;

import org.eclipse.jdt.annotation.NonNullByDefault;
