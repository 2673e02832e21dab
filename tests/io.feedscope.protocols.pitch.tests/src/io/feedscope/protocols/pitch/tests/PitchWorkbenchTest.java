package io.feedscope.protocols.pitch.tests;

import static io.feedscope.ui.model.PacketRowModel.COL_COUNT;
import static io.feedscope.ui.model.PacketRowModel.COL_LINE;
import static io.feedscope.ui.model.PacketRowModel.COL_SEQ;
import static io.feedscope.ui.model.PacketRowModel.COL_SESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
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

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.analysis.AnalysisOptions;
import io.feedscope.analysis.CheckDescriptor;
import io.feedscope.analysis.CheckRegistry;
import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureFormat;
import io.feedscope.capture.Captures;
import io.feedscope.capture.PacketLayers;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.generator.Truth;
import io.feedscope.protocols.pitch.generator.PitchGenerator;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.FrameRef;
import io.feedscope.ui.chart.ChartData;
import io.feedscope.ui.model.DetailNode;
import io.feedscope.ui.model.FeedModelBuilder;
import io.feedscope.ui.model.PacketColumns;
import io.feedscope.ui.model.PacketDetailsModel;
import io.feedscope.ui.model.PacketRowModel;

/**
 * What the workbench shows of a feed that is not MoldUDP64/ITCH: a generated Cboe PITCH capture (Sequenced Unit
 * Header, four units on lines A and B) through the workbench's own models, without a workbench: the analysis pass
 * the workbench runs ({@link FeedModelBuilder}, installed protocols, default checks), the packet table's rows
 * ({@link PacketRowModel}, fed as the table feeds it, with the feed columns PITCH declares in its plugin.xml), the details tree's feed layer ({@link PacketDetailsModel}) and
 * the chart's marks. Its packets are rows with their unit and sequence, its fields are in the details tree, its
 * packets are marks in the chart; expected values are read here from the frames' bytes by the published header
 * layout (Hdr Length u16, Hdr Count u8, Hdr Unit u8, Hdr Sequence u32, little-endian), not through FeedScope's
 * descriptions. (It ran in the workbench test fragment until PITCH had to need no edit outside its own folders.)
 */
class PitchWorkbenchTest {

	@TempDir
	static Path dir;
	static Truth truth;
	static CaptureFile capture;
	static FeedModel model;
	static FeedDissector dissector;

	@BeforeAll
	static void open() throws Exception {
		Path file = dir.resolve("pitch.pcap");
		new PitchGenerator().seed(2).durationNanos(600_000_000L).format(CaptureFormat.PCAP).write(file);
		truth = Truth.read(file);
		capture = Captures.open(file);
		ProtocolSet protocols = ProtocolRegistry.getDefault().compile();
		// the feed columns PITCH declares in its plugin.xml, as the workbench installs them when it compiles
		assertEquals(List.of(), PacketColumns.install(protocols), "PITCH's column declarations are good");
		// the checks the workbench runs until the user chooses others: each contribution's default
		List<CheckDescriptor> checks = CheckRegistry.load().defaultChecks();
		FeedModel m = FeedModelBuilder.build(List.of(capture), protocols, AnalysisOptions.DEFAULTS, checks, Map.of(),
				new NullProgressMonitor());
		assertNotNull(m, "not canceled");
		model = m;
		// the table's and the details' dissector: the analysis's protocols and learned ports
		dissector = m.dissector(List.of(capture), protocols);
	}

	@AfterAll
	static void close() throws Exception {
		capture.close();
	}

	/** unit, sequence, count of a frame and its payload's offset, from its bytes */
	private static long[] header(int frame) {
		ByteBuffer b = capture.frameData(frame);
		PacketLayers l = new PacketLayers();
		l.decode(b, capture.linkType(frame));
		ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
		int p = b.position() + l.payloadOffset();
		return new long[] { b.get(p + 3) & 0xff, le.getInt(p + 4) & 0xffffffffL, b.get(p + 2) & 0xff, l.payloadOffset() };
	}

	/** a row of the packet table, its facts gathered as the table gathers them */
	private static String[] row(int frame) {
		FrameRef ref = new FrameRef(0, frame);
		FeedPacket p = dissector.dissect(capture, frame);
		assertNotSame(PacketRowModel.FeedColumns.STANDARD, PacketRowModel.columnsFor(p), "PITCH's declared columns");
		return PacketRowModel.cells(new PacketRowModel.RowInput(Integer.toString(frame), "", "", "", p.layers(), p,
				capture.isTruncated(frame), PacketRowModel.facts(model, ref), List.of()));
	}

	@Test
	void packetsAreRowsWithTheirUnitSequenceAndCount() {
		assertEquals(truth.frames(), capture.frameCount(), "one row per frame");
		Set<String> units = new TreeSet<>();
		Map<String, Integer> perLine = new HashMap<>();
		for (int frame = 1; frame <= capture.frameCount(); frame++) {
			assertEquals(PacketKind.DATA, model.kind(new FrameRef(0, frame)), "frame " + frame + " is a PITCH data packet");
			long[] h = header(frame);
			String[] cells = row(frame);
			assertEquals(Long.toString(h[0]), cells[COL_SESSION], "unit of frame " + frame);
			assertEquals(Long.toString(h[1]), cells[COL_SEQ]);
			assertEquals(Long.toString(h[2]), cells[COL_COUNT]);
			units.add(cells[COL_SESSION]);
			perLine.merge(cells[COL_LINE], 1, Integer::sum);
		}
		assertEquals(Set.of("1", "2", "3", "4"), units);
		assertEquals(Set.of("A", "B"), perLine.keySet(), "every packet on line A or B: " + perLine);
	}

	@Test
	void fieldsAreInTheDetailsTree() {
		int frame = capture.frameCount() / 3 + 1;
		long[] h = header(frame);
		List<DetailNode> roots = new ArrayList<>();
		DetailNode top = PacketDetailsModel.addFeedLayer(dissector.dissect(capture, frame), roots);
		assertNotNull(top, "a feed layer");
		List<DetailNode> all = PacketDetailsModel.flatten(roots);
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
		ChartData d = model.chart();
		assertEquals(truth.frames(), d.size(), "one mark per packet");
		for (int i = 0; i < d.size(); i++) {
			int frame = ChartData.frameOf(d.frameIdOf(i));
			long[] h = header(frame);
			assertEquals(PacketKind.DATA, d.kind(i));
			assertEquals(h[1], d.firstSeq(i), "mark of frame " + frame);
			assertEquals(h[2], d.count(i));
		}
		assertTrue(d.lineCount() >= 2, "lines A and B");
	}
}
