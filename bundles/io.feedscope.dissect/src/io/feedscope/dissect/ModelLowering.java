package io.feedscope.dissect;

import static io.feedscope.dissect.internal.model.ProtocolModel.*;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;

import io.feedscope.dissect.Protocol.PacketLayout;

/**
 * The second compiler stage: a protocol's EMF model &rarr; its flat layouts (per message type the offset
 * of every field, per field its width and reader, per framing packet its header offsets and block
 * shape), written as the layout image {@link Protocol} reads and {@link ProtocolCache} stores.
 * <p>
 * One representation for both paths, so a protocol compiled now and one loaded from the cache cannot
 * differ; and the only class that touches EMF at this stage, so loading a cached protocol never loads
 * EMF (a signed jar whose first use costs more than a whole analysis of a small capture).
 */
final class ModelLowering {

	private ModelLowering() {
	}

	/** @return the layout image of a checked protocol model */
	static byte[] image(EObject model) {
		try {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 14);
			DataOutputStream out = new DataOutputStream(bytes);
			write(model, out);
			out.flush();
			return bytes.toByteArray();
		} catch (IOException e) {
			throw new UncheckedIOException(e); // in memory: cannot happen
		}
	}

	private static void write(EObject model, DataOutputStream out) throws IOException {
		String name = str(model, PROTOCOL_NAME);
		String kindOfProtocol = str(model, PROTOCOL_KIND);
		out.writeUTF(name);
		out.writeUTF(str(model, PROTOCOL_LABEL));
		out.writeUTF(kindOfProtocol);

		// ---- fields
		List<EObject> fields = list(model, PROTOCOL_FIELDS);
		EObject seqField = null;
		for (EObject f : fields) {
			if (str(f, FIELD_ROLE).equals("sequence")) {
				seqField = f;
			}
		}
		boolean derivedSeq = seqField != null && ProtocolKind.FRAMING.keyword().equals(kindOfProtocol);
		int n = fields.size() + (derivedSeq ? 1 : 0);
		FieldInfo[] infos = new FieldInfo[n];
		int[] width = new int[n];
		int[] reader = new int[n];
		int[] type = new int[n];
		Map<EObject, Integer> index = new HashMap<>();
		int session = -1, sequence = -1, count = -1;
		int timeField = -1;
		for (int k = 0; k < fields.size(); k++) {
			index.put(fields.get(k), k);
		}
		for (int k = 0; k < fields.size(); k++) {
			EObject f = fields.get(k);
			boolean derived = obj(f, FIELD_DERIVED_BASE) != null;
			if (derived) {
				timeField = k;
			}
			FieldKind kind = switch (fieldType(f)) {
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
			// ids are given when the image is read (they are numbered per JVM)
			infos[k] = new FieldInfo(0, str(f, FIELD_NAME), str(f, FIELD_LABEL), str(f, FIELD_DOC), kind, derived ? 0 : i(f, FIELD_WIDTH),
					b(f, FIELD_BIG_ENDIAN), i(f, FIELD_SCALE), str(f, FIELD_UNIT), role, byCode, byText, specials, derived);
			width[k] = derived ? 0 : i(f, FIELD_WIDTH);
			// text has no byte order: an ASCII field of a little-endian protocol (Cboe symbols) is packed in wire
			// order like any other, else the faces' fast path would print "AMD   " as "   DMA"
			reader[k] = Math.max(width[k], 0) | (b(f, FIELD_BIG_ENDIAN) || kind == FieldKind.ASCII ? 0 : 0x10);
			type[k] = kind.ordinal();
			switch (role) {
			case "session" -> session = k;
			case "sequence" -> sequence = k;
			case "count" -> count = k;
			default -> { /* msglen is found through the block layout */ }
			}
		}
		int msgseq = -1;
		if (derivedSeq) {
			msgseq = n - 1;
			FieldInfo seq = infos[sequence];
			infos[msgseq] = new FieldInfo(0, name + ".msgseq", "Message Sequence",
					"Sequence number of this message: the packet's sequence plus the message's index (derived, not on the wire)",
					FieldKind.UNSIGNED, seq.width(), true, 0, "", "msgseq", Map.of(), Map.of(), Map.of(), true);
			width[msgseq] = 0;
			type[msgseq] = Protocol.T_UINT;
		}
		out.writeInt(n);
		for (FieldInfo f : infos) {
			f.write(out);
		}
		ProtocolCache.writeInts(out, width);
		ProtocolCache.writeInts(out, reader);
		ProtocolCache.writeInts(out, type);
		out.writeInt(msgseq);
		out.writeInt(session);
		out.writeInt(sequence);
		out.writeInt(count);
		// the derived time: field, its base and offset fields, and what turns each into the derived unit
		int timeBase = -1, timeOffset = -1;
		long baseFactor = 0, offsetFactor = 0;
		if (timeField >= 0) {
			EObject tf = fields.get(timeField);
			EObject bf = ref(tf, FIELD_DERIVED_BASE);
			EObject of = ref(tf, FIELD_DERIVED_OFFSET);
			timeBase = index.get(bf);
			timeOffset = index.get(of);
			long unit = unitNanos(str(tf, FIELD_UNIT));
			baseFactor = unitNanos(str(bf, FIELD_UNIT)) / unit;
			offsetFactor = fieldType(of).equals("TIME") ? unitNanos(str(of, FIELD_UNIT)) / unit : 1;
		}
		out.writeInt(timeField);
		out.writeInt(timeBase);
		out.writeInt(timeOffset);
		out.writeLong(baseFactor);
		out.writeLong(offsetFactor);

		// ---- message variants
		EObject set = obj(model, PROTOCOL_MESSAGES);
		if (set != null) {
			List<EObject> variants = list(set, MESSAGE_SET_VARIANTS);
			int types = variants.size();
			EObject disc = obj(set, MESSAGE_SET_DISCRIMINATOR);
			int discField = disc == null ? -1 : index.get(disc);
			int[] offsets = new int[(types + 1) * n];
			Arrays.fill(offsets, -1);
			int[] specLength = new int[types + 1];
			int[][] typeFields = new int[types + 1][];
			long[] typeCodes = new long[types + 1];
			String[] typeNames = new String[types + 1];
			String[] typeLabels = new String[types + 1];
			int discOffset = 0;
			for (int t = 0; t < types; t++) {
				EObject v = variants.get(t);
				typeCodes[t] = l(v, VARIANT_CODE);
				typeNames[t] = str(v, VARIANT_NAME);
				typeLabels[t] = str(v, VARIANT_LABEL);
				specLength[t] = i(v, VARIANT_SPEC_LENGTH);
				List<EObject> els = list(v, VARIANT_ELEMENTS);
				int[] order = new int[els.size()];
				int off = 0;
				for (int e = 0; e < els.size(); e++) {
					int fi = index.get(obj(els.get(e), FIELD_REF_FIELD));
					order[e] = fi;
					offsets[t * n + fi] = off;
					if (fi == discField) {
						discOffset = off;
					}
					off += Math.max(width[fi], 0);
				}
				if (timeField >= 0) {
					// the derived time follows its offset (or, in the seconds message itself, its base)
					int at = offsets[t * n + timeOffset] >= 0 ? timeOffset : offsets[t * n + timeBase] >= 0 ? timeBase : -1;
					if (at >= 0) {
						int[] withTime = new int[order.length + 1];
						int w = 0;
						for (int fi : order) {
							withTime[w++] = fi;
							if (fi == at) {
								withTime[w++] = timeField;
							}
						}
						order = withTime;
						offsets[t * n + timeField] = offsets[t * n + at];
					}
				}
				typeFields[t] = order;
			}
			// the unknown type: only the discriminator is known
			typeNames[types] = str(set, MESSAGE_SET_FALLBACK_NAME);
			typeLabels[types] = str(set, MESSAGE_SET_FALLBACK_LABEL);
			typeCodes[types] = -1;
			specLength[types] = discField < 0 ? 0 : discOffset + width[discField];
			typeFields[types] = discField < 0 ? new int[0] : new int[] { discField };
			if (discField >= 0) {
				offsets[types * n + discField] = discOffset;
			}
			long[] slots = new long[offsets.length];
			for (int k = 0; k < offsets.length; k++) {
				int fi = k % n;
				int off = offsets[k];
				int w = width[fi];
				if (off < 0 || w < 0) {
					// absent: an offset no message reaches, so the length check alone rejects it
					slots[k] = (long) Protocol.SLOT_ABSENT << 32;
					continue;
				}
				if (fi == timeField) {
					slots[k] = (long) off << 32 | Protocol.SLOT_DERIVED;
					continue;
				}
				boolean fast = w <= 8 && (reader[fi] & 0x10) == 0;
				// bits 8..15: right shift that keeps the low width bytes of a 64-bit read
				slots[k] = (long) off << 32 | (fast ? Protocol.SLOT_FAST : 0) | (long) (fast ? 64 - 8 * w : 0) << 8 | w;
			}
			out.writeInt(discField);
			out.writeInt(discOffset);
			out.writeInt(types);
			ProtocolCache.writeInts(out, offsets);
			ProtocolCache.writeInts(out, specLength);
			ProtocolCache.writeLongs(out, slots);
			out.writeInt(types + 1);
			for (int t = 0; t <= types; t++) {
				long[] ts = new long[typeFields[t].length];
				for (int k = 0; k < ts.length; k++) {
					ts[k] = slots[t * n + typeFields[t][k]];
				}
				ProtocolCache.writeLongs(out, ts);
			}
			out.writeInt(types + 1);
			for (int[] a : typeFields) {
				ProtocolCache.writeInts(out, a);
			}
			ProtocolCache.writeLongs(out, typeCodes);
			ProtocolCache.writeStrings(out, typeNames);
			ProtocolCache.writeStrings(out, typeLabels);
			out.writeBoolean(true); // the code -> type table is rebuilt from the codes
		} else {
			out.writeInt(-1); // discriminator field
			out.writeInt(0); // its offset
			out.writeInt(0); // types
			ProtocolCache.writeInts(out, new int[0]);
			ProtocolCache.writeInts(out, new int[0]);
			ProtocolCache.writeLongs(out, new long[0]);
			out.writeInt(0);
			out.writeInt(0);
			ProtocolCache.writeLongs(out, new long[0]);
			ProtocolCache.writeStrings(out, new String[0]);
			ProtocolCache.writeStrings(out, new String[0]);
			out.writeBoolean(false);
		}

		// ---- packets: conditional layouts first (in order), the first unconditional one is the fallback
		List<PacketLayout> conditional = new ArrayList<>();
		PacketLayout fallback = null;
		for (EObject pk : list(model, PROTOCOL_PACKETS)) {
			PacketLayout pl = packet(pk, index, width);
			if (pl.conds.length > 0) {
				conditional.add(pl);
			} else if (fallback == null) {
				fallback = pl;
			}
		}
		if (fallback != null) {
			conditional.add(fallback);
		}
		out.writeInt(conditional.size());
		for (PacketLayout pl : conditional) {
			pl.write(out);
		}

		// ---- bindings
		EObject bnd = obj(model, PROTOCOL_BINDING);
		List<EObject> ports = bnd == null ? List.of() : list(bnd, BINDING_PORTS);
		int[] portLow = new int[ports.size()];
		int[] portHigh = new int[ports.size()];
		for (int k = 0; k < ports.size(); k++) {
			portLow[k] = i(ports.get(k), PORT_RANGE_LOW);
			portHigh[k] = i(ports.get(k), PORT_RANGE_HIGH);
		}
		List<EObject> groups = bnd == null ? List.of() : list(bnd, BINDING_GROUPS);
		int[] groupAddress = new int[groups.size()];
		int[] groupPrefix = new int[groups.size()];
		for (int k = 0; k < groups.size(); k++) {
			groupAddress[k] = i(groups.get(k), GROUP_RANGE_ADDRESS);
			groupPrefix[k] = i(groups.get(k), GROUP_RANGE_PREFIX);
		}
		ProtocolCache.writeInts(out, portLow);
		ProtocolCache.writeInts(out, portHigh);
		ProtocolCache.writeInts(out, groupAddress);
		ProtocolCache.writeInts(out, groupPrefix);
		ProtocolCache.writeStrings(out, (bnd == null ? List.<String>of() : strings(bnd, BINDING_CARRIED_BY)).toArray(new String[0]));
		ProtocolCache.writeStrings(out, (bnd == null ? List.<String>of() : strings(bnd, BINDING_CARRIED_BY_POS)).toArray(new String[0]));
		List<EObject> hs = bnd == null ? List.of() : list(bnd, BINDING_HEURISTICS);
		int[] score = new int[hs.size()];
		String[] hname = new String[hs.size()];
		int[][] hconds = new int[hs.size()][];
		long[][] hvalues = new long[hs.size()][];
		for (int k = 0; k < hs.size(); k++) {
			score[k] = i(hs.get(k), HEURISTIC_SCORE);
			hname[k] = str(hs.get(k), HEURISTIC_NAME);
			List<EObject> cs = list(hs.get(k), HEURISTIC_CONDITIONS);
			hconds[k] = new int[cs.size() * 3];
			hvalues[k] = new long[cs.size()];
			conds(cs, index, hconds[k], hvalues[k]);
		}
		ProtocolCache.writeInts(out, score);
		ProtocolCache.writeStrings(out, hname);
		out.writeInt(hconds.length);
		for (int[] a : hconds) {
			ProtocolCache.writeInts(out, a);
		}
		out.writeInt(hvalues.length);
		for (long[] a : hvalues) {
			ProtocolCache.writeLongs(out, a);
		}
	}

	private static EObject model(EObject o) {
		EObject m = o;
		while (m.eContainer() != null) {
			m = m.eContainer();
		}
		return m;
	}

	private static long unitNanos(String unit) {
		return switch (unit) {
		case "ns" -> 1L;
		case "us" -> 1_000L;
		case "ms" -> 1_000_000L;
		default -> 1_000_000_000L;
		};
	}

	private static PacketLayout packet(EObject pk, Map<EObject, Integer> index, int[] width) {
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
					if (width[fi] < 0) {
						pl.blockBytesField = fi;
						EObject sf = obj(ie, FIELD_REF_SIZE);
						pl.blockSizeField = sf == null ? -1 : index.get(sf);
						pl.blockHandoff = b(ie, FIELD_REF_HANDOFF);
					} else {
						bf.add(fi);
						bo.add(boff);
						boff += width[fi];
					}
				}
				pl.blockFields = bf.stream().mapToInt(Integer::intValue).toArray();
				pl.blockOffsets = bo.stream().mapToInt(Integer::intValue).toArray();
				pl.blockFixed = boff;
				if (pl.blockSizeField >= 0) {
					int at = bf.indexOf(pl.blockSizeField);
					EObject sf = list(model(el), PROTOCOL_FIELDS).get(pl.blockSizeField);
					boolean countsItself = b(sf, FIELD_COUNTS_ITSELF);
					if (at >= 0) {
						// laid out before the data: a length that counts itself also counts what lies between it and the data
						pl.blockSizeRel = bo.get(at);
						pl.blockSizeAdjust = countsItself ? boff - bo.get(at) : 0;
						pl.blockSizeMin = pl.blockSizeAdjust;
					} else {
						// the first bytes of the data it sizes (Cboe PITCH: a message starts with its own length)
						pl.blockSizeRel = boff;
						pl.blockSizeAdjust = 0;
						pl.blockSizeMin = Math.max(1, width[pl.blockSizeField]);
					}
				}
			} else {
				int fi = index.get(obj(el, FIELD_REF_FIELD));
				if (width[fi] < 0) {
					pl.trailing = 1;
					pl.trailingField = fi;
					EObject sf = obj(el, FIELD_REF_SIZE);
					pl.trailingSize = sf == null ? -1 : index.get(sf);
					pl.trailingHandoff = b(el, FIELD_REF_HANDOFF);
				} else {
					top.add(fi);
					topOff.add(off);
					off += width[fi];
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
			case "SIZE" -> Protocol.C_SIZE;
			case "PRINTABLE" -> Protocol.C_PRINTABLE;
			case "BLOCKS_FILL" -> Protocol.C_BLOCKS_FILL;
			case "SPECIAL" -> Protocol.C_SPECIAL;
			case "NOT_SPECIAL" -> Protocol.C_NOT_SPECIAL;
			case "FIELD_SIZE" -> Protocol.C_FIELD_SIZE;
			default -> Protocol.C_FIELD;
			};
			EObject f = obj(c, CONDITION_FIELD);
			out[3 * k + 1] = f == null ? -1 : index.get(f);
			out[3 * k + 2] = switch (str(c, CONDITION_OP)) {
			case "!=" -> Protocol.OP_NE;
			case "<" -> Protocol.OP_LT;
			case "<=" -> Protocol.OP_LE;
			case ">" -> Protocol.OP_GT;
			case ">=" -> Protocol.OP_GE;
			default -> Protocol.OP_EQ;
			};
			values[k] = l(c, CONDITION_VALUE);
		}
	}
}
