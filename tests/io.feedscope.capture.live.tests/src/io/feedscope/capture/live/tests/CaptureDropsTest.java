package io.feedscope.capture.live.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.live.CaptureService;
import io.feedscope.capture.live.CaptureSpec;
import io.feedscope.capture.live.CaptureStatus;
import io.feedscope.capture.live.LiveSession;
import io.feedscope.capture.live.RingSpec;

/**
 * Drops while the capture runs, not only at its end: a stub capture process (a shell script speaking the sync
 * pipe) starts a ring file that it closes with an interface statistics block of 7 drops (as a capture process
 * does at a ring switch), then reports 12 drops so far in an R message (as the pcap4j process does every half
 * second), and 15 in its D message when stopped. The status (what the status bar and {@code feedscope capture}
 * print) shows each while the process still runs.
 */
@Timeout(60)
class CaptureDropsTest {

	/** one sync pipe message: indicator, 24-bit length, NUL-terminated text (Wireshark's capture_sync) */
	private static byte[] message(char indicator, String text) {
		byte[] t = text.getBytes(StandardCharsets.UTF_8);
		ByteBuffer b = ByteBuffer.allocate(4 + t.length + 1);
		b.put((byte) indicator).put((byte) ((t.length + 1) >> 16)).put((byte) ((t.length + 1) >> 8)).put((byte) (t.length + 1));
		b.put(t);
		return b.array();
	}

	private static ByteBuffer block(int type, int body) {
		ByteBuffer b = ByteBuffer.allocate(12 + body).order(ByteOrder.LITTLE_ENDIAN);
		return b.putInt(type).putInt(12 + body);
	}

	/** a pcapng file from the spec's block layouts: section header, Ethernet interface, and statistics if >= 0 */
	private static byte[] pcapng(long drops) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteBuffer shb = block(0x0A0D0D0A, 16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
		out.writeBytes(shb.putInt(shb.capacity()).array());
		ByteBuffer idb = block(1, 8).putShort((short) 1).putShort((short) 0).putInt(65535);
		out.writeBytes(idb.putInt(idb.capacity()).array());
		if (drops >= 0) {
			// interface 0, time 0, options: isb_ifrecv (4) = 100, isb_ifdrop (5) = drops, end of options
			ByteBuffer isb = block(5, 12 + 12 + 12 + 4).putInt(0).putInt(0).putInt(0);
			isb.putShort((short) 4).putShort((short) 8).putLong(100);
			isb.putShort((short) 5).putShort((short) 8).putLong(drops);
			isb.putInt(0);
			out.writeBytes(isb.putInt(isb.capacity()).array());
		}
		return out.toByteArray();
	}

	private static CaptureStatus await(LiveSession s, Predicate<CaptureStatus> p, String what) throws InterruptedException {
		long deadline = System.nanoTime() + 10_000_000_000L;
		CaptureStatus st = s.status();
		while (!p.test(st) && System.nanoTime() < deadline) {
			Thread.sleep(20);
			st = s.status();
		}
		assertTrue(p.test(st), what + ": " + st);
		return st;
	}

	@Test
	void dropsShownWhileCapturing(@TempDir Path dir) throws Exception {
		Path first = dir.resolve("stub_00001.pcapng");
		Path second = dir.resolve("stub_00002.pcapng");
		Files.write(first, pcapng(7)); // closed at the ring switch with its statistics
		Files.write(second, pcapng(-1)); // being written
		Files.write(dir.resolve("m1"), message('F', first.toString()));
		ByteArrayOutputStream m2 = new ByteArrayOutputStream();
		m2.writeBytes(message('P', "100"));
		m2.writeBytes(message('F', second.toString()));
		Files.write(dir.resolve("m2"), m2.toByteArray());
		Files.write(dir.resolve("m3"), message('R', "12"));
		Files.write(dir.resolve("m4"), message('D', "15:lo"));
		Path step = dir.resolve("step");
		Path stub = dir.resolve("stub.sh");
		Files.writeString(stub, String.join("\n", "#!/bin/sh", "cd " + dir, //
				"trap 'cat m4 >&2; exit 0' TERM", // stopped: the final drops
				"cat m1 >&2", "sleep 0.5", "cat m2 >&2", //
				"while [ ! -e step ]; do sleep 0.05; done", "cat m3 >&2", //
				"while :; do sleep 0.05; done", ""));
		LiveSession s = CaptureService.using(List.of("/bin/sh", stub.toString()))
				.start(new CaptureSpec("lo", "", dir, new RingSpec(1, 3), 0));
		try {
			CaptureStatus st = s.status();
			assertEquals(-1, st.drops(), "nothing reported yet: " + st);
			assertTrue(st.text().contains("drops n/a"), st.text());
			st = await(s, x -> x.drops() == 7, "the closed ring file's statistics block");
			assertTrue(st.running());
			assertEquals(100, st.packets());
			assertTrue(st.text().startsWith("100 packets, ") && st.text().endsWith("drops 7"), st.text());
			Files.createFile(step);
			st = await(s, x -> x.drops() == 12, "the R message");
			assertTrue(st.running());
			assertTrue(st.text().endsWith("drops 12"), st.text());
			s.stop();
			st = s.status();
			assertFalse(st.running());
			assertEquals(15, st.drops(), "the D message at the end");
			assertEquals("100 packets, 0/s, drops 15 (stopped)", st.text());
		} finally {
			s.close();
			s.capture().close();
		}
	}
}
