package io.feedscope.capture.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureProblem;
import io.feedscope.capture.Captures;
import io.feedscope.capture.FrameChunk;
import io.feedscope.capture.FrameChunks;
import io.feedscope.capture.StreamedCapture;

/**
 * Reading one capture with several threads ({@link FrameChunks}: one walks the records into chunks, others
 * fetch the frames' bytes) against the single streaming reader, whose own tests pin it to the indexed reader
 * and to hand-computed values ({@link StreamedCaptureTest}): the same frames, numbers, times, interfaces,
 * link types, lengths, bytes and problems, in the same order, for 1, 2 and 8 reading threads and chunks of
 * 1 to 4096 frames, on every fixture (pcapng with several sections and interfaces, undefined interfaces,
 * damage), every cut of them, fuzzed copies, the real NASDAQ captures, and gzip input (through the index).
 */
class FrameChunksTest {

	@TempDir
	Path dir;

	private static final int[] THREADS = { 1, 2, 8 };
	private static final int[] CHUNKS = { 1, 3, 4096 };
	/** frames compared in their chunk's array too ({@link FrameChunks.Reader#load}) */
	private static final java.util.concurrent.atomic.AtomicLong LOADED = new java.util.concurrent.atomic.AtomicLong();

	private static String line(int frame, long time, boolean hasTime, int capLen, int origLen, int link, int iface,
			ByteBuffer data) {
		byte[] b = new byte[data.remaining()];
		data.duplicate().get(b);
		return "frame " + frame + " time " + time + (hasTime ? "" : " (none)") + " caplen " + capLen + " len " + origLen
				+ " link " + link + " if " + iface + " data " + HexFormat.of().formatHex(b);
	}

	/** The oracle: the single streaming reader. */
	private static List<String> streamed(Path file) throws IOException {
		List<String> out = new ArrayList<>();
		try (StreamedCapture s = Captures.stream(file)) {
			while (s.next()) {
				out.add(line(s.frame(), s.timestampNanos(), s.hasTimestamp(), s.capturedLength(), s.originalLength(),
						s.linkType(), s.interfaceId(), s.data()));
			}
			for (CaptureProblem p : s.problems()) {
				out.add("problem " + p);
			}
		}
		return out;
	}

	/** The chunks walked on this thread, their bytes fetched by {@code threads} threads at once, in chunk order. */
	private static List<String> chunked(FrameChunks chunks, int chunkFrames, int threads) throws Exception {
		List<FrameChunk> walked = new ArrayList<>();
		while (true) {
			FrameChunk c = new FrameChunk(chunkFrames);
			if (!chunks.next(c)) {
				assertEquals(0, c.size(), "an empty last chunk");
				assertFalse(chunks.next(new FrameChunk(chunkFrames)), "stays at the end");
				break;
			}
			assertTrue(c.size() > 0 && c.size() <= chunkFrames);
			walked.add(c);
		}
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<List<String>>> parts = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int first = t;
				parts.add(pool.submit(() -> {
					// each thread its reader, chunks t, t + threads, ...: the threads read the file at once
					FrameChunks.Reader r = chunks.reader();
					List<String> mine = new ArrayList<>();
					for (int k = first; k < walked.size(); k += threads) {
						FrameChunk c = walked.get(k);
						// the chunk's bytes in its array at once, when the reader can: each frame's there is its own
						boolean loaded = r.load(c);
						for (int i = 0; i < c.size(); i++) {
							ByteBuffer data = r.data(c, i);
							mine.add(line(c.frame(i), c.timestampNanos(i), c.hasTimestamp(i), c.capturedLength(i),
									c.originalLength(i), c.linkType(i), c.interfaceId(i), data));
							if (loaded) {
								LOADED.incrementAndGet();
								assertEquals(hex(data), HexFormat.of().formatHex(c.bytes(), c.byteOffset(i), c.byteOffset(i) + c.capturedLength(i)),
										"frame " + c.frame(i) + " in its chunk's array");
							}
						}
					}
					return mine;
				}));
			}
			List<List<String>> got = new ArrayList<>();
			for (Future<List<String>> f : parts) {
				got.add(f.get());
			}
			List<String> out = new ArrayList<>();
			int[] at = new int[threads];
			for (int k = 0; k < walked.size(); k++) {
				int t = k % threads;
				for (int i = 0; i < walked.get(k).size(); i++) {
					out.add(got.get(t).get(at[t]++));
				}
			}
			for (CaptureProblem p : chunks.problems()) {
				out.add("problem " + p);
			}
			return out;
		} finally {
			pool.shutdown();
		}
	}

	/** @return the frames compared */
	private static int assertSame(Path file, String what) throws Exception {
		if (!Captures.canStream(file)) {
			return 0;
		}
		List<String> oracle;
		try {
			oracle = streamed(file);
		} catch (IOException e) {
			// refused by the single reader (too short, not a capture): refused here too, naming the file
			IOException mine = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> FrameChunks.open(file).close(), what);
			assertTrue(mine.getMessage().contains(file.getFileName().toString()), what + ": " + mine.getMessage());
			return 0;
		}
		for (int chunk : CHUNKS) {
			for (int threads : THREADS) {
				try (FrameChunks c = FrameChunks.open(file)) {
					assertEquals(String.join("\n", oracle), String.join("\n", chunked(c, chunk, threads)),
							what + ", chunks of " + chunk + ", " + threads + " threads");
				}
			}
		}
		return (int) oracle.stream().filter(l -> l.startsWith("frame ")).count();
	}

	@Test
	void everyFixtureReadsTheSame() throws Exception {
		LOADED.set(0);
		int frames = 0;
		for (Map.Entry<String, byte[]> e : CaptureFixtures.all().entrySet()) {
			frames += assertSame(Files.write(dir.resolve("fixture.cap"), e.getValue()), e.getKey());
		}
		assertEquals(48, frames, "frames compared (StreamedCaptureTest counts them by hand)");
		assertTrue(LOADED.get() > 0, "frames read from their chunk's array: " + LOADED.get());
	}

	@Test
	void everyCutOfEveryFixtureReadsTheSame() throws Exception {
		Path p = dir.resolve("cut.cap");
		int files = 0;
		for (Map.Entry<String, byte[]> e : CaptureFixtures.all().entrySet()) {
			byte[] whole = e.getValue();
			for (int n = 0; n <= whole.length; n += 3) {
				assertSame(Files.write(p, Arrays.copyOf(whole, n)), e.getKey() + " cut at " + n);
				files++;
			}
		}
		assertTrue(files > 1500, "cuts compared: " + files);
	}

	@Test
	void fuzzedFixturesAndRealCapturesReadTheSame() throws Exception {
		Map<String, byte[]> inputs = new java.util.LinkedHashMap<>(CaptureFixtures.all());
		for (Path r : FuzzTest.realCaptures()) {
			inputs.put(r.getFileName().toString(), Files.readAllBytes(r));
		}
		Path target = dir.resolve("fuzzed.cap");
		int compared = 0;
		for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
			for (int seed = 0; seed < 8; seed++) {
				Random r = new Random(e.getKey().hashCode() * 1000L + seed);
				byte[] f = e.getValue().clone();
				for (int i = 0, flips = 1 + r.nextInt(8); i < flips && f.length > 0; i++) {
					f[r.nextInt(f.length)] ^= (byte) (1 << r.nextInt(8));
				}
				assertSame(Files.write(target, f), e.getKey() + " seed " + seed);
				compared++;
			}
		}
		assertTrue(compared >= 8 * 30, "fuzzed files compared: " + compared);
	}

	@Test
	void realCapturesReadTheSame() throws Exception {
		int frames = 0;
		for (Path p : FuzzTest.realCaptures()) {
			frames += assertSame(p, p.toString());
		}
		assertTrue(frames > 27, "frames compared: " + frames);
	}

	/** gzip is read through its index ({@link FrameChunks#of(CaptureFile)}): the frames of the uncompressed file. */
	@Test
	void gzipThroughTheIndexReadsTheSame() throws Exception {
		int files = 0;
		for (Map.Entry<String, byte[]> e : CaptureFixtures.all().entrySet()) {
			Path plain = Files.write(dir.resolve("plain.cap"), e.getValue());
			if (!Captures.canStream(plain)) {
				continue;
			}
			List<String> oracle;
			try {
				oracle = streamed(plain);
			} catch (IOException x) {
				continue;
			}
			oracle.removeIf(l -> l.startsWith("problem ")); // an index keeps its problems itself
			Path gz = dir.resolve("fixture" + files + ".cap.gz");
			try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
				out.write(e.getValue());
			}
			try (CaptureFile c = Captures.open(gz)) {
				for (int threads : THREADS) {
					try (FrameChunks chunks = FrameChunks.of(c)) {
						assertEquals(String.join("\n", oracle), String.join("\n", chunked(chunks, 2, threads)),
								e.getKey() + " gzip, " + threads + " threads");
					}
				}
			}
			files++;
		}
		assertTrue(files > 20, "gzip files compared: " + files);
	}

	/**
	 * A mapped file's frames are viewed where they are (read-only views of the mapping, nothing copied), and a
	 * view kept after the chunks are closed still reads the frame's bytes (the mapping lives while a view
	 * refers to it): what a view that shows a frame after its capture was closed relies on.
	 */
	@Test
	void mappedFramesAreViewsThatOutliveTheChunks() throws Exception {
		int frames = 0;
		for (Map.Entry<String, byte[]> e : CaptureFixtures.all().entrySet()) {
			Path file = Files.write(dir.resolve("fixture.cap"), e.getValue());
			if (!Captures.canStream(file)) {
				continue;
			}
			List<String> oracle = new ArrayList<>();
			try (StreamedCapture s = Captures.stream(file)) {
				while (s.next()) {
					oracle.add(s.frame() + " " + hex(s.data()));
				}
			}
			List<Integer> numbers = new ArrayList<>();
			List<ByteBuffer> kept = new ArrayList<>();
			try (FrameChunks chunks = FrameChunks.open(file)) {
				FrameChunks.Reader r = chunks.reader();
				FrameChunk c = new FrameChunk(3);
				while (chunks.next(c)) {
					for (int i = 0; i < c.size(); i++) {
						ByteBuffer d = r.data(c, i);
						assertTrue(d.isDirect() && d.isReadOnly(), e.getKey() + " frame " + c.frame(i) + ": a view of the mapping");
						assertEquals(0, d.position(), e.getKey());
						assertEquals(c.capturedLength(i), d.limit(), e.getKey());
						numbers.add(c.frame(i));
						kept.add(d);
					}
				}
			}
			List<String> got = new ArrayList<>();
			for (int k = 0; k < kept.size(); k++) {
				got.add(numbers.get(k) + " " + hex(kept.get(k))); // read after close
			}
			assertEquals(oracle, got, e.getKey());
			frames += got.size();
		}
		assertEquals(48, frames, "frames compared (StreamedCaptureTest counts them by hand)");
	}

	private static String hex(ByteBuffer data) {
		byte[] b = new byte[data.remaining()];
		data.duplicate().get(b);
		return HexFormat.of().formatHex(b);
	}
}
