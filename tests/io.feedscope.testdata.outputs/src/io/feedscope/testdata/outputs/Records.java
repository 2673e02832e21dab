package io.feedscope.testdata.outputs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.feedscope.cli.Main;

/** Runs the command line in-process and reads its JSON Lines / CSV output (small readers written for the tests). */
public final class Records {

	public final int exit;
	public final String out;
	public final String err;

	private Records(int exit, String out, String err) {
		this.exit = exit;
		this.out = out;
		this.err = err;
	}

	public static Records run(String... args) {
		ByteArrayOutputStream o = new ByteArrayOutputStream();
		ByteArrayOutputStream e = new ByteArrayOutputStream();
		int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
		return new Records(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
	}

	/** @return every JSON line as a key-ordered map; strings unescaped, numbers as their text */
	public List<Map<String, String>> json() {
		List<Map<String, String>> l = new ArrayList<>();
		for (String line : out.split("\n")) {
			if (!line.isEmpty()) {
				// every record a test reads follows the published schema
				DecodeSchemaCheck.assertValid(line);
				l.add(parseObject(line));
			}
		}
		return l;
	}

	/** Parses one flat JSON object of strings and numbers (what decode writes), strictly. */
	public static Map<String, String> parseObject(String s) {
		Map<String, String> m = new LinkedHashMap<>();
		int[] pos = { 0 };
		expect(s, pos, '{');
		if (s.charAt(pos[0]) == '}') {
			pos[0]++;
		} else {
			while (true) {
				String k = string(s, pos);
				expect(s, pos, ':');
				String v;
				if (s.charAt(pos[0]) == '"') {
					v = string(s, pos);
				} else {
					int b = pos[0];
					while (pos[0] < s.length() && "-0123456789.eE+".indexOf(s.charAt(pos[0])) >= 0) {
						pos[0]++;
					}
					v = s.substring(b, pos[0]);
					if (v.isEmpty()) {
						throw new IllegalArgumentException("bad value at " + b + " in " + s);
					}
				}
				if (m.put(k, v) != null) {
					throw new IllegalArgumentException("duplicate key " + k);
				}
				if (s.charAt(pos[0]) == ',') {
					pos[0]++;
					continue;
				}
				expect(s, pos, '}');
				break;
			}
		}
		if (pos[0] != s.length()) {
			throw new IllegalArgumentException("trailing text in " + s);
		}
		return m;
	}

	private static void expect(String s, int[] pos, char c) {
		if (s.charAt(pos[0]) != c) {
			throw new IllegalArgumentException("expected " + c + " at " + pos[0] + " in " + s);
		}
		pos[0]++;
	}

	private static String string(String s, int[] pos) {
		expect(s, pos, '"');
		StringBuilder b = new StringBuilder();
		pos[0] = Json.stringBody(s, pos[0], b);
		return b.toString();
	}

	/** RFC 4180 reader: rows of cells; CRLF line ends required, quoted cells may hold , " CR LF. */
	public List<List<String>> csv() {
		List<List<String>> rows = new ArrayList<>();
		List<String> row = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		int i = 0;
		String s = out;
		while (i < s.length()) {
			char c = s.charAt(i);
			if (c == '"' && cell.isEmpty()) {
				i++;
				while (true) {
					char q = s.charAt(i++);
					if (q == '"') {
						if (i < s.length() && s.charAt(i) == '"') {
							cell.append('"');
							i++;
						} else {
							break;
						}
					} else {
						cell.append(q);
					}
				}
				char after = s.charAt(i);
				if (after != ',' && after != '\r') {
					throw new IllegalArgumentException("text after a closing quote at " + i);
				}
				continue;
			}
			if (c == ',') {
				row.add(cell.toString());
				cell.setLength(0);
				i++;
			} else if (c == '\r') {
				if (s.charAt(i + 1) != '\n') {
					throw new IllegalArgumentException("CR without LF at " + i);
				}
				row.add(cell.toString());
				cell.setLength(0);
				rows.add(row);
				row = new ArrayList<>();
				i += 2;
			} else if (c == '\n' || c == '"') {
				throw new IllegalArgumentException("bare " + (c == '"' ? "quote" : "LF") + " at " + i);
			} else {
				cell.append(c);
				i++;
			}
		}
		if (!row.isEmpty() || !cell.isEmpty()) {
			throw new IllegalArgumentException("last line without CRLF");
		}
		return rows;
	}
}
