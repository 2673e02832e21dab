package io.feedscope.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureProblem;
import io.feedscope.capture.Captures;
import io.feedscope.capture.PacketLayers;
import io.feedscope.dissect.ExpertItem;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.filter.DisplayFilter;
import io.feedscope.filter.FilterSyntaxException;
import io.feedscope.filter.packet.PacketFields;
import io.feedscope.filter.packet.PacketRecord;

/** {@code feedscope decode}: one record per ITCH message, as JSON Lines or CSV, optionally filtered. */
final class DecodeCommand implements Command {

	static final String FRAMING = Bindings.FRAMING;

	@Override
	public String name() {
		return "decode";
	}

	@Override
	public String summary() {
		return "print every ITCH message of captures as JSON Lines or CSV, with a display filter";
	}

	@Override
	public String usage() {
		return """
				usage: feedscope decode [options] FILE...

				Prints one record per ITCH 5.0 message found in MoldUDP64 packets. Several files are
				merged by capture time. Frames that are not feed data are skipped; malformed frames and
				expert items go to stderr as "FILE: frame N: ..." and decoding goes on. Exit code 1
				if a file cannot be opened (the others are still decoded), 2 for wrong arguments.

				options:
				  --format F        jsonl (default) or csv
				  --filter EXPR     display filter on each message (Wireshark's syntax), e.g.
				                    'itch50.stock == "AAPL" and itch50.shares > 100',
				                    'ip.dst == 233.54.12.0/24 && udp.port == 26477'; the fields are
				                    those of feedscope filter-fields (frame.*, eth.*, vlan.id, ip.*,
				                    udp.*, every moldudp64.* and itch50.* field); a message's own
				                    fields occur once in its record
				  --bind udp.port==N[-M]   decode UDP ports N..M as MoldUDP64 (repeatable)
				  --bind ip.dst==CIDR      decode this destination group as MoldUDP64 (repeatable;
				                           group==CIDR is the same; append ",moldudp" for legacy MoldUDP)
				  --frames          instead of messages, one line per frame (one FILE): the columns
				                    frame.number, moldudp64.session, .sequence, .count, .msgseq
				                    tab-separated as tshark -T fields prints them (releng/check-tshark)

				record (JSON keys / CSV columns, in this order):
				  frame.number       frame in its file (1-based)
				  frame.time_ns      capture time, ns since the Unix epoch
				  capture            file name (JSON: only when several files)
				  src, dst           "ip:port"
				  moldudp64.session  session, padding trimmed
				  moldudp64.sequence sequence number of the packet (of its first message)
				  moldudp64.msgseq   sequence number of this message
				  type               message type name (add_order, ...; unknown for unknown codes)
				  itch50.*           every field of the message, by field name (JSON: wire order;
				                     CSV: every ITCH field in a fixed header, empty when absent)
				values: integers as numbers (itch50.timestamp: ns since midnight); prices and other
				decimals as exact text "123.4500"; characters and text as strings, padding trimmed; an
				enum field is followed by FIELD_name with the code's label ("Buy Order"), left out
				(JSON) or empty (CSV) for an unknown code. JSON: one object per line. CSV: RFC 4180
				(header line, CRLF, quotes doubled inside quoted values).

				example: feedscope decode a.pcap b.pcap --format csv --filter 'itch50.price > 100'
				""";
	}

	@Override
	public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
		boolean csv = false;
		boolean frames = false;
		String filterText = null;
		List<String> files = new ArrayList<>();
		List<String> binds = new ArrayList<>();
		for (int i = 0; i < args.size(); i++) {
			String a = args.get(i);
			switch (a) {
			case "--format" -> {
				String f = value(args, ++i, a);
				if (f.equals("csv")) {
					csv = true;
				} else if (!f.equals("jsonl") && !f.equals("json")) {
					throw new UsageException("--format must be jsonl or csv, not '" + f + "'");
				}
			}
			case "--filter" -> filterText = value(args, ++i, a);
			case "--frames" -> frames = true;
			case "--bind" -> binds.add(value(args, ++i, a));
			default -> {
				if (a.startsWith("-") && a.length() > 1) {
					throw new UsageException("unknown option '" + a + "'");
				}
				files.add(a);
			}
			}
		}
		if (files.isEmpty()) {
			throw new UsageException("no capture FILE given");
		}
		if (frames && (files.size() != 1 || filterText != null || csv)) {
			throw new UsageException("--frames takes exactly one FILE and no --filter or --format");
		}
		ProtocolSet set;
		try {
			set = Bindings.parse(binds).protocols();
		} catch (Bindings.UnknownProtocol e) {
			throw new UsageException(e.getMessage());
		}
		if (set.protocol(FRAMING) == null) {
			err.println("feedscope decode: the " + FRAMING + " protocol is not installed" + set.diagnostics());
			return 1;
		}
		PacketRecord record = new PacketRecord(set);
		DisplayFilter filter = null;
		if (filterText != null) {
			filter = compileFilter("decode", filterText, set, err);
			if (filter == null) {
				return 2;
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
				for (CaptureProblem p : c.problems()) {
					err.println(f + ": " + (p.frame() > 0 ? "frame " + p.frame() + ": " : "") + "at byte " + p.offset() + ": "
							+ p.message());
				}
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
				RecordWriter rw = csv ? new RecordWriter.Csv(out, set, captures.size() > 1)
						: new RecordWriter.Json(out, set, captures.size() > 1);
				if (!decode(captures, names, set, record, filter, rw, err) && !captures.isEmpty()) {
					// nothing at all was feed data: say what was there and how to decode it
					err.println("feedscope decode: " + io.feedscope.analysis.FeedDataHint.of(captures, set, FRAMING).text());
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
		return exit;
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
	 * Decodes the captures merged by time, one record per message passing the filter.
	 *
	 * @return true if any frame was feed data (even malformed)
	 */
	static boolean decode(List<CaptureFile> captures, List<String> names, ProtocolSet set, PacketRecord record,
			@Nullable DisplayFilter filter, RecordWriter rw, PrintStream err) throws IOException {
		FeedDissector d = new FeedDissector(set);
		FrameMerge merge = new FrameMerge(captures);
		rw.begin();
		boolean feed = false;
		while (merge.next()) {
			CaptureFile c = captures.get(merge.capture());
			String name = names.get(merge.capture());
			int frame = merge.frame();
			FeedPacket p = d.dissect(c, frame);
			report(name, frame, p, err);
			feed |= p.kind() != PacketKind.NOT_FEED;
			if (p.kind() != PacketKind.DATA || p.messageCount() == 0) {
				continue;
			}
			long time = merge.time();
			if (filter != null) {
				record.setFrame(c, frame, p);
			}
			FeedMessage m = p.messages();
			while (m.next()) {
				if (filter != null) {
					record.setMessage(m);
					if (!filter.test(record)) {
						continue;
					}
				}
				rw.write(frame, time, name, p, m);
			}
		}
		rw.finish();
		return feed;
	}

	/** Expert items and broken link layers go to stderr, with the file and frame. */
	private static void report(String name, int frame, FeedPacket p, PrintStream err) {
		if (p.kind() == PacketKind.NOT_FEED && p.layers().kind() == PacketLayers.Kind.MALFORMED) {
			err.println(name + ": frame " + frame + ": malformed: " + p.layers().problem());
		}
		List<ExpertItem> items = p.expertItems();
		for (int i = 0; i < items.size(); i++) {
			ExpertItem e = items.get(i);
			err.println(name + ": frame " + frame + ": " + e.severity().name().toLowerCase(java.util.Locale.ROOT) + ": "
					+ (e.message() >= 0 ? "message " + (e.message() + 1) + ": " : "") + e.field() + ": " + e.reason()
					+ " [" + e.id() + "]");
		}
	}

	/** --frames: what tshark -T fields -e frame.number -e moldudp64.{session,sequence,count,msgseq} prints. */
	static void frameTable(CaptureFile c, String name, ProtocolSet set, Writer w, PrintStream err) throws IOException {
		FeedDissector d = new FeedDissector(set);
		StringBuilder b = new StringBuilder(1 << 16);
		for (int frame = 1; frame <= c.frameCount(); frame++) {
			FeedPacket p = d.dissect(c, frame);
			report(name, frame, p, err);
			b.append(frame).append('\t');
			if (p.kind() != PacketKind.NOT_FEED && p.kind() != PacketKind.MALFORMED && FRAMING.equals(p.protocolName())) {
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

	private static String value(List<String> args, int i, String option) throws UsageException {
		if (i >= args.size()) {
			throw new UsageException(option + " needs a value");
		}
		return args.get(i);
	}
}
