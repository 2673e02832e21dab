package io.feedscope.capture.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.feedscope.capture.CaptureClosedException;
import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureLease;
import io.feedscope.capture.Captures;
import io.feedscope.capture.IndexMonitor;

/**
 * Closing a capture while another thread reads it: close cancels the readers' leases and returns only
 * after they gave them back; a lease is refused once closing began; the reader never fails.
 */
@Timeout(60)
class LeaseTest {

	@TempDir
	Path dir;

	/** A reader as a read-ahead thread is: reads frames until its lease is canceled, then a last stretch. */
	private static final class Reader extends Thread {
		final CaptureFile fCapture;
		final CountDownLatch fStarted = new CountDownLatch(1);
		final AtomicLong fReleasedAt = new AtomicLong();
		final AtomicInteger fFramesRead = new AtomicInteger();
		final AtomicInteger fCallbacks = new AtomicInteger();
		final AtomicReference<Throwable> fFailure = new AtomicReference<>();

		Reader(CaptureFile capture) {
			fCapture = capture;
			setDaemon(true);
		}

		@Override
		public void run() {
			try (CaptureLease lease = fCapture.lease(fCallbacks::incrementAndGet)) {
				fStarted.countDown();
				int f = 0;
				while (!lease.isCanceled()) {
					f = f % fCapture.frameCount() + 1;
					fCapture.frameData(f).get(0);
					fFramesRead.incrementAndGet();
				}
				// what a reader does after noticing: finish the frame at hand; close must wait for this
				Thread.sleep(300);
				for (int g = 1; g <= fCapture.frameCount(); g++) {
					fCapture.frameData(g).get(fCapture.capturedLength(g) - 1);
				}
				fReleasedAt.set(System.nanoTime());
			} catch (Throwable t) {
				fFailure.set(t);
			}
		}
	}

	private Path pcap(int frames) throws IOException {
		return Files.write(dir.resolve("l.pcap"), GzipCacheTest.pcap(frames));
	}

	@Test
	void closeCancelsTheLeaseAndWaitsUntilItIsGivenBack() throws Exception {
		CaptureFile c = Captures.open(pcap(100));
		Reader r = new Reader(c);
		r.start();
		assertTrue(r.fStarted.await(10, TimeUnit.SECONDS));
		while (r.fFramesRead.get() < 1000) {
			Thread.sleep(1); // reading for real when the close comes
		}
		c.close();
		long closedAt = System.nanoTime();
		assertTrue(r.fReleasedAt.get() != 0, "close returned before the reader gave its lease back");
		assertTrue(r.fReleasedAt.get() <= closedAt);
		r.join(10_000);
		assertNull(r.fFailure.get(), () -> "the reader failed: " + r.fFailure.get());
		assertTrue(r.fFramesRead.get() > 0);
		assertEquals(1, r.fCallbacks.get(), "the cancel callback ran once");
		CaptureClosedException e = assertThrows(CaptureClosedException.class, () -> c.lease());
		assertTrue(e.getMessage().contains("l.pcap"), e.getMessage());
		c.close(); // again: nothing to wait for, nothing released twice
	}

	@Test
	void aPrivateGzipCopyIsDeletedOnlyAfterTheReaderIsDone() throws Exception {
		byte[] whole = GzipCacheTest.gzip(GzipCacheTest.pcap(300));
		// a cut gzip: its copy is private to the capture and deleted when it closes
		Path gz = Files.write(dir.resolve("cut.pcap.gz"), Arrays.copyOf(whole, whole.length * 2 / 3));
		CaptureFile c = CaptureOpener.open(gz, IndexMonitor.NONE, new GzipCache(null, 0, dir)); // private copies in dir, not /tmp
		Path copy = ((AbstractCapture) c).fFile.path();
		Reader r = new Reader(c);
		r.start();
		assertTrue(r.fStarted.await(10, TimeUnit.SECONDS));
		Thread closer = new Thread(() -> {
			try {
				c.close();
			} catch (IOException e) {
				throw new AssertionError(e);
			}
		});
		closer.start();
		Thread.sleep(150); // the reader is in its last stretch now
		assertTrue(Files.exists(copy), "deleted while the reader still held its lease");
		closer.join(10_000);
		assertFalse(closer.isAlive());
		assertFalse(Files.exists(copy), "deleted once the reader was done");
		r.join(10_000);
		assertNull(r.fFailure.get(), () -> "the reader failed: " + r.fFailure.get());
	}

	@Test
	void aThreadHoldingALeaseCannotCloseAndWaitForItself() throws IOException {
		try (CaptureFile c = Captures.open(pcap(3))) {
			CaptureLease lease = c.lease();
			assertThrows(IllegalStateException.class, c::close);
			assertFalse(lease.isCanceled(), "refused before anything changed");
			lease.close();
			lease.close(); // idempotent
		}
	}

	@Test
	void anInterruptedCloseLeavesTheCaptureClosingAndALaterCloseFinishes() throws Exception {
		CaptureFile c = Captures.open(pcap(3));
		CountDownLatch taken = new CountDownLatch(1);
		CountDownLatch letGo = new CountDownLatch(1);
		Thread holder = new Thread(() -> {
			CaptureLease l = c.lease();
			taken.countDown();
			try {
				letGo.await();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			l.close();
		});
		holder.start();
		assertTrue(taken.await(10, TimeUnit.SECONDS));
		AtomicReference<Throwable> closing = new AtomicReference<>();
		Thread closer = new Thread(() -> {
			try {
				c.close();
			} catch (Throwable t) {
				closing.set(t);
			}
		});
		closer.start();
		Thread.sleep(100);
		closer.interrupt();
		closer.join(10_000);
		assertTrue(closing.get() instanceof InterruptedIOException, String.valueOf(closing.get()));
		assertThrows(CaptureClosedException.class, () -> c.lease(), "still closing: no new lease");
		letGo.countDown();
		c.close(); // waits for the holder, then closes
		holder.join(10_000);
		assertFalse(holder.isAlive());
	}
}
