package io.feedscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * {@link HeldLines} prints what {@code println} of each line would have printed, in order, whether the lines stayed
 * in memory or went to its file: many lines past a small budget, and characters outside the BMP whose surrogate
 * pairs fall across the file's read blocks (128 KB).
 */
class HeldLinesTest {

	private static String printed(HeldLines held) throws Exception {
		ByteArrayOutputStream b = new ByteArrayOutputStream();
		PrintStream err = new PrintStream(b, true, StandardCharsets.UTF_8);
		held.printTo(err);
		err.flush();
		return b.toString(StandardCharsets.UTF_8);
	}

	private static String expected(Iterable<String> lines) {
		ByteArrayOutputStream b = new ByteArrayOutputStream();
		PrintStream err = new PrintStream(b, true, StandardCharsets.UTF_8);
		for (String l : lines) {
			err.println(l);
		}
		return b.toString(StandardCharsets.UTF_8);
	}

	@Test
	void linesPastTheBudgetComeBackInOrder() throws Exception {
		java.util.List<String> lines = new java.util.ArrayList<>();
		// the file is read back 64 K characters at a time: the first pair of surrogates (U+1F600) straddles the first
		// block's end, the others fall at every offset
		lines.add("x".repeat((1 << 16) - 1) + "\uD83D\uDE00");
		for (int i = 0; i < 40_000; i++) {
			lines.add("f.pcap: frame " + i + ": warning: " + "x".repeat(i % 7) + "\uD83D\uDE00" + " [" + i + "]");
		}
		try (HeldLines held = new HeldLines(1000)) {
			for (String l : lines) {
				held.add(l);
			}
			assertTrue(held.spilled(), "past the budget, the lines are in the file");
			String first = printed(held);
			assertEquals(expected(lines), first);
			assertFalse(first.contains("?"), "no pair was cut");
			assertEquals("", printed(held), "printed once");
			held.add("after");
			assertEquals(expected(java.util.List.of("after")), printed(held), "and held again after");
		}
	}

	@Test
	void fewLinesStayInMemory() throws Exception {
		try (HeldLines held = new HeldLines()) {
			held.add("a");
			held.add("b \u00e9");
			assertFalse(held.spilled());
			assertEquals(expected(java.util.List.of("a", "b \u00e9")), printed(held));
		}
	}
}
