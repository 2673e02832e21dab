package io.feedscope.ui.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.AnalysisResult;
import io.feedscope.analysis.CaptureMerger;
import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.DissectedPacketSource;
import io.feedscope.analysis.FeedAnalyzer;
import io.feedscope.analysis.FeedLine;
import io.feedscope.analysis.FeedSession;
import io.feedscope.analysis.PacketEvent;
import io.feedscope.analysis.PacketSource;
import io.feedscope.analysis.ReadAheadSource;
import io.feedscope.capture.CaptureFile;
import io.feedscope.dissect.LearnedBindings;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.chart.ChartData;

/**
 * The analysis pass behind the workbench's views: dissects and analyses the captures and fills the per-frame
 * {@link FeedModel} in the same pass, so every frame is dissected once. No job, no display, no preferences: the
 * workbench's {@code AnalysisJob} runs it with the user's checks; a protocol's test runs it as the workbench would.
 */
public final class FeedModelBuilder {

	private FeedModelBuilder() {
	}

	/** A line as the analysis keys it: session, destination group:port and capture interface. */
	private record StreamKey(int session, int ip, int port, int iface) {
	}

	/**
	 * Dissects and analyses the captures and fills the model's columns in the same pass.
	 *
	 * @param captures     the capture set, in its order
	 * @param protocols    the protocols to dissect with
	 * @param options      the analysis's options
	 * @param checks       the checks to run, in report order
	 * @param optionValues their option values, keyed {@code CHECK_ID.OPTION}
	 * @param monitor      progress and cancellation
	 * @return the model, or null when canceled
	 */
	public static @Nullable FeedModel build(List<CaptureFile> captures, ProtocolSet protocols, AnalysisOptions options,
			List<CheckDescriptor> checks, Map<String, String> optionValues, IProgressMonitor monitor) {
		long total = 0;
		for (CaptureFile c : captures) {
			total += c.frameCount();
		}
		monitor.beginTask("Analysing", 1000);
		if (captures.isEmpty()) {
			return new FeedModel(List.of(), new FeedModel.Column[0], new String[0], new String[0], new ChartData(16),
					null);
		}
		List<PacketSource> sources = new ArrayList<>();
		// one set of learned ports for the capture set, kept in the model: the table, the details and the
		// filter dissect the frames again with it (FeedModel.dissector), as this pass saw them
		LearnedBindings learned = new LearnedBindings();
		FeedModel.Column[] columns = new FeedModel.Column[captures.size()];
		int[][] streams = new int[captures.size()][];
		for (int i = 0; i < captures.size(); i++) {
			// the captures are the capture set's: closing the sources must leave them open; each is read and
			// dissected on a thread of its own, one batch ahead of the checks (stopped when the merger closes)
			sources.add(ReadAheadSource.wrap(DissectedPacketSource.borrowing(captures.get(i), protocols, learned)));
			columns[i] = new FeedModel.Column(captures.get(i).frameCount());
			streams[i] = new int[captures.get(i).frameCount()];
		}
		List<String> sessions = new ArrayList<>();
		Map<String, Integer> sessionIds = new HashMap<>();
		Map<StreamKey, Integer> streamIds = new HashMap<>();
		long[] order = new long[(int) Math.min(Integer.MAX_VALUE - 8, total)];
		int n = 0;
		FeedAnalyzer analyzer = new FeedAnalyzer(checks, options, optionValues);
		try (CaptureMerger merger = new CaptureMerger(sources)) {
			for (int i = 0; i < sources.size(); i++) {
				PacketSource s = sources.get(i);
				analyzer.addCapture(i, s.name(), s.path(), s.format());
			}
			// message fields the checks read (a content check's): the sources read them before the first frame
			List<String> fields = analyzer.fieldsRead();
			if (!fields.isEmpty()) {
				for (PacketSource s : sources) {
					s.readFields(fields);
				}
			}
			int done = 0;
			int reported = 0;
			String lastSession = null;
			int lastSessionId = -1;
			while (merger.advance()) {
				PacketEvent e = merger.current();
				int c = e.captureIndex();
				int f = e.frame();
				// dissect's one PacketKind; a retransmission server's DATA (unicast) is an ANSWER for the views
				PacketKind kind = switch (e.kind()) {
				case DATA -> e.unicast() ? PacketKind.ANSWER : PacketKind.DATA;
				case HEARTBEAT, END_OF_SESSION, REQUEST, MALFORMED, ANSWER -> e.kind();
				default -> PacketKind.NOT_FEED;
				};
				int sessionId = -1;
				if (kind != PacketKind.NOT_FEED && !e.session().isEmpty()) {
					String s = e.session();
					if (s == lastSession) { // the source hands out one String per distinct session
						sessionId = lastSessionId;
					} else {
						sessionId = sessionIds.computeIfAbsent(s, k -> {
							sessions.add(k);
							return sessions.size() - 1;
						});
						lastSession = s;
						lastSessionId = sessionId;
					}
				}
				long first = kind == PacketKind.REQUEST ? e.requestSeq() : e.firstSeq();
				int count = kind == PacketKind.REQUEST ? e.requestCount()
						: kind == PacketKind.DATA || kind == PacketKind.ANSWER ? e.messageCount() : 0;
				columns[c].set(f, kind, sessionId, first, count);
				int stream = -1;
				if (sessionId >= 0 && !e.unicast() && kind != PacketKind.REQUEST) {
					// a line is (destination, session, interface), as the analysis keys it: A and B on one group
					// over two NICs are two lines
					StreamKey key = new StreamKey(sessionId, e.destinationIp(), e.destinationPort(), e.interfaceId());
					Integer id = streamIds.get(key);
					if (id == null) {
						id = streamIds.size();
						streamIds.put(key, id);
					}
					stream = id;
				}
				streams[c][f - 1] = stream;
				if (kind != PacketKind.NOT_FEED && n < order.length) {
					order[n++] = ChartData.frameId(c, f);
				}
				analyzer.accept(e);
				if (++done % 8192 == 0) {
					if (monitor.isCanceled()) {
						return null;
					}
					monitor.subTask(done + " of " + total + " frames");
					int permille = (int) (done * 900 / Math.max(1, total));
					if (permille > reported) {
						monitor.worked(permille - reported);
						reported = permille;
					}
				}
			}
		}
		AnalysisResult result = analyzer.finish();
		// name lines as the analysis did: stream -> line letter
		int[] streamLine = new int[streamIds.size()];
		java.util.Arrays.fill(streamLine, FeedModel.NO_LINE);
		int maxLine = -1;
		for (FeedSession s : result.sessions()) {
			Integer sid = sessionIds.get(s.session());
			if (sid == null) {
				sid = sessionIds.get(s.displayName());
			}
			if (sid == null) {
				continue;
			}
			for (FeedLine l : s.lines()) {
				List<Integer> matching = new ArrayList<>();
				for (Map.Entry<StreamKey, Integer> k : streamIds.entrySet()) {
					StreamKey key = k.getKey();
					// a line split by interface (l.interfaceId() >= 0) is one interface's; else every interface's
					if (key.session() == sid && key.ip() == l.destinationIp() && key.port() == l.destinationPort()
							&& (l.interfaceId() < 0 || key.iface() == l.interfaceId())) {
						matching.add(k.getValue());
					}
				}
				for (int st : matching) {
					String name = l.name();
					int li = name.length() == 1 && Character.isUpperCase(name.charAt(0)) ? name.charAt(0) - 'A' : l.index();
					streamLine[st] = li;
					maxLine = Math.max(maxLine, li);
				}
			}
		}
		String[] lineNames = new String[maxLine + 1];
		for (int i = 0; i < lineNames.length; i++) {
			lineNames[i] = String.valueOf((char) ('A' + i));
		}
		int retransLine = Math.max(2, maxLine + 1);
		ChartData chart = new ChartData(n);
		for (int i = 0; i < n; i++) {
			int c = ChartData.captureIndexOf(order[i]);
			int f = ChartData.frameOf(order[i]);
			FeedModel.Column col = columns[c];
			int stream = streams[c][f - 1];
			int line = stream >= 0 ? streamLine[stream] : FeedModel.NO_LINE;
			col.setLine(f, (byte) line);
			PacketKind k = col.kind(f);
			// the chart draws what the model holds; anything else that got an order slot is drawn as malformed
			PacketKind pk = switch (k) {
			case DATA, HEARTBEAT, END_OF_SESSION, REQUEST, ANSWER -> k;
			default -> PacketKind.MALFORMED;
			};
			int chartLine = line >= 0 ? line : retransLine;
			if (k == PacketKind.MALFORMED && (line < 0 || col.firstSeq(f) <= 0)) {
				continue; // nowhere to draw it: no sequence claimed or no line
			}
			if ((k == PacketKind.HEARTBEAT || k == PacketKind.END_OF_SESSION) && line < 0) {
				continue; // unicast heartbeats of the re-request server: not part of any line
			}
			int idx = chart.append(captures.get(c).timestampNanos(f), col.firstSeq(f), col.count(f), chartLine, pk,
					order[i]);
			col.setChartIndex(f, idx);
		}
		monitor.worked(1000);
		return new FeedModel(captures, columns, sessions.toArray(String[]::new), lineNames, chart, result, protocols,
				learned);
	}
}
