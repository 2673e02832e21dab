package io.feedscope.filter.packet;

import java.util.ArrayList;
import java.util.List;

import io.feedscope.dissect.FieldInfo;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.filter.FieldType;
import io.feedscope.filter.FieldVocabulary;
import io.feedscope.filter.FilterField;

/**
 * The display-filter vocabulary of packets, one list for {@code feedscope decode --filter},
 * {@code analyze --filter}, the workbench's filter bar and {@code feedscope filter-fields}: the frame,
 * Ethernet, VLAN, IPv4 and UDP fields FeedScope reads (Wireshark's names and types), the line the
 * analysis gave a packet, then every protocol of the installed descriptions and every field they
 * declare (names, labels and documentation from the compiled descriptions, not from a list here).
 * {@link PacketRecord} reads exactly these names.
 */
public final class PacketFields {

	/** the link-level fields, in the order listed; {@link PacketRecord} reads them by these names */
	static final List<FilterField> LINK = List.of(
			f("frame", FieldType.PROTOCOL, "Frame", "The captured frame; its value is all of its captured bytes (frame[12:2])"),
			f("frame.number", FieldType.UNSIGNED, "Frame Number", "Number of the frame in its capture file, from 1"),
			f("frame.len", FieldType.UNSIGNED, "Frame length on the wire", "Length of the frame on the wire, in bytes"),
			f("frame.cap_len", FieldType.UNSIGNED, "Frame length stored into the capture file",
					"Bytes captured (less than frame.len when the snaplen cut the frame)"),
			f("frame.time", FieldType.ABSOLUTE_TIME, "Arrival Time",
					"When the frame was captured; compare with local time \"2026-01-01 09:34:00.5\" (or ...Z for UTC)"),
			f("frame.time_epoch", FieldType.RELATIVE_TIME, "Epoch Time", "When the frame was captured, seconds since 1970-01-01 UTC"),
			f("frame.time_relative", FieldType.RELATIVE_TIME, "Time since reference or first frame",
					"Seconds since the first frame of the capture file"),
			f("frame.time_delta", FieldType.RELATIVE_TIME, "Time delta from previous captured frame",
					"Seconds since the previous frame of the capture file (0 for the first)"),
			f("eth", FieldType.PROTOCOL, "Ethernet", "Ethernet II header (its 14 bytes)"),
			f("eth.dst", FieldType.ETHER, "Destination", "Destination hardware address"),
			f("eth.src", FieldType.ETHER, "Source", "Source hardware address"),
			f("eth.addr", FieldType.ETHER, "Address", "Source or destination hardware address (occurs twice: either matches ==)"),
			f("eth.type", FieldType.UNSIGNED, "Type", "EtherType of the Ethernet header (0x8100 when a VLAN tag follows)"),
			f("vlan", FieldType.PROTOCOL, "802.1Q Virtual LAN", "An 802.1Q (0x8100) or 0x9100 VLAN tag (its 4 bytes; once per tag)"),
			f("vlan.id", FieldType.UNSIGNED, "ID", "VLAN id of each 802.1Q or 0x9100 tag, outermost first"),
			f("ieee8021ad", FieldType.PROTOCOL, "IEEE 802.1ad", "An 802.1ad (0x88a8) service tag (its 4 bytes)"),
			f("ieee8021ad.id", FieldType.UNSIGNED, "ID", "VLAN id of each 802.1ad (0x88a8) tag"),
			f("ip", FieldType.PROTOCOL, "Internet Protocol Version 4", "IPv4 header and payload"),
			f("ip.src", FieldType.IPV4, "Source Address", "IPv4 source address"),
			f("ip.dst", FieldType.IPV4, "Destination Address", "IPv4 destination address (the multicast group of a feed)"),
			f("ip.addr", FieldType.IPV4, "Source or Destination Address",
					"IPv4 source or destination address (occurs twice: either matches ==)"),
			f("ip.proto", FieldType.UNSIGNED, "Protocol", "IP protocol number (17 = UDP)"),
			f("ip.ttl", FieldType.UNSIGNED, "Time to Live", "IPv4 time to live"),
			f("ip.len", FieldType.UNSIGNED, "Total Length", "IPv4 total length, header included, in bytes"),
			f("udp", FieldType.PROTOCOL, "User Datagram Protocol", "UDP header and payload"),
			f("udp.srcport", FieldType.UNSIGNED, "Source Port", "UDP source port"),
			f("udp.dstport", FieldType.UNSIGNED, "Destination Port", "UDP destination port"),
			f("udp.port", FieldType.UNSIGNED, "Source or Destination Port", "UDP source or destination port (occurs twice: either matches ==)"),
			f("udp.length", FieldType.UNSIGNED, "Length", "UDP length, header included, in bytes"),
			f("feedscope.line", FieldType.STRING, "Line",
					"Feed line (\"A\", \"B\") the analysis gave the packet's stream; absent where no analysis ran (decode)"));

	private PacketFields() {
	}

	private static FilterField f(String name, FieldType type, String label, String description) {
		return new FilterField(name, type, label, description);
	}

	/**
	 * @param protocols the installed protocol descriptions
	 * @return the link-level fields, then per protocol its name and its fields
	 */
	public static FieldVocabulary vocabulary(ProtocolSet protocols) {
		List<FilterField> all = new ArrayList<>(LINK);
		for (Protocol p : protocols.protocols()) {
			all.add(new FilterField(p.name(), FieldType.PROTOCOL, p.displayName(),
					(p.isFraming() ? "Framing protocol" : "Feed protocol") + " (its bytes: the UDP payload"
							+ (p.isFraming() ? ")" : " of each message)")));
			for (FieldInfo f : p.fields()) {
				all.add(new FilterField(f.name(), type(f), f.displayName(), describe(f)));
			}
		}
		return FieldVocabulary.of(all);
	}

	/** @return the filter type of a described field */
	static FieldType type(FieldInfo f) {
		return switch (f.kind()) {
		case UNSIGNED -> FieldType.UNSIGNED;
		case CHAR -> FieldType.CHAR;
		case ASCII -> FieldType.STRING;
		case DECIMAL -> FieldType.DECIMAL;
		case TIME -> FieldType.TIME_OF_DAY;
		case BYTES -> FieldType.BYTES;
		};
	}

	private static String describe(FieldInfo f) {
		StringBuilder b = new StringBuilder(f.doc().strip().replaceAll("\\s+", " "));
		if (f.isDerived() && !b.toString().contains("derived")) {
			b.append(b.length() > 0 ? " " : "").append("(derived by FeedScope, not on the wire)");
		}
		switch (f.kind()) {
		case DECIMAL -> b.append(b.length() > 0 ? " " : "").append("[").append(f.scale()).append(" implied decimals]");
		case TIME -> b.append(b.length() > 0 ? " " : "").append("[").append(f.unit()).append(" since midnight]");
		case ASCII -> b.append(b.length() > 0 ? " " : "").append("[text, padding trimmed]");
		default -> {
			// the type says it
		}
		}
		return b.toString();
	}
}
