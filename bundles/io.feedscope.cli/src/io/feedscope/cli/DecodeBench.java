package io.feedscope.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.filter.packet.PacketRecord;

/**
 * Where a message of {@code feedscope decode} goes, stage by stage, in one process (issue 14 section 3). Not a
 * test: prints figures. Run by {@code releng/bench-decode}, or (JDK 25 launches a package-private main):
 *
 * <pre>
 * java -cp JARS io.feedscope.cli.DecodeBench CAPTURE [ROUNDS]
 * </pre>
 *
 * Stages, each a whole pass over the capture, alternated round by round so that the machine's load falls on all of
 * them alike; figures are the calling thread's CPU time (what load on other cores changes least), medians over the
 * rounds, per message: walk and dissect the frames and step through their messages; the same reading every field
 * ({@link FeedMessage#readFields}); decode's writers, JSON Lines and CSV, onto a stream that only counts the bytes
 * (the rendering), the same through the general code only (the fast paths' oracle, what every record took before
 * them), and onto /dev/null through a PrintStream as {@code decode} writes (the copy into the kernel and the
 * writes). Under load the figures are upper bounds.
 */
final class DecodeBench {

	private DecodeBench() {
	}

	/** Counts what it is given and keeps nothing. */
	private static final class Counting extends OutputStream {
		long fBytes;

		@Override
		public void write(int b) {
			fBytes++;
		}

		@Override
		public void write(byte @Nullable [] b, int off, int len) {
			fBytes += len;
		}
	}

	private static final String[] STAGES = { "walk + dissect + messages", "+ readFields", "json, fast path -> counting stream",
			"csv, fast path -> counting stream", "json, general code -> counting stream", "csv, general code -> counting stream",
			"json -> /dev/null (PrintStream)", "csv -> /dev/null (PrintStream)" };

	static void main(String[] args) throws IOException, UsageException {
		if (args.length < 1) {
			System.err.println("usage: DecodeBench CAPTURE [ROUNDS]");
			return;
		}
		Path file = Path.of(args[0]);
		int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		ProtocolSet set = Bindings.parse(List.of(), List.of()).protocols();
		long start = threads.getCurrentThreadCpuTime();
		try (CaptureFile c = Captures.open(file)) {
			long open = threads.getCurrentThreadCpuTime() - start;
			long[][] cpu = new long[STAGES.length][rounds];
			long[] bytes = new long[STAGES.length];
			long messages = 0;
			long[] values = new long[64];
			PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
			for (int r = 0; r < rounds; r++) {
				for (int s = 0; s < STAGES.length; s++) {
					long t0 = threads.getCurrentThreadCpuTime();
					if (s < 2) {
						FeedDissector d = new FeedDissector(set);
						long count = 0, sink = 0;
						for (int f = 1; f <= c.frameCount(); f++) {
							FeedPacket p = d.dissect(c, f);
							sink += c.timestampNanos(f);
							if (!p.kind().carriesMessages()) {
								continue;
							}
							FeedMessage m = p.messages();
							while (m.next()) {
								count++;
								if (s == 1) {
									sink += m.readFields(values) + values[0];
								}
							}
						}
						messages = count;
						if (sink == 42) {
							System.out.print(""); // keeps the reads from being dropped as unused
						}
					} else {
						boolean csv = s % 2 == 1;
						boolean general = s == 4 || s == 5;
						Counting counting = new Counting();
						FileOutputStream devNull = s >= 6 ? new FileOutputStream("/dev/null") : null;
						OutputStream out = devNull != null ? new PrintStream(devNull, false) : counting;
						RecordWriter w = csv ? new RecordWriter.Csv(out, set, false, null, general)
								: new RecordWriter.Json(out, set, false, null, general);
						DecodeCommand.decodeSerial(List.of(c), List.of(file.toString()), set, new PacketRecord(set), null, w, quiet);
						if (devNull != null) {
							devNull.close();
						}
						bytes[s] = counting.fBytes;
					}
					cpu[s][r] = threads.getCurrentThreadCpuTime() - t0;
				}
			}
			System.out.printf("%s: %,d frames, %,d messages; open (frame index): %.0f ms CPU = %.1f ns/msg%n", file, c.frameCount(),
					messages, open / 1e6, (double) open / messages);
			System.out.printf("per message, thread CPU, median of %d alternated rounds (each round's figure in brackets):%n", rounds);
			for (int s = 0; s < STAGES.length; s++) {
				long[] sorted = cpu[s].clone();
				Arrays.sort(sorted);
				StringBuilder each = new StringBuilder();
				for (long t : cpu[s]) {
					each.append(each.length() == 0 ? "" : " ").append(Math.round((double) t / messages));
				}
				System.out.printf("  %-40s %6.1f ns  [%s]%s%n", STAGES[s], (double) sorted[rounds / 2] / messages, each,
						bytes[s] > 0 ? String.format(", %.1f bytes/msg", (double) bytes[s] / messages) : "");
			}
		}
	}
}
