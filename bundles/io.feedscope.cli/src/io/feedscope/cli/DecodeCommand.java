package io.feedscope.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureProblem;
import io.feedscope.capture.Captures;
import io.feedscope.capture.FrameChunk;
import io.feedscope.capture.FrameChunks;
import io.feedscope.capture.PacketLayers;
import io.feedscope.dissect.ExpertItem;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.filter.DisplayFilter;
import io.feedscope.filter.FilterSyntaxException;
import io.feedscope.filter.packet.PacketFields;
import io.feedscope.filter.packet.PacketRecord;

/**
 * {@code feedscope decode}: one record per feed message, as JSON Lines or CSV, optionally filtered. It knows
 * no protocol by name: the keys are the installed descriptions' field names, the framing's session and
 * sequence are found by their roles.
 */
final class DecodeCommand extends CliCommand {

	// the options, as picocli sets them (model() says which is which)
	String fFormat = "jsonl";
	@Nullable
	String fFilter;
	@Nullable
	String fProtocolFields;
	List<String> fBinds = new ArrayList<>();
	List<String> fProtocolFiles = new ArrayList<>();
	boolean fFrames;
	List<String> fFiles = new ArrayList<>();

	/**
	 * The everyday command lines of decode, read without picocli, as {@link AnalyzeCommand#plainArguments} reads
	 * analyze's: {@code decode [--format F] [--filter EXPR] [--protocol-fields NAME] [--frames] FILE...} in any order
	 * ({@link #readPlain}).
	 * picocli's parser costs decode more than analyze: it is the only user of picocli in such a run, so its ~150
	 * classes, its built-in converters (java.sql, java.time) and the spun lambdas of every command's model were
	 * loaded for a command line of two words, about 0.2 s of process CPU of a run on one core (measured against
	 * analyze of the same tiny capture read either way). Anything else (--bind, --protocol, {@code --}, an
	 * {@code @file}, a value that starts with '-' or '@', no file, {@code --format=csv}, help) returns null and
	 * picocli reads the whole line, with its usage errors and help ({@code DecodeFastArgumentsTest} holds the two to
	 * each other).
	 *
	 * @param args the whole command line, {@code args[0]} being {@code decode}
	 * @return the command with its fields set, or null when picocli must read these arguments
	 */
	static @Nullable DecodeCommand plainArguments(String[] args) {
		if (args.length < 2 || !args[0].equals("decode")) {
			return null;
		}
		DecodeCommand c = new DecodeCommand();
		return readPlain(args, c, c.fFiles);
	}

	@Override
	boolean plainFlag(String name) {
		if (name.equals("--frames")) {
			fFrames = true;
			return true;
		}
		return false;
	}

	@Override
	boolean plainValued(String name) {
		return switch (name) {
		case "--format", "--filter", "--protocol-fields" -> true;
		default -> false;
		};
	}

	@Override
	void setPlain(String name, String value) {
		switch (name) {
		case "--format" -> fFormat = value;
		case "--filter" -> fFilter = value;
		case "--protocol-fields" -> fProtocolFields = value;
		default -> super.setPlain(name, value);
		}
	}

	/** The command's options, arguments and help, in code (start-up: see {@link CommandModel}). */
	@Override
	CommandSpec model() {
		CommandSpec spec = CommandModel.command("decode", this,
				"Print every feed message of captures as JSON Lines or CSV, with a display filter.", "",
				"Prints one record per message of the feed protocols the captures carry (the installed descriptions, listed below), "
						+ "found in their framing protocols' packets. Several files are merged by capture time. Frames that are not "
						+ "feed data are skipped; malformed frames and expert items go to stderr as \"FILE: frame N: ...\" and "
						+ "decoding goes on. Exit code 1 if a file cannot be opened (the others are still decoded), 2 for wrong "
						+ "arguments.");
		// the record's layout as the command's footer: what the man page (picocli-codegen) shows; --help shows it
		// through customize(), raw (picocli would wrap its table at the usage width) and with the installed protocols
		spec.usageMessage().footer(RECORD, "installed protocols: feedscope decode --help and feedscope protocols list them");
		spec.addOption(CommandModel.text(() -> fFormat, v -> fFormat = v, "--format").paramLabel("F")
				.completionCandidates(CommandModel.candidates("jsonl", "csv")).description("jsonl (default) or csv").build());
		spec.addOption(CommandModel.value(() -> fFilter, v -> fFilter = v, "--filter").paramLabel("EXPR")
				.description("display filter on each message (Wireshark's syntax), e.g. 'PROTOCOL.FIELD == \"TEXT\" and PROTOCOL.FIELD > 100', "
						+ "'ip.dst == 233.54.12.0/24 && udp.port == 26477'; the fields are those of feedscope filter-fields "
						+ "(frame.*, eth.*, vlan.id, ip.*, udp.* and every field of the installed protocols); a message's own "
						+ "fields occur once in its record")
				.build());
		spec.addOption(CommandModel.value(() -> fProtocolFields, v -> fProtocolFields = v, "--protocol-fields").paramLabel("NAME")
				.description("only the messages of feed protocol NAME (CSV: its header); without it a CSV holds the protocol of the first message")
				.build());
		spec.addOption(CommandModel.values(() -> fBinds, v -> fBinds = v, "--bind").paramLabel("SPEC").description(Bindings.BIND_HELP).build());
		spec.addOption(CommandModel.values(() -> fProtocolFiles, v -> fProtocolFiles = v, "--protocol").paramLabel("FILE")
				.description(Bindings.PROTOCOL_HELP).build());
		spec.addOption(CommandModel.flag(() -> fFrames, v -> fFrames = v, "--frames")
				.description("instead of messages, one line per frame (one FILE): the columns frame.number and the framing's session, "
						+ "sequence, count and per-message sequence, tab-separated as tshark -T fields prints them "
						+ "(releng/check-tshark)")
				.build());
		spec.addPositional(CommandModel.parameters(() -> fFiles, v -> fFiles = v).paramLabel("FILE")
				.description("the captures (- is not standard input: a file named -)").build());
		return spec;
	}

	/** The record's layout (a constant) and the installed protocols (only when help is shown: it compiles them). */
	@Override
	void customize(CommandLine cl) {
		cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> RECORD + installed());
	}

	static final String RECORD = """
			record (JSON keys / CSV columns, in this order):
			  frame.number       frame in its file (1-based)
			  frame.time_ns      capture time, ns since the Unix epoch
			  capture            file name (JSON: only when several files)
			  src, dst           "ip:port"
			  FRAMING.session    the framing's field with role session: text, padding trimmed
			                     (a number when the description types it so, e.g. a unit)
			  FRAMING.sequence   field with role sequence: number of the packet's first message
			  FRAMING.msgseq     sequence number of this message
			  type               message type name as the description names it (unknown for
			                     unknown codes)
			  PROTOCOL.*         every field of the message, by field name (JSON: wire order;
			                     CSV: every field of the protocol in a fixed header, empty when absent)
			values: integers as numbers (times: counts of their unit since midnight); prices and
			other decimals as exact text "123.4500"; characters and text as strings, padding
			trimmed; an enum field is followed by FIELD_name with the code's label ("Buy Order"),
			left out (JSON) or empty (CSV) for an unknown code. JSON: one object per line. CSV:
			RFC 4180 (header line, CRLF, quotes doubled inside quoted values).

			example: feedscope decode a.pcap b.pcap --format csv --filter 'PROTOCOL.price > 100'
			""";
	/** The installed protocols, for the help: what FRAMING and PROTOCOL can be here. */
	private static String installed() {
		StringBuilder b = new StringBuilder("\ninstalled protocols:\n");
		try {
			ProtocolSet set = io.feedscope.dissect.ProtocolRegistry.getDefault().compile();
			for (io.feedscope.dissect.Protocol p : set.protocols()) {
				b.append("  ").append(p.name()).append(" (").append(p.displayName()).append(", ").append(p.kind().keyword());
				io.feedscope.dissect.Protocol feed = p.isFraming() ? set.feedProtocol(p.name()) : null;
				if (feed != null) {
					b.append(", carries ").append(feed.name());
				}
				b.append(")\n");
			}
		} catch (RuntimeException e) {
			b.append("  (cannot list them: ").append(e.getMessage()).append(")\n");
		}
		return b.toString();
	}

	@Override
	int run(PrintStream out, PrintStream err) throws UsageException {
		boolean csv;
		switch (fFormat) {
		case "csv" -> csv = true;
		case "jsonl", "json" -> csv = false;
		default -> throw new UsageException("--format must be jsonl or csv, not '" + fFormat + "'");
		}
		boolean frames = fFrames;
		String filterText = fFilter;
		String protocolFields = fProtocolFields;
		List<String> files = fFiles;
		List<String> binds = fBinds;
		List<String> protocolFiles = fProtocolFiles;
		if (files.isEmpty()) {
			throw new UsageException("no capture FILE given");
		}
		if (frames && (files.size() != 1 || filterText != null || csv)) {
			throw new UsageException("--frames takes exactly one FILE and no --filter or --format");
		}
		ProtocolSet set;
		try {
			set = Bindings.parse(binds, protocolFiles).protocols();
		} catch (Bindings.UnknownProtocol e) {
			throw new UsageException(e.getMessage());
		}
		StartTrace.mark("protocols ready");
		// a broken description is left out and said (file:line:column); the others still decode, exit code 1
		boolean brokenProtocols = Bindings.report(set, err);
		if (set.framingProtocols().isEmpty()) {
			err.println("feedscope decode: no framing protocol is installed");
			return 1;
		}
		io.feedscope.dissect.Protocol only = null;
		if (protocolFields != null) {
			only = set.protocol(protocolFields);
			if (only == null || only.isFraming()) {
				List<String> known = set.protocols().stream().filter(p -> !p.isFraming()).map(io.feedscope.dissect.Protocol::name)
						.toList();
				throw new UsageException("--protocol-fields " + protocolFields + ": no feed protocol of that name (known: "
						+ String.join(", ", known) + ")");
			}
		}
		PacketRecord record = new PacketRecord(set);
		DisplayFilter filter = null;
		if (filterText != null) {
			filter = compileFilter("decode", filterText, set, err);
			if (filter == null) {
				return 2;
			}
		}
		if (streamWalk() && !frames && filter == null && files.size() == 1 && ParallelDecode.threads() == 1) {
			Integer streamed = decodeStreamed(files.get(0), set, csv, only, out, err);
			if (streamed != null) {
				return brokenProtocols ? Math.max(streamed, 1) : streamed;
			}
		}
		int exit = 0;
		List<CaptureFile> captures = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (String f : files) {
			try {
				CaptureFile c = Captures.open(Path.of(f));
				captures.add(c);
				names.add(f);
				printProblems(f, c.problems(), err);
			} catch (IOException | RuntimeException e) {
				err.println("feedscope decode: cannot open " + f + ": " + e.getMessage());
				exit = 1;
			}
		}
		Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
		try {
			if (frames) {
				if (!captures.isEmpty()) {
					frameTable(captures.get(0), names.get(0), set, w, err);
				}
			} else {
				OutputStream records = out;
				if (Main.isProcessOut(out)) {
					out.flush();
					records = new Stdout();
				}
				RecordWriter rw = csv ? new RecordWriter.Csv(records, set, captures.size() > 1, only)
						: new RecordWriter.Json(records, set, captures.size() > 1, only);
				if (!decode(captures, names, set, record, filter, rw, err) && !captures.isEmpty()) {
					// nothing at all was feed data: say what was there and how to decode it
					err.println("feedscope decode: "
							+ io.feedscope.analysis.FeedDataHint.of(captures, set, String.valueOf(set.defaultFraming())).text());
				}
			}
			w.flush();
		} catch (IOException e) {
			err.println("feedscope decode: cannot write the output: " + e.getMessage());
			exit = 1;
		} finally {
			for (CaptureFile c : captures) {
				try {
					c.close();
				} catch (IOException e) {
					// read-only mapping: nothing is lost
				}
			}
		}
		return brokenProtocols ? Math.max(exit, 1) : exit;
	}

	/**
	 * Which walk decode takes, from {@code -Dfeedscope.decodeWalk} as the class loads (tests set it): {@code frames}
	 * and {@code chunks} the indexed walks (frame by frame, {@link #decodeChunks}), anything else, by default, the
	 * stream walk ({@link #decodeStreamed}) for what it reads and the chunk walk for the rest.
	 */
	static String WALK = System.getProperty("feedscope.decodeWalk", "stream");

	/** @return true if one file on one thread is decoded without its frame index ({@link #decodeStreamed}) */
	static boolean streamWalk() {
		String w = WALK;
		return !"frames".equals(w) && !"chunks".equals(w);
	}

	/**
	 * One pcap or pcapng file decoded on one thread without its frame index, walked by {@link FrameChunks#open} (the
	 * records' headers read as the chunks are filled, the frames numbered as they are walked). Building the index of a
	 * 3.4 M-frame capture took ~0.6 s CPU, and its arrays, grown while the index is built, ~0.4-0.7 s more of young
	 * collections copying them; the walk needs none of it. What it prints is what the indexed walk prints: the capture's
	 * problems, which the indexed walk prints as it opens the file, before any frame's line, are known here only at
	 * the end of the walk, so the frames' lines are held until then ({@link HeldLines}) and printed after the problems;
	 * stderr alone is the indexed walk's, and only a terminal or file shared with stdout (2>&1) sees the lines after
	 * the records a large capture wrote before them. A file this walk cannot open (gzip, BinaryFILE, not a capture,
	 * unreadable) is left to the indexed walk, which says why.
	 *
	 * @return the exit code, or null when the file is not one the walk reads (nothing was printed)
	 */
	private static @Nullable Integer decodeStreamed(String name, ProtocolSet set, boolean csv, @Nullable Protocol only,
			PrintStream out, PrintStream err) {
		Path path = Path.of(name);
		if (!Captures.canStream(path)) {
			return null;
		}
		FrameChunks chunks;
		try {
			chunks = FrameChunks.open(path);
		} catch (IOException | RuntimeException e) {
			return null;
		}
		try (chunks; HeldLines lines = new HeldLines()) {
			Say say = Say.to(lines::add);
			FrameChunk chunk = new FrameChunk(WALK_CHUNK);
			boolean sawFeed = false;
			IOException failed = null;
			OutputStream records = out;
			if (Main.isProcessOut(out)) {
				out.flush();
				records = new Stdout();
			}
			RecordWriter rw = csv ? new RecordWriter.Csv(records, set, false, only) : new RecordWriter.Json(records, set, false, only);
			try {
				FeedDissector d = new FeedDissector(set);
				rw.begin();
				StartTrace.mark("decode starts");
				StartTrace.print(err);
				sawFeed = walkChunks(chunks, chunk, null, name, d, null, null, rw, say);
			} catch (IOException e) {
				failed = e;
				// the indexed walk knew every problem of the file before it wrote: the rest of the records' headers say them
				while (chunks.next(chunk)) {
					// only the walk's problems are wanted
				}
			}
			printProblems(name, chunks.problems(), err);
			lines.printTo(err);
			if (failed == null) {
				// after stderr's lines, as the indexed walk's last records (all of a small capture's) come after its lines
				try {
					rw.finish();
				} catch (IOException e) {
					failed = e;
				}
			}
			if (failed != null) {
				err.println("feedscope decode: cannot write the output: " + failed.getMessage());
				return 1;
			}
			if (!sawFeed) {
				try (CaptureFile c = Captures.open(path)) {
					err.println("feedscope decode: "
							+ io.feedscope.analysis.FeedDataHint.of(List.of(c), set, String.valueOf(set.defaultFraming())).text());
				} catch (IOException e) {
					// the walk read it: only the hint is lost
				}
			}
			return 0;
		} catch (IOException e) {
			// the held lines' file could not be read back (closing a mapping or a deleted file does not throw)
			err.println("feedscope decode: cannot print stderr's lines: " + e.getMessage());
			return 1;
		}
	}

	/** A capture's problems as decode prints them, as the file is opened (the stream walk: after it). */
	private static void printProblems(String name, List<CaptureProblem> problems, PrintStream err) {
		for (CaptureProblem p : problems) {
			err.println(name + ": " + (p.frame() > 0 ? "frame " + p.frame() + ": " : "") + "at byte " + p.offset() + ": "
					+ p.message());
		}
	}

	/**
	 * The process's fd 1 without the PrintStream in front (its lock, flush and error flag at every 64 KB write of
	 * the records, and its buffer's copy of a write that does not fill it). A write that fails says "output
	 * closed", what {@link RecordWriter#flushLine} says when a PrintStream's error flag is set: a closed pipe
	 * ({@code | head}) stops the decode with the line on stderr it had. Never closed: fd 1 is the process's.
	 */
	private static final class Stdout extends FileOutputStream {
		Stdout() {
			super(FileDescriptor.out);
		}

		@Override
		public void write(int b) throws IOException {
			try {
				super.write(b);
			} catch (IOException e) {
				throw new IOException("output closed", e);
			}
		}

		@Override
		public void write(byte @Nullable [] b, int off, int len) throws IOException {
			try {
				super.write(b, off, len);
			} catch (IOException e) {
				throw new IOException("output closed", e);
			}
		}
	}

	/**
	 * Compiles --filter against the one packet vocabulary; a mistake is printed with the filter and a
	 * caret under it (the message names the column once).
	 *
	 * @return the filter, or null after printing why not
	 */
	static @Nullable DisplayFilter compileFilter(String command, String text, ProtocolSet set, PrintStream err) {
		try {
			return DisplayFilter.compile(text, PacketFields.vocabulary(set));
		} catch (FilterSyntaxException e) {
			err.println("feedscope " + command + ": --filter: " + e.getMessage());
			err.println("  " + text);
			err.println("  " + " ".repeat(Math.max(0, e.column() - 1)) + "^".repeat(e.length()));
			return null;
		}
	}

	/**
	 * Decodes the captures merged by time, one record per message passing the filter: on one thread, or, on a
	 * machine with several processors and without --filter, on several ({@link ParallelDecode}, the same bytes
	 * on stdout and stderr). {@code -Dfeedscope.threads=1} keeps one thread, as for analyze. Frames of a
	 * protocol that carries state from frame to frame (PITCH's time base: {@link Protocol#carriesStreamState()}) are
	 * decoded in order by one dissector there too (ParallelDecode): a worker starting a chunk would not know the base
	 * an earlier chunk's Time message set.
	 *
	 * @return true if any frame was feed data (even malformed)
	 */
	static boolean decode(List<CaptureFile> captures, List<String> names, ProtocolSet set, PacketRecord record,
			@Nullable DisplayFilter filter, RecordWriter rw, PrintStream err) throws IOException {
		int threads = ParallelDecode.threads();
		if (filter == null && threads > 1) {
			return new ParallelDecode(captures, names, set, rw, err, threads, ParallelDecode.chunkFrames()).run();
		}
		return decodeSerial(captures, names, set, record, filter, rw, err);
	}

	/** frames per chunk of the serial walk: their bytes copied at once (~100-300 KB of usual frames), the arrays reused */
	static final int WALK_CHUNK = 1024;

	/** {@link #decode} on this thread: the reference the parallel path must match byte for byte. */
	static boolean decodeSerial(List<CaptureFile> captures, List<String> names, ProtocolSet set, PacketRecord record,
			@Nullable DisplayFilter filter, RecordWriter rw, PrintStream err) throws IOException {
		// frame by frame as before it walked chunks: -Dfeedscope.decodeWalk=frames, for benchmarks of the two
		return decodeSerial(captures, names, set, record, filter, rw, err, !"frames".equals(WALK));
	}

	/**
	 * @param byChunks true: a single capture is walked by chunks ({@link #decodeChunks}); false: frame by frame
	 *        (the walk of several captures, merged by time, always is)
	 */
	static boolean decodeSerial(List<CaptureFile> captures, List<String> names, ProtocolSet set, PacketRecord record,
			@Nullable DisplayFilter filter, RecordWriter rw, PrintStream err, boolean byChunks) throws IOException {
		FeedDissector d = new FeedDissector(set);
		Say say = Say.to(err);
		rw.begin();
		boolean sawFeed = false;
		if (byChunks && captures.size() == 1) {
			sawFeed = decodeChunks(captures.get(0), names.get(0), d, record, filter, rw, say);
		} else {
			FrameMerge merge = new FrameMerge(captures);
			while (merge.next()) {
				sawFeed |= frame(captures.get(merge.capture()), names.get(merge.capture()), merge.frame(), merge.time(), d, record,
						filter, rw, say);
			}
		}
		rw.finish();
		return sawFeed;
	}

	/**
	 * One capture's frames in file order, a chunk at a time ({@link FrameChunks#of}): the index's columns copied for
	 * {@value #WALK_CHUNK} frames at once and the frames' bytes into one array, each frame dissected from there with
	 * array loads. Frame by frame, each frame took a few calls into the index per column and a buffer over the
	 * mapping, about as much as dissecting it. The frame numbers are the index's, so the records and stderr's lines
	 * are the frame walk's (a frame whose bytes a chunk cannot hold is read from the mapping as before).
	 *
	 * @return true if any frame was feed data (even malformed)
	 */
	private static boolean decodeChunks(CaptureFile c, String name, FeedDissector d, PacketRecord record,
			@Nullable DisplayFilter filter, RecordWriter rw, Say say) throws IOException {
		try (FrameChunks chunks = FrameChunks.of(c)) {
			return walkChunks(chunks, new FrameChunk(WALK_CHUNK), c, name, d, record, filter, rw, say);
		}
	}

	/**
	 * The chunks' frames, in walk order, each dissected from its chunk's array (or, a frame too large for it, from
	 * the reader) and written ({@link #frame(CaptureFile, String, int, long, FeedPacket, PacketRecord, DisplayFilter,
	 * RecordWriter, Say)}): the loop of the indexed chunk walk and of the index-free one alike.
	 *
	 * @param chunk the chunk the walk fills, left for the caller to walk on with (e.g. for the rest of the problems)
	 * @return true if any frame was feed data (even malformed)
	 */
	private static boolean walkChunks(FrameChunks chunks, FrameChunk chunk, @Nullable CaptureFile c, String name, FeedDissector d,
			@Nullable PacketRecord record, @Nullable DisplayFilter filter, RecordWriter rw, Say say) throws IOException {
		boolean sawFeed = false;
		FrameChunks.Reader reader = chunks.reader();
		while (chunks.next(chunk)) {
			boolean loaded = reader.load(chunk);
			byte[] bytes = chunk.bytes();
			for (int i = 0, n = chunk.size(); i < n; i++) {
				int frame = chunk.frame(i);
				FeedPacket p = loaded ? d.dissect(bytes, chunk.byteOffset(i), chunk.capturedLength(i), chunk.linkType(i), frame)
						: d.dissect(reader.data(chunk, i), chunk.linkType(i), frame);
				sawFeed |= frame(c, name, frame, chunk.timestampNanos(i), p, record, filter, rw, say);
			}
		}
		return sawFeed;
	}

	/**
	 * Where a frame's decoding tells what is wrong (stderr), in the order it finds it. The serial path prints at
	 * once; a parallel worker keeps the lines with its chunk's records and the writer prints them in frame order.
	 */
	interface Say {
		/** a line as it is */
		void line(String line);

		/** a line said once per feed protocol, at its first message left out of the output */
		void leftOut(String feedName, String line);

		/** @return printing to err, the lines said once remembered here */
		static Say to(PrintStream err) {
			return to(err::println);
		}

		/** @return handing each line to sink (printed now, or held for later), the lines said once remembered here */
		static Say to(java.util.function.Consumer<String> sink) {
			java.util.Set<String> said = new java.util.HashSet<>();
			return new Say() {
				@Override
				public void line(String line) {
					sink.accept(line);
				}

				@Override
				public void leftOut(String feedName, String line) {
					if (said.add(feedName)) {
						sink.accept(line);
					}
				}
			};
		}
	}

	/**
	 * Decodes one frame: its problems to {@code say}, its messages passing the filter to {@code rw}. The dissector
	 * learns no ports here, so unless the frame's protocol carries state from frame to frame ({@link
	 * Protocol#carriesStreamState()}: ParallelDecode decodes those frames in order by one dissector) any thread with
	 * its own dissector and writer gives the same records for the frame.
	 *
	 * @return true if the frame was feed data (even malformed)
	 */
	static boolean frame(CaptureFile c, String name, int frame, long time, FeedDissector d, PacketRecord record,
			@Nullable DisplayFilter filter, RecordWriter rw, Say say) throws IOException {
		return frame(c, name, frame, time, d.dissect(c, frame), record, filter, rw, say);
	}

	/** {@link #frame(CaptureFile, String, int, long, FeedDissector, PacketRecord, DisplayFilter, RecordWriter, Say)} of a frame dissected already. */
	static boolean frame(@Nullable CaptureFile c, String name, int frame, long time, FeedPacket p, @Nullable PacketRecord record,
			@Nullable DisplayFilter filter, RecordWriter rw, Say say) throws IOException {
		report(name, frame, p, say);
		boolean sawFeed = p.kind() != PacketKind.NOT_FEED;
		if (!p.kind().carriesMessages() || p.messageCount() == 0) {
			return sawFeed;
		}
		if (filter != null) {
			// a filter is given with the capture and its record (only the streamed experiment passes neither)
			java.util.Objects.requireNonNull(record).setFrame(java.util.Objects.requireNonNull(c), frame, p);
		}
		rw.startPacket();
		FeedMessage m = p.messages();
		while (m.next()) {
			if (filter != null) {
				java.util.Objects.requireNonNull(record).setMessage(m);
				if (!filter.test(record)) {
					continue;
				}
			}
			if (!rw.write(frame, time, name, p, m)) {
				Protocol feed = m.protocol();
				String feedName = feed == null ? "?" : feed.name();
				say.leftOut(feedName, name + ": frame " + frame + ": " + feedName + " messages are left out: this output holds "
						+ "one protocol's messages (--protocol-fields " + feedName + " for those)");
			}
		}
		return sawFeed;
	}

	/** Expert items and broken link layers go to stderr, with the file and frame. */
	private static void report(String name, int frame, FeedPacket p, Say say) {
		if (p.kind() == PacketKind.NOT_FEED && p.layers().kind() == PacketLayers.Kind.MALFORMED) {
			say.line(name + ": frame " + frame + ": malformed: " + p.layers().problem());
		}
		List<ExpertItem> items = p.expertItems();
		for (int i = 0; i < items.size(); i++) {
			ExpertItem e = items.get(i);
			say.line(name + ": frame " + frame + ": " + e.severity().name().toLowerCase(java.util.Locale.ROOT) + ": "
					+ (e.message() >= 0 ? "message " + (e.message() + 1) + ": " : "") + e.field() + ": " + e.reason()
					+ " [" + e.id() + "]");
		}
	}

	/**
	 * --frames: what tshark -T fields -e frame.number -e F.session -e F.sequence -e F.count -e F.msgseq prints
	 * for a framing F, the fields found by their roles.
	 */
	static void frameTable(CaptureFile c, String name, ProtocolSet set, Writer w, PrintStream err) throws IOException {
		FeedDissector d = new FeedDissector(set);
		Say say = Say.to(err);
		StringBuilder b = new StringBuilder(1 << 16);
		for (int frame = 1; frame <= c.frameCount(); frame++) {
			FeedPacket p = d.dissect(c, frame);
			report(name, frame, p, say);
			b.append(frame).append('\t');
			if (p.kind() != PacketKind.NOT_FEED && p.kind() != PacketKind.MALFORMED) {
				b.append(p.session()).append('\t');
				long seq = p.sequence();
				if (seq >= 0) {
					b.append(seq);
				}
				b.append('\t');
				int count = p.count();
				if (count >= 0) {
					b.append(count);
				}
				b.append('\t');
				for (int k = 0; k < p.messageCount(); k++) {
					if (k > 0) {
						b.append(',');
					}
					b.append(seq + k);
				}
			} else {
				b.append("\t\t\t");
			}
			b.append('\n');
			if (b.length() > 1 << 15) {
				w.append(b);
				b.setLength(0);
			}
		}
		w.append(b);
	}
}
