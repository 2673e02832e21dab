package io.feedscope.filter.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.feedscope.filter.DisplayFilter;
import io.feedscope.filter.FilterSyntaxException;

/**
 * Expected results follow Wireshark's display-filter semantics (wireshark-filter(4)): comparisons on
 * absent fields are false, a bare field tests presence, 'not' binds tighter than 'and', 'and' tighter
 * than 'or'.
 */
class DisplayFilterTest {

	private static final Set<String> KNOWN = Set.of("itch50.stock", "itch50.shares", "itch50.price",
			"itch50.message_type", "itch50.order_reference_number", "moldudp64.sequence", "moldudp64.count",
			"moldudp64.session", "frame.number");

	/** An AAPL add order: 300 shares at 227.5100 (4 implied decimals, as ITCH prices). */
	private static MapFieldValues addAapl() {
		return new MapFieldValues().put("itch50.stock", "AAPL").put("itch50.shares", 300L)
				.put("itch50.price", new BigDecimal("227.5100")).put("itch50.message_type", "A")
				.put("moldudp64.sequence", 4711L).put("frame.number", 12L);
	}

	private static boolean eval(String filter) throws FilterSyntaxException {
		return DisplayFilter.compile(filter, KNOWN).test(addAapl());
	}

	@ParameterizedTest
	@CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
			"itch50.stock == \"AAPL\" and itch50.shares > 100 => true",
			"itch50.stock == \"AAPL\" && itch50.shares > 300 => false",
			"itch50.stock eq \"AAPL\" and itch50.shares ge 300 => true",
			"itch50.stock != \"MSFT\" => true",
			"itch50.stock ne \"AAPL\" => false",
			"itch50.shares < 301 and itch50.shares <= 300 and itch50.shares >= 300 => true",
			"itch50.shares lt 300 or itch50.shares gt 300 => false",
			"itch50.price >= 227.51 => true",
			"itch50.price > 227.51 => false",
			"itch50.price == 227.51 => true",
			"itch50.price == 227.5100 => true",
			"itch50.price == 227.51000001 => false",
			"itch50.price < 227.51000001 => true",
			"itch50.price > 227 => true",
			"itch50.price == 227 => false",
			"moldudp64.sequence == 0x1267 => true",
			"itch50.price => true",
			"itch50.order_reference_number => false",
			"!itch50.order_reference_number => true",
			"not itch50.order_reference_number and itch50.stock => true",
			// comparisons on an absent field are false, even !=
			"itch50.order_reference_number != 5 => false",
			"!(itch50.order_reference_number == 5) => true",
			"itch50.order_reference_number < 5 or itch50.order_reference_number >= 5 => false",
			// precedence: and before or, not before and
			"itch50.stock == \"MSFT\" and itch50.shares > 1 or frame.number == 12 => true",
			"itch50.stock == \"MSFT\" and (itch50.shares > 1 or frame.number == 12) => false",
			"not itch50.stock == \"MSFT\" and frame.number == 12 => true",
			"itch50.stock || itch50.order_reference_number => true",
			"itch50.stock in {\"MSFT\" \"AAPL\"} => true",
			"itch50.stock in {\"MSFT\", \"NVDA\"} => false",
			"moldudp64.sequence in {1 2 4711} => true",
			"itch50.price in {1.5 227.51} => true",
			"itch50.stock contains \"AP\" => true",
			"itch50.stock contains \"MS\" => false",
			// a number never equals a string and a string never equals a number
			"itch50.stock == 5 => false",
			"itch50.shares == \"300\" => false",
			"itch50.shares contains \"3\" => false",
			// strings compare lexicographically
			"itch50.stock < \"AMZN\" => true",
			"itch50.stock > \"AAPK\" => true",
			"frame.number >= -1 => true" })
	void evaluates(String filter, boolean expected) throws FilterSyntaxException {
		assertEquals(expected, eval(filter), filter);
	}

	@Test
	void stringEscapes() throws FilterSyntaxException {
		MapFieldValues v = new MapFieldValues().put("moldudp64.session", "A\"B\\C\tD\u0001");
		assertTrue(DisplayFilter.compile("moldudp64.session == \"A\\\"B\\\\C\\tD\\x01\"", KNOWN).test(v));
		assertFalse(DisplayFilter.compile("moldudp64.session == \"A\\\"B\\\\C\\tD\"", KNOWN).test(v));
	}

	@Test
	void fieldsAndText() throws FilterSyntaxException {
		DisplayFilter f = DisplayFilter.compile("itch50.stock == \"AAPL\" or !frame.number", KNOWN);
		assertEquals(Set.of("itch50.stock", "frame.number"), f.fields());
		assertEquals("itch50.stock == \"AAPL\" or !frame.number", f.text());
	}

	@Test
	void emptyFilterShowsEverything() throws FilterSyntaxException {
		assertTrue(DisplayFilter.compile("  ", KNOWN).test(new MapFieldValues()));
	}

	@Test
	void unknownFieldsAreCheckedOnlyWhenKnownNamesAreGiven() throws FilterSyntaxException {
		assertFalse(DisplayFilter.compile("foo.bar == 1", (Set<String>) null).test(addAapl()));
		FilterSyntaxException e = assertThrows(FilterSyntaxException.class,
				() -> DisplayFilter.compile("frame.number > 1 and itch50.stok == \"AAPL\"", KNOWN));
		assertEquals("unknown field 'itch50.stok' at column 22: did you mean 'itch50.stock'?", e.getMessage());
		assertEquals(22, e.column());
		assertEquals(11, e.length());
		e = assertThrows(FilterSyntaxException.class, () -> DisplayFilter.compile("tcp.port == 1", KNOWN));
		assertEquals("unknown field 'tcp.port' at column 1", e.getMessage());
	}

	@ParameterizedTest
	@CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
			"itch50.stock = \"AAPL\" => 14 => unknown operator '=' at column 14: did you mean '=='?",
			"itch50.stock == \"AAPL\" & itch50.shares > 1 => 24 => unknown operator '&' at column 24: did you mean '&&' (and)?",
			"itch50.stock == \"AAPL\" | itch50.shares > 1 => 24 => unknown operator '|' at column 24: did you mean '||' (or)?",
			"itch50.stock == => 16 => the filter ends too early at column 16: expected a value (a number or a \"string\")",
			"itch50.stock == \"AAPL => 17 => string starting at column 17 is not closed",
			"(itch50.shares > 1 => 19 => the filter ends too early at column 19: expected 'and' or 'or' or ')'",
			"itch50.shares > 1 itch50.price => 19 => unexpected 'itch50.price' at column 19: expected 'and' or 'or'",
			"itch50.stock contains 5 => 23 => unexpected '5' at column 23: expected a \"string\"",
			"itch50.shares > 1 and => 22 => the filter ends too early at column 22: expected a field name",
			"itch50.shares # 1 => 15 => unexpected character '#' at column 15",
			"itch50.shares == 99999999999999999999 => 18 => number '99999999999999999999' at column 18 is too large",
			"itch50.stock == \"\\q\" => 18 => unknown escape '\\q' at column 18: use \\\", \\\\, \\n, \\t, \\r, \\0 or \\xHH" })
	void syntaxErrorsNameTheColumn(String filter, int column, String message) {
		FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> DisplayFilter.compile(filter, KNOWN));
		assertEquals(message, e.getMessage());
		assertEquals(column, e.column());
	}
}
