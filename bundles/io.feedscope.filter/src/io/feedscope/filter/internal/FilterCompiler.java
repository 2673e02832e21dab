package io.feedscope.filter.internal;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.eclipse.jdt.annotation.NonNull;
import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.filter.DisplayFilter;
import io.feedscope.filter.FieldType;
import io.feedscope.filter.FieldValues;
import io.feedscope.filter.FieldVocabulary;
import io.feedscope.filter.FilterField;
import io.feedscope.filter.FilterSyntaxException;
import io.feedscope.filter.internal.parser.DisplayFilterParser.AndExprContext;
import io.feedscope.filter.internal.parser.DisplayFilterParser.CallOperandContext;
import io.feedscope.filter.internal.parser.DisplayFilterParser.CompareExprContext;
import io.feedscope.filter.internal.parser.DisplayFilterParser.ContainsExprContext;
import io.feedscope.filter.internal.parser.DisplayFilterParser.ElementContext;
import io.feedscope.filter.internal.parser.DisplayFilterParser.ExistsExprContext;
import io.feedscope.filter.internal.parser.DisplayFilterParser.ExprContext;
import io.feedscope.filter.internal.parser.DisplayFilterParser.FieldOperandContext;
import io.feedscope.filter.internal.parser.DisplayFilterParser.InExprContext;
import io.feedscope.filter.internal.parser.DisplayFilterParser.LiteralContext;
import io.feedscope.filter.internal.parser.DisplayFilterParser.MatchesExprContext;
import io.feedscope.filter.internal.parser.DisplayFilterParser.NotExprContext;
import io.feedscope.filter.internal.parser.DisplayFilterParser.OperandContext;
import io.feedscope.filter.internal.parser.DisplayFilterParser.OrExprContext;
import io.feedscope.filter.internal.parser.DisplayFilterParser.ParenExprContext;
import io.feedscope.filter.internal.parser.DisplayFilterParser.RangeContext;
import io.feedscope.filter.internal.parser.DisplayFilterParser.SliceOperandContext;
import io.feedscope.filter.internal.parser.DisplayFilterParser.ValueContext;
import io.feedscope.filter.internal.parser.DisplayFilterLexer;
import io.feedscope.filter.internal.parser.DisplayFilterParser;

/**
 * Parses filter text with the generated ANTLR parser and turns the parse tree into a tree of
 * {@link Node}s, which is all that is kept: testing a record walks small final classes, no ANTLR.
 * Literals are read here, by the type of what they are compared with (an IPv4 address for
 * {@code ip.dst}, a MAC for {@code eth.src}, a date for {@code frame.time}); every error names its column
 * once, in the message, and its length for a caret.
 */
public final class FilterCompiler {

	private static final List<String> FUNCTIONS = List.of("len", "upper", "lower", "count", "string");

	private final @Nullable Set<String> fKnown;
	private final @Nullable FieldVocabulary fVocabulary;
	private final ZoneId fZone;
	private final Set<String> fFields = new LinkedHashSet<>();

	private FilterCompiler(@Nullable Set<String> known, @Nullable FieldVocabulary vocabulary, ZoneId zone) {
		fKnown = known;
		fVocabulary = vocabulary;
		fZone = zone;
	}

	/** Compiles with names only (no types): values are read as what they look like. */
	public static DisplayFilter compile(String text, @Nullable Set<String> known) throws FilterSyntaxException {
		return new FilterCompiler(known, null, ZoneId.systemDefault()).run(text);
	}

	/** Compiles against typed fields; dates without a zone are in the given zone (Wireshark: local time). */
	public static DisplayFilter compile(String text, FieldVocabulary vocabulary, ZoneId zone) throws FilterSyntaxException {
		return new FilterCompiler(vocabulary.names(), vocabulary, zone).run(text);
	}

	private DisplayFilter run(String text) throws FilterSyntaxException {
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
		Node root = build(tree);
		return new Compiled(text, root, Collections.unmodifiableSet(fFields));
	}

	// components annotated explicitly: ECJ does not apply the package default to a record's implicit accessors
	private record Compiled(@NonNull String text, Node root, @NonNull Set<String> fields) implements DisplayFilter {
		@Override
		public boolean test(FieldValues record) {
			return root.test(record);
		}

		@Override
		public String toString() {
			return text;
		}
	}

	// ------------------------------------------------------------------ tests

	private Node build(ExprContext e) throws FilterSyntaxException {
		if (e instanceof NotExprContext n) {
			return new Node.Not(build(n.expr()));
		}
		if (e instanceof AndExprContext a) {
			return new Node.And(build(a.expr(0)), build(a.expr(1)));
		}
		if (e instanceof OrExprContext o) {
			return new Node.Or(build(o.expr(0)), build(o.expr(1)));
		}
		if (e instanceof ParenExprContext p) {
			return build(p.expr());
		}
		if (e instanceof ExistsExprContext x) {
			return new Node.Exists(operand(x.operand()));
		}
		if (e instanceof CompareExprContext c) {
			return compare(c);
		}
		if (e instanceof ContainsExprContext c) {
			return contains(c);
		}
		if (e instanceof MatchesExprContext m) {
			return matches(m);
		}
		if (e instanceof InExprContext in) {
			return in(in);
		}
		throw new IllegalStateException("grammar alternative without a node: " + e.getClass().getSimpleName());
	}

	/** @return the quantifier written before the test, or the operator's own */
	private static boolean quantifier(@Nullable Token q, boolean dflt) {
		return q == null ? dflt : q.getType() == DisplayFilterLexer.ALL;
	}

	private Node compare(CompareExprContext c) throws FilterSyntaxException {
		Operand left = operand(c.operand());
		int tok = c.op.getType();
		int op;
		boolean all;
		switch (tok) {
		case DisplayFilterLexer.EQ -> { op = Node.EQ; all = Node.ANY; }
		case DisplayFilterLexer.NE -> { op = Node.NE; all = Node.ALL; } // Wireshark 4: != is all_ne
		case DisplayFilterLexer.ALL_EQ -> { op = Node.EQ; all = Node.ALL; }
		case DisplayFilterLexer.ANY_NE -> { op = Node.NE; all = Node.ANY; }
		case DisplayFilterLexer.LT -> { op = Node.LT; all = Node.ANY; }
		case DisplayFilterLexer.LE -> { op = Node.LE; all = Node.ANY; }
		case DisplayFilterLexer.GT -> { op = Node.GT; all = Node.ANY; }
		default -> { op = Node.GE; all = Node.ANY; }
		}
		all = quantifier(c.quant, all);
		Object right = value(c.value(), left);
		if (right instanceof Network n) {
			if (op != Node.EQ && op != Node.NE) {
				throw error(c.value().getStart(), "network '" + n.text + "' at column " + column(c.value().getStart())
						+ " can only be compared with == or != (or in {...})", n.text.length());
			}
			return new Node.InNetwork(all, left, n.network, n.mask, op == Node.EQ);
		}
		Operand r = (Operand) right;
		checkComparable(left, r, c.value().getStart());
		return new Node.Compare(all, left, op, r);
	}

	private Node contains(ContainsExprContext c) throws FilterSyntaxException {
		Operand left = operand(c.operand());
		FieldType t = left.fType;
		Token at = c.operand().getStart();
		if (t != null && t.isNumber() && t.byteWidth() == 0) {
			throw error(at, "'" + left.fText + "' at column " + column(at) + " is " + article(t)
					+ ": contains works on text and bytes", left.fText.length());
		}
		ValueContext v = c.value();
		Operand right;
		if (v.literal() != null) {
			Token lt = v.literal().getStart();
			boolean text = t == null || t.isText();
			if (text && lt.getType() != DisplayFilterLexer.STRING && lt.getType() != DisplayFilterLexer.RAWSTRING) {
				throw error(lt, "unexpected '" + lt.getText() + "' at column " + column(lt) + ": expected a \"string\"",
						lt.getText().length());
			}
			if (text) {
				right = Operand.Literal.string(lt.getText(), string(lt));
			} else if (lt.getType() == DisplayFilterLexer.STRING || lt.getType() == DisplayFilterLexer.RAWSTRING) {
				right = Operand.Literal.string(lt.getText(), string(lt));
			} else {
				// bytes or an address: the needle is a byte string (eth.src contains 1b:21)
				byte[] b = Literals.bytes(lt.getText());
				if (b == null) {
					throw error(lt, "'" + lt.getText() + "' at column " + column(lt)
							+ " is not a byte string (hex digits such as 1b:21) or a \"string\"", lt.getText().length());
				}
				right = Operand.Literal.bytes(lt.getText(), b);
			}
		} else {
			right = operand(v.operand());
		}
		return new Node.Contains(quantifier(c.quant, Node.ANY), left, right);
	}

	private Node matches(MatchesExprContext m) throws FilterSyntaxException {
		Operand left = operand(m.operand());
		FieldType t = left.fType;
		Token at = m.operand().getStart();
		if (t != null && t.isNumber()) {
			throw error(at, "'" + left.fText + "' at column " + column(at) + " is " + article(t) + ": matches works on text"
					+ (left instanceof Operand.Field ? " (string(" + left.fText + ") makes text of it)" : ""), left.fText.length());
		}
		ValueContext v = m.value();
		Token lt = v.getStart();
		if (v.literal() == null || lt.getType() != DisplayFilterLexer.STRING && lt.getType() != DisplayFilterLexer.RAWSTRING) {
			throw error(lt, "unexpected '" + lt.getText() + "' at column " + column(lt)
					+ ": matches needs a regular expression in double quotes", lt.getText().length());
		}
		String regex = string(lt);
		Pattern p;
		try {
			// case-insensitive by default, as in Wireshark (PCRE2 with CASELESS); (?-i) turns it off
			p = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
		} catch (PatternSyntaxException e) {
			throw error(lt, "regular expression at column " + column(lt) + " is not valid: " + e.getDescription(),
					lt.getText().length());
		}
		return new Node.Matches(quantifier(m.quant, Node.ANY), left, p);
	}

	private Node in(InExprContext in) throws FilterSyntaxException {
		Operand left = operand(in.operand());
		List<Operand> low = new ArrayList<>();
		List<Operand> high = new ArrayList<>();
		List<Boolean> network = new ArrayList<>();
		for (ElementContext e : in.element()) {
			List<ValueContext> vs = e.value();
			Token t = e.getStart();
			if (vs.size() == 1 && vs.get(0).literal() != null && t.getType() == DisplayFilterLexer.WORD && t.getText().contains("..")) {
				// 10..20 lexed as one WORD
				String s = t.getText();
				int k = s.indexOf("..");
				Object lo = literalText(t, s.substring(0, k), left);
				Object hi = literalText(t, s.substring(k + 2), left);
				addRange(lo, hi, t, low, high, network);
				continue;
			}
			Object lo = element(vs.get(0), left);
			Object hi = vs.size() > 1 ? element(vs.get(1), left) : lo;
			addRange(lo, hi, t, low, high, network);
		}
		boolean[] nets = new boolean[network.size()];
		for (int i = 0; i < nets.length; i++) {
			nets[i] = network.get(i);
		}
		Node n = new Node.In(quantifier(in.quant, Node.ANY), left, low.toArray(new Operand[0]), high.toArray(new Operand[0]), nets);
		return in.negated == null ? n : new Node.Not(n); // 'not in' is not(in), as in Wireshark: true when absent too
	}

	/** @return a set element: a literal or a network, never a field */
	private Object element(ValueContext v, Operand against) throws FilterSyntaxException {
		Object r = value(v, against);
		if (r instanceof Operand o && !(o instanceof Operand.Literal)) {
			throw error(v.getStart(), "'" + v.getText() + "' at column " + column(v.getStart()) + ": a set holds values, not fields",
					v.getText().length());
		}
		return r;
	}

	private static void addRange(Object lo, Object hi, Token t, List<Operand> low, List<Operand> high, List<Boolean> network)
			throws FilterSyntaxException {
		if (lo instanceof Network n) {
			if (hi != lo) {
				throw error(t, "network '" + n.text + "' at column " + column(t) + " cannot bound a range", t.getText().length());
			}
			low.add(Operand.Literal.number(n.text, n.network, 0));
			high.add(Operand.Literal.number(n.text, n.mask, 0));
			network.add(true);
			return;
		}
		if (hi instanceof Network n) {
			throw error(t, "network '" + n.text + "' at column " + column(t) + " cannot bound a range", t.getText().length());
		}
		low.add((Operand) lo);
		high.add((Operand) hi);
		network.add(false);
	}

	// ------------------------------------------------------------------ operands

	private Operand operand(OperandContext o) throws FilterSyntaxException {
		if (o instanceof FieldOperandContext f) {
			return field(f.FIELD().getSymbol());
		}
		if (o instanceof SliceOperandContext s) {
			Operand inner = operand(s.operand());
			FieldType t = inner.fType;
			if (t != null && t.isNumber() && t.byteWidth() == 0) {
				Token at = s.operand().getStart();
				throw error(at, "'" + inner.fText + "' at column " + column(at) + " is " + article(t)
						+ " and cannot be sliced into bytes (slices take text, bytes and addresses)", inner.fText.length());
			}
			List<int[]> ranges = new ArrayList<>();
			for (RangeContext r : s.range()) {
				ranges.add(range(r.getStart()));
			}
			return new Operand.Slice(inner, ranges.toArray(new int[0][]), s.getText());
		}
		CallOperandContext c = (CallOperandContext) o;
		Token name = c.FIELD().getSymbol();
		Operand.Call.Function fn = switch (name.getText()) {
		case "len" -> Operand.Call.Function.LEN;
		case "upper" -> Operand.Call.Function.UPPER;
		case "lower" -> Operand.Call.Function.LOWER;
		case "count" -> Operand.Call.Function.COUNT;
		case "string" -> Operand.Call.Function.STRING;
		default -> {
			String near = nearest(name.getText(), FUNCTIONS);
			throw error(name, "unknown function '" + name.getText() + "' at column " + column(name)
					+ (near != null ? ": did you mean '" + near + "'?" : ": the functions are " + String.join(", ", FUNCTIONS)),
					name.getText().length());
		}
		};
		Operand arg = operand(c.operand());
		FieldType t = arg.fType;
		Token at = c.operand().getStart();
		String problem = switch (fn) {
		case LEN -> t != null && t.isNumber() && t.byteWidth() == 0 ? "len() takes text, bytes or an address" : null;
		case UPPER, LOWER -> t != null && t.isNumber() ? name.getText() + "() takes text" : null;
		case COUNT -> arg instanceof Operand.Field ? null : "count() takes a field";
		case STRING -> t != null && !t.isNumber() ? "string() takes a field that is not text or bytes already" : null;
		};
		if (problem != null) {
			throw error(at, "'" + arg.fText + "' at column " + column(at) + (t == null ? "" : " is " + article(t)) + ": "
					+ problem, arg.fText.length());
		}
		return new Operand.Call(fn, arg, c.getText());
	}

	private static final Pattern ONE = Pattern.compile("-?\\d+");
	private static final Pattern LENGTH = Pattern.compile("(-?\\d+)?:(\\d+)?");
	private static final Pattern END = Pattern.compile("(-?\\d+)-(-?\\d+)");

	/** @return {start, kind, n}: kind 0 = n bytes, 1 = to n inclusive, 2 = to the end */
	private static int[] range(Token t) throws FilterSyntaxException {
		String s = t.getText();
		try {
			if (ONE.matcher(s).matches()) {
				return new int[] { Integer.parseInt(s), 0, 1 };
			}
			Matcher m = LENGTH.matcher(s);
			if (m.matches() && (m.group(1) != null || m.group(2) != null)) {
				int start = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
				return m.group(2) == null ? new int[] { start, 2, 0 } : new int[] { start, 0, Integer.parseInt(m.group(2)) };
			}
			m = END.matcher(s);
			if (m.matches()) {
				return new int[] { Integer.parseInt(m.group(1)), 1, Integer.parseInt(m.group(2)) };
			}
		} catch (NumberFormatException e) {
			// too large: worded below
		}
		throw error(t, "slice '" + s + "' at column " + column(t) + " is not a range: use [i:length], [i-end], [i], [:length] or [i:]",
				s.length());
	}

	private Operand.Field field(Token t) throws FilterSyntaxException {
		String name = t.getText();
		Set<String> known = fKnown;
		if (known != null && !known.contains(name)) {
			String near = nearest(name, known);
			throw error(t, "unknown field '" + name + "' at column " + column(t)
					+ (near == null ? "" : ": did you mean '" + near + "'?"), name.length());
		}
		fFields.add(name);
		FieldVocabulary v = fVocabulary;
		FilterField f = v == null ? null : v.get(name);
		return new Operand.Field(name.intern(), f == null ? null : f.type());
	}

	// ------------------------------------------------------------------ values and literals

	/** A CIDR network literal ({@code 233.54.12.0/24}). */
	private record Network(String text, long network, long mask) {
	}

	/** @return an Operand, or a Network for a CIDR literal */
	private Object value(ValueContext v, Operand against) throws FilterSyntaxException {
		if (v.literal() != null) {
			return literal(v.literal().getStart(), against);
		}
		OperandContext o = v.operand();
		if (o instanceof FieldOperandContext f) {
			// a name that is no field is a literal (aa.bb.cc.dd.ee.ff, a word), as Wireshark reads it
			Token t = f.FIELD().getSymbol();
			Set<String> known = fKnown;
			if (known == null ? readable(t, against) : !known.contains(t.getText())) {
				return literal(t, against);
			}
		}
		return operand(o);
	}

	private boolean readable(Token t, Operand against) {
		try {
			literal(t, against);
			return true;
		} catch (FilterSyntaxException e) {
			return false;
		}
	}

	private Object literal(Token t, Operand against) throws FilterSyntaxException {
		return literalText(t, t.getText(), against);
	}

	/** Reads a literal (the token's text, or part of it for a range) as the type it is compared with. */
	private Object literalText(Token t, String s, Operand against) throws FilterSyntaxException {
		int type = t.getType();
		boolean quoted = type == DisplayFilterLexer.STRING || type == DisplayFilterLexer.RAWSTRING;
		FieldType ft = against.fType;
		String what = "'" + s + "' at column " + column(t);
		String name = against.fText;
		if (type == DisplayFilterLexer.CHARCONST) {
			int c = Literals.character(s);
			if (c < 0) {
				throw error(t, "character constant " + what + " is not valid", s.length());
			}
			String str = String.valueOf((char) c);
			return new Operand.Literal(s, Operand.NUM | Operand.STR | Operand.BYTES, c, 0, str, new byte[] { (byte) c });
		}
		if (ft == null) {
			if (quoted) {
				return Operand.Literal.string(s, string(t));
			}
			return untyped(t, s);
		}
		if (ft.isText()) {
			if (!quoted) {
				throw error(t, what + ": " + name + " is text: write the value in double quotes (\"" + s + "\")", s.length());
			}
			return Operand.Literal.string(s, string(t));
		}
		if (ft.isBytes()) {
			if (quoted) {
				return Operand.Literal.string(s, string(t));
			}
			byte[] b = Literals.bytes(s);
			if (b == null) {
				throw error(t, what + " is not a byte string (hex digits such as 00:1b:21, 00-1b-21 or 001b21, or a \"string\")",
						s.length());
			}
			return Operand.Literal.bytes(s, b);
		}
		if (quoted && ft != FieldType.ABSOLUTE_TIME) {
			throw error(t, what + ": " + name + " is " + article(ft) + ", not text: write it without quotes", s.length());
		}
		switch (ft) {
		case IPV4: {
			long[] a = Literals.ipv4(s);
			if (a == null) {
				throw error(t, what + " is not an IPv4 address (a.b.c.d, or a.b.c.d/n for a network; host names are not looked up)"
						+ suggestField(s), s.length());
			}
			if (a[1] < 32) {
				long mask = Literals.mask((int) a[1]);
				return new Network(s, a[0] & mask, mask);
			}
			return Operand.Literal.number(s, a[0], 0);
		}
		case ETHER: {
			Long m = Literals.ether(s);
			if (m == null) {
				throw error(t, what + " is not a MAC address (00:1b:21:3a:0a:10, 00-1b-21-3a-0a-10 or 001b.213a.0a10)"
						+ suggestField(s), s.length());
			}
			return Operand.Literal.number(s, m, 0);
		}
		case ABSOLUTE_TIME: {
			if (!quoted) {
				throw error(t, what + ": " + name + " is a date and time: write it in double quotes, \"2026-01-01 09:34:00\" or "
						+ "\"Jan  1, 2026 09:34:00\" (frame.time_epoch takes seconds since 1970)", s.length());
			}
			Long ns = Literals.time(string(t), fZone);
			if (ns == null) {
				throw error(t, "date " + what + " is not valid: write \"2026-01-01 09:34:00[.fraction]\" or "
						+ "\"Jan  1, 2026 09:34:00[.fraction]\" (local time; append Z or UTC for UTC)", s.length());
			}
			return Operand.Literal.number(s, ns, 9);
		}
		case UNSIGNED, SIGNED, TIME_OF_DAY: {
			if (type == DisplayFilterLexer.DECIMAL) {
				return decimal(t, s);
			}
			Long v = Literals.integer(s, true);
			if (v == null) {
				if (Literals.decimal(s) != null) {
					throw error(t, "number " + what + " is too large", s.length());
				}
				throw error(t, what + " is not a number (" + name + " is " + article(ft) + ")" + suggestField(s), s.length());
			}
			return Operand.Literal.number(s, v, 0);
		}
		default: // DECIMAL, RELATIVE_TIME: exact decimals (seconds for times)
			return decimal(t, s);
		}
	}

	/** A literal compared with a name of no known type: a string, a number, an address. */
	private static Object untyped(Token t, String s) throws FilterSyntaxException {
		int type = t.getType();
		if (type == DisplayFilterLexer.INTEGER || type == DisplayFilterLexer.DECIMAL) {
			return decimal(t, s);
		}
		long[] a = Literals.ipv4(s);
		if (a != null) {
			if (a[1] < 32) {
				long mask = Literals.mask((int) a[1]);
				return new Network(s, a[0] & mask, mask);
			}
			return Operand.Literal.number(s, a[0], 0);
		}
		Long m = Literals.ether(s);
		if (m != null) {
			return Operand.Literal.number(s, m, 0);
		}
		BigDecimal d = Literals.decimal(s);
		if (d != null) {
			return decimal(t, s);
		}
		byte[] b = Literals.bytes(s);
		if (b != null) {
			return Operand.Literal.bytes(s, b);
		}
		throw error(t, "cannot read '" + s + "' at column " + column(t) + ": not a number, an address or a \"string\"", s.length());
	}

	private static Operand.Literal decimal(Token t, String s) throws FilterSyntaxException {
		BigDecimal v = Literals.decimal(s);
		if (v == null) {
			throw error(t, "'" + s + "' at column " + column(t) + " is not a number", s.length());
		}
		try {
			v.unscaledValue().longValueExact();
		} catch (ArithmeticException x) {
			throw error(t, "number '" + s + "' at column " + column(t) + " is too large", s.length());
		}
		return Operand.Literal.number(s, v.unscaledValue().longValue(), v.scale());
	}

	/** @return ": did you mean 'F'?" when the literal looks like a mistyped field name */
	private String suggestField(String s) {
		Set<String> known = fKnown;
		if (known == null || !s.matches("[a-zA-Z_][a-zA-Z0-9_]*(\\.[a-zA-Z0-9_]+)+")) {
			return "";
		}
		String near = nearest(s, known);
		return near == null ? "" : ": did you mean '" + near + "'?";
	}

	/** Fields compared with fields: same kind of value (numbers, times, addresses, text/bytes) or an error. */
	private static void checkComparable(Operand left, Operand right, Token at) throws FilterSyntaxException {
		FieldType a = left.fType;
		FieldType b = right.fType;
		if (a == null || b == null || family(a) == family(b) || family(a) >= 10 && family(b) >= 10) {
			return;
		}
		if ((a.byteWidth() > 0 && family(b) >= 10) || (b.byteWidth() > 0 && family(a) >= 10)) {
			return; // an address against bytes or text: by bytes, as a slice would
		}
		throw error(at, "'" + right.fText + "' at column " + column(at) + " is " + article(b) + " and cannot be compared with '"
				+ left.fText + "' (" + article(a) + ")", right.fText.length());
	}

	/** @return a number per kind of value that compares with itself; 10 and above compare as bytes */
	private static int family(FieldType t) {
		return switch (t) {
		case UNSIGNED, SIGNED, DECIMAL, TIME_OF_DAY -> 1;
		case RELATIVE_TIME -> 2;
		case ABSOLUTE_TIME -> 3;
		case IPV4 -> 4;
		case ETHER -> 5;
		case CHAR, STRING -> 10;
		case BYTES, PROTOCOL -> 11;
		};
	}

	/** @return the type with its article, for messages: "an IPv4 address", "a date and time" */
	private static String article(FieldType t) {
		String d = t.description();
		if (!d.startsWith("IPv4") && !d.startsWith("Ethernet")) {
			d = Character.toLowerCase(d.charAt(0)) + d.substring(1);
		}
		return ("aeiouAEIOU".indexOf(d.charAt(0)) >= 0 ? "an " : "a ") + d;
	}

	/** @return the known name closest in edit distance, if close enough to be a likely typo */
	static @Nullable String nearest(String name, java.util.Collection<String> known) {
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

	/** @return the text of a "string" (escapes read) or r"raw string" (backslashes kept) */
	private static String string(Token t) throws FilterSyntaxException {
		String s = t.getText();
		if (t.getType() == DisplayFilterLexer.RAWSTRING) {
			return s.substring(2, s.length() - 1);
		}
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
			case 'a' -> b.append('\u0007');
			case 'b' -> b.append('\b');
			case 'f' -> b.append('\f');
			case 'v' -> b.append('\u000b');
			case '"', '\\', '\'' -> b.append(e);
			case 'x' -> {
				if (!isHex(s, i + 1) || !isHex(s, i + 2)) {
					throw error(t, "'\\x' needs two hex digits at column " + (column(t) + i - 1), column(t) + i - 1, 2);
				}
				b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
				i += 2;
			}
			case '0', '1', '2', '3', '4', '5', '6', '7' -> {
				// \0 alone, or \NNN octal as in C and Wireshark
				int end = i;
				while (end < s.length() - 1 && end < i + 3 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
					end++;
				}
				b.append((char) (Integer.parseInt(s.substring(i, end), 8) & 0xff));
				i = end - 1;
			}
			default -> throw error(t, "unknown escape '\\" + e + "' at column " + (column(t) + i - 1)
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

	private static FilterSyntaxException error(Token t, String message, int length) {
		return new FilterSyntaxException(message, column(t), length);
	}

	private static FilterSyntaxException error(Token t, String message, int column, int length) {
		return new FilterSyntaxException(message, column, length);
	}

	// ------------------------------------------------------------------ syntax errors

	/** Turns the first syntax error into a message for a person, and stops the parse. */
	private static final class Errors extends BaseErrorListener {
		@Override
		public void syntaxError(@Nullable Recognizer<?, ?> recognizer, @Nullable Object offendingSymbol, int line,
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
			boolean value = s.contains(DisplayFilterLexer.INTEGER) && s.contains(DisplayFilterLexer.STRING);
			if (value) {
				parts.add("a value (a number or a \"string\")");
			} else if (s.contains(DisplayFilterLexer.STRING)) {
				parts.add("a \"string\"");
			} else if (s.contains(DisplayFilterLexer.INTEGER)) {
				parts.add("a slice range (i:j, i-j, i)");
			}
			if (s.contains(DisplayFilterLexer.FIELD) && !value) {
				parts.add("a field name");
			}
			if (s.contains(DisplayFilterLexer.EQ)) {
				parts.add("an operator (==, !=, ===, !==, <, <=, >, >=, contains, matches, in)");
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
			if (s.contains(DisplayFilterLexer.RBRACKET)) {
				parts.add("']'");
			}
			if (s.contains(DisplayFilterLexer.LBRACE) && parts.isEmpty()) {
				parts.add("'{'");
			}
			return String.join(" or ", parts);
		}
	}
}
