package io.feedscope.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.capture.FrameChunk;
import io.feedscope.capture.FrameChunks;
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
	 * A chunk's frames (one array, frame after frame, dissected from it): their messages are read from the array, with
	 * no buffer made for the packet while they are read, and every reader of the cursor (the message's place, type and
	 * sequence, {@code has}, {@code getLong} and {@code fieldOffset} of every field of the feed, {@code readFields},
	 * {@code copyBytes} and the text of ASCII fields, the visitors) gives what it gives for the same frame in a buffer of
	 * its own. Seeded and damaged frames (cut short, bits flipped) and the real NASDAQ captures' frames, bound and found
	 * by the heuristic.
	 */
	@Test
	public void chunkFramesMessagesAreReadFromTheArrayWithNoBufferMade() throws IOException {
		List<byte[]> frames = corpus(23, 3000);
		for (Path file : io.feedscope.testdata.TestData.nasdaqPcaps()) {
			try (CaptureFile c = Captures.open(file)) {
				for (int f = 1; f <= c.frameCount(); f++) {
					ByteBuffer b = c.frameData(f).slice();
					byte[] a = new byte[b.limit()];
					b.get(0, a);
					frames.add(a);
				}
			}
		}
		int[] at = new int[frames.size()];
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = 0; i < frames.size(); i++) {
			at[i] = out.size();
			out.writeBytes(frames.get(i));
		}
		byte[] chunk = out.toByteArray();
		ProtocolSet set = ProtocolRegistry.getDefault().compile();
		int messages = 0;
		for (boolean bound : new boolean[] { false, true }) {
			ProtocolSet s = bound ? set.toBuilder().bindPorts("moldudp64", 0, 65535).build() : set;
			FeedDissector array = new FeedDissector(s);
			FeedDissector buffer = new FeedDissector(s);
			long[] va = new long[32];
			long[] vb = new long[32];
			byte[] ta = new byte[64];
			byte[] tb = new byte[64];
			for (int i = 0; i < frames.size(); i++) {
				byte[] f = frames.get(i);
				String where = "frame " + (i + 1) + (bound ? " (bound)" : " (heuristic)");
				FeedPacket pa = array.dissect(chunk, at[i], f.length, LinkType.ETHERNET, i + 1);
				ByteBuffer made = pa.fBuf;
				FeedPacket pb = buffer.dissect(ByteBuffer.wrap(f), LinkType.ETHERNET, i + 1);
				assertEquals(pb.messageCount(), pa.messageCount(), where);
				FeedMessage ma = pa.messages();
				FeedMessage mb = pb.messages();
				while (mb.next()) {
					assertTrue(ma.next(), where);
					String m = where + " message " + mb.index();
					assertEquals(mb.toString(), ma.toString(), m);
					assertEquals(mb.offset(), ma.offset(), m);
					assertEquals(mb.typeCode(), ma.typeCode(), m);
					assertEquals(mb.msgseq(), ma.msgseq(), m);
					Protocol feed = mb.protocol();
					if (feed == null) {
						continue;
					}
					for (FieldInfo fi : feed.fFields) {
						int id = fi.id();
						String field = m + " " + fi.name();
						assertEquals(mb.has(id), ma.has(id), field);
						assertEquals(mb.getLong(id), ma.getLong(id), field);
						assertEquals(mb.fieldOffset(id), ma.fieldOffset(id), field);
						if (fi.kind() == FieldKind.ASCII) {
							assertEquals(mb.getRawString(id), ma.getRawString(id), field);
							int n = mb.copyBytes(id, tb);
							assertEquals(n, ma.copyBytes(id, ta), field);
							assertEquals(Arrays.toString(Arrays.copyOf(tb, n)), Arrays.toString(Arrays.copyOf(ta, n)), field);
						}
					}
					int n = mb.readFields(vb);
					assertEquals(n, ma.readFields(va), m);
					assertEquals(Arrays.toString(Arrays.copyOf(vb, n)), Arrays.toString(Arrays.copyOf(va, n)), m + " readFields");
					messages++;
				}
				assertTrue(!ma.next(), where);
				assertTrue(made == pa.fBuf, where + ": a buffer was made for the packet while its messages were read");
				// the visitors get the frame's buffer and offsets, made now
				assertEquals(ProtocolCacheTest.dump(pb), ProtocolCacheTest.dump(pa), where);
			}
		}
		assertTrue(messages > 15000, messages + " messages");
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

	@TempDir
	Path dir;

	/** The seed frames and damaged, cut copies of them, as {@link #heapAndMappedFramesDissectAlike} makes them. */
	private static List<byte[]> corpus(long seed, int count) throws IOException {
		List<byte[]> frames = new ArrayList<>(TestFrames.seeds());
		Random r = new Random(seed);
		int n = frames.size();
		for (int i = 0; i < count; i++) {
			byte[] b = frames.get(r.nextInt(n)).clone();
			for (int k = r.nextInt(3) - 1; k >= 0 && b.length > 14; k--) {
				b[14 + r.nextInt(b.length - 14)] ^= (byte) (1 << r.nextInt(8));
			}
			frames.add(r.nextInt(4) > 0 ? b : Arrays.copyOf(b, r.nextInt(b.length + 1)));
		}
		return frames;
	}

	private static byte[] pcap(List<byte[]> frames) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0xa1b2c3d4).putShort((short) 2)
				.putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(LinkType.ETHERNET).array());
		int t = 0;
		for (byte[] f : frames) {
			out.writeBytes(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(1_700_000_000).putInt(t++)
					.putInt(f.length).putInt(f.length).array());
			out.writeBytes(f);
		}
		return out.toByteArray();
	}

	/** Two sections (little-, then big-endian), two Ethernet interfaces in each, frames on both. */
	private static byte[] pcapng(List<byte[]> frames) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int half = frames.size() / 2;
		for (ByteOrder o : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
			block(out, o, 0x0a0d0d0a, ByteBuffer.allocate(16).order(o).putInt(0x1a2b3c4d).putShort((short) 1)
					.putShort((short) 0).putLong(-1).array());
			for (int i = 0; i < 2; i++) {
				block(out, o, 1, ByteBuffer.allocate(8).order(o).putShort((short) LinkType.ETHERNET).putShort((short) 0)
						.putInt(0).array());
			}
			List<byte[]> part = o == ByteOrder.LITTLE_ENDIAN ? frames.subList(0, half) : frames.subList(half, frames.size());
			int k = 0;
			for (byte[] f : part) {
				ByteBuffer b = ByteBuffer.allocate(20 + f.length + (4 - (f.length & 3) & 3)).order(o);
				long ticks = 1_700_000_000_000_000L + k;
				b.putInt(k++ & 1).putInt((int) (ticks >>> 32)).putInt((int) ticks).putInt(f.length).putInt(f.length).put(f);
				block(out, o, 6, b.array());
			}
		}
		return out.toByteArray();
	}

	private static void block(ByteArrayOutputStream out, ByteOrder o, int type, byte[] body) {
		int total = 12 + body.length;
		out.writeBytes(ByteBuffer.allocate(total).order(o).putInt(type).putInt(total).put(body).putInt(total).array());
	}

	/**
	 * Chunks dissected from their arrays ({@link FrameChunks.Reader#load}, {@link FeedDissector#dissect(byte[], int,
	 * int, int, int)}) against the same frames dissected from a buffer each ({@link FrameChunks.Reader#data}): the same
	 * packets, and the same block walk: the fast one of MoldUDP64 packets with nothing unusual
	 * ({@link FeedPacket#fPlainPackets}) on exactly the same frames, for a pcap, a pcapng of two sections and
	 * interfaces, and both gzip-compressed (read through their index). A chunk that was not loaded fails.
	 */
	@Test
	public void chunkArraysTakeTheSameFastBlockWalkAsBuffers() throws IOException {
		ProtocolSet set = ProtocolRegistry.getDefault().compile();
		List<byte[]> frames = corpus(21, 4000);
		int files = 0;
		long plainFrames = 0;
		for (String format : new String[] { "pcap", "pcapng" }) {
			byte[] bytes = format.equals("pcap") ? pcap(frames) : pcapng(frames);
			Path plain = Files.write(dir.resolve("read-path." + format), bytes);
			Path gz = dir.resolve("read-path." + format + ".gz");
			try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
				out.write(bytes);
			}
			for (boolean bound : new boolean[] { false, true }) {
				ProtocolSet s = bound ? set.toBuilder().bindPorts("moldudp64", 0, 65535).build() : set;
				try (FrameChunks chunks = FrameChunks.open(plain)) {
					plainFrames += compare(chunks, s, format + (bound ? " (bound)" : " (heuristic)"), frames.size());
				}
				try (CaptureFile c = Captures.open(gz); FrameChunks chunks = FrameChunks.of(c)) {
					plainFrames += compare(chunks, s, format + ".gz" + (bound ? " (bound)" : " (heuristic)"), frames.size());
				}
				files += 2;
			}
		}
		assertEquals(8, files);
		assertTrue(plainFrames > 8L * frames.size() / 3, "frames the fast block walk took: " + plainFrames);
	}

	/** @return the frames whose packet took the fast block walk */
	private static long compare(FrameChunks chunks, ProtocolSet set, String what, int expectedFrames) {
		FeedDissector array = new FeedDissector(set);
		FeedDissector buffer = new FeedDissector(set);
		array.learnPorts();
		buffer.learnPorts();
		FrameChunks.Reader reader = chunks.reader();
		FrameChunk c = new FrameChunk(333);
		int frames = 0;
		long fast = 0;
		while (chunks.next(c)) {
			assertTrue(reader.load(c), what + ": chunk from frame " + c.frame(0) + " loaded into its array");
			byte[] bytes = c.bytes();
			for (int i = 0; i < c.size(); i++) {
				int f = c.frame(i);
				long arrayBefore = array.packet().fPlainPackets;
				long bufferBefore = buffer.packet().fPlainPackets;
				String a = ProtocolCacheTest.dump(array.dissect(bytes, c.byteOffset(i), c.capturedLength(i), c.linkType(i), f));
				boolean arrayFast = array.packet().fPlainPackets > arrayBefore;
				String b = ProtocolCacheTest.dump(buffer.dissect(reader.data(c, i), c.linkType(i), f));
				boolean bufferFast = buffer.packet().fPlainPackets > bufferBefore;
				assertEquals(b, a, what + " frame " + f);
				assertEquals(bufferFast, arrayFast, what + " frame " + f + ": the fast block walk on the buffer, not on the array (or the reverse)");
				fast += arrayFast ? 1 : 0;
				frames++;
			}
		}
		assertEquals(expectedFrames, frames, what + ": frames");
		return fast;
	}
}
