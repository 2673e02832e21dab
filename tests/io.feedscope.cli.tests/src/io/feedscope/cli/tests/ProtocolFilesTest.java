package io.feedscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.dissect.ProtocolRegistry;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.testdata.ToyFeed;
import io.feedscope.testdata.outputs.Records;

/**
 * A protocol from a file, no Java, no build (issue 11 section 1): a team writes a small invented feed's
 * description into the user's protocols folder and {@code feedscope decode} shows its fields by name; a broken
 * file is said as FILE:LINE:COLUMN with exit code 1 while a bundled protocol in the same run still decodes.
 * The expected values are the ones written into the packets here.
 */
class ProtocolFilesTest {

	@TempDir
	Path fDir;
	private Path fUser;
	private String fSaved;



	@BeforeEach
	void userFolder() throws Exception {
		fUser = Files.createDirectories(fDir.resolve("config/feedscope/protocols"));
		fSaved = System.getProperty(ProtocolRegistry.USER_DIR_PROPERTY);
		System.setProperty(ProtocolRegistry.USER_DIR_PROPERTY, fUser.toString());
	}

	@AfterEach
	void restore() {
		if (fSaved == null) {
			System.clearProperty(ProtocolRegistry.USER_DIR_PROPERTY);
		} else {
			System.setProperty(ProtocolRegistry.USER_DIR_PROPERTY, fSaved);
		}
	}

	@Test
	void aFileInTheUserFolderIsLiveAndABrokenOneOnlyDisablesItself() throws Exception {
		Path toyCapture = toyCapture();
		Path itch = fDir.resolve("itch.pcap");
		new Generator(Scenario.preset("incident").seed(3).frames(40).build()).format(CaptureFormat.PCAP).write(itch);

		// an empty user folder: no toy protocol, its packets are not feed data
		assertEquals(List.of(), Files.list(fUser).toList());
		Records list = Records.run("protocols");
		assertEquals(0, list.exit, list.err);
		assertFalse(list.out.contains("toy"), list.out);
		Records none = Records.run("decode", toyCapture.toString());
		assertEquals(0, none.exit, none.err);
		assertEquals(List.of(), none.json());

		// the team writes its description there: listed with its source, and decoded by name
		Files.writeString(fUser.resolve("toyf.fsp"), ToyFeed.TOYF);
		Files.writeString(fUser.resolve("toy.fsp"), ToyFeed.TOY);
		list = Records.run("protocols");
		assertEquals(0, list.exit, list.err);
		assertTrue(list.out.lines().anyMatch(l -> l.matches("toy\\s+messages\\s+user folder " + java.util.regex.Pattern.quote(fUser.toString())
				+ "\\s+carried by toyf")), list.out);
		assertTrue(list.out.lines().anyMatch(l -> l.startsWith("toyf ") && l.contains("udp.port==7777; carries toy")), list.out);
		Records r = Records.run("decode", toyCapture.toString(), itch.toString());
		assertEquals(0, r.exit, r.err);
		List<Map<String, String>> toys = r.json().stream().filter(m -> m.containsKey("toy.symbol")).toList();
		assertEquals(2, toys.size(), r.out);
		assertEquals("ABCD", toys.get(0).get("toy.symbol"));
		assertEquals("123.45", toys.get(0).get("toy.bid"));
		assertEquals("Q", toys.get(0).get("toy.kind"));
		assertEquals("XY", toys.get(1).get("toy.symbol"));
		assertEquals("0.50", toys.get(1).get("toy.bid"));
		assertEquals("101", toys.get(1).get("toyf.msgseq"), "sequence 100 + message index 1");
		long itchRecords = r.json().stream().filter(m -> m.containsKey("itch50.message_type")).count();
		assertTrue(itchRecords > 0, "the bundled ITCH still decodes");

		// the file breaks (a ';' lost): said where, with exit code 1; the bundled protocol still decodes
		Files.writeString(fUser.resolve("toy.fsp"), ToyFeed.TOY.replace("field symbol : ascii(4) \"Symbol\";", "field symbol : ascii(4) \"Symbol\""));
		Records broken = Records.run("decode", toyCapture.toString(), itch.toString());
		assertEquals(1, broken.exit, broken.err);
		assertTrue(broken.err.lines().anyMatch(l -> l.equals(fUser.resolve("toy.fsp") + ":5:35: error: expected ';' after field 'symbol'")),
				broken.err);
		assertTrue(broken.json().stream().noneMatch(m -> m.containsKey("toy.symbol")), "the broken protocol is left out");
		assertEquals(itchRecords, broken.json().stream().filter(m -> m.containsKey("itch50.message_type")).count(),
				"the bundled protocol in the same run decodes as before");

		// its author checks it without a capture: the same diagnostic, exit 1; fixed, the offsets
		Records check = Records.run("protocols", "check", fUser.resolve("toy.fsp").toString());
		assertEquals(1, check.exit);
		assertTrue(check.err.contains(":5:35: error: expected ';' after field 'symbol'"), check.err);
		Files.writeString(fUser.resolve("toy.fsp"), ToyFeed.TOY);
		check = Records.run("protocols", "check", fUser.resolve("toy.fsp").toString());
		assertEquals(0, check.exit, check.err);
		assertTrue(check.out.contains("message 'Q' quote \"Quote\", 9 bytes"), check.out);
		assertTrue(check.out.lines().anyMatch(l -> l.trim().matches("1\\s+4 toy.symbol")), check.out);
		assertTrue(check.out.lines().anyMatch(l -> l.trim().matches("5\\s+4 toy.bid")), check.out);
	}

	@Test
	void protocolOptionAddsAFileForOneRun() throws Exception {
		Path toyCapture = toyCapture();
		Path toyf = Files.writeString(fDir.resolve("toyf.fsp"), ToyFeed.TOYF);
		Path toy = Files.writeString(fDir.resolve("toy.fsp"), ToyFeed.TOY);
		Records r = Records.run("decode", "--protocol", toyf.toString(), "--protocol", toy.toString(), toyCapture.toString());
		assertEquals(0, r.exit, r.err);
		assertEquals(List.of("ABCD", "XY"), r.json().stream().map(m -> m.get("toy.symbol")).toList());
		// a binding may name framing and feed; a messages protocol alone is not a framing
		Records bad = Records.run("decode", "--protocol", toyf.toString(), "--protocol", toy.toString(), "--bind", "udp.port==7777,toy",
				toyCapture.toString());
		assertEquals(2, bad.exit);
		assertTrue(bad.err.contains("'toy' is a messages protocol: name its framing, e.g. toyf/toy"), bad.err);
		// a second feed on MoldUDP64: said once, with how to choose
		Path xyz = Files.writeString(fDir.resolve("xyz.fsp"), ToyFeed.TOY.replace("protocol toy", "protocol xyz").replace("toyf", "moldudp64"));
		Records two = Records.run("protocols", "--protocol", xyz.toString());
		assertEquals(0, two.exit, two.err);
		assertEquals(1, two.err.lines().filter(l -> l.contains("warning: both 'itch50'")).count(), two.err);
		assertTrue(two.err.contains(xyz + ":8:25: warning: both 'itch50' (plug-in io.feedscope.protocols.itch50) and 'xyz' (--protocol "
				+ xyz + ") are carried by 'moldudp64'"), two.err);
		assertTrue(two.err.contains("--bind udp.port==N,moldudp64/xyz"), two.err);
		Records chosen = Records.run("protocols", "--protocol", xyz.toString(), "--bind", "udp.port==11002,moldudp64/xyz");
		assertFalse(chosen.err.contains("warning: both"), chosen.err);
		assertTrue(chosen.out.contains("moldudp64"), chosen.out);
		Records missing = Records.run("decode", "--protocol", fDir.resolve("nope.fsp").toString(), toyCapture.toString());
		assertEquals(2, missing.exit);
		assertTrue(missing.err.contains("--protocol " + fDir.resolve("nope.fsp") + ": no such file"), missing.err);
	}

	/** One Ethernet/IPv4/UDP frame to port 7777: channel 3, sequence 100, two quotes (ABCD 123.45, XY 0.50). */
	private Path toyCapture() throws Exception {
		ByteBuffer payload = ByteBuffer.allocate(6 + 2 * 10);
		payload.put((byte) 3).putInt(100).put((byte) 2);
		payload.put((byte) 9).put((byte) 'Q').put("ABCD".getBytes(StandardCharsets.US_ASCII)).putInt(12345);
		payload.put((byte) 9).put((byte) 'Q').put("XY  ".getBytes(StandardCharsets.US_ASCII)).putInt(50);
		byte[] udp = payload.array();
		ByteBuffer f = ByteBuffer.allocate(14 + 20 + 8 + udp.length);
		f.put(new byte[] { 1, 0, 0x5e, 1, 2, 3, 2, 0, 0, 0, 0, 1 }).putShort((short) 0x0800); // Ethernet: multicast MAC, IPv4
		f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + udp.length)).putInt(0).put((byte) 64).put((byte) 17).putShort((short) 0);
		f.put(new byte[] { 10, 0, 0, 1 }).put(new byte[] { (byte) 239, 1, 2, 3 }); // IPv4 10.0.0.1 -> 239.1.2.3
		f.putShort((short) 40000).putShort((short) 7777).putShort((short) (8 + udp.length)).putShort((short) 0); // UDP
		f.put(udp);
		byte[] frame = f.array();
		ByteArrayOutputStream pcap = new ByteArrayOutputStream();
		ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
		h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1); // pcap, Ethernet
		pcap.write(h.array());
		ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
		rec.putInt(1_700_000_000).putInt(0).putInt(frame.length).putInt(frame.length);
		pcap.write(rec.array());
		pcap.write(frame);
		return Files.write(fDir.resolve("toy.pcap"), pcap.toByteArray());
	}
}
