package io.feedscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.generator.feed.UdpFrames;
import io.feedscope.testdata.outputs.Records;

/**
 * decode's session/sequence/msgseq keys are the packet's framing's fields, found by role: a legacy MoldUDP
 * packet's are {@code moldudp.*} (they were written as {@code moldudp64.*}). The packet is built here by the
 * MoldUDP v1.02a layout as Wireshark reads it (session 10, sequence u32, count u16, block length u16,
 * little-endian) around an ITCH 5.0 System Event (12 bytes, big-endian).
 */
class LegacyMoldUdpKeysTest {

	@TempDir
	Path fDir;

	@Test
	void legacyMoldUdpRowsCarryItsOwnNames() throws Exception {
		ByteBuffer itch = ByteBuffer.allocate(12); // 'S', locate 0, tracking 0, timestamp 48 bits, event 'O'
		itch.put((byte) 'S').putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(1_000_000).put((byte) 'O');
		ByteBuffer p = ByteBuffer.allocate(10 + 4 + 2 + 2 + 12).order(ByteOrder.LITTLE_ENDIAN);
		p.put("LEGACY0001".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(77).putShort((short) 1)
				.putShort((short) 12).put(itch.array());
		byte[] frame = UdpFrames.frame(0x0a000001, 40001, 0xe9010101, 40000, 1, p.array());
		ByteArrayOutputStream pcap = new ByteArrayOutputStream();
		ByteBuffer h = ByteBuffer.allocate(24 + 16).order(ByteOrder.LITTLE_ENDIAN);
		h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
		h.putInt(1_700_000_000).putInt(0).putInt(frame.length).putInt(frame.length);
		pcap.write(h.array());
		pcap.write(frame);
		Path f = fDir.resolve("legacy.pcap");
		Files.write(f, pcap.toByteArray());
		Records r = Records.run("decode", "--bind", "udp.port==40000,moldudp", f.toString());
		assertEquals(0, r.exit, r.err);
		List<Map<String, String>> rows = r.json();
		assertEquals(1, rows.size(), r.out);
		Map<String, String> row = rows.get(0);
		assertEquals("LEGACY0001", row.get("moldudp.session"));
		assertEquals("77", row.get("moldudp.sequence"));
		assertEquals("77", row.get("moldudp.msgseq"));
		assertEquals("system_event", row.get("type"));
		assertFalse(row.keySet().stream().anyMatch(k -> k.startsWith("moldudp64.")), row.toString());
	}
}
