package io.feedscope.capture.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.Captures;
import io.feedscope.capture.IndexMonitor;
import io.feedscope.capture.LinkType;

/**
 * Frames published while indexing runs ({@link IndexMonitor#published}): the capture is handed out before
 * the end, its frame count grows, and the frames it reports can be read from another thread. Expected
 * values come from how the test file was built (frame i: time 1000 s + i ns, first data byte i mod 256,
 * length 100 + i mod 50).
 */
class IncrementalIndexTest {

	private static final int FRAMES = 20_000;

	@TempDir
	Path dir;

	private static byte[] pcap(int n) {
		PcapBuilder b = new PcapBuilder(ByteOrder.LITTLE_ENDIAN, true, LinkType.ETHERNET);
		for (int i = 1; i <= n; i++) {
			byte[] data = new byte[100 + i % 50];
			data[0] = (byte) i;
			b.record(1000, i, data);
		}
		return b.bytes();
	}

	/** Checks frames 1..n of a capture against how {@link #pcap(int)} built them. */
	private static void checkFrames(CaptureFile c, int n) {
		for (int f = 1; f <= n; f++) {
			assertEquals(1000_000_000_000L + f, c.timestampNanos(f), "time of frame " + f);
			assertEquals(100 + f % 50, c.capturedLength(f), "length of frame " + f);
			assertEquals((byte) f, c.frameData(f).get(0), "first byte of frame " + f);
			assertEquals(LinkType.ETHERNET, c.linkType(f));
		}
	}

	/** Records every publication and reads the published frames on another thread while indexing waits. */
	private static final class Recorder implements IndexMonitor {
		final List<Integer> counts = new ArrayList<>();
		final ExecutorService reader = Executors.newSingleThreadExecutor();
		CaptureFile seen;
		int readElsewhere;

		@Override
		public boolean isCanceled() {
			return false;
		}

		@Override
		public void worked(long bytesRead, long totalBytes) {
			// progress is tested elsewhere
		}

		@Override
		public void published(CaptureFile capture, int frames) {
			if (seen == null) {
				seen = capture;
			}
			assertSame(seen, capture, "one capture object from the first publication to the end");
			assertEquals(frames, capture.frameCount(), "frameCount() is the published count");
			counts.add(frames);
			if (frames > 0 && frames < FRAMES) {
				// another thread reads what was published: no torn frames, nothing beyond the count
				Future<?> f = reader.submit(() -> {
					checkFrames(capture, frames);
					assertThrows(IndexOutOfBoundsException.class, () -> capture.timestampNanos(frames + 1));
				});
				try {
					f.get();
				} catch (Exception e) {
					throw new AssertionError("reading the published frames on another thread failed", e);
				}
				readElsewhere++;
			}
		}
	}

	@Test
	void framesArePublishedAsIndexingGoesOnAndReadableFromAnotherThread() throws IOException {
		Path p = Files.write(dir.resolve("grow.pcap"), pcap(FRAMES)); // about 2.7 MB: dozens of publications
		Recorder r = new Recorder();
		try (CaptureFile c = Captures.open(p, r)) {
			assertSame(r.seen, c, "open returns the object that was published");
			assertEquals(FRAMES, c.frameCount());
			checkFrames(c, FRAMES);
		} finally {
			r.reader.shutdownNow();
		}
		assertEquals(0, r.counts.get(0), "first publication: the capture exists, no frame yet");
		assertEquals(FRAMES, r.counts.get(r.counts.size() - 1), "last publication: every frame");
		for (int i = 1; i < r.counts.size(); i++) {
			assertTrue(r.counts.get(i) >= r.counts.get(i - 1), "counts never go back: " + r.counts);
		}
		assertTrue(r.readElsewhere >= 10, "partial publications read on another thread: " + r.readElsewhere);
	}

	@Test
	void gzipCapturesPublishWhileIndexingTheDecompressedCopy() throws IOException {
		Path gz = dir.resolve("grow.pcap.gz");
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
			out.write(pcap(FRAMES));
		}
		Recorder r = new Recorder();
		try (CaptureFile c = Captures.open(gz, r)) {
			assertSame(r.seen, c);
			assertEquals(FRAMES, c.frameCount());
		} finally {
			r.reader.shutdownNow();
		}
		assertTrue(r.readElsewhere >= 10, "partial publications: " + r.counts);
	}

	@Test
	void cancelAfterPublicationStillThrowsAndTheFileIsFreed() throws IOException {
		Path p = Files.write(dir.resolve("cancel.pcap"), pcap(FRAMES));
		CaptureFile[] handed = new CaptureFile[1];
		IndexMonitor m = new IndexMonitor() {
			@Override
			public boolean isCanceled() {
				return handed[0] != null && handed[0].frameCount() > 0;
			}

			@Override
			public void worked(long bytesRead, long totalBytes) {
				// not needed
			}

			@Override
			public void published(CaptureFile capture, int frames) {
				handed[0] = capture;
			}
		};
		assertThrows(InterruptedIOException.class, () -> Captures.open(p, m));
		assertTrue(handed[0].frameCount() > 0 && handed[0].frameCount() < FRAMES, "canceled part-way");
		// frames published before the cancel stay readable from the mapping a view may still hold
		checkFrames(handed[0], handed[0].frameCount());
		Files.delete(p); // nothing keeps the file open
	}
}
