package io.feedscope.wireshark.tests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

import io.feedscope.testdata.outputs.Records;

/**
 * Both sides of the Lua round trip: what {@code feedscope decode} prints (JSON Lines on stdout, expert
 * items on stderr) and what tshark shows with the exported dissector (PDML: every field of every message
 * block, every expert item), reduced to the same shape so a test can compare them whole.
 */
final class RoundTrip {

	/** one message: field name (FeedScope's, without the fs. prefix) -&gt; value text */
	record Message(int frame, Map<String, String> fields) {
	}

	/** one expert item: frame, id (without the fs. prefix), text */
	record Expert(int frame, String id, String text) implements Comparable<Expert> {
		@Override
		public int compareTo(Expert o) {
			return toString().compareTo(o.toString());
		}
	}

	record Side(List<Message> messages, TreeSet<Expert> experts) {
	}

	private RoundTrip() {
	}

	/** Runs the command line in this JVM; fails on a non-zero exit (decode's 1, expert items found, excepted). @return stdout, stderr */
	static String[] feedscope(String... args) {
		Records r = Records.run(args);
		if (r.exit != 0 && !(args[0].equals("decode") && r.exit == 1)) {
			throw new AssertionError("feedscope " + String.join(" ", args) + " exited " + r.exit + "\n" + r.err);
		}
		return new String[] { r.out, r.err };
	}

	private static final Pattern EXPERT = Pattern.compile(": frame (\\d+): (error|warning|note|info): (?:message \\d+: )?\\S+: (.*) \\[([^\\]]+)\\]$");

	/** {@code feedscope decode CAPTURE}: messages and expert items. */
	static Side decode(Path capture, String... extra) {
		List<String> args = new ArrayList<>(List.of("decode", capture.toString()));
		args.addAll(List.of(extra));
		String[] r = feedscope(args.toArray(String[]::new));
		List<Message> messages = new ArrayList<>();
		for (String line : r[0].split("\n")) {
			if (line.isBlank()) {
				continue;
			}
			Map<String, String> m = new LinkedHashMap<>(Records.parseObject(line));
			int frame = Integer.parseInt(m.get("frame.number"));
			for (String k : List.of("frame.number", "frame.time_ns", "capture", "src", "dst", "type")) {
				m.remove(k);
			}
			messages.add(new Message(frame, m));
		}
		TreeSet<Expert> experts = new TreeSet<>();
		for (String line : r[1].split("\n")) {
			Matcher m = EXPERT.matcher(line);
			if (m.find()) {
				experts.add(new Expert(Integer.parseInt(m.group(1)), m.group(4), m.group(3)));
			}
		}
		return new Side(messages, experts);
	}

	/** @return the tshark executable, or null when it is not installed */
	static String tshark() {
		for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
			Path p = Path.of(d, "tshark");
			if (Files.isExecutable(p)) {
				return p.toString();
			}
		}
		return null;
	}

	/** Runs tshark; @return stdout (stderr is returned through {@code errOut[0]}) */
	static String run(List<String> cmd, String[] errOut) throws IOException, InterruptedException {
		ProcessBuilder pb = new ProcessBuilder(cmd);
		Path err = Files.createTempFile("tshark", ".err");
		pb.redirectError(err.toFile());
		Process p = pb.start();
		byte[] out;
		try (InputStream in = p.getInputStream()) {
			out = in.readAllBytes();
		}
		if (!p.waitFor(300, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new AssertionError("tshark did not finish: " + cmd);
		}
		errOut[0] = Files.readString(err);
		Files.delete(err);
		if (p.exitValue() != 0) {
			throw new AssertionError("tshark exited " + p.exitValue() + ": " + cmd + "\n" + errOut[0]);
		}
		return new String(out, StandardCharsets.UTF_8);
	}

	/**
	 * tshark with the exported dissector, PDML. A message is the feed protocol's subtree; its fields plus
	 * the framing fields of its packet (session, sequence) and of its block (msgseq) are its values.
	 *
	 * @param framing the framing protocol's abbreviation in the Lua ({@code fs.moldudp64})
	 * @param feed the feed protocol's ({@code itch50})
	 */
	static Side tshark(String tshark, Path lua, Path capture, String framing, String feed, String... extra) throws Exception {
		String[] err = new String[1];
		List<String> cmd = new ArrayList<>(List.of(tshark, "-n", "-X", "lua_script:" + lua, "-r", capture.toString(), "-T", "pdml"));
		cmd.addAll(List.of(extra));
		String pdml = run(cmd, err);
		if (err[0].contains("Lua") || err[0].contains("lua")) {
			throw new AssertionError("tshark reports a Lua problem:\n" + err[0]);
		}
		List<Message> messages = new ArrayList<>();
		TreeSet<Expert> experts = new TreeSet<>();
		String bare = framing.replaceFirst("^fs\\.", "");
		String prefix = framing.substring(0, framing.length() - framing.replaceFirst("^fs\\.", "").length());
		SAXParserFactory.newInstance().newSAXParser().parse(new java.io.ByteArrayInputStream(pdml.getBytes(StandardCharsets.UTF_8)),
				new DefaultHandler() {
					int frame;
					final Map<String, String> packetFields = new LinkedHashMap<>();
					final Map<String, String> blockFields = new LinkedHashMap<>();
					Map<String, String> message;
					final Deque<String> path = new ArrayDeque<>();
					String expertId;
					String expertText;

					@Override
					public void startElement(String uri, String local, String q, Attributes a) {
						String name = a.getValue("name");
						name = name == null ? "" : name;
						String show = a.getValue("show");
						if (q.equals("packet")) {
							frame = 0;
							packetFields.clear();
						}
						if (name.equals("frame.number")) {
							frame = Integer.parseInt(show);
						}
						if (name.equals(framing + ".message_block")) {
							blockFields.clear();
						} else if (name.equals(feed)) {
							message = new LinkedHashMap<>();
						} else if (name.equals("_ws.expert")) {
							expertId = null;
							expertText = null;
						} else if (path.contains("_ws.expert")) {
							if (name.equals("_ws.expert.message")) {
								expertText = show;
							} else if (!name.startsWith("_ws.") && expertId == null && !name.isEmpty()) {
								expertId = strip(name);
							}
						} else if (message != null && name.startsWith(feed + ".")) {
							message.put(name, show);
						} else if (name.startsWith(framing + ".") && !name.equals(framing + ".message_block")) {
							if (path.contains(framing + ".message_block")) {
								blockFields.put(strip(name), show);
							} else {
								packetFields.put(strip(name), show);
							}
						}
						path.push(name);
					}

					private String strip(String n) {
						return n.startsWith(prefix) ? n.substring(prefix.length()) : n;
					}

					@Override
					public void endElement(String uri, String local, String q) {
						String name = path.pop();
						if (name.equals(feed) && message != null) {
							Map<String, String> all = new LinkedHashMap<>();
							all.putAll(packetFields);
							all.putAll(blockFields);
							all.putAll(message);
							messages.add(new Message(frame, all));
							message = null;
						} else if (name.equals("_ws.expert") && expertId != null
								&& (expertId.startsWith(bare + ".") || expertId.startsWith(feed + "."))) {
							// only this dissector's items (not e.g. the pcapng comments' frame.comment.expert)
							experts.add(new Expert(frame, expertId, expertText == null ? "" : expertText));
						}
					}
				});
		return new Side(messages, experts);
	}

	/**
	 * Compares message by message: every key FeedScope prints must be in tshark's message with the same
	 * value, and tshark's message may have no feed field that FeedScope lacks.
	 *
	 * @return the differences (empty when the two agree), at most 40
	 */
	static List<String> compare(Side ours, Side theirs, String feed) {
		List<String> diffs = new ArrayList<>();
		if (ours.messages().size() != theirs.messages().size()) {
			diffs.add("messages: feedscope decode " + ours.messages().size() + ", tshark " + theirs.messages().size());
		}
		int n = Math.min(ours.messages().size(), theirs.messages().size());
		for (int i = 0; i < n && diffs.size() < 40; i++) {
			Message a = ours.messages().get(i);
			Message b = theirs.messages().get(i);
			if (a.frame() != b.frame()) {
				diffs.add("message " + i + ": frame " + a.frame() + " vs " + b.frame());
				continue;
			}
			for (Map.Entry<String, String> e : a.fields().entrySet()) {
				String v = b.fields().get(e.getKey());
				if (!e.getValue().equals(v)) {
					diffs.add("frame " + a.frame() + " message " + i + " " + e.getKey() + ": decode '" + e.getValue() + "', tshark '" + v + "'");
				}
			}
			for (String k : b.fields().keySet()) {
				if (k.startsWith(feed + ".") && !a.fields().containsKey(k)) {
					diffs.add("frame " + a.frame() + " message " + i + " " + k + ": only tshark has it ('" + b.fields().get(k) + "')");
				}
			}
		}
		if (!ours.experts().equals(theirs.experts())) {
			TreeSet<Expert> onlyOurs = new TreeSet<>(ours.experts());
			onlyOurs.removeAll(theirs.experts());
			TreeSet<Expert> onlyTheirs = new TreeSet<>(theirs.experts());
			onlyTheirs.removeAll(ours.experts());
			diffs.add("expert items only in feedscope decode: " + onlyOurs);
			diffs.add("expert items only in tshark: " + onlyTheirs);
		}
		return diffs;
	}

	/**
	 * The same comparison through {@code tshark -T fields -e ...} (all occurrences, one row per frame): per
	 * frame and field, the values of the messages that have the field, in message order, must be what
	 * {@code feedscope decode} printed for those messages. Fields: the derived msgseq and every feed field
	 * FeedScope printed anywhere in the capture.
	 *
	 * @return the differences, at most 40
	 */
	static List<String> compareFields(String tshark, Path lua, Path capture, Side ours, String framing, String feed, String... extra)
			throws Exception {
		String bare = framing.replaceFirst("^fs\\.", "");
		java.util.Set<String> keys = new java.util.TreeSet<>();
		keys.add(bare + ".msgseq");
		for (Message m : ours.messages()) {
			for (String k : m.fields().keySet()) {
				if (k.startsWith(feed + ".")) {
					keys.add(k);
				}
			}
		}
		List<String> names = new ArrayList<>(keys);
		String prefix = framing.substring(0, framing.length() - bare.length());
		List<String> cmd = new ArrayList<>(List.of(tshark, "-n", "-X", "lua_script:" + lua, "-r", capture.toString(), "-T", "fields",
				"-E", "occurrence=a", "-E", "aggregator=\u001f", "-e", "frame.number"));
		for (String k : names) {
			cmd.add("-e");
			cmd.add(k.startsWith(bare + ".") ? prefix + k : k);
		}
		cmd.addAll(List.of(extra));
		String[] err = new String[1];
		Map<Integer, String[]> rows = new TreeMap<>();
		for (String line : run(cmd, err).split("\n")) {
			if (!line.isEmpty()) {
				String[] c = line.split("\t", -1);
				rows.put(Integer.parseInt(c[0]), c);
			}
		}
		Map<Integer, List<Message>> byFrame = new TreeMap<>();
		for (Message m : ours.messages()) {
			byFrame.computeIfAbsent(m.frame(), f -> new ArrayList<>()).add(m);
		}
		List<String> diffs = new ArrayList<>();
		for (Map.Entry<Integer, String[]> row : rows.entrySet()) {
			List<Message> ms = byFrame.getOrDefault(row.getKey(), List.of());
			for (int k = 0; k < names.size() && diffs.size() < 40; k++) {
				List<String> want = new ArrayList<>();
				for (Message m : ms) {
					String v = m.fields().get(names.get(k));
					if (v != null) {
						want.add(v);
					}
				}
				String got = row.getValue()[k + 1];
				if (!String.join("\u001f", want).equals(got)) {
					diffs.add("frame " + row.getKey() + " " + names.get(k) + ": decode " + want + ", tshark -T fields " + List.of(got.split("\u001f")));
				}
			}
		}
		return diffs;
	}

	/** message types seen: itch50.message_type -&gt; count */
	static Map<String, Integer> types(Side s, String discriminator) {
		Map<String, Integer> m = new TreeMap<>();
		for (Message x : s.messages()) {
			m.merge(String.valueOf(x.fields().get(discriminator)), 1, Integer::sum);
		}
		return m;
	}
}
