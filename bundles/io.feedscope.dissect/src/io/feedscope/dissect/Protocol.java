package io.feedscope.dissect;

import static io.feedscope.dissect.internal.model.ProtocolModel.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.jdt.annotation.Nullable;

/**
 * A compiled protocol: its EMF model plus flat, precomputed layouts the decoder runs from.
 * <p>
 * Compilation (once, in the constructor) turns the model into int arrays: per message type the
 * offset of every field (-1 if the type lacks it), per field its width and reader (width + byte
 * order), per framing packet layout its fixed header offsets and block shape. The decoder then only
 * indexes arrays and does absolute reads on the frame buffer. Immutable and thread-safe.
 * <p>
 * Field ids are {@code protocolNumber << 16 | fieldIndex}, unique across every protocol compiled in
 * this JVM, so an id from one protocol can never read another protocol's field by mistake.
 */
public final class Protocol {

	/** framing protocol (MoldUDP64): packets, blocks, hands messages to the feed protocol */
	public static final String FRAMING = "framing";
	/** message protocol (ITCH): variants chosen by a type field */
	public static final String MESSAGES = "messages";

	private static final AtomicInteger NUMBERS = new AtomicInteger(1);

	static final int T_UINT = 0, T_CHAR = 1, T_ASCII = 2, T_DECIMAL = 3, T_TIME = 4, T_BYTES = 5;
	static final int C_SIZE = 0, C_FIELD = 1, C_PRINTABLE = 2, C_BLOCKS_FILL = 3, C_SPECIAL = 4, C_NOT_SPECIAL = 5;
	static final long SLOT_FAST = 1L << 16;
	static final int SLOT_ABSENT = 0x3fff_ffff;
	static final int OP_EQ = 0, OP_NE = 1, OP_LT = 2, OP_LE = 3, OP_GT = 4, OP_GE = 5;

	private final EObject fModel;
	private final int fNumber;
	private final String fName;
	private final String fLabel;
	private final String fKind;
	@Nullable
	private final ProtocolHelper fHelper;

	// ---- fields (index = id & 0xffff)
	final FieldInfo[] fFields;
	final int[] fWidth;
	/** width | 0x10 if little-endian */
	final int[] fReader;
	final int[] fType;
	private final Map<String, Integer> fIdsByName = new HashMap<>();
	/** derived msgseq field (framing with a sequence role), -1 otherwise */
	final int fMsgseqField;
	final int fSessionField;
	final int fSequenceField;
	final int fCountField;

	// ---- message variants
	final int fDiscField;
	final int fDiscOffset;
	final int fTypeCount;
	/** code -&gt; type index, for codes 0..65535; unknown codes map to fTypeCount */
	final int[] fTypeByCode;
	/** [type * fieldCount + field] -&gt; offset in the message or -1; row fTypeCount = unknown type */
	final int[] fOffsets;
	final int[] fSpecLength;
	/**
	 * Hot-path layout, one long per (type, field) like {@link #fOffsets}: offset &lt;&lt; 32 | flags &lt;&lt; 16 |
	 * mask shift &lt;&lt; 8 | width; an absent field has offset {@link #SLOT_ABSENT}. Flag {@link #SLOT_FAST}: big-endian and at most 8 bytes, so the value is the
	 * last {@code width} bytes of one 8-byte read ending at the field's end (one branch-free read
	 * instead of a switch on the width).
	 */
	final long[] fSlots;
	/** per type, the slots of its fields in wire order (for {@link FeedMessage#readFields(long[])}) */
	final long[][] fTypeSlots;
	final int[][] fTypeFields;
	final long[] fTypeCodes;
	final String[] fTypeNames;
	final String[] fTypeLabels;

	// ---- framing packets (tried in order; the fallback last)
	final PacketLayout[] fPackets;
	final int fDefaultPacket;

	// ---- bindings
	final int[] fPortLow;
	final int[] fPortHigh;
	final int[] fGroupAddress;
	final int[] fGroupPrefix;
	final List<String> fCarriedBy;
	final int[] fHeuristicScore;
	final String[] fHeuristicName;
	final int[][] fHeuristicConds;
	final long[][] fHeuristicValues;

	/** One framing packet layout, flattened. Conditions are triples (test, field, op) + value. */
	static final class PacketLayout {
		String name = "";
		String label = "";
		PacketKind kind = PacketKind.DATA;
		int[] conds = new int[0];
		long[] condValues = new long[0];
		/** top-level fixed fields and their offsets */
		int[] topFields = new int[0];
		int[] topOffsets = new int[0];
		int headerLength;
		/** trailing element: 0 none, 1 bytes, 2 repeat */
		int trailing;
		int trailingField = -1;
		int trailingSize = -1;
		boolean trailingHandoff;
		/** repeat: count field or -1 for "to end" */
		int countField = -1;
		int[] blockFields = new int[0];
		int[] blockOffsets = new int[0];
		int blockFixed;
		int blockBytesField = -1;
		int blockSizeField = -1;
		boolean blockHandoff;

		int topOffset(int field) {
			for (int k = 0; k < topFields.length; k++) {
				if (topFields[k] == field) {
					return topOffsets[k];
				}
			}
			return -1;
		}
	}

	Protocol(EObject model, @Nullable ProtocolHelper helper) {
		fModel = model;
		fHelper = helper;
		fNumber = NUMBERS.getAndIncrement();
		fName = str(model, PROTOCOL_NAME);
		fLabel = str(model, PROTOCOL_LABEL);
		fKind = str(model, PROTOCOL_KIND);

		List<EObject> fields = list(model, PROTOCOL_FIELDS);
		EObject seqField = null;
		for (EObject f : fields) {
			if (str(f, FIELD_ROLE).equals("sequence")) {
				seqField = f;
			}
		}
		boolean derivedSeq = seqField != null && FRAMING.equals(fKind);
		int n = fields.size() + (derivedSeq ? 1 : 0);
		fFields = new FieldInfo[n];
		fWidth = new int[n];
		fReader = new int[n];
		fType = new int[n];
		Map<EObject, Integer> index = new HashMap<>();
		int session = -1, sequence = -1, count = -1;
		for (int k = 0; k < fields.size(); k++) {
			EObject f = fields.get(k);
			index.put(f, k);
			String t = fieldType(f);
			FieldKind kind = switch (t) {
			case "CHAR" -> FieldKind.CHAR;
			case "ASCII" -> FieldKind.ASCII;
			case "DECIMAL" -> FieldKind.DECIMAL;
			case "TIME" -> FieldKind.TIME;
			case "BYTES" -> FieldKind.BYTES;
			default -> FieldKind.UNSIGNED;
			};
			Map<Long, String[]> byCode = new HashMap<>();
			Map<String, String[]> byText = new HashMap<>();
			EObject en = obj(f, FIELD_ENUM);
			if (en != null) {
				for (EObject lit : list(en, ENUM_LITERALS)) {
					String[] nl = { str(lit, LITERAL_NAME), str(lit, LITERAL_LABEL) };
					if (str(en, ENUM_KEY_KIND).equals("string")) {
						byText.put(str(lit, LITERAL_TEXT), nl);
					} else {
						byCode.put(l(lit, LITERAL_CODE), nl);
					}
				}
			}
			Map<Long, String[]> specials = new HashMap<>();
			for (EObject s : list(f, FIELD_SPECIALS)) {
				specials.put(l(s, SPECIAL_VALUE), new String[] { str(s, SPECIAL_NAME), str(s, SPECIAL_LABEL), str(s, SPECIAL_PACKET_KIND) });
			}
			String role = str(f, FIELD_ROLE);
			fFields[k] = new FieldInfo(id(k), str(f, FIELD_NAME), str(f, FIELD_LABEL), str(f, FIELD_DOC), kind, i(f, FIELD_WIDTH),
					b(f, FIELD_BIG_ENDIAN), i(f, FIELD_SCALE), str(f, FIELD_UNIT), role, byCode, byText, specials, false);
			fWidth[k] = i(f, FIELD_WIDTH);
			fReader[k] = Math.max(fWidth[k], 0) | (b(f, FIELD_BIG_ENDIAN) ? 0 : 0x10);
			fType[k] = kind.ordinal();
			fIdsByName.put(fFields[k].name(), id(k));
			switch (role) {
			case "session" -> session = k;
			case "sequence" -> sequence = k;
			case "count" -> count = k;
			default -> { /* msglen is found through the block layout */ }
			}
		}
		if (derivedSeq) {
			int k = n - 1;
			FieldInfo seq = fFields[sequence];
			fFields[k] = new FieldInfo(id(k), fName + ".msgseq", "Message Sequence",
					"Sequence number of this message: the packet's sequence plus the message's index (derived, not on the wire)",
					FieldKind.UNSIGNED, seq.width(), true, 0, "", "msgseq", Map.of(), Map.of(), Map.of(), true);
			fWidth[k] = 0;
			fType[k] = T_UINT;
			fIdsByName.put(fFields[k].name(), id(k));
			fMsgseqField = k;
		} else {
			fMsgseqField = -1;
		}
		fSessionField = session;
		fSequenceField = sequence;
		fCountField = count;

		// ---- message variants
		EObject set = obj(model, PROTOCOL_MESSAGES);
		if (set != null) {
			List<EObject> variants = list(set, MESSAGE_SET_VARIANTS);
			int types = variants.size();
			fTypeCount = types;
			EObject disc = obj(set, MESSAGE_SET_DISCRIMINATOR);
			fDiscField = disc == null ? -1 : index.get(disc);
			fTypeByCode = new int[65536];
			Arrays.fill(fTypeByCode, types);
			fOffsets = new int[(types + 1) * n];
			Arrays.fill(fOffsets, -1);
			fSpecLength = new int[types + 1];
			fTypeFields = new int[types + 1][];
			fTypeCodes = new long[types + 1];
			fTypeNames = new String[types + 1];
			fTypeLabels = new String[types + 1];
			int discOffset = 0;
			for (int t = 0; t < types; t++) {
				EObject v = variants.get(t);
				long code = l(v, VARIANT_CODE);
				if (code >= 0 && code < 65536) {
					fTypeByCode[(int) code] = t;
				}
				fTypeCodes[t] = code;
				fTypeNames[t] = str(v, VARIANT_NAME);
				fTypeLabels[t] = str(v, VARIANT_LABEL);
				fSpecLength[t] = i(v, VARIANT_SPEC_LENGTH);
				List<EObject> els = list(v, VARIANT_ELEMENTS);
				int[] order = new int[els.size()];
				int off = 0;
				for (int e = 0; e < els.size(); e++) {
					int fi = index.get(obj(els.get(e), FIELD_REF_FIELD));
					order[e] = fi;
					fOffsets[t * n + fi] = off;
					if (fi == fDiscField) {
						discOffset = off;
					}
					off += Math.max(fWidth[fi], 0);
				}
				fTypeFields[t] = order;
			}
			fDiscOffset = discOffset;
			fSlots = new long[fOffsets.length];
			// the unknown type: only the discriminator is known
			fTypeNames[types] = str(set, MESSAGE_SET_FALLBACK_NAME);
			fTypeLabels[types] = str(set, MESSAGE_SET_FALLBACK_LABEL);
			fTypeCodes[types] = -1;
			fSpecLength[types] = fDiscField < 0 ? 0 : discOffset + fWidth[fDiscField];
			fTypeFields[types] = fDiscField < 0 ? new int[0] : new int[] { fDiscField };
			if (fDiscField >= 0) {
				fOffsets[types * n + fDiscField] = discOffset;
			}
			for (int k = 0; k < fOffsets.length; k++) {
				int fi = k % n;
				int off = fOffsets[k];
				int w = fWidth[fi];
				if (off < 0 || w < 0) {
					// absent: an offset no message reaches, so the length check alone rejects it
					fSlots[k] = (long) SLOT_ABSENT << 32;
					continue;
				}
				boolean fast = w <= 8 && (fReader[fi] & 0x10) == 0;
				// bits 8..15: right shift that keeps the low width bytes of a 64-bit read
				fSlots[k] = (long) off << 32 | (fast ? SLOT_FAST : 0) | (long) (fast ? 64 - 8 * w : 0) << 8 | w;
			}
			fTypeSlots = new long[types + 1][];
			for (int t = 0; t <= types; t++) {
				fTypeSlots[t] = new long[fTypeFields[t].length];
				for (int k = 0; k < fTypeFields[t].length; k++) {
					fTypeSlots[t][k] = fSlots[t * n + fTypeFields[t][k]];
				}
			}
		} else {
			fTypeCount = 0;
			fDiscField = -1;
			fDiscOffset = 0;
			fTypeByCode = new int[0];
			fOffsets = new int[0];
			fSpecLength = new int[0];
			fSlots = new long[0];
			fTypeSlots = new long[0][];
			fTypeFields = new int[0][];
			fTypeCodes = new long[0];
			fTypeNames = new String[0];
			fTypeLabels = new String[0];
		}

		// ---- packets: conditional layouts first (in order), the first unconditional one is the fallback
		List<PacketLayout> conditional = new ArrayList<>();
		PacketLayout fallback = null;
		for (EObject pk : list(model, PROTOCOL_PACKETS)) {
			PacketLayout pl = packet(pk, index);
			if (pl.conds.length > 0) {
				conditional.add(pl);
			} else if (fallback == null) {
				fallback = pl;
			}
		}
		if (fallback != null) {
			conditional.add(fallback);
		}
		fPackets = conditional.toArray(new PacketLayout[0]);
		fDefaultPacket = fPackets.length - 1;

		// ---- bindings
		EObject bnd = obj(model, PROTOCOL_BINDING);
		List<EObject> ports = bnd == null ? List.of() : list(bnd, BINDING_PORTS);
		fPortLow = new int[ports.size()];
		fPortHigh = new int[ports.size()];
		for (int k = 0; k < ports.size(); k++) {
			fPortLow[k] = i(ports.get(k), PORT_RANGE_LOW);
			fPortHigh[k] = i(ports.get(k), PORT_RANGE_HIGH);
		}
		List<EObject> groups = bnd == null ? List.of() : list(bnd, BINDING_GROUPS);
		fGroupAddress = new int[groups.size()];
		fGroupPrefix = new int[groups.size()];
		for (int k = 0; k < groups.size(); k++) {
			fGroupAddress[k] = i(groups.get(k), GROUP_RANGE_ADDRESS);
			fGroupPrefix[k] = i(groups.get(k), GROUP_RANGE_PREFIX);
		}
		fCarriedBy = bnd == null ? List.of() : List.copyOf(strings(bnd, BINDING_CARRIED_BY));
		List<EObject> hs = bnd == null ? List.of() : list(bnd, BINDING_HEURISTICS);
		fHeuristicScore = new int[hs.size()];
		fHeuristicName = new String[hs.size()];
		fHeuristicConds = new int[hs.size()][];
		fHeuristicValues = new long[hs.size()][];
		for (int k = 0; k < hs.size(); k++) {
			fHeuristicScore[k] = i(hs.get(k), HEURISTIC_SCORE);
			fHeuristicName[k] = str(hs.get(k), HEURISTIC_NAME);
			List<EObject> cs = list(hs.get(k), HEURISTIC_CONDITIONS);
			fHeuristicConds[k] = new int[cs.size() * 3];
			fHeuristicValues[k] = new long[cs.size()];
			conds(cs, index, fHeuristicConds[k], fHeuristicValues[k]);
		}
	}

	private PacketLayout packet(EObject pk, Map<EObject, Integer> index) {
		PacketLayout pl = new PacketLayout();
		pl.name = str(pk, PACKET_NAME);
		pl.label = str(pk, PACKET_LABEL);
		pl.kind = str(pk, PACKET_KIND).equals("REQUEST") ? PacketKind.REQUEST : PacketKind.DATA;
		List<EObject> cs = list(pk, PACKET_CONDITIONS);
		pl.conds = new int[cs.size() * 3];
		pl.condValues = new long[cs.size()];
		conds(cs, index, pl.conds, pl.condValues);
		List<Integer> top = new ArrayList<>();
		List<Integer> topOff = new ArrayList<>();
		int off = 0;
		for (EObject el : list(pk, PACKET_ELEMENTS)) {
			if (el.eClass() == REPEAT) {
				pl.trailing = 2;
				EObject cf = obj(el, REPEAT_COUNT);
				pl.countField = cf == null ? -1 : index.get(cf);
				List<Integer> bf = new ArrayList<>();
				List<Integer> bo = new ArrayList<>();
				int boff = 0;
				for (EObject ie : list(el, REPEAT_ELEMENTS)) {
					int fi = index.get(obj(ie, FIELD_REF_FIELD));
					if (fWidth[fi] < 0) {
						pl.blockBytesField = fi;
						EObject sf = obj(ie, FIELD_REF_SIZE);
						pl.blockSizeField = sf == null ? -1 : index.get(sf);
						pl.blockHandoff = b(ie, FIELD_REF_HANDOFF);
					} else {
						bf.add(fi);
						bo.add(boff);
						boff += fWidth[fi];
					}
				}
				pl.blockFields = bf.stream().mapToInt(Integer::intValue).toArray();
				pl.blockOffsets = bo.stream().mapToInt(Integer::intValue).toArray();
				pl.blockFixed = boff;
			} else {
				int fi = index.get(obj(el, FIELD_REF_FIELD));
				if (fWidth[fi] < 0) {
					pl.trailing = 1;
					pl.trailingField = fi;
					EObject sf = obj(el, FIELD_REF_SIZE);
					pl.trailingSize = sf == null ? -1 : index.get(sf);
					pl.trailingHandoff = b(el, FIELD_REF_HANDOFF);
				} else {
					top.add(fi);
					topOff.add(off);
					off += fWidth[fi];
				}
			}
		}
		pl.topFields = top.stream().mapToInt(Integer::intValue).toArray();
		pl.topOffsets = topOff.stream().mapToInt(Integer::intValue).toArray();
		pl.headerLength = off;
		return pl;
	}

	private static void conds(List<EObject> cs, Map<EObject, Integer> index, int[] out, long[] values) {
		for (int k = 0; k < cs.size(); k++) {
			EObject c = cs.get(k);
			out[3 * k] = switch (str(c, CONDITION_TEST)) {
			case "SIZE" -> C_SIZE;
			case "PRINTABLE" -> C_PRINTABLE;
			case "BLOCKS_FILL" -> C_BLOCKS_FILL;
			case "SPECIAL" -> C_SPECIAL;
			case "NOT_SPECIAL" -> C_NOT_SPECIAL;
			default -> C_FIELD;
			};
			EObject f = obj(c, CONDITION_FIELD);
			out[3 * k + 1] = f == null ? -1 : index.get(f);
			out[3 * k + 2] = switch (str(c, CONDITION_OP)) {
			case "!=" -> OP_NE;
			case "<" -> OP_LT;
			case "<=" -> OP_LE;
			case ">" -> OP_GT;
			case ">=" -> OP_GE;
			default -> OP_EQ;
			};
			values[k] = l(c, CONDITION_VALUE);
		}
	}

	int number() {
		return fNumber;
	}

	private int id(int index) {
		return fNumber << 16 | index;
	}

	/** @return true if the id belongs to this protocol */
	public boolean owns(int fieldId) {
		return fieldId >>> 16 == fNumber && (fieldId & 0xffff) < fFields.length;
	}

	// ------------------------------------------------------------------ public API

	/** @return the protocol's name, also the prefix of its field names ("itch50") */
	public String name() {
		return fName;
	}

	/** @return the name for people ("NASDAQ TotalView-ITCH 5.0") */
	public String displayName() {
		return fLabel;
	}

	/** @return {@link #FRAMING} or {@link #MESSAGES} */
	public String kind() {
		return fKind;
	}

	public boolean isFraming() {
		return FRAMING.equals(fKind);
	}

	/**
	 * @return the EMF model this protocol was compiled from (metamodel: {@code internal.model.ProtocolModel});
	 *         read it (tree views, documentation, XMI dumps), do not change it: the layouts were computed from it once
	 */
	public EObject model() {
		return fModel;
	}

	/** @return the optional Java helper contributed with the description */
	public @Nullable ProtocolHelper helper() {
		return fHelper;
	}

	/** @return number of fields, derived ones included */
	public int fieldCount() {
		return fFields.length;
	}

	/** @return every field, in declaration order (derived fields last) */
	public List<FieldInfo> fields() {
		return Collections.unmodifiableList(Arrays.asList(fFields));
	}

	/**
	 * @param name full name ({@code itch50.price}) or the name without the protocol prefix ({@code price})
	 * @return the field id for the fast accessors, or -1 if this protocol has no such field
	 */
	public int fieldId(String name) {
		Integer id = fIdsByName.get(name);
		if (id == null) {
			id = fIdsByName.get(fName + "." + name);
		}
		return id == null ? -1 : id.intValue();
	}

	/** @return the field with this id */
	public FieldInfo field(int fieldId) {
		return fFields[fieldId & 0xffff];
	}

	/** @return number of message types (variants), the fallback not counted */
	public int messageTypeCount() {
		return fTypeCount;
	}

	/** @return code of message type t (e.g. 'A'), for t in [0, messageTypeCount()) */
	public long messageTypeCode(int t) {
		return fTypeCodes[t];
	}

	/** @return name of message type t ("add_order"); t == messageTypeCount() is the fallback */
	public String messageTypeName(int t) {
		return fTypeNames[t];
	}

	/** @return name for people of message type t ("Add Order No MPID Attribution Message") */
	public String messageTypeLabel(int t) {
		return fTypeLabels[t];
	}

	/** @return the spec length of message type t in bytes */
	public int messageTypeLength(int t) {
		return fSpecLength[t];
	}

	/** @return the type index for a code, or messageTypeCount() if the code is unknown */
	public int messageType(long code) {
		return code >= 0 && code < fTypeByCode.length ? fTypeByCode[(int) code] : fTypeCount;
	}

	/** @return the fields of message type t in wire order */
	public List<FieldInfo> messageTypeFields(int t) {
		List<FieldInfo> out = new ArrayList<>();
		for (int f : fTypeFields[t]) {
			out.add(fFields[f]);
		}
		return out;
	}

	/** @return protocols this message protocol rides on by default ("carried by moldudp64, moldudp") */
	public List<String> carriedBy() {
		return fCarriedBy;
	}

	/** @return the UDP port ranges bound in the description, as [low, high] pairs */
	public List<int[]> portBindings() {
		List<int[]> out = new ArrayList<>();
		for (int k = 0; k < fPortLow.length; k++) {
			out.add(new int[] { fPortLow[k], fPortHigh[k] });
		}
		return out;
	}

	/** @return the multicast groups bound in the description, as [address, prefix] pairs */
	public List<int[]> groupBindings() {
		List<int[]> out = new ArrayList<>();
		for (int k = 0; k < fGroupAddress.length; k++) {
			out.add(new int[] { fGroupAddress[k], fGroupPrefix[k] });
		}
		return out;
	}

	/** @return the heuristics' names with their scores, in declaration order */
	public Map<String, Integer> heuristics() {
		Map<String, Integer> out = new LinkedHashMap<>();
		for (int k = 0; k < fHeuristicScore.length; k++) {
			out.put(fHeuristicName[k], fHeuristicScore[k]);
		}
		return out;
	}

	@Override
	public String toString() {
		return fName + " (" + fKind + ", " + fFields.length + " fields" + (fTypeCount > 0 ? ", " + fTypeCount + " message types" : "") + ")";
	}
}
