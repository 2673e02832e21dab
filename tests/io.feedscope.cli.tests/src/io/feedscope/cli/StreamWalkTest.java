package io.feedscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFormat;
import io.feedscope.generator.Generator;
import io.feedscope.generator.Scenario;
import io.feedscope.testdata.TestData;

/**
 * decode's walks of one capture on one thread ({@code -Dfeedscope.decodeWalk}: the stream walk without a frame index,
 * the default, and the indexed walks by chunks and frame by frame) print the same, byte for byte: stdout, stderr and
 * the exit code, through the command, as JSON Lines, CSV and bound to the generator's port (broken frames then say
 * expert items): a pcap, gzip, a pcapng of two sections and interfaces, a pcapng whose blocks are damaged in the middle
 * of a chunk (skipped with a problem, reading goes on), pcap and pcapng files cut in a record, a record header and the
 * file header, a record claiming 2 GB, BinaryFILE, a real capture, files that are not captures, and an output that
 * closes in the middle (| head). The stream walk learns a file's problems at its end and the indexed walk prints them
 * first, so these inputs have problems after frames that say something.
 */
@Timeout(600)
class StreamWalkTest {

	@TempDir
	Path fDir;

	private static final String[] WALKS = { "stream", "chunks", "frames" };

	private record Run(String out, String err, int exit) {
	}

	private static Run run(String walk, String[] args, long closeAfter) {
		String before = DecodeCommand.WALK;
		try {
			DecodeCommand.WALK = walk;
			ByteArrayOutputStream o = new ByteArrayOutputStream();
			OutputStream target = closeAfter < 0 ? o : new OutputStream() {
				@Override
				public void write(int b) throws IOException {
					write(new byte[] { (byte) b }, 0, 1);
				}

				@Override
				public void write(byte[] b, int off, int len) throws IOException {
					if (o.size() + len > closeAfter) {
						throw new IOException("Broken pipe");
					}
					o.write(b, off, len);
				}
			};
			ByteArrayOutputStream e = new ByteArrayOutputStream();
			int exit = Main.run(args, new PrintStream(target, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
			return new Run(o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8), exit);
		} finally {
			DecodeCommand.WALK = before;
		}
	}

	/** @return stderr's lines of the stream walk, after asserting every walk prints what it prints */
	private static long assertSameWalks(Path f, long closeAfter) {
		String threads = System.getProperty("feedscope.threads");
		long said = 0;
		try {
			System.setProperty("feedscope.threads", "1");
			for (String[] args : List.of(new String[] { "decode", f.toString() }, new String[] { "decode", "--format", "csv", f.toString() },
					new String[] { "decode", "--bind", "udp.port==26477", f.toString() })) {
				String what = String.join(" ", args) + (closeAfter >= 0 ? ", output closed after " + closeAfter + " bytes" : "");
				Run stream = run(WALKS[0], args, closeAfter);
				for (int k = 1; k < WALKS.length; k++) {
					Run other = run(WALKS[k], args, closeAfter);
					assertEquals(other.out(), stream.out(), "stdout, " + WALKS[k] + " and stream walks: " + what);
					assertEquals(other.err(), stream.err(), "stderr, " + WALKS[k] + " and stream walks: " + what);
					assertEquals(other.exit(), stream.exit(), "exit code, " + WALKS[k] + " and stream walks: " + what);
				}
				said += stream.err().lines().count();
			}
		} finally {
			if (threads == null) {
				System.clearProperty("feedscope.threads");
			} else {
				System.setProperty("feedscope.threads", threads);
			}
		}
		return said;
	}

	private Path generate(String preset, long seed, CaptureFormat format, int frames) throws Exception {
		Path f = fDir.resolve(preset + "-" + seed + "." + format.name().toLowerCase(java.util.Locale.ROOT));
		new Generator(Scenario.preset(preset).seed(seed).frames(frames).build()).format(format).write(f);
		return f;
	}

	/** @return the offsets of a pcapng file's blocks */
	private static List<Integer> pcapngBlocks(byte[] b) {
		ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
		List<Integer> offsets = new ArrayList<>();
		int at = 0;
		while (at + 12 <= b.length) {
			if (bb.getInt(at) == 0x0A0D0D0A) {
				bb.order(bb.getInt(at + 8) == 0x1A2B3C4D ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
			}
			offsets.add(at);
			at += bb.getInt(at + 4);
		}
		return offsets;
	}

	@Test
	void pcapGzipAndARealCapture() throws Exception {
		Path a = generate("incident", 31, CaptureFormat.PCAP, 6_000);
		Path gz = TestData.gzipCopy(a, fDir.resolve("incident-31.pcap.gz"));
		Path real = TestData.nasdaqPcaps().stream().filter(p -> p.toString().contains("sanitized")).findFirst().orElseThrow();
		for (Path f : List.of(a, gz, real)) {
			assertSameWalks(f, -1);
		}
	}

	@Test
	void pcapngOfSectionsAndInterfacesDamagedInTheMiddleOfAChunk() throws Exception {
		Path both = TestData.pcapngSections(fDir.resolve("two-sections-33.pcapng"), generate("demo", 33, CaptureFormat.PCAPNG, 3_000),
				generate("malformed", 34, CaptureFormat.PCAPNG, 3_000));
		assertSameWalks(both, -1);
		byte[] b = Files.readAllBytes(both);
		List<Integer> blocks = pcapngBlocks(b);
		assertTrue(blocks.size() > 6_000, "blocks: " + blocks.size());
		ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
		if (bb.getInt(8) != 0x1A2B3C4D) {
			bb.order(ByteOrder.BIG_ENDIAN);
		}
		// blocks in the middle of the walk's chunks of 1024 frames, in both sections: an interface no section
		// described, a captured length beyond its block; each skipped with a problem, reading goes on
		for (int k : new int[] { 1500, 1501, 4700 }) {
			int at = blocks.get(k);
			assertEquals(6, bb.getInt(at), "an enhanced packet block at " + at);
			bb.putInt(at + 8, 77);
		}
		int at = blocks.get(2100);
		bb.putInt(at + 20, bb.getInt(at + 4) + 100);
		Path damaged = Files.write(fDir.resolve("damaged.pcapng"), b);
		long said = assertSameWalks(damaged, -1);
		String err = run("stream", new String[] { "decode", "--bind", "udp.port==26477", damaged.toString() }, -1).err();
		assertTrue(err.contains("interface 77") && err.contains("beyond the block"), "the damage is said: " + err);
		assertTrue(err.indexOf("beyond the block") < err.indexOf(": frame 1: ") || !err.contains(": frame 1: "),
				"problems first: " + err);
		assertTrue(said > 10, "stderr's lines compared: " + said);
		// and the output closed after some records: the problems are still all said, before the frames' lines
		assertSameWalks(damaged, 200_000);
	}

	@Test
	void cutAndBrokenFiles() throws Exception {
		Path m = generate("malformed", 32, CaptureFormat.PCAP, 6_000);
		byte[] b = Files.readAllBytes(m);
		List<Integer> records = ParallelDecodeTest.pcapRecordOffsets(b);
		byte[] big = b.clone();
		ByteBuffer.wrap(big).order((b[0] & 0xff) == 0xd4 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
				.putInt(records.get(4000 - 1) + 8, 0x7fff_0000);
		List<Path> files = new ArrayList<>();
		files.add(Files.write(fDir.resolve("broken-record.pcap"), big));
		files.add(Files.write(fDir.resolve("cut-in-a-record.pcap"), Arrays.copyOf(b, records.get(5000) + 30)));
		files.add(Files.write(fDir.resolve("cut-in-a-header.pcap"), Arrays.copyOf(b, records.get(5000) + 7)));
		files.add(Files.write(fDir.resolve("cut-in-the-file-header.pcap"), Arrays.copyOf(b, 13)));
		files.add(Files.write(fDir.resolve("three-bytes.pcap"), Arrays.copyOf(b, 3)));
		files.add(Files.write(fDir.resolve("empty.pcap"), new byte[0]));
		files.add(Files.writeString(fDir.resolve("not-a-capture.pcap"), "no capture here\n".repeat(10)));
		files.add(fDir.resolve("missing.pcap"));
		byte[] ng = Files.readAllBytes(generate("malformed", 35, CaptureFormat.PCAPNG, 4_000));
		List<Integer> blocks = pcapngBlocks(ng);
		files.add(Files.write(fDir.resolve("cut.pcapng"), Arrays.copyOf(ng, blocks.get(3000) + 21)));
		Path cutGz = fDir.resolve("cut.pcapng.gz");
		TestData.gzipCopy(files.get(files.size() - 1), cutGz);
		files.add(cutGz);
		long said = 0;
		for (Path f : files) {
			said += assertSameWalks(f, -1);
		}
		assertTrue(said > 30, "stderr's lines compared: " + said);
		assertSameWalks(files.get(0), 100_000);
	}

	/** Every generator preset (PITCH's time base carried from frame to frame included), as pcap and as pcapng. */
	@Test
	void everyPreset() throws Exception {
		long said = 0;
		for (String preset : Scenario.PRESETS) {
			for (CaptureFormat format : new CaptureFormat[] { CaptureFormat.PCAP, CaptureFormat.PCAPNG }) {
				said += assertSameWalks(generate(preset, 41, format, 3_000), -1);
			}
		}
		assertTrue(said > 10, "stderr's lines compared: " + said);
	}

	/** NASDAQ's day files (not a pcap: the indexed walk reads them) */
	@Test
	void binaryFile() throws Exception {
		Scenario s = Scenario.preset("demo").seed(17).frames(3_000).build();
		Path day = fDir.resolve("12022026.NASDAQ_ITCH50");
		new Generator(s).format(CaptureFormat.BINARY_FILE).write(day);
		assertSameWalks(day, -1);
	}

	/** More lines than the stream walk holds in memory: the rest go to a file and come back in order. */
	@Test
	void manyLinesThroughTheFile() throws Exception {
		Path m = generate("malformed", 36, CaptureFormat.PCAPNG, 6_000);
		int budget = HeldLines.BUDGET;
		try {
			// each of the malformed frames' lines (~130 characters) goes to the file by itself
			HeldLines.BUDGET = 100;
			long said = assertSameWalks(m, -1);
			assertTrue(said >= 5, "stderr's lines compared: " + said);
		} finally {
			HeldLines.BUDGET = budget;
		}
	}
}
