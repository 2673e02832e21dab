package io.feedscope.wireshark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.dissect.FieldInfo;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolSet;

/**
 * Writes ONE Wireshark Lua dissector for framing protocols (MoldUDP64, ...) and the feed protocols they
 * carry, from the same compiled descriptions FeedScope decodes with.
 * <p>
 * The output is data plus a fixed runtime: a Lua table {@code FS} describing every protocol (fields, enum
 * labels, special values, packet layouts with their {@code when} conditions, repeat blocks, message types,
 * port/group bindings, heuristics), followed by {@code runtime.lua}, which walks that table the way
 * {@code FeedPacket} does. Text from a description reaches the Lua file only through {@link #quote(String)}:
 * every byte that is not printable ASCII, and every quote and backslash, is written as a decimal escape, so
 * no description (a hostile {@code .fsp} included) can end a string literal or inject code.
 * <p>
 * Names: field abbreviations are FeedScope's ({@code itch50.price}). A protocol whose name Wireshark
 * already registers (its built-in {@code moldudp64} and {@code moldudp} dissectors) would fail to load, so
 * such a protocol and all its fields and expert ids get the prefix {@value #PREFIX} ({@code fs.moldudp64.sequence});
 * {@link Options#prefixAll} prefixes every protocol.
 * <p>
 * Values: integers and times are unsigned integer fields holding the raw count (what {@code feedscope decode}
 * prints), the tree text shows the time of day; decimals are text fields holding the exact scaled text
 * ("123.4500"); characters and ASCII are text fields (trimmed); an enum or special-valued field has a
 * generated {@code FIELD_name} text field with the label, as {@code decode} prints it.
 */
public final class LuaExporter {

	/** the prefix of protocols whose names clash with Wireshark's built-ins */
	public static final String PREFIX = "fs.";

	/**
	 * Protocol filter names Wireshark (4.0) registers itself that a FeedScope description may also use. A
	 * description with one of these names is exported under {@link #PREFIX}. Each is one that {@code tshark -G
	 * protocols} lists (LuaExportTest asks the installed tshark): "pitch", "boe" and "sbe" were here once, but
	 * Wireshark 4.0 registers none of them, so a Cboe PITCH description keeps its own name.
	 */
	public static final Set<String> WIRESHARK_BUILT_INS = Set.of("moldudp64", "moldudp", "nasdaq_itch", "nasdaq_soup",
			"soupbintcp", "ouch", "fix", "udp", "tcp", "ip", "eth", "data", "frame");

	/**
	 * @param prefixAll prefix every protocol with {@link #PREFIX}, not only those clashing with built-ins
	 */
	public record Options(boolean prefixAll) {
		public static final Options DEFAULT = new Options(false);
	}

	private LuaExporter() {
	}

	/** @return the filter-name prefix a protocol gets in the exported dissector ("" or {@value #PREFIX}) */
	public static String prefixOf(String protocol, Options options) {
		return options.prefixAll() || WIRESHARK_BUILT_INS.contains(protocol) ? PREFIX : "";
	}

	/**
	 * @param set the compiled protocols
	 * @param framingNames the framing protocols to export (each exported with the feed protocol the set binds
	 *        to it); empty for every framing protocol of the set
	 * @return the Lua source
	 * @throws IllegalArgumentException naming a protocol that is not in the set or not a framing protocol
	 */
	public static String export(ProtocolSet set, List<String> framingNames, Options options) {
		Set<Protocol> protocols = new LinkedHashSet<>();
		Map<String, String> feedOf = new HashMap<>();
		List<String> names = framingNames.isEmpty() ? set.framingProtocols().stream().map(Protocol::name).toList() : framingNames;
		for (String n : names) {
			Protocol p = set.protocol(n);
			if (p == null) {
				throw new IllegalArgumentException("no protocol '" + n + "' (known: "
						+ String.join(", ", set.protocols().stream().map(Protocol::name).toList()) + ")");
			}
			if (!p.isFraming()) {
				// a message protocol: export it with the framing protocols that carry it
				boolean found = false;
				for (Protocol f : set.framingProtocols()) {
					Protocol feed = set.feedProtocol(f.name());
					if (feed != null && feed.name().equals(n)) {
						protocols.add(f);
						protocols.add(feed);
						feedOf.put(f.name(), feed.name());
						found = true;
					}
				}
				if (!found) {
					throw new IllegalArgumentException("'" + n + "' is a message protocol that no framing protocol here carries");
				}
				continue;
			}
			protocols.add(p);
			Protocol feed = set.feedProtocol(n);
			if (feed != null) {
				protocols.add(feed);
				feedOf.put(n, feed.name());
			}
		}
		StringBuilder b = new StringBuilder(1 << 16);
		b.append("-- Wireshark dissector generated by `feedscope export-lua` from FeedScope protocol descriptions.\n");
		b.append("-- Load it with: wireshark -X lua_script:THIS_FILE (or copy it to the personal Lua plugins folder).\n");
		b.append("-- Protocols: ");
		for (Protocol p : protocols) {
			b.append(prefixOf(p.name(), options)).append(p.name()).append(' ');
		}
		b.append("\n-- Names clashing with Wireshark's built-in dissectors carry the prefix \"").append(PREFIX)
				.append("\" (fs.moldudp64.sequence).\n");
		b.append("-- Every text below from a description is a quoted Lua string with escapes; nothing else in it is code.\n\n");
		b.append("local FS = { learn_ports = false, protocols = {\n");
		for (Protocol p : protocols) {
			protocol(b, p, feedOf.get(p.name()), options);
		}
		b.append("} }\n\n");
		b.append(runtime());
		return b.toString();
	}

	private static String runtime() {
		try (InputStream in = LuaExporter.class.getResourceAsStream("runtime.lua")) {
			if (in == null) {
				throw new IllegalStateException("runtime.lua missing from the io.feedscope.wireshark bundle");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new IllegalStateException("cannot read runtime.lua", e);
		}
	}

	// ------------------------------------------------------------------ one protocol

	private static void protocol(StringBuilder b, Protocol p, @Nullable String feed, Options options) {
		String prefix = prefixOf(p.name(), options);
		EObject model = p.model();
		List<FieldInfo> fields = p.fields();
		Map<String, Integer> index = new HashMap<>();
		for (int k = 0; k < fields.size(); k++) {
			index.put(fields.get(k).name(), k + 1);
		}
		Map<String, EObject> defs = new HashMap<>();
		for (EObject fd : list(model, "fields")) {
			defs.put(str(fd, "name"), fd);
		}
		Set<String> checked = new LinkedHashSet<>();
		for (EObject pk : list(model, "packets")) {
			collectChecked(pk, "elements", p, checked);
		}
		b.append("{ name = ").append(quote(p.name())).append(", abbrev = ").append(quote(prefix + p.name()));
		b.append(", label = ").append(quote(display(p.displayName())));
		// Wireshark also refuses a second protocol with the same description ("MoldUDP64")
		b.append(", description = ").append(quote(display(p.displayName() + (prefix.isEmpty() ? "" : " (FeedScope)"))));
		b.append(", short = ").append(quote(display(p.name().toUpperCase(Locale.ROOT))));
		b.append(", kind = ").append(quote(p.isFraming() ? "framing" : "messages"));
		if (feed != null) {
			b.append(", feed = ").append(quote(feed));
		}
		b.append(",\n  fields = {\n");
		for (FieldInfo f : fields) {
			field(b, f, defs.get(f.name()), prefix, checked.contains(f.name()));
		}
		b.append("  },\n");
		for (FieldInfo f : fields) {
			String role = f.isDerived() ? "msgseq" : f.role().keyword();
			if (!role.isEmpty() && !role.equals("msglen")) {
				b.append("  ").append(role).append(" = ").append(index.get(f.name())).append(",\n");
			}
		}
		if (p.isFraming()) {
			packets(b, p, model, index);
			bindings(b, p, model, index);
		} else {
			messages(b, p, model, index);
		}
		b.append("},\n");
	}

	private static void collectChecked(EObject container, String ref, Protocol p, Set<String> out) {
		for (EObject e : list(container, ref)) {
			if (e.eClass().getName().equals("Repeat")) {
				EObject c = obj(e, "countField");
				if (c != null) {
					out.add(str(c, "name"));
				}
				collectChecked(e, "elements", p, out);
			} else {
				EObject s = obj(e, "sizeField");
				if (s != null) {
					out.add(str(s, "name"));
				}
			}
		}
	}

	private static void field(StringBuilder b, FieldInfo f, @Nullable EObject def, String prefix, boolean checked) {
		b.append("    { abbrev = ").append(quote(prefix + f.name()));
		b.append(", label = ").append(quote(display(f.displayName())));
		b.append(", doc = ").append(quote(display(f.doc())));
		String kind = switch (f.kind()) {
		case UNSIGNED -> "UINT";
		case CHAR -> "CHAR";
		case ASCII -> "ASCII";
		case DECIMAL -> "DECIMAL";
		case TIME -> "TIME";
		case BYTES -> "BYTES";
		};
		if (f.isDerived()) {
			kind = "UINT";
		}
		b.append(", kind = ").append(quote(kind));
		b.append(", width = ").append(f.isDerived() ? 8 : f.width());
		b.append(", le = ").append(!f.isBigEndian());
		b.append(", scale = ").append(f.scale());
		b.append(", unit = ").append(quote(unitKeyword(f.unit())));
		if (checked) {
			b.append(", checked = true");
		}
		if (def != null) {
			EObject en = obj(def, "enumDef");
			if (en != null && !list(en, "literals").isEmpty()) {
				boolean text = "string".equals(str(en, "keyKind"));
				b.append(",\n      enum = {");
				for (EObject lit : list(en, "literals")) {
					b.append(" [").append(text ? quote(str(lit, "text")) : Long.toString(lng(lit, "code"))).append("] = ")
							.append(quote(display(str(lit, "label")))).append(',');
				}
				b.append(" }");
			}
			EList<EObject> specials = list(def, "specials");
			if (!specials.isEmpty()) {
				b.append(",\n      specials = {");
				for (EObject s : specials) {
					b.append(" { value = ").append(number(lng(s, "value"))).append(", label = ").append(quote(display(str(s, "label"))))
							.append(", kind = ").append(quote(str(s, "packetKind"))).append(" },");
				}
				b.append(" }");
			}
		}
		b.append(" },\n");
	}

	private static void packets(StringBuilder b, Protocol p, EObject model, Map<String, Integer> index) {
		// as ModelLowering orders them: the layouts with `when` in declaration order, the one without last
		List<EObject> ordered = new ArrayList<>();
		EObject fallback = null;
		for (EObject pk : list(model, "packets")) {
			if (list(pk, "conditions").isEmpty() && fallback == null) {
				fallback = pk;
			} else {
				ordered.add(pk);
			}
		}
		if (fallback != null) {
			ordered.add(fallback);
		}
		b.append("  packets = {\n");
		for (EObject pk : ordered) {
			b.append("    { label = ").append(quote(display(str(pk, "label"))));
			String kind = str(pk, "packetKind");
			b.append(", kind = ").append(quote(kind.isEmpty() ? "DATA" : kind));
			b.append(", conds = ");
			conditions(b, p, list(pk, "conditions"), index);
			int offset = 0;
			StringBuilder top = new StringBuilder();
			String trailing = "";
			for (EObject e : list(pk, "elements")) {
				if (e.eClass().getName().equals("Repeat")) {
					trailing = repeat(p, e, index);
					continue;
				}
				FieldInfo f = p.field(p.fieldId(str(obj(e, "field"), "name")));
				if (f.width() < 0) {
					EObject size = obj(e, "sizeField");
					trailing = "bytes = { field = " + index.get(f.name()) + (size != null ? ", size = " + index.get(str(size, "name")) : "")
							+ ", handoff = " + bool(e, "handoff") + " }";
					continue;
				}
				top.append(" { field = ").append(index.get(f.name())).append(", offset = ").append(offset).append(" },");
				offset += f.width();
			}
			b.append(",\n      header = ").append(offset).append(", top = {").append(top).append(" }");
			if (!trailing.isEmpty()) {
				b.append(",\n      ").append(trailing);
			}
			b.append(" },\n");
		}
		b.append("  },\n");
	}

	private static String repeat(Protocol p, EObject r, Map<String, Integer> index) {
		StringBuilder s = new StringBuilder("rep = {");
		EObject count = obj(r, "countField");
		if (count != null) {
			s.append(" count = ").append(index.get(str(count, "name"))).append(',');
		}
		int fixed = 0;
		StringBuilder fields = new StringBuilder();
		for (EObject e : list(r, "elements")) {
			FieldInfo f = p.field(p.fieldId(str(obj(e, "field"), "name")));
			fields.append(" { field = ").append(index.get(f.name())).append(", offset = ").append(fixed).append(" },");
			if (f.width() < 0) {
				s.append(" bytes = ").append(index.get(f.name())).append(", handoff = ").append(bool(e, "handoff")).append(',');
				EObject size = obj(e, "sizeField");
				if (size != null) {
					String sn = str(size, "name");
					s.append(" size = ").append(index.get(sn)).append(',');
					// the size field's offset within the block: found below once all fixed fields are known
					s.append(" sizeoff = ").append(blockOffset(p, r, sn)).append(',');
				}
			} else {
				fixed += f.width();
			}
		}
		s.append(" fixed = ").append(fixed).append(", fields = {").append(fields).append(" } }");
		return s.toString();
	}

	private static int blockOffset(Protocol p, EObject r, String fieldName) {
		int off = 0;
		for (EObject e : list(r, "elements")) {
			FieldInfo f = p.field(p.fieldId(str(obj(e, "field"), "name")));
			if (f.name().equals(fieldName)) {
				return off;
			}
			off += Math.max(0, f.width());
		}
		return -1;
	}

	private static void conditions(StringBuilder b, Protocol p, List<EObject> conds, Map<String, Integer> index) {
		b.append('{');
		for (EObject c : conds) {
			b.append(" { test = ").append(quote(str(c, "test"))).append(", op = ").append(quote(str(c, "op")));
			EObject f = obj(c, "field");
			if (f != null) {
				b.append(", field = ").append(index.get(str(f, "name")));
			}
			b.append(", value = ").append(number(lng(c, "value"))).append(" },");
		}
		b.append(" }");
	}

	private static void bindings(StringBuilder b, Protocol p, EObject model, Map<String, Integer> index) {
		b.append("  ports = {");
		for (int[] r : p.portBindings()) {
			b.append(" { ").append(r[0]).append(", ").append(r[1]).append(" },");
		}
		b.append(" },\n  groups = {");
		for (int[] g : p.groupBindings()) {
			b.append(" { address = ").append(Integer.toUnsignedLong(g[0])).append(", prefix = ").append(g[1]).append(" },");
		}
		b.append(" },\n  heuristics = {\n");
		EObject binding = obj(model, "binding");
		if (binding != null) {
			for (EObject h : list(binding, "heuristics")) {
				b.append("    { name = ").append(quote(display(str(h, "name")))).append(", score = ").append(h.eGet(feature(h, "score")))
						.append(", conds = ");
				conditions(b, p, list(h, "conditions"), index);
				b.append(" },\n");
			}
		}
		b.append("  },\n");
	}

	private static void messages(StringBuilder b, Protocol p, EObject model, Map<String, Integer> index) {
		EObject set = obj(model, "messageSet");
		if (set == null || p.messageTypeCount() == 0) {
			return;
		}
		EObject disc = obj(set, "discriminator");
		String discName = disc == null ? "" : str(disc, "name");
		int discOffset = -1;
		b.append("  messages = {\n");
		b.append("    fallback = { label = ").append(quote(display(p.messageTypeLabel(p.messageTypeCount())))).append(" },\n");
		b.append("    bycode = {\n");
		for (int t = 0; t < p.messageTypeCount(); t++) {
			b.append("      [").append(number(p.messageTypeCode(t))).append("] = { label = ").append(quote(display(p.messageTypeLabel(t))))
					.append(", length = ").append(p.messageTypeLength(t)).append(", fields = {");
			int off = 0;
			for (FieldInfo f : p.messageTypeFields(t)) {
				if (f.name().equals(discName) && discOffset < 0) {
					discOffset = off;
				}
				b.append(" { field = ").append(index.get(f.name())).append(", offset = ").append(off).append(" },");
				off += Math.max(0, f.width());
			}
			b.append(" } },\n");
		}
		b.append("    },\n");
		if (!discName.isEmpty()) {
			b.append("    disc = ").append(index.get(discName)).append(", discoff = ").append(Math.max(0, discOffset)).append(",\n");
		}
		b.append("  },\n");
	}

	// ------------------------------------------------------------------ text

	/**
	 * Text for people, as Wireshark can show it: Wireshark's C strings end at a NUL, so a NUL is shown as
	 * U+2400 (SYMBOL FOR NULL) instead of silently cutting the text; everything else is kept as written.
	 */
	static String display(String s) {
		return s.indexOf('\0') < 0 ? s : s.replace('\0', '\u2400');
	}

	/**
	 * A Lua string literal for any text: printable ASCII other than {@code "} and {@code \} as is, every
	 * other byte of the UTF-8 encoding as a three-digit decimal escape ({@code \034}, {@code \010},
	 * {@code \000}, {@code \226\144\128}). The result cannot end the literal early, open a long bracket or
	 * span lines, so it cannot carry code.
	 */
	public static String quote(String s) {
		byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
		StringBuilder b = new StringBuilder(bytes.length + 2).append('"');
		for (byte x : bytes) {
			int c = x & 0xff;
			if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
				b.append((char) c);
			} else {
				b.append('\\');
				if (c < 100) {
					b.append('0');
				}
				if (c < 10) {
					b.append('0');
				}
				b.append(c);
			}
		}
		return b.append('"').toString();
	}

	/** the description's keyword of a time unit ("ns", "us", "ms", "s"), as the runtime's time_of_day reads it */
	private static String unitKeyword(java.util.concurrent.@Nullable TimeUnit u) {
		if (u == null) {
			return "";
		}
		return switch (u) {
		case NANOSECONDS -> "ns";
		case MICROSECONDS -> "us";
		case MILLISECONDS -> "ms";
		default -> "s";
		};
	}

	private static String number(long v) {
		return v >= 0 ? Long.toString(v) : Long.toUnsignedString(v);
	}

	// ------------------------------------------------------------------ reflective reads of the EMF model
	// (the metamodel's Java constants are internal to io.feedscope.dissect; the feature names are its API)

	private static EStructuralFeature feature(EObject o, String name) {
		EStructuralFeature f = o.eClass().getEStructuralFeature(name);
		if (f == null) {
			throw new IllegalStateException(o.eClass().getName() + " has no feature '" + name + "'");
		}
		return f;
	}

	@SuppressWarnings("unchecked")
	private static EList<EObject> list(EObject o, String name) {
		return (EList<EObject>) o.eGet(feature(o, name));
	}

	private static @Nullable EObject obj(EObject o, String name) {
		return (EObject) o.eGet(feature(o, name));
	}

	private static String str(@Nullable EObject o, String name) {
		if (o == null) {
			return "";
		}
		Object v = o.eGet(feature(o, name));
		return v == null ? "" : v.toString();
	}

	private static long lng(EObject o, String name) {
		Object v = o.eGet(feature(o, name));
		return v instanceof Number n ? n.longValue() : 0;
	}

	private static boolean bool(EObject o, String name) {
		return Boolean.TRUE.equals(o.eGet(feature(o, name)));
	}
}
