package io.feedscope.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.ProtocolSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code feedscope bench}: throughput of indexing (Captures.open), of full decoding through the
 * dissector's fast path (every field of every message with {@link FeedMessage#readFields(long[])}) and
 * of {@code decode}'s JSON Lines rendering (to a null writer), best and median of N runs.
 */
@Command(name = "bench", description = { "Measure indexing, decoding and JSON rendering speed on a capture.", "",
		"Times, N times each (default 5), on FILE (use 1 M frames or more, e.g. from feedscope generate --preset demo "
				+ "--frames 1000000 -o /tmp/x.pcap):",
		"  index   Captures.open: frames/s and MB/s of file",
		"  decode  every frame dissected (a BinaryFILE day file's records in runs), every field of every ITCH message read "
				+ "with the dissector's bulk fast path (FeedMessage.readFields): messages/s, frames/s, MB/s",
		"  jsonl   what feedscope decode does, written to a null writer: messages/s, MB/s of file",
		"and prints the best and the median run. The file should be in the page cache (run twice)." })
final class BenchCommand extends CliCommand {

	@Option(names = "--runs", paramLabel = "N", description = "runs of each (default 5)")
	@Nullable
	String fRuns;

	@Option(names = "--protocol", paramLabel = "FILE", description = { Bindings.PROTOCOL_HELP })
	List<String> fProtocolFiles = new java.util.ArrayList<>();

	@Parameters(paramLabel = "FILE", arity = "0..*", description = "the capture")
	List<String> fFiles = new java.util.ArrayList<>();

	@Override
	int run(PrintStream out, PrintStream err) throws UsageException {
		int runs = 5;
		if (fRuns != null) {
			try {
				runs = Integer.parseInt(fRuns);
			} catch (NumberFormatException e) {
				throw new UsageException("--runs needs a whole number, not '" + fRuns + "'");
			}
			if (runs < 1 || runs > 1000) {
				throw new UsageException("--runs must be between 1 and 1000");
			}
		}
		if (fFiles.size() > 1) {
			throw new UsageException("bench takes one FILE");
		}
		String file = fFiles.isEmpty() ? null : fFiles.get(0);
		List<String> protocolFiles = fProtocolFiles;
		if (file == null) {
			throw new UsageException("no capture FILE given");
		}
		Path path = Path.of(file);
		long size;
		int frames;
		try {
			size = Files.size(path);
			try (CaptureFile c = Captures.open(path)) {
				frames = c.frameCount();
			}
		} catch (IOException | RuntimeException e) {
			err.println("feedscope bench: cannot open " + file + ": " + e.getMessage());
			return 1;
		}
		ProtocolSet set = Bindings.parse(List.of(), protocolFiles).protocols();
		boolean brokenProtocols = Bindings.report(set, err);
		out.printf(Locale.ROOT, "%s: %,d frames, %.1f MB, %d runs each (java %s, %d cpus)%n", file, frames, size / 1e6, runs,
				System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
		try {
			long[] index = new long[runs];
			for (int r = 0; r < runs; r++) {
				long t0 = System.nanoTime();
				try (CaptureFile c = Captures.open(path)) {
					frames = c.frameCount();
				}
				index[r] = System.nanoTime() - t0;
			}
			print(out, "index", index, frames, "frames", size);
			long[] decode = new long[runs];
			long messages = 0;
			long sink = 0;
			try (CaptureFile c = Captures.open(path)) {
				FeedDissector d = new FeedDissector(set);
				long[] values = new long[64];
				for (int r = 0; r < runs; r++) {
					long t0 = System.nanoTime();
					long n = 0;
					for (int f = 1; f <= frames;) {
						// a day file's records in runs (the dissector's fast path for them), other frames one by one
						FeedPacket p = d.dissectFrames(c, f);
						f += p.frameSpan();
						if (p.kind() != PacketKind.DATA) {
							continue;
						}
						FeedMessage m = p.messages();
						while (m.next()) {
							int k = m.readFields(values);
							for (int i = 0; i < k; i++) {
								sink += values[i];
							}
							n++;
						}
					}
					decode[r] = System.nanoTime() - t0;
					messages = n;
				}
				print(out, "decode", decode, messages, "messages", size);
				out.printf(Locale.ROOT, "         (%,d messages; frames/s at the median: %,.0f; checksum %d)%n", messages,
						frames / (median(decode) / 1e9), sink & 0xffff);
				long[] json = new long[runs];
				io.feedscope.filter.packet.PacketRecord record = new io.feedscope.filter.packet.PacketRecord(set);
				for (int r = 0; r < runs; r++) {
					long t0 = System.nanoTime();
					RecordWriter w = new RecordWriter.Json(java.io.OutputStream.nullOutputStream(), set, false, null);
					DecodeCommand.decodeSerial(List.of(c), List.of(file), set, record, null, w, err);
					json[r] = System.nanoTime() - t0;
				}
				print(out, "jsonl", json, messages, "messages", size);
			}
		} catch (IOException e) {
			err.println("feedscope bench: " + file + ": " + e.getMessage());
			return 1;
		}
		return brokenProtocols ? 1 : 0;
	}

	private static long median(long[] t) {
		long[] s = t.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}

	private static void print(PrintStream out, String what, long[] nanos, long units, String unit, long bytes) {
		long best = Arrays.stream(nanos).min().orElse(1);
		long med = median(nanos);
		out.printf(Locale.ROOT, "%-7s best %8.3f s: %,13.0f %s/s %8.1f MB/s | median %8.3f s: %,13.0f %s/s %8.1f MB/s%n", what,
				best / 1e9, units / (best / 1e9), unit, bytes / 1e6 / (best / 1e9), med / 1e9, units / (med / 1e9), unit,
				bytes / 1e6 / (med / 1e9));
	}
}
