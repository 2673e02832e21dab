package io.feedscope.analysis.internal;

import java.util.Locale;

import io.feedscope.analysis.FeedLine;
import io.feedscope.analysis.FeedSession;
import io.feedscope.analysis.Finding;
import io.feedscope.analysis.JsonWriter;
import io.feedscope.analysis.PacketView;

/** Formatting shared by the built-in checks. */
final class Util {

	private Util() {
	}

	static long ref(PacketView e) {
		return Finding.frameRef(e.captureIndex(), e.frame());
	}

	/** @return "100.2 ms", "35.0 us" or "800 ns" */
	static String duration(long nanos) {
		long a = Math.abs(nanos);
		if (a >= 1_000_000) {
			return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
		}
		if (a >= 1_000) {
			return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
		}
		return nanos + " ns";
	}

	/** @return "101..103 (3 messages)" */
	static String range(long from, long to) {
		long n = to - from + 1;
		return (from == to ? Long.toString(from) : from + ".." + to) + " (" + n + (n == 1 ? " message)" : " messages)");
	}

	/** @return "3 msgs", "1 msg": a band's label */
	static String msgs(long n) {
		return n + (n == 1 ? " msg" : " msgs");
	}

	static String plural(long n, String what) {
		return String.format(Locale.ROOT, "%,d %s%s", n, what, n == 1 ? "" : "s");
	}

	/** Writes {@code "capture": c, "frame": f} members for a frame reference. */
	static void frameMembers(JsonWriter json, String prefix, long ref) {
		json.member(prefix + "capture", Finding.refCapture(ref)).member(prefix + "frame", Finding.refFrame(ref));
	}

	/** @return the other lines' names joined, e.g. "A" or "A, C" */
	static String others(FeedSession s, FeedLine line) {
		StringBuilder b = new StringBuilder();
		for (FeedLine l : s.lines()) {
			if (l != line) {
				b.append(b.length() == 0 ? "" : ", ").append(l.name());
			}
		}
		return b.toString();
	}
}
