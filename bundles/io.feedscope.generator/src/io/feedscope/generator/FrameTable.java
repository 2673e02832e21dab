package io.feedscope.generator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A table of per-frame field values with Wireshark field names as columns (one row per frame, keyed
 * by {@code frame.number}), and the frame-by-frame comparison of two such tables.
 * <p>
 * Made to compare independent views of the same capture: the generator's own table
 * ({@link Generator#frameTablePath(Path)}), tshark's {@code -T fields} output, and later FeedScope's
 * decoder. Values are compared as text after trimming; multi-valued fields are comma-separated as
 * tshark prints them.
 */
public final class FrameTable {

	/** Result of {@link FrameTable#compare}. */
	public record Comparison(int rowsCompared, int differenceCount, List<String> differences, List<String> columns) {

		/** @return true when every compared row and column agrees */
		public boolean matches() {
			return differenceCount == 0;
		}

		@Override
		public String toString() {
			return rowsCompared + " rows compared on " + columns + ": " + (matches() ? "all equal"
					: differenceCount + " differences, first: " + String.join("\n  ", differences));
		}
	}

	public static final String KEY = "frame.number";
	private static final int MAX_REPORTED = 50;

	private final List<String> fColumns;
	private final List<String[]> fRows;

	/**
	 * @param columns column names, {@link #KEY} among them
	 * @param rows rows of exactly columns.size() values
	 */
	public FrameTable(List<String> columns, List<String[]> rows) {
		if (!columns.contains(KEY)) {
			throw new IllegalArgumentException("a frame table needs a " + KEY + " column: " + columns);
		}
		for (String[] r : rows) {
			if (r.length != columns.size()) {
				throw new IllegalArgumentException("row of " + r.length + " values for " + columns.size() + " columns");
			}
		}
		fColumns = List.copyOf(columns);
		fRows = rows;
	}

	/**
	 * Reads tab-separated rows. A first line starting with '#' names the columns; otherwise the
	 * columns must be given.
	 *
	 * @param columns column names when the text has no header line, else null
	 */
	public static FrameTable read(Reader text, @Nullable List<String> columns) throws IOException {
		BufferedReader r = new BufferedReader(text);
		List<String> cols = columns;
		List<String[]> rows = new ArrayList<>();
		String line;
		boolean first = true;
		while ((line = r.readLine()) != null) {
			if (first && line.startsWith("#")) {
				cols = List.of(line.substring(1).split("\t", -1));
				first = false;
				continue;
			}
			first = false;
			if (line.isEmpty()) {
				continue;
			}
			String[] v = line.split("\t", -1);
			if (cols != null && v.length < cols.size()) {
				String[] p = new String[cols.size()];
				for (int i = 0; i < p.length; i++) {
					p[i] = i < v.length ? v[i] : "";
				}
				v = p;
			}
			rows.add(v);
		}
		if (cols == null) {
			throw new IOException("frame table without a header line and no columns given");
		}
		return new FrameTable(cols, rows);
	}

	/** Reads a file written by the generator (header line) or by tshark (then give the -e columns). */
	public static FrameTable read(Path file, @Nullable List<String> columnsIfNoHeader) throws IOException {
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			return read(r, columnsIfNoHeader);
		}
	}

	/**
	 * Runs tshark ({@code tshark -n -r capture ARGS -T fields -e COLUMN...}) and reads its output as a
	 * table: Wireshark's view of a capture, for comparisons with FeedScope's and the generator's.
	 *
	 * @param args options before {@code -T fields}: decode-as bindings ({@link #decodeAsMoldUdp64(int...)}),
	 *            preferences ({@code -o ...})
	 * @param columns the fields to print; {@link #KEY} among them
	 * @return the table, or null when tshark is not installed
	 * @throws IOException if tshark fails or does not finish within two minutes
	 */
	public static @Nullable FrameTable tshark(Path capture, List<String> args, List<String> columns)
			throws IOException, InterruptedException {
		List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString()));
		cmd.addAll(args);
		cmd.addAll(List.of("-T", "fields"));
		for (String c : columns) {
			cmd.add("-e");
			cmd.add(c);
		}
		Process p;
		try {
			p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		} catch (IOException e) {
			return null; // not installed (or not runnable): the caller decides whether that skips or fails
		}
		FrameTable t;
		try (Reader in = new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)) {
			t = read(in, columns);
		}
		if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new IOException("tshark on " + capture + " did not finish within 120 s");
		}
		if (p.exitValue() != 0) {
			throw new IOException("tshark on " + capture + " exited with " + p.exitValue() + ": " + cmd);
		}
		return t;
	}

	/** @return tshark options decoding these UDP ports as MoldUDP64 ({@code -d udp.port==P,moldudp64} each) */
	public static List<String> decodeAsMoldUdp64(int... ports) {
		List<String> out = new ArrayList<>();
		for (int port : ports) {
			out.add("-d");
			out.add("udp.port==" + port + ",moldudp64");
		}
		return out;
	}

	public List<String> columns() {
		return fColumns;
	}

	public int size() {
		return fRows.size();
	}

	/** @return the value of column in row i, trimmed */
	public String value(int i, String column) {
		int c = fColumns.indexOf(column);
		return c < 0 ? "" : fRows.get(i)[c].strip();
	}

	public List<String[]> rows() {
		return Collections.unmodifiableList(fRows);
	}

	/** Keeps only the rows whose frame number passes the filter (e.g. to leave out known divergences). */
	public FrameTable filter(java.util.function.LongPredicate frameNumber) {
		int k = fColumns.indexOf(KEY);
		List<String[]> rows = new ArrayList<>();
		for (String[] r : fRows) {
			if (frameNumber.test(Long.parseLong(r[k].strip()))) {
				rows.add(r);
			}
		}
		return new FrameTable(fColumns, rows);
	}

	/**
	 * Compares two tables frame by frame, on the columns both have. A frame present in one table and
	 * not in the other is a difference; so is any differing value.
	 *
	 * @return the comparison, with the first differences described for a person
	 */
	public static Comparison compare(FrameTable expected, FrameTable actual) {
		List<String> cols = new ArrayList<>();
		for (String c : expected.fColumns) {
			if (actual.fColumns.contains(c)) {
				cols.add(c);
			}
		}
		int[] ec = new int[cols.size()];
		int[] ac = new int[cols.size()];
		for (int i = 0; i < cols.size(); i++) {
			ec[i] = expected.fColumns.indexOf(cols.get(i));
			ac[i] = actual.fColumns.indexOf(cols.get(i));
		}
		List<String[]> e = sorted(expected);
		List<String[]> a = sorted(actual);
		int ek = expected.fColumns.indexOf(KEY);
		int ak = actual.fColumns.indexOf(KEY);
		List<String> diffs = new ArrayList<>();
		int count = 0;
		int compared = 0;
		int i = 0;
		int j = 0;
		while (i < e.size() || j < a.size()) {
			long fe = i < e.size() ? Long.parseLong(e.get(i)[ek].strip()) : Long.MAX_VALUE;
			long fa = j < a.size() ? Long.parseLong(a.get(j)[ak].strip()) : Long.MAX_VALUE;
			if (fe < fa) {
				count++;
				report(diffs, "frame " + fe + ": expected, missing from actual");
				i++;
			} else if (fa < fe) {
				count++;
				report(diffs, "frame " + fa + ": in actual, not expected");
				j++;
			} else {
				compared++;
				for (int c = 0; c < cols.size(); c++) {
					String ve = e.get(i)[ec[c]].strip();
					String va = a.get(j)[ac[c]].strip();
					if (!ve.equals(va)) {
						count++;
						report(diffs, "frame " + fe + " " + cols.get(c) + ": expected '" + abbreviate(ve) + "', actual '"
								+ abbreviate(va) + "'");
					}
				}
				i++;
				j++;
			}
		}
		return new Comparison(compared, count, List.copyOf(diffs), List.copyOf(cols));
	}

	private static List<String[]> sorted(FrameTable t) {
		int k = t.fColumns.indexOf(KEY);
		List<String[]> rows = new ArrayList<>(t.fRows);
		rows.sort((x, y) -> Long.compare(Long.parseLong(x[k].strip()), Long.parseLong(y[k].strip())));
		return rows;
	}

	private static void report(List<String> diffs, String d) {
		if (diffs.size() < MAX_REPORTED) {
			diffs.add(d);
		}
	}

	private static String abbreviate(String v) {
		return v.length() <= 80 ? v : v.substring(0, 77) + "...";
	}
}
