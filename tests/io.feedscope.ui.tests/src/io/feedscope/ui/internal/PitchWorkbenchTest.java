package io.feedscope.ui.internal;

import static io.feedscope.ui.tests.UiTestSupport.flush;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.PacketLayers;
import io.feedscope.dissect.PacketKind;
import io.feedscope.generator.PitchGenerator;
import io.feedscope.generator.Truth;
import io.feedscope.ui.CaptureSet;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.chart.ChartData;

/**
 * The workbench on a feed that is not MoldUDP64/ITCH: a generated Cboe PITCH capture (Sequenced Unit Header,
 * four units on lines A and B) opened as a user would. Its packets are rows with their unit and sequence, its
 * fields are in the details tree, its packets are marks in the chart; expected values are read here from the
 * frames' bytes by the published header layout (Hdr Length u16, Hdr Count u8, Hdr Unit u8, Hdr Sequence u32,
 * little-endian), not through FeedScope's descriptions.
 */
class PitchWorkbenchTest {

	@TempDir
	static Path dir;
	static Path capture;
	static Truth truth;
	static PacketTableView table;

	@BeforeAll
	static void open() throws Exception {
		capture = dir.resolve("pitch.pcap");
		new PitchGenerator().seed(2).durationNanos(600_000_000L).format(CaptureFormat.PCAP).write(capture);
		truth = Truth.read(capture);
		table = (PacketTableView) IncidentWorkbench.page().findView(PacketTableView.ID);
		IncidentWorkbench.open(capture, 60_000);
	}

	@AfterAll
	static void close() {
		IncidentWorkbench.closeAll();
	}

	/** unit, sequence, count of a frame, from its bytes */
	private static long[] header(CaptureFile c, int frame) {
		ByteBuffer b = c.frameData(frame);
		PacketLayers l = new PacketLayers();
		l.decode(b, c.linkType(frame));
		ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
		int p = b.position() + l.payloadOffset();
		return new long[] { b.get(p + 3) & 0xff, le.getInt(p + 4) & 0xffffffffL, b.get(p + 2) & 0xff, l.payloadOffset() };
	}

	@Test
	void packetsAreRowsWithTheirUnitSequenceAndCount() {
		FeedModel m = FeedModel.getDefault();
		assertEquals(truth.frames(), table.rowCount(), "one row per frame");
		CaptureFile c = CaptureSet.getDefault().captures().get(0);
		Set<String> units = new TreeSet<>();
		Map<String, Integer> perLine = new HashMap<>();
		for (int row = 0; row < table.rowCount(); row++) {
			FrameRef ref = table.frameAt(row);
			assertEquals(PacketKind.DATA, m.kind(ref), "frame " + ref.frame() + " is a PITCH data packet");
			long[] h = header(c, ref.frame());
			assertEquals(Long.toString(h[0]), table.cellText(row, PacketTableView.COL_SESSION), "unit of frame " + ref.frame());
			assertEquals(Long.toString(h[1]), table.cellText(row, PacketTableView.COL_SEQ));
			assertEquals(Long.toString(h[2]), table.cellText(row, PacketTableView.COL_COUNT));
			units.add(table.cellText(row, PacketTableView.COL_SESSION));
			perLine.merge(table.cellText(row, PacketTableView.COL_LINE), 1, Integer::sum);
		}
		assertEquals(Set.of("1", "2", "3", "4"), units);
		assertEquals(Set.of("A", "B"), perLine.keySet(), "every packet on line A or B: " + perLine);
	}

	@Test
	void fieldsAreInTheDetailsTree() {
		int row = table.rowCount() / 3;
		FrameRef ref = table.frameAt(row);
		table.selectRow(row);
		flush();
		CaptureFile c = CaptureSet.getDefault().captures().get(0);
		long[] h = header(c, ref.frame());
		PacketDetailsView details = (PacketDetailsView) IncidentWorkbench.page().findView(PacketDetailsView.ID);
		List<DetailNode> all = new ArrayList<>();
		for (Object o : (Object[]) ((org.eclipse.jface.viewers.ITreeContentProvider) details.tree().getContentProvider())
				.getElements(details.tree().getInput())) {
			flatten((DetailNode) o, all);
		}
		int unitOffset = (int) h[3] + 3;
		DetailNode unit = all.stream().filter(n -> n.offset() == unitOffset && n.length() == 1).findFirst()
				.orElseThrow(() -> new AssertionError("no 1-byte field at the unit's offset: " + all));
		assertTrue(unit.label().contains(Long.toString(h[0])), unit.label() + " vs unit " + h[0]);
		DetailNode seq = all.stream().filter(n -> n.offset() == unitOffset + 1 && n.length() == 4).findFirst()
				.orElseThrow(() -> new AssertionError("no 4-byte field at the sequence's offset: " + all));
		assertTrue(seq.label().contains(Long.toString(h[1])), seq.label() + " vs sequence " + h[1]);
		// one group per message, each with PITCH fields named by the description
		assertTrue(all.stream().filter(n -> n.label().startsWith("Message Type: ")).count() >= h[2], "PITCH messages: " + all);
		assertTrue(all.stream().anyMatch(n -> n.label().startsWith("Time Offset: ") || n.label().startsWith("Time: ")),
				"PITCH fields: " + all);
	}

	@Test
	void packetsAreMarksInTheChart() {
		ChartData d = FeedModel.getDefault().chart();
		assertEquals(truth.frames(), d.size(), "one mark per packet");
		CaptureFile c = CaptureSet.getDefault().captures().get(0);
		for (int i = 0; i < d.size(); i++) {
			int frame = ChartData.frameOf(d.frameIdOf(i));
			long[] h = header(c, frame);
			assertEquals(PacketKind.DATA, d.kind(i));
			assertEquals(h[1], d.firstSeq(i), "mark of frame " + frame);
			assertEquals(h[2], d.count(i));
		}
		assertTrue(d.lineCount() >= 2, "lines A and B");
	}

	private static void flatten(DetailNode n, List<DetailNode> out) {
		out.add(n);
		for (DetailNode x : n.children()) {
			flatten(x, out);
		}
	}
}
