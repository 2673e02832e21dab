package io.feedscope.dissect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The message decoders ({@link MessageDecoder}): the one generated from the ITCH 5.0 description
 * ({@link Itch50Decoder}), the interpreted one every description gets and the plan of the types it covers
 * ({@link PlanDecoder}, {@code -Dfeedscope.decoder=plan}) must read every field exactly as
 * {@link FeedMessage#getLong(int)} does, and both as a reader written here (byte by byte, big- or
 * little-endian, at the offsets the fields' widths add up to in wire order; RealCaptureTest checks getLong
 * itself against an independent ITCH decoder). Over every message of the real NASDAQ captures, and seeded
 * messages of every ITCH type and of a Cboe-shaped little-endian test description (rsc/toy-le: a derived time) at many offsets,
 * including the frame's first 8 bytes and its very end (the generated decoder shares one 8-byte read among the fields
 * inside it and keeps every read inside the message: a message alone in a buffer of exactly its length decodes), in
 * heap and direct buffers, and seeded damage: messages shorter than their type (read field by field) or longer.
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

	@Test
	public void generatedItchDecoderIsWhatTheShippedDescriptionMakesNow() throws IOException {
		Protocol itch = itch();
		assertSame(Itch50Decoder.INSTANCE, GeneratedDecoders.find(itch), "the shipped itch50 description has the generated decoder");
		assertTrue(itch.fDecoder instanceof PlanDecoder, "and reads through the plan: " + itch.fDecoder.getClass().getName());
		String now = DecoderSource.generate(itch, "Itch50Decoder");
		Path checkedIn = BUNDLES.resolve("io.feedscope.dissect/src/io/feedscope/dissect/Itch50Decoder.java");
		if (!now.equals(Files.readString(checkedIn))) {
			Path fresh = Path.of("target/generated-decoders/Itch50Decoder.java");
			Files.createDirectories(fresh.getParent());
			Files.writeString(fresh, now);
			fail(checkedIn.normalize() + " is not what DecoderSource makes from itch50.fsp now: copy " + fresh.toAbsolutePath()
					+ " over it");
		}
	}

	/**
	 * The generated decoder's shape, which its speed rests on (DecoderSource): every type's reads written out in the one
	 * switch of decode, no method per type (C2 inlines a call from a case taking under a quarter of the calls only if
	 * the callee has at most 35 bytes of bytecode: of a per-type method only the one or two commonest types of a mix),
	 * and decode under the 8000 bytes of bytecode above which HotSpot does not compile a method at all
	 * (HugeMethodLimit: a bigger description would be interpreted, some 50 times slower).
	 */
	@Test
	public void generatedItchDecoderIsOneMethodTheJitCompiles() throws IOException {
		java.util.Map<String, Integer> code;
		try (java.io.InputStream in = Itch50Decoder.class.getResourceAsStream("Itch50Decoder.class")) {
			assertNotNull(in, "Itch50Decoder.class");
			code = codeLengths(new java.io.DataInputStream(in));
		}
		assertEquals(java.util.Set.of("decode", "<init>", "<clinit>"), code.keySet(), "the methods of Itch50Decoder: " + code);
		int decode = code.get("decode");
		assertTrue(decode > 1000 && decode < 8000, "Itch50Decoder.decode has " + decode + " bytes of bytecode: HotSpot compiles up to 7999");
	}

	/** @return per method name, the length of its bytecode (the Code attribute; -1 without one), from a class file */
	private static java.util.Map<String, Integer> codeLengths(java.io.DataInputStream in) throws IOException {
		assertEquals(0xCAFEBABE, in.readInt(), "class file magic");
		in.readUnsignedShort();
		in.readUnsignedShort();
		int count = in.readUnsignedShort();
		String[] utf8 = new String[count];
		for (int i = 1; i < count; i++) {
			int tag = in.readUnsignedByte();
			switch (tag) {
			case 1 -> utf8[i] = in.readUTF();
			case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
			case 15 -> in.skipNBytes(3);
			case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
			case 5, 6 -> {
				in.skipNBytes(8);
				i++; // takes two entries
			}
			default -> fail("constant pool tag " + tag);
			}
		}
		in.skipNBytes(6); // access, this, super
		in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
		int fields = in.readUnsignedShort();
		for (int f = 0; f < fields; f++) {
			in.skipNBytes(6);
			skipAttributes(in);
		}
		java.util.Map<String, Integer> lengths = new java.util.HashMap<>();
		int methods = in.readUnsignedShort();
		for (int m = 0; m < methods; m++) {
			in.skipNBytes(2);
			String name = utf8[in.readUnsignedShort()];
			in.skipNBytes(2);
			int length = -1;
			int attributes = in.readUnsignedShort();
			for (int a = 0; a < attributes; a++) {
				String attribute = utf8[in.readUnsignedShort()];
				int size = in.readInt();
				if (attribute.equals("Code")) {
					in.skipNBytes(4); // max stack, max locals
					length = in.readInt();
					in.skipNBytes(size - 8L);
				} else {
					in.skipNBytes(size);
				}
			}
			lengths.put(name, length);
		}
		return lengths;
	}

	private static void skipAttributes(java.io.DataInputStream in) throws IOException {
		int attributes = in.readUnsignedShort();
		for (int a = 0; a < attributes; a++) {
			in.skipNBytes(2);
			in.skipNBytes(in.readInt() & 0xffffffffL);
		}
	}

	@Test
	public void aChangedLayoutIsNotDecodedByTheGeneratedDecoder() throws IOException {
		Path fsp = BUNDLES.resolve("io.feedscope.protocols.itch50/protocols/itch50.fsp");
		// the Order Delete message with its two fields swapped: same name, other offsets
		String text = Files.readString(fsp);
		String delete = "case 'D' length 19 { message_type, stock_locate, tracking_number, timestamp, order_reference_number }";
		assertTrue(text.contains(delete), "itch50.fsp's Order Delete layout changed: update this test");
		Path changed = Files.createTempFile("itch50-changed", ".fsp");
		try {
			Files.writeString(changed, text.replace(delete,
					"case 'D' length 19 { message_type, tracking_number, stock_locate, timestamp, order_reference_number }"));
			Protocol p = compile(changed);
			assertNull(GeneratedDecoders.find(p), "the generated decoder for a changed layout");
			assertTrue(p.fDecoder instanceof PlanDecoder, p.fDecoder.getClass().getName());
		} finally {
			Files.delete(changed);
		}
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
		assertTrue(toy.fDecoder instanceof InterpretedDecoder, "no generated decoder for a test description");
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
	 * readFields (the protocol's decoder), the interpreted decoder, getLong per field and the reader below must
	 * agree on a message; and where the message lies at offsets 0 to 7 of a buffer, the interpreted decoder
	 * (the generated one declines there) must still agree with the reader.
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
		long[] generated = new long[32];
		// every read of the generated decoder (ITCH) lies inside the message: it serves messages at any offset
		MessageDecoder generator = generatedOr(p);
		assertEquals(n, generator.decode(frame, m.offset(), t, generated, m), where);
		assertArrayEquals(viaGetLong, Arrays.copyOf(generated, n), where + " " + m.typeName() + ": generated vs getLong");
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
				long[] gen = new long[32];
				assertEquals(n, generator.decode(view, off, t, gen, m), where);
				assertArrayEquals(expected, Arrays.copyOf(gen, n), where + " " + m.typeName() + " generated at offset " + off
						+ (direct ? " (direct)" : " (heap)"));
				long[] planAt = new long[32];
				if (checkPlan(plan, view, off, t, planAt, m, n)) {
					assertArrayEquals(expected, Arrays.copyOf(planAt, n), where + " " + m.typeName() + " plan at offset " + off
							+ (direct ? " (direct)" : " (heap)"));
				}
			}
		}
	}

	/** @return the protocol's generated decoder, else its decoder */
	private static MessageDecoder generatedOr(Protocol p) {
		MessageDecoder g = GeneratedDecoders.find(p);
		return g != null ? g : p.fDecoder;
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
		System.setProperty(MessageDecoder.PROPERTY, "generated");
		Protocol generated;
		try {
			generated = itch();
		} finally {
			System.clearProperty(MessageDecoder.PROPERTY);
		}
		assertSame(Itch50Decoder.INSTANCE, generated.fDecoder, "-Dfeedscope.decoder=generated");
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
