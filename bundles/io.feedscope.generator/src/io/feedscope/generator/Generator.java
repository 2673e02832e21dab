package io.feedscope.generator;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.generator.internal.BinaryFileSink;
import io.feedscope.generator.feed.CaptureSink;
import io.feedscope.generator.feed.Json;
import io.feedscope.generator.feed.IntervalSet;
import io.feedscope.generator.internal.ItchSource;

/**
 * Writes a capture for a {@link Scenario}, and next to it the ground truth {@code <file>.truth.json}
 * (see {@link #truthPath(Path)}), optionally the per-frame table {@code <file>.frames.tsv}.
 * <p>
 * Deterministic: the same scenario (seed included) and format give the same bytes. Usage:
 * <pre>
 * Generator.Result r = new Generator(Scenario.preset("incident").seed(7).build())
 *         .format(CaptureFormat.PCAPNG).write(Path.of("incident.pcapng"));
 * </pre>
 */
public final class Generator {

	/**
	 * What was written.
	 *
	 * @param frameTable the per-frame table, or null when not asked for
	 * @param messages ITCH messages generated (each sent once per line, some lost)
	 * @param bytes size of the capture file
	 * @param elapsedNanos wall-clock time of the generation
	 */
	public record Result(Path capture, Path truth, @Nullable Path frameTable, long frames, long messages, long bytes,
			long elapsedNanos) {

		/** @return frames written per second of wall-clock time */
		public double framesPerSecond() {
			return frames * 1e9 / Math.max(1, elapsedNanos);
		}
	}

	/** Columns of the frame table, named as Wireshark's fields so tshark output compares directly. */
	public static final List<String> FRAME_TABLE_COLUMNS = List.of("frame.number", "moldudp64.session",
			"moldudp64.sequence", "moldudp64.count", "moldudp64.msgseq");

	private final Scenario fScenario;
	private CaptureFormat fFormat = CaptureFormat.PCAP;
	private boolean fOverwrite;
	private boolean fFrameTable;
	private List<TapPath.Hop> fHops = List.of();
	private @Nullable Path fDayFile;
	private long[] fBackward = new long[0];

	public Generator(Scenario scenario) {
		fScenario = scenario;
	}

	/**
	 * @param format {@link CaptureFormat#PCAP}, {@link CaptureFormat#PCAP_NS}, {@link CaptureFormat#PCAPNG}, or
	 *        {@link CaptureFormat#BINARY_FILE}: the file is then a NASDAQ BinaryFILE day file of every message the
	 *        scenario generated, in sequence order (gzip'd when its name ends in .gz), and no capture is kept
	 */
	public Generator format(CaptureFormat format) {
		fFormat = format;
		return this;
	}

	/**
	 * @param dayFile also write every generated message, in sequence order, as a NASDAQ BinaryFILE day file
	 *        (gzip'd when its name ends in .gz): the same messages the capture's lines carry, for comparing a day
	 *        file with a capture; null for none. The truth gets a {@code binaryFile} member.
	 */
	public Generator binaryFile(@Nullable Path dayFile) {
		fDayFile = dayFile;
		return this;
	}

	/**
	 * @param sequences messages whose ITCH timestamp the day file gives 1 ms before the previous message's (a
	 *        non-monotonic timestamp at a known place; the capture's messages are untouched); listed in the truth
	 */
	public Generator backwardTimestamps(long... sequences) {
		fBackward = sequences.clone();
		return this;
	}

	/** @param overwrite replace existing files (default: refuse, FileAlreadyExistsException) */
	public Generator overwrite(boolean overwrite) {
		fOverwrite = overwrite;
		return this;
	}

	/**
	 * @param on also write {@link #frameTablePath(Path)}: one row per frame with the columns
	 *        {@link #FRAME_TABLE_COLUMNS}, what a MoldUDP64 dissector must show
	 */
	public Generator frameTable(boolean on) {
		fFrameTable = on;
		return this;
	}

	/**
	 * @param hops one per downstream tap point: the capture is tap 0 and {@link TapPath#tapPath(Path, int)}
	 *        tap k, written through the hops' delays, drops and capture misses; the truth gets a {@code taps}
	 *        member saying what each did (see {@link TapPath})
	 */
	public Generator taps(List<TapPath.Hop> hops) {
		fHops = List.copyOf(hops);
		return this;
	}

	public static Path truthPath(Path capture) {
		return capture.resolveSibling(capture.getFileName() + ".truth.json");
	}

	public static Path frameTablePath(Path capture) {
		return capture.resolveSibling(capture.getFileName() + ".frames.tsv");
	}

	/**
	 * Generates the capture.
	 *
	 * @throws java.nio.file.FileAlreadyExistsException if a file exists and overwrite was not asked for
	 * @throws IOException when writing fails
	 */
	public Result write(Path capture) throws IOException {
		long t0 = System.nanoTime();
		Scenario s = fScenario;
		Path truth = truthPath(capture);
		Path table = fFrameTable ? frameTablePath(capture) : null;
		if (!fOverwrite) {
			for (Path p : new Path[] { capture, truth, table }) {
				if (p != null && Files.exists(p)) {
					throw new java.nio.file.FileAlreadyExistsException(p.toString(), null, "exists (overwrite not allowed)");
				}
			}
			for (int k = 1; k <= fHops.size(); k++) {
				Path p = TapPath.tapPath(capture, k);
				if (Files.exists(p)) {
					throw new java.nio.file.FileAlreadyExistsException(p.toString(), null, "exists (overwrite not allowed)");
				}
			}
		}
		String comment = "FeedScope generator: preset " + s.fName + ", seed " + s.fSeed + ", session " + s.fSession.strip()
				+ "; line A " + s.fGroupA + ":" + s.fPortA + ", line B " + s.fGroupB + ":" + s.fPortB
				+ "; ground truth in " + truth.getFileName();
		List<CaptureSink.Interface> ifaces = List.of(
				new CaptureSink.Interface("tap-a", "line A tap, " + s.fGroupA + ":" + s.fPortA),
				new CaptureSink.Interface("tap-b", "line B tap, " + s.fGroupB + ":" + s.fPortB),
				new CaptureSink.Interface("tap-r", "re-request unicast, server " + s.fRequestServer + ":" + s.fRequestPort));
		boolean dayOnly = fFormat == CaptureFormat.BINARY_FILE;
		if (dayOnly && !fHops.isEmpty()) {
			throw new IllegalArgumentException("tap points are captures: a BinaryFILE has none");
		}
		Path dayFile = dayOnly ? capture : fDayFile;
		if (dayFile != null && !fOverwrite && !dayOnly && Files.exists(dayFile)) {
			throw new java.nio.file.FileAlreadyExistsException(dayFile.toString(), null, "exists (overwrite not allowed)");
		}
		// a day file alone: the scenario's capture is still made (the engine drives the message stream), then dropped
		Path pcap = dayOnly ? Files.createTempFile(capture.toAbsolutePath().getParent(), ".feedscope-generate-", ".pcap")
				: capture;
		Engine e;
		long bytes;
		BinaryFileSink day = null;
		try (CaptureSink sink = new CaptureSink(pcap, dayOnly ? CaptureFormat.PCAP : fFormat, comment, ifaces,
				fOverwrite || dayOnly);
				Writer w = table == null ? null : Files.newBufferedWriter(table, StandardCharsets.US_ASCII, options())) {
			if (w != null) {
				w.write("#" + String.join("\t", FRAME_TABLE_COLUMNS) + "\n");
			}
			e = new Engine(s, sink, w);
			if (dayFile != null) {
				day = new BinaryFileSink(dayFile, fBackward, fOverwrite);
				e.dayFile(day);
			}
			try {
				e.run();
			} catch (java.io.UncheckedIOException x) {
				throw x.getCause();
			}
			if (w != null) {
				w.flush();
			}
			sink.close();
			bytes = sink.bytes();
			if (day != null) {
				day.close();
			}
		} finally {
			if (day != null) {
				day.close();
			}
			if (dayOnly) {
				Files.deleteIfExists(pcap);
			}
		}
		if (dayOnly) {
			bytes = Files.size(capture);
		}
		long elapsed = System.nanoTime() - t0;
		String truthText = truthJson(e, capture, bytes);
		if (day != null && dayFile != null) {
			truthText = truthText.replace("  \"definitions\": ", dayFileJson(dayFile, day) + "  \"definitions\": ");
			if (dayOnly) {
				truthText = truthText.replace("\"linkType\": 1,", "\"linkType\": " + io.feedscope.capture.LinkType.FEEDSCOPE_BINARY_FILE + ",");
			}
		}
		if (!fHops.isEmpty()) {
			String taps = TapPath.write(capture, fFormat, s, fHops, fOverwrite);
			truthText = truthText.replace("  \"definitions\": ", taps + "  \"definitions\": ");
		}
		Files.writeString(truth, truthText, StandardCharsets.UTF_8, options());
		return new Result(capture, truth, table, e.fFrameNo, e.fStream.last(), bytes, elapsed);
	}

	/** The truth's {@code binaryFile} member: what the day file holds. */
	private String dayFileJson(Path dayFile, BinaryFileSink day) {
		long[] back = fBackward.clone();
		Arrays.sort(back);
		StringBuilder b = new StringBuilder("  \"binaryFile\": {\"file\": ").append(str(dayFile.getFileName().toString()))
				.append(", \"messages\": ").append(day.messages()).append(", \"bytes\": ").append(day.bytes())
				.append(", \"firstSequence\": 1, \"lastSequence\": ").append(day.messages())
				.append(", \"timestampsBackward\": [");
		boolean first = true;
		for (long q : back) {
			if (q > 1 && q <= day.messages()) {
				b.append(first ? "" : ", ").append(q);
				first = false;
			}
		}
		return b.append("], \"backwardNs\": 1000000, \"note\": ")
				.append(str("message i of the file is sequence i; a message listed in timestampsBackward carries a timestamp "
						+ "1 ms before the previous message's (clamped at 0)"))
				.append("},\n").toString();
	}

	private StandardOpenOption[] options() {
		return fOverwrite
				? new StandardOpenOption[] { StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
						StandardOpenOption.WRITE }
				: new StandardOpenOption[] { StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE };
	}

	private String truthJson(Engine e, Path capture, long bytes) {
		Scenario s = fScenario;
		long last = e.fStream.last();
		StringBuilder b = new StringBuilder(4096);
		b.append("{\n  \"format\": \"feedscope-generator-truth\",\n  \"version\": 1,\n");
		b.append("  \"capture\": ").append(str(capture.getFileName().toString())).append(",\n");
		b.append("  \"captureFormat\": ").append(str(fFormat.id())).append(",\n");
		b.append("  \"linkType\": 1,\n  \"snaplen\": ").append(CaptureSink.SNAPLEN).append(",\n");
		b.append("  \"bytes\": ").append(bytes).append(",\n");
		b.append("  \"scenario\": {\"preset\": ").append(str(s.fName)).append(", \"seed\": ").append(s.fSeed)
				.append(", \"frames\": ").append(s.fFrames).append(", \"durationNs\": ").append(s.fDurationNanos)
				.append(", \"rate\": ").append((long) s.fRate).append(", \"symbols\": ").append(s.fSymbols)
				.append(", \"vlans\": ").append(Arrays.toString(s.fVlans)).append(", \"udpChecksums\": ")
				.append(s.fUdpChecksums).append("},\n");
		b.append("  \"session\": ").append(str(s.fSession)).append(",\n");
		b.append("  \"frames\": ").append(e.fFrameNo).append(",\n");
		b.append("  \"firstTimeNs\": ").append(e.fTruth.fFirstTime).append(",\n  \"lastTimeNs\": ").append(e.fTruth.fLastTime).append(",\n");
		b.append("  \"midnightNs\": ").append(s.fMidnightEpochNanos).append(",\n");
		b.append("  \"messages\": {\"firstSequence\": 1, \"lastSequence\": ").append(last).append(", \"byType\": {");
		ItchSource itch = e.itch();
		for (int i = 0; i < ItchSource.TYPES.length(); i++) {
			char c = ItchSource.TYPES.charAt(i);
			b.append(i > 0 ? ", " : "").append('"').append(c).append("\": ").append(itch.count(c));
		}
		b.append("}},\n");
		b.append("  \"lines\": [\n");
		String[][] addr = { { s.fGroupA, "" + s.fPortA, s.fSourceA }, { s.fGroupB, "" + s.fPortB, s.fSourceB } };
		for (int l = 0; l < 2; l++) {
			IntervalSet d = e.fTruth.fDelivered[l];
			b.append("    {\"line\": \"").append(TruthRecorder.lineName(l)).append("\", \"group\": ").append(str(addr[l][0]))
					.append(", \"port\": ").append(addr[l][1]).append(", \"source\": ").append(str(addr[l][2]))
					.append(", \"sourcePort\": ").append(Integer.parseInt(addr[l][1]) - 1000 + l)
					.append(", \"pcapngInterface\": ").append(l).append(", \"frames\": ").append(e.fTruth.fLineFrames[l])
					.append(", \"heartbeats\": ").append(e.fTruth.fHeartbeats[l]).append(", \"endOfSessionFrame\": ")
					.append(e.fTruth.fEosFrames[l]).append(",\n      \"delivered\": ").append(d.toJson())
					.append(",\n      \"lost\": ").append(d.complement(last).toJson()).append("}")
					.append(l == 0 ? ",\n" : "\n");
		}
		b.append("  ],\n");
		IntervalSet either = new IntervalSet();
		for (int l = 0; l < 2; l++) {
			IntervalSet d = e.fTruth.fDelivered[l];
			for (int i = 0; i < d.size(); i++) {
				either.add(d.from(i), d.to(i));
			}
		}
		IntervalSet bothLost = either.complement(last);
		b.append("  \"lostOnBothLines\": ").append(bothLost.toJson()).append(",\n");
		b.append("  \"recoveredByRetransmission\": ").append(bothLost.intersect(e.fTruth.fDelivered[2]).toJson()).append(",\n");
		b.append("  \"neverDelivered\": ").append(bothLost.minus(e.fTruth.fDelivered[2], last).toJson()).append(",\n");
		b.append("  \"unicast\": {\"server\": ").append(str(s.fRequestServer + ":" + s.fRequestPort))
				.append(", \"client\": ").append(str(s.fClient + ":" + s.fClientPort)).append(", \"frames\": ")
				.append(e.fTruth.fLineFrames[2]).append(", \"pcapngInterface\": 2},\n");
		list(b, "freezes", e.fTruth.fFreezes);
		list(b, "straddlingFrames", e.fTruth.fStraddles);
		list(b, "losses", e.fTruth.fLosses);
		list(b, "retransmissions", e.fTruth.fRetrans);
		list(b, "duplicates", e.fTruth.fDuplicates);
		list(b, "reordered", e.fTruth.fReorders);
		list(b, "malformed", e.fTruth.fMalformed);
		list(b, "quietPeriods", e.fTruth.fQuiet);
		b.append("  \"heartbeatFrames\": [").append(e.fTruth.fHeartbeatFrames.toString().replace(",\n    ", ", "))
				.append("],\n");
		b.append("  \"endOfSessionFrames\": [");
		boolean first = true;
		for (int f : e.fTruth.fEosFrames) {
			if (f > 0) {
				b.append(first ? "" : ", ").append(f);
				first = false;
			}
		}
		b.append("],\n");
		b.append("  \"definitions\": {\"straddling\": ")
				.append(str("a downstream frame whose first message sequence is at or below the highest sequence "
						+ "delivered by any line in earlier frames and whose last is above it"))
				.append(", \"delivered\": ").append(str("sequences of complete message blocks in captured frames"))
				.append(", \"timeNs\": ").append(str("capture time as stored in the file, ns since the Unix epoch"))
				.append("}\n}\n");
		return b.toString();
	}

	private static void list(StringBuilder b, String name, StringBuilder items) {
		b.append("  \"").append(name).append("\": [");
		if (items.length() > 0) {
			b.append("\n    ").append(items).append("\n  ");
		}
		b.append("],\n");
	}

	static String str(String v) {
		return Json.str(v);
	}
}
