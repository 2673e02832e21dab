package io.feedscope.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.feedscope.capture.LinkType;
import io.feedscope.dissect.tests.TestFrames;

/**
 * Frames in a heap array are read with array loads, mapped frames through the buffer: both paths must
 * decode every frame, sound or damaged, exactly alike.
 */
public class ReadPathTest {

	@Test
	public void arrayReadsEqualBufferReadsForEveryReader() {
		Random r = new Random(11);
		byte[] a = new byte[64];
		int[] readers = { 0, 1, 0x11, 2, 0x12, 3, 0x13, 4, 0x14, 5, 6, 0x16, 7, 8, 0x18 };
		for (int round = 0; round < 2000; round++) {
			r.nextBytes(a);
			ByteBuffer b = ByteBuffer.wrap(a);
			int at = r.nextInt(a.length - 8);
			for (int reader : readers) {
				assertEquals(FeedPacket.read(b, at, reader), ByteView.read(a, at, reader), "reader " + reader + " at " + at);
			}
		}
	}

	@Test
	public void heapAndMappedFramesDissectAlike() throws IOException {
		ProtocolSet set = ProtocolRegistry.getDefault().compile();
		List<byte[]> frames = new ArrayList<>(TestFrames.seeds());
		Random r = new Random(5);
		int n = frames.size();
		for (int i = 0; i < 3000; i++) {
			byte[] b = frames.get(r.nextInt(n)).clone();
			for (int k = r.nextInt(3); k >= 0 && b.length > 14; k--) {
				b[14 + r.nextInt(b.length - 14)] ^= (byte) (1 << r.nextInt(8));
			}
			frames.add(r.nextBoolean() ? b : Arrays.copyOf(b, r.nextInt(b.length + 1)));
		}
		int feed = 0;
		for (boolean bound : new boolean[] { false, true }) {
			ProtocolSet s = bound ? set.toBuilder().bindPorts("moldudp64", 0, 65535).build() : set;
			FeedDissector heap = new FeedDissector(s);
			FeedDissector mapped = new FeedDissector(s);
			FeedDissector chunk = new FeedDissector(s);
			for (int i = 0; i < frames.size(); i++) {
				byte[] f = frames.get(i);
				// an array with room after the frame, as a reused read buffer has
				byte[] big = Arrays.copyOf(f, f.length + 64);
				Arrays.fill(big, f.length, big.length, (byte) 0x41);
				ByteBuffer inArray = ByteBuffer.wrap(big, 0, f.length).slice();
				ByteBuffer direct = ByteBuffer.allocateDirect(f.length).put(f).flip().asReadOnlyBuffer();
				FeedPacket p = heap.dissect(inArray, LinkType.ETHERNET, i + 1);
				feed += p.kind() == PacketKind.NOT_FEED ? 0 : 1;
				assertEquals(p.boundBy().startsWith("heuristic"), p.boundByHeuristic(), "frame " + (i + 1) + ": " + p.boundBy());
				String a = ProtocolCacheTest.dump(p);
				String b = ProtocolCacheTest.dump(mapped.dissect(direct, LinkType.ETHERNET, i + 1));
				assertEquals(b, a, "frame " + (i + 1) + (bound ? " (bound)" : " (heuristic)"));
				// in an array among other bytes, as a chunk's frames are (FeedDissector#dissect(byte[], ...)): no buffer
				// until the dump asks the packet for one
				byte[] among = new byte[37 + f.length + 29];
				Arrays.fill(among, (byte) 0x7f);
				System.arraycopy(f, 0, among, 37, f.length);
				String c = ProtocolCacheTest.dump(chunk.dissect(among, 37, f.length, LinkType.ETHERNET, i + 1));
				assertEquals(b, c, "frame " + (i + 1) + " from an array" + (bound ? " (bound)" : " (heuristic)"));
			}
		}
		assertTrue(feed > frames.size(), "most frames are feed packets in one of the two passes: " + feed);
	}

	/**
	 * The type codes handed out without reading the wire again (and the cursor's, which are the same) are the
	 * ITCH type byte of each message as it is in the frame, for sound, unknown and cut messages.
	 */
	@Test
	public void messageTypeCodesWithoutTheCursorEqualTheCursors() throws IOException {
		ProtocolSet set = ProtocolRegistry.getDefault().compile().toBuilder().bindPorts("moldudp64", 0, 65535).build();
		FeedDissector d = new FeedDissector(set);
		Random r = new Random(9);
		List<byte[]> seeds = TestFrames.seeds();
		int messages = 0, unknown = 0;
		for (int i = 0; i < 5000; i++) {
			byte[] b = seeds.get(r.nextInt(seeds.size())).clone();
			if (i % 2 == 1 && b.length > 62) {
				b[62 + r.nextInt(b.length - 62)] ^= (byte) (1 << r.nextInt(8)); // often a type letter or a length
			}
			FeedPacket p = d.dissect(ByteBuffer.wrap(b), LinkType.ETHERNET, i + 1);
			FeedMessage m = p.messages();
			while (m.next()) {
				// ITCH: the type is the message's first byte; a message of 0 bytes has none
				int wire = m.length() >= 1 ? b[m.offset()] & 0xff : -1;
				assertEquals(wire, p.messageTypeCode(m.index()), "frame " + (i + 1) + " message " + m.index());
				assertEquals(wire, m.typeCode(), "frame " + (i + 1) + " message " + m.index());
				messages++;
				unknown += m.isKnownType() ? 0 : 1;
			}
			assertEquals(-1, p.messageTypeCode(p.messageCount()), "past the last message");
		}
		assertTrue(messages > 5000 && unknown > 10, messages + " messages, " + unknown + " of unknown type");
	}
}
