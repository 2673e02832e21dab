package io.feedscope.generator.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.feedscope.generator.FrameTable;

class FrameTableTest {

	private static final List<String> COLS = List.of("frame.number", "moldudp64.sequence", "moldudp64.msgseq");

	private static FrameTable t(String text) throws IOException {
		return FrameTable.read(new StringReader(text), COLS);
	}

	@Test
	void equalTablesMatchInAnyRowOrder() throws IOException {
		FrameTable a = t("1\t5\t5,6\n2\t7\t7\n");
		FrameTable b = t("2\t7\t7 \n1\t5\t5,6\n");
		FrameTable.Comparison c = FrameTable.compare(a, b);
		assertTrue(c.matches(), c.toString());
		assertEquals(2, c.rowsCompared());
	}

	@Test
	void differencesAreNamedByFrameAndField() throws IOException {
		FrameTable.Comparison c = FrameTable.compare(t("1\t5\t5,6\n2\t7\t7\n3\t8\t8\n"), t("1\t5\t5\n3\t8\t8\n4\t9\t9\n"));
		assertFalse(c.matches());
		assertEquals(3, c.differenceCount());
		assertEquals(List.of("frame 1 moldudp64.msgseq: expected '5,6', actual '5'",
				"frame 2: expected, missing from actual", "frame 4: in actual, not expected"), c.differences());
	}

	@Test
	void comparesOnlyCommonColumnsAndReadsHeaders() throws IOException {
		FrameTable withHeader = FrameTable.read(new StringReader("#frame.number\tmoldudp64.count\n1\t3\n"), null);
		FrameTable.Comparison c = FrameTable.compare(withHeader, t("1\t5\t5,6\n"));
		assertEquals(List.of("frame.number"), c.columns());
		assertTrue(c.matches());
	}
}
