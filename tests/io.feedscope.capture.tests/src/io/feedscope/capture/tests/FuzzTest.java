package io.feedscope.capture.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureProblem;
import io.feedscope.capture.Captures;
import io.feedscope.capture.LinkType;
import io.feedscope.capture.PacketLayers;
import io.feedscope.testdata.TestData;

/**
 * Damaged input never throws (other than the documented IOException for a file that is not a
 * capture at all) and never hangs. Seeded, bounded: a failure names its seed and reproduces.
 */
class FuzzTest {

	@TempDir
	Path dir;

	private final PacketLayers fLayers = new PacketLayers();

	/** Reads everything a view would read from the capture; returns the frame count. */
	private int readAll(CaptureFile c) {
		for (int f = 1; f <= c.frameCount(); f++) {
			ByteBuffer d = c.frameData(f);
			assertEquals(c.capturedLength(f), d.remaining());
			c.timestampNanos(f);
			c.comment(f);
			c.interfaceId(f);
			c.frameInterface(f);
			c.isTruncated(f);
			c.hasTimestamp(f);
			fLayers.decode(c, f);
			fLayers.problem();
		}
		for (CaptureProblem p : c.problems()) {
			assertTrue(p.offset() >= 0, p.toString());
			p.toString();
		}
		c.interfaces();
		c.sections();
		return c.frameCount();
	}

	/** Opens a fuzzed file: an IOException is allowed only for a header that is not a capture's. */
	private void open(Path p, String what) {
		try (CaptureFile c = Captures.open(p)) {
			readAll(c);
		} catch (InterruptedIOException e) {
			throw new AssertionError(what + ": canceled without a monitor", e);
		} catch (IOException e) {
			assertTrue(e.getMessage() != null && e.getMessage().contains(p.getFileName().toString()),
					what + ": " + e.getMessage());
			boolean capture;
			try {
				capture = startsLikeACapture(p);
			} catch (IOException x) {
				throw new AssertionError(what + ": cannot read it back", x);
			}
			if (capture) {
				throw new AssertionError(what + ": refused although it starts as a capture: " + e.getMessage(), e);
			}
		}
	}

	/**
	 * True when the file starts as a capture FeedScope reads, so that damage further on must give problems,
	 * not an exception: a pcap or pcapng magic number in its first 4 bytes, or a BinaryFILE name
	 * ({@code .NASDAQ_ITCH50}, which has no header). A gzip file is judged by what decompresses before any
	 * damage (read as the reader reads it: 64 KB at a time), under its name without {@code .gz}.
	 */
	static boolean startsLikeACapture(Path p) throws IOException {
		byte[] b = Files.readAllBytes(p);
		String name = p.getFileName().toString();
		if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
			name = name.replaceFirst("(?i)\\.gz$", "");
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(b), 1 << 16)) {
				byte[] buf = new byte[1 << 16];
				for (int n; (n = in.read(buf)) >= 0;) {
					out.write(buf, 0, n);
				}
			} catch (IOException damaged) {
				// keep what came out before the damage
			}
			b = out.toByteArray();
		}
		if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".nasdaq_itch50")) {
			return true;
		}
		if (b.length < 4) {
			return false;
		}
		int magic = ByteBuffer.wrap(b).getInt(0); // big-endian
		return magic == 0xa1b2c3d4 || magic == 0xd4c3b2a1 || magic == 0xa1b23c4d || magic == 0x4d3cb2a1
				|| magic == 0x0a0d0d0a;
	}

	static byte[][] headers() {
		PcapngBuilder ng = new PcapngBuilder();
		ng.section(ByteOrder.LITTLE_ENDIAN);
		ng.iface(LinkType.ETHERNET, 0);
		return new byte[][] { new PcapBuilder(ByteOrder.LITTLE_ENDIAN, false, LinkType.ETHERNET).bytes(),
				new PcapBuilder(ByteOrder.BIG_ENDIAN, true, LinkType.LINUX_SLL).bytes(), ng.bytes(), new byte[0] };
	}

	@Test
	void randomBytesAfterAValidHeader() {
		assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
			byte[][] headers = headers();
			for (int seed = 0; seed < 1200; seed++) {
				Random r = new Random(seed);
				int kind = seed % headers.length;
				byte[] head = headers[kind];
				byte[] body = new byte[r.nextInt(600)];
				r.nextBytes(body);
				if (r.nextBoolean()) {
					// small numbers in the length fields, so that some records parse and the reader goes deeper
					for (int i = 0; i < body.length; i += 4) {
						if (r.nextInt(3) == 0) {
							body[i] = (byte) r.nextInt(64);
							for (int k = 1; k < 4 && i + k < body.length; k++) {
								body[i + k] = 0;
							}
						}
					}
				}
				byte[] f = new byte[head.length + body.length];
				System.arraycopy(head, 0, f, 0, head.length);
				System.arraycopy(body, 0, f, head.length, body.length);
				String name = kind == 3 ? "fuzz.NASDAQ_ITCH50" : "fuzz.cap";
				open(Files.write(dir.resolve(name), f), "seed " + seed);
			}
		});
	}

	static List<Path> realCaptures() throws IOException {
		// every real capture and every pcapng made from them: a missing one fails (TestData), none is left out
		List<Path> files = new ArrayList<>(TestData.nasdaqPcaps());
		try (Stream<Path> s = Files.list(RealCaptureTest.data())) {
			s.filter(p -> p.toString().endsWith(".pcapng")).sorted().forEach(files::add);
		}
		assertEquals(23 + 4, files.size(), files::toString);
		return files;
	}

	@Test
	void cutsAndBitFlipsOfRealCaptures() throws IOException {
		List<Path> files = realCaptures();
		files.add(PcapngFileTest.small().write(dir, "small.pcapng"));
		files.add(Files.write(dir.resolve("day.NASDAQ_ITCH50"), GzipAndBinaryFileTest.day()));
		assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
			int opened = 0;
			for (Path src : files) {
				byte[] orig = Files.readAllBytes(src);
				String name = src.getFileName().toString();
				Path target = dir.resolve("fuzzed-" + name);
				try (CaptureFile whole = Captures.open(src)) {
					for (int seed = 0; seed < 150; seed++) {
						Random r = new Random(name.hashCode() * 1000L + seed);
						String what = name + " seed " + seed;
						if (seed % 3 == 0) {
							// a cut: the frames before it are all there, unchanged
							int n = r.nextInt(orig.length + 1);
							Files.write(target, Arrays.copyOf(orig, n));
							if (n < 4) {
								open(target, what);
								continue;
							}
							try (CaptureFile c = Captures.open(target)) {
								int frames = readAll(c);
								assertTrue(frames <= whole.frameCount(), what);
								for (int f = 1; f <= frames; f++) {
									assertEquals(whole.frameData(f), c.frameData(f), what + " frame " + f);
									assertEquals(whole.timestampNanos(f), c.timestampNanos(f), what + " frame " + f);
								}
								if (n == orig.length) {
									assertEquals(whole.frameCount(), frames, what);
									assertEquals(whole.problems().size(), c.problems().size(), what);
								}
							}
						} else {
							byte[] f = orig.clone();
							int flips = 1 + r.nextInt(8);
							for (int i = 0; i < flips; i++) {
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
							open(Files.write(target, f), what);
						}
						opened++;
					}
				}
			}
			assertTrue(opened >= 150, "fuzzed opens: " + opened);
		});
	}

	@Test
	void damagedGzip() throws IOException {
		byte[] plain = PcapngFileTest.twoSections().bytes();
		byte[] gz = GzipAndBinaryFileTest.gzip(plain);
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			for (int seed = 0; seed < 150; seed++) {
				Random r = new Random(seed);
				byte[] f = gz.clone();
				if (seed % 2 == 0) {
					f = Arrays.copyOf(f, 2 + r.nextInt(f.length - 1));
				} else {
					int at = 10 + r.nextInt(f.length - 10); // after the gzip header
					f[at] ^= (byte) (1 << r.nextInt(8));
				}
				open(Files.write(dir.resolve("fuzz.pcapng.gz"), f), "gzip seed " + seed);
			}
		});
	}
}
