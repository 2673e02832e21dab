package io.feedscope.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The block walker on payloads built byte by byte: MoldUDP64's blocks (a 2-byte big-endian length before
 * the data) and a Cboe-style unit (a 1-byte length that counts itself, the first byte of the data), sound
 * and damaged, against the blocks and damage worked out by hand from the descriptions' rules.
 */
public class BlockWalkerTest {

	/** A counts-itself framing as Cboe's Sequenced Unit Header has it (hdr 8 bytes, little-endian). */
	private static final String SUH = """
			protocol suh "Unit" {
			  byteorder little;
			  kind framing;
			  field hdr_length : u16 "Hdr Length";
			  field hdr_count : u8 "Hdr Count" role count;
			  field hdr_unit : u8 "Hdr Unit" role session;
			  field hdr_sequence : u32 "Hdr Sequence" role sequence;
			  field msg_length : u8 "Message Length" role msglen counts itself;
			  field message : bytes "Message";
			  packet sequenced "Sequenced Unit" {
			    hdr_length, hdr_count, hdr_unit, hdr_sequence,
			    repeat hdr_count { message[msg_length] }
			  }
			}
			""";

	/** What a walk gave: "block start msgOff msgLen" and "damage id offset length message: reason". */
	private static final class Record implements BlockWalker.Sink {
		final List<String> fEvents = new ArrayList<>();

		@Override
		public void block(int blockStart, int msgOff, int msgLen) {
			fEvents.add("block " + blockStart + " " + msgOff + " " + msgLen);
		}

		@Override
		public void damage(String id, String field, int offset, int length, int message, String reason) {
			fEvents.add("damage " + id + " " + offset + " " + length + " " + message + ": " + reason);
		}
	}

	private static Protocol mold() {
		Protocol p = ProtocolRegistry.getDefault().compile().protocol("moldudp64");
		assertNotNull(p);
		return p;
	}

	private static Protocol suh() {
		CompileResult r = ProtocolCompiler.compile("suh.fsp", SUH);
		assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
		Protocol p = r.protocol();
		assertNotNull(p);
		return p;
	}

	/** 4 bytes before the payload, so that offsets in the frame are not payload offsets. */
	private static final int OFF = 4;

	private static byte[] frame(int... payload) {
		byte[] b = new byte[OFF + payload.length];
		for (int k = 0; k < payload.length; k++) {
			b[OFF + k] = (byte) payload[k];
		}
		return b;
	}

	private static int[] moldHeader(int count, int... blocks) {
		ByteArrayOutputStream o = new ByteArrayOutputStream();
		o.writeBytes("SESSION001".getBytes(java.nio.charset.StandardCharsets.US_ASCII)); // session 10
		o.writeBytes(new byte[] { 0, 0, 0, 0, 0, 0, 0, 42 }); // sequence 8
		o.write(count >> 8);
		o.write(count); // count 2
		for (int b : blocks) {
			o.write(b);
		}
		byte[] a = o.toByteArray();
		int[] r = new int[a.length];
		for (int k = 0; k < a.length; k++) {
			r[k] = a[k] & 0xff;
		}
		return r;
	}

	private static List<String> walk(Protocol p, byte[] frame) {
		ByteView v = new ByteView().wrap(ByteBuffer.wrap(frame));
		Record r = new Record();
		Protocol.PacketLayout l = p.fPackets[p.fDefaultPacket];
		int n = new BlockWalker(v).walk(p, l, OFF, frame.length - OFF, r);
		assertEquals(n, r.fEvents.stream().filter(e -> e.startsWith("block")).count());
		return r.fEvents;
	}

	private static long filling(Protocol p, byte[] frame) {
		ByteView v = new ByteView().wrap(ByteBuffer.wrap(frame));
		return new BlockWalker(v).countFilling(p, p.fPackets[p.fDefaultPacket], OFF, frame.length - OFF);
	}

	@Test
	public void moldUdp64SoundBlocks() {
		// header 20, then [len 3 'abc'] [len 0] [len 2 'xy']: blocks at 24, 29, 31 of the frame
		byte[] f = frame(moldHeader(3, 0, 3, 'a', 'b', 'c', 0, 0, 0, 2, 'x', 'y'));
		assertEquals(List.of("block 24 26 3", "block 29 31 0", "block 31 33 2"), walk(mold(), f));
		assertEquals(3, filling(mold(), f));
	}

	@Test
	public void moldUdp64LengthOverrunsThePayload() {
		// [len 5] with 2 bytes of data: one cut block of what is there, and the error on the length
		byte[] f = frame(moldHeader(1, 0, 5, 'a', 'b'));
		assertEquals(List.of("damage moldudp64.msglen.invalid 24 2 0: message length 5 overruns the payload: 2 bytes left",
				"block 24 26 2"), walk(mold(), f));
		assertEquals(-1, filling(mold(), f));
	}

	@Test
	public void moldUdp64LengthCutOff() {
		// a sound block, then one byte where a 2-byte length should be
		byte[] f = frame(moldHeader(2, 0, 1, 'a', 0));
		assertEquals(List.of("block 24 26 1",
				"damage moldudp64.msglen.invalid 27 1 1: block header needs 2 bytes, 1 left in the payload"), walk(mold(), f));
		assertEquals(-1, filling(mold(), f));
	}

	@Test
	public void countsItselfSoundAndDamaged() {
		Protocol p = suh();
		// header 8: length 16 (LE), count 2, unit 1, sequence 7; then [3 x y] [5 a b c d]: blocks at 12 and 15
		int[] hdr = { 16, 0, 2, 1, 7, 0, 0, 0 };
		byte[] sound = frame(concat(hdr, 3, 'x', 'y', 5, 'a', 'b', 'c', 'd'));
		// a length that counts itself starts the data: the block and its data start at the same byte
		assertEquals(List.of("block 12 12 3", "block 15 15 5"), walk(p, sound));
		assertEquals(2, filling(p, sound));
		// a length of 0 is less than the byte it counts: the walk stops there (no endless loop)
		byte[] zero = frame(concat(hdr, 3, 'x', 'y', 0, 'a'));
		assertEquals(List.of("block 12 12 3",
				"damage suh.msg_length.invalid 15 1 1: message length 0 is less than the 1 byte(s) it counts itself: the rest of the payload is not walked"),
				walk(p, zero));
		assertEquals(-1, filling(p, zero));
		// a length that overruns: the cut block holds what is there
		byte[] over = frame(concat(hdr, 9, 'x', 'y'));
		assertEquals(List.of("damage suh.msg_length.invalid 12 1 0: message length 9 overruns the payload: 3 bytes left",
				"block 12 12 3"), walk(p, over));
		assertEquals(-1, filling(p, over));
	}

	private static int[] concat(int[] a, int... b) {
		int[] r = new int[a.length + b.length];
		System.arraycopy(a, 0, r, 0, a.length);
		System.arraycopy(b, 0, r, a.length, b.length);
		return r;
	}
}
