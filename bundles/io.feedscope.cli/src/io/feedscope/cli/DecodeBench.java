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
import io.feedscope.capture.FrameChunk;
import io.feedscope.capture.FrameChunks;
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
 * rounds and their least (the host's stolen time only ever adds to a round: when two builds' medians overlap, the
 * least tells first whether a change is more than noise), per message: walk and dissect the frames and step through
 * their messages, frame by frame through the index (the walk before the chunks) and by chunks as decode walks; the
 * same reading every field
 * ({@link FeedMessage#readFields}); decode's writers, JSON Lines and CSV, onto a stream that only counts the bytes
 * (the rendering: their figure less the chunk walk's), the same through the general code only (the fast paths'
 * oracle, what every record took before them), and onto /dev/null as {@code decode} writes to its stdout, a
 * FileOutputStream with no PrintStream (the copy into the kernel and the writes). Under load the figures are
 * upper bounds.
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

	// the frame walk's stages first and the chunk walk's last: the indexes -Dfeedscope.bench.stages takes stay those
	// of the figures kept from before the chunk walk
	private static final String[] STAGES = { "walk + dissect + messages", "+ readFields", "json, fast path -> counting stream",
			"csv, fast path -> counting stream", "json, general code -> counting stream", "csv, general code -> counting stream",
			"json -> /dev/null (as decode writes)", "csv -> /dev/null (as decode writes)", "floor: json's bytes, constant -> /dev/null",
			"floor: csv's bytes, constant -> /dev/null", "chunk walk + dissect + messages", "chunk walk + readFields" };
	/** the first of the chunk walk's own stages */
	private static final int CHUNK_STAGES = 10;

	/** What a walk does with each packet; @return a value the walk sums (so that the reads are not dropped) */
	private interface PacketVisitor {
		long packet(FeedPacket p, long time) throws IOException;
	}

	/**
	 * Walks the capture as decode's serial path does ({@code DecodeCommand.decodeChunks}): the index's records and the
	 * frames' bytes a chunk at a time, each frame dissected from the chunk's array.
	 */
	private static long walkChunks(CaptureFile c, FeedDissector d, PacketVisitor v) throws IOException {
		long sum = 0;
		try (FrameChunks chunks = FrameChunks.of(c)) {
			FrameChunks.Reader reader = chunks.reader();
			FrameChunk chunk = new FrameChunk(DecodeCommand.WALK_CHUNK);
			while (chunks.next(chunk)) {
				boolean loaded = reader.load(chunk);
				byte[] bytes = chunk.bytes();
				for (int i = 0, n = chunk.size(); i < n; i++) {
					FeedPacket p = loaded
							? d.dissect(bytes, chunk.byteOffset(i), chunk.capturedLength(i), chunk.linkType(i), chunk.frame(i))
							: d.dissect(reader.data(chunk, i), chunk.linkType(i), chunk.frame(i));
					sum += v.packet(p, chunk.timestampNanos(i));
				}
			}
		}
		return sum;
	}

	/** @return which stages run: {@code -Dfeedscope.bench.stages=0,2,8} (indexes into the stage list), or all */
	private static boolean[] stages(@Nullable String list) {
		boolean[] run = new boolean[STAGES.length];
		if (list == null || list.isBlank()) {
			Arrays.fill(run, true);
			return run;
		}
		for (String i : list.split(",")) {
			run[Integer.parseInt(i.trim())] = true;
		}
		return run;
	}

	/**
	 * The floor of a decode's writing: the frames walked and dissected and their messages stepped through as decode
	 * does (by chunks), each message's record replaced by a constant line of the records' mean length, written as
	 * decode writes (a 64 KB line onto /dev/null through a FileOutputStream, no PrintStream). What no rendering can go
	 * below.
	 *
	 * @param recordBytes the line's length (0: nothing written, the messages counted)
	 * @return the messages
	 */
	private static long floor(CaptureFile c, ProtocolSet set, int recordBytes) throws IOException {
		FeedDissector d = new FeedDissector(set);
		byte[] line = new byte[1 << 17];
		int[] at = { 0 };
		byte[] record = new byte[recordBytes];
		Arrays.fill(record, (byte) 'x');
		if (recordBytes > 0) {
			record[recordBytes - 1] = '\n';
		}
		try (FileOutputStream out = new FileOutputStream("/dev/null")) {
			long count = walkChunks(c, d, (p, time) -> {
				if (!p.kind().carriesMessages()) {
					return 0;
				}
				long k = 0;
				FeedMessage m = p.messages();
				while (m.next()) {
					k++;
					System.arraycopy(record, 0, line, at[0], record.length);
					at[0] += record.length;
					if (at[0] >= 1 << 16) {
						out.write(line, 0, at[0]);
						at[0] = 0;
					}
				}
				return k;
			});
			out.write(line, 0, at[0]);
			return count;
		}
	}

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
			boolean[] run = stages(System.getProperty("feedscope.bench.stages"));
			// the floors write as many bytes per message as the records: measured once here unless a stage measures them
			if (!run[0] && !run[1] && !run[CHUNK_STAGES] && !run[CHUNK_STAGES + 1]) {
				messages = floor(c, set, 0); // the per-message figures' divisor, counted here when no stage counts it
			}
			int[] recordBytes = new int[2];
			for (int f = 0; f < 2; f++) {
				if (run[8 + f]) {
					Counting counting = new Counting();
					DecodeCommand.decodeSerial(List.of(c), List.of(file.toString()), set, new PacketRecord(set), null,
							f == 1 ? new RecordWriter.Csv(counting, set, false, null) : new RecordWriter.Json(counting, set, false, null), quiet);
					recordBytes[f] = (int) Math.max(2, Math.round((double) counting.fBytes / Math.max(1, floor(c, set, 0))));
				}
			}
			for (int r = 0; r < rounds; r++) {
				for (int s = 0; s < STAGES.length; s++) {
					if (!run[s]) {
						continue;
					}
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
					} else if (s >= CHUNK_STAGES) {
						boolean read = s == CHUNK_STAGES + 1;
						long[] count = { 0 };
						long sink = walkChunks(c, new FeedDissector(set), (p, time) -> {
							long x = time;
							if (p.kind().carriesMessages()) {
								FeedMessage m = p.messages();
								while (m.next()) {
									count[0]++;
									if (read) {
										x += m.readFields(values) + values[0];
									}
								}
							}
							return x;
						});
						messages = count[0];
						if (sink == 42) {
							System.out.print(""); // keeps the reads from being dropped as unused
						}
					} else if (s >= 8) {
						messages = floor(c, set, recordBytes[s - 8]);
					} else {
						boolean csv = s % 2 == 1;
						boolean general = s == 4 || s == 5;
						Counting counting = new Counting();
						FileOutputStream devNull = s >= 6 ? new FileOutputStream("/dev/null") : null;
						OutputStream out = devNull != null ? devNull : counting;
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
			System.out.printf("per message, thread CPU, median and least of %d alternated rounds (each round's figure in brackets):%n",
					rounds);
			for (int s = 0; s < STAGES.length; s++) {
				if (!run[s]) {
					continue;
				}
				long[] sorted = cpu[s].clone();
				Arrays.sort(sorted);
				StringBuilder each = new StringBuilder();
				for (long t : cpu[s]) {
					each.append(each.length() == 0 ? "" : " ").append(Math.round((double) t / messages));
				}
				System.out.printf("  %-40s %6.1f ns  (least %.1f) [%s]%s%n", STAGES[s], (double) sorted[rounds / 2] / messages,
						(double) sorted[0] / messages, each,
						bytes[s] > 0 ? String.format(", %.1f bytes/msg", (double) bytes[s] / messages) : "");
			}
		}
	}
}
