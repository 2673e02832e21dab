package io.feedscope.dissect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte view reads the values written here by hand (bytes 00 01 .. 07 88 99 .. FF), in both byte orders,
 * whatever holds the frame: an array at an offset, a read-only heap buffer, a direct buffer, a slice of a
 * mapped file.
 */
public class ByteViewTest {

	private static final byte[] FRAME = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, (byte) 0x88, (byte) 0x99,
			(byte) 0xAA, (byte) 0xBB, (byte) 0xCC, (byte) 0xDD, (byte) 0xEE, (byte) 0xFF };

	@TempDir
	Path fDir;

	private List<ByteBuffer> backings() throws IOException {
		List<ByteBuffer> out = new ArrayList<>();
		byte[] padded = new byte[FRAME.length + 8];
		System.arraycopy(FRAME, 0, padded, 3, FRAME.length);
		out.add(ByteBuffer.wrap(padded, 3, FRAME.length).slice()); // array, offset 3
		out.add(ByteBuffer.wrap(FRAME).asReadOnlyBuffer()); // heap, no accessible array
		out.add(ByteBuffer.allocateDirect(FRAME.length).put(FRAME).flip());
		Path f = fDir.resolve("frame.bin");
		byte[] file = new byte[100 + FRAME.length];
		System.arraycopy(FRAME, 0, file, 100, FRAME.length);
		Files.write(f, file);
		try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
			out.add(ch.map(FileChannel.MapMode.READ_ONLY, 0, file.length).slice(100, FRAME.length));
		}
		return out;
	}

	@Test
	public void readsTheHandWrittenValuesFromEveryBacking() throws IOException {
		ByteView v = new ByteView();
		boolean[] arrays = { true, false, false, false };
		List<ByteBuffer> bs = backings();
		for (int k = 0; k < bs.size(); k++) {
			String what = "backing " + k;
			v.wrap(bs.get(k));
			assertEquals(arrays[k], v.isArray(), what);
			assertEquals(16, v.length(), what);
			assertEquals(0x88, v.u8(8), what);
			assertEquals(0xFF, v.u8(15), what);
			assertEquals(0x0001, v.u16(0), what);
			assertEquals(0x0100, v.u16le(0), what);
			assertEquals(0x8899, v.u16(8), what);
			assertEquals(0x9988, v.u16le(8), what);
			assertEquals(0x04050607L, v.u32(4), what);
			assertEquals(0x07060504L, v.u32le(4), what);
			assertEquals(0xCCDDEEFFL, v.u32(12), what); // unsigned: no sign extension
			assertEquals(0xFFEEDDCCL, v.u32le(12), what);
			assertEquals(0x020304050607L, v.u48(2), what);
			assertEquals(0x070605040302L, v.u48le(2), what);
			assertEquals(0xAABBCCDDEEFFL, v.u48(10), what);
			assertEquals(0xFFEEDDCCBBAAL, v.u48le(10), what);
			assertEquals(0x0001020304050607L, v.u64(0), what);
			assertEquals(0x8899AABBCCDDEEFFL, v.u64(8), what);
			assertEquals(0xFFEEDDCCBBAA9988L, v.u64le(8), what);
			// reader codes as the descriptions compile them: width | 0x10 little-endian
			assertEquals(0x9988L, v.read(8, 2 | ByteView.LITTLE), what);
			assertEquals(0x99L, v.read(9, 1 | ByteView.LITTLE), what);
			assertEquals(0L, v.read(0, 3), what); // no 3-byte reader: 0, as before
			byte[] dst = new byte[5];
			v.getBytes(9, dst, 1, 3);
			assertArrayEquals(new byte[] { 0, (byte) 0x99, (byte) 0xAA, (byte) 0xBB, 0 }, dst, what);
		}
	}

	@Test
	public void rewrappingForgetsThePreviousFrame() throws IOException {
		ByteView v = new ByteView();
		List<ByteBuffer> bs = backings();
		v.wrap(bs.get(0));
		v.wrap(ByteBuffer.wrap(new byte[] { 0x12, 0x34 }));
		assertEquals(2, v.length());
		assertEquals(0x1234, v.u16(0));
		v.wrap(bs.get(3)); // from an array back to a mapping
		assertEquals(0x0001, v.u16(0));
	}
}
