package io.feedscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.testdata.outputs.DecodeSchemaCheck;
import io.feedscope.testdata.outputs.Records;

/**
 * The decode record's schema holds what decode writes, of ITCH 5.0 over MoldUDP64 (Cboe PITCH's records: in the
 * PITCH bundle's own test fragment), one file or several (Records.json() validates each line), and can fail: it rejects records that break the format.
 */
class DecodeSchemaTest {

	@TempDir
	Path fDir;

	private static final String GOOD = "{\"frame.number\":2,\"frame.time_ns\":1772461800000008000,\"src\":\"206.200.2.11:25477\","
			+ "\"dst\":\"233.54.12.111:26477\",\"moldudp64.session\":\"000004711B\",\"moldudp64.sequence\":2,\"moldudp64.msgseq\":3,"
			+ "\"type\":\"add_order\",\"itch50.message_type\":\"A\",\"itch50.message_type_name\":\"Add Order Message\","
			+ "\"itch50.price\":\"123.4500\",\"itch50.shares\":100}";

	@Test
	void whatDecodeWritesFollowsTheSchema() {
		Path itch = fDir.resolve("i.pcap");
		assertEquals(0, Records.run("generate", "--preset", "incident", "--seed", "4", "--frames", "2000", "-o", itch.toString()).exit);
		Path other = fDir.resolve("d.pcap");
		assertEquals(0, Records.run("generate", "--preset", "demo", "--seed", "5", "--frames", "500", "-o", other.toString()).exit);
		// json() validates every line against the schema
		assertTrue(Records.run("decode", itch.toString()).json().size() > 1000);
		assertTrue(Records.run("decode", other.toString()).json().size() > 100);
		// several files: "capture" is there
		assertTrue(Records.run("decode", itch.toString(), other.toString()).json().stream().allMatch(r -> r.containsKey("capture")));
	}

	@Test
	void theSchemaRejectsBrokenRecords() {
		assertTrue(DecodeSchemaCheck.errors(GOOD).isEmpty(), () -> DecodeSchemaCheck.errors(GOOD).toString());
		String[] broken = { GOOD.replace("\"frame.number\":2,", ""), // a required member missing
				GOOD.replace("\"frame.number\":2", "\"frame.number\":0"), // frames are 1-based
				GOOD.replace("\"itch50.shares\":100", "\"itch50.shares\":100.5"), // a number that is not an integer
				GOOD.replace("\"itch50.shares\":100", "\"itch50.shares\":null"), // no nulls
				GOOD.replace("206.200.2.11:25477", "206.200.2:25477"), // not ip:port
				GOOD.replace("\"moldudp64.msgseq\":3", "\"moldudp64.msgseq\":\"3\""), // the message sequence is a number
				GOOD.replace("\"itch50.message_type_name\":\"Add Order Message\"", "\"itch50.message_type_name\":65"), // labels are text
				GOOD.replace("\"type\":\"add_order\"", "\"type\":\"add_order\",\"Bogus Key\":1"), // not a PROTOCOL.FIELD name
				GOOD.replace("\"src\":\"206.200.2.11:25477\",", "") }; // a packet's message (it has a msgseq) without its source
		for (String b : broken) {
			assertFalse(DecodeSchemaCheck.errors(b).isEmpty(), b);
		}
		// a BinaryFILE day file's message: no packet, so no src, dst or framing keys
		String dayFile = "{\"frame.number\":1,\"frame.time_ns\":34200000001000,\"type\":\"system_event\","
				+ "\"itch50.message_type\":\"S\",\"itch50.event_code\":\"O\"}";
		assertTrue(DecodeSchemaCheck.errors(dayFile).isEmpty(), () -> DecodeSchemaCheck.errors(dayFile).toString());
	}
}
