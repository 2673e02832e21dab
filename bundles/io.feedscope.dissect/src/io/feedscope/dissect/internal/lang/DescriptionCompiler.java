package io.feedscope.dissect.internal.lang;

import static io.feedscope.dissect.internal.model.ProtocolModel.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.dissect.Ipv4Cidr;
import io.feedscope.dissect.PortRange;
import io.feedscope.dissect.ProtocolDiagnostic;
import io.feedscope.dissect.Severity;
import io.feedscope.dissect.internal.lang.parser.FeedProtoLexer;
import io.feedscope.dissect.internal.lang.parser.FeedProtoParser;
import io.feedscope.dissect.internal.lang.parser.FeedProtoParser.*;

/**
 * Parses a description and builds its EMF model, collecting every problem in one pass.
 * <p>
 * Syntax errors come from ANTLR's recovery (all of them, not just the first); the semantic pass
 * then runs over whatever parsed, so one run reports as much as it can. Checks: types and widths,
 * one name = one meaning (a field declared twice is an error, and the message says whether the types
 * differ), enum codes unique and of the right kind, variant codes unique and members of the
 * discriminator's enum, every fixed-size message adds up to its declared spec length, the
 * discriminator sits at the same offset in every variant, references resolve, bindings are sane.
 */
public final class DescriptionCompiler {


	private final String fSource;
	private final List<ProtocolDiagnostic> fDiagnostics = new ArrayList<>();
	private final Map<String, EObject> fFields = new LinkedHashMap<>();
	private final Map<EObject, Token> fFieldPos = new HashMap<>();
	private final Map<EObject, String> fFieldTypeText = new HashMap<>();
	private final Map<String, EObject> fEnums = new HashMap<>();
	private final Map<String, Token> fEnumPos = new HashMap<>();
	private final Set<String> fRoles = new HashSet<>();
	/** fields whose type had an error: their width is a guess, so no length check is made with them */
	private final Set<EObject> fBadFields = new HashSet<>();
	/** derived fields and their {@code = base + offset}, resolved once every field is declared */
	private final Map<EObject, DerivationContext> fDerivations = new LinkedHashMap<>();
	private String fPrefix = "";
	private boolean fBigEndian = true;

	private DescriptionCompiler(String source) {
		fSource = source;
	}

	/** Result of one compilation: the model (null if the text did not parse at all) and every diagnostic. */
	public record Result(@Nullable EObject protocol, List<ProtocolDiagnostic> diagnostics) {
		public boolean hasErrors() {
			return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
		}
	}

	public static Result compile(String source, String text) {
		DescriptionCompiler c = new DescriptionCompiler(source);
		EObject model = c.run(text);
		return new Result(model, List.copyOf(c.fDiagnostics));
	}

	private @Nullable EObject run(String text) {
		FeedProtoLexer lexer = new FeedProtoLexer(CharStreams.fromString(text, fSource));
		FeedProtoParser parser = new FeedProtoParser(new CommonTokenStream(lexer));
		BaseErrorListener listener = new BaseErrorListener() {
			@Override
			public void syntaxError(@Nullable Recognizer<?, ?> recognizer, @Nullable Object offendingSymbol, int line,
					int charPositionInLine, @Nullable String msg, @Nullable RecognitionException e) {
				if (recognizer instanceof Parser parser && missingSemicolon(parser)) {
					return;
				}
				error(line, charPositionInLine, msg == null ? "syntax error" : msg);
			}
		};
		lexer.removeErrorListeners();
		lexer.addErrorListener(listener);
		parser.removeErrorListeners();
		parser.addErrorListener(listener);
		FileContext file = parser.file();
		ProtocolContext p = file.protocol();
		if (p == null || p.name == null) {
			return null;
		}
		try {
			return protocol(p);
		} catch (RuntimeException e) {
			// a half-parsed tree can hold nulls the semantic pass did not foresee: the syntax errors
			// already explain it, so only report the crash if there were none
			if (fDiagnostics.isEmpty()) {
				error(p.start, "internal compiler error: " + e);
			}
			return null;
		}
	}

	// ---------------------------------------------------------------- diagnostics

	/** line of the last "expected ';'" reported: ANTLR's recovery may report the same spot again */
	private int fSemicolonLine = -1;

	/**
	 * A missing ';' makes ANTLR say "extraneous input 'field' expecting {...}" at the start of the next
	 * declaration, a line later: say what is missing, after what, where it is missing.
	 *
	 * @return true if the error was reported here
	 */
	private boolean missingSemicolon(Parser parser) {
		int semi = -1;
		for (int t = 0; t <= parser.getVocabulary().getMaxTokenType(); t++) {
			if ("';'".equals(parser.getVocabulary().getLiteralName(t))) {
				semi = t;
			}
		}
		boolean expected;
		try {
			expected = semi >= 0 && parser.getExpectedTokens().contains(semi);
		} catch (RuntimeException e) {
			expected = false;
		}
		Token prev = parser.getTokenStream().index() > 0 ? parser.getTokenStream().LT(-1) : null;
		if (!expected || prev == null) {
			return false;
		}
		String text = prev.getText() == null ? "" : prev.getText();
		int line = prev.getLine();
		int col = prev.getCharPositionInLine() + text.length();
		int nl = text.lastIndexOf('\n');
		if (nl >= 0) { // a block comment or string over several lines
			line += (int) text.chars().filter(c -> c == '\n').count();
			col = text.length() - nl - 1;
		}
		if (line != fSemicolonLine) {
			fSemicolonLine = line;
			error(line, col, "expected ';' after " + describe(parser.getContext()));
		}
		return true;
	}

	private static String describe(@Nullable ParserRuleContext c) {
		for (ParserRuleContext x = c; x != null; x = x.getParent()) {
			if (x instanceof FieldDeclContext f && f.name != null) {
				return "field '" + f.name.getText() + "'";
			}
			if (x instanceof LiteralContext l && l.name != null) {
				return "enum literal '" + l.name.getText() + "'";
			}
			if (x instanceof SpecialContext sp && sp.name != null) {
				return "special value '" + sp.name.getText() + "'";
			}
			if (x instanceof FallbackContext fb && fb.name != null) {
				return "else '" + fb.name.getText() + "'";
			}
			if (x instanceof BindingContext) {
				return "the binding";
			}
			if (x instanceof ByteOrderDeclContext) {
				return "byteorder";
			}
			if (x instanceof KindDeclContext) {
				return "kind";
			}
		}
		return "this declaration";
	}

	private void error(int line, int col0, String msg) {
		fDiagnostics.add(new ProtocolDiagnostic(Severity.ERROR, fSource, line, col0 + 1, msg));
	}

	private void error(@Nullable Token t, String msg) {
		if (t == null) {
			error(0, -1, msg);
		} else {
			error(t.getLine(), t.getCharPositionInLine(), msg);
		}
	}

	private void error(ParserRuleContext c, String msg) {
		error(c.start, msg);
	}

	private void warning(Token t, String msg) {
		fDiagnostics.add(new ProtocolDiagnostic(Severity.WARNING, fSource, t.getLine(), t.getCharPositionInLine() + 1, msg));
	}

	/** The rule sets report here, at tokens: the same diagnostics as the builder's own, in the order they are found. */
	private final RuleReport<Token> fReport = new RuleReport<>() {
		@Override
		public void error(Token at, String message) {
			DescriptionCompiler.this.error(at, message);
		}

		@Override
		public void warning(Token at, String message) {
			DescriptionCompiler.this.warning(at, message);
		}
	};

	private static String pos(Token t) {
		return t.getLine() + ":" + (t.getCharPositionInLine() + 1);
	}

	// ---------------------------------------------------------------- protocol

	private EObject protocol(ProtocolContext p) {
		EObject proto = create(PROTOCOL);
		String name = p.name.getText();
		fPrefix = name + ".";
		proto.eSet(PROTOCOL_NAME, name);
		proto.eSet(PROTOCOL_LABEL, p.label != null ? unquote(p.label.getText()) : name);
		proto.eSet(PROTOCOL_DOC, doc(p.doc()));
		proto.eSet(PROTOCOL_SOURCE, fSource);

		// declarations that others refer to first, so order in the file does not matter
		String kind = null;
		for (DeclContext d : p.decl()) {
			if (d.byteOrderDecl() != null && d.byteOrderDecl().order != null) {
				String o = d.byteOrderDecl().order.getText();
				if (o.equals("big")) {
					fBigEndian = true;
				} else if (o.equals("little")) {
					fBigEndian = false;
				} else {
					error(d.byteOrderDecl().order, "byte order must be 'big' or 'little', not '" + o + "'");
				}
			}
			if (d.kindDecl() != null && d.kindDecl().value != null) {
				kind = d.kindDecl().value.getText();
				if (!kind.equals("framing") && !kind.equals("messages")) {
					error(d.kindDecl().value, "protocol kind must be 'framing' or 'messages', not '" + kind + "'");
				}
			}
		}
		proto.eSet(PROTOCOL_BIG_ENDIAN, fBigEndian);
		for (DeclContext d : p.decl()) {
			if (d.enumDecl() != null) {
				EObject e = enumDecl(d.enumDecl());
				if (e != null) {
					list(proto, PROTOCOL_ENUMS).add(e);
				}
			}
		}
		for (DeclContext d : p.decl()) {
			if (d.fieldDecl() != null) {
				EObject f = fieldDecl(d.fieldDecl());
				if (f != null) {
					list(proto, PROTOCOL_FIELDS).add(f);
				}
			}
		}
		derivations(kind);
		boolean hasMessages = false;
		for (DeclContext d : p.decl()) {
			if (d.messagesDecl() != null) {
				if (hasMessages) {
					error(d.messagesDecl(), "only one 'messages' section per protocol");
					continue;
				}
				hasMessages = true;
				proto.eSet(PROTOCOL_MESSAGES, messages(d.messagesDecl()));
			}
		}
		Set<String> packetNames = new HashSet<>();
		for (DeclContext d : p.decl()) {
			if (d.packetDecl() != null) {
				EObject pk = packet(d.packetDecl());
				if (!packetNames.add(str(pk, PACKET_NAME))) {
					error(d.packetDecl().name.start, "packet '" + str(pk, PACKET_NAME) + "' declared twice");
				}
				list(proto, PROTOCOL_PACKETS).add(pk);
			}
		}
		boolean hasPackets = !list(proto, PROTOCOL_PACKETS).isEmpty();
		boolean fallback = list(proto, PROTOCOL_PACKETS).stream().anyMatch(pk -> list(pk, PACKET_CONDITIONS).isEmpty());
		kind = ProtocolShapeRules.check(name, kind, hasPackets, hasMessages, fallback, p.name.start, fReport);
		proto.eSet(PROTOCOL_KIND, kind);
		EObject binding = create(BINDING);
		for (DeclContext d : p.decl()) {
			if (d.bindingsDecl() != null) {
				bindings(d.bindingsDecl(), binding, proto);
			}
		}
		proto.eSet(PROTOCOL_BINDING, binding);
		return proto;
	}

	// ---------------------------------------------------------------- enums

	private @Nullable EObject enumDecl(EnumDeclContext e) {
		if (e.name == null) {
			return null;
		}
		String name = e.name.getText();
		if (!EnumRules.firstDeclaration(name, fEnums.containsKey(name) ? pos(fEnumPos.get(name)) : null, e.name.start,
				fReport)) {
			return null;
		}
		EObject en = create(ENUM);
		en.eSet(ENUM_NAME, name);
		en.eSet(ENUM_DOC, doc(e.doc()));
		String keyKind = e.keyKind != null ? e.keyKind.getText() : null;
		if (keyKind != null && !EnumRules.keyKind(keyKind, e.keyKind.start, fReport)) {
			keyKind = null;
		}
		Map<String, Token> codes = new HashMap<>();
		Set<String> names = new HashSet<>();
		for (LiteralContext l : e.literal()) {
			if (l.code() == null || l.name == null) {
				continue;
			}
			String kindHere = codeKind(l.code());
			if (keyKind == null) {
				keyKind = kindHere;
			} else if (!EnumRules.codeKind(name, keyKind, kindHere, l.code().start, fReport)) {
				continue;
			}
			EObject lit = create(LITERAL);
			long code = codeValue(l.code());
			String text = kindHere.equals("string") ? unquote(l.code().getText()) : "";
			String key = kindHere.equals("string") ? text : Long.toString(code);
			Token first = codes.putIfAbsent(key, l.code().start);
			EnumRules.code(name, l.code().getText(), first == null ? null : pos(first), l.code().start, fReport);
			String litName = l.name.getText();
			EnumRules.literalName(name, litName, names, l.name.start, fReport);
			lit.eSet(LITERAL_CODE, code);
			lit.eSet(LITERAL_TEXT, text);
			lit.eSet(LITERAL_NAME, litName);
			lit.eSet(LITERAL_LABEL, l.label != null ? unquote(l.label.getText()) : litName);
			lit.eSet(LITERAL_DOC, doc(l.doc()));
			list(en, ENUM_LITERALS).add(lit);
		}
		en.eSet(ENUM_KEY_KIND, keyKind == null ? "char" : keyKind);
		fEnums.put(name, en);
		fEnumPos.put(name, e.name.start);
		return en;
	}

	private static String codeKind(CodeContext c) {
		if (c.CHAR() != null) {
			return "char";
		}
		return c.INT() != null ? "int" : "string";
	}

	private long codeValue(CodeContext c) {
		if (c.CHAR() != null) {
			String s = unquote(c.CHAR().getText());
			if (s.length() != 1) {
				error(c.start, "a char code is one character: " + c.getText());
				return 0;
			}
			return s.charAt(0);
		}
		if (c.INT() != null) {
			return intValue(c.INT());
		}
		return 0;
	}

	// ---------------------------------------------------------------- fields

	private @Nullable EObject fieldDecl(FieldDeclContext fd) {
		if (fd.name == null || fd.type() == null || fd.type().tname == null) {
			return null;
		}
		String shortName = fd.name.getText();
		EObject f = create(FIELD);
		f.eSet(FIELD_NAME, fPrefix + shortName);
		f.eSet(FIELD_LABEL, shortName);
		f.eSet(FIELD_DOC, "");
		f.eSet(FIELD_UNIT, "");
		f.eSet(FIELD_ROLE, "");
		f.eSet(FIELD_LINE, fd.name.start.getLine());
		f.eSet(FIELD_BIG_ENDIAN, fBigEndian);
		int before = fDiagnostics.size();
		String typeText = type(fd.type(), f);
		if (fDiagnostics.size() > before) {
			fBadFields.add(f);
		}
		EObject previous = fFields.get(shortName);
		if (previous != null) {
			String prevType = fFieldTypeText.get(previous);
			if (prevType.equals(typeText)) {
				error(fd.name.start, "field '" + shortName + "' is declared twice (first at " + pos(fFieldPos.get(previous))
						+ "); declare it once and use it in every message");
			} else {
				error(fd.name.start, "field '" + shortName + "' declared again with another type: " + typeText + " here, "
						+ prevType + " at " + pos(fFieldPos.get(previous)) + " (one name, one meaning)");
			}
			return null;
		}
		String type = fieldType(f);
		for (FieldAttrContext a : fd.fieldAttr()) {
			if (a instanceof LabelAttrContext la) {
				f.eSet(FIELD_LABEL, unquote(la.STRING().getText()));
			} else if (a instanceof DocAttrContext da) {
				f.eSet(FIELD_DOC, doc(da.doc()));
			} else if (a instanceof OrderAttrContext oa) {
				f.eSet(FIELD_BIG_ENDIAN, oa.order.getText().equals("be"));
			} else if (a instanceof RoleAttrContext ra) {
				String role = ra.ident().getText();
				if (FieldRules.role(role, type, fRoles, ra.ident().start, fReport)) {
					f.eSet(FIELD_ROLE, role);
				}
			} else if (a instanceof EnumAttrContext ea) {
				String en = ea.ident().getText();
				EObject e = fEnums.get(en);
				String keyKind = e == null ? null : str(e, ENUM_KEY_KIND);
				if (FieldRules.enumFits(en, keyKind, type, typeText, ea.ident().start, fReport) && e != null) {
					f.eSet(FIELD_ENUM, e);
					FieldRules.codesFit(str(e, ENUM_NAME), list(e, ENUM_LITERALS).stream().map(x -> str(x, LITERAL_TEXT)).toList(),
							i(f, FIELD_WIDTH), typeText, ea.ident().start, fReport);
				}
			} else if (a instanceof CountsItselfAttrContext ci) {
				if (FieldRules.countsItself(type, shortName, typeText, ci.start, fReport)) {
					f.eSet(FIELD_COUNTS_ITSELF, true);
				}
			} else if (a instanceof SpecialAttrContext sa) {
				if (!FieldRules.specialsAllowed(type, shortName, typeText, sa.start, fReport)) {
					continue;
				}
				int width = i(f, FIELD_WIDTH);
				Set<Long> seen = new HashSet<>();
				for (SpecialContext s : sa.special()) {
					if (s.INT() == null || s.name == null) {
						continue;
					}
					long v = intValue(s.INT());
					FieldRules.specialValue(v, s.INT().getText(), width, seen, s.INT().getSymbol(), fReport);
					EObject sv = create(SPECIAL);
					sv.eSet(SPECIAL_VALUE, v);
					sv.eSet(SPECIAL_NAME, s.name.getText());
					sv.eSet(SPECIAL_LABEL, s.label != null ? unquote(s.label.getText()) : s.name.getText());
					String pk = "";
					if (s.kind != null) {
						pk = s.kind.getText();
						FieldRules.specialKind(pk, s.kind.start, fReport);
					}
					sv.eSet(SPECIAL_PACKET_KIND, pk);
					list(f, FIELD_SPECIALS).add(sv);
				}
			}
		}
		fFields.put(shortName, f);
		fFieldPos.put(f, fd.name.start);
		fFieldTypeText.put(f, typeText);
		if (fd.derivation() != null) {
			fDerivations.put(f, fd.derivation());
		}
		return f;
	}

	/**
	 * {@code field t : time(u64, ns) = base + offset;}: the time of day made of the last {@code base} seen on
	 * the stream (ITCH 4.x 'T' seconds, Cboe PITCH Time) plus this message's {@code offset}.
	 */
	private void derivations(@Nullable String kind) {
		boolean first = true;
		for (Map.Entry<EObject, DerivationContext> e : fDerivations.entrySet()) {
			EObject f = e.getKey();
			DerivationContext d = e.getValue();
			if (d.base == null || d.offset == null) {
				continue;
			}
			if (!first) {
				error(d.start, "only one derived time per protocol (the decoder keeps one base per stream)");
				continue;
			}
			first = false;
			if ("framing".equals(kind)) {
				error(d.start, "a derived time belongs to a messages protocol");
			}
			if (!fieldType(f).equals("TIME")) {
				error(d.start, "a derived field is a time: time(u64, ns) = seconds + nanoseconds");
				continue;
			}
			EObject base = fFields.get(d.base.getText());
			EObject off = fFields.get(d.offset.getText());
			if (base == null) {
				error(d.base, "unknown field '" + d.base.getText() + "'");
			}
			if (off == null) {
				error(d.offset, "unknown field '" + d.offset.getText() + "'");
			}
			if (base == null || off == null) {
				continue;
			}
			if (base == f || off == f || base == off) {
				error(d.start, "a derived time adds two other fields");
				continue;
			}
			if (!fieldType(base).equals("TIME")) {
				error(d.base, "the base '" + d.base.getText() + "' must be a time since midnight, e.g. time(u32, s)");
				continue;
			}
			if (unitNanos(str(base, FIELD_UNIT)) < unitNanos(str(f, FIELD_UNIT))) {
				error(d.base, "the base '" + d.base.getText() + "' (" + str(base, FIELD_UNIT) + ") is finer than the derived time ("
						+ str(f, FIELD_UNIT) + ")");
				continue;
			}
			String ot = fieldType(off);
			if (!ot.equals("UINT") && !ot.equals("TIME")) {
				error(d.offset, "the offset '" + d.offset.getText() + "' must be an unsigned integer (in the derived time's unit) or a time");
				continue;
			}
			if (ot.equals("TIME") && unitNanos(str(off, FIELD_UNIT)) < unitNanos(str(f, FIELD_UNIT))) {
				error(d.offset, "the offset '" + d.offset.getText() + "' (" + str(off, FIELD_UNIT) + ") is finer than the derived time ("
						+ str(f, FIELD_UNIT) + ")");
				continue;
			}
			f.eSet(FIELD_DERIVED_BASE, base);
			f.eSet(FIELD_DERIVED_OFFSET, off);
		}
	}

	static long unitNanos(String unit) {
		return switch (unit) {
		case "ns" -> 1L;
		case "us" -> 1_000L;
		case "ms" -> 1_000_000L;
		default -> 1_000_000_000L;
		};
	}

	/** Fills kind/width/scale/unit; returns the canonical type text used to compare two declarations. */
	private String type(TypeContext t, EObject f) {
		String n = t.tname.getText();
		List<TypeArgContext> args = t.typeArg();
		setFieldType(f, "UINT");
		f.eSet(FIELD_SCALE, 0);
		switch (n) {
		case "u8", "u16", "u32", "u48", "u64" -> {
			noArgs(t, n);
			f.eSet(FIELD_WIDTH, Integer.parseInt(n.substring(1)) / 8);
			return n;
		}
		case "char" -> {
			noArgs(t, n);
			setFieldType(f, "CHAR");
			f.eSet(FIELD_WIDTH, 1);
			return n;
		}
		case "bytes" -> {
			noArgs(t, n);
			setFieldType(f, "BYTES");
			f.eSet(FIELD_WIDTH, -1);
			return n;
		}
		case "ascii" -> {
			setFieldType(f, "ASCII");
			Long given = null;
			Token at = t.tname.start;
			if (args.size() == 1 && args.get(0).INT() != null) {
				given = (long) (int) intValue(args.get(0).INT()); // as an int, as the width is kept
				at = args.get(0).start;
			}
			int w = TypeRules.asciiWidth(given, at, fReport);
			f.eSet(FIELD_WIDTH, w);
			return "ascii(" + w + ")";
		}
		case "decimal", "time" -> {
			setFieldType(f, n.equals("decimal") ? "DECIMAL" : "TIME");
			f.eSet(FIELD_WIDTH, 4);
			if (!TypeRules.twoArgs(n, args.size(), t.tname.start, fReport)) {
				return n;
			}
			int w = TypeRules.intWidth(args.get(0).getText(), args.get(0).start, fReport);
			f.eSet(FIELD_WIDTH, w);
			if (n.equals("decimal")) {
				TerminalNode sc = args.get(1).INT();
				int scale = TypeRules.decimalScale(sc == null ? null : (long) (int) intValue(sc), args.get(1).start, fReport);
				f.eSet(FIELD_SCALE, scale);
				return "decimal(u" + (w * 8) + "," + scale + ")";
			}
			String unit = args.get(1).getText();
			TypeRules.timeUnit(unit, args.get(1).start, fReport);
			f.eSet(FIELD_UNIT, unit);
			return "time(u" + (w * 8) + "," + unit + ")";
		}
		default -> {
			TypeRules.unknown(n, t.tname.start, fReport);
			f.eSet(FIELD_WIDTH, 1);
			return n;
		}
		}
	}

	private void noArgs(TypeContext t, String n) {
		if (!t.typeArg().isEmpty()) {
			TypeRules.noArgs(n, t.typeArg().size(), t.typeArg(0).start, fReport);
		}
	}

	// ---------------------------------------------------------------- messages

	private EObject messages(MessagesDeclContext m) {
		EObject set = create(MESSAGE_SET);
		EObject disc = m.disc == null ? null : fFields.get(m.disc.getText());
		EObject discEnum = disc == null ? null : obj(disc, FIELD_ENUM);
		if (m.disc != null) {
			MessageSetRules.discriminator(m.disc.getText(), disc == null ? null : fieldType(disc), disc == null ? 0 : i(disc, FIELD_WIDTH),
					discEnum != null, m.disc.start, fReport);
		}
		if (disc != null) {
			set.eSet(MESSAGE_SET_DISCRIMINATOR, disc);
		}
		Map<Long, Token> codes = new HashMap<>();
		MessageLayoutRules layout = new MessageLayoutRules(disc, m.disc == null ? "?" : m.disc.getText(), fBadFields);
		for (MessageCaseContext c : m.messageCase()) {
			if (c.code() == null) {
				continue;
			}
			EObject v = create(VARIANT);
			long code = codeValue(c.code());
			v.eSet(VARIANT_CODE, code);
			v.eSet(VARIANT_DOC, doc(c.doc()));
			Token first = codes.putIfAbsent(code, c.code().start);
			MessageSetRules.code(c.code().getText(), first == null ? null : pos(first), c.code().start, fReport);
			String vname = "code_" + code;
			String vlabel = c.code().getText();
			if (discEnum != null) {
				EObject lit = null;
				for (EObject l : list(discEnum, ENUM_LITERALS)) {
					if (l(l, LITERAL_CODE) == code) {
						lit = l;
					}
				}
				if (MessageSetRules.codeNamed(c.code().getText(), str(discEnum, ENUM_NAME), lit != null, c.code().start, fReport)
						&& lit != null) {
					vname = str(lit, LITERAL_NAME);
					vlabel = str(lit, LITERAL_LABEL);
				}
			}
			v.eSet(VARIANT_NAME, vname);
			v.eSet(VARIANT_LABEL, vlabel);
			if (c.elements() != null) {
				elements(c.elements(), v, VARIANT_ELEMENTS, new HashSet<>(), false);
			}
			// static layout check: fixed fields only, adds up to the spec length, discriminator in place
			TerminalNode length = c.INT();
			int specLength = layout.variant(v, c.code().getText(), c.code().start, length == null ? null : (int) intValue(length),
					length == null ? c.code().start : length.getSymbol(), fReport);
			v.eSet(VARIANT_SPEC_LENGTH, specLength);
			list(set, MESSAGE_SET_VARIANTS).add(v);
		}
		if (!MessageSetRules.fallback(m.disc == null ? "?" : m.disc.getText(), m.fallback() != null && m.fallback().name != null, m.stop,
				fReport)) {
			set.eSet(MESSAGE_SET_FALLBACK_NAME, "unknown");
			set.eSet(MESSAGE_SET_FALLBACK_LABEL, "Unknown Message");
		} else {
			set.eSet(MESSAGE_SET_FALLBACK_NAME, m.fallback().name.getText());
			set.eSet(MESSAGE_SET_FALLBACK_LABEL, m.fallback().label != null ? unquote(m.fallback().label.getText()) : m.fallback().name.getText());
		}
		return set;
	}

	/**
	 * Resolves an element list into FieldRef/Repeat objects.
	 *
	 * @param seen fields already laid out in this scope or an enclosing one (sizes and counts must come first)
	 */
	private void elements(ElementsContext es, EObject owner, org.eclipse.emf.ecore.EReference ref, Set<EObject> seen, boolean inPacket) {
		Set<EObject> local = new HashSet<>();
		for (ElementContext e : es.element()) {
			if (e instanceof FieldElementContext fe) {
				if (fe.field == null) {
					continue;
				}
				EObject f = fFields.get(fe.field.getText());
				boolean firstHere = f == null || local.add(f);
				if (!ElementRules.field(fe.field.getText(), f == null ? null : fieldType(f), firstHere,
						f != null && fDerivations.containsKey(f), fe.field.start, fReport) || f == null) {
					continue;
				}
				EObject r = create(FIELD_REF);
				r.eSet(FIELD_REF_FIELD, f);
				boolean isBytes = fieldType(f).equals("BYTES");
				if (fe.size != null) {
					EObject sf = fFields.get(fe.size.getText());
					if (ElementRules.sizeField(fe.size.getText(), sf == null ? null : fieldType(sf),
							sf != null && (seen.contains(sf) || local.contains(sf)), sf != null && b(sf, FIELD_COUNTS_ITSELF),
							fe.field.getText(), fe.size.start, fReport)) {
						r.eSet(FIELD_REF_SIZE, sf);
					}
					ElementRules.sized(isBytes, fe.field.getText(), fe.field.start, fReport);
				} else {
					ElementRules.unsized(isBytes, fe.field.getText(), fe.field.start, fReport);
				}
				if (fe.handoff != null) {
					ElementRules.handoff(isBytes, inPacket, fe.handoff, fReport);
					r.eSet(FIELD_REF_HANDOFF, true);
				}
				list(owner, ref).add(r);
			} else if (e instanceof RepeatElementContext re) {
				EObject r = create(REPEAT);
				if (re.toEnd != null) {
					r.eSet(REPEAT_TO_END, true);
				} else if (re.count != null) {
					EObject cf = fFields.get(re.count.getText());
					if (ElementRules.repeatCount(re.count.getText(), cf == null ? null : fieldType(cf),
							cf != null && (seen.contains(cf) || local.contains(cf)), re.count.start, fReport)) {
						r.eSet(REPEAT_COUNT, cf);
					}
				}
				if (re.elements() != null) {
					Set<EObject> inner = new HashSet<>(seen);
					inner.addAll(local);
					elements(re.elements(), r, REPEAT_ELEMENTS, inner, inPacket);
				}
				list(owner, ref).add(r);
			}
		}
		seen.addAll(local);
	}

	// ---------------------------------------------------------------- packets

	private EObject packet(PacketDeclContext p) {
		EObject pk = create(PACKET);
		pk.eSet(PACKET_NAME, p.name == null ? "packet" : p.name.getText());
		pk.eSet(PACKET_LABEL, p.label != null ? unquote(p.label.getText()) : str(pk, PACKET_NAME));
		pk.eSet(PACKET_DOC, doc(p.doc()));
		String kind = "DATA";
		if (p.packet_kind() != null && p.packet_kind().ident() != null) {
			kind = p.packet_kind().ident().getText();
			PacketShapeRules.kind(kind, p.packet_kind().ident().start, fReport);
		}
		pk.eSet(PACKET_KIND, kind);
		Set<EObject> seen = new HashSet<>();
		if (p.elements() != null) {
			elements(p.elements(), pk, PACKET_ELEMENTS, seen, true);
		}
		PacketShapeRules.check(pk, p.name.start, fReport);
		if (p.condition() != null) {
			conditions(p.condition(), list(pk, PACKET_CONDITIONS));
		}
		return pk;
	}

	private void conditions(ConditionContext c, List<EObject> out) {
		for (TestContext t : c.test()) {
			EObject cond = create(CONDITION);
			cond.eSet(CONDITION_OP, "");
			cond.eSet(CONDITION_VALUE, 0L);
			if (t instanceof SizeTestContext st) {
				cond.eSet(CONDITION_TEST, "SIZE");
				cond.eSet(CONDITION_OP, st.op.getText());
				cond.eSet(CONDITION_VALUE, intValue(st.INT()));
			} else if (t instanceof BlocksFillTestContext) {
				cond.eSet(CONDITION_TEST, "BLOCKS_FILL");
			} else if (t instanceof PrintableTestContext pt) {
				cond.eSet(CONDITION_TEST, "PRINTABLE");
				EObject f = condField(pt.ident());
				if (f != null) {
					ConditionRules.printable(pt.ident().getText(), fieldType(f), pt.ident().start, fReport);
				}
				cond.eSet(CONDITION_FIELD, f);
			} else if (t instanceof SpecialTestContext sp) {
				cond.eSet(CONDITION_TEST, sp.neg != null ? "NOT_SPECIAL" : "SPECIAL");
				EObject f = condField(sp.ident());
				if (f != null) {
					ConditionRules.special(sp.ident().getText(), !list(f, FIELD_SPECIALS).isEmpty(), sp.ident().start, fReport);
				}
				cond.eSet(CONDITION_FIELD, f);
			} else if (t instanceof FieldSizeTestContext fs) {
				// a length field that must equal the datagram (Cboe's hdr_length counts the whole packet)
				cond.eSet(CONDITION_TEST, "FIELD_SIZE");
				EObject f = condField(fs.ident());
				if (f != null) {
					ConditionRules.fieldSize(fs.ident().getText(), fieldType(f), fs.ident().start, fReport);
				}
				cond.eSet(CONDITION_FIELD, f);
				cond.eSet(CONDITION_OP, fs.op.getText());
			} else if (t instanceof FieldTestContext ft) {
				cond.eSet(CONDITION_TEST, "FIELD");
				EObject f = condField(ft.ident());
				if (f != null) {
					ConditionRules.fieldValue(ft.ident().getText(), fieldType(f), ft.ident().start, fReport);
				}
				cond.eSet(CONDITION_FIELD, f);
				cond.eSet(CONDITION_OP, ft.op.getText());
				cond.eSet(CONDITION_VALUE, intValue(ft.INT()));
			} else {
				continue;
			}
			out.add(cond);
		}
	}

	private @Nullable EObject condField(IdentContext id) {
		EObject f = fFields.get(id.getText());
		ConditionRules.field(id.getText(), f == null ? null : fieldType(f), id.start, fReport);
		return f;
	}

	// ---------------------------------------------------------------- bindings

	private void bindings(BindingsDeclContext b, EObject binding, EObject proto) {
		for (BindingContext bc : b.binding()) {
			if ((bc instanceof PortBindingContext || bc instanceof GroupBindingContext) && !BindingRules.trafficBinding(
					bc.start.getText(), str(proto, PROTOCOL_KIND).equals("messages"), str(proto, PROTOCOL_NAME), bc.start, fReport)) {
				continue;
			}
			if (bc instanceof PortBindingContext pb) {
				for (PortRangeContext pr : pb.portRange()) {
					if (pr.lo == null) {
						continue;
					}
					long lo = intValue(pr.lo);
					long hi = pr.hi != null ? intValue(pr.hi) : lo;
					PortRange range = BindingRules.portRange(lo, hi, pr.getText(), pr.lo, fReport);
					if (range == null) {
						continue;
					}
					EObject r = create(PORT_RANGE);
					r.eSet(PORT_RANGE_LOW, range.low());
					r.eSet(PORT_RANGE_HIGH, range.high());
					list(binding, BINDING_PORTS).add(r);
				}
			} else if (bc instanceof GroupBindingContext gb) {
				for (GroupSpecContext g : gb.groupSpec()) {
					if (g.IPV4() == null) {
						continue;
					}
					int prefix = g.INT() != null ? (int) intValue(g.INT()) : 32;
					Ipv4Cidr cidr = BindingRules.group(g.IPV4().getText(), prefix, g.getText(), g.start, fReport);
					if (cidr == null) {
						continue;
					}
					EObject r = create(GROUP_RANGE);
					r.eSet(GROUP_RANGE_ADDRESS, cidr.address());
					r.eSet(GROUP_RANGE_PREFIX, cidr.prefix());
					list(binding, BINDING_GROUPS).add(r);
				}
			} else if (bc instanceof CarriedBindingContext cb) {
				BindingRules.carriedByOnFraming(str(proto, PROTOCOL_KIND).equals("framing") || !list(proto, PROTOCOL_PACKETS).isEmpty(),
						cb.start, fReport);
				for (IdentContext id : cb.ident()) {
					if (!BindingRules.carrier(id.getText(), str(proto, PROTOCOL_NAME), id.start, fReport)) {
						continue;
					}
					strings(binding, BINDING_CARRIED_BY).add(id.getText());
					strings(binding, BINDING_CARRIED_BY_POS).add(id.start.getLine() + ":" + (id.start.getCharPositionInLine() + 1));
				}
			} else if (bc instanceof HeuristicBindingContext hb) {
				BindingRules.heuristicOwner(!list(proto, PROTOCOL_PACKETS).isEmpty(), hb.start, fReport);
				EObject h = create(HEURISTIC);
				h.eSet(HEURISTIC_NAME, hb.name != null ? unquote(hb.name.getText()) : "heuristic");
				TerminalNode scoreNode = hb.INT();
				long score = scoreNode == null ? 0 : intValue(scoreNode);
				BindingRules.heuristicScore(score, scoreNode == null ? hb.start : scoreNode.getSymbol(), fReport);
				h.eSet(HEURISTIC_SCORE, (int) score);
				if (hb.condition() != null) {
					conditions(hb.condition(), list(h, HEURISTIC_CONDITIONS));
				}
				BindingRules.heuristicTests(list(h, HEURISTIC_CONDITIONS).size(), hb.start, fReport);
				list(binding, BINDING_HEURISTICS).add(h);
			}
		}
	}

	// ---------------------------------------------------------------- literals

	private String doc(@Nullable DocContext d) {
		if (d == null) {
			return "";
		}
		StringBuilder sb = new StringBuilder();
		for (TerminalNode s : d.STRING()) {
			sb.append(unquote(s.getText()));
		}
		return sb.toString();
	}

	private long intValue(@Nullable TerminalNode n) {
		return n == null ? 0 : intValue(n.getSymbol());
	}

	private long intValue(Token t) {
		String s = t.getText();
		try {
			if (s.startsWith("0x") || s.startsWith("0X")) {
				return Long.parseUnsignedLong(s.substring(2), 16);
			}
			return Long.parseLong(s);
		} catch (NumberFormatException e) {
			error(t, "number out of range: " + s);
			return 0;
		}
	}

	static String unquote(String s) {
		if (s.length() < 2) {
			return s;
		}
		String body = s.substring(1, s.length() - 1);
		if (body.indexOf('\\') < 0) {
			return body;
		}
		StringBuilder sb = new StringBuilder(body.length());
		for (int k = 0; k < body.length(); k++) {
			char c = body.charAt(k);
			if (c == '\\' && k + 1 < body.length()) {
				char n = body.charAt(++k);
				sb.append(switch (n) {
				case 'n' -> '\n';
				case 't' -> '\t';
				case '0' -> '\0';
				default -> n;
				});
			} else {
				sb.append(c);
			}
		}
		return sb.toString();
	}
}
