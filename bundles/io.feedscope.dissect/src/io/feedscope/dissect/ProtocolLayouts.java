package io.feedscope.dissect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A compiled protocol's layouts as text for people ({@code feedscope protocols check}): per message type its
 * code, name, length and each field's offset and length; per framing packet layout its header and block
 * fields. Read from the same flat layouts the decoder runs from, so what it prints is what is decoded.
 */
public final class ProtocolLayouts {

	private ProtocolLayouts() {
	}

	/** @return the lines describing a protocol's layouts (no trailing newlines) */
	public static List<String> describe(Protocol p) {
		List<String> out = new ArrayList<>();
		out.add("protocol " + p.name() + " \"" + p.displayName() + "\" (" + p.kind().keyword() + ")");
		int n = p.fFields.length;
		for (int t = 0; t < p.fTypeCount; t++) {
			out.add(String.format(Locale.ROOT, "  message %s %s \"%s\", %d bytes", code(p, p.fTypeCodes[t]), p.fTypeNames[t],
					p.fTypeLabels[t], p.fSpecLength[t]));
			out.add("    offset length field");
			for (int f : p.fTypeFields[t]) {
				FieldInfo fi = p.fFields[f];
				int off = p.fOffsets[t * n + f];
				out.add(String.format(Locale.ROOT, "    %6d %6s %s%s", off, fi.isDerived() ? "-" : Integer.toString(p.fWidth[f]), fi.name(),
						fi.isDerived() ? " (derived, not on the wire)" : ""));
			}
		}
		if (p.fTypeCount > 0 || p.fDiscField >= 0) {
			out.add("  else " + p.fTypeNames[p.fTypeCount] + " \"" + p.fTypeLabels[p.fTypeCount] + "\"");
		}
		for (Protocol.PacketLayout l : p.fPackets) {
			out.add(String.format(Locale.ROOT, "  packet %s \"%s\" (%s), header %d bytes%s", l.name, l.label, l.kind, l.headerLength,
					l.conds.length > 0 ? ", when its conditions hold" : ""));
			out.add("    offset length field");
			for (int k = 0; k < l.topFields.length; k++) {
				out.add(String.format(Locale.ROOT, "    %6d %6d %s", l.topOffsets[k], p.fWidth[l.topFields[k]], p.fFields[l.topFields[k]].name()));
			}
			if (l.trailing == 1) {
				out.add(String.format(Locale.ROOT, "    %6d %6s %s%s", l.headerLength, size(p, l.trailingSize, 0), p.fFields[l.trailingField].name(),
						l.trailingHandoff ? " -> feed" : ""));
			} else if (l.trailing == 2) {
				out.add("    then " + (l.countField >= 0 ? p.fFields[l.countField].name() + " blocks" : "blocks to the end") + ", each:");
				for (int k = 0; k < l.blockFields.length; k++) {
					out.add(String.format(Locale.ROOT, "      %6d %6d %s", l.blockOffsets[k], p.fWidth[l.blockFields[k]], p.fFields[l.blockFields[k]].name()));
				}
				if (l.blockBytesField >= 0) {
					out.add(String.format(Locale.ROOT, "      %6d %6s %s%s", l.blockFixed, size(p, l.blockSizeField, l.blockSizeAdjust),
							p.fFields[l.blockBytesField].name(), l.blockHandoff ? " -> feed" : ""));
				}
			}
		}
		return out;
	}

	private static String size(Protocol p, int sizeField, int adjust) {
		if (sizeField < 0) {
			return "rest";
		}
		return "[" + p.fFields[sizeField].name().substring(p.name().length() + 1) + (adjust > 0 ? "-" + adjust : "") + "]";
	}

	private static String code(Protocol p, long code) {
		FieldInfo d = p.fDiscField >= 0 ? p.fFields[p.fDiscField] : null;
		if (d != null && d.kind() == FieldKind.CHAR && code >= 0x20 && code < 0x7f) {
			return "'" + (char) code + "'";
		}
		return String.format(Locale.ROOT, "0x%02X", code);
	}
}
