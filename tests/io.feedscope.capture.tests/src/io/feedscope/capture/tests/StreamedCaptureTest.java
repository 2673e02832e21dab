package io.feedscope.capture.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureInterface;
import io.feedscope.capture.CaptureProblem;
import io.feedscope.capture.CaptureSection;
import io.feedscope.capture.Captures;
import io.feedscope.capture.StreamedCapture;
import io.feedscope.capture.internal.CaptureParser;
import io.feedscope.capture.internal.MappedFile;
import io.feedscope.capture.internal.RecordInput;
import io.feedscope.capture.internal.StreamInput;

/**
 * The streaming reader (behind {@code feedscope analyze}) against the indexed one (behind {@code decode} and
 * the workbench): the same frames, numbers, times, interfaces, link types, lengths, comments and problems
 * on every fixture of {@link PcapFileTest} and {@link PcapngFileTest} (whose frames those tests check
 * against values computed by hand and by tshark), on every cut of them, on seeded fuzzing and on the real
 * captures. The indexed reader is the oracle here because its own tests pin it to independent values.
 */
class StreamedCaptureTest {

	@TempDir
	Path dir;

	/** Everything the indexed reader tells about a file, one line per frame, then problems and interfaces. */
	static List<String> indexed(Path file) {
		List<String> out = new ArrayList<>();
		try (CaptureFile c = Captures.open(file)) {
			out.add("format " + c.format());
			for (int f = 1; f <= c.frameCount(); f++) {
				out.add(line(f, c.timestampNanos(f), c.hasTimestamp(f), c.capturedLength(f), c.originalLength(f),
						c.linkType(f), c.interfaceId(f), c.frameInterface(f).id(), c.comment(f), c.frameData(f)));
			}
			tail(out, c.problems(), c.interfaces(), c.sections());
		} catch (IOException e) {
			out.add("refused: " + e.getMessage());
		}
		return out;
	}

	/** The same from the streaming reader. */
	static List<String> streamed(Path file) {
		List<String> out = new ArrayList<>();
		try (StreamedCapture s = Captures.stream(file)) {
			out.add("format " + s.format());
			while (s.next()) {
				out.add(line(s.frame(), s.timestampNanos(), s.hasTimestamp(), s.capturedLength(), s.originalLength(),
						s.linkType(), s.interfaceId(), s.frameInterface().id(), s.comment(), s.data()));
			}
			assertFalse(s.next(), "stays at the end");
			tail(out, s.problems(), s.interfaces(), s.sections());
		} catch (IOException e) {
			out.add("refused: " + e.getMessage());
		}
		return out;
	}

	private static void tail(List<String> out, List<CaptureProblem> problems, List<?> interfaces, List<?> sections) {
		for (CaptureProblem p : problems) {
			out.add("problem " + p); // file, offset, frame and message
		}
		out.add("interfaces " + interfaces);
		out.add("sections " + sections);
	}

	private static String line(int frame, long time, boolean hasTime, int capLen, int origLen, int linkType, int iface,
			int globalIface, String comment, ByteBuffer data) {
		byte[] b = new byte[data.remaining()];
		data.duplicate().get(b);
		return "frame " + frame + " time " + time + (hasTime ? "" : " (none)") + " caplen " + capLen + " len "
				+ origLen + " link " + linkType + " if " + iface + "/" + globalIface + " comment " + comment + " data "
				+ HexFormat.of().formatHex(b);
	}

	/**
	 * Both readers on one file. A file that is not pcap/pcapng (BinaryFILE, or garbage the indexed reader
	 * refuses) is refused by the stream, naming the file.
	 *
	 * @return the number of frames
	 */
	static int assertAgree(Path file, String what) {
		List<String> indexed = indexed(file);
		if (!Captures.canStream(file)) {
			IOException e = assertThrows(IOException.class, () -> Captures.stream(file).close(), what);
			assertTrue(e.getMessage().contains(file.getFileName().toString()), what + ": " + e.getMessage());
			return 0;
		}
		assertEquals(String.join("\n", indexed), String.join("\n", streamed(file)), what);
		return (int) indexed.stream().filter(l -> l.startsWith("frame ")).count();
	}

	// ---- issue 16: the streaming reader dropped Obsolete Packet Blocks (6 of 7 and 3 of 4 frames)

	@Test
	void twoSectionsFixtureStreamsTheSevenFramesTheIndexHas() throws IOException {
		Path p = PcapngFileTest.twoSections().write(dir, "two-sections.pcapng");
		assertEquals(7, assertAgree(p, "twoSections"), "the indexed reader, checked by PcapngFileTest and tshark");
	}

	@Test
	void smallFixtureStreamsTheFourFramesTheIndexHas() throws IOException {
		Path p = PcapngFileTest.small().write(dir, "small.pcapng");
		assertEquals(4, assertAgree(p, "small"), "the indexed reader, checked by PcapngFileTest");
	}


	@Test
	void everyFixtureReadsTheSame() throws IOException {
		int frames = 0;
		for (Map.Entry<String, byte[]> e : CaptureFixtures.all().entrySet()) {
			frames += assertAgree(Files.write(dir.resolve("fixture.cap"), e.getValue()), e.getKey());
		}
		// by hand: pcap 2+2+2+2 (byte orders, resolutions), cut 1, absurd 1, sll2 1, fcs 1, raw 4, three 3,
		// short original 1 = 20; pcapng 7 + 4 (twoSections, small), spb 1 + 2, undefined 2, caplen 2, lengths 5,
		// byte-order magic 1, option 2, short blocks 1, version 2 1 = 28
		assertEquals(48, frames, "frames compared");
	}

	@Test
	void everyCutOfEveryFixtureReadsTheSame() throws IOException {
		Path p = dir.resolve("cut.cap");
		int files = 0;
		for (Map.Entry<String, byte[]> e : CaptureFixtures.all().entrySet()) {
			byte[] whole = e.getValue();
			for (int n = 0; n <= whole.length; n++) {
				assertAgree(Files.write(p, Arrays.copyOf(whole, n)), e.getKey() + " cut at " + n);
				files++;
			}
		}
		assertTrue(files > 5000, "cuts compared: " + files);
	}

	/** The seeds and shapes of {@link FuzzTest#randomBytesAfterAValidHeader()}. */
	@Test
	void randomBytesAfterAValidHeaderReadTheSame() {
		assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
			byte[][] headers = FuzzTest.headers();
			for (int seed = 0; seed < 1200; seed++) {
				Random r = new Random(seed);
				byte[] head = headers[seed % headers.length];
				byte[] body = new byte[r.nextInt(600)];
				r.nextBytes(body);
				if (r.nextBoolean()) {
					for (int i = 0; i < body.length; i += 4) {
						if (r.nextInt(3) == 0) {
							body[i] = (byte) r.nextInt(64);
							for (int k = 1; k < 4 && i + k < body.length; k++) {
								body[i + k] = 0;
							}
						}
					}
				}
				byte[] f = Arrays.copyOf(head, head.length + body.length);
				System.arraycopy(body, 0, f, head.length, body.length);
				assertAgree(Files.write(dir.resolve("fuzz.cap"), f), "seed " + seed);
			}
		});
	}

	/** Bit flips, byte changes and cuts of every fixture and of the real captures. */
	@Test
	void fuzzedFixturesAndRealCapturesReadTheSame() throws IOException {
		Map<String, byte[]> inputs = new LinkedHashMap<>(CaptureFixtures.all());
		List<Path> real = FuzzTest.realCaptures();
		for (Path r : real) {
			inputs.put(r.getFileName().toString(), Files.readAllBytes(r));
		}
		assertTimeoutPreemptively(Duration.ofSeconds(180), () -> {
			Path target = dir.resolve("fuzzed.cap");
			int compared = 0;
			for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
				byte[] orig = e.getValue();
				for (int seed = 0; seed < 60; seed++) {
					Random r = new Random(e.getKey().hashCode() * 1000L + seed);
					byte[] f = orig.clone();
					int flips = 1 + r.nextInt(8);
					for (int i = 0; i < flips && f.length > 0; i++) {
						int at = r.nextInt(f.length);
						if (r.nextBoolean()) {
							f[at] ^= (byte) (1 << r.nextInt(8));
						} else {
							f[at] = (byte) r.nextInt(256);
						}
					}
					if (seed % 3 == 2) {
						f = Arrays.copyOf(f, r.nextInt(f.length + 1));
					}
					assertAgree(Files.write(target, f), e.getKey() + " seed " + seed);
					compared++;
				}
			}
			assertTrue(compared >= 60 * 30, "fuzzed files compared: " + compared);
		});
	}

	/** The real NASDAQ captures and their editcap pcapng copies (the lookup FuzzTest uses). */
	@Test
	void realCapturesReadTheSame() throws IOException {
		List<Path> real = FuzzTest.realCaptures();
		int frames = 0;
		for (Path p : real) {
			frames += assertAgree(p, p.toString());
		}
		assertFalse(real.isEmpty(), "no real capture found");
		assertTrue(frames > real.size(), "frames compared: " + frames);
	}

	/** The parser's frames and problems over an input, one line each. */
	private static List<String> parse(RecordInput in, Path file) throws IOException {
		List<String> out = new ArrayList<>();
		CaptureParser p = CaptureParser.create(in, new CaptureParser.Sink() {
			@Override
			public void problem(long offset, int frame, String message) {
				out.add("problem at " + offset + " frame " + frame + ": " + message);
			}

			@Override
			public void addInterface(CaptureInterface i) {
				out.add(i.toString());
			}

			@Override
			public void addSection(CaptureSection s) {
				out.add(s.toString());
			}
		}, CaptureParser.RecordHook.NONE);
		if (p == null) {
			return out;
		}
		while (p.next()) {
			byte[] data = new byte[p.frameCapturedLength()];
			in.copy(p.frameOffset(), data, 0, data.length);
			out.add(line(p.frames(), p.frameTime(), p.frameHasTime(), data.length, p.frameOriginalLength(),
					p.frameLinkType(), p.frameLocalInterface(), p.frameInterface(), p.frameComment(), ByteBuffer.wrap(data)));
		}
		return out;
	}

	/**
	 * The streaming input with windows far smaller than records: every record moves the window, and records
	 * beyond the largest window are read from the file by position. Same result as over the mapping.
	 */
	@Test
	void anyWindowSizeReadsTheSame() throws IOException {
		Map<String, byte[]> inputs = new LinkedHashMap<>(CaptureFixtures.all());
		for (Path r : FuzzTest.realCaptures()) {
			inputs.put(r.getFileName().toString(), Files.readAllBytes(r));
		}
		Path p = dir.resolve("window.cap");
		int[][] sizes = { { 8, 8 }, { 16, 64 }, { 64, 1 << 20 }, { 1000, 100 } };
		for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
			if (e.getValue().length < 4) {
				continue;
			}
			Files.write(p, e.getValue());
			List<String> mapped;
			try (MappedFile m = new MappedFile(p)) {
				mapped = parse(m, p);
			}
			for (int[] s : sizes) {
				try (StreamInput in = new StreamInput(p, s[0], s[1])) {
					assertEquals(String.join("\n", mapped), String.join("\n", parse(in, p)),
							e.getKey() + " buffer " + s[0] + " window " + s[1]);
				}
			}
		}
	}
}
