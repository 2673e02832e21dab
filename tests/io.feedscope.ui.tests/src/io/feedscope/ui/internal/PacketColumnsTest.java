package io.feedscope.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.ContributorFactorySimple;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.RegistryFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.feedscope.capture.LinkType;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.PacketKind;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.ui.model.PacketColumns;
import io.feedscope.ui.model.PacketColumns.Align;
import io.feedscope.ui.model.PacketColumns.Column;
import io.feedscope.ui.model.PacketRowModel;
import io.feedscope.ui.model.PacketRowModel.FeedColumns;
import io.feedscope.ui.model.PacketRowModel.FeedFacts;

/**
 * The packet table's feed columns as protocols declare them (io.feedscope.dissect.columns): the installed
 * framings' plugin.xml (MoldUDP64, MoldUDP, the example plug-in com.example.feeds.test) are read, a declared field
 * fills its column (an Example Feed frame written here byte by byte, its values known), and every bad declaration
 * is reported in the Error Log naming its plug-in (declarations added to a registry of the test's own).
 */
class PacketColumnsTest {

	private static final ProtocolSet PROTOCOLS = ProtocolRegistry.getDefault().compile();

	@AfterEach
	void installedAgain() {
		PacketColumns.install(PROTOCOLS); // as the workbench has them
	}

	@Test
	void theInstalledFramingsDeclareTheirColumns() {
		PacketColumns installed = PacketColumns.installed();
		assertEquals(List.of(), installed.problems());
		List<String> fields = installed.columns().stream().map(c -> c.title() + "=" + c.field() + "/" + c.align()).toList();
		for (String want : List.of("Session=moldudp64.session/TABLE", "Sequence=moldudp64.sequence/TABLE",
				"Count=moldudp64.count/TABLE", "Session=moldudp.session/TABLE", "Sequence=moldudp.sequence/TABLE",
				"Count=moldudp.count/TABLE", "Session=exfeed.stream/TABLE", "Sequence=exfeed.sequence/TABLE",
				"Count=exfeed.count/TABLE")) {
			assertTrue(fields.contains(want), want + " in " + fields);
		}
		Column ex = installed.columns().stream().filter(c -> c.field().equals("exfeed.sequence")).findFirst().orElseThrow();
		assertEquals("com.example.feeds.test", ex.contributor());
		assertEquals(80, ex.width());
		assertEquals(PacketRowModel.COL_SEQ, ex.index());
		List<String> problems = new java.util.ArrayList<>();
		Map<String, List<Column>> usable = installed.usable(PROTOCOLS, problems);
		assertEquals(List.of(), problems);
		assertTrue(usable.keySet().containsAll(List.of("moldudp64", "moldudp", "exfeed")), usable.keySet().toString());
	}

	/** Example Feed (tests/com.example.feeds.test/protocols/exfeed.fsp) to UDP port 30017: stream, sequence, count, messages */
	private static FeedPacket exfeedPacket(String stream, int sequence) {
		byte[] quote = { 14, 'Q', 'A', 'C', 'M', 'E', 'B', 0, 0, 0x30, 0x39, 0, 0, 0x01, (byte) 0xf4 };
		ByteBuffer payload = ByteBuffer.allocate(4 + 4 + 1 + quote.length);
		payload.put(stream.getBytes(StandardCharsets.US_ASCII)).putInt(sequence).put((byte) 1).put(quote).flip();
		int udp = 8 + payload.remaining();
		ByteBuffer b = ByteBuffer.allocate(14 + 20 + udp);
		b.put(new byte[] { 0x01, 0x00, 0x5e, 0x01, 0x01, 0x01, 0x02, 0, 0, 0, 0, 1 }).putShort((short) 0x0800);
		b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + udp)).putShort((short) 1).putShort((short) 0x4000)
				.put((byte) 64).put((byte) 17).putShort((short) 0).put(new byte[] { 10, 0, 0, 1 })
				.put(new byte[] { (byte) 239, 1, 1, 1 });
		b.putShort((short) 40000).putShort((short) 30017).putShort((short) udp).putShort((short) 0).put(payload).flip();
		return new FeedDissector(PROTOCOLS).dissect(b, LinkType.ETHERNET, 1);
	}

	private static String[] row(FeedPacket p, FeedFacts facts) {
		return PacketRowModel.cells(new PacketRowModel.RowInput("1", "", "", "", p.layers(), p, false, facts, List.of()));
	}

	@Test
	void aDeclaredFieldFillsItsColumn() {
		FeedPacket p = exfeedPacket("EX01", 1000);
		assertEquals("exfeed", p.protocolName());
		assertNotSame(FeedColumns.STANDARD, PacketRowModel.columnsFor(p), "exfeed's columns are its declared ones");
		// the analysis's facts given different on purpose: the declared fields' values are what the row shows
		FeedFacts facts = new FeedFacts(PacketKind.DATA, "A", "analysis-session", 7, 9, "");
		String[] cells = row(p, facts);
		assertEquals("EX01", cells[PacketRowModel.COL_SESSION]);
		assertEquals("1000", cells[PacketRowModel.COL_SEQ]);
		assertEquals("1", cells[PacketRowModel.COL_COUNT]);
		assertEquals("A", cells[PacketRowModel.COL_LINE], "Line stays the analysis's");
		// Session declared as another field of the header (a test's declaration): that field's value shows
		PacketColumns.install(PROTOCOLS, PacketColumns.of(List.of(new Column("Session", "exfeed.sequence", 0, Align.RIGHT, "test"))));
		assertEquals("1000", row(p, facts)[PacketRowModel.COL_SESSION]);
		assertEquals("7", row(p, facts)[PacketRowModel.COL_SEQ], "an undeclared column: the role's fact");
		// a malformed packet: the analysis's word, as the standard columns say it
		assertEquals("analysis-session",
				row(p, new FeedFacts(PacketKind.MALFORMED, "A", "analysis-session", 7, 9, "cut"))[PacketRowModel.COL_SESSION]);
		// nothing declared for exfeed any more: the standard columns
		PacketColumns.install(PROTOCOLS, PacketColumns.of(List.of()));
		assertSame(FeedColumns.STANDARD, PacketRowModel.columnsFor(p));
	}

	@Test
	void badDeclarationsAreReportedInTheErrorLogNamingThePlugIn() throws Exception {
		Object token = new Object();
		IExtensionRegistry reg = RegistryFactory.createRegistry(null, token, token);
		try {
			add(reg, token, "io.feedscope.dissect", "<plugin><extension-point id=\"columns\" name=\"Columns\"/></plugin>");
			add(reg, token, "com.example.bad", """
					<plugin><extension point="io.feedscope.dissect.columns">
					  <column field="exfeed.stream"/>
					  <column title="Price" field="exfeed.stream"/>
					  <column title="Session" field="stream"/>
					  <column title="Session" field="exfeed.stream" width="wide"/>
					  <column title="Session" field="exfeed.stream" align="justify"/>
					  <column title="Session" field="exfeed.stream" align="table"/>
					  <column title="Session" field="nosuch.stream"/>
					  <column title="Session" field="exquote.instrument"/>
					  <column title="Count" field="exfeed.nosuch"/>
					  <column title="Sequence" field="exfeed.sequence" width="70" align="right"/>
					  <column title="Sequence" field="exfeed.count"/>
					</extension></plugin>""");
			PacketColumns declared = PacketColumns.read(reg.getConfigurationElementsFor(PacketColumns.EXTENSION_POINT));
			List<IStatus> logged = new CopyOnWriteArrayList<>();
			ILogListener listener = (status, plugin) -> logged.add(status);
			Platform.addLogListener(listener);
			List<String> problems;
			try {
				problems = PacketColumns.install(PROTOCOLS, declared);
			} finally {
				Platform.removeLogListener(listener);
			}
			assertEquals(List.of(
					"A packet table column of plug-in com.example.bad has no title (one of Session, Sequence, Count)",
					"Packet table column 'Price' of plug-in com.example.bad: the packet table has no feed column 'Price' (its feed columns: Session, Sequence, Count)",
					"Packet table column 'Session' of plug-in com.example.bad: field 'stream' is not a full field name such as moldudp64.sequence",
					"Packet table column 'Session' of plug-in com.example.bad: width 'wide' is not a number of pixels (1..2000)",
					"Packet table column 'Session' of plug-in com.example.bad: align 'justify' is not left, right or center",
					"Packet table column 'Session' of plug-in com.example.bad: align 'table' is not left, right or center",
					"Packet table column 'Sequence' of plug-in com.example.bad: exfeed already has a 'Sequence' column; this one is not used",
					"Packet table column 'Session' of plug-in com.example.bad: field 'nosuch.stream': no protocol 'nosuch' is installed",
					"Packet table column 'Session' of plug-in com.example.bad: field 'exquote.instrument': exquote is a messages protocol; the feed columns show a framing's header",
					"Packet table column 'Count' of plug-in com.example.bad: field 'exfeed.nosuch': exfeed has no such field"),
					problems);
			List<String> errors = logged.stream().filter(s -> s.getSeverity() == IStatus.ERROR && "io.feedscope.ui".equals(s.getPlugin()))
					.map(IStatus::getMessage).toList();
			assertEquals(problems, errors, "each problem in the Error Log");
			// the one good declaration is used
			assertEquals(List.of("Sequence=exfeed.sequence"), declared.columns().stream().map(c -> c.title() + "=" + c.field())
					.filter(s -> !s.startsWith("Session") && !s.startsWith("Count")).toList());
			assertEquals("1000", row(exfeedPacket("EX02", 1000), new FeedFacts(PacketKind.DATA, "A", "x", 5, 1, ""))[PacketRowModel.COL_SEQ]);
			// its width and alignment are the table's for Sequence; the others keep the table's own alignment
			assertEquals(70, PacketColumns.leastWidth(PacketRowModel.COL_SEQ));
			assertEquals(Align.RIGHT, PacketColumns.align(PacketRowModel.COL_SEQ));
			assertEquals(Align.TABLE, PacketColumns.align(PacketRowModel.COL_SESSION));
		} finally {
			reg.stop(token);
		}
	}

	private static void add(IExtensionRegistry reg, Object token, String contributor, String xml) {
		assertTrue(reg.addContribution(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
				ContributorFactorySimple.createContributor(contributor), false, contributor, null, token), "contribution added");
	}
}
