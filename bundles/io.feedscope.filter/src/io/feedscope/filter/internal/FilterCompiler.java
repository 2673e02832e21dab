package io.feedscope.filter.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.filter.DisplayFilter;
import io.feedscope.filter.FieldValues;
import io.feedscope.filter.FilterSyntaxException;
import io.feedscope.filter.internal.DisplayFilterParser.AndExprContext;
import io.feedscope.filter.internal.DisplayFilterParser.CompareExprContext;
import io.feedscope.filter.internal.DisplayFilterParser.ContainsExprContext;
import io.feedscope.filter.internal.DisplayFilterParser.ExistsExprContext;
import io.feedscope.filter.internal.DisplayFilterParser.ExprContext;
import io.feedscope.filter.internal.DisplayFilterParser.InExprContext;
import io.feedscope.filter.internal.DisplayFilterParser.LiteralContext;
import io.feedscope.filter.internal.DisplayFilterParser.NotExprContext;
import io.feedscope.filter.internal.DisplayFilterParser.OrExprContext;
import io.feedscope.filter.internal.DisplayFilterParser.ParenExprContext;

/**
 * Parses filter text with the generated ANTLR parser and turns the parse tree into a tree of
 * {@link Node}s, which is all that is kept: testing a record walks small final classes, no ANTLR.
 */
public final class FilterCompiler {

	private FilterCompiler() {
	}

	public static DisplayFilter compile(String text, @Nullable Set<String> known) throws FilterSyntaxException {
		if (text.isBlank()) {
			return new Compiled(text, Node.TRUE, Set.of()); // as in Wireshark: no filter shows everything
		}
		DisplayFilterLexer lexer = new DisplayFilterLexer(CharStreams.fromString(text));
		lexer.removeErrorListeners(); // ERRCHAR catches every character: the lexer itself never fails
		DisplayFilterParser parser = new DisplayFilterParser(new CommonTokenStream(lexer));
		parser.removeErrorListeners();
		parser.addErrorListener(new Errors());
		ExprContext tree;
		try {
			tree = parser.filter().expr();
		} catch (ParseCancellationException e) {
			Throwable c = e.getCause();
			if (c instanceof FilterSyntaxException f) {
				throw f;
			}
			throw new FilterSyntaxException("cannot read the filter at column 1", 1, text.length());
		}
		Set<String> fields = new LinkedHashSet<>();
		Node root = build(tree, known, fields);
		return new Compiled(text, root, Collections.unmodifiableSet(fields));
	}

	private record Compiled(String text, Node root, Set<String> fields) implements DisplayFilter {
		@Override
		public boolean test(FieldValues record) {
			return root.test(record);
		}

		@Override
		public String toString() {
			return text;
		}
	}

	// ------------------------------------------------------------------ tree building

	private static Node build(ExprContext e, @Nullable Set<String> known, Set<String> fields)
			throws FilterSyntaxException {
		if (e instanceof NotExprContext n) {
			return new Node.Not(build(n.expr(), known, fields));
		}
		if (e instanceof AndExprContext a) {
			return new Node.And(build(a.expr(0), known, fields), build(a.expr(1), known, fields));
		}
		if (e instanceof OrExprContext o) {
			return new Node.Or(build(o.expr(0), known, fields), build(o.expr(1), known, fields));
		}
		if (e instanceof ParenExprContext p) {
			return build(p.expr(), known, fields);
		}
		if (e instanceof ExistsExprContext x) {
			return new Node.Exists(field(x.FIELD().getSymbol(), known, fields));
		}
		if (e instanceof CompareExprContext c) {
			String f = field(c.FIELD().getSymbol(), known, fields);
			return compare(f, c.op.getType(), c.literal());
		}
		if (e instanceof ContainsExprContext c) {
			String f = field(c.FIELD().getSymbol(), known, fields);
			return new Node.Contains(f, unquote(c.STRING().getSymbol()));
		}
		if (e instanceof InExprContext in) {
			String f = field(in.FIELD().getSymbol(), known, fields);
			List<Node> alternatives = new ArrayList<>();
			for (LiteralContext l : in.literal()) {
				alternatives.add(compare(f, DisplayFilterParser.EQ, l));
			}
			return new Node.AnyOf(alternatives.toArray(new Node[0]));
		}
		throw new IllegalStateException("grammar alternative without a node: " + e.getClass().getSimpleName());
	}

	private static Node compare(String field, int op, LiteralContext l) throws FilterSyntaxException {
		Token t = l.getStart();
		if (t.getType() == DisplayFilterLexer.STRING) {
			return new Node.CompareString(field, op, unquote(t));
		}
		BigDecimal v;
		try {
			String s = t.getText();
			if (s.startsWith("0x") || s.startsWith("0X")) {
				v = new BigDecimal(new BigInteger(s.substring(2), 16));
			} else {
				v = new BigDecimal(s);
			}
			v.unscaledValue().longValueExact();
		} catch (NumberFormatException | ArithmeticException x) {
			throw new FilterSyntaxException("number '" + t.getText() + "' at column " + column(t) + " is too large",
					column(t), t.getText().length());
		}
		return new Node.CompareNumber(field, op, v.unscaledValue().longValue(), v.scale());
	}

	private static String field(Token t, @Nullable Set<String> known, Set<String> fields) throws FilterSyntaxException {
		String name = t.getText();
		if (known != null && !known.contains(name)) {
			String near = nearest(name, known);
			throw new FilterSyntaxException("unknown field '" + name + "' at column " + column(t)
					+ (near == null ? "" : ": did you mean '" + near + "'?"), column(t), name.length());
		}
		fields.add(name);
		return name.intern();
	}

	/** @return the known name closest in edit distance, if close enough to be a likely typo */
	static @Nullable String nearest(String name, Set<String> known) {
		String best = null;
		int bestD = Integer.MAX_VALUE;
		for (String k : known) {
			int d = distance(name, k);
			if (d < bestD || d == bestD && best != null && k.compareTo(best) < 0) {
				bestD = d;
				best = k;
			}
		}
		return best != null && bestD <= Math.max(2, name.length() / 3) ? best : null;
	}

	private static int distance(String a, String b) {
		int[] prev = new int[b.length() + 1];
		int[] cur = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			prev[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			cur[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
				cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
			}
			int[] x = prev;
			prev = cur;
			cur = x;
		}
		return prev[b.length()];
	}

	private static String unquote(Token t) throws FilterSyntaxException {
		String s = t.getText();
		StringBuilder b = new StringBuilder(s.length());
		for (int i = 1; i < s.length() - 1; i++) {
			char c = s.charAt(i);
			if (c != '\\') {
				b.append(c);
				continue;
			}
			char e = s.charAt(++i);
			switch (e) {
			case 'n' -> b.append('\n');
			case 't' -> b.append('\t');
			case 'r' -> b.append('\r');
			case '0' -> b.append('\0');
			case '"', '\\', '\'' -> b.append(e);
			case 'x' -> {
				if (!isHex(s, i + 1) || !isHex(s, i + 2)) {
					throw new FilterSyntaxException("'\\x' needs two hex digits at column " + (column(t) + i - 1),
							column(t) + i - 1, 2);
				}
				b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
				i += 2;
			}
			default -> throw new FilterSyntaxException("unknown escape '\\" + e + "' at column " + (column(t) + i - 1)
					+ ": use \\\", \\\\, \\n, \\t, \\r, \\0 or \\xHH", column(t) + i - 1, 2);
			}
		}
		return b.toString();
	}

	private static boolean isHex(String s, int i) {
		return i < s.length() - 1 && Character.digit(s.charAt(i), 16) >= 0;
	}

	static int column(Token t) {
		return t.getCharPositionInLine() + 1;
	}

	// ------------------------------------------------------------------ errors

	/** Turns the first syntax error into a message for a person, and stops the parse. */
	private static final class Errors extends BaseErrorListener {
		@Override
		public void syntaxError(Recognizer<?, ?> recognizer, @Nullable Object offendingSymbol, int line,
				int charPositionInLine, @Nullable String msg, @Nullable RecognitionException e) {
			int col = charPositionInLine + 1;
			Token t = offendingSymbol instanceof Token tok ? tok : null;
			String text = t == null ? "" : t.getText();
			int type = t == null ? Token.INVALID_TYPE : t.getType();
			String expected = recognizer instanceof Parser p ? expected(p.getExpectedTokens()) : "";
			String m;
			switch (type) {
			case DisplayFilterLexer.ASSIGN -> m = "unknown operator '=' at column " + col + ": did you mean '=='?";
			case DisplayFilterLexer.AMP -> m = "unknown operator '&' at column " + col + ": did you mean '&&' (and)?";
			case DisplayFilterLexer.BAR -> m = "unknown operator '|' at column " + col + ": did you mean '||' (or)?";
			case DisplayFilterLexer.ERRCHAR -> m = text.equals("\"") ? "string starting at column " + col + " is not closed"
					: "unexpected character '" + text + "' at column " + col;
			case Token.EOF -> m = "the filter ends too early at column " + col + (expected.isEmpty() ? "" : ": expected " + expected);
			default -> m = "unexpected '" + text + "' at column " + col + (expected.isEmpty() ? "" : ": expected " + expected);
			}
			throw new ParseCancellationException(new FilterSyntaxException(m, col, Math.max(1, text.length())));
		}

		private static String expected(IntervalSet s) {
			List<String> parts = new ArrayList<>();
			if (s.contains(DisplayFilterLexer.INTEGER) || s.contains(DisplayFilterLexer.STRING)) {
				parts.add(s.contains(DisplayFilterLexer.INTEGER) ? "a value (a number or a \"string\")" : "a \"string\"");
			} else if (s.contains(DisplayFilterLexer.STRING)) {
				parts.add("a \"string\"");
			}
			if (s.contains(DisplayFilterLexer.FIELD)) {
				parts.add("a field name");
			}
			if (s.contains(DisplayFilterLexer.EQ)) {
				parts.add("an operator (==, !=, <, <=, >, >=, contains, in)");
			}
			// after a complete expression (end or ')' may follow) 'and'/'or' may always follow too, even
			// where ANTLR's expected set, computed in the left-recursive rule, leaves them out
			if (s.contains(DisplayFilterLexer.AND) || s.contains(Token.EOF) || s.contains(DisplayFilterLexer.RPAREN)) {
				parts.add("'and' or 'or'");
			}
			if (s.contains(DisplayFilterLexer.RPAREN)) {
				parts.add("')'");
			}
			if (s.contains(DisplayFilterLexer.RBRACE)) {
				parts.add("'}'");
			}
			if (s.contains(DisplayFilterLexer.LBRACE) && parts.isEmpty()) {
				parts.add("'{'");
			}
			return String.join(" or ", parts);
		}
	}
}
