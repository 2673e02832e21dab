package io.feedscope.ui.internal;

import static io.feedscope.ui.model.PacketRowModel.COL_COUNT;
import static io.feedscope.ui.model.PacketRowModel.COL_DST;
import static io.feedscope.ui.model.PacketRowModel.COL_INFO;
import static io.feedscope.ui.model.PacketRowModel.COL_LINE;
import static io.feedscope.ui.model.PacketRowModel.COL_NO;
import static io.feedscope.ui.model.PacketRowModel.COL_SEQ;
import static io.feedscope.ui.model.PacketRowModel.COL_SESSION;
import static io.feedscope.ui.model.PacketRowModel.COL_SRC;
import static io.feedscope.ui.model.PacketRowModel.COL_TYPES;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.feedscope.capture.LinkType;
import io.feedscope.capture.PacketLayers;
import io.feedscope.dissect.PacketKind;
import io.feedscope.ui.model.PacketRowModel;
import io.feedscope.ui.model.PacketRowModel.FeedFacts;
import io.feedscope.ui.model.PacketRowModel.RowInput;

/**
 * What a packet table row shows, from the row model alone (no table, no display): an Ethernet/IPv4/UDP frame
 * built here byte by byte, with the analysis's facts given by hand, and the cells compared with the texts
 * the table has always shown for them; packet notes end the Info text.
 */
class PacketRowModelTest {

	/** 10.0.0.1:5000 -> 233.54.12.1:26477, 20 bytes of UDP payload */
	private static PacketLayers udpFrame() {
		ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + 20);
		b.put(new byte[] { 0x01, 0x00, 0x5e, 0x36, 0x0c, 0x01, 0x02, 0, 0, 0, 0, 1 }).putShort((short) 0x0800);
		b.put((byte) 0x45).put((byte) 0).putShort((short) 48).putShort((short) 1).putShort((short) 0x4000)
				.put((byte) 64).put((byte) 17).putShort((short) 0).put(new byte[] { 10, 0, 0, 1 })
				.put(new byte[] { (byte) 233, 54, 12, 1 });
		b.putShort((short) 5000).putShort((short) 26477).putShort((short) 28).putShort((short) 0);
		b.put(new byte[20]); // the payload
		b.flip();
		PacketLayers l = new PacketLayers();
		l.decode(b, LinkType.ETHERNET);
		return l;
	}

	private static String[] row(FeedFacts feed, boolean truncated, List<String> notes) {
		return PacketRowModel.cells(new RowInput("7", "", "12:00:00.000000", "0.000100", udpFrame(), null, truncated,
				feed, notes));
	}

	@Test
	void aFrameOfNoFeedShowsItsLinkLayers() {
		String[] cells = row(null, false, List.of());
		assertEquals("7", cells[COL_NO]);
		assertEquals("10.0.0.1:5000", cells[COL_SRC]);
		assertEquals("233.54.12.1:26477", cells[COL_DST]);
		assertEquals("", cells[COL_LINE]);
		assertEquals("", cells[COL_SEQ]);
		assertEquals("UDP, 20 bytes payload", cells[COL_INFO]);
		assertEquals("[cut by snaplen] UDP, 20 bytes payload", row(null, true, List.of())[COL_INFO]);
	}

	@Test
	void aDataPacketShowsTheAnalysisFacts() {
		String[] cells = row(new FeedFacts(PacketKind.DATA, "A", "S1", 100, 3, ""), false, List.of());
		assertEquals("A", cells[COL_LINE]);
		assertEquals("S1", cells[COL_SESSION]);
		assertEquals("100", cells[COL_SEQ]);
		assertEquals("3", cells[COL_COUNT]); // not dissected yet: the analysis's count
		assertEquals("", cells[COL_TYPES]);
		assertEquals("100-102 (3 msgs) ", cells[COL_INFO]);
		assertEquals("[Retransmission] 100 (1 msg) ",
				row(new FeedFacts(PacketKind.ANSWER, "A", "S1", 100, 1, ""), false, List.of())[COL_INFO]);
	}

	@Test
	void heartbeatsRequestsAndMalformedPackets() {
		assertEquals("Heartbeat, next seq=103",
				row(new FeedFacts(PacketKind.HEARTBEAT, "B", "S1", 103, 0, ""), false, List.of())[COL_INFO]);
		assertEquals("End of session, next seq=103",
				row(new FeedFacts(PacketKind.END_OF_SESSION, "B", "S1", 103, 0, ""), false, List.of())[COL_INFO]);
		assertEquals("Request seq=40 count=5",
				row(new FeedFacts(PacketKind.REQUEST, "", "S1", 40, 5, ""), false, List.of())[COL_INFO]);
		String[] bad = row(new FeedFacts(PacketKind.MALFORMED, "A", "S1", 9, 2, "count 5, 2 messages"), false,
				List.of());
		assertEquals("", bad[COL_COUNT]);
		assertEquals("[Malformed: count 5, 2 messages]", bad[COL_INFO]);
	}

	@Test
	void notesEndTheInfoText() {
		String[] cells = row(new FeedFacts(PacketKind.DATA, "A", "S1", 100, 3, ""), true,
				List.of("first-seq-only drops it", "late"));
		assertEquals("[cut by snaplen] 100-102 (3 msgs)  [first-seq-only drops it] [late]", cells[COL_INFO]);
	}
}
