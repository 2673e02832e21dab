package io.feedscope.ui.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.PacketLayers;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.PacketKind;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;

/**
 * What a row of the packet table shows, computed from the dissection API and the analysis's facts, with no
 * SWT or NatTable: the view only feeds it a frame's facts ({@link RowInput}) and paints the cells, so what a
 * row says can be tested without a display.
 * <p>
 * The link-layer columns (No., Capture, Time, Δ time, Source, Destination) are the table's own; the feed
 * columns (Line, Session, Sequence, Count, Messages) and the Info text are {@link FeedColumns} contributed
 * per framing protocol ({@link #contribute}), found by the dissected packet's framing name, not a switch in
 * the view; {@link FeedColumns#STANDARD} serves every framing whose description declares the sequence and
 * count roles (MoldUDP64, Cboe PITCH's unit header, ...). What the checks noted on a frame (its packet
 * notes) follows the Info text in brackets, as Wireshark shows expert info.
 */
public final class PacketRowModel {

	/** The columns' headers, in order. */
	public static final String[] COLUMNS = { "No.", "Capture", "Time", "\u0394 time", "Source", "Destination", "Line",
			"Session", "Sequence", "Count", "Messages", "Info" };
	public static final int COL_NO = 0, COL_CAPTURE = 1, COL_TIME = 2, COL_DELTA = 3, COL_SRC = 4, COL_DST = 5,
			COL_LINE = 6, COL_SESSION = 7, COL_SEQ = 8, COL_COUNT = 9, COL_TYPES = 10, COL_INFO = 11;

	/** What the analysis found out about a frame of the feed (the FeedModel's facts). */
	public record FeedFacts(PacketKind kind, String line, String session, long firstSeq, int count, String problem) {
	}

	/**
	 * One frame's facts, as the view gathers them.
	 *
	 * @param number    the No. column: frame number, capture:frame when several captures are open
	 * @param capture   the capture's name when several are open, else ""
	 * @param time      the Time column, formatted as the preference says
	 * @param delta     the Δ time column
	 * @param layers    the frame's link layers (the dissected packet's, or decoded alone)
	 * @param packet    the dissected packet, null while the protocols are compiled
	 * @param truncated whether the frame was cut by the snap length
	 * @param feed      the analysis's facts, null when the frame is no feed packet or no analysis covers it
	 * @param notes     labels of what the checks noted on the frame, most often none
	 */
	public record RowInput(String number, String capture, String time, String delta, PacketLayers layers,
			@Nullable FeedPacket packet, boolean truncated, @Nullable FeedFacts feed, List<String> notes) {
	}

	/** The feed columns and Info text of one framing protocol. */
	public interface FeedColumns {

		/**
		 * Fills the feed columns ({@link #COL_LINE} .. {@link #COL_TYPES}) of a frame of the feed.
		 *
		 * @param cells  the row, link-layer columns filled
		 * @param feed   the analysis's facts
		 * @param packet the dissected packet, null while the protocols are compiled
		 */
		void fill(String[] cells, FeedFacts feed, @Nullable FeedPacket packet);

		/** @return the Info text of a frame of the feed */
		String info(FeedFacts feed, @Nullable FeedPacket packet);

		/** The house columns, from the framing's roles: sequence, count, session; message type codes. */
		FeedColumns STANDARD = new FeedColumns() {
			@Override
			public void fill(String[] cells, FeedFacts f, @Nullable FeedPacket p) {
				cells[COL_LINE] = f.line();
				cells[COL_SESSION] = f.session();
				cells[COL_SEQ] = Long.toString(f.firstSeq());
				// the count field as on the wire (role count of whatever framing), as Wireshark shows it: a
				// heartbeat's or end of session's special value is the packet's, not a constant of one protocol
				int wire = p == null ? -1 : p.count();
				cells[COL_COUNT] = f.kind() == PacketKind.MALFORMED ? ""
						: wire >= 0 ? Integer.toString(wire) : Integer.toString(f.count());
				cells[COL_TYPES] = p == null ? "" : types(p);
			}

			@Override
			public String info(FeedFacts f, @Nullable FeedPacket p) {
				long seq = f.firstSeq();
				int count = f.count();
				return switch (f.kind()) {
				case HEARTBEAT -> "Heartbeat, next seq=" + seq;
				case END_OF_SESSION -> "End of session, next seq=" + seq;
				case REQUEST -> "Request seq=" + seq + " count=" + count;
				case DATA, ANSWER -> (f.kind() == PacketKind.ANSWER ? "[Retransmission] " : "")
						+ (count == 1 ? Long.toString(seq) : seq + "-" + (seq + count - 1)) + " (" + count
						+ (count == 1 ? " msg) " : " msgs) ") + (p == null ? "" : types(p));
				case MALFORMED -> "[Malformed: "
						+ (!f.problem().isEmpty() ? f.problem() : p == null ? "malformed" : malformedReason(p)) + "]";
				default -> "";
				};
			}
		};
	}

	private static final Map<String, FeedColumns> CONTRIBUTED = new ConcurrentHashMap<>();

	private PacketRowModel() {
	}

	/**
	 * A protocol's own feed columns (its plug-in calls this when it starts): rows of packets whose framing
	 * has this name are filled by them instead of {@link FeedColumns#STANDARD}.
	 *
	 * @param framing the framing protocol's name, as its description names it
	 * @param columns the columns, null to take a contribution back
	 */
	public static void contribute(String framing, @Nullable FeedColumns columns) {
		if (columns == null) {
			CONTRIBUTED.remove(framing);
		} else {
			CONTRIBUTED.put(framing, columns);
		}
	}

	/** @return the feed columns of a dissected packet's framing ({@link FeedColumns#STANDARD} by default) */
	public static FeedColumns columnsFor(@Nullable FeedPacket packet) {
		if (packet == null || CONTRIBUTED.isEmpty()) {
			return FeedColumns.STANDARD;
		}
		return CONTRIBUTED.getOrDefault(packet.protocolName(), FeedColumns.STANDARD);
	}

	/**
	 * @param model the analysis's model, covering the frame's capture set
	 * @param ref   a frame of it
	 * @return what the analysis found out about the frame, null when it is no feed packet
	 */
	public static @Nullable FeedFacts facts(FeedModel model, FrameRef ref) {
		PacketKind kind = model.kind(ref);
		return kind == PacketKind.NOT_FEED ? null
				: new FeedFacts(kind, model.lineName(ref), model.session(ref), model.firstSeq(ref), model.count(ref),
						kind == PacketKind.MALFORMED ? model.problem(ref) : "");
	}

	/** @return the cells of one row, in {@link #COLUMNS} order */
	public static String[] cells(RowInput in) {
		String[] cells = new String[COLUMNS.length];
		java.util.Arrays.fill(cells, "");
		cells[COL_NO] = in.number();
		cells[COL_CAPTURE] = in.capture();
		cells[COL_TIME] = in.time();
		cells[COL_DELTA] = in.delta();
		PacketLayers l = in.layers();
		String info;
		switch (l.kind()) {
		case UDP -> {
			cells[COL_SRC] = PacketLayers.formatIp(l.ipSource()) + ":" + l.sourcePort();
			cells[COL_DST] = PacketLayers.formatIp(l.ipDestination()) + ":" + l.destinationPort();
			info = "UDP, " + l.payloadLength() + " bytes payload";
		}
		case OTHER_IP -> {
			cells[COL_SRC] = PacketLayers.formatIp(l.ipSource());
			cells[COL_DST] = PacketLayers.formatIp(l.ipDestination());
			info = "IPv4 protocol " + l.ipProtocol();
		}
		case IP_FRAGMENT -> {
			cells[COL_SRC] = PacketLayers.formatIp(l.ipSource());
			cells[COL_DST] = PacketLayers.formatIp(l.ipDestination());
			info = "IPv4 fragment (not reassembled)";
		}
		case MALFORMED -> info = "[Malformed: " + l.problem() + "]";
		default -> info = String.format("EtherType 0x%04x", l.etherType());
		}
		FeedFacts feed = in.feed();
		if (feed != null && feed.kind() != PacketKind.NOT_FEED) {
			FeedColumns columns = columnsFor(in.packet());
			columns.fill(cells, feed, in.packet());
			String feedInfo = columns.info(feed, in.packet());
			if (!feedInfo.isEmpty()) {
				info = feedInfo;
			}
		}
		if (in.truncated()) {
			info = "[cut by snaplen] " + info;
		}
		for (String note : in.notes()) {
			info += " [" + note + "]";
		}
		cells[COL_INFO] = info;
		return cells;
	}

	/** @return "A×12 E×3", types in order of first appearance */
	public static String types(FeedPacket p) {
		Map<String, Integer> n = new LinkedHashMap<>();
		FeedMessage m = p.messages();
		while (m.next()) {
			int code = m.typeCode();
			String k = code >= 0x20 && code < 0x7f ? String.valueOf((char) code) : String.format("0x%02x", code);
			n.merge(k, 1, Integer::sum);
		}
		StringBuilder b = new StringBuilder();
		n.forEach((k, v) -> b.append(b.isEmpty() ? "" : " ").append(k).append('\u00d7').append(v));
		return b.toString();
	}

	private static String malformedReason(FeedPacket p) {
		if (!p.expertItems().isEmpty()) {
			return p.expertItems().get(0).reason();
		}
		String why = p.layers().problem();
		return why.isEmpty() ? "malformed" : why;
	}
}
