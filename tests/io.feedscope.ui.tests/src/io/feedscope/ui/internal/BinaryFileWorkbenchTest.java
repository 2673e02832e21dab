package io.feedscope.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.generator.Truth;
import io.feedscope.ui.FeedModel;
import io.feedscope.ui.chart.ChartData;

/**
 * A NASDAQ BinaryFILE day file opened in the workbench (issue 13 §3): one row per message, the message number as
 * its sequence, and a chart of message number against ITCH time. The oracle is the file's bytes read here per the
 * spec (2-byte big-endian length, then the message; its timestamp: 6 bytes at offset 5, ns since midnight) and
 * java.time for the date its name gives.
 */
class BinaryFileWorkbenchTest {

	@TempDir
	static Path dir;
	static Path day;
	static Truth truth;
	static final List<byte[]> MESSAGES = new ArrayList<>();
	static final long MIDNIGHT = LocalDate.of(2019, 1, 30).atStartOfDay(ZoneId.of("America/New_York")).toEpochSecond()
			* 1_000_000_000L;

	@BeforeAll
	static void open() throws Exception {
		day = dir.resolve("01302019.NASDAQ_ITCH50");
		new Generator(Scenario.preset("demo").seed(21).frames(1_200).build()).format(CaptureFormat.BINARY_FILE).write(day);
		truth = Truth.read(day);
		byte[] all = Files.readAllBytes(day);
		for (int pos = 0; pos < all.length;) {
			int len = (all[pos] & 0xff) << 8 | all[pos + 1] & 0xff;
			byte[] m = new byte[len];
			System.arraycopy(all, pos + 2, m, 0, len);
			MESSAGES.add(m);
			pos += 2 + len;
		}
		IncidentWorkbench.open(day, 60_000);
	}

	@AfterAll
	static void close() {
		IncidentWorkbench.closeAll();
	}

	static long time(byte[] m) {
		long t = 0;
		for (int i = 5; i < 11; i++) {
			t = t << 8 | m[i] & 0xff;
		}
		return MIDNIGHT + t;
	}

	@Test
	void everyMessageIsARowWithItsNumberAsSequence() {
		PacketTableView table = (PacketTableView) IncidentWorkbench.page().findView(PacketTableView.ID);
		assertEquals(truth.lastSequence(), MESSAGES.size());
		assertEquals(MESSAGES.size(), table.rowCount(), "one row per message");
		for (int row : new int[] { 0, 1, MESSAGES.size() / 2, MESSAGES.size() - 1 }) {
			assertEquals(row + 1, table.frameAt(row).frame());
			assertEquals(Integer.toString(row + 1), table.cellText(row, PacketTableView.COL_SEQ), "row " + row);
			assertEquals("1", table.cellText(row, PacketTableView.COL_COUNT), "row " + row);
			char type = (char) MESSAGES.get(row)[0];
			assertTrue(table.cellText(row, PacketTableView.COL_TYPES).contains(Character.toString(type)),
					"row " + row + " type " + type + ": " + table.cellText(row, PacketTableView.COL_TYPES));
		}
		assertEquals("", table.notice().text(), "a day file is feed data: no notice");
	}

	@Test
	void theChartIsMessageNumberAgainstItchTime() {
		ChartData chart = FeedModel.getDefault().chart();
		assertEquals(MESSAGES.size(), chart.size(), "one mark per message");
		for (int i = 0; i < chart.size(); i++) {
			assertEquals(i + 1, chart.firstSeq(i), "mark " + i);
			assertEquals(1, chart.count(i), "mark " + i);
			assertEquals(time(MESSAGES.get(i)), chart.time(i), "mark " + i + ": the ITCH time on the file's date");
		}
	}
}
