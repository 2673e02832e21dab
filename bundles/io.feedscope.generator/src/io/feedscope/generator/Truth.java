package io.feedscope.generator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.generator.Scenario.Line;

/**
 * The ground truth sidecar ({@code <capture>.truth.json}) read back, for tests that state expected
 * findings: the whole JSON tree via {@link #json()} plus typed accessors for what tests use most. Reads
 * only the JSON the generator writes (objects, arrays, strings, integers, booleans); there is no JSON
 * library on the target platform, hence the small reader here.
 * <p>
 * The format (version 1). Frames are 1-based as in Wireshark, times are capture times as stored in the
 * file (ns since the Unix epoch), ranges are inclusive {@code [from, to]} of MoldUDP64 sequence numbers:
 * <pre>
 * format "feedscope-generator-truth", version 1, capture, captureFormat, linkType, snaplen, bytes
 * scenario {preset, seed, frames, durationNs, rate, symbols, vlans, udpChecksums}
 * session, frames, firstTimeNs, lastTimeNs, midnightNs (exchange midnight: ITCH timestamp base)
 * messages {firstSequence 1, lastSequence, byType {"S": n, ... all 23 types}}
 * lines [{line "A"|"B", group, port, source, sourcePort, pcapngInterface, frames, heartbeats,
 *         endOfSessionFrame, delivered [[from,to]...], lost [[from,to]...]}]
 *        delivered = sequences of complete message blocks in captured frames of that line
 * lostOnBothLines, recoveredByRetransmission, neverDelivered: [[from,to]...]
 * unicast {server, client, frames, pcapngInterface 2}
 * freezes [{line, startNs (last frame before), endNs (first after), lastFrameBefore, firstFrameAfter,
 *           plannedNs, catchUpFromSequence, catchUpFrames, catchUpLastFrame, catchUpThroughSequence}]
 *           (a catch-up cut by the end of the run has "complete": false instead of the last three)
 * straddlingFrames [{frame, line, sequence, count, alreadyDeliveredThrough, newFrom, timeNs}]
 *           a downstream frame whose first sequence is at or below the highest sequence delivered by
 *           any line in earlier frames, and whose last is above it
 * losses [{line, scope "line A"|"line B"|"both lines", sequence, count, timeNs, afterFrame}]
 *           one entry per packet sent on the wire but not captured
 * retransmissions [{requestFrame, responseFrame, sequence, count, server, client}]
 * duplicates [{frame, line, duplicateOfFrame, sequence, count}]
 * reordered [{line, overtakingFrame, overtakingSequence, lateSequence, lateFrame}]
 * malformed [{frame, line, kind "count-beyond-blocks"|"block-overrun"|"snaplen-truncated", sequence,
 *             countField, blocksPresent, completeMessages, capturedLength, originalLength}]
 * quietPeriods [{startNs, endNs, afterSequence}]   (message times, not frames)
 * heartbeatFrames [frame...] (the first 1000), endOfSessionFrames [frame...]
 * taps (only with {@link Generator#taps}) [{tap 0, capture, frames},
 *       {tap k, capture, frames, hop {delayMinNs, delayMaxNs, droppedFrames [base frame...], missedFrames [...]},
 *        lines [{line, lostByHop [[from,to]...], missedByTap [[from,to]...],
 *                transitNs {samples, min, p50, p99, max}}]}]   (see {@link TapPath})
 * </pre>
 */
public final class Truth {

	private final Map<String, Object> fJson;

	private Truth(Map<String, Object> json) {
		fJson = json;
	}

	/**
	 * @param file the truth file, or the capture (then {@link Generator#truthPath(Path)} is read)
	 * @throws IOException if it cannot be read or is not a truth file
	 */
	@SuppressWarnings("unchecked")
	public static Truth read(Path file) throws IOException {
		Path p = file.getFileName().toString().endsWith(".truth.json") ? file : Generator.truthPath(file);
		String text = Files.readString(p, StandardCharsets.UTF_8);
		Object o;
		try {
			o = new Reader(text).document();
		} catch (IllegalArgumentException e) {
			throw new IOException(p + ": " + e.getMessage());
		}
		if (!(o instanceof Map) || !"feedscope-generator-truth".equals(((Map<String, Object>) o).get("format"))) {
			throw new IOException(p + ": not a FeedScope generator truth file");
		}
		return new Truth((Map<String, Object>) o);
	}

	/** @return the whole tree: Map (objects, in file order), List, String, Long, Boolean */
	public Map<String, Object> json() {
		return fJson;
	}

	public long frames() {
		return (Long) fJson.get("frames");
	}

	public long lastSequence() {
		return (Long) map(fJson.get("messages")).get("lastSequence");
	}

	/** @return [from, to] ranges of sequences the line delivered in complete message blocks */
	public List<long[]> delivered(Line line) {
		return ranges(line(line).get("delivered"));
	}

	/** @return [from, to] ranges the line did not deliver */
	public List<long[]> lost(Line line) {
		return ranges(line(line).get("lost"));
	}

	/** @return [from, to] ranges neither line delivered (true loss) */
	public List<long[]> lostOnBothLines() {
		return ranges(fJson.get("lostOnBothLines"));
	}

	public List<Long> straddlingFrames() {
		return frames("straddlingFrames", "frame");
	}

	public List<Long> malformedFrames() {
		return frames("malformed", "frame");
	}

	public List<Long> duplicateFrames() {
		return frames("duplicates", "frame");
	}

	/** @return the first 1000 heartbeat frames */
	public List<Long> heartbeatFrames() {
		return longs(fJson.get("heartbeatFrames"));
	}

	public List<Long> endOfSessionFrames() {
		return longs(fJson.get("endOfSessionFrames"));
	}

	/** @return the objects of a top-level list ("freezes", "retransmissions", "reordered", "losses", ...) */
	public List<Map<String, Object>> list(String name) {
		List<Map<String, Object>> r = new ArrayList<>();
		for (Object o : (List<?>) fJson.getOrDefault(name, List.of())) {
			r.add(map(o));
		}
		return r;
	}

	private List<Long> frames(String list, String key) {
		List<Long> r = new ArrayList<>();
		for (Map<String, Object> m : list(list)) {
			r.add((Long) m.get(key));
		}
		return r;
	}

	private Map<String, Object> line(Line line) {
		for (Object o : (List<?>) fJson.get("lines")) {
			Map<String, Object> m = map(o);
			if (line.name().equals(m.get("line"))) {
				return m;
			}
		}
		throw new IllegalStateException("no line " + line + " in the truth");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(@Nullable Object o) {
		if (o == null) { // the sidecar this class wrote always has the member; a hand-edited one may not
			throw new IllegalStateException("a member of the truth is missing");
		}
		return (Map<String, Object>) o;
	}

	private static List<long[]> ranges(@Nullable Object o) {
		List<long[]> r = new ArrayList<>();
		for (Object x : (List<?>) o) {
			List<?> p = (List<?>) x;
			r.add(new long[] { (Long) p.get(0), (Long) p.get(1) });
		}
		return r;
	}

	private static List<Long> longs(@Nullable Object o) {
		List<Long> r = new ArrayList<>();
		for (Object x : (List<?>) o) {
			r.add((Long) x);
		}
		return r;
	}

	/** Recursive-descent reader of the JSON subset the generator writes. */
	private static final class Reader {
		private final String fText;
		private int fPos;

		Reader(String text) {
			fText = text;
		}

		Object document() {
			Object v = value();
			space();
			if (fPos != fText.length()) {
				throw error("text after the document");
			}
			return v;
		}

		private Object value() {
			space();
			if (fPos >= fText.length()) {
				throw error("unexpected end");
			}
			char c = fText.charAt(fPos);
			switch (c) {
			case '{': {
				fPos++;
				Map<String, Object> m = new LinkedHashMap<>();
				space();
				if (peek('}')) {
					return m;
				}
				do {
					space();
					String k = string();
					space();
					expect(':');
					m.put(k, value());
					space();
				} while (peek(','));
				expect('}');
				return Collections.unmodifiableMap(m);
			}
			case '[': {
				fPos++;
				List<Object> l = new ArrayList<>();
				space();
				if (peek(']')) {
					return l;
				}
				do {
					l.add(value());
					space();
				} while (peek(','));
				expect(']');
				return Collections.unmodifiableList(l);
			}
			case '"':
				return string();
			case 't':
				return word("true", Boolean.TRUE);
			case 'f':
				return word("false", Boolean.FALSE);
			default:
				int start = fPos;
				if (c == '-') {
					fPos++;
				}
				while (fPos < fText.length() && Character.isDigit(fText.charAt(fPos))) {
					fPos++;
				}
				if (start == fPos || fText.charAt(fPos - 1) == '-') {
					throw error("unexpected '" + c + "'");
				}
				return Long.parseLong(fText.substring(start, fPos));
			}
		}

		private Object word(String w, Object v) {
			if (!fText.startsWith(w, fPos)) {
				throw error("unexpected text");
			}
			fPos += w.length();
			return v;
		}

		private String string() {
			expect('"');
			StringBuilder b = new StringBuilder();
			while (fPos < fText.length()) {
				char c = fText.charAt(fPos++);
				if (c == '"') {
					return b.toString();
				}
				if (c == '\\') {
					char e = fText.charAt(fPos++);
					switch (e) {
					case 'u' -> {
						b.append((char) Integer.parseInt(fText.substring(fPos, fPos + 4), 16));
						fPos += 4;
					}
					case 'n' -> b.append('\n');
					case 't' -> b.append('\t');
					default -> b.append(e);
					}
				} else {
					b.append(c);
				}
			}
			throw error("string not closed");
		}

		private boolean peek(char c) {
			if (fPos < fText.length() && fText.charAt(fPos) == c) {
				fPos++;
				return true;
			}
			return false;
		}

		private void expect(char c) {
			if (!peek(c)) {
				throw error("expected '" + c + "'");
			}
		}

		private void space() {
			while (fPos < fText.length() && Character.isWhitespace(fText.charAt(fPos))) {
				fPos++;
			}
		}

		private IllegalArgumentException error(String what) {
			return new IllegalArgumentException(what + " at character " + fPos);
		}
	}
}
