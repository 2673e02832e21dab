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
 * <h2>Typical use</h2>
 * <pre>
 * try (CaptureMerger merger = new CaptureMerger(List.of(sourceA, sourceB))) {
 *     AnalysisResult r = FeedAnalyzer.analyze(merger, CheckRegistry.load().defaultChecks(), AnalysisOptions.DEFAULTS);
 *     System.out.print(r.summaryText());
 *     r.writeJson(writer);
 * }
 * </pre>
 * <h2>JSON report</h2>
 * Ranges are inclusive {@code [from, to]} pairs of sequence numbers; frames are 1-based and come with the
 * index of their capture; times are capture nanoseconds since the epoch. Members written by a check are
 * absent when the check is disabled.
 * <pre>
 * { "captures": [{"index","name","path","format","frames","first_time_ns","last_time_ns"}],
 *   "frames", "not_feed_frames", "malformed_count", "malformed_frames": [{"capture","frame","time_ns","problem"}],
 *   "headline": "3 messages lost by first-seq-only arbitration although both lines delivered them; no true loss; ...",
 *   "sessions": [{ "protocol", "session", "first_seq", "last_seq", "distinct_messages", "message_types": {"A": n, ...},
 *     "retransmission_packets", "requests",
 *     "lines": [{"name", "destination", "taps", "packets", "messages", "heartbeats", "end_of_session",
 *                "duplicate_packets", "duplicate_messages", "reordered_packets", "max_messages_per_packet",
 *                "first_delivered", "gaps": [[f,t]], "gap_messages"}],
 *     "loss": [[f,t]], "loss_messages", "recovered_by_retransmission": [[f,t]],
 *     "retransmission_requests": [{"capture","frame","seq","count","answer_capture","answer_frame"}],
 *     "arbitration": {"first_seq_only": {"trashed_packets_with_new_data": [{"capture","frame","time_ns","line",
 *                        "first_seq","count","first_new_seq"}], "trashed_packets_with_new_data_count",
 *                        "lost": [[f,t]], "lost_although_delivered": [[f,t]], "lost_although_delivered_messages"},
 *                     "seq_and_count": {"lost": [[f,t]], "lost_although_delivered": [[f,t]]}},
 *     "b_first": [[f,t]], "b_first_messages",
 *     "freezes": [{"line","start_ns","end_ns","duration_ns","start_capture","start_frame","end_capture","end_frame",
 *                  "new_messages_on_other_lines"}],   (open freezes: "end_frame": null, "open": true)
 *     "bursts": [{"line","start_ns","end_ns","silence_before_ns","first_seq","last_seq","packets","messages",
 *                 "max_messages_per_packet","mean_messages_per_packet","norm_messages_per_packet",
 *                 "rate_msgs_per_s","norm_rate_msgs_per_s","start_capture","start_frame","end_capture","end_frame"}],
 *     "batching_anomalies",
 *     "ab_latency_ns": {"p50","p99","max","min","samples","exact","unmatched","window",
 *                       "worst": [{"from","to","peak_ns","start_ns","end_ns"}]},
 *     "session_changes": [{"destination","from_session","to_session","time_ns","capture","frame"}] }],
 *   "findings": [{"severity","check","session","line","range":[f,t],"start_ns","end_ns","frames":[[capture,frame]],
 *                 "message"}],
 *   "dropped_findings" }
 * </pre>
 */
@NonNullByDefault
package io.feedscope.analysis;

import org.eclipse.jdt.annotation.NonNullByDefault;
