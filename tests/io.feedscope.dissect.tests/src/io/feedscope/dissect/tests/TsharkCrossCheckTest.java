package io.feedscope.dissect.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedMessage;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.testdata.TestData;

/**
 * MoldUDP64 frame by frame against tshark, run live when tshark is installed (skipped otherwise):
 * {@code tshark -r F -d udp.port==26477,moldudp64 -T fields -e moldudp64.session -e moldudp64.sequence
 * -e moldudp64.count -e moldudp64.msglen -e moldudp64.msgseq}. The sanitized captures use UDP port 0,
 * which tshark will not "decode as", so they are checked on a temporary copy whose destination port is
 * rewritten to 26477 (nothing else changes).
 */
public class TsharkCrossCheckTest {

	private static Path captures() {
		return TestData.nasdaqDir();
	}

	private static boolean tsharkAvailable() {
		try {
			Process p = new ProcessBuilder("tshark", "-v").redirectErrorStream(true).start();
			p.getInputStream().readAllBytes();
			return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
		} catch (IOException e) {
			return false;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static List<String[]> tshark(Path file) throws IOException, InterruptedException {
		Process p = new ProcessBuilder("tshark", "-r", file.toString(), "-d", "udp.port==26477,moldudp64", "-T", "fields", "-e", "frame.number",
				"-e", "moldudp64.session", "-e", "moldudp64.sequence", "-e", "moldudp64.count", "-e", "moldudp64.msglen", "-e",
				"moldudp64.msgseq", "-E", "separator=|").redirectError(ProcessBuilder.Redirect.DISCARD).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(60, TimeUnit.SECONDS));
		List<String[]> rows = new ArrayList<>();
		for (String line : out.split("\n")) {
			if (!line.isBlank()) {
				rows.add(line.split("\\|", -1));
			}
		}
		return rows;
	}

	/** Copy of a pcap (Ethernet + one VLAN tag + IPv4 without options) with the UDP destination port set. */
	private static Path withPort(Path src, Path dir, int port) throws IOException {
		byte[] d = Files.readAllBytes(src);
		ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
		int pos = 24;
		while (pos + 16 <= d.length) {
			int incl = b.getInt(pos + 8);
			int udp = pos + 16 + 14 + 4 + 20;
			d[udp + 2] = (byte) (port >> 8);
			d[udp + 3] = (byte) port;
			pos += 16 + incl;
		}
		Path out = dir.resolve(src.getFileName());
		Files.write(out, d);
		return out;
	}

	@Test
	public void everyFrameAgreesWithTshark(@TempDir Path tmp) throws IOException, InterruptedException {
		assumeTrue(tsharkAvailable(), "tshark not installed");
		ProtocolSet set = TestProtocols.boundTo(26477);
		FeedDissector d = new FeedDissector(set);
		int frames = 0;
		int messages = 0;
		for (String sub : List.of("unaltered", "sanitized")) {
			List<Path> files;
			try (Stream<Path> s = Files.list(captures().resolve(sub))) {
				files = s.filter(f -> f.toString().endsWith(".pcap")).sorted().toList();
			}
			for (Path f : files) {
				Path file = sub.equals("sanitized") ? withPort(f, tmp, 26477) : f;
				List<String[]> rows = tshark(file);
				try (CaptureFile cap = Captures.open(file)) {
					assertEquals(cap.frameCount(), rows.size(), file.toString());
					for (String[] row : rows) {
						int frame = Integer.parseInt(row[0]);
						String where = sub + "/" + f.getFileName() + " frame " + frame;
						FeedPacket p = d.dissect(cap, frame);
						assertTrue(p.expertItems().isEmpty(), where);
						// tshark prints the session as a string; the sanitized NUL session comes out empty
						assertEquals(row[1], p.session().replace("\0", ""), where);
						assertEquals(Long.parseLong(row[2]), p.sequence(), where);
						assertEquals(Integer.parseInt(row[3]), p.count(), where);
						String[] lens = row[4].split(",");
						String[] seqs = row[5].split(",");
						assertEquals(lens.length, p.messageCount(), where);
						FeedMessage m = p.messages();
						for (int i = 0; i < lens.length; i++) {
							assertTrue(m.next());
							assertEquals(Integer.parseInt(lens[i]), m.length(), where + " msglen " + i);
							assertEquals(Long.parseLong(seqs[i]), m.msgseq(), where + " msgseq " + i);
							messages++;
						}
						frames++;
					}
				}
			}
		}
		assertEquals(80, frames, "9 unaltered frames (Multiple.Packets has 2) + 71 sanitized");
		assertEquals(117, messages);
	}
}
