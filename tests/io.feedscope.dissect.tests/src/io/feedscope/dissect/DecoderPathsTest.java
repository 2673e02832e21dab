package io.feedscope.dissect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.testdata.TestData;

/**
 * The message decoders ({@link MessageDecoder}): the interpreted one every description gets and the plan of the types
 * it covers ({@link PlanDecoder}, the default) must read every field exactly as {@link FeedMessage#getLong(int)} does,
 * and both as a reader written here (byte by byte, big- or little-endian, at the offsets the fields' widths add up to in
 * wire order; RealCaptureTest checks getLong itself against an independent ITCH decoder). Over every message of the
 * real NASDAQ captures, and seeded messages of every ITCH type and of a Cboe-shaped little-endian test description
 * (rsc/toy-le: a derived time) at many offsets, including the frame's first 8 bytes and its very end (the plan reads
 * 8 bytes at a time and keeps every read inside the message: a message alone in a buffer of exactly its length
 * decodes), in heap and direct buffers, and seeded damage: messages shorter than their type (read field by field) or
 * longer.
 */
public class DecoderPathsTest {

	private static final Path BUNDLES = Path.of("../../bundles");

	private static Protocol compile(Path fsp) throws IOException {
		CompileResult r = ProtocolCompiler.compile(fsp.toUri().toURL());
		assertTrue(r.diagnostics().isEmpty(), () -> fsp + ": " + r.diagnostics());
		Protocol p = r.protocol();
		assertNotNull(p);
		return p;
	}

	private static Protocol itch() throws IOException {
		org.osgi.framework.Bundle b = org.eclipse.core.runtime.Platform.getBundle("io.feedscope.protocols.itch50");
		assertNotNull(b, "io.feedscope.protocols.itch50 not installed");
		URL url = b.getEntry("protocols/itch50.fsp");
		CompileResult r = ProtocolCompiler.compile(url);
		Protocol p = r.protocol();
		assertNotNull(p, () -> r.diagnostics().toString());
		return p;
	}

	private static Protocol moldudp64() throws IOException {
		org.osgi.framework.Bundle b = org.eclipse.core.runtime.Platform.getBundle("io.feedscope.protocols.moldudp64");
		assertNotNull(b, "io.feedscope.protocols.moldudp64 not installed");
		CompileResult r = ProtocolCompiler.compile(b.getEntry("protocols/moldudp64.fsp"));
		Protocol p = r.protocol();
		assertNotNull(p, () -> r.diagnostics().toString());
		return p;
	}

	/** The shipped ITCH 5.0 description over MoldUDP64 bound to a UDP port, and a dissector of that set. */
	private record ItchOverMold(Protocol itch, FeedDissector dissector) {
		static ItchOverMold onPort(int port) throws IOException {
			Protocol itch = DecoderPathsTest.itch();
			ProtocolSet set = ProtocolSet.builder().add(moldudp64()).add(itch).bindPorts("moldudp64", port, port).build();
			return new ItchOverMold(itch, new FeedDissector(set));
		}
	}

	/**
	 * The plan is made from the layouts a protocol was compiled with, not from the shipped ones: an Order Delete message
	 * whose timestamp and tracking number trade places (same name, other offsets and widths in wire order) reads each
	 * field where the changed layout puts it, and other values than the shipped layout reads from the same bytes. Its
	 * first three fields are then no common header in the first 8 bytes: the plan reads each alone, which it does for
	 * no shipped description, so every type of the changed layout is checked here against the reader by hand.
	 */
	@Test
	public void aChangedLayoutIsDecodedAsChanged() throws IOException {
		Path fsp = BUNDLES.resolve("io.feedscope.protocols.itch50/protocols/itch50.fsp");
		String text = Files.readString(fsp);
		String delete = "case 'D' length 19 { message_type, stock_locate, tracking_number, timestamp, order_reference_number }";
		assertTrue(text.contains(delete), "itch50.fsp's Order Delete layout changed: update this test");
		Path changed = Files.createTempFile("itch50-changed", ".fsp");
		try {
			Files.writeString(changed, text.replace(delete,
					"case 'D' length 19 { message_type, stock_locate, timestamp, tracking_number, order_reference_number }"));
			Protocol p = compile(changed);
			Protocol shipped = itch();
			assertTrue(p.fDecoder instanceof PlanDecoder, p.fDecoder.getClass().getName());
			int t = typeOf(p, 'D');
			ByteBuffer b = ByteBuffer.allocate(19);
			for (int i = 0; i < 19; i++) {
				b.put(i, (byte) (0x31 + 7 * i));
			}
			b.put(0, (byte) 'D');
			long[] asChanged = new long[32];
			assertEquals(5, p.fDecoder.decode(b, 0, t, asChanged, null));
			long[] expected = byHand(p, p.messageTypeFields(t), b, 0, new long[5]);
			assertArrayEquals(expected, Arrays.copyOf(asChanged, 5), "the changed layout");
			long[] asShipped = new long[32];
			assertEquals(5, shipped.fDecoder.decode(b, 0, typeOf(shipped, 'D'), asShipped, null));
			assertArrayEquals(byHand(shipped, shipped.messageTypeFields(typeOf(shipped, 'D')), b, 0, new long[5]),
					Arrays.copyOf(asShipped, 5), "the shipped layout");
			assertTrue(asChanged[2] != asShipped[2] && asChanged[3] != asShipped[3], "the layouts read other values");
			// the timestamp now third: the first fields no longer all lie in the first 8 bytes, each has its own read;
			// seeded messages of every type, at offsets 0 to 7 of a buffer ending with them
			PlanDecoder plan = (PlanDecoder) p.fDecoder;
			assertFalse(plan.sharesHead(), "the changed layout's first fields share a read");
			assertTrue(((PlanDecoder) shipped.fDecoder).sharesHead(), "ITCH's type, locate and tracking number share a read");
			Random r = new Random(16);
			for (int type = 0; type < p.messageTypeCount(); type++) {
				List<FieldInfo> fields = p.messageTypeFields(type);
				int spec = p.messageTypeLength(type);
				for (int off = 0; off < 8; off++) {
					ByteBuffer m = ByteBuffer.allocate(off + spec);
					for (int i = off; i < off + spec; i++) {
						m.put(i, (byte) r.nextInt(256));
					}
					long[] got = new long[32];
					int n = fields.size();
					assertEquals(n, plan.decode(m, off, type, got, null), p.messageTypeName(type));
					assertArrayEquals(byHand(p, fields, m, off, new long[n]), Arrays.copyOf(got, n),
							p.messageTypeName(type) + " of the changed layout at offset " + off);
				}
			}
		} finally {
			Files.delete(changed);
		}
	}

	private static int typeOf(Protocol p, char code) {
		for (int t = 0; t < p.messageTypeCount(); t++) {
			if (p.messageTypeCode(t) == code) {
				return t;
			}
		}
		return fail("no type " + code);
	}

	@Test
	public void everyMessageOfTheRealCapturesDecodesAlikeOnEveryPath() throws IOException {
		Protocol itch = itch();
		Protocol mold = moldudp64();
		List<Path> files = new ArrayList<>(TestData.nasdaqPcaps());
		Path samples = BUNDLES.resolve("../features/io.feedscope.feature/rootfiles/samples");
		files.add(samples.resolve("nasdaq-itch50-sample.pcap"));
		files.add(samples.resolve("incident-demo.pcap.gz"));
		int messages = 0;
		for (Path file : files) {
			// sanitized captures have port 0: bound as a user would; the others are found by the heuristic
			ProtocolSet set = ProtocolSet.builder().add(mold).add(itch).bindPorts("moldudp64", 0, 0).build();
			FeedDissector d = new FeedDissector(set);
			int before = messages;
			try (CaptureFile cap = Captures.open(file)) {
				for (int f = 1; f <= cap.frameCount(); f++) {
					FeedPacket p = d.dissect(cap, f);
					FeedMessage m = p.messages();
					while (m.next()) {
						if (m.protocol() == itch) {
							check(itch, m, ByteBuffer.wrap(frameBytes(cap, f)), file.getFileName() + " frame " + f);
							messages++;
						}
					}
				}
			}
			assertTrue(messages > before, file + " has ITCH messages");
		}
		assertTrue(messages > 5000, messages + " messages");
	}

	private static byte[] frameBytes(CaptureFile cap, int frame) {
		ByteBuffer b = cap.frameData(frame).slice(); // what the dissector reads: from the frame's position
		byte[] a = new byte[b.limit()];
		b.get(0, a);
		return a;
	}

	@Test
	public void seededItchMessagesOfEveryTypeDecodeAlike() throws IOException {
		ItchOverMold feed = ItchOverMold.onPort(26477);
		Protocol itch = feed.itch();
		FeedDissector d = feed.dissector();
		Random r = new Random(14);
		int[] perType = new int[itch.messageTypeCount() + 1];
		for (int packet = 0; packet < 3000; packet++) {
			int lead = r.nextInt(24); // where the payload starts in the buffer
			int n = 1 + r.nextInt(12);
			ByteBuffer b = ByteBuffer.allocate(lead + 20 + n * 60);
			b.position(lead + 10).putLong(1000 + packet * 20L).putShort((short) n);
			for (int k = 0; k < n; k++) {
				int t = r.nextInt(itch.messageTypeCount());
				int spec = itch.messageTypeLength(t);
				int damage = r.nextInt(16);
				// a few with trailing bytes, a few cut short (at least their type code: readFields then goes field by field)
				int len = damage == 0 ? spec + 1 + r.nextInt(3) : damage == 1 ? 1 + r.nextInt(spec - 1) : spec;
				b.putShort((short) len);
				int at = b.position();
				for (int i = 0; i < len; i++) {
					b.put((byte) r.nextInt(256));
				}
				b.put(at, (byte) itch.messageTypeCode(t));
			}
			int end = b.position();
			// direct read-only like a mapped capture, direct, or a heap array like frames read into memory (FeedPacket
			// reads those apart); each ends with its last message
			int kind = r.nextInt(3);
			ByteBuffer frame = kind == 2 ? b.flip() : ByteBuffer.allocateDirect(end).put(0, b, 0, end);
			if (kind == 0) {
				frame = frame.asReadOnlyBuffer();
			}
			FeedPacket p = d.dissectPayload(frame, lead, end - lead, 5000, 26477, 0, packet);
			assertEquals(n, p.messageCount());
			FeedMessage m = p.messages();
			while (m.next()) {
				check(itch, m, frame, "packet " + packet);
				perType[m.type()]++;
			}
		}
		for (int t = 0; t < itch.messageTypeCount(); t++) {
			assertTrue(perType[t] > 100, itch.messageTypeName(t) + ": " + perType[t]);
		}
	}

	/**
	 * The cursor keeps the packet's message tables and count from its reset (so that moving to a message loads them
	 * from the cursor itself): it must follow every packet the dissector decodes next, also when that packet has
	 * more messages than the last one's tables had room for (the packet then makes bigger ones) and when it has
	 * fewer. Packets of 3 to 900 messages in turn, each message checked where it lies and as every path reads it.
	 */
	@Test
	public void theCursorFollowsEachPacketAsItsTablesGrow() throws IOException {
		ItchOverMold feed = ItchOverMold.onPort(26477);
		Protocol itch = feed.itch();
		FeedDissector d = feed.dissector();
		Random r = new Random(15);
		int[] counts = { 3, 70, 5, 200, 1, 900, 64, 65, 2, 129 };
		for (int packet = 0; packet < counts.length; packet++) {
			int n = counts[packet];
			ByteBuffer b = ByteBuffer.allocate(20 + n * 52);
			b.position(10).putLong(1 + packet * 1000L).putShort((short) n);
			int[] at = new int[n];
			for (int k = 0; k < n; k++) {
				int t = r.nextInt(itch.messageTypeCount());
				int len = itch.messageTypeLength(t);
				b.putShort((short) len);
				at[k] = b.position();
				for (int i = 0; i < len; i++) {
					b.put((byte) r.nextInt(256));
				}
				b.put(at[k], (byte) itch.messageTypeCode(t));
			}
			ByteBuffer frame = b.flip();
			FeedPacket p = d.dissectPayload(frame, 0, frame.limit(), 5000, 26477, 0, packet);
			assertEquals(n, p.messageCount(), "packet " + packet + ": " + p.expertItems());
			FeedMessage m = p.messages();
			int seen = 0;
			while (m.next()) {
				String where = "packet " + packet + " (" + n + " messages) message " + seen;
				assertEquals(at[seen], m.offset(), where);
				assertEquals(itch, m.protocol(), where);
				check(itch, m, frame, where);
				seen++;
			}
			assertEquals(n, seen, "packet " + packet + ": messages the cursor walked");
		}
	}

	@Test
	public void seededLittleEndianMessagesDecodeAlike() throws IOException {
		// a Cboe-shaped pair written for this test (rsc/toy-le): the dissect tests need no feed family installed
		Path dir = Path.of("rsc/toy-le");
		Protocol unit = compile(dir.resolve("toy_unit.fsp"));
		Protocol toy = compile(dir.resolve("toy_le.fsp"));
		assertTrue(toy.fDecoder instanceof InterpretedDecoder, "no plan for a little-endian test description");
		ProtocolSet set = ProtocolSet.builder().add(unit).add(toy).bindPorts("toy_unit", 30001, 30001).build();
		FeedDissector d = new FeedDissector(set);
		Random r = new Random(17);
		int checked = 0, derived = 0;
		int timeId = toy.fieldId("timestamp");
		for (int packet = 0; packet < 3000; packet++) {
			int lead = r.nextInt(8);
			int n = 1 + r.nextInt(10);
			ByteBuffer b = ByteBuffer.allocate(lead + 8 + n * 50).order(java.nio.ByteOrder.LITTLE_ENDIAN);
			b.position(lead + 2).put((byte) n).put((byte) 1).putInt(1 + packet * 10);
			for (int k = 0; k < n; k++) {
				int t = r.nextInt(toy.messageTypeCount());
				int len = toy.messageTypeLength(t);
				int at = b.position();
				for (int i = 0; i < len; i++) {
					b.put((byte) r.nextInt(256));
				}
				b.put(at, (byte) len).put(at + 1, (byte) toy.messageTypeCode(t));
			}
			b.putShort(lead, (short) (b.position() - lead));
			ByteBuffer frame = b.flip().order(java.nio.ByteOrder.BIG_ENDIAN);
			FeedPacket p = d.dissectPayload(frame, lead, frame.limit() - lead, 5000, 30001, 0, packet);
			assertEquals(n, p.messageCount(), () -> "packet " + p.expertItems());
			FeedMessage m = p.messages();
			while (m.next()) {
				check(toy, m, frame, "packet " + packet);
				checked++;
				derived += m.has(timeId) ? 1 : 0;
			}
		}
		assertTrue(checked > 10000 && derived > 1000, checked + " messages, " + derived + " with a known derived time");
	}

	/**
	 * readFields (the protocol's decoder), the interpreted decoder, the plan where it covers the type, getLong per
	 * field and the reader below must agree on a message; and where the message lies at offsets 0 to 7 of a buffer
	 * that ends with it, the interpreted decoder and the plan must still agree with the reader.
	 */
	private static void check(Protocol p, FeedMessage m, ByteBuffer frame, String where) {
		int t = m.type();
		List<FieldInfo> fields = p.messageTypeFields(t);
		long[] viaGetLong = new long[fields.size()];
		for (int k = 0; k < viaGetLong.length; k++) {
			viaGetLong[k] = m.getLong(fields.get(k).id());
		}
		long[] bulk = new long[32];
		int n = m.readFields(bulk);
		assertEquals(fields.size(), n, where);
		assertArrayEquals(viaGetLong, Arrays.copyOf(bulk, n), where + " " + m.typeName() + ": readFields vs getLong");
		if (t >= p.messageTypeCount() || m.length() < p.messageTypeLength(t)) {
			return; // readFields reads such a message field by field: nothing else to compare
		}
		long[] interpreted = new long[32];
		assertEquals(n, p.fInterpreted.decode(frame, m.offset(), t, interpreted, m), where);
		assertArrayEquals(viaGetLong, Arrays.copyOf(interpreted, n), where + " " + m.typeName() + ": interpreted vs getLong");
		PlanDecoder plan = plan(p);
		long[] planned = new long[32];
		Arrays.fill(planned, -7);
		if (checkPlan(plan, frame, m.offset(), t, planned, m, n)) {
			assertArrayEquals(viaGetLong, Arrays.copyOf(planned, n), where + " " + m.typeName() + ": plan vs getLong");
		}
		long[] byHand = byHand(p, fields, frame, m.offset(), viaGetLong);
		assertArrayEquals(byHand, viaGetLong, where + " " + m.typeName() + ": by hand vs getLong");
		// the message's spec bytes copied to offsets 0..7 of a buffer that ends where they end, heap and direct: a
		// read before the message or past its type's length would throw or read other bytes
		int spec = p.messageTypeLength(t);
		for (int off = 0; off < 8; off += 3) {
			for (boolean direct : new boolean[] { false, true }) {
				ByteBuffer copy = direct ? ByteBuffer.allocateDirect(off + spec) : ByteBuffer.allocate(off + spec);
				copy.put(off, frame, m.offset(), spec);
				ByteBuffer view = direct ? copy.asReadOnlyBuffer() : copy; // as a mapped capture's frames are
				long[] expected = byHand(p, fields, view, off, viaGetLong);
				long[] early = new long[32];
				assertEquals(n, p.fInterpreted.decode(view, off, t, early, m), where);
				assertArrayEquals(expected, Arrays.copyOf(early, n), where + " interpreted at offset " + off);
				long[] planAt = new long[32];
				if (checkPlan(plan, view, off, t, planAt, m, n)) {
					assertArrayEquals(expected, Arrays.copyOf(planAt, n), where + " " + m.typeName() + " plan at offset " + off
							+ (direct ? " (direct)" : " (heap)"));
				}
			}
		}
	}

	private static final java.util.Map<Protocol, java.util.Optional<PlanDecoder>> PLANS = new java.util.IdentityHashMap<>();

	/** @return the protocol's plan (made once per protocol), null when it covers none of its types */
	private static PlanDecoder plan(Protocol p) {
		return PLANS.computeIfAbsent(p, q -> java.util.Optional.ofNullable(PlanDecoder.of(q))).orElse(null);
	}

	/**
	 * The plan's decode of a message into {@code dst} (filled with -7 before, or zeros): a covered type gives its n fields
	 * and zeros up to {@link PlanDecoder#ROW}, leaving the rest of {@code dst} alone; a type it does not cover gives -1, as
	 * does a {@code dst} shorter than a row.
	 *
	 * @return true when it decoded the message (the caller compares the values)
	 */
	private static boolean checkPlan(PlanDecoder plan, ByteBuffer b, int off, int t, long[] dst,
			FeedMessage m, int n) {
		if (plan == null) {
			return false;
		}
		long fill = dst[dst.length - 1];
		int got = plan.decode(b, off, t, dst, m);
		if (got < 0) {
			assertEquals(-1, got);
			return false;
		}
		assertEquals(n, got, "fields the plan read");
		for (int k = n; k < dst.length; k++) {
			assertEquals(k < PlanDecoder.ROW ? 0 : fill, dst[k], "the plan's value " + k + " of a type of " + n + " fields");
		}
		assertEquals(-1, plan.decode(b, off, t, new long[PlanDecoder.ROW - 1], m), "a dst shorter than a row");
		return true;
	}

	/**
	 * What the plan covers: every ITCH 5.0 type (all big-endian fields of at most 8 bytes), none of the little-endian
	 * test description's types, and it is the decoder of a protocol compiled with {@code -Dfeedscope.decoder=plan}, whose
	 * readFields then reads every message of a real capture as getLong does (the plan's own values: checked above for
	 * every path's messages).
	 */
	@Test
	public void thePlanCoversEveryItchTypeAndServesReadFieldsWhenChosen() throws IOException {
		Protocol itch = itch();
		PlanDecoder plan = plan(itch);
		assertNotNull(plan);
		ByteBuffer b = ByteBuffer.allocate(64);
		for (int t = 0; t < itch.messageTypeCount(); t++) {
			int n = itch.messageTypeFields(t).size();
			assertEquals(n, plan.decode(b, 0, t, new long[32], null), itch.messageTypeName(t) + " covered");
		}
		assertNull(PlanDecoder.of(compile(Path.of("rsc/toy-le/toy_le.fsp"))), "little-endian fields and a derived time: not covered");
		String before = System.getProperty(MessageDecoder.PROPERTY);
		// interpreted, and any other value but plan (generated, a value of older builds, among them): no plan
		for (String choice : new String[] { "interpreted", "generated", "" }) {
			System.setProperty(MessageDecoder.PROPERTY, choice);
			Protocol other;
			try {
				other = itch();
			} finally {
				System.clearProperty(MessageDecoder.PROPERTY);
			}
			assertSame(other.fInterpreted, other.fDecoder, "-Dfeedscope.decoder=" + choice);
		}
		System.setProperty(MessageDecoder.PROPERTY, "plan");
		Protocol planned;
		try {
			planned = itch();
		} finally {
			if (before == null) {
				System.clearProperty(MessageDecoder.PROPERTY);
			} else {
				System.setProperty(MessageDecoder.PROPERTY, before);
			}
		}
		assertTrue(planned.fDecoder instanceof PlanDecoder, planned.fDecoder.getClass().getName());
		List<Path> files = new ArrayList<>(TestData.nasdaqPcaps());
		Path samples = BUNDLES.resolve("../features/io.feedscope.feature/rootfiles/samples");
		files.add(samples.resolve("nasdaq-itch50-sample.pcap"));
		files.add(samples.resolve("incident-demo.pcap.gz"));
		Protocol mold = moldudp64();
		int messages = 0;
		for (Path file : files) {
			FeedDissector d = new FeedDissector(ProtocolSet.builder().add(mold).add(planned).bindPorts("moldudp64", 0, 0).build());
			try (CaptureFile cap = Captures.open(file)) {
				for (int f = 1; f <= cap.frameCount(); f++) {
					FeedMessage m = d.dissect(cap, f).messages();
					while (m.next()) {
						if (m.protocol() == planned) {
							check(planned, m, ByteBuffer.wrap(frameBytes(cap, f)), file.getFileName() + " frame " + f);
							messages++;
						}
					}
				}
			}
		}
		assertTrue(messages > 5000, messages + " messages");
	}

	/**
	 * Each field read byte by byte at the sum of the widths before it, in the protocol's byte order (text in wire
	 * order): integers of 1, 2, 4, 6 or 8 bytes as the values they are; derived fields (not on the wire) taken
	 * from getLong.
	 */
	private static long[] byHand(Protocol p, List<FieldInfo> fields, ByteBuffer b, int start, long[] viaGetLong) {
		long[] out = new long[fields.size()];
		int at = start;
		for (int k = 0; k < out.length; k++) {
			FieldInfo f = fields.get(k);
			if (f.isDerived()) {
				out[k] = viaGetLong[k];
				continue;
			}
			int w = f.width();
			assertTrue(w == 1 || w == 2 || w == 4 || w == 6 || w == 8, f + ": a width this reader does not know");
			long v = 0;
			boolean big = f.isBigEndian() || f.kind() == FieldKind.ASCII;
			for (int i = 0; i < w; i++) {
				long by = b.get(at + i) & 0xffL;
				v = big ? v << 8 | by : v | by << 8 * i;
			}
			out[k] = v;
			at += w;
		}
		return out;
	}
}
